"""REST endpoints of the identity toolkit (activity 4): thin wrappers over its selectors and actions.

Errors: 403 when the role may not write, 404 when the object is outside the caller's scope (never
"exists but…"), 422 with field-keyed Thai messages when an action refuses the data.
"""

from datetime import date, datetime
from typing import Any

from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Field, File, Form, Query, Router, Schema, Status
from ninja.files import UploadedFile
from pydantic import ConfigDict

from uplift.access import policy
from uplift.registry.models import Product
from uplift.toolkits.identity import actions, selectors
from uplift.toolkits.identity.core.label import FoodLabel, check_label
from uplift.toolkits.identity.core.series import MonthRow
from uplift.toolkits.identity.models import MockupVersion

router = Router(tags=["identity"])

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


class WorksheetIn(_In):
    answers: dict[str, Any] = Field(description="field code → answer (identity/data/identity_worksheet_v1.json)")


class WorksheetOut(Schema):
    version: str
    answers: dict[str, Any]
    complete: bool
    problems: list[dict[str, str]]
    photos: list[int]


class BriefIn(_In):
    title: str
    product: int | None = None
    food_label: bool | None = Field(None, description="empty: from the product's category (food, beverage)")


class BriefUpdateIn(_In):
    answers: dict[str, Any] = Field(description="field code → answer (identity/data/design_brief_v1.json)")
    title: str | None = None
    food_label: bool | None = None


class CheckItemOut(Schema):
    rule_id: str
    element: str
    status: str
    message_th: str
    message_en: str


class VersionOut(Schema):
    id: int
    number: int
    content_type: str
    size: int
    note: str
    created_at: datetime
    label: dict[str, Any] | None
    label_rules_version: str
    checklist: list[CheckItemOut] | None = Field(alias="label_result")


class BriefOut(Schema):
    id: int
    title: str
    product: int | None = Field(alias="product_id")
    status: str
    food_label: bool
    version: str
    answers: dict[str, Any]
    complete: bool
    approved_version: int | None = Field(None, description="the approved version's number")
    approved_at: datetime | None
    versions: list[VersionOut]

    @staticmethod
    def resolve_approved_version(obj) -> int | None:
        return obj.approved_version.number if obj.approved_version_id else None

    @staticmethod
    def resolve_versions(obj) -> list:
        return list(obj.versions.all())


class LabelIn(_In):
    product_name: str = ""
    fda_number: str = ""
    fda_number_in_mark: bool = False
    business_role: str = "maker"
    business_name: str = ""
    business_address: str = ""
    country_of_origin: str = ""
    net_quantity: float | None = None
    net_unit: str = ""
    ingredients: list[dict[str, Any]] = Field([], description="[{name, percent}] largest share first")
    allergens_contained: list[str] = []
    allergens_declared: list[str] = []
    additives: list[dict[str, Any]] = Field([], description="[{name, function, ins}]")
    date_phrase: str = ""
    date_shows_day: bool = False
    shelf_life_days: int | None = None
    needs_storage_instructions: bool = False
    storage_instructions: str = ""


class ChecklistOut(Schema):
    rules_version: str
    compliant: bool
    items: list[CheckItemOut]


class CommentIn(_In):
    text: str
    x: float | None = Field(None, description="pin across the image, percent")
    y: float | None = Field(None, description="pin down the image, percent")


class CommentOut(Schema):
    id: int
    version: int = Field(alias="version_id")
    text: str
    x: float | None
    y: float | None
    created_at: datetime


class ApproveIn(_In):
    version: int = Field(description="the version's number within the brief")


class CompareOut(Schema):
    a: int
    b: int
    fixed: list[CheckItemOut]
    introduced: list[CheckItemOut]
    remaining: list[CheckItemOut]
    changed: list[str]


class StarsIn(_In):
    scores: dict[str, float] = Field(description="criterion code → points (identity/data/opc_criteria_v1.json)")
    product: int | None = None
    holds_legal_standard: bool | None = Field(None, description="empty: from the registry's standards held")


class StarsOut(Schema):
    id: int
    criteria_version: str
    total: float
    stars: int
    bands_confirmed: bool
    points_to_next: float | None
    parts: list[dict[str, Any]]
    eligible: bool | None


class LaunchIn(_In):
    product: int
    launch_month: str = Field(description="YYYY-MM")
    price_before: float | None = None
    price_after: float | None = None
    brief: int | None = None
    note: str = ""


class MonthIO(Schema):
    month: str = Field(description="YYYY-MM")
    sales: float
    price: float | None = None
    units: float | None = None


class MonthsIn(_In):
    months: list[MonthIO]


class LaunchOut(Schema):
    id: int
    product: int
    launch_month: date
    before_after: dict[str, Any]
    its: dict[str, Any] | None
    its_error: str
    months: list[MonthIO]


class ClaimIn(_In):
    launches: list[int]
    wave: str = Field(description="end, m3, m6 or m12")
    source: str = "verified"


class ClaimOut(Schema):
    id: int
    wave: str
    origin: str
    values: dict[str, float]
    created_at: datetime


def _enrolment(request, enrolment_id: int):
    return selectors.enrolment_get(request.auth, enrolment_id)


def _product(request, pk: int | None):
    return policy.get_visible(request.auth, Product, pk) if pk else None


def _worksheet(request, enrolment) -> dict:
    view = selectors.worksheet_view(request.auth, enrolment)
    record = view.record
    return {"version": record.version if record else "", "answers": record.answers if record else {},
            "complete": view.complete, "photos": [p.pk for p in view.photos],
            "problems": [{"field": p.field, "message_th": p.message_th} for p in view.problems]}


def _launch(launch) -> dict:
    figures = selectors.launch_figures(launch)
    result = figures.its
    return {"id": launch.pk, "product": launch.product_id, "launch_month": launch.launch_month,
            "before_after": vars(figures.before_after), "its_error": figures.error,
            "months": [{"month": r.month.isoformat()[:7], "sales": r.sales, "price": r.price, "units": r.units}
                       for r in figures.rows],
            "its": None if result is None else {
                "level_change": result.level_change, "level_ci": list(result.level_ci), "level_p": result.level_p,
                "slope_change": result.slope_change, "slope_ci": list(result.slope_ci), "n_before": result.n_before,
                "n_after": result.n_after, "verdict": result.verdict, "verdict_th": result.verdict_th,
                "confidence": result.confidence, "cov_type": result.cov_type, "settings_version": result.settings_version,
                "relative_level_change": result.relative_level_change}}


@router.get("/enrolments", response={200: EnrolmentPage, **ERRORS})
def enrolment_list(request, query: Query[PageQuery]):
    qs = selectors.enrolments(request.auth, query.sort)
    start = (query.page - 1) * query.page_size
    return {"count": qs.count(), "page": query.page, "page_size": query.page_size,
            "items": list(qs[start:start + query.page_size])}


@router.get("/enrolments/{int:enrolment_id}", response={200: dict[str, Any], **ERRORS})
def enrolment_workspace(request, enrolment_id: int):
    """The worksheet's state, the briefs with their versions, the latest star self-score, each launch's figures."""
    enrolment = _enrolment(request, enrolment_id)
    space = selectors.workspace(request.auth, enrolment)
    return {"enrolment": enrolment_id, "worksheet": _worksheet(request, enrolment),
            "briefs": [{"id": b.pk, "title": b.title, "status": b.status, "versions": b.versions.count(),
                        "approved_version": b.approved_version.number if b.approved_version_id else None}
                       for b in space.briefs],
            "stars": None if space.star_result is None else {
                "total": space.star_result.total, "stars": space.star_result.band.stars,
                "bands_confirmed": space.star_result.bands_confirmed},
            "launches": [_launch(f.launch) for f in space.launches],
            "claims": [{"id": c.pk, "wave": c.wave, "values": c.values, "origin": c.origin} for c in space.claims]}


@router.get("/enrolments/{int:enrolment_id}/worksheet", response={200: WorksheetOut, **ERRORS})
def worksheet_get(request, enrolment_id: int):
    return _worksheet(request, _enrolment(request, enrolment_id))


@router.put("/enrolments/{int:enrolment_id}/worksheet", response={200: WorksheetOut, **ERRORS})
def worksheet_put(request, enrolment_id: int, payload: WorksheetIn):
    """Save the answers; blanks leave the worksheet incomplete (listed in `problems`), bad answers give 422."""
    enrolment = _enrolment(request, enrolment_id)
    actions.worksheet_save(actor=request.auth, enrolment=enrolment, answers=payload.answers)
    return _worksheet(request, enrolment)


@router.post("/enrolments/{int:enrolment_id}/photos", response={201: dict[str, Any], **ERRORS})
def photo_create(request, enrolment_id: int, image: File[UploadedFile], caption: Form[str] = ""):
    photo = actions.photo_add(actor=request.auth, enrolment=_enrolment(request, enrolment_id), image=image,
                              caption=caption)
    return Status(201, {"id": photo.pk, "caption": photo.caption})


@router.post("/enrolments/{int:enrolment_id}/briefs", response={201: BriefOut, **ERRORS})
def brief_create(request, enrolment_id: int, payload: BriefIn):
    """A new brief prefilled from the identity worksheet."""
    enrolment = _enrolment(request, enrolment_id)
    brief = actions.brief_create(actor=request.auth, enrolment=enrolment, title=payload.title,
                                 product=_product(request, payload.product), food_label=payload.food_label)
    return Status(201, selectors.brief_get(request.auth, brief.pk))


@router.get("/briefs/{int:brief_id}", response={200: BriefOut, **ERRORS})
def brief_get(request, brief_id: int):
    return selectors.brief_get(request.auth, brief_id)


@router.put("/briefs/{int:brief_id}", response={200: BriefOut, **ERRORS})
def brief_update(request, brief_id: int, payload: BriefUpdateIn):
    brief = selectors.brief_get(request.auth, brief_id)
    actions.brief_save(actor=request.auth, brief=brief, answers=payload.answers, title=payload.title,
                       food_label=payload.food_label)
    return selectors.brief_get(request.auth, brief_id)


@router.post("/briefs/{int:brief_id}/versions", response={201: VersionOut, **ERRORS})
def version_create(request, brief_id: int, file: File[UploadedFile], note: Form[str] = ""):
    """Upload the next mock-up version (multipart: `file` an image or PDF, `note`)."""
    brief = selectors.brief_get(request.auth, brief_id)
    return Status(201, actions.version_upload(actor=request.auth, brief=brief, file=file, note=note))


@router.put("/versions/{int:version_id}/label", response={200: ChecklistOut, **ERRORS})
def version_label(request, version_id: int, payload: LabelIn):
    """Record the label as printed on this version; the answer is its checklist naming each missing element."""
    version = selectors.version_get(request.auth, version_id)
    version = actions.version_label_check(actor=request.auth, version=version, label=payload.model_dump())
    checklist = selectors.checklist_of(version)
    return {"rules_version": checklist.rules_version, "compliant": checklist.compliant,
            "items": version.label_result}


@router.post("/label-check", response={200: ChecklistOut, **ERRORS})
def label_check(request, payload: LabelIn):
    """Check a label description without storing it (the MoPH labelling rules as data)."""
    checklist = check_label(FoodLabel.from_dict(payload.model_dump()))
    return {"rules_version": checklist.rules_version, "compliant": checklist.compliant,
            "items": actions.checklist_dict(checklist)}


@router.post("/versions/{int:version_id}/comments", response={201: CommentOut, **ERRORS})
def comment_create(request, version_id: int, payload: CommentIn):
    version = selectors.version_get(request.auth, version_id)
    return Status(201, actions.comment_add(actor=request.auth, version=version, **payload.model_dump()))


def _version_of(request, brief, number: int) -> MockupVersion:
    version = selectors.visible(request.auth, MockupVersion).filter(brief=brief, number=number).first()
    if version is None:
        raise Http404(_("Not found."))
    return version


@router.post("/briefs/{int:brief_id}/approve", response={200: BriefOut, **ERRORS})
def brief_approve(request, brief_id: int, payload: ApproveIn):
    """The entrepreneur (or staff for them) approves one version; a food label must pass its checklist."""
    brief = selectors.brief_get(request.auth, brief_id)
    actions.brief_approve(actor=request.auth, brief=brief, version=_version_of(request, brief, payload.version))
    return selectors.brief_get(request.auth, brief_id)


@router.get("/briefs/{int:brief_id}/compare", response={200: CompareOut, **ERRORS})
def brief_compare(request, brief_id: int, a: int, b: int):
    """Two versions side by side: label problems fixed, introduced and remaining, and changed label elements."""
    brief = selectors.brief_get(request.auth, brief_id)
    context = selectors.compare(request.auth, brief, _version_of(request, brief, a), _version_of(request, brief, b))
    result = context["result"]
    return {"a": context["a"].version.number, "b": context["b"].version.number,
            "fixed": [vars(i) for i in result.fixed], "introduced": [vars(i) for i in result.introduced],
            "remaining": [vars(i) for i in result.remaining], "changed": [c.element for c in result.changes]}


@router.post("/enrolments/{int:enrolment_id}/stars", response={201: StarsOut, **ERRORS})
def stars_create(request, enrolment_id: int, payload: StarsIn):
    """An OTOP Product Champion self-score; `bands_confirmed` is false: the cut-offs are unconfirmed data."""
    enrolment = _enrolment(request, enrolment_id)
    record = actions.star_assess(actor=request.auth, enrolment=enrolment, scores=payload.scores,
                                 product=_product(request, payload.product),
                                 holds_standard=payload.holds_legal_standard)
    result = selectors.star_result(record)
    return Status(201, {"id": record.pk, "criteria_version": record.criteria_version, "total": result.total,
                        "stars": result.band.stars, "bands_confirmed": result.bands_confirmed,
                        "points_to_next": result.points_to_next, "eligible": result.eligible,
                        "parts": [vars(p) for p in result.parts]})


@router.post("/enrolments/{int:enrolment_id}/launches", response={201: LaunchOut, **ERRORS})
def launch_create(request, enrolment_id: int, payload: LaunchIn):
    enrolment = _enrolment(request, enrolment_id)
    brief = selectors.brief_get(request.auth, payload.brief) if payload.brief else None
    launch = actions.launch_save(actor=request.auth, enrolment=enrolment, product=_product(request, payload.product),
                                 launch_month=payload.launch_month, price_before=payload.price_before,
                                 price_after=payload.price_after, brief=brief, note=payload.note)
    return Status(201, _launch(launch))


@router.get("/launches/{int:launch_id}", response={200: LaunchOut, **ERRORS})
def launch_get(request, launch_id: int):
    """Before/after means and the interrupted time-series estimate at the launch month with its interval."""
    return _launch(selectors.launch_get(request.auth, launch_id))


@router.put("/launches/{int:launch_id}/months", response={200: LaunchOut, **ERRORS})
def launch_months(request, launch_id: int, payload: MonthsIn):
    """Add or replace months of sales (baht) and price."""
    launch = selectors.launch_get(request.auth, launch_id)
    rows = [MonthRow(actions.month_of(m.month, f"months.{n}.month"), m.sales, m.price, m.units)
            for n, m in enumerate(payload.months)]
    actions.launch_months_save(actor=request.auth, launch=launch, rows=rows)
    return _launch(selectors.launch_get(request.auth, launch_id))


@router.post("/enrolments/{int:enrolment_id}/claims", response={201: ClaimOut, **ERRORS})
def claim_create(request, enrolment_id: int, payload: ClaimIn):
    """Send launches to outcomes: `new_products` and `sales` observations whose origin is `identity.OutcomeClaim:<id>`."""
    return Status(201, actions.outcome_claim_create(
        actor=request.auth, enrolment=_enrolment(request, enrolment_id), launch_ids=payload.launches,
        wave=payload.wave, source=payload.source))
