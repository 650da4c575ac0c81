"""The job queue as numbers (what /metrics and /readyz report), and queueing a job once."""

from datetime import timedelta

from django.db.models import Count, Min
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from uplift.ops.jobs import workers_alive


def queue_snapshot() -> dict:
    rows = DBTaskResult.objects.order_by().values("queue_name", "status").annotate(n=Count("id"))
    oldest = DBTaskResult.objects.ready().aggregate(at=Min("enqueued_at"))["at"]
    return {
        "depth": {(r["queue_name"], r["status"]): r["n"] for r in rows},
        "oldest_ready_seconds": (timezone.now() - oldest).total_seconds() if oldest else 0.0,
        "workers": workers_alive().count(),
    }


def waiting(task_, *args) -> bool:
    """Whether a run of ``task_`` with these arguments is still waiting in the database queue (due now or later):
    it will read everything committed before it starts, so another would only repeat it."""
    from django.tasks import TaskResultStatus, task_backends
    from django_tasks_db.backend import DatabaseBackend

    if not isinstance(task_backends[task_.backend], DatabaseBackend):
        return False
    return DBTaskResult.objects.filter(status=TaskResultStatus.READY, task_path=task_.module_path,
                                       args_kwargs={"args": list(args), "kwargs": {}}).exists()


def queue_once(task_, *args, delay: timedelta | None = None) -> None:
    """Queue ``task_`` unless a run of it is waiting; with ``delay`` (where the backend can defer) it starts that
    much later, so that what arrives meanwhile is covered by the same run."""
    from django.tasks import task_backends

    if waiting(task_, *args):
        return
    if delay and task_backends[task_.backend].supports_defer:
        task_ = task_.using(run_after=timezone.now() + delay)
    task_.enqueue(*args)
