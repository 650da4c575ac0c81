from datetime import date

import pytest


@pytest.fixture(autouse=True)
def _immediate_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    settings.SCREENING_SOLVE_IN_SUBPROCESS = False


@pytest.fixture
def programme_round(world):
    """A round with the 7 activities (load-reference loaded them), a few places each."""
    from uplift.screening.rounds import round_create

    return round_create(actor=world.admin, data={
        "name": "รอบทดสอบ", "starts_on": date(2021, 4, 1), "ends_on": date(2021, 9, 30), "budget": 1_000_000,
        "target_entrepreneurs": 2, "target_value": 1_000_000, "max_activities_per_entrepreneur": 2,
    }, activities={n: {"places": 1, "cost_per_place": 20_000} for n in range(1, 8)})


@pytest.fixture
def solve(world, django_capture_on_commit_callbacks):
    """Start a run as the web page does and let the (immediate) worker solve it on commit."""
    from uplift.screening.models import Run
    from uplift.screening.runs import run_start

    def solve(scenario, actor=None) -> Run:
        with django_capture_on_commit_callbacks(execute=True):
            run = run_start(actor=actor or world.admin, scenario_id=scenario.pk)
        run.refresh_from_db()
        assert run.status == Run.Status.DONE, run.error
        return run

    return solve
