"""Background tasks (django.tasks; `uplift db_worker` runs them)."""

from django.tasks import task


@task
def run_scenario(run_id: int) -> int:
    from uplift.screening.services import run_execute

    run = run_execute(run_id=run_id)
    return run.pk
