"""REST endpoints of the sustainable toolkit (activity 7): thin wrappers over its selectors and actions.

Errors: 403 when the role may not write, 404 when the object is outside the caller's scope (never
"exists but…"), 422 with field-keyed Thai messages when an action refuses the data.
"""

from datetime import date, datetime
from typing import Any

from ninja import Field, Query, Router, Schema, Status
from pydantic import ConfigDict

from uplift.access import policy
from uplift.registry.models import Product
from uplift.toolkits.sustainable import actions, selectors
from uplift.toolkits.sustainable.core.factors import FactorError, available_versions, load_table
from uplift.toolkits.sustainable.models import InventoryItem

router = Router(tags=["sustainable"])

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


class FootprintIn(_In):
    product: int
    name: str
    functional_unit: str
    functional_units: float = 1
    units_per_month: float | None = None
    reference_date: date | None = Field(None, description="the day the factors must be valid on; default today")
    table_version: str | None = Field(None, description="factor table version; default the newest")
    include_upstream: bool = False
    base: int | None = Field(None, description="the base-year footprint of the same product")
    benchmark_kgco2e: float | None = None


class FootprintOut(Schema):
    id: int
    product: int = Field(alias="product_id")
    name: str
    functional_unit: str
    functional_units: float
    units_per_month: float | None
    reference_date: date
    table_version: str
    include_upstream: bool
    base: int | None = Field(alias="base_id")
    total_kgco2e: float | None
    biogenic_kgco2: float | None
    upstream_kgco2e: float | None
    interval: dict[str, Any]
    computed_at: datetime | None


class FootprintDetail(FootprintOut):
    result: dict[str, Any]
    hotspots: list[dict[str, Any]]
    label: dict[str, Any] | None
    reduction_kgco2e_per_month: float | None
    scenarios: list[dict[str, Any]]


class ItemIn(_In):
    name: str
    category: str = Field(description="materials, electricity, fuels, firewood, transport, packaging, waste or end_of_life")
    quantity: float
    unit: str
    factor: str = Field(description="a factor code of the footprint's table (see /factors)")
    quantity_low: float | None = None
    quantity_high: float | None = None
    note: str = ""


class ItemOut(Schema):
    id: int
    name: str
    category: str
    quantity: float
    unit: str
    factor: str
    quantity_low: float | None
    quantity_high: float | None


class ChangeIn(_In):
    item: str
    quantity: float | None = None
    unit: str | None = None
    factor: str | None = None


class ScenarioIn(_In):
    name: str
    changes: list[ChangeIn]


class ScenarioOut(Schema):
    id: int
    name: str
    changes: list[dict[str, Any]]
    result: dict[str, Any]


class UseIn(_In):
    product: int | None = None
    product_name: str = ""
    value_added_baht_per_year: float


class BiodiversityIn(_In):
    kind: str = Field(description="species or local_ingredient")
    name_th: str
    name_en: str = ""
    scientific_name: str = ""
    origin_place: str
    origin_subdistrict: str = Field("", description="6-digit DOPA subdistrict code")
    community: str
    traditional_knowledge_involved: bool = False
    traditional_knowledge: str = ""
    pic_date: date | None = None
    pic_provider: str = ""
    pic_recipient: str = ""
    pic_document: str = ""
    mat_date: date | None = None
    mat_parties: list[str] = []
    mat_terms: str = ""
    mat_document: str = ""
    benefit_share_percent: float | None = None
    benefit_beneficiaries: list[str] = []
    benefit_terms: str = ""
    protections: list[str] = []
    uses: list[UseIn] = []


class BiodiversityOut(Schema):
    id: int
    kind: str
    name_th: str
    scientific_name: str
    community: str
    traditional_knowledge_involved: bool
    value_added_baht_per_year: float
    benefit_baht_per_year: float | None
    problems: list[dict[str, Any]]


class ClaimIn(_In):
    footprints: list[int]
    wave: str = Field(description="end, m3, m6 or m12")
    source: str = "verified"


class ClaimOut(Schema):
    id: int
    wave: str
    origin: str
    kgco2e_per_month: float
    detail: dict[str, Any]
    created_at: datetime


def _enrolment(request, enrolment_id: int):
    return selectors.enrolment_get(request.auth, enrolment_id)


def _footprint(request, footprint_id: int):
    found = selectors.footprint_get(request.auth, footprint_id)
    selectors.enrolment_get(request.auth, found.enrolment_id)
    return found


def _detail(request, footprint) -> dict:
    figures = selectors.footprint_figures(request.auth, footprint)
    label = figures.label
    return {
        **FootprintOut.from_orm(footprint).model_dump(by_alias=True), "result": footprint.result,
        "hotspots": [{"item": h.item, "category": h.category, "kgco2e": h.kgco2e, "share": h.share,
                      "cumulative_share": h.cumulative_share, "in_pareto": h.in_pareto} for h in figures.hotspots],
        "label": None if label is None else {
            "base_year_kgco2e": label.base_year_kgco2e, "current_kgco2e": label.current_kgco2e,
            "reduction": label.reduction, "min_reduction": label.min_reduction, "eligible": label.eligible,
            "meets_benchmark": label.meets_benchmark, "rule_version": label.rule_version},
        "reduction_kgco2e_per_month": figures.reduction_per_month,
        "scenarios": [{"id": s.pk, "name": s.name, "changes": s.changes, "result": s.result} for s in figures.scenarios],
    }


def _record_out(figures) -> dict:
    record = figures.record
    return {"id": record.pk, "kind": record.kind, "name_th": record.name_th, "scientific_name": record.scientific_name,
            "community": record.community, "traditional_knowledge_involved": record.traditional_knowledge_involved,
            "value_added_baht_per_year": float(figures.value_added),
            "benefit_baht_per_year": None if figures.benefit_baht is None else float(figures.benefit_baht),
            "problems": [{"field": p.field, "message": p.message, "basis": p.basis} for p in figures.problems]}


@router.get("/enrolments", response={200: EnrolmentPage, **ERRORS})
def enrolment_list(request, query: Query[PageQuery]):
    qs = selectors.enrolments(request.auth, query.sort)
    start = (query.page - 1) * query.page_size
    return {"count": qs.count(), "page": query.page, "page_size": query.page_size,
            "items": list(qs[start:start + query.page_size])}


@router.get("/factors", response={200: dict[str, Any], **ERRORS})
def factor_table(request, version: str | None = None):
    """The emission factor table of a version (default the newest): each record with its value, upstream and
    biogenic parts, uncertainty range, source, version and validity dates."""
    try:
        table = load_table(version)
    except FactorError as error:
        return Status(404, {"detail": str(error)})
    return {"version": table.version, "versions": available_versions(), "factors": [
        {"code": f.code, "category": f.category, "name_th": f.name_th, "name_en": f.name_en, "unit": f.unit,
         "kgco2e_per_unit": f.kgco2e_per_unit, "upstream_kgco2e_per_unit": f.upstream_kgco2e_per_unit,
         "biogenic_kgco2_per_unit": f.biogenic_kgco2_per_unit, "source": f.source, "version": f.version,
         "valid_from": f.valid_from, "valid_to": f.valid_to, "confirmed": f.confirmed} for f in table.factors]}


@router.get("/enrolments/{int:enrolment_id}/footprints", response={200: list[FootprintOut], **ERRORS})
def footprint_list(request, enrolment_id: int):
    return list(selectors.footprints(request.auth, _enrolment(request, enrolment_id)))


@router.post("/enrolments/{int:enrolment_id}/footprints", response={201: FootprintDetail, **ERRORS})
def footprint_create(request, enrolment_id: int, payload: FootprintIn):
    enrolment = _enrolment(request, enrolment_id)
    product = policy.get_visible(request.auth, Product, payload.product)
    made = actions.footprint_save(actor=request.auth, enrolment=enrolment, product=product,
                                  data=payload.model_dump(exclude={"product"}))
    return Status(201, _detail(request, made))


@router.get("/footprints/{int:footprint_id}", response={200: FootprintDetail, **ERRORS})
def footprint_detail(request, footprint_id: int):
    """The stored computation (with its factor table and factor versions), hotspots, the reduction label
    check against the base year on the same factors, and the scenarios."""
    return _detail(request, _footprint(request, footprint_id))


@router.post("/footprints/{int:footprint_id}/items", response={201: ItemOut, **ERRORS})
def item_create(request, footprint_id: int, payload: ItemIn):
    return Status(201, actions.item_save(actor=request.auth, footprint=_footprint(request, footprint_id),
                                         data=payload.model_dump()))


@router.get("/footprints/{int:footprint_id}/items", response={200: list[ItemOut], **ERRORS})
def item_list(request, footprint_id: int):
    return list(selectors.visible(request.auth, InventoryItem).filter(footprint=_footprint(request, footprint_id)))


@router.delete("/items/{int:item_id}", response={204: None, **ERRORS})
def item_delete(request, item_id: int):
    actions.item_delete(actor=request.auth, item=policy.get_visible(request.auth, InventoryItem, item_id, "toolkit.view"))
    return Status(204, None)


@router.post("/footprints/{int:footprint_id}/scenarios", response={201: ScenarioOut, **ERRORS})
def scenario_create(request, footprint_id: int, payload: ScenarioIn):
    return Status(201, actions.scenario_create(actor=request.auth, footprint=_footprint(request, footprint_id),
                                               name=payload.name, changes=[c.model_dump() for c in payload.changes]))


@router.get("/enrolments/{int:enrolment_id}/biodiversity", response={200: list[BiodiversityOut], **ERRORS})
def biodiversity_list(request, enrolment_id: int):
    return [_record_out(f) for f in selectors.biodiversity_records(request.auth, _enrolment(request, enrolment_id))]


@router.post("/enrolments/{int:enrolment_id}/biodiversity", response={201: BiodiversityOut, **ERRORS})
def biodiversity_create(request, enrolment_id: int, payload: BiodiversityIn):
    """A register entry; with traditional knowledge it needs PIC, MAT and benefit sharing (Nagoya Protocol)."""
    record = actions.biodiversity_save(actor=request.auth, enrolment=_enrolment(request, enrolment_id),
                                       data=payload.model_dump(exclude={"uses"}),
                                       uses=[u.model_dump() for u in payload.uses])
    return Status(201, _record_out(selectors.record_figures(record)))


@router.post("/enrolments/{int:enrolment_id}/claims", response={201: ClaimOut, **ERRORS})
def claim_create(request, enrolment_id: int, payload: ClaimIn):
    """Send reductions against the base year to outcomes (`co2e_reduced`); origin `sustainable.CarbonClaim:<id>`."""
    return Status(201, actions.carbon_claim_create(actor=request.auth, enrolment=_enrolment(request, enrolment_id),
                                                   footprint_ids=payload.footprints, wave=payload.wave,
                                                   source=payload.source))
