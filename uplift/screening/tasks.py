"""Background tasks (django.tasks; `uplift db_worker` runs them)."""

from django.tasks import task

from uplift.screening.execution import run_execute


@task
def run_scenario(run_id: int) -> int:
    return run_execute(run_id=run_id).pk
