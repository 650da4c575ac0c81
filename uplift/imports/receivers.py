"""Imports' answers to other apps' events."""

from django.dispatch import receiver
from django.utils import timezone
from django.utils.translation import gettext as _

from uplift.imports.models import ImportJob
from uplift.ops.signals import job_lost

IMPORT_TASK = "uplift.imports.tasks.run_import"


@receiver(job_lost, dispatch_uid="imports.import_lost")
def import_lost(sender, *, task_path: str, args: list, requeued: bool, **kwargs) -> None:
    """An import whose worker died is failed by the job reaper at once (its one transaction died with it)."""
    if task_path != IMPORT_TASK or requeued or not args:
        return
    ImportJob.objects.filter(pk=args[0], status__in=(ImportJob.Status.QUEUED, ImportJob.Status.RUNNING)).update(
        status=ImportJob.Status.FAILED, phase="", finished_at=timezone.now(), updated_at=timezone.now(),
        error=_("The import stopped without finishing (its process was stopped); nothing was written. Run it again."))
