"""Heartbeats and recovery: a silent worker is marked lost, its job goes back to the queue when safe, else fails."""

import datetime as dt

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from uplift.ops import jobs
from uplift.ops.models import WorkerHeartbeat
from uplift.ops.tasks import probe
from uplift.programme.tasks import send_reminders
from uplift.screening.tasks import run_scenario

pytestmark = pytest.mark.django_db

LEASE = 60


@pytest.fixture(autouse=True)
def _lease(settings):
    settings.UPLIFT_WORKER_LEASE = LEASE


def _ago(seconds: float):
    return timezone.now() - dt.timedelta(seconds=seconds)


def _silent(worker_id: str, seconds: float = 2 * LEASE) -> None:
    jobs.heartbeat_start(worker_id)
    WorkerHeartbeat.objects.filter(worker_id=worker_id).update(last_seen=_ago(seconds), beating_since=_ago(seconds))


def _steady(worker_id: str) -> None:
    jobs.heartbeat_start(worker_id)
    WorkerHeartbeat.objects.filter(worker_id=worker_id).update(beating_since=_ago(2 * LEASE))


def _running(task, worker_id: str, *args, started: float = 2 * LEASE) -> DBTaskResult:
    result = task.enqueue(*args)
    job = DBTaskResult.objects.get(pk=result.id)
    job.claim(worker_id)
    DBTaskResult.objects.filter(pk=job.pk).update(started_at=_ago(started))
    return DBTaskResult.objects.get(pk=job.pk)


def test_a_lost_workers_safe_job_goes_back_to_the_queue():
    _silent("ตาย")
    _steady("รอด")
    job = _running(probe, "ตาย", "งาน-1", 0)
    assert jobs.jobs_recover(by="รอด") == {"lost": 1, "requeued": 1, "failed": 0}
    job.refresh_from_db()
    assert job.status == "READY" and job.started_at is None
    assert job.worker_ids == ["ตาย"]
    assert DBTaskResult.objects.ready().filter(pk=job.pk).exists()


def test_a_lost_workers_unsafe_job_fails_instead_of_running_twice():
    _silent("ตาย")
    job = _running(run_scenario, "ตาย", 1)
    assert jobs.jobs_recover() == {"lost": 1, "requeued": 0, "failed": 1}
    job.refresh_from_db()
    assert job.status == "FAILED"
    assert job.exception_class_path == "uplift.ops.jobs.WorkerLost"


def test_a_live_workers_long_job_is_left_alone():
    _steady("ช้า")
    job = _running(send_reminders, "ช้า", started=10 * LEASE)
    assert jobs.jobs_recover() == {"lost": 0, "requeued": 0, "failed": 0}
    job.refresh_from_db()
    assert job.status == "RUNNING"


def test_a_job_of_a_worker_with_no_heartbeat_is_recovered_after_a_lease():
    young = _running(probe, "ไม่รู้จัก", "งาน-ใหม่", 0, started=LEASE / 2)
    old = _running(probe, "ไม่รู้จัก", "งาน-เก่า", 0)
    assert jobs.jobs_recover()["requeued"] == 1
    young.refresh_from_db(), old.refresh_from_db()
    assert (young.status, old.status) == ("RUNNING", "READY")


def test_a_worker_back_from_a_gap_recovers_nobody_until_it_beat_for_a_lease():
    _silent("ตาย")
    jobs.heartbeat_start("เพิ่งกลับมา")
    assert jobs.jobs_recover(by="เพิ่งกลับมา") == {"lost": 0, "requeued": 0, "failed": 0}
    assert WorkerHeartbeat.objects.get(worker_id="ตาย").lost_at is None


def test_a_worker_marked_lost_learns_it_on_its_next_beat():
    _silent("ตาย")
    assert jobs.heartbeat_beat("ตาย") is True
    WorkerHeartbeat.objects.filter(worker_id="ตาย").update(last_seen=_ago(2 * LEASE))
    jobs.jobs_recover()
    assert jobs.heartbeat_beat("ตาย") is False


def test_a_stopped_worker_leaves_no_heartbeat():
    jobs.heartbeat_start("หยุด")
    jobs.heartbeat_stop("หยุด")
    assert not jobs.workers_alive().exists()
