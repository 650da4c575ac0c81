"""Background imports: `uplift db_worker` (django_tasks_db) runs these. Tasks call the actions; never the reverse."""

from django.contrib.auth import get_user_model
from django.tasks import task

from uplift.imports.jobs import job_run
from uplift.imports.models import ImportJob


@task
def run_import(job_id: int, actor_id: int, dry_run: bool, confirm: str = "") -> str:
    """The job run as the person (or system account) who queued it: checked and audited as them."""
    actor = get_user_model().objects.select_related("profile").get(pk=actor_id)
    job = ImportJob.objects.get(pk=job_id)
    return job_run(actor=actor, job=job, dry_run=dry_run, confirm=confirm).status
