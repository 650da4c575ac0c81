"""Screening's answers to other apps' events."""

from django.dispatch import receiver
from django.utils import timezone
from django.utils.translation import gettext as _

from uplift.access import policy
from uplift.audit.actions import audit_record
from uplift.ops.signals import job_lost
from uplift.screening.models import Run

RUN_TASK = "uplift.screening.tasks.run_scenario"


@receiver(job_lost, dispatch_uid="screening.run_lost")
def run_lost(sender, *, task_path: str, args: list, requeued: bool, **kwargs) -> None:
    """A run whose worker died mid-solve is marked failed by the job reaper; starting the scenario again re-runs it."""
    if task_path != RUN_TASK or requeued or not args:
        return
    for run in Run.objects.filter(pk=args[0], status__in=(Run.Status.QUEUED, Run.Status.RUNNING)).select_for_update():
        run.status, run.finished_at, run.progress = Run.Status.FAILED, timezone.now(), _("failed")
        run.error = _("The worker running this solve stopped before it finished; nothing was saved. Run the scenario again.")
        run.save(update_fields=["status", "finished_at", "progress", "error"])
        audit_record(actor=policy.system_actor(), action="run.lost", obj=run, changes={"job": kwargs.get("job_id", "")})
