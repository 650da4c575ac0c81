"""REST endpoints of the lean toolkit (activity 6): thin wrappers over its selectors and actions.

Errors: 403 when the role may not write, 404 when the object is outside the caller's scope (never
"exists but…"), 422 with field-keyed Thai messages when an action refuses the data.
"""

from datetime import date, datetime
from typing import Any

from ninja import Field, Query, Router, Schema, Status
from pydantic import ConfigDict

from uplift.access import policy
from uplift.toolkits.lean import actions, selectors
from uplift.toolkits.lean.models import Line

router = Router(tags=["lean"])

MAX_PAGE_SIZE = 100


class ErrorOut(Schema):
    detail: str


class ValidationOut(Schema):
    detail: list[dict[str, Any]]
    errors: dict[str, list[str]]


ERRORS = {403: ErrorOut, 404: ErrorOut, 422: ValidationOut}


class _In(Schema):
    model_config = ConfigDict(extra="forbid")


class EnrolmentOut(Schema):
    id: int
    entrepreneur: int = Field(alias="entrepreneur_id")
    entrepreneur_name: str = Field(alias="entrepreneur.name_th")
    round: int = Field(alias="round_activity.round_id")
    status: str
    started_on: date | None


class EnrolmentPage(Schema):
    count: int
    page: int
    page_size: int
    items: list[EnrolmentOut]


class PageQuery(Schema):
    page: int = Field(1, ge=1)
    page_size: int = Field(20, ge=1, le=MAX_PAGE_SIZE)
    sort: str = Field("entrepreneur", description="entrepreneur, round, status or started; '-' for descending")


class StopIO(Schema):
    loss: str = Field(description="breakdown, setup_adjustment or small_stop (lean/data/losses_v1.json)")
    minutes: float
    note: str = ""


class RejectIO(Schema):
    loss: str = Field(description="startup_reject or production_reject")
    count: int


class ShiftIn(_In):
    line: str = Field(description="line name; a new name creates the line")
    date: date
    shift: str = "1"
    product: str = ""
    planned_minutes: float
    downtime_minutes: float | None = Field(None, description="empty: the sum of the availability stops")
    ideal_cycle_seconds: float
    total_count: int
    good_count: int
    note: str = ""
    stops: list[StopIO] = []
    rejects: list[RejectIO] = []


class ShiftOut(Schema):
    id: int
    line: str = Field(alias="line.name")
    date: date
    shift: str
    product: str
    planned_minutes: float
    downtime_minutes: float | None
    ideal_cycle_seconds: float
    total_count: int
    good_count: int
    note: str
    stops: list[StopIO]
    rejects: list[RejectIO]

    @staticmethod
    def resolve_stops(obj) -> list[dict]:
        return [{"loss": s.loss, "minutes": s.minutes, "note": s.note} for s in obj.stops.all()]

    @staticmethod
    def resolve_rejects(obj) -> list[dict]:
        return [{"loss": r.loss, "count": r.count} for r in obj.rejects.all()]


class MeasuresOut(Schema):
    key: str
    availability: float
    performance: float
    quality: float
    oee: float
    planned_minutes: float
    good_count: int
    total_count: int
    shifts: list[int]
    flags: list[dict[str, Any]]


class WorkspaceOut(Schema):
    enrolment: int
    total: MeasuresOut | None
    lines: list[MeasuresOut]
    dates: list[MeasuresOut]
    teep: float | None
    utilisation: float | None
    mura_cv: float | None
    waterfall: list[dict[str, Any]]
    line_balance: list[dict[str, Any]]
    waste: list[dict[str, Any]]
    kaizen: list[dict[str, Any]]
    savings: list[dict[str, Any]]


class TimingIn(_In):
    line: str
    step: str
    order: int = 1
    kind: str = Field(description="stopwatch or tally")
    splits: list[float] | None = Field(None, description="stopwatch: cumulative seconds at each lap")
    laps: list[float] | None = Field(None, description="stopwatch: seconds of each lap (instead of splits)")
    marks: dict[str, int] | None = Field(None, description="tally: category → count")
    note: str = ""


class TimingOut(Schema):
    id: int
    line: str = Field(alias="line.name")
    step: str
    kind: str
    laps: list[float]
    marks: dict[str, int]


class WasteIn(_In):
    date: date
    waste: str = Field(description="a TIMWOODS code (lean/data/timwoods_v1.json)")
    description: str
    quantity: float = 0
    unit: str = ""
    baht: float = 0
    line: int | None = None


class WasteOut(Schema):
    id: int
    date: date
    waste: str
    description: str
    quantity: float
    unit: str
    baht: float


class KaizenIn(_In):
    problem: str
    countermeasure: str
    owner: str
    started_on: date
    due_on: date | None = None
    done_on: date | None = None
    metric: str = Field("oee", description="oee, output_per_hour or scrap_rate")
    baseline_start: date
    baseline_end: date
    after_start: date
    after_end: date
    line: int | None = None


class SavingIn(_In):
    rule: str = Field(description="capacity_bound, demand_bound or defects")
    line: int | None = None
    before_start: date
    before_end: date
    after_start: date
    after_end: date
    planned_minutes_per_month: float | None = None
    contribution_margin_baht: float | None = None
    worker_hours_per_month: float | None = None
    ideal_cycle_seconds: float | None = None
    demand_pieces_per_month: float | None = None
    labour_baht_per_hour: float | None = None
    energy_baht_per_hour: float | None = None
    pieces_per_month: float | None = None
    material_baht_per_piece: float | None = None
    conversion_baht_per_piece: float | None = None
    piece_mass_kg: float | None = None


class SavingOut(Schema):
    id: int
    rule: str
    baht_per_month: float
    result: dict[str, Any]
    before_shifts: list[int]
    after_shifts: list[int]

    @staticmethod
    def resolve_before_shifts(obj) -> list[int]:
        return sorted(obj.before_shifts.values_list("pk", flat=True))

    @staticmethod
    def resolve_after_shifts(obj) -> list[int]:
        return sorted(obj.after_shifts.values_list("pk", flat=True))


class ClaimIn(_In):
    savings: list[int]
    wave: str = Field(description="end, m3, m6 or m12")
    source: str = "verified"
    baselines: dict[str, float] = Field({}, description="level before the change, per indicator, when the round has no baseline")


class ClaimOut(Schema):
    id: int
    wave: str
    origin: str
    values: dict[str, float]
    baselines: dict[str, float]
    created_at: datetime


def _enrolment(request, enrolment_id: int):
    return selectors.enrolment_get(request.auth, enrolment_id)


def _line(request, pk: int | None):
    return policy.get_visible(request.auth, Line, pk, "toolkit.view") if pk else None


@router.get("/enrolments", response={200: EnrolmentPage, **ERRORS})
def enrolment_list(request, query: Query[PageQuery]):
    qs = selectors.enrolments(request.auth, query.sort)
    start = (query.page - 1) * query.page_size
    return {"count": qs.count(), "page": query.page, "page_size": query.page_size,
            "items": list(qs[start:start + query.page_size])}


@router.get("/enrolments/{int:enrolment_id}", response={200: WorkspaceOut, **ERRORS})
def enrolment_workspace(request, enrolment_id: int):
    """OEE by line, day and in total (from summed times and counts), waterfall, TEEP, Mura, line balance,
    waste by type, kaizen effects with their intervals, and the savings with the shifts behind them."""
    space = selectors.workspace(request.auth, _enrolment(request, enrolment_id))
    return {
        "enrolment": enrolment_id, "total": space.total, "dates": space.dates,
        "lines": [figures.oee for figures in space.lines if figures.oee],
        "teep": space.teep.teep if space.teep else None,
        "utilisation": space.teep.utilisation if space.teep else None,
        "mura_cv": space.mura.cv if space.mura else None,
        "waterfall": space.waterfall,
        "line_balance": [{"line": f.line.name, **f.balance} for f in space.lines if f.balance],
        "waste": [{"waste": w.waste, "entries": w.entries, "quantities": w.quantities, "baht": w.baht,
                   "share_of_baht": w.share_of_baht, "entry_ids": list(w.entry_ids)} for w in space.waste],
        "kaizen": [{"card": k.card.pk, "problem": k.card.problem, "metric": k.card.metric, "error": k.error,
                    "effect": None if k.effect is None else {
                        "before_mean": k.effect.before_mean, "after_mean": k.effect.after_mean,
                        "difference": k.effect.difference, "ci_low": k.effect.ci_low, "ci_high": k.effect.ci_high,
                        "confidence": k.effect.confidence, "method": k.effect.method, "improved": k.effect.improved,
                        "before_shifts": list(k.effect.before_row_ids), "after_shifts": list(k.effect.after_row_ids)}}
                   for k in space.kaizen],
        "savings": [{"id": s.pk, "rule": s.rule, "baht_per_month": float(s.baht_per_month), "result": s.result}
                    for s in space.savings],
    }


@router.get("/enrolments/{int:enrolment_id}/shifts", response={200: list[ShiftOut], **ERRORS})
def shift_list(request, enrolment_id: int):
    return list(selectors.shifts(request.auth, _enrolment(request, enrolment_id)))


def _shift_args(payload: ShiftIn) -> dict:
    data = payload.model_dump(exclude={"stops", "rejects"})
    return {"data": data, "stops": [s.model_dump() for s in payload.stops], "rejects": [r.model_dump() for r in payload.rejects]}


@router.post("/enrolments/{int:enrolment_id}/shifts", response={201: ShiftOut, **ERRORS})
def shift_create(request, enrolment_id: int, payload: ShiftIn):
    shift = actions.shift_save(actor=request.auth, enrolment=_enrolment(request, enrolment_id), **_shift_args(payload))
    return Status(201, selectors.shift_get(request.auth, shift.pk))


@router.put("/shifts/{int:shift_id}", response={200: ShiftOut, **ERRORS})
def shift_update(request, shift_id: int, payload: ShiftIn):
    shift = selectors.shift_get(request.auth, shift_id)
    actions.shift_save(actor=request.auth, enrolment=shift.enrolment, shift=shift, **_shift_args(payload))
    return selectors.shift_get(request.auth, shift_id)


@router.delete("/shifts/{int:shift_id}", response={204: None, **ERRORS})
def shift_delete(request, shift_id: int):
    actions.shift_delete(actor=request.auth, shift=selectors.shift_get(request.auth, shift_id))
    return Status(204, None)


@router.post("/enrolments/{int:enrolment_id}/timings", response={201: TimingOut, **ERRORS})
def timing_create(request, enrolment_id: int, payload: TimingIn):
    return Status(201, actions.timing_save(actor=request.auth, enrolment=_enrolment(request, enrolment_id),
                                           **payload.model_dump()))


@router.post("/enrolments/{int:enrolment_id}/waste", response={201: WasteOut, **ERRORS})
def waste_create(request, enrolment_id: int, payload: WasteIn):
    enrolment = _enrolment(request, enrolment_id)
    return Status(201, actions.waste_create(actor=request.auth, enrolment=enrolment,
                                            data=payload.model_dump(exclude={"line"}), line=_line(request, payload.line)))


@router.post("/enrolments/{int:enrolment_id}/kaizen", response={201: dict[str, Any], **ERRORS})
def kaizen_create(request, enrolment_id: int, payload: KaizenIn):
    """A kaizen card; the answer carries its effect measured on the log (or why it cannot be yet)."""
    enrolment = _enrolment(request, enrolment_id)
    card = actions.kaizen_save(actor=request.auth, enrolment=enrolment, data=payload.model_dump(exclude={"line"}),
                               line=_line(request, payload.line))
    figures = selectors.kaizen_figures(request.auth, card)
    effect = figures.effect
    return Status(201, {"id": card.pk, "error": figures.error, "effect": None if effect is None else {
        "before_mean": effect.before_mean, "after_mean": effect.after_mean, "difference": effect.difference,
        "ci_low": effect.ci_low, "ci_high": effect.ci_high, "improved": effect.improved}})


@router.post("/enrolments/{int:enrolment_id}/savings", response={201: SavingOut, **ERRORS})
def saving_create(request, enrolment_id: int, payload: SavingIn):
    enrolment = _enrolment(request, enrolment_id)
    data = {k: v for k, v in payload.model_dump(exclude={"rule", "line"}).items() if v is not None}
    return Status(201, actions.saving_create(actor=request.auth, enrolment=enrolment, rule=payload.rule, data=data,
                                             line=_line(request, payload.line)))


@router.post("/enrolments/{int:enrolment_id}/claims", response={201: ClaimOut, **ERRORS})
def claim_create(request, enrolment_id: int, payload: ClaimIn):
    """Send savings to programme outcomes; each observation's origin is `lean.SavingsClaim:<id>`."""
    return Status(201, actions.savings_claim_create(
        actor=request.auth, enrolment=_enrolment(request, enrolment_id), savings_ids=payload.savings,
        wave=payload.wave, baselines=payload.baselines, source=payload.source))

