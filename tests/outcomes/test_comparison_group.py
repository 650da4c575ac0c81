"""The comparison group: the waitlist and the eligible entrepreneurs the approved screening run left out."""

import pytest

from tests.screening.conftest import _immediate_tasks, programme_round  # noqa: F401
from uplift.outcomes.causal import comparison_entrepreneurs, eligible_not_selected
from uplift.programme.models import RoundActivity
from uplift.screening import services
from uplift.screening.models import Run

pytestmark = pytest.mark.django_db


def _approved_run(world, programme_round) -> Run:
    scenario = services.scenario_create(actor=world.admin, round_id=programme_round.pk, data={
        "name": "งบจำกัด", "budget": 20_000})
    run = services.run_start(actor=world.admin, scenario_id=scenario.pk)
    run.refresh_from_db()
    assert run.status == Run.Status.DONE, run.error
    services.scenario_approve(actor=world.admin, scenario_id=scenario.pk)
    return run


def test_no_approved_scenario_means_only_the_waitlist(world, programme_round):
    assert eligible_not_selected(programme_round.pk) == set()


def test_eligible_but_not_selected_join_the_comparison_group(world, programme_round):
    run = _approved_run(world, programme_round)
    rows = list(run.rows.all())
    selected = {r.entrepreneur_id for r in rows if r.is_selected}
    left_out = {r.entrepreneur_id for r in rows if not r.is_selected and any(b is not None for b in r.benefit)}
    assert selected and left_out
    assert eligible_not_selected(programme_round.pk) == left_out
    assert comparison_entrepreneurs(programme_round.pk) >= left_out
    assert not (eligible_not_selected(programme_round.pk) & selected)


def test_per_activity_only_those_eligible_for_it(world, programme_round):
    run = _approved_run(world, programme_round)
    ra = RoundActivity.objects.get(round=programme_round, activity__number=4)
    k = [a["round_activity"] for a in run.config["activities"]].index(ra.pk)
    expected = {r.entrepreneur_id for r in run.rows.all() if not r.is_selected and r.benefit[k] is not None}
    assert eligible_not_selected(programme_round.pk, ra.pk) == expected
