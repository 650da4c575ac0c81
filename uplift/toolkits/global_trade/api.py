"""REST endpoints of the OTOP to Global toolkit (activity 1): thin wrappers over its selectors and actions.

Ids are looked up through the access policy: an object outside the caller's scope is 404, one in sight
but not theirs to change 403; refused input is 422 with the messages keyed by field (uplift/api.py).
"""

from datetime import date
from decimal import Decimal
from typing import Any

from django.urls import reverse
from ninja import Field, File, Query, Router, Schema, Status
from ninja.files import UploadedFile
from pydantic import ConfigDict

from . import actions, outputs, selectors
from .convert import image_url

router = Router(tags=["global_trade"])

MAX_PAGE_SIZE = 100


class Error(Schema):
    detail: Any


ERRORS = {403: Error, 404: Error, 422: Error}


class _In(Schema):
    model_config = ConfigDict(extra="forbid")


class EnrolmentOut(Schema):
    id: int
    entrepreneur: int = Field(alias="entrepreneur_id")
    entrepreneur_name: str = Field(alias="entrepreneur.name_th")
    round: int = Field(alias="round_activity.round_id")
    round_name: str = Field(alias="round_activity.round.name")
    status: str
    started_on: date | None
    listings: int = Field(alias="listing_count")


class EnrolmentPage(Schema):
    count: int
    page: int
    page_size: int
    items: list[EnrolmentOut]


class PageQuery(Schema):
    page: int = Field(1, ge=1)
    page_size: int = Field(20, ge=1, le=MAX_PAGE_SIZE)
    sort: str = Field("name", description="name, round, status or listings; a leading - reverses")
    q: str = Field("", description="part of the entrepreneur's Thai or English name")


class IssueOut(Schema):
    rule: str
    attribute: str
    field: str
    severity: str
    message_th: str
    message_en: str
    confirmed: bool


class CheckOut(Schema):
    target: str
    target_version: str
    passed: bool
    errors: int
    warnings: int
    issues: list[IssueOut]


class ImageOut(Schema):
    id: int
    url: str
    width: int
    height: int
    format: str
    position: int
    border_white_share: float
    fill_longest_share: float

    @staticmethod
    def resolve_url(obj) -> str:
        return image_url(obj)


class ListingOut(Schema):
    id: int
    feed_id: str
    product: int = Field(alias="product_id")
    enrolment: int = Field(alias="enrolment_id")
    sku: str
    title_th: str
    title_en: str
    description_th: str
    description_en: str
    brand: str
    gtin: str
    condition: str
    availability: str
    price: Decimal | None
    currency: str
    stock: int | None
    net_weight_g: Decimal | None
    package_weight_g: Decimal | None
    package_length_cm: Decimal | None
    package_width_cm: Decimal | None
    package_height_cm: Decimal | None
    materials: list[str]
    hs_code: str
    category_path: list[str]
    variations: list[str]
    link: str
    published: bool
    images: list[ImageOut]
    checks: list[CheckOut]

    @staticmethod
    def resolve_images(obj) -> list:
        return list(obj.images.all())

    @staticmethod
    def resolve_checks(obj) -> list:
        return list(obj.checks.all())


class ListingFields(_In):
    sku: str | None = None
    title_th: str | None = None
    title_en: str | None = None
    description_th: str | None = None
    description_en: str | None = None
    brand: str | None = None
    gtin: str | None = None
    condition: str | None = Field(None, description="new, refurbished or used")
    availability: str | None = Field(None, description="in_stock, out_of_stock, preorder or backorder")
    price: Decimal | None = None
    currency: str | None = Field(None, description="ISO 4217, e.g. THB")
    stock: int | None = None
    net_weight_g: Decimal | None = None
    package_weight_g: Decimal | None = Field(None, description="with packaging, in grams")
    package_length_cm: Decimal | None = None
    package_width_cm: Decimal | None = None
    package_height_cm: Decimal | None = None
    materials: list[str] | None = None
    hs_code: str | None = Field(None, description="6-digit HS 2022 or 8-digit national code")
    category_path: list[str] | None = Field(None, description="marketplace category, top level first")
    variations: list[str] | None = None
    link: str | None = None
    published: bool | None = Field(None, description="shown on the public product page")


class ListingCreate(ListingFields):
    product: int


class LeftOut(Schema):
    listing: int = Field(alias="listing_id")
    title: str
    issues: list[IssueOut]

    @staticmethod
    def resolve_issues(obj) -> list[dict]:
        return [{"rule": i.rule, "attribute": i.attribute, "field": i.field, "severity": i.severity,
                 "message_th": i.message_th, "message_en": i.message_en, "confirmed": i.confirmed} for i in obj.issues]


class FeedReportOut(Schema):
    target: str
    name_th: str
    name_en: str
    version: str
    downloads: dict[str, str]
    included: list[str]
    excluded: list[LeftOut]


class EventIn(_In):
    kind: str = Field(description="live, first_online_order or first_export_order")
    channel: str
    on: date
    url: str = ""
    note: str = ""


class EventOut(Schema):
    id: int
    listing: int = Field(alias="listing_id")
    kind: str
    channel: str
    on: date
    url: str
    note: str


class PriceIn(_In):
    exw: Decimal = Field(description="ex-works cost per unit, baht")
    margin: Decimal | None = Field(None, description="markup on the ex-works cost, 0.2 = 20%")
    packing: Decimal | None = None
    inland: Decimal | None = None
    clearance: Decimal | None = None
    handling: Decimal | None = None
    freight: Decimal | None = None
    insurance_rate: Decimal | None = Field(None, description="on 110% of the CIF/CIP price, 0.004 = 0.4%")
    destination: Decimal | None = Field(None, description="destination costs per unit (DAP)")
    quantity: int = 1
    currency: str = "THB"
    rate_thb_per_unit: Decimal | None = Field(None, description="baht per unit of the currency (not THB)")
    rate_on: date | None = Field(None, description="the date of the rate")


class QuoteIn(PriceIn):
    title: str
    product: int | None = None
    destination_place: str = ""
    quote_date: date | None = None


class QuoteOut(Schema):
    id: int
    enrolment: int = Field(alias="enrolment_id")
    product: int | None = Field(alias="product_id")
    title: str
    destination_place: str
    quote_date: date
    quantity: int
    currency: str
    result: dict
    pdf: str
    xlsx: str

    @staticmethod
    def resolve_pdf(obj) -> str:
        return reverse("global_trade:quote-pdf", args=[obj.pk])

    @staticmethod
    def resolve_xlsx(obj) -> str:
        return reverse("global_trade:quote-xlsx", args=[obj.pk])


class SalesIn(_In):
    month: date = Field(description="any day of the month; stored as its first day")
    online: Decimal
    export: Decimal = Decimal(0)
    total: Decimal | None = Field(None, description="all channels, when known (for the shares and `sales`)")
    online_orders: int | None = None
    listing: int | None = None
    source: str | None = Field(None, description="self, verified or document; default by who enters")
    document: str = ""
    note: str = ""
    wave: str | None = Field(None, description="end, m3, m6 or m12; default: the wave whose month it is; '' none")


class SalesOut(Schema):
    id: int
    month: date
    online: Decimal
    export: Decimal
    total: Decimal | None
    online_orders: int | None
    listing: int | None = Field(alias="listing_id")
    source: str
    wave: str
    origin: str

    @staticmethod
    def resolve_origin(obj) -> str:
        return f"global_trade.ChannelSales:{obj.pk}"


class MonthOut(Schema):
    month: date
    online: Decimal
    export: Decimal
    total: Decimal | None
    recorded: bool


class SharesOut(Schema):
    online_before: Decimal | None
    export_before: Decimal | None
    online_after: Decimal | None
    export_after: Decimal | None
    months_before: int
    months_after: int


class ChannelResultsOut(Schema):
    start: date
    shares: SharesOut
    months: list[MonthOut]
    first_live: date | None
    first_online_order: date | None
    first_export_order: date | None


class HsMatchOut(Schema):
    code: str
    description: str
    level: int
    rank: str
    keyword: str | None
    note: str | None


class NationalOut(Schema):
    code: str
    hs6: str
    description_th: str
    description_en: str
    source: str


class HsOut(Schema):
    matches: list[HsMatchOut]
    national: list[NationalOut]


class NationalIn(_In):
    code: str
    description_th: str
    description_en: str = ""
    source: str


# ---- enrolments and listings --------------------------------------------------------------------

@router.get("/enrolments", response={200: EnrolmentPage, **ERRORS})
def enrolment_list(request, query: Query[PageQuery]):
    qs = selectors.enrolments(request.auth, sort=query.sort, query=query.q)
    start = (query.page - 1) * query.page_size
    return {"count": qs.count(), "page": query.page, "page_size": query.page_size,
            "items": list(qs[start:start + query.page_size])}


@router.get("/enrolments/{int:enrolment_id}/listings", response={200: list[ListingOut], **ERRORS})
def listing_list(request, enrolment_id: int):
    enrolment = selectors.enrolment_get(request.auth, enrolment_id)
    return list(selectors.listings(request.auth, enrolment.entrepreneur_id))


@router.post("/enrolments/{int:enrolment_id}/listings", response={201: ListingOut, **ERRORS})
def listing_create(request, enrolment_id: int, payload: ListingCreate):
    enrolment = selectors.enrolment_get(request.auth, enrolment_id)
    product = selectors.product_get(request.auth, payload.product)
    data = payload.model_dump(exclude={"product"}, exclude_none=True)
    listing = actions.listing_create(actor=request.auth, enrolment=enrolment, product=product, data=data)
    return Status(201, selectors.listing_get(request.auth, listing.pk))


@router.get("/listings/{int:listing_id}", response={200: ListingOut, **ERRORS})
def listing_detail(request, listing_id: int):
    return selectors.listing_get(request.auth, listing_id)


@router.patch("/listings/{int:listing_id}", response={200: ListingOut, **ERRORS})
def listing_update(request, listing_id: int, payload: ListingFields):
    listing = selectors.listing_get(request.auth, listing_id)
    actions.listing_update(actor=request.auth, listing=listing, data=payload.model_dump(exclude_unset=True))
    return selectors.listing_get(request.auth, listing_id)


@router.post("/listings/{int:listing_id}/images", response={201: ImageOut, **ERRORS})
def image_add(request, listing_id: int, file: File[UploadedFile]):
    listing = selectors.listing_get(request.auth, listing_id)
    return Status(201, actions.listing_image_add(actor=request.auth, listing=listing, upload=file))


@router.post("/listings/{int:listing_id}/events", response={201: EventOut, **ERRORS})
def event_add(request, listing_id: int, payload: EventIn):
    listing = selectors.listing_get(request.auth, listing_id)
    return Status(201, actions.listing_event_record(actor=request.auth, listing=listing, **payload.model_dump()))


@router.get("/enrolments/{int:enrolment_id}/feeds", response={200: list[FeedReportOut], **ERRORS})
def feed_reports(request, enrolment_id: int):
    """What each feed would carry, and the listings it leaves out with the rules they fail."""
    enrolment = selectors.enrolment_get(request.auth, enrolment_id)
    reports = outputs.feed_reports(selectors.listings(request.auth, enrolment.entrepreneur_id))
    return [{**r.__dict__, "downloads": {f: reverse("global_trade:feed", args=[enrolment_id, r.target, f])
                                         for f in r.formats}} for r in reports]


# ---- export prices ------------------------------------------------------------------------------

@router.post("/price-build-up", response={200: dict, **ERRORS})
def price_build_up(request, payload: PriceIn):
    """Every Incoterms 2020 price the costs allow, per unit and in total; nothing is saved."""
    return actions.price_preview(data=payload.model_dump())


@router.post("/enrolments/{int:enrolment_id}/quotes", response={201: QuoteOut, **ERRORS})
def quote_create(request, enrolment_id: int, payload: QuoteIn):
    enrolment = selectors.enrolment_get(request.auth, enrolment_id)
    data = payload.model_dump()
    data["product"] = selectors.product_get(request.auth, data["product"]) if data["product"] else None
    return Status(201, actions.price_quote_save(actor=request.auth, enrolment=enrolment, data=data))


@router.get("/quotes/{int:quote_id}", response={200: QuoteOut, **ERRORS})
def quote_detail(request, quote_id: int):
    return selectors.quote_get(request.auth, quote_id)


# ---- online and export sales --------------------------------------------------------------------

@router.post("/enrolments/{int:enrolment_id}/sales", response={201: SalesOut, **ERRORS})
def sales_record(request, enrolment_id: int, payload: SalesIn):
    """One month's online and export sales; a wave month also writes the outcomes observations."""
    enrolment = selectors.enrolment_get(request.auth, enrolment_id)
    data = payload.model_dump()
    data["listing"] = selectors.listing_get(request.auth, data["listing"]) if data["listing"] else None
    return Status(201, actions.channel_sales_record(actor=request.auth, enrolment=enrolment, **data))


@router.get("/enrolments/{int:enrolment_id}/sales", response={200: ChannelResultsOut, **ERRORS})
def sales_results(request, enrolment_id: int):
    results = selectors.channel_results(request.auth, selectors.enrolment_get(request.auth, enrolment_id))
    return {"start": results.start, "shares": results.shares, "months": results.months,
            "first_live": results.first_live.on if results.first_live else None,
            "first_online_order": results.first_online_order.on if results.first_online_order else None,
            "first_export_order": results.first_export_order.on if results.first_export_order else None}


# ---- HS codes -----------------------------------------------------------------------------------

@router.get("/hs", response={200: HsOut, **ERRORS})
def hs_search(request, q: str):
    matches, national = selectors.hs_find(request.auth, q)
    return {"matches": matches, "national": national}


@router.post("/national-codes", response={201: NationalOut, **ERRORS})
def national_code_add(request, payload: NationalIn):
    return Status(201, actions.national_code_add(actor=request.auth, **payload.model_dump()))
