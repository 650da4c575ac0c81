"""The pre-registered plan: frozen when the selection is approved, never edited (a change is a new
version, marked), with the power of the approved selection computed from the registry."""

import hashlib
from datetime import date

import pytest
from dateutil.relativedelta import relativedelta
from django.core.exceptions import PermissionDenied, ValidationError

from tests.outcomes.programme import bulk_entrepreneurs, compound_symmetric_sales, make_programme
from tests.screening.conftest import _immediate_tasks, programme_round, solve  # noqa: F401
from uplift.audit.models import AuditEntry
from uplift.outcomes.actions import evaluation_plan_freeze, evaluation_plan_revise
from uplift.outcomes.evaluation import power as pw
from uplift.outcomes.models import EvaluationPlan, FrozenPlanError
from uplift.outcomes.plans import spec_of, template_plan
from uplift.screening.approval import scenario_approve
from uplift.screening.scenarios import scenario_create

pytestmark = pytest.mark.django_db


def test_approving_the_selection_freezes_the_plan(world, programme_round, solve, django_capture_on_commit_callbacks):
    scenario = scenario_create(actor=world.admin, round_id=programme_round.pk, data={"name": "งบจำกัด", "budget": 20_000})
    run = solve(scenario)
    assert not EvaluationPlan.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        scenario_approve(actor=world.admin, scenario_id=scenario.pk)
    plan = EvaluationPlan.objects.get(round=programme_round)
    assert (plan.version, plan.run_id, plan.frozen_by, plan.amends) == (1, run.pk, world.admin, None)
    assert plan.sha256 == hashlib.sha256(plan.canonical.encode("utf-8")).hexdigest()
    assert spec_of(plan) == template_plan()
    assert plan.power["n_selected"] == run.rows.filter(is_selected=True).count()
    assert plan.power["error"]  # two entrepreneurs in the registry: too few for a power calculation, and said so
    entry = AuditEntry.objects.get(action="evaluation_plan_freeze")
    assert entry.actor == world.admin and entry.changes["sha256"] == plan.sha256
    assert evaluation_plan_freeze(actor=world.admin, round_id=programme_round.pk, run_id=run.pk) == plan  # once


def test_a_frozen_plan_cannot_be_edited_a_change_is_a_new_marked_version(world, indicators):
    p = make_programme(world.phuket)
    v1 = evaluation_plan_freeze(actor=world.admin, round_id=p.round.pk)
    v1.reason = "แก้ไขย้อนหลัง"
    with pytest.raises(FrozenPlanError):
        v1.save()
    with pytest.raises(FrozenPlanError):
        EvaluationPlan.objects.filter(pk=v1.pk).update(canonical="{}")
    v1.refresh_from_db()
    assert v1.reason == ""

    with pytest.raises(ValidationError) as e:
        evaluation_plan_revise(actor=world.admin, round_id=p.round.pk, changes={"method": "did"}, reason="")
    assert "reason" in e.value.message_dict
    with pytest.raises(ValidationError) as e:  # the primary analysis must follow the plan's method
        evaluation_plan_revise(actor=world.admin, round_id=p.round.pk, changes={"method": "did"}, reason="เปลี่ยนวิธี")
    assert "plan" in e.value.message_dict
    with pytest.raises(ValidationError, match="1"):
        evaluation_plan_revise(actor=world.admin, round_id=p.round.pk, changes={}, reason="ไม่มีอะไรเปลี่ยน")

    primary = {**template_plan().primary.as_dict(), "covariates": ["pre_slump_sales"]}
    v2 = evaluation_plan_revise(actor=world.admin, round_id=p.round.pk, reason="ข้อมูลยอดขายออนไลน์ไม่ครบ",
                                changes={"covariates": ["pre_slump_sales"], "primary": primary})
    assert (v2.version, v2.amends, v2.reason) == (2, v1, "ข้อมูลยอดขายออนไลน์ไม่ครบ")
    assert v2.sha256 != v1.sha256 and spec_of(v2).covariates == ("pre_slump_sales",)
    assert v2.power == v1.power
    assert EvaluationPlan.objects.filter(round=p.round).count() == 2
    assert spec_of(EvaluationPlan.objects.get(pk=v1.pk)) == template_plan()  # the first version is untouched


def test_only_who_may_run_evaluations_freezes_or_changes_a_plan(world, indicators):
    p = make_programme(world.phuket)
    for actor in (world.officer, world.executive, world.consultant, world.owner, None):
        with pytest.raises(PermissionDenied):
            evaluation_plan_freeze(actor=actor, round_id=p.round.pk)
    evaluation_plan_freeze(actor=world.admin, round_id=p.round.pk)
    with pytest.raises(PermissionDenied):
        evaluation_plan_revise(actor=world.executive, round_id=p.round.pk, changes={"waves": ["end"]}, reason="x")


def test_power_at_approval_from_the_registry_baseline(world, indicators):
    """30 selected, 30 comparison, 12 baseline months of compound-symmetric sales (σ = 5,000, ρ = 0.64)."""
    selected, comparison = bulk_entrepreneurs(30), bulk_entrepreneurs(30, start=30)
    p = make_programme(*selected, waitlisted=comparison)  # starts 2021-01, ends 2021-06
    months = [date(2020, 1, 1) + relativedelta(months=k) for k in range(12)]
    compound_symmetric_sales([*selected, *comparison], months)
    plan = evaluation_plan_freeze(actor=world.admin, round_id=p.round.pk)
    power = plan.power
    assert not power["error"]
    assert (power["n_selected"], power["n_comparison"], power["n_pre"], power["n_post"]) == (30, 30, 12, 6)
    assert power["baseline_months"] == ["2020-01-01", "2020-12-01"]
    assert 3_500 < power["sd"] < 6_500 and 0.4 < power["rho"] < 0.85
    expected = pw.minimum_detectable_effect(sd=power["sd"], rho=power["rho"], n_pre=12, n_post=6, n_treated=30,
                                            n_control=30)
    assert power["mde"] == pytest.approx(expected)
    sim = power["simulation"]  # the project's estimator at the MDE: 80% within Monte Carlo error
    assert abs(sim["power"] - 0.80) <= 3 * max(sim["mc_se"], 0.028)
    target = power["target"]  # 5,000,000 baht over 30 entrepreneurs × 12 months
    assert target["per_entrepreneur_month"] == pytest.approx(5_000_000 / 360)
    assert target["detectable"] == (target["per_entrepreneur_month"] >= power["mde"])
    assert "บาทต่อผู้ประกอบการต่อเดือน" in power["sentence"]


def test_a_round_and_its_plans_can_still_be_deleted_and_a_deleted_run_lets_go(world, indicators):
    from tests.outcomes.programme import make_round
    from uplift.outcomes.models import EvaluationResult

    round_ = make_round(name="รอบที่จะลบ")
    v1 = evaluation_plan_freeze(actor=world.admin, round_id=round_.pk)
    v2 = evaluation_plan_revise(actor=world.admin, round_id=round_.pk, changes={"waves": ["end"]}, reason="ทดสอบ")
    EvaluationResult.objects.create(round=round_, method="did", outcome="sales", plan=v2, plan_status="as_planned")
    assert EvaluationPlan.objects.filter(pk=v1.pk).update(frozen_by=None) == 1
    round_.delete()
    assert not EvaluationPlan.objects.exists() and not EvaluationResult.objects.exists()
