"""The job queue as numbers: what /metrics and /readyz report."""

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
