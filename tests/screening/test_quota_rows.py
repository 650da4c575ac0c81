"""Regional quotas are typed as rows (one per centre or province: at least, at most), never JSON; an officer
reads their region's share of a scenario and never national totals or other regions' rows."""

import pytest
from django.urls import reverse
from django.utils import translation

from uplift.screening import selectors
from uplift.screening.forms import ScenarioForm, quota_field
from uplift.screening.models import Scenario
from uplift.screening.scenarios import scenario_create

pytestmark = pytest.mark.django_db

BASE = {"name": "โควตาภาค", "sales_drop": 0.4, "tourist_share": 0.25, "exposure": 0.2, "vulnerability": 0.15,
        "foreign_weight": 2, "min_selected": 0, "time_limit": 30}


def test_rows_become_the_stored_quotas(world, programme_round):
    data = BASE | {"quota_level": "centre", quota_field("centre", 10, "min"): "1", quota_field("centre", 10, "max"): "",
                   quota_field("centre", 1, "max"): "0", quota_field("province", "83", "max"): "5"}
    form = ScenarioForm(data, activities=selectors.round_activities(programme_round))
    assert form.is_valid(), form.errors
    assert form.data_for_service()["quotas"] == {"10": {"min": 1, "max": None}, "1": {"min": 0, "max": 0}}
    none = ScenarioForm(BASE | {"quota_level": "none", quota_field("centre", 10, "min"): "1"},
                        activities=selectors.round_activities(programme_round))
    assert none.is_valid() and none.data_for_service()["quotas"] == {}


def test_min_above_max_names_the_area_in_thai(world, programme_round):
    data = BASE | {"quota_level": "province", quota_field("province", "83", "min"): "5",
                   quota_field("province", "83", "max"): "2"}
    with translation.override("th"):
        form = ScenarioForm(data, activities=selectors.round_activities(programme_round))
        assert not form.is_valid()
        message = form.errors[quota_field("province", "83", "min")][0]
    assert "ภูเก็ต" in message and "ขั้นต่ำ" in message


def test_the_form_page_has_rows_and_no_json(client, world, programme_round):
    scenario = scenario_create(actor=world.admin, round_id=programme_round.pk, data={
        "name": "เหนือเท่านั้น", "quota_level": "centre",
        "quotas": {"10": {"min": 0, "max": 0}, "1": {"min": 1, "max": 1}}})
    client.force_login(world.admin)
    page = client.get(reverse("screening:scenario-edit", args=[scenario.pk])).content.decode()
    assert "JSON" not in page and "{&quot;" not in page and 'data-testid="quota-centre"' in page
    assert f'name="{quota_field("centre", 1, "max")}" value="1"' in page
    response = client.post(reverse("screening:scenario-edit", args=[scenario.pk]), BASE | {
        "quota_level": "centre", quota_field("centre", 1, "min"): "1", quota_field("centre", 1, "max"): "2"})
    assert response.status_code == 302
    scenario.refresh_from_db()
    assert scenario.quotas == {"1": {"min": 1, "max": 2}} and scenario.quota_level == Scenario.QuotaLevel.CENTRE


def test_officer_reads_their_regions_share_only(client, world, programme_round, solve):
    scenario = scenario_create(actor=world.admin, round_id=programme_round.pk, data={
        "name": "สองภาค", "quota_level": "centre", "quotas": {"10": {"min": 1, "max": 1}, "1": {"min": 1, "max": 1}}})
    run = solve(scenario)
    spread = selectors.run_spread(user=world.officer, run=run)
    assert [c["number"] for c in spread["centres"]] == [10]
    assert len(selectors.run_spread(user=world.admin, run=run)["centres"]) > 1
    summary = selectors.run_summary(user=world.officer, run=run)
    assert summary["selected"] is None and summary["budget_used"] is None
    assert summary["area"]["selected"] == 1 and summary["area"]["places"] == 2
    assert summary["area"]["budget_used"] == 40_000
    wording = selectors.scenario_wording(scenario, world.officer)
    assert len(wording["quotas"]) == 1 and len(selectors.scenario_wording(scenario, world.admin)["quotas"]) == 2
    client.force_login(world.officer)
    page = client.get(reverse("screening:scenario", args=[scenario.pk])).content.decode()
    assert 'data-testid="selected-in-area"' in page and 'data-testid="places-in-area"' in page
    assert 'data-testid="selected"' not in page and world.chiangmai.name_th not in page
    assert "1,000,000" not in page  # the national budget
