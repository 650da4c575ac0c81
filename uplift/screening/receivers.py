"""Screening's answers to other apps' events."""

from django.dispatch import receiver
from django.utils import timezone
from django.utils.translation import gettext as _

from uplift.ops.signals import job_lost
from uplift.screening.models import Run

RUN_TASK = "uplift.screening.tasks.run_scenario"


@receiver(job_lost, dispatch_uid="screening.run_lost")
def run_lost(sender, *, task_path: str, args: list, requeued: bool, **kwargs) -> None:
    """A run whose worker died mid-solve is marked failed by the job reaper; starting the scenario again re-runs it."""
    if task_path != RUN_TASK or requeued or not args:
        return
    Run.objects.filter(pk=args[0], status__in=(Run.Status.QUEUED, Run.Status.RUNNING)).update(
        status=Run.Status.FAILED, finished_at=timezone.now(), progress=_("failed"),
        error=_("The worker running this solve stopped before it finished; nothing was saved. Run the scenario again."))
