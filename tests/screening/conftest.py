from datetime import date

import pytest


@pytest.fixture(autouse=True)
def _immediate_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    settings.SCREENING_SOLVE_IN_SUBPROCESS = False


@pytest.fixture
def programme_round(world):
    """A round with the 7 activities (load-reference loaded them), a few places each."""
    from uplift.screening.services import round_create

    return round_create(actor=world.admin, data={
        "name": "รอบทดสอบ", "starts_on": date(2021, 4, 1), "ends_on": date(2021, 9, 30), "budget": 1_000_000,
        "target_entrepreneurs": 2, "target_value": 1_000_000, "max_activities_per_entrepreneur": 2,
    }, activities={n: {"places": 1, "cost_per_place": 20_000} for n in range(1, 8)})
