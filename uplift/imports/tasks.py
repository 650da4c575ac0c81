"""Background imports: `uplift db_worker` (django_tasks_db) runs these."""

from django.tasks import task


@task
def run_import(job_id: int, dry_run: bool) -> None:
    from uplift.imports.services import import_run_by_id

    import_run_by_id(job_id, dry_run)
