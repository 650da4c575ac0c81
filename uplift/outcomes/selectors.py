"""Reads of outcomes, each starting from ``policy.visible``: observations, economic value and its
trace to the figures behind it, evaluations against the round's frozen plan, reports."""

from __future__ import annotations

from django.db.models import Sum
from django.utils.translation import get_language

from uplift.access import policy
from uplift.outcomes import plans
from uplift.outcomes.models import EconomicValue, EvaluationPlan, EvaluationResult, Indicator, Observation, ProgrammeReport
from uplift.outcomes.reference import value_config


def indicators(actor):
    return policy.visible(actor, Indicator)


def observations(actor, round_id: int, *, entrepreneur_id: int | None = None, wave: str | None = None):
    qs = policy.visible(actor, Observation).filter(round_id=round_id).select_related("indicator", "entered_by")
    if entrepreneur_id:
        qs = qs.filter(entrepreneur_id=entrepreneur_id)
    if wave:
        qs = qs.filter(wave=wave)
    return qs


def observations_by_pk(actor, pks: list[int]):
    return policy.visible(actor, Observation).filter(pk__in=pks).select_related("indicator", "entered_by")


def component_names() -> dict[str, str]:
    thai = (get_language() or "th").startswith("th")
    return {c["code"]: c["name_th" if thai else "name_en"] for c in value_config()["components"]}


def entrepreneur_values(actor, round_id: int, entrepreneur_id: int) -> list[EconomicValue]:
    """An entrepreneur's value lines in a round, each with the observations behind it and a readable name."""
    values = list(policy.visible(actor, EconomicValue).filter(round_id=round_id, entrepreneur_id=entrepreneur_id)
                  .select_related("baseline__indicator", "follow_up__indicator", "enrolment__round_activity__activity"))
    names = component_names()
    for v in values:
        v.component_name = names.get(v.component, v.component)
    return values


def _rows(qs, key: str) -> list[dict]:
    return [{"key": r[key].isoformat() if hasattr(r[key], "isoformat") else r[key], "value": float(r["v"] or 0)}
            for r in qs.values(key).annotate(v=Sum("amount")).order_by(key)]


def value_summary(actor, round_id: int) -> dict:
    qs = policy.visible(actor, EconomicValue).filter(round_id=round_id)
    return {
        "round_id": round_id, "total": float(qs.aggregate(t=Sum("amount"))["t"] or 0),
        "by_component": _rows(qs, "component"), "by_activity": _rows(qs, "enrolment__round_activity__activity__number"),
        "by_province": _rows(qs, "entrepreneur__province"), "by_month": _rows(qs, "month"), "by_origin": _rows(qs, "origin"),
    }


def value_trace(actor, round_id: int, entrepreneur_id: int):
    from uplift.registry.models import Entrepreneur

    policy.get_visible(actor, Entrepreneur, entrepreneur_id)
    return (policy.visible(actor, EconomicValue).filter(round_id=round_id, entrepreneur_id=entrepreneur_id)
            .select_related("enrolment__round_activity__activity"))


# ---- evaluations and the plan ----------------------------------------------------------------

def evaluations(actor, round_id: int):
    policy.require(actor, "evaluation.view")
    return policy.visible(actor, EvaluationResult).filter(round_id=round_id).select_related(
        "round_activity__activity", "plan")


def evaluation_get(actor, pk: int) -> EvaluationResult:
    policy.require(actor, "evaluation.view")
    return policy.get_visible(actor, EvaluationResult, pk, related=("round", "round_activity__activity", "plan"))


def plan_versions(actor, round_id: int) -> list[EvaluationPlan]:
    """Every frozen version of the round's plan, newest first, each with its parsed plan."""
    policy.require(actor, "evaluation.view")
    versions = list(EvaluationPlan.objects.filter(round_id=round_id).select_related("frozen_by", "amends"))
    for version in versions:
        version.spec = plans.spec_of(version)
    return versions


def analysis_against_plan(record: EvaluationResult) -> dict:
    """How a stored analysis stands against the plan it was run under, for display."""
    deviations: list[str] = []
    if record.plan is not None and record.spec:
        from uplift.outcomes.evaluation.plan import AnalysisSpec

        _status, _role, deviations = plans.classify(record.plan, AnalysisSpec.from_dict(record.spec))
    return {"status": record.plan_status, "role": record.plan_role, "plan": record.plan, "deviations": deviations}


# ---- reports --------------------------------------------------------------------------------

def reports(actor, limit: int = 20):
    return policy.visible(actor, ProgrammeReport).select_related("round").defer("pdf", "xlsx")[:limit]


def report_get(actor, pk: int) -> ProgrammeReport:
    report = policy.get_visible(actor, ProgrammeReport, pk)
    if report.status != ProgrammeReport.Status.READY:
        from django.http import Http404

        raise Http404
    return report
