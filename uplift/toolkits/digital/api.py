"""REST endpoints of the digital toolkit (activity 2): thin wrappers over its selectors and actions.

Errors: 403 when the role may not write, 404 when the object is outside the caller's scope (never
"exists but…"), 422 with field-keyed Thai messages (a question's id for an answer) when an action
refuses the data.
"""

from datetime import date, datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ninja import Field, File, Form, Query, Router, Schema, Status
from ninja.files import UploadedFile
from pydantic import ConfigDict

from uplift.access import policy
from uplift.registry.models import Product
from uplift.toolkits.digital import actions, selectors

router = Router(tags=["digital"])

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


class RespondentIn(_In):
    wave: str = Field("t0", description="t0 (before support) or t1 (after support)")
    role: str = Field(description="owner, successor or staff (digital/data/dma_v1.json)")
    name: str
    answers: dict[str, Any] = Field(description="question id → answer code (a list for multiple choice, 0-5 for a scale)")


class RespondentOut(Schema):
    id: int
    wave: str = Field(alias="assessment.wave")
    role: str
    name: str
    answers: dict[str, Any]
    dimensions: dict[str, float]
    overall: float


class RecordIn(_In):
    wave: str = Field("t0", description="the assessment: t0 or t1")
    outcome_wave: str | None = Field(None, description="for t1: end (default), m3, m6 or m12; t0 is the baseline")


class ObservationOut(Schema):
    id: int
    indicator: str = Field(alias="indicator.code")
    wave: str
    value: float
    origin: str


class RoadmapIn(_In):
    starts_on: date
    days_per_week: float = 2
    target: float | None = None
    wave: str = "t0"


class ItemIn(_In):
    due_on: date | None = None
    done_on: date | None = None
    milestone: int | None = None
    note: str | None = None


class ItemOut(Schema):
    id: int
    step: int
    action: str
    dimension: str
    title_th: str
    title_en: str
    days: float
    reasons: list[str]
    starts_on: date
    due_on: date
    done_on: date | None
    milestone: int | None = Field(alias="milestone_id")
    note: str


class RoadmapOut(Schema):
    id: int
    version: str
    starts_on: date
    days_per_week: float
    target: float
    items: list[ItemOut]

    @staticmethod
    def resolve_items(obj) -> list:
        return list(obj.items.order_by("step"))


class CheckOut(Schema):
    id: int
    marketplaces: list[str]
    passed: bool
    result: dict[str, Any]
    product: int | None = Field(alias="product_id")
    created_at: datetime


class WorkspaceOut(Schema):
    enrolment: int
    assessments: list[dict[str, Any]]
    change: dict[str, Any] | None
    radar: dict[str, Any] | None
    roadmap: RoadmapOut | None
    milestones: list[dict[str, Any]]
    checks: list[CheckOut]


def _enrolment(request, enrolment_id: int):
    return selectors.enrolment_get(request.auth, enrolment_id)


@router.get("/questionnaire", response={200: dict[str, Any], **ERRORS})
def questionnaire(request):
    """The questionnaire (dma_v1): dimensions, questions with their answers and weights, roles and levels."""
    q = selectors.questionnaire()
    return {"version": q.version,
            "dimensions": [d.__dict__ for d in q.dimensions],
            "questions": [{"id": x.id, "dimension": x.dimension, "kind": x.kind, "text_th": x.text_th,
                           "text_en": x.text_en, "answers": [a.__dict__ for a in x.answers]} for x in q.questions],
            "roles": [r.__dict__ for r in q.roles], "bands": [b.__dict__ for b in q.bands]}


@router.get("/enrolments", response={200: EnrolmentPage, **ERRORS})
def enrolment_list(request, query: Query[PageQuery]):
    qs = selectors.enrolments(request.auth, query.sort)
    start = (query.page - 1) * query.page_size
    return {"count": qs.count(), "page": query.page, "page_size": query.page_size,
            "items": list(qs[start:start + query.page_size])}


@router.get("/enrolments/{int:enrolment_id}", response={200: WorkspaceOut, **ERRORS})
def enrolment_workspace(request, enrolment_id: int):
    """T0 and T1 with their dimension scores and respondents, the change, the radar's data, the roadmap
    with the milestones it is tracked against, and the presentation checks."""
    space = selectors.workspace(request.auth, _enrolment(request, enrolment_id))
    change = space.change
    return {
        "enrolment": enrolment_id,
        "assessments": [{"wave": w.wave, "id": w.assessment.pk, "overall": w.assessment.overall,
                         "band": w.assessment.band, "dimensions": w.assessment.dimensions,
                         "spread": w.assessment.spread, "respondents": len(w.respondents),
                         "recorded_value": None if w.assessment.recorded_value is None else float(w.assessment.recorded_value),
                         "recorded_wave": w.assessment.recorded_wave, "origin": w.assessment.origin}
                        for w in space.waves if w.assessment],
        "change": None if change is None else {"overall": change.overall, "dimensions": dict(change.dimensions),
                                               "band_t0": change.band_t0.code, "band_t1": change.band_t1.code},
        "radar": space.radar, "roadmap": space.roadmap,
        "milestones": [{"id": m.pk, "name_th": m.template.name_th, "due_on": m.due_on, "done_on": m.done_on}
                       for m in space.milestones],
        "checks": space.checks,
    }


@router.post("/enrolments/{int:enrolment_id}/respondents", response={201: RespondentOut, **ERRORS})
def respondent_create(request, enrolment_id: int, payload: RespondentIn):
    """One respondent's answers; the owner may answer their own (`toolkit.own`)."""
    return Status(201, actions.respondent_save(actor=request.auth, enrolment=_enrolment(request, enrolment_id),
                                               **payload.model_dump()))


@router.put("/respondents/{int:respondent_id}", response={200: RespondentOut, **ERRORS})
def respondent_update(request, respondent_id: int, payload: RespondentIn):
    respondent = selectors.respondent_get(request.auth, respondent_id)
    enrolment = selectors.enrolment_get(request.auth, respondent.assessment.enrolment_id)
    return actions.respondent_save(actor=request.auth, enrolment=enrolment, respondent=respondent,
                                   **payload.model_dump())


@router.delete("/respondents/{int:respondent_id}", response={204: None, **ERRORS})
def respondent_delete(request, respondent_id: int):
    actions.respondent_delete(actor=request.auth, respondent=selectors.respondent_get(request.auth, respondent_id))
    return Status(204, None)


@router.post("/enrolments/{int:enrolment_id}/record", response={201: ObservationOut, **ERRORS})
def record(request, enrolment_id: int, payload: RecordIn):
    """Send T0 (baseline) or T1 (a follow-up wave) to outcomes; origin `digital.Assessment:<id>`."""
    enrolment = _enrolment(request, enrolment_id)
    assessment = selectors.assessment_of(request.auth, enrolment, payload.wave)
    if assessment is None:
        raise ValidationError({"wave": _("No respondent has answered this assessment yet.")})
    return Status(201, actions.assessment_record(actor=request.auth, assessment=assessment,
                                                 wave=payload.outcome_wave))


@router.post("/enrolments/{int:enrolment_id}/roadmap", response={201: RoadmapOut, **ERRORS})
def roadmap_build(request, enrolment_id: int, payload: RoadmapIn):
    """The dated plan from the assessment's gaps, each item tied to a milestone of the enrolment."""
    return Status(201, actions.roadmap_build(actor=request.auth, enrolment=_enrolment(request, enrolment_id),
                                             **payload.model_dump()))


@router.patch("/roadmap-items/{int:item_id}", response={200: ItemOut, **ERRORS})
def roadmap_item_update(request, item_id: int, payload: ItemIn):
    item = selectors.roadmap_item_get(request.auth, item_id)
    given = payload.model_dump(exclude_unset=True)
    return actions.roadmap_item_update(actor=request.auth, item=item, **given)


@router.post("/enrolments/{int:enrolment_id}/checks", response={201: CheckOut, **ERRORS})
def check_create(request, enrolment_id: int, marketplaces: Form[list[str] | None] = None,
                 photo: File[UploadedFile] = None,
                 title_th: Form[str] = "", title_en: Form[str] = "", description_th: Form[str] = "",
                 description_en: Form[str] = "", product: Form[int | None] = None):
    """Check a photo (multipart) and texts offline: shopee_th, lazada_th, google_merchant, amazon."""
    enrolment = _enrolment(request, enrolment_id)
    item = policy.get_visible(request.auth, Product, product) if product else None
    return Status(201, actions.presentation_check_create(
        actor=request.auth, enrolment=enrolment, marketplaces=marketplaces or [], photo=photo, title_th=title_th,
        title_en=title_en, description_th=description_th, description_en=description_en, product=item))

