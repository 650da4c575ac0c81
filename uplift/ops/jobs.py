"""Worker heartbeats and the recovery of jobs whose worker stopped mid-way.

django_tasks_db claims a job with SELECT ... FOR UPDATE SKIP LOCKED, so two live workers never take
the same job; but a worker killed with -9 leaves its job RUNNING for ever. Each worker beats every
`UPLIFT_WORKER_HEARTBEAT` seconds; once a worker is silent for `UPLIFT_WORKER_LEASE` seconds another
worker (or `uplift jobs-recover`) marks it lost and hands its RUNNING job back to the queue when the
task is safe to run again (`UPLIFT_TASKS_RETRY_ON_WORKER_LOSS`: tasks whose writes are one
transaction or idempotent), else marks the job failed, so no job stays stuck. A worker that finds
itself marked lost exits before it can finish a job now owned by another: a job never runs to its end twice.

All times are the database's clock (`Now()`), so machines with drifting clocks agree. A recovering
worker must itself have beaten without a gap for a whole lease: after a database outage nobody
declares the others lost before they had a chance to beat again.
"""

import datetime as dt
import logging
import os
import socket

from django.conf import settings
from django.db import transaction
from django.db.models import DateTimeField, ExpressionWrapper, Value
from django.db.models.functions import Now
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from uplift.ops.models import WorkerHeartbeat
from uplift.ops.signals import job_lost

log = logging.getLogger("uplift.ops.jobs")

RUNNING, READY, FAILED = "RUNNING", "READY", "FAILED"


class WorkerLost(Exception):
    """Stored as a job's error when its worker stopped mid-way and the task is not safe to run again."""


def lease() -> dt.timedelta:
    return dt.timedelta(seconds=settings.UPLIFT_WORKER_LEASE)


def _ago(delta: dt.timedelta) -> ExpressionWrapper:
    return ExpressionWrapper(Now() - Value(delta), output_field=DateTimeField())


def worker_id_new() -> str:
    return f"{socket.gethostname()[:40]}-{os.getpid()}-{os.urandom(4).hex()}"[:64]


def heartbeat_start(worker_id: str) -> WorkerHeartbeat:
    now = Now()
    return WorkerHeartbeat.objects.create(worker_id=worker_id, hostname=socket.gethostname()[:255], pid=os.getpid(),
                                          started_at=now, last_seen=now, beating_since=now)


def heartbeat_beat(worker_id: str, *, after_gap: bool = False) -> bool:
    """Record that the worker lives; False when it was marked lost (it must stop)."""
    fields = {"last_seen": Now()}
    if after_gap:
        fields["beating_since"] = Now()
    return WorkerHeartbeat.objects.filter(worker_id=worker_id, lost_at__isnull=True).update(**fields) == 1


def heartbeat_stop(worker_id: str) -> None:
    WorkerHeartbeat.objects.filter(worker_id=worker_id).delete()


def workers_alive():
    return WorkerHeartbeat.objects.filter(lost_at__isnull=True, last_seen__gte=_ago(lease()))


def jobs_recover(*, by: str | None = None) -> dict:
    """Mark silent workers lost and settle their RUNNING jobs: back to the queue, or failed.

    `by` is the recovering worker's id: it recovers only after beating for a whole lease itself.
    Returns counts {"lost": n, "requeued": n, "failed": n}.
    """
    counts = {"lost": 0, "requeued": 0, "failed": 0}
    if by and not WorkerHeartbeat.objects.filter(worker_id=by, lost_at__isnull=True,
                                                 beating_since__lte=_ago(lease())).exists():
        return counts
    with transaction.atomic():
        counts["lost"] = WorkerHeartbeat.objects.filter(lost_at__isnull=True, last_seen__lt=_ago(lease())).update(
            lost_at=Now())
        live = set(WorkerHeartbeat.objects.filter(lost_at__isnull=True).values_list("worker_id", flat=True))
        candidates = (DBTaskResult.objects.filter(status=RUNNING, started_at__lt=_ago(lease()))
                      .select_for_update(skip_locked=True).order_by())
        for job in candidates:
            if job.worker_ids and job.worker_ids[-1] in live:
                continue
            if job.task_path in settings.UPLIFT_TASKS_RETRY_ON_WORKER_LOSS:
                job.status, job.started_at = READY, None
                job.save(update_fields=["status", "started_at"])
                counts["requeued"] += 1
                _announce(job, requeued=True)
                log.warning("job requeued after its worker was lost",
                            extra={"task_id": str(job.pk), "task": job.task_path, "worker": job.worker_ids[-1:]})
            else:
                job.status, job.finished_at = FAILED, timezone.now()
                job.exception_class_path = f"{WorkerLost.__module__}.{WorkerLost.__qualname__}"
                job.traceback = f"WorkerLost: worker {job.worker_ids[-1:]} stopped during the job"
                job.return_value = None
                job.save(update_fields=["status", "finished_at", "exception_class_path", "traceback", "return_value"])
                counts["failed"] += 1
                _announce(job, requeued=False)
                log.error("job failed: its worker was lost and the task is not safe to repeat",
                          extra={"task_id": str(job.pk), "task": job.task_path, "worker": job.worker_ids[-1:]})
        WorkerHeartbeat.objects.filter(lost_at__lt=_ago(lease() * 10)).delete()
    return counts


def _announce(job: DBTaskResult, *, requeued: bool) -> None:
    job_lost.send(sender=DBTaskResult, task_path=job.task_path, job_id=str(job.pk), args=list(job.args_kwargs.get("args", [])),
                  kwargs=dict(job.args_kwargs.get("kwargs", {})), requeued=requeued)
