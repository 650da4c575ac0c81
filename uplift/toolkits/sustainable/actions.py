"""Every write of the sustainable toolkit: checked by the access policy, validated by `core/` with Thai
messages keyed by field (CSV errors name row, column and reason), written and audited in one
transaction. A footprint is recomputed and its computation stored whenever its inventory changes;
reductions reach outcomes only through a claim (`origin="sustainable.CarbonClaim:<pk>"`)."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from uplift.access import policy
from uplift.audit.actions import audit_record
from uplift.geo.models import Subdistrict
from uplift.outcomes.models import Observation, Wave
from uplift.outcomes.actions import ObservationIn, observations_save
from uplift.programme.models import Enrolment
from uplift.registry.models import Product
from uplift.toolkits.sustainable.core import biodiversity, footprint as fp_core
from uplift.toolkits.sustainable.core.factors import FactorError, available_versions, load_table
from uplift.toolkits.sustainable.core.inventory_csv import parse_inventory_csv
from uplift.toolkits.sustainable.models import (
    BiodiversityRecord, BiodiversityUse, CarbonClaim, InventoryItem, ProductFootprint, Scenario,
)
from uplift.toolkits.sustainable.selectors import comparable_base_total, compute, core_items, core_record

ACTIVITY = "sustainable"
WORKING_STATUSES = ("accepted", "active", "completed")
MAX_FILE_BYTES = 10 * 1024 * 1024
FILE_TYPES = {"pdf": b"%PDF", "jpg": b"\xff\xd8\xff", "jpeg": b"\xff\xd8\xff", "png": b"\x89PNG"}


def _workable(actor, enrolment: Enrolment) -> None:
    policy.require(actor, "toolkit.work", enrolment)
    if enrolment.round_activity.activity.code != ACTIVITY:
        raise ValidationError({"enrolment": _("This enrolment is not in the sustainable OTOP activity.")})
    if enrolment.status not in WORKING_STATUSES:
        raise ValidationError({"enrolment": _("The entrepreneur has not taken up this activity yet.")})


def _number(data: Mapping[str, Any], key: str, *, required: bool = True, minimum: float | None = None,
            above: float | None = None) -> float | None:
    value = data.get(key)
    if value in (None, ""):
        if required:
            raise ValidationError({key: _("This field is required.")})
        return None
    try:
        number = float(str(value).replace(",", ""))
    except ValueError:
        raise ValidationError({key: _("Enter a number.")}) from None
    if not math.isfinite(number) or (minimum is not None and number < minimum) or (above is not None and number <= above):
        raise ValidationError({key: _("Enter a number in range.")})
    return number


def _date(data: Mapping[str, Any], key: str, *, required: bool = True) -> date | None:
    value = data.get(key)
    if isinstance(value, str) and value:
        try:
            value = date.fromisoformat(value)
        except ValueError:
            raise ValidationError({key: _("Enter a date as YYYY-MM-DD.")}) from None
    if not isinstance(value, date):
        if required:
            raise ValidationError({key: _("This field is required.")})
        return None
    return value


def _core_error(error: ValueError) -> ValidationError:
    field = getattr(error, "field", None) or "__all__"
    return ValidationError({field: getattr(error, "message", None) or str(error)})


# ---- footprints ---------------------------------------------------------------------------------

def _footprint_values(enrolment: Enrolment, data: Mapping[str, Any], footprint: ProductFootprint | None
                      ) -> dict[str, Any]:
    name = str(data.get("name") or "").strip()
    unit = str(data.get("functional_unit") or "").strip()
    errors = {}
    if not name:
        errors["name"] = [_("Name this footprint, e.g. the year it describes.")]
    if not unit:
        errors["functional_unit"] = [_("State the functional unit, e.g. one 500 g jar.")]
    if errors:
        raise ValidationError(errors)
    version = str(data.get("table_version") or "") or available_versions()[-1]
    if version not in available_versions():
        raise ValidationError({"table_version": _("Unknown factor table version.")})
    base = data.get("base")
    if base is not None and not isinstance(base, ProductFootprint):
        base = ProductFootprint.objects.filter(pk=base).first()
        if base is None:
            raise ValidationError({"base": _("Choose a footprint of this enrolment.")})
    if base is not None and (base.enrolment_id != enrolment.pk or (footprint and base.pk == footprint.pk)):
        raise ValidationError({"base": _("Choose another footprint of this enrolment.")})
    return {
        "name": name[:120], "functional_unit": unit[:120],
        "functional_units": _number(data, "functional_units", required=False, above=0) or 1.0,
        "units_per_month": _number(data, "units_per_month", required=False, above=0),
        "reference_date": _date(data, "reference_date", required=False) or timezone.localdate(),
        "table_version": version, "include_upstream": bool(data.get("include_upstream")),
        "base": base, "benchmark_kgco2e": _number(data, "benchmark_kgco2e", required=False, minimum=0),
    }


def _recompute(footprint: ProductFootprint) -> None:
    """Compute the footprint of its inventory and keep the computation (table version, factor versions,
    date) and its Monte Carlo interval; an inventory the core refuses is refused here, by field."""
    items = core_items(footprint.items.all())
    if not items:
        footprint.total_kgco2e = footprint.biogenic_kgco2 = footprint.upstream_kgco2e = None
        footprint.result, footprint.interval, footprint.computed_at = {}, {}, None
        return
    try:
        result = compute(footprint, items)
        interval = fp_core.monte_carlo(items, on=footprint.reference_date, table=load_table(footprint.table_version),
                                       functional_units=footprint.functional_units,
                                       include_upstream=footprint.include_upstream)
    except (ValueError, FactorError) as error:
        raise _core_error(error) from None
    footprint.total_kgco2e, footprint.biogenic_kgco2 = result.total_kgco2e, result.biogenic_kgco2
    footprint.upstream_kgco2e = result.upstream_kgco2e
    footprint.result = result.to_dict()
    footprint.interval = {"low": interval.low_kgco2e, "high": interval.high_kgco2e, "mean": interval.mean_kgco2e,
                          "percentiles": list(interval.percentiles), "draws": interval.draws, "seed": interval.seed}
    footprint.computed_at = timezone.now()


def _saved(actor, footprint: ProductFootprint, action: str, changes: dict) -> None:
    _recompute(footprint)
    footprint.save()
    audit_record(actor=actor, action=action, obj=footprint, changes=changes | {
        "total_kgco2e": footprint.total_kgco2e, "table_version": footprint.table_version,
        "factor_versions": footprint.result.get("factor_versions", {})})


def footprint_save(*, actor, enrolment: Enrolment, product: Product, data: Mapping[str, Any],
                   footprint: ProductFootprint | None = None) -> ProductFootprint:
    """Start a product's footprint (or change its functional unit, factor table, date or base year)."""
    _workable(actor, enrolment)
    if product.entrepreneur_id != enrolment.entrepreneur_id:
        raise ValidationError({"product": _("Choose a product of this entrepreneur.")})
    if footprint is not None and footprint.enrolment_id != enrolment.pk:
        raise ValidationError({"footprint": _("This belongs to another enrolment.")})
    values = _footprint_values(enrolment, data, footprint)
    if values["base"] is not None and values["base"].product_id != product.pk:
        raise ValidationError({"base": _("The base year must be a footprint of the same product.")})
    with transaction.atomic():
        created = footprint is None
        footprint = footprint or ProductFootprint(enrolment=enrolment, created_by=actor)
        footprint.product = product
        for key, value in values.items():
            setattr(footprint, key, value)
        footprint.save()
        _saved(actor, footprint, "create" if created else "update", {
            key: (value.pk if isinstance(value, ProductFootprint) else
                  value.isoformat() if isinstance(value, date) else value) for key, value in values.items()})
    return footprint


def _item_values(data: Mapping[str, Any]) -> dict[str, Any]:
    values = {"name": str(data.get("name") or "").strip()[:120], "category": str(data.get("category") or ""),
              "unit": str(data.get("unit") or "").strip()[:20], "factor": str(data.get("factor") or "").strip(),
              "note": str(data.get("note") or "")[:200],
              "quantity": _number(data, "quantity", minimum=0),
              "quantity_low": _number(data, "quantity_low", required=False, minimum=0),
              "quantity_high": _number(data, "quantity_high", required=False, minimum=0)}
    if not values["unit"]:
        raise ValidationError({"unit": _("This field is required.")})
    return values


def _core_item_error(error: ValueError) -> ValidationError:
    field = getattr(error, "field", None) or "__all__"
    return ValidationError({"name" if field == "item" else field: getattr(error, "message", None) or str(error)})


def item_save(*, actor, footprint: ProductFootprint, data: Mapping[str, Any], item: InventoryItem | None = None
              ) -> InventoryItem:
    """Add (or correct) an inventory item: activity data × a factor code of the footprint's table."""
    _workable(actor, footprint.enrolment)
    if item is not None and item.footprint_id != footprint.pk:
        raise ValidationError({"item": _("This belongs to another footprint.")})
    values = _item_values(data)
    try:
        compute(footprint, [fp_core.Item(values["name"], values["category"], values["quantity"], values["unit"],
                                         values["factor"], values["quantity_low"], values["quantity_high"])])
    except (ValueError, FactorError) as error:
        raise _core_item_error(error) from None
    twin = InventoryItem.objects.filter(footprint=footprint, name=values["name"])
    if twin.exclude(pk=item.pk if item else None).exists():
        raise ValidationError({"name": _("The inventory already has an item of this name.")})
    with transaction.atomic():
        created = item is None
        item = item or InventoryItem(footprint=footprint)
        for key, value in values.items():
            setattr(item, key, value)
        item.save()
        audit_record(actor=actor, action="create" if created else "update", obj=item, changes=values)
        _saved(actor, footprint, "recompute", {"item": item.name})
    return item


def item_delete(*, actor, item: InventoryItem) -> None:
    footprint = item.footprint
    _workable(actor, footprint.enrolment)
    with transaction.atomic():
        audit_record(actor=actor, action="delete", obj=item, changes={"name": item.name, "quantity": item.quantity})
        item.delete()
        _saved(actor, footprint, "recompute", {"deleted_item": item.name})


def inventory_import(*, actor, footprint: ProductFootprint, text: str) -> int:
    """Replace the inventory with a CSV (item,category,quantity,unit,factor[,quantity_low,quantity_high]).

    Every row is checked against the footprint's factor table before anything is written; an error
    names the row (its line in the file), the column and the reason.
    """
    _workable(actor, footprint.enrolment)
    try:
        items = parse_inventory_csv(text.lstrip("\ufeff"))
        compute(footprint, items)
    except (ValueError, FactorError) as error:
        raise ValidationError({"file": [str(error)]}) from None
    names = [item.name for item in items]
    if len(set(names)) < len(names):
        raise ValidationError({"file": [_("Two rows have the same item name.")]})
    with transaction.atomic():
        footprint.items.all().delete()
        InventoryItem.objects.bulk_create([InventoryItem(
            footprint=footprint, name=item.name[:120], category=item.category, quantity=item.quantity,
            unit=item.unit[:20], factor=item.factor, quantity_low=item.quantity_low, quantity_high=item.quantity_high)
            for item in items])
        _saved(actor, footprint, "import", {"items": len(items)})
    return len(items)


def scenario_create(*, actor, footprint: ProductFootprint, name: str, changes: Iterable[Mapping[str, Any]]
                    ) -> Scenario:
    """A reduction scenario: new quantities, units or factors for some items, and the footprint they give."""
    _workable(actor, footprint.enrolment)
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": _("Name the scenario.")})
    parsed = []
    for n, change in enumerate(changes):
        quantity = _number(change, "quantity", required=False, minimum=0)
        parsed.append(fp_core.Change(str(change.get("item") or ""), quantity, change.get("unit") or None,
                                     change.get("factor") or None))
        if quantity is None and not change.get("factor") and not change.get("unit"):
            raise ValidationError({"changes": _("Change %(n)s changes nothing.") % {"n": n + 1}})
    if not parsed:
        raise ValidationError({"changes": _("Change at least one item.")})
    try:
        result = fp_core.scenario(core_items(footprint.items.all()), parsed, on=footprint.reference_date,
                                  table=load_table(footprint.table_version),
                                  functional_units=footprint.functional_units,
                                  include_upstream=footprint.include_upstream)
    except (ValueError, FactorError) as error:
        raise ValidationError({"changes": [str(error)]}) from None
    snapshot = {"base_kgco2e": result.base.total_kgco2e, "new_kgco2e": result.new.total_kgco2e,
                "difference_kgco2e": result.difference_kgco2e, "difference_share": result.difference_share,
                "table_version": result.new.table_version, "factor_versions": dict(result.new.factor_versions),
                "hotspots": [{"item": h.item, "kgco2e": h.kgco2e, "share": h.share}
                             for h in fp_core.hotspots(result.new)]}
    changes_json = [{"item": c.item, "quantity": c.quantity, "unit": c.unit, "factor": c.factor} for c in parsed]
    with transaction.atomic():
        scenario = Scenario.objects.create(footprint=footprint, name=name[:120], changes=changes_json,
                                           result=snapshot, created_by=actor)
        audit_record(actor=actor, action="create", obj=scenario, changes={"changes": changes_json} | snapshot)
    return scenario


def carbon_claim_create(*, actor, enrolment: Enrolment, footprint_ids: Iterable[int], wave: str,
                        source: str = Observation.Source.VERIFIED) -> CarbonClaim:
    """Send the reductions of footprints against their base year to outcomes as `co2e_reduced`.

    Reduction per month = (base inventory on the same factors − this footprint) × units made a month.
    """
    _workable(actor, enrolment)
    if wave not in Wave.values or wave == Wave.BASELINE:
        raise ValidationError({"wave": _("Choose a follow-up wave.")})
    ids = {int(pk) for pk in footprint_ids}
    chosen = list(ProductFootprint.objects.filter(enrolment=enrolment, pk__in=ids).select_related("base"))
    if not chosen or len(chosen) != len(ids):
        raise ValidationError({"footprints": _("Choose footprints of this enrolment.")})
    detail, total = {}, 0.0
    for footprint in chosen:
        if footprint.base is None or footprint.units_per_month is None or footprint.total_kgco2e is None:
            raise ValidationError({"footprints": _("%(name)s needs a base year, an inventory and the units made a month.")
                                   % {"name": str(footprint)}})
        base = comparable_base_total(footprint)
        reduced = (base - footprint.total_kgco2e) * footprint.units_per_month
        detail[str(footprint.pk)] = {"base_kgco2e": base, "kgco2e": footprint.total_kgco2e,
                                     "units_per_month": footprint.units_per_month, "kgco2e_per_month": reduced,
                                     "table_version": footprint.table_version}
        total += reduced
    if total < 0:
        raise ValidationError({"footprints": _("The footprints went up: there is no reduction to report.")})
    with transaction.atomic():
        claim = CarbonClaim.objects.create(enrolment=enrolment, wave=wave, source=source,
                                           kgco2e_per_month=round(total, 2), detail=detail, created_by=actor)
        claim.footprints.set(chosen)
        observations_save(actor=actor, items=[ObservationIn(
            entrepreneur_id=enrolment.entrepreneur_id, round_id=enrolment.round_activity.round_id,
            indicator="co2e_reduced", wave=wave, value=round(total, 2), source=source, origin=claim.origin,
            note=_("carbon footprint against the base year, on the same emission factors"))])
        audit_record(actor=actor, action="create", obj=claim, changes={"wave": wave, "kgco2e_per_month": total,
                                                                       "footprints": sorted(ids)})
    return claim


# ---- biodiversity -------------------------------------------------------------------------------

def _list(value) -> list[str]:
    if isinstance(value, str):
        value = value.replace("\n", ",").split(",")
    return [str(v).strip() for v in value or () if str(v).strip()]


def _upload(upload):
    if not upload:
        return None
    name = getattr(upload, "name", "") or ""
    ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if upload.size > MAX_FILE_BYTES:
        raise ValidationError({"consent_file": _("The file is larger than 10 MB.")})
    if ext not in FILE_TYPES:
        raise ValidationError({"consent_file": _("Only PDF, JPEG or PNG files.")})
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if not head.startswith(FILE_TYPES[ext]):
        raise ValidationError({"consent_file": _("This file is not what its name says.")})
    return upload


RECORD_TEXT = ("kind", "name_th", "name_en", "scientific_name", "origin_place", "community", "traditional_knowledge",
               "pic_provider", "pic_recipient", "pic_document", "mat_terms", "mat_document", "benefit_terms")


def biodiversity_save(*, actor, enrolment: Enrolment, data: Mapping[str, Any],
                      uses: Iterable[Mapping[str, Any]] = (), consent_file=None,
                      record: BiodiversityRecord | None = None) -> BiodiversityRecord:
    """A register entry, checked as a whole: every problem comes back at once, keyed by field, with the
    Nagoya Protocol's rule where one applies (PIC, MAT and benefit sharing when traditional knowledge is used)."""
    _workable(actor, enrolment)
    if record is not None and record.enrolment_id != enrolment.pk:
        raise ValidationError({"record": _("This belongs to another enrolment.")})
    values: dict[str, Any] = {key: str(data.get(key) or "").strip() for key in RECORD_TEXT}
    values["traditional_knowledge_involved"] = bool(data.get("traditional_knowledge_involved"))
    values["pic_date"] = _date(data, "pic_date", required=False)
    values["mat_date"] = _date(data, "mat_date", required=False)
    values["mat_parties"] = _list(data.get("mat_parties"))
    values["benefit_beneficiaries"] = _list(data.get("benefit_beneficiaries"))
    values["protections"] = _list(data.get("protections"))
    values["benefit_share_percent"] = _number(data, "benefit_share_percent", required=False)
    code = str(data.get("origin_subdistrict") or "").strip()
    subdistrict = Subdistrict.objects.filter(pk=code).first() if code else None
    product_ids = {p.pk: p for p in Product.objects.filter(entrepreneur_id=enrolment.entrepreneur_id)}
    use_rows, errors = [], {}
    for n, use in enumerate(uses):
        product = use.get("product")
        product = product_ids.get(int(product)) if product not in (None, "") else None
        name = str(use.get("product_name") or (product.name_th if product else "")).strip()
        try:
            value = Decimal(str(use.get("value_added_baht_per_year")).replace(",", ""))
            if not value.is_finite():
                raise InvalidOperation
        except (InvalidOperation, ValueError):
            errors[f"uses.{n}"] = [_("Enter the value added in baht a year.")]
            continue
        if use.get("product") not in (None, "") and product is None:
            errors[f"uses.{n}"] = [_("Choose a product of this entrepreneur.")]
            continue
        use_rows.append(BiodiversityUse(product=product, product_name=name[:200], value_added_baht_per_year=value))
    draft = BiodiversityRecord(enrolment=enrolment, origin_subdistrict=subdistrict, **values)
    for problem in biodiversity.validate(core_record(draft, use_rows, subdistrict_code=code)):
        message = problem.message + (f" ({problem.basis})" if problem.basis else "")
        errors.setdefault(problem.field, []).append(message)
    if code and subdistrict is None and "origin_subdistrict_code" not in errors:
        errors["origin_subdistrict_code"] = [_("No subdistrict has this code.")]
    if "origin_subdistrict_code" in errors:
        errors["origin_subdistrict"] = errors.pop("origin_subdistrict_code")
    upload = _upload(consent_file) if not errors else None
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        created = record is None
        record = record or BiodiversityRecord(enrolment=enrolment, created_by=actor)
        record.origin_subdistrict = subdistrict
        for key, value in values.items():
            setattr(record, key, value)
        if upload is not None:
            record.consent_file.save(upload.name[-80:], upload, save=False)
        record.save()
        record.uses.all().delete()
        for use in use_rows:
            use.record = record
        BiodiversityUse.objects.bulk_create(use_rows)
        audit_record(actor=actor, action="create" if created else "update", obj=record, changes={
            key: value.isoformat() if isinstance(value, date) else value for key, value in values.items()
        } | {"origin_subdistrict": code, "uses": [[u.product_name, str(u.value_added_baht_per_year)] for u in use_rows]})
    return record
