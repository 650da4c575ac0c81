"""The programme's causal estimate: monthly sales of enrolled entrepreneurs (treated from the
month they started) against the comparison group, through the same `evaluate` as the CLI.

Comparison group: the round's waitlist and, where a screening scenario of the round was
approved, every entrepreneur its run found eligible but did not select (for the activity, when
one is asked for). Both were screened the same way as the treated; neither got the programme.
"""

from __future__ import annotations

import json

import numpy as np

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from uplift.access import policy
from uplift.audit.actions import audit_record
from uplift.outcomes import plans
from uplift.outcomes.evaluation import METHODS, evaluate
from uplift.outcomes.models import EvaluationPlan, EvaluationResult
from uplift.outcomes.reference import COMPARISON, ENROLLED
from uplift.registry.slump import slump_window

MAX_BOOTSTRAP = 1000


def treated_enrolments(round_id: int, round_activity_id: int | None = None):
    from uplift.programme.models import Enrolment

    qs = Enrolment.objects.filter(round_activity__round_id=round_id, status__in=ENROLLED, started_on__isnull=False)
    if round_activity_id:
        qs = qs.filter(round_activity_id=round_activity_id)
    return qs


def comparison_entrepreneurs(round_id: int, round_activity_id: int | None = None) -> set[int]:
    from uplift.programme.models import Enrolment

    qs = Enrolment.objects.filter(round_activity__round_id=round_id, status__in=COMPARISON)
    if round_activity_id:
        qs = qs.filter(round_activity_id=round_activity_id)
    return set(qs.values_list("entrepreneur_id", flat=True)) | eligible_not_selected(round_id, round_activity_id)


def eligible_not_selected(round_id: int, round_activity_id: int | None = None) -> set[int]:
    """Entrepreneurs the approved screening run of the round found eligible (for the activity, or for
    any) and left out; empty when no scenario of the round has been approved."""
    from uplift.screening.models import Run, Scenario

    scenario = Scenario.objects.filter(round_id=round_id, approved_at__isnull=False).first()
    if scenario is None:
        return set()
    run = (scenario.runs.filter(status=Run.Status.DONE, finished_at__lte=scenario.approved_at)
           .order_by("-id").first())
    if run is None:
        return set()
    positions = [k for k, a in enumerate(run.config["activities"])
                 if round_activity_id is None or a["round_activity"] == round_activity_id]
    rows = run.rows.filter(is_selected=False, entrepreneur__isnull=False).values_list("entrepreneur_id", "benefit")
    return {pk for pk, benefit in rows if any(benefit[k] is not None for k in positions)}


def sales_panel(round_id: int, round_activity_id: int | None = None):
    """Long polars frame: unit, month, sales, group (treated unit), post (month ≥ its start), and the
    covariates: mean monthly sales and the online share of sales in the pre-slump months."""
    import polars as pl

    from uplift.registry.models import MonthlySales

    starts: dict[int, object] = {}
    for ent, started in treated_enrolments(round_id, round_activity_id).values_list("entrepreneur_id", "started_on"):
        month = started.replace(day=1)
        starts[ent] = min(starts.get(ent, month), month)
    controls = comparison_entrepreneurs(round_id, round_activity_id) - set(starts)
    units = set(starts) | controls
    rows = MonthlySales.objects.filter(entrepreneur_id__in=units).values_list(
        "entrepreneur_id", "month", F("shop") + F("fair") + F("wholesale") + F("online") + F("export"), "online")
    data = [(e, m, float(s), float(o)) for e, m, s, o in rows]
    frame = pl.DataFrame(data, schema=["unit", "month", "sales", "online"], orient="row") if data else pl.DataFrame(
        schema={"unit": pl.Int64, "month": pl.Date, "sales": pl.Float64, "online": pl.Float64})
    start_frame = pl.DataFrame({"unit": list(starts), "start": list(starts.values())},
                               schema={"unit": pl.Int64, "start": pl.Date})
    frame = frame.join(start_frame, on="unit", how="left").with_columns(
        group=pl.col("start").is_not_null(),
        post=pl.col("start").is_not_null() & (pl.col("month") >= pl.col("start")),
    )
    pre = frame.filter(pl.col("month").is_in(list(slump_window().pre_slump))).group_by("unit").agg(
        pre_slump_sales=pl.col("sales").mean(),
        pre_slump_online_share=(pl.col("online").sum() / pl.col("sales").sum().clip(1)),
    )
    return frame.join(pre, on="unit", how="left").sort("unit", "month")


def evaluation_run(*, actor, round_id: int, round_activity_id: int | None = None, method: str = "match-did",
                   bootstrap: int = 200) -> EvaluationResult:
    """Run and store one evaluation, with its sensitivity and whether the round's frozen plan named it
    ("as planned") or not ("exploratory"); a failure is stored with its reason rather than raised."""
    from uplift.programme.models import Round, RoundActivity

    policy.require(actor, "evaluation.run")
    round_ = policy.get_visible(actor, Round, round_id)
    errors = {}
    if method not in METHODS:
        errors["method"] = [_("Choose one of the methods: %(methods)s.") % {"methods": ", ".join(METHODS)}]
    if not 0 <= bootstrap <= MAX_BOOTSTRAP:
        errors["bootstrap"] = [_("Bootstrap draws: 0 to %(n)s.") % {"n": MAX_BOOTSTRAP}]
    if errors:
        raise ValidationError(errors)
    if round_activity_id is not None and not RoundActivity.objects.filter(pk=round_activity_id, round=round_).exists():
        raise ValidationError({"round_activity_id": [_("No such activity in this round.")]})
    frame = sales_panel(round_id, round_activity_id)
    plan = EvaluationPlan.objects.filter(round=round_).order_by("-version").first()
    planned = plans.spec_of(plan) if plan is not None else plans.template_plan()
    covariates = planned.covariates if method in plans.MATCHED_METHODS else ()
    # a covariate that does not vary (e.g. no one sold online) cannot enter the propensity model
    covariates = tuple(c for c in covariates
                       if c in frame.columns and frame.height and (frame[c].drop_nulls().std() or 0) > 0)
    spec = plans.analysis_spec(method=method, outcome="sales", covariates=covariates,
                               round_activity_id=round_activity_id)
    status, role, _departs = plans.classify(plan, spec)
    record = EvaluationResult(round=round_, round_activity_id=round_activity_id, method=method, outcome="sales",
                              spec=spec.as_dict(), plan=plan, plan_status=status, plan_role=role, created_by=actor)
    try:
        ev = evaluate(frame, unit="unit", time="month", outcome="sales", treated="group", post="post",
                      covariates=covariates, method=method, bootstrap=bootstrap, sensitivity=True)
    except (ValueError, ZeroDivisionError, IndexError, np.linalg.LinAlgError) as error:
        record.error = str(error)
        record.result = {"n_rows": frame.height}
    else:
        record.result = json.loads(ev.to_json(default=str))
        record.att, record.se, record.ci_low, record.ci_high = ev.att, ev.se, ev.ci_low, ev.ci_high
        record.n_treated, record.n_control = ev.n_treated, ev.n_control
        pre = ev.event_study.pretrend if ev.event_study is not None else None
        record.pretrend_flagged = pre.flagged if pre is not None else None
    with transaction.atomic():
        record.save()
        audit_record(actor=actor, action="evaluate", obj=round_, changes={
            "evaluation": record.pk, "method": method, "activity": round_activity_id, "att": record.att,
            "error": record.error, "plan": plan.sha256 if plan else None, "plan_status": status})
    return record
