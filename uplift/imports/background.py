"""Queueing a job for the background worker (`tasks.run_import`), above both the actions and the tasks.

The checks are the run's own (`jobs.job_run` asks them again in the worker), made here too so a
refused import is refused at once, to the person asking, not later in a log.
"""

from django.core.exceptions import ValidationError
from django.db import transaction

from uplift.access import policy
from uplift.imports.jobs import import_refusal
from uplift.imports.models import ImportJob
from uplift.imports.tasks import run_import


def job_start(*, actor, job: ImportJob, dry_run: bool, confirm: str = "") -> ImportJob:
    """Queue a dry run or (after one) the import, run as `actor` once this transaction commits."""
    policy.require(actor, "import.run", job)
    with transaction.atomic():
        job = ImportJob.objects.select_for_update().get(pk=job.pk)
        if job.active:
            return job
        if not dry_run and (refusal := import_refusal(actor=actor, job=job, confirm=confirm)):
            raise ValidationError(refusal)
        job.status, job.dry_run, job.rows_done, job.phase, job.error = ImportJob.Status.QUEUED, dry_run, 0, "", ""
        if dry_run:
            job.check_token = ""
        job.save(update_fields=["status", "dry_run", "rows_done", "phase", "error", "check_token", "updated_at"])
        transaction.on_commit(lambda: run_import.enqueue(job.pk, actor.pk, dry_run, confirm))
    return job
