"""Reads of the sustainable toolkit, each starting from the access policy, and the figures `core/`
computes from them: a footprint's contributions, hotspots, label check and reduction per month, and
the biodiversity register's value added and benefit share."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from uplift.access import policy
from uplift.programme.models import Enrolment
from uplift.toolkits.sustainable.core import biodiversity, footprint as fp_core
from uplift.toolkits.sustainable.core.factors import FactorError, load_table
from uplift.toolkits.sustainable.models import (
    BiodiversityRecord, CarbonClaim, InventoryItem, ProductFootprint, Scenario,
)

ACTIVITY = "sustainable"
WORKING_STATUSES = ("accepted", "active", "completed")
SORTS = {
    "entrepreneur": "entrepreneur__name_th", "-entrepreneur": "-entrepreneur__name_th",
    "round": "round_activity__round__starts_on", "-round": "-round_activity__round__starts_on",
    "status": "status", "-status": "-status",
    "started": "started_on", "-started": "-started_on",
}


def enrolments(actor, sort: str = "entrepreneur") -> QuerySet[Enrolment]:
    order = SORTS.get(sort, SORTS["entrepreneur"])
    return (policy.visible(actor, Enrolment)
            .filter(round_activity__activity__code=ACTIVITY, status__in=WORKING_STATUSES)
            .select_related("entrepreneur__province", "round_activity__round", "round_activity__activity")
            .order_by(order, "pk"))


def enrolment_get(actor, pk) -> Enrolment:
    enrolment = policy.get_visible(actor, Enrolment, pk,
                                   related=("entrepreneur__province", "round_activity__round", "round_activity__activity"))
    if enrolment.round_activity.activity.code != ACTIVITY:
        raise Http404(_("Not found."))
    return enrolment


def visible(actor, model, enrolment: Enrolment | None = None) -> QuerySet:
    qs = policy.visible(actor, model, "toolkit.view")
    return qs.filter(enrolment=enrolment) if enrolment is not None else qs


def footprints(actor, enrolment: Enrolment) -> QuerySet[ProductFootprint]:
    return visible(actor, ProductFootprint, enrolment).select_related("product", "base")


def footprint_get(actor, pk) -> ProductFootprint:
    found = policy.get_visible(actor, ProductFootprint, pk, "toolkit.view",
                               related=("product", "base", "enrolment__entrepreneur", "enrolment__round_activity__round",
                                        "enrolment__round_activity__activity"))
    return found


def core_items(items) -> list[fp_core.Item]:
    return [fp_core.Item(item.name, item.category, item.quantity, item.unit, item.factor, item.quantity_low,
                         item.quantity_high) for item in items]


def compute(footprint: ProductFootprint, items: list[fp_core.Item], *, on=None, table_version=None,
            functional_units=None) -> fp_core.Footprint:
    """The footprint of `items` with the footprint's factor table, date and functional units (or those given)."""
    return fp_core.footprint(items, on=on or footprint.reference_date,
                             table=load_table(table_version or footprint.table_version),
                             functional_unit=footprint.functional_unit,
                             functional_units=functional_units or footprint.functional_units,
                             include_upstream=footprint.include_upstream)


def comparable_base_total(footprint: ProductFootprint) -> float | None:
    """The base-year inventory on this footprint's factors (same table and date), so that a reduction
    shows what the entrepreneur changed, not a change of emission factors."""
    base = footprint.base
    if base is None:
        return None
    items = core_items(base.items.all())
    if not items:
        return None
    return compute(footprint, items, functional_units=base.functional_units).total_kgco2e


@dataclass
class FootprintFigures:
    footprint: ProductFootprint
    items: list[InventoryItem]
    result: fp_core.Footprint | None
    error: str = ""
    hotspots: tuple[fp_core.Hotspot, ...] = ()
    scenarios: list[Scenario] = field(default_factory=list)
    base_total: float | None = None
    label: fp_core.LabelCheck | None = None
    label_error: str = ""
    reduction_per_month: float | None = None
    factors: list[dict[str, Any]] = field(default_factory=list)

    @property
    def charts(self) -> dict[str, Any]:
        if self.result is None:
            return {"hotspots": [], "categories": []}
        return {"hotspots": [{"item": h.item, "kgco2e": h.kgco2e, "cumulative": h.cumulative_share,
                              "in_pareto": h.in_pareto} for h in self.hotspots],
                "categories": [{"name": c.name_th, "kgco2e": c.kgco2e} for c in self.result.by_category]}


def factor_rows(result: fp_core.Footprint, table_version: str) -> list[dict[str, Any]]:
    """Each factor the computation used, with its value, version, validity and source."""
    table = load_table(table_version)
    rows = []
    for code in result.factor_versions:
        factor = table.pick(code, result.on)
        rows.append({"code": code, "name": factor.name_th, "value": factor.kgco2e_per_unit, "unit": factor.unit,
                     "upstream": factor.upstream_kgco2e_per_unit, "version": factor.version,
                     "valid_from": factor.valid_from, "valid_to": factor.valid_to, "source": factor.source,
                     "confirmed": factor.confirmed})
    return rows


def footprint_figures(actor, footprint: ProductFootprint) -> FootprintFigures:
    items = list(visible(actor, InventoryItem).filter(footprint=footprint))
    scenarios = list(visible(actor, Scenario).filter(footprint=footprint))
    figures = FootprintFigures(footprint, items, None, scenarios=scenarios)
    if not items:
        return figures
    try:
        figures.result = compute(footprint, core_items(items))
    except (ValueError, FactorError) as error:
        figures.error = str(error)
        return figures
    figures.hotspots = fp_core.hotspots(figures.result)
    figures.factors = factor_rows(figures.result, footprint.table_version)
    try:
        figures.base_total = comparable_base_total(footprint)
    except (ValueError, FactorError) as error:
        figures.label_error = str(error)
    if figures.base_total:
        figures.label = fp_core.reduction_label_check(figures.base_total, figures.result.total_kgco2e,
                                                      footprint.benchmark_kgco2e)
        if footprint.units_per_month:
            figures.reduction_per_month = (figures.base_total - figures.result.total_kgco2e) * footprint.units_per_month
    elif footprint.benchmark_kgco2e is not None:
        figures.label_error = _("Choose a base-year footprint to check the reduction label.")
    return figures


@dataclass
class RecordFigures:
    record: BiodiversityRecord
    problems: tuple[biodiversity.FieldError, ...]
    value_added: Decimal
    benefit_baht: Decimal | None


def core_record(record: BiodiversityRecord, uses=None, subdistrict_code: str | None = None
                ) -> biodiversity.BiodiversityRecord:
    """The core's record; `uses` and `subdistrict_code` stand in for a draft's unsaved relations."""
    uses = record.uses.all() if uses is None else uses
    sharing = None
    if record.benefit_share_percent is not None:
        sharing = biodiversity.BenefitSharing(record.benefit_share_percent, tuple(record.benefit_beneficiaries),
                                              record.benefit_terms)
    pic = None
    if record.pic_date or record.pic_provider or record.pic_recipient:
        pic = biodiversity.Consent(record.pic_date, record.pic_provider, record.pic_recipient, record.pic_document)
    mat = None
    if record.mat_date or record.mat_parties or record.mat_terms:
        mat = biodiversity.AgreedTerms(record.mat_date, tuple(record.mat_parties), record.mat_terms,
                                       record.mat_document)
    return biodiversity.BiodiversityRecord(
        kind=record.kind, name_th=record.name_th, origin_place=record.origin_place, community=record.community,
        traditional_knowledge_involved=record.traditional_knowledge_involved, name_en=record.name_en,
        scientific_name=record.scientific_name,
        origin_subdistrict_code=(record.origin_subdistrict_id or "") if subdistrict_code is None else subdistrict_code,
        traditional_knowledge=record.traditional_knowledge, pic=pic, mat=mat, benefit_sharing=sharing,
        protections=tuple(record.protections),
        products=tuple(biodiversity.ProductValue(use.product_name, float(use.value_added_baht_per_year))
                       for use in uses))


def record_figures(record: BiodiversityRecord) -> RecordFigures:
    value = sum((use.value_added_baht_per_year for use in record.uses.all()), Decimal("0"))
    share = None
    if record.benefit_share_percent is not None:
        share = (value * Decimal(str(record.benefit_share_percent)) / 100).quantize(Decimal("0.01"))
    return RecordFigures(record, biodiversity.validate(core_record(record)), value, share)


def biodiversity_records(actor, enrolment: Enrolment) -> list[RecordFigures]:
    qs = visible(actor, BiodiversityRecord, enrolment).select_related("origin_subdistrict").prefetch_related("uses")
    return [record_figures(record) for record in qs]


def record_get(actor, pk) -> BiodiversityRecord:
    return policy.get_visible(actor, BiodiversityRecord, pk, "toolkit.view", related=("enrolment",))


@dataclass
class Workspace:
    enrolment: Enrolment
    footprints: list[ProductFootprint]
    records: list[RecordFigures]
    claims: list[CarbonClaim]

    @property
    def value_added(self) -> Decimal:
        return sum((figures.value_added for figures in self.records), Decimal("0"))


def workspace(actor, enrolment: Enrolment) -> Workspace:
    return Workspace(enrolment, list(footprints(actor, enrolment)), biodiversity_records(actor, enrolment),
                     list(visible(actor, CarbonClaim, enrolment).prefetch_related("footprints")))
