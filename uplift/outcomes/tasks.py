"""Background jobs of outcomes: the economic value follows the observations, recomputed by the system, and the
dashboard's kept figures of every shared scope are counted again right after.

Priorities order the one queue: what a person is looking at now (the dashboard's figures, the round's value)
goes before the bulk work an approval or an import leaves behind (thousands of baselines to freeze).

The value of a whole round takes seconds to count, so saves queue it ``UPLIFT_VALUE_DELAY_SECONDS`` later:
a busy morning of figures from many consultants is counted a few times a minute, not once per save, and the
workers keep their cores for the people using the pages."""

from datetime import timedelta

from django.conf import settings
from django.tasks import task
from django.utils import timezone

from uplift.access import policy

FIGURES_PRIORITY = 20
VALUE_PRIORITY = 10
BULK_PRIORITY = -10


def waiting(task_, *args) -> bool:
    """Whether a run of ``task_`` with these arguments is still waiting in the database queue (due now or later):
    it will read everything committed before it starts, so another would only repeat it."""
    from django.tasks import TaskResultStatus, task_backends
    from django_tasks_db.backend import DatabaseBackend
    from django_tasks_db.models import DBTaskResult

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


def value_delay() -> timedelta:
    return timedelta(seconds=settings.UPLIFT_VALUE_DELAY_SECONDS)


@task(priority=FIGURES_PRIORITY)
def warm_figures(round_id: int) -> list[str]:
    from uplift.outcomes.figures import figures_warm

    return figures_warm(round_id, stale_only=True)


@task(priority=VALUE_PRIORITY)
def recompute_round_value(round_id: int) -> int:
    from uplift.outcomes.actions import economic_value_compute
    from uplift.outcomes.figures import figures_warm

    rows = economic_value_compute(actor=policy.system_actor(), round_id=round_id)
    figures_warm(round_id)
    return rows


@task(priority=BULK_PRIORITY)
def freeze_baseline(enrolment_id: int) -> int:
    from uplift.outcomes.actions import baseline_freeze
    from uplift.programme.models import Enrolment

    enrolment = Enrolment.objects.select_related("entrepreneur", "round_activity__round").get(pk=enrolment_id)
    return len(baseline_freeze(actor=policy.system_actor(), enrolment=enrolment))
