"""Imports' answers to other apps' events."""

from django.dispatch import receiver
from django.utils import timezone
from django.utils.translation import gettext as _

from uplift.access import policy
from uplift.audit.actions import audit_record
from uplift.imports.models import ImportJob
from uplift.ops.signals import job_lost

IMPORT_TASK = "uplift.imports.tasks.run_import"


@receiver(job_lost, dispatch_uid="imports.import_lost")
def import_lost(sender, *, task_path: str, args: list, requeued: bool, **kwargs) -> None:
    """An import whose worker died is failed by the job reaper at once (its one transaction died with it)."""
    if task_path != IMPORT_TASK or requeued or not args:
        return
    for job in ImportJob.objects.filter(pk=args[0], status__in=(ImportJob.Status.QUEUED, ImportJob.Status.RUNNING)
                                        ).select_for_update():
        job.status, job.phase, job.finished_at = ImportJob.Status.FAILED, "", timezone.now()
        job.error = _("The import stopped without finishing (its process was stopped); nothing was written. "
                      "Run it again.")
        job.save(update_fields=["status", "phase", "finished_at", "error", "updated_at"])
        audit_record(actor=policy.system_actor(), action="import.lost", obj=job, changes={"job": kwargs.get("job_id", "")})
