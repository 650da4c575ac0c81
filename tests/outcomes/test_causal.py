"""The causal estimate built from the database (planted effect, no effect, planted pre-trend), its
comparison group, its sensitivity, and whether the round's frozen plan named it."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tests.outcomes.programme import bulk_entrepreneurs, make_programme, small_panel
from tests.screening.conftest import _immediate_tasks, programme_round, solve  # noqa: F401
from uplift.audit.models import AuditEntry
from uplift.outcomes.actions import evaluation_plan_freeze, evaluation_plan_revise
from uplift.outcomes.causal import comparison_entrepreneurs, eligible_not_selected, evaluation_run, sales_panel
from uplift.outcomes.plans import template_plan
from uplift.programme.models import RoundActivity
from uplift.screening.approval import scenario_approve
from uplift.screening.scenarios import scenario_create

def test_planted_effect_is_inside_the_interval_and_zero_is_not(areas, admin_user):
    p = small_panel(effect=8_000)
    rec = evaluation_run(actor=admin_user, round_id=p.round.pk, method="did", bootstrap=0)
    assert not rec.error
    assert (rec.n_treated, rec.n_control) == (30, 30)
    assert rec.ci_low <= 8_000 <= rec.ci_high
    assert rec.ci_low > 0
    assert rec.pretrend_flagged is False
    assert rec.result["event_study"]["coefficients"]


def test_no_effect_interval_covers_zero_with_matching(areas, admin_user):
    p = small_panel(effect=0)
    rec = evaluation_run(actor=admin_user, round_id=p.round.pk, method="match-did", bootstrap=50)
    assert not rec.error
    assert rec.ci_low <= 0 <= rec.ci_high
    assert rec.result["balance"] and rec.result["n_matched_treated"] > 0


def test_planted_pre_trend_is_flagged(areas, admin_user):
    p = small_panel(pretrend=400)
    rec = evaluation_run(actor=admin_user, round_id=p.round.pk, method="did", bootstrap=0)
    assert rec.pretrend_flagged is True
    assert any("pre-trend" in n and "diverging" in n for n in rec.result["notes"])


def test_panel_marks_each_treated_unit_from_its_start_month(areas):
    p = small_panel(n=2)
    frame = sales_panel(p.round.pk)
    assert frame.height == 4 * 36
    treated_rows = frame.filter(frame["group"])
    assert treated_rows.filter(treated_rows["post"]).height == 2 * 12
    assert frame.filter(~frame["group"] & frame["post"]).height == 0


def test_without_a_comparison_group_the_failure_is_stored_not_raised(areas, admin_user):
    p = make_programme(*bulk_entrepreneurs(2))
    rec = evaluation_run(actor=admin_user, round_id=p.round.pk, method="did", bootstrap=0)
    assert rec.pk and rec.att is None and rec.error


def _approved_run(world, programme_round, solve):
    scenario = scenario_create(actor=world.admin, round_id=programme_round.pk, data={"name": "งบจำกัด", "budget": 20_000})
    run = solve(scenario)
    scenario_approve(actor=world.admin, scenario_id=scenario.pk)
    return run


@pytest.mark.django_db
def test_no_approved_scenario_means_only_the_waitlist(world, programme_round):
    assert eligible_not_selected(programme_round.pk) == set()


def test_eligible_but_not_selected_join_the_comparison_group(world, programme_round, solve):
    run = _approved_run(world, programme_round, solve)
    rows = list(run.rows.all())
    selected = {r.entrepreneur_id for r in rows if r.is_selected}
    left_out = {r.entrepreneur_id for r in rows if not r.is_selected and any(b is not None for b in r.benefit)}
    assert selected and left_out
    assert eligible_not_selected(programme_round.pk) == left_out
    assert comparison_entrepreneurs(programme_round.pk) >= left_out
    assert not (eligible_not_selected(programme_round.pk) & selected)


def test_per_activity_only_those_eligible_for_it(world, programme_round, solve):
    run = _approved_run(world, programme_round, solve)
    ra = RoundActivity.objects.get(round=programme_round, activity__number=4)
    k = [a["round_activity"] for a in run.config["activities"]].index(ra.pk)
    expected = {r.entrepreneur_id for r in run.rows.all() if not r.is_selected and r.benefit[k] is not None}
    assert eligible_not_selected(programme_round.pk, ra.pk) == expected


def test_the_panel_carries_the_pre_slump_covariates(areas):
    p = small_panel(n=2)
    frame = sales_panel(p.round.pk)
    assert {"pre_slump_sales", "pre_slump_online_share"} <= set(frame.columns)
    one = frame.filter(frame["unit"] == frame["unit"][0])
    assert one["pre_slump_sales"][0] == pytest.approx(one.filter(one["month"].dt.year() == 2019)["sales"].mean())


def test_analyses_are_marked_against_the_frozen_plan(areas, admin_user):
    p = small_panel(effect=8_000, n=20)
    before = evaluation_run(actor=admin_user, round_id=p.round.pk, method="match-did", bootstrap=0)
    assert (before.plan, before.plan_status, before.plan_role) == (None, "exploratory", "")
    plan = evaluation_plan_freeze(actor=admin_user, round_id=p.round.pk)
    primary = evaluation_run(actor=admin_user, round_id=p.round.pk, method="match-did", bootstrap=0)
    assert (primary.plan, primary.plan_status, primary.plan_role) == (plan, "as_planned", "primary")
    assert primary.spec["covariates"] == sorted(template_plan().covariates)
    did = evaluation_run(actor=admin_user, round_id=p.round.pk, method="did", bootstrap=0)
    assert (did.plan_status, did.plan_role) == ("as_planned", "secondary")
    per_activity = evaluation_run(actor=admin_user, round_id=p.round.pk, round_activity_id=p.activities[0].pk,
                                  method="match-did", bootstrap=0)
    assert (per_activity.plan_status, per_activity.plan_role) == ("as_planned", "secondary")
    match = evaluation_run(actor=admin_user, round_id=p.round.pk, method="match", bootstrap=0)
    assert (match.plan_status, match.plan_role) == ("exploratory", "")
    v2 = evaluation_plan_revise(actor=admin_user, round_id=p.round.pk, reason="เพิ่มการวิเคราะห์แบบจับคู่",
                                changes={"secondary": [*(s.as_dict() for s in template_plan().secondary),
                                                       {**template_plan().primary.as_dict(), "method": "match"}]})
    again = evaluation_run(actor=admin_user, round_id=p.round.pk, method="match", bootstrap=0)
    assert (again.plan, again.plan_status) == (v2, "as_planned")
    entry = AuditEntry.objects.filter(action="evaluate").order_by("pk").last()
    assert entry.actor == admin_user and entry.changes["plan"] == v2.sha256


def test_the_matched_estimate_carries_its_sensitivity(areas, admin_user):
    p = small_panel(effect=8_000, n=20)
    rec = evaluation_run(actor=admin_user, round_id=p.round.pk, method="match-did", bootstrap=0)
    sens = rec.result["sensitivity"]
    assert sens["rosenbaum"]["critical_gamma"] is None or sens["rosenbaum"]["critical_gamma"] > 1
    assert sens["e_value"]["e_value"] > 1 and sens["relative_magnitudes"] is not None
    assert any("Γ" in s for s in sens["sentences"])


def test_only_who_may_run_evaluations_runs_one(world, indicators):
    p = make_programme(world.phuket)
    for actor in (world.officer, world.executive, world.consultant, None):
        with pytest.raises(PermissionDenied):
            evaluation_run(actor=actor, round_id=p.round.pk, method="did", bootstrap=0)
    with pytest.raises(ValidationError) as e:
        evaluation_run(actor=world.admin, round_id=p.round.pk, method="magic", bootstrap=5000)
    assert set(e.value.message_dict) == {"method", "bootstrap"}
