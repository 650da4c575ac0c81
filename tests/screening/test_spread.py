"""The spread of a run by centre and province, as each user may see it."""

import pytest

from uplift.screening import selectors
from uplift.screening.scenarios import scenario_create

pytestmark = pytest.mark.django_db


def test_spread_by_province_is_scoped(world, programme_round, solve):
    scenario = scenario_create(actor=world.admin, round_id=programme_round.pk, data={"name": "แผนที่"})
    run = solve(scenario)
    selected = {row.province for row in run.rows.filter(is_selected=True)}
    assert selected == {"83", "50"}

    national = selectors.run_spread(user=world.admin, run=run)
    assert {p["code"]: p["count"] for p in national["provinces"]} == {"83": 1, "50": 1}
    assert {p["name"] for p in national["provinces"]} == {"ภูเก็ต", "เชียงใหม่"}

    regional = selectors.run_spread(user=world.officer, run=run)
    assert [(p["code"], p["count"]) for p in regional["provinces"]] == [("83", 1)]
