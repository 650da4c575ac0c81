"""REST endpoints for indicators, observations, economic value and evaluations."""

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Sum
from django.http import Http404
from ninja import Router, Schema, Status
from pydantic import ConfigDict

from uplift.access.models import Role
from uplift.access.scoping import role_of, visible_entrepreneurs
from uplift.outcomes import services
from uplift.outcomes.models import EconomicValue, EvaluationResult, Indicator, Observation

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
    frozen: bool
    entered_by: str | None
    entered_at: datetime

    @staticmethod
    def resolve_indicator(obj) -> str:
        return obj.indicator.code

    @staticmethod
    def resolve_entered_by(obj) -> str | None:
        return obj.entered_by.username if obj.entered_by else None


class ObservationIn(Schema):
    model_config = ConfigDict(extra="forbid")
    entrepreneur_id: int
    round_id: int
    indicator: str
    wave: str
    value: Decimal
    source: str
    period: date | None = None
    document: str = ""
    note: str = ""


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


class ValueTrace(Schema):
    entrepreneur_id: int
    activity: int
    component: str
    amount: Decimal
    share: float
    baseline_observation: int | None
    follow_up_observation: int | None
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
    created_at: datetime
    result: dict


class EvaluationIn(Schema):
    model_config = ConfigDict(extra="forbid")
    round_activity_id: int | None = None
    method: str = "match-did"
    bootstrap: int = 200


@router.get("/indicators", response=list[IndicatorOut])
def indicator_list(request):
    return Indicator.objects.all()


@router.get("/observations", response=list[ObservationOut])
def observation_list(request, round_id: int, entrepreneur_id: int | None = None, wave: str | None = None):
    qs = Observation.objects.filter(round_id=round_id, entrepreneur__in=visible_entrepreneurs(request.auth)).select_related(
        "indicator", "entered_by")
    if entrepreneur_id:
        qs = qs.filter(entrepreneur_id=entrepreneur_id)
    if wave:
        qs = qs.filter(wave=wave)
    return qs[:5000]


@router.post("/observations", response={201: list[ObservationOut]})
def observation_create(request, payload: list[ObservationIn]):
    saved = services.observations_save(actor=request.auth, items=[services.ObservationIn(**p.model_dump()) for p in payload])
    return Status(201, Observation.objects.filter(pk__in=[o.pk for o in saved]).select_related("indicator", "entered_by"))


def _rows(qs, key: str) -> list[dict]:
    return [{"key": r[key].isoformat() if hasattr(r[key], "isoformat") else r[key], "value": float(r["v"] or 0)}
            for r in qs.values(key).annotate(v=Sum("amount")).order_by(key)]


@router.get("/rounds/{int:round_id}/value", response=EconomicValueOut)
def economic_value(request, round_id: int):
    qs = EconomicValue.objects.filter(round_id=round_id, entrepreneur__in=visible_entrepreneurs(request.auth))
    return {
        "round_id": round_id, "total": float(qs.aggregate(t=Sum("amount"))["t"] or 0),
        "by_component": _rows(qs, "component"), "by_activity": _rows(qs, "enrolment__round_activity__activity__number"),
        "by_province": _rows(qs, "entrepreneur__province"), "by_month": _rows(qs, "month"),
    }


@router.get("/rounds/{int:round_id}/value/{int:entrepreneur_id}", response=list[ValueTrace])
def economic_value_trace(request, round_id: int, entrepreneur_id: int):
    if not visible_entrepreneurs(request.auth).filter(pk=entrepreneur_id).exists():
        raise Http404("No such entrepreneur.")
    return [
        {"entrepreneur_id": v.entrepreneur_id, "activity": v.enrolment.round_activity.activity.number,
         "component": v.component, "amount": v.amount, "share": v.share, "baseline_observation": v.baseline_id,
         "follow_up_observation": v.follow_up_id, "detail": v.detail}
        for v in EconomicValue.objects.filter(round_id=round_id, entrepreneur_id=entrepreneur_id)
        .select_related("enrolment__round_activity__activity")
    ]


def _check_evaluator(user) -> None:
    if role_of(user) not in (Role.ADMINISTRATOR, Role.EXECUTIVE):
        raise PermissionDenied("Evaluations cover the whole programme: administrators and executives only.")


@router.get("/rounds/{int:round_id}/evaluations", response=list[EvaluationOut])
def evaluation_list(request, round_id: int):
    _check_evaluator(request.auth)
    return EvaluationResult.objects.filter(round_id=round_id)[:50]


@router.post("/rounds/{int:round_id}/evaluations", response={201: EvaluationOut})
def evaluation_create(request, round_id: int, payload: EvaluationIn):
    from django.core.exceptions import ValidationError

    from uplift.outcomes.causal import evaluation_run
    from uplift.outcomes.evaluation import METHODS
    from uplift.programme.models import Round

    if role_of(request.auth) != Role.ADMINISTRATOR:
        raise PermissionDenied("Only an administrator can run an evaluation.")
    if not Round.objects.filter(pk=round_id).exists():
        raise Http404("No such round.")
    if payload.method not in METHODS:
        raise ValidationError({"method": [f"one of {', '.join(METHODS)}"]})
    if not 0 <= payload.bootstrap <= 1000:
        raise ValidationError({"bootstrap": ["0 to 1000"]})
    rec = evaluation_run(actor=request.auth, round_id=round_id, round_activity_id=payload.round_activity_id,
                         method=payload.method, bootstrap=payload.bootstrap)
    return Status(201, rec)
