"""REST endpoints for indicators, observations, economic value, evaluations and the round's plan.
They parse, call an action or a selector, and shape the answer."""

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from ninja import Router, Schema, Status
from pydantic import ConfigDict

from uplift.outcomes import actions, selectors
from uplift.outcomes.actions import ObservationIn
from uplift.outcomes.causal import evaluation_run

router = Router(tags=["outcomes"])


class IndicatorOut(Schema):
    code: str
    name_th: str
    name_en: str
    unit: str
    direction: str
    frequency: str
    version: str


class ObservationOut(Schema):
    id: int
    entrepreneur_id: int
    round_id: int
    indicator: str
    wave: str
    period: date
    value: Decimal
    source: str
    document: str
    note: str
    origin: str
    frozen: bool
    entered_by: str | None
    entered_at: datetime

    @staticmethod
    def resolve_indicator(obj) -> str:
        return obj.indicator.code

    @staticmethod
    def resolve_entered_by(obj) -> str | None:
        return obj.entered_by.username if obj.entered_by else None


class ValueRow(Schema):
    key: Any
    value: float


class EconomicValueOut(Schema):
    round_id: int
    total: float
    by_component: list[ValueRow]
    by_activity: list[ValueRow]
    by_province: list[ValueRow]
    by_month: list[ValueRow]
    by_origin: list[ValueRow]


class ValueTrace(Schema):
    entrepreneur_id: int
    activity: int
    component: str
    amount: Decimal
    share: float
    baseline_observation: int | None
    follow_up_observation: int | None
    origin: str
    detail: dict


class EvaluationOut(Schema):
    id: int
    round_id: int
    round_activity_id: int | None
    method: str
    outcome: str
    att: float | None
    se: float | None
    ci_low: float | None
    ci_high: float | None
    n_treated: int
    n_control: int
    pretrend_flagged: bool | None
    error: str
    plan_status: str
    plan_role: str
    plan_sha256: str | None
    created_at: datetime
    result: dict

    @staticmethod
    def resolve_plan_sha256(obj) -> str | None:
        return obj.plan.sha256 if obj.plan_id else None


class EvaluationIn(Schema):
    model_config = ConfigDict(extra="forbid")
    round_activity_id: int | None = None
    method: str = "match-did"
    bootstrap: int = 200


class PlanOut(Schema):
    version: int
    sha256: str
    plan: dict
    power: dict
    amends_version: int | None
    reason: str
    frozen_at: datetime
    frozen_by: str | None

    @staticmethod
    def resolve_plan(obj) -> dict:
        return obj.spec.as_dict()

    @staticmethod
    def resolve_amends_version(obj) -> int | None:
        return obj.amends.version if obj.amends_id else None

    @staticmethod
    def resolve_frozen_by(obj) -> str | None:
        return obj.frozen_by.username if obj.frozen_by else None


class PlanChangeIn(Schema):
    model_config = ConfigDict(extra="forbid")
    changes: dict[str, Any]
    reason: str


@router.get("/indicators", response=list[IndicatorOut])
def indicator_list(request):
    return selectors.indicators(request.auth)


@router.get("/observations", response=list[ObservationOut])
def observation_list(request, round_id: int, entrepreneur_id: int | None = None, wave: str | None = None):
    return selectors.observations(request.auth, round_id, entrepreneur_id=entrepreneur_id, wave=wave)[:5000]


@router.post("/observations", response={201: list[ObservationOut]})
def observation_create(request, payload: list[ObservationIn]):
    saved = actions.observations_save(actor=request.auth, items=payload)
    return Status(201, selectors.observations_by_pk(request.auth, [o.pk for o in saved]))


@router.get("/rounds/{int:round_id}/value", response=EconomicValueOut)
def economic_value(request, round_id: int):
    return selectors.value_summary(request.auth, round_id)


@router.get("/rounds/{int:round_id}/value/{int:entrepreneur_id}", response=list[ValueTrace])
def economic_value_trace(request, round_id: int, entrepreneur_id: int):
    return [
        {"entrepreneur_id": v.entrepreneur_id, "activity": v.enrolment.round_activity.activity.number,
         "component": v.component, "amount": v.amount, "share": v.share, "baseline_observation": v.baseline_id,
         "follow_up_observation": v.follow_up_id, "origin": v.origin, "detail": v.detail}
        for v in selectors.value_trace(request.auth, round_id, entrepreneur_id)
    ]


@router.get("/rounds/{int:round_id}/evaluations", response=list[EvaluationOut])
def evaluation_list(request, round_id: int):
    return selectors.evaluations(request.auth, round_id)[:50]


@router.post("/rounds/{int:round_id}/evaluations", response={201: EvaluationOut})
def evaluation_create(request, round_id: int, payload: EvaluationIn):
    rec = evaluation_run(actor=request.auth, round_id=round_id, round_activity_id=payload.round_activity_id,
                         method=payload.method, bootstrap=payload.bootstrap)
    return Status(201, rec)


@router.get("/rounds/{int:round_id}/plans", response=list[PlanOut])
def plan_list(request, round_id: int):
    """Every frozen version of the round's pre-registered evaluation plan, newest first."""
    return selectors.plan_versions(request.auth, round_id)


@router.post("/rounds/{int:round_id}/plans", response={201: PlanOut})
def plan_change(request, round_id: int, payload: PlanChangeIn):
    """A change to the frozen plan: a new version naming the one it amends and the reason."""
    actions.evaluation_plan_revise(actor=request.auth, round_id=round_id, changes=payload.changes,
                                   reason=payload.reason)
    return Status(201, selectors.plan_versions(request.auth, round_id)[0])
