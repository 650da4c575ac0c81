"""The programme's causal estimate: monthly sales of enrolled entrepreneurs (treated from the
month they started) against the comparison group, through the same `evaluate` as the CLI.

Comparison group: the round's waitlist and, where a screening scenario of the round was
approved, every entrepreneur its run found eligible but did not select (for the activity, when
one is asked for). Both were screened the same way as the treated; neither got the programme.
"""

from __future__ import annotations

import json

import numpy as np

from django.db import transaction
from django.db.models import F

from uplift.audit.actions import audit_record
from uplift.outcomes.evaluation import evaluate
from uplift.outcomes.models import EvaluationResult
from uplift.outcomes.services import ACTIVE_STATUSES, COMPARISON_STATUSES


def treated_enrolments(round_id: int, round_activity_id: int | None = None):
    from uplift.programme.models import Enrolment

    qs = Enrolment.objects.filter(round_activity__round_id=round_id, status__in=ACTIVE_STATUSES, started_on__isnull=False)
    if round_activity_id:
        qs = qs.filter(round_activity_id=round_activity_id)
    return qs


def comparison_entrepreneurs(round_id: int, round_activity_id: int | None = None) -> set[int]:
    from uplift.programme.models import Enrolment

    qs = Enrolment.objects.filter(round_activity__round_id=round_id, status__in=COMPARISON_STATUSES)
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
    """Long polars frame: unit, month, sales, group (treated unit), post (month ≥ its start), pre-slump covariates."""
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
    pre = frame.filter(pl.col("month").dt.year() == 2019).group_by("unit").agg(
        sales_2019=pl.col("sales").mean(), online_share_2019=(pl.col("online").sum() / pl.col("sales").sum().clip(1)),
    )
    return frame.join(pre, on="unit", how="left").sort("unit", "month")


def evaluation_run(*, actor, round_id: int, round_activity_id: int | None = None, method: str = "match-did",
                   bootstrap: int = 200) -> EvaluationResult:
    """Run and store one evaluation; a failure is stored with its reason rather than raised."""
    from uplift.programme.models import Round

    frame = sales_panel(round_id, round_activity_id)
    covariates = ("sales_2019", "online_share_2019") if method in ("match", "match-did") else ()
    # a covariate that does not vary (e.g. no one sold online) cannot enter the propensity model
    covariates = tuple(c for c in covariates if frame.height and (frame[c].drop_nulls().std() or 0) > 0)
    record = EvaluationResult(round_id=round_id, round_activity_id=round_activity_id, method=method, outcome="sales",
                              created_by=actor if actor is not None and actor.is_authenticated else None)
    try:
        ev = evaluate(frame, unit="unit", time="month", outcome="sales", treated="group", post="post",
                      covariates=covariates, method=method, bootstrap=bootstrap)
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
        audit_record(actor=actor, action="evaluate", obj=Round.objects.get(pk=round_id),
                     changes={"evaluation": record.pk, "method": method, "att": record.att, "error": record.error})
    return record
