"""One reaper for every job: a solve whose worker was lost is marked failed with a reason, and can run again."""

import datetime as dt

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from uplift.ops import jobs
from uplift.ops.models import WorkerHeartbeat
from uplift.screening.models import Run
from uplift.screening.runs import run_start
from uplift.screening.scenarios import scenario_create
from uplift.screening.tasks import run_scenario

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _database_queue(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def test_a_solve_whose_worker_died_is_failed_by_the_reaper(world, programme_round):
    scenario = scenario_create(actor=world.admin, round_id=programme_round.pk, data={"name": "สถานการณ์ทดสอบ"})
    run = run_start(actor=world.admin, scenario_id=scenario.pk, enqueue=False)
    Run.objects.filter(pk=run.pk).update(status=Run.Status.RUNNING)
    job = DBTaskResult.objects.get(pk=run_scenario.enqueue(run.pk).id)
    job.claim("ผู้ทำงานที่ตาย")
    long_ago = timezone.now() - dt.timedelta(hours=1)
    DBTaskResult.objects.filter(pk=job.pk).update(started_at=long_ago)
    jobs.heartbeat_start("ผู้ทำงานที่ตาย")
    WorkerHeartbeat.objects.update(last_seen=long_ago, beating_since=long_ago)

    assert jobs.jobs_recover()["failed"] == 1
    run.refresh_from_db()
    assert run.status == Run.Status.FAILED and run.finished_at is not None
    assert "Run the scenario again" in run.error or "อีกครั้ง" in run.error
    from uplift.audit.models import AuditEntry
    assert AuditEntry.objects.filter(action="run.lost", object_pk=str(run.pk)).exists()


def test_a_requeued_or_unrelated_lost_job_leaves_runs_alone(world, programme_round):
    from uplift.screening.receivers import run_lost

    scenario = scenario_create(actor=world.admin, round_id=programme_round.pk, data={"name": "สถานการณ์ทดสอบ"})
    run = run_start(actor=world.admin, scenario_id=scenario.pk, enqueue=False)
    run_lost(None, task_path="uplift.screening.tasks.run_scenario", args=[run.pk], requeued=True)
    run_lost(None, task_path="uplift.ops.tasks.probe", args=[run.pk], requeued=False)
    run.refresh_from_db()
    assert run.status == Run.Status.QUEUED
