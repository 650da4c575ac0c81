"""What a round pre-registers when its selection is approved, and how an analysis compares with it.

The plan itself is data (data/evaluation_plan.json); the core (evaluation/plan.py) gives its
canonical text and hash. Power and the minimum detectable effect come from the registry's
monthly sales in the months before the round starts, for the approved selection and its
comparison group (evaluation/power.py: the analytic MDE, checked by simulating the project's
own DiD estimator at that effect).
"""

from __future__ import annotations

import math

from dateutil.relativedelta import relativedelta
from django.db.models import F
from django.utils import timezone

from uplift.outcomes.evaluation import plan as core
from uplift.outcomes.evaluation import power as pw
from uplift.outcomes.reference import COMPARISON, SELECTED, plan_template

ROUND_RULE = "waitlist_or_eligible_not_selected"
ACTIVITY_RULE = "eligible_for_activity_not_selected"
MATCHED_METHODS = ("match", "match-did")


def template_plan() -> core.EvaluationPlan:
    return core.EvaluationPlan.from_dict(plan_template()["plan"])


def spec_of(record) -> core.EvaluationPlan:
    return core.EvaluationPlan.from_json(record.canonical)


def hash_of(spec: core.EvaluationPlan) -> str:
    return core.plan_hash(spec)


def comparison_rules() -> dict:
    return plan_template()["comparison_rules"]


def analysis_spec(*, method: str, outcome: str, covariates, round_activity_id: int | None) -> core.AnalysisSpec:
    return core.AnalysisSpec(method=method, outcome=outcome, covariates=tuple(covariates),
                             comparison=ACTIVITY_RULE if round_activity_id else ROUND_RULE)


def classify(plan_record, spec: core.AnalysisSpec) -> tuple[str, str, list[str]]:
    """(as_planned | exploratory, primary | secondary | "", fields departing from the primary analysis)."""
    if plan_record is None:
        return core.EXPLORATORY, "", []
    plan = spec_of(plan_record)
    role = core.planned_analysis(plan, spec) or ""
    return core.classify_analysis(plan, spec), role, list(core.deviations(plan, spec))


# ---- power at approval ----------------------------------------------------------------------

def _groups(round_, run) -> tuple[set[int], set[int]]:
    """Selected and comparison entrepreneurs: from the approved run's rows, else from the enrolments."""
    if run is not None:
        rows = run.rows.filter(entrepreneur__isnull=False).values_list("entrepreneur_id", "is_selected", "benefit")
        selected = {e for e, chosen, _b in rows if chosen}
        comparison = {e for e, chosen, benefit in rows if not chosen and any(b is not None for b in benefit)}
        return selected, comparison - selected
    from uplift.programme.models import Enrolment

    enrolments = Enrolment.objects.filter(round_activity__round=round_)
    selected = set(enrolments.filter(status__in=SELECTED).values_list("entrepreneur_id", flat=True))
    comparison = set(enrolments.filter(status__in=COMPARISON).values_list("entrepreneur_id", flat=True))
    return selected, comparison - selected


def _baseline_frame(units: set[int], months: list):
    import polars as pl

    from uplift.registry.models import MonthlySales

    rows = MonthlySales.objects.filter(entrepreneur_id__in=units, month__in=months).values_list(
        "entrepreneur_id", "month", F("shop") + F("fair") + F("wholesale") + F("online") + F("export"))
    return pl.DataFrame([(e, m, float(s)) for e, m, s in rows], schema=["unit", "month", "sales"], orient="row")


def _months_between(first, last) -> int:
    return (last.year - first.year) * 12 + last.month - first.month + 1


def approval_power(round_, run, spec: core.EvaluationPlan, *, scenario_id: int | None = None) -> dict:
    """The power facts stored with the plan. A selection too small or a registry too thin for
    them is recorded with its reason (`error`), never raised: approval goes on."""
    template = plan_template()
    start = round_.starts_on.replace(day=1)
    n_base = int(template.get("baseline_months", 12))
    months = [start - relativedelta(months=k) for k in range(n_base, 0, -1)]
    selected, comparison = _groups(round_, run)
    out = {
        "computed_at": timezone.now().isoformat(), "run": run.pk if run else None, "scenario": scenario_id,
        "n_selected": len(selected), "n_comparison": len(comparison), "alpha": spec.alpha, "power": spec.power,
        "baseline_months": [months[0].isoformat(), months[-1].isoformat()],
        "n_post": _months_between(round_.starts_on, round_.ends_on), "error": "",
    }
    try:
        if not selected or not comparison:
            raise ValueError("the selection or its comparison group is empty")
        moments = pw.baseline_moments_from_frame(_baseline_frame(selected | comparison, months), unit="unit",
                                                 time="month", outcome="sales")
    except ValueError as error:
        out["error"] = str(error)
        return out
    n_treated = len(selected)
    n_control = min(len(comparison), n_treated) if spec.method in MATCHED_METHODS else len(comparison)
    common = dict(sd=moments.sd, rho=moments.rho, n_pre=moments.n_periods, n_post=out["n_post"], n_treated=n_treated)
    se = pw.standard_error(**common, n_control=n_control)
    mde = pw.minimum_detectable_effect(**common, n_control=n_control, alpha=spec.alpha, power=spec.power)
    out.update({
        "sd": moments.sd, "rho": moments.rho, "n_pre": moments.n_periods, "n_baseline_units": moments.n_units,
        "n_dropped": moments.n_dropped, "method": spec.method, "n_treated": n_treated, "n_control": n_control,
        "se": se, "mde": mde,
        "mde_all_comparison": pw.minimum_detectable_effect(**common, n_control=len(comparison), alpha=spec.alpha,
                                                          power=spec.power),
        "sentence": pw.explain_power(mde, spec.power, spec.alpha),
    })
    if moments.rho >= 0:
        sim = pw.simulated_power(mde, **common, n_control=n_control, alpha=spec.alpha,
                                 draws=int(template.get("simulation_draws", 200)), seed=round_.pk)
        out["simulation"] = {"power": sim.power, "mc_se": sim.mc_se, "draws": sim.draws}
    target = float(round_.target_value or 0)
    if target > 0:
        verdict = pw.target_verdict(target, n_treated, 12, mde)
        out["target"] = {"total": target, "per_entrepreneur_month": verdict.per_entrepreneur_month,
                         "detectable": verdict.detectable, "sentence": pw.explain_target(verdict)}
    return {k: (None if isinstance(v, float) and not math.isfinite(v) else v) for k, v in out.items()}
