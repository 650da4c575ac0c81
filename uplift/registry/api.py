"""REST endpoints for entrepreneurs and products: parse, call the registry's selectors and actions, render."""

from datetime import date, datetime
from decimal import Decimal
from typing import Literal

from ninja import Field, Query, Router, Schema, Status
from pydantic import ConfigDict

from uplift.access import policy
from uplift.security import masks
from uplift.registry import actions, personal, selectors
from uplift.registry.models import Entrepreneur, Product

router = Router()

MAX_PAGE_SIZE = 100


# ---- output -----------------------------------------------------------------------------------

class StandardHeldOut(Schema):
    standard: str
    standard_name_th: str
    number: str
    issued_on: date
    expires_on: date | None

    @staticmethod
    def resolve_standard(obj) -> str:
        return obj.standard_id

    @staticmethod
    def resolve_standard_name_th(obj) -> str:
        return obj.standard.name_th


class ProductOut(Schema):
    id: int
    entrepreneur_id: int
    name_th: str
    name_en: str
    category: str
    star_rating: int | None
    star_year: int | None
    unit: str
    price: Decimal
    standards: list[StandardHeldOut]


class ProductBrief(Schema):
    id: int
    name_th: str
    category: str
    star_rating: int | None


def _in_full(context, entrepreneur) -> bool:
    return personal.in_full(context["request"].auth, entrepreneur)


class PersonOut(Schema):
    id: int
    role: str
    role_note: str
    name_th: str
    name_en: str
    birth_year: int | None = Field(description="null when masked (see `personal_masked`); `age_band` stays")
    age_band: str = Field("", description="e.g. 40–49")
    phone: str

    @staticmethod
    def resolve_birth_year(obj, context) -> int | None:
        return obj.birth_year if _in_full(context, obj.entrepreneur) else None

    @staticmethod
    def resolve_age_band(obj) -> str:
        return masks.age_band(obj.birth_year)

    @staticmethod
    def resolve_phone(obj, context) -> str:
        return obj.phone if _in_full(context, obj.entrepreneur) else masks.mask_phone(obj.phone)


class _EntrepreneurBase(Schema):
    id: int
    kind: str
    name_th: str
    name_en: str
    members: int
    employees: int
    subdistrict: str = Field(alias="subdistrict_id")
    subdistrict_name: str = Field(alias="subdistrict.name_th")
    district: str = Field(alias="subdistrict.district_id")
    district_name: str = Field(alias="subdistrict.district.name_th")
    province: str = Field(alias="province_id")
    province_name: str = Field(alias="province.name_th")
    centre: int | None = Field(None, alias="province.centre.number", description="DIPROM regional centre number")


class EntrepreneurItem(_EntrepreneurBase):
    product_count: int
    top_stars: int | None
    products: list[ProductBrief]


class EntrepreneurDetail(_EntrepreneurBase):
    id_type: str
    id_number: str = Field(description="masked (1-2345-xxxxx-xx-3) unless `personal_masked` is false")
    personal_masked: bool = Field(False, description="ID number, phones and birth years are masked for this "
                                  "account; `?reveal=true` shows them, audited, where the account may")
    otop_year: int | None
    address_line: str
    postal_code: str
    phone: str
    line_id: str
    email: str
    created_at: datetime
    updated_at: datetime
    people: list[PersonOut]
    products: list[ProductOut]

    @staticmethod
    def resolve_id_number(obj, context) -> str:
        return obj.id_number if _in_full(context, obj) else masks.mask_identifier(obj.id_number)

    @staticmethod
    def resolve_phone(obj, context) -> str:
        return obj.phone if _in_full(context, obj) else masks.mask_phone(obj.phone)

    @staticmethod
    def resolve_personal_masked(obj, context) -> bool:
        return not _in_full(context, obj)


class MonthlySalesOut(Schema):
    month: date
    shop: Decimal
    fair: Decimal
    wholesale: Decimal
    online: Decimal
    export: Decimal
    total: Decimal
    thai_tourist_share: Decimal
    foreign_tourist_share: Decimal
    is_average: bool


class _Page(Schema):
    count: int
    page: int
    page_size: int


class EntrepreneurPage(_Page):
    items: list[EntrepreneurItem]


class ProductPage(_Page):
    items: list[ProductOut]


# ---- input ------------------------------------------------------------------------------------

class _In(Schema):
    model_config = ConfigDict(use_enum_values=True, extra="forbid")


class EntrepreneurIn(_In):
    kind: Entrepreneur.Kind
    name_th: str
    name_en: str = ""
    id_type: Entrepreneur.IdType = Entrepreneur.IdType.NONE
    id_number: str = ""
    otop_year: int | None = None
    members: int = 0
    employees: int = 0
    address_line: str = ""
    subdistrict: str = Field(description="6-digit DOPA subdistrict code", examples=["830202"])
    postal_code: str = ""
    phone: str = ""
    line_id: str = ""
    email: str = ""


class EntrepreneurPatch(_In):
    kind: Entrepreneur.Kind | None = None
    name_th: str | None = None
    name_en: str | None = None
    id_type: Entrepreneur.IdType | None = None
    id_number: str | None = None
    otop_year: int | None = None
    members: int | None = None
    employees: int | None = None
    address_line: str | None = None
    subdistrict: str | None = None
    postal_code: str | None = None
    phone: str | None = None
    line_id: str | None = None
    email: str | None = None


class StandardHeldIn(_In):
    standard: str = Field(description="standard code, e.g. TCPS", examples=["TCPS"])
    number: str
    issued_on: date
    expires_on: date | None = None


class ProductIn(_In):
    entrepreneur_id: int
    name_th: str
    name_en: str = ""
    category: Product.Category
    star_rating: int | None = None
    star_year: int | None = None
    unit: str
    price: Decimal
    standards: list[StandardHeldIn] = []


class ProductPatch(_In):
    name_th: str | None = None
    name_en: str | None = None
    category: Product.Category | None = None
    star_rating: int | None = None
    star_year: int | None = None
    unit: str | None = None
    price: Decimal | None = None
    standards: list[StandardHeldIn] | None = Field(None, description="when given, replaces the standards held")


class _PageQuery(Schema):
    page: int = Field(1, ge=1)
    page_size: int = Field(20, ge=1, le=MAX_PAGE_SIZE)


class EntrepreneurQuery(_PageQuery):
    q: str = ""
    centre: int | None = None
    province: str = Field("", description="2-digit province code")
    kind: Entrepreneur.Kind | None = None
    category: Product.Category | None = None
    stars: Literal["1", "2", "3", "4", "5", "3-5", "unrated"] | None = None
    sort: Literal[tuple(selectors.SORTS)] = "name"


class ProductQuery(_PageQuery):
    entrepreneur: int | None = None
    category: Product.Category | None = None


def _page(qs, query: _PageQuery) -> dict:
    start = (query.page - 1) * query.page_size
    return {"count": qs.count(), "page": query.page, "page_size": query.page_size,
            "items": list(qs[start:start + query.page_size])}


# ---- entrepreneurs ----------------------------------------------------------------------------

@router.get("/entrepreneurs", response=EntrepreneurPage, tags=["entrepreneurs"])
def entrepreneur_list(request, query: Query[EntrepreneurQuery]):
    given = query.model_dump(exclude={"page", "page_size"}, exclude_none=True, mode="json")
    qs = selectors.entrepreneur_list(user=request.auth, filters=selectors.EntrepreneurFilters(**given))
    return _page(qs.prefetch_related("products"), query)


@router.get("/entrepreneurs/{int:entrepreneur_id}", response=EntrepreneurDetail, tags=["entrepreneurs"])
def entrepreneur_detail(request, entrepreneur_id: int, reveal: bool = False):
    entrepreneur = selectors.entrepreneur_get(user=request.auth, pk=entrepreneur_id)
    if reveal and personal.may_reveal(request.auth, entrepreneur):
        personal.personal_reveal(actor=request.auth, entrepreneur=entrepreneur, via="api")
    return entrepreneur


@router.post("/entrepreneurs", response={201: EntrepreneurDetail}, tags=["entrepreneurs"])
def entrepreneur_create(request, payload: EntrepreneurIn):
    entrepreneur = actions.entrepreneur_create(actor=request.auth, data=payload.model_dump())
    return Status(201, selectors.entrepreneur_get(user=request.auth, pk=entrepreneur.pk))


@router.patch("/entrepreneurs/{int:entrepreneur_id}", response=EntrepreneurDetail, tags=["entrepreneurs"])
def entrepreneur_update(request, entrepreneur_id: int, payload: EntrepreneurPatch):
    actions.entrepreneur_update(actor=request.auth, pk=entrepreneur_id, data=payload.model_dump(exclude_unset=True))
    return selectors.entrepreneur_get(user=request.auth, pk=entrepreneur_id)


@router.get("/entrepreneurs/{int:entrepreneur_id}/sales", response=list[MonthlySalesOut], tags=["entrepreneurs"])
def entrepreneur_sales(request, entrepreneur_id: int):
    policy.get_visible(request.auth, Entrepreneur, entrepreneur_id)
    return selectors.entrepreneur_monthly_sales(user=request.auth, pk=entrepreneur_id)


# ---- products ---------------------------------------------------------------------------------

@router.get("/products", response=ProductPage, tags=["products"])
def product_list(request, query: Query[ProductQuery]):
    qs = selectors.product_list(user=request.auth, entrepreneur_id=query.entrepreneur, category=query.category or "")
    return _page(qs, query)


@router.get("/products/{int:product_id}", response=ProductOut, tags=["products"])
def product_detail(request, product_id: int):
    return selectors.product_get(user=request.auth, pk=product_id)


@router.post("/products", response={201: ProductOut}, tags=["products"])
def product_create(request, payload: ProductIn):
    data = payload.model_dump(exclude={"entrepreneur_id", "standards"})
    product = actions.product_create(
        actor=request.auth, entrepreneur_id=payload.entrepreneur_id, data=data,
        standards=[s.model_dump() for s in payload.standards],
    )
    return Status(201, selectors.product_get(user=request.auth, pk=product.pk))


@router.patch("/products/{int:product_id}", response=ProductOut, tags=["products"])
def product_update(request, product_id: int, payload: ProductPatch):
    data = payload.model_dump(exclude_unset=True, exclude={"standards"})
    standards = payload.model_dump(exclude_unset=True).get("standards")
    actions.product_update(actor=request.auth, pk=product_id, data=data, standards=standards)
    return selectors.product_get(user=request.auth, pk=product_id)
