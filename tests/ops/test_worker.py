"""`uplift db_worker` runs jobs as django_tasks_db's does, with a heartbeat while it lives."""

import pytest
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from uplift.ops.models import ProbeEvent, WorkerHeartbeat
from uplift.ops.tasks import probe

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _inside_the_test_transaction(settings, monkeypatch):
    """The worker runs in the test's own transaction: its heartbeat thread (another connection) would not see
    the heartbeat row, and recycling the connection between jobs would end the transaction on PostgreSQL.
    The real processes, connections and heartbeats are tested in tests/ops/test_stack.py."""
    from django_tasks_db.management.commands import db_worker

    settings.UPLIFT_WORKER_HEARTBEAT = 3600
    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)


def test_the_worker_runs_the_probe_once_and_leaves_no_heartbeat():
    result = probe.enqueue("ทดสอบ-ผู้ทำงาน", 0)
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", "--worker-id", "ผู้ทำงาน-ทดสอบ",
                 verbosity=0)
    job = DBTaskResult.objects.get(pk=result.id)
    assert job.status == "SUCCESSFUL" and job.return_value == "ทดสอบ-ผู้ทำงาน"
    assert job.worker_ids == ["ผู้ทำงาน-ทดสอบ"]
    assert list(ProbeEvent.objects.filter(token="ทดสอบ-ผู้ทำงาน").values_list("kind", "worker_id").order_by("at")) == [
        ("start", "ผู้ทำงาน-ทดสอบ"), ("finish", "ผู้ทำงาน-ทดสอบ")]
    assert not WorkerHeartbeat.objects.exists()


def test_a_failing_job_is_stored_as_failed(monkeypatch):
    def boom(*args, **kwargs):
        raise ValueError("ข้อมูลไม่ถูกต้อง")

    monkeypatch.setattr(ProbeEvent.objects, "create", boom)
    result = probe.enqueue("ล้มเหลว", 0)
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    job = DBTaskResult.objects.get(pk=result.id)
    assert job.status == "FAILED" and "ข้อมูลไม่ถูกต้อง" in job.traceback


def test_the_probe_command_queues_a_job(capsys):
    call_command("ops_probe", "--token", "โพรบ-1")
    token, job_id = capsys.readouterr().out.split()
    assert token == "โพรบ-1"
    assert DBTaskResult.objects.get(pk=job_id).status == "READY"
