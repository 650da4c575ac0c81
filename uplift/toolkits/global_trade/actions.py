"""Every write of the OTOP to Global toolkit: the access policy first, then Thai validation, then one
transaction holding the write and its audit row. Online and export sales of a wave month flow into the
outcomes observations with `origin` = "global_trade.ChannelSales:<pk>", so a baht on the dashboard traces
back to the month, the listing and the person who entered it.
"""

import re
import uuid
from datetime import date
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.validators import URLValidator
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from stdnum import ean

from uplift.access import policy
from uplift.audit.actions import audit_event, audit_record
from uplift.outcomes.actions import ObservationIn, observations_save, wave_period

from .convert import core_listing
from .core.fx import FxError, FxRate
from .core.hs import HsCodeError, check_national_code, hs_table
from .core.images import ImageRefused, measure_image
from .core.incoterms import CostInputs, PriceInputError, export_prices, incoterms_book
from .core.price_report import build_up_to_dict
from .core.targets import check_listing, load_target, target_codes
from .models import ChannelSales, Listing, ListingCheck, ListingEvent, ListingImage, NationalCode, PriceQuote

ACTIVITY = "global"
TAKING_PART = ("accepted", "active", "completed")
FOLLOW_UP_WAVES = ("end", "m3", "m6", "m12")
MAX_IMAGE_BYTES = 10 * 1024 * 1024
IMAGE_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp", "GIF": "gif"}
TEXT_FIELDS = ("sku", "title_th", "title_en", "description_th", "description_en", "brand", "link")
DECIMAL_FIELDS = ("price", "net_weight_g", "package_weight_g", "package_length_cm", "package_width_cm",
                  "package_height_cm")
LIST_FIELDS = {"materials": ",", "category_path": ">", "variations": ","}
LISTING_FIELDS = (*TEXT_FIELDS, *DECIMAL_FIELDS, *LIST_FIELDS, "gtin", "condition", "availability", "currency",
                  "stock", "hs_code", "published")
QUOTE_AMOUNTS = ("exw", "packing", "inland", "clearance", "handling", "freight", "destination")
ORIGIN_NOTE = "OTOP to Global (กิจกรรม 1)"


# ---- shared checks ------------------------------------------------------------------------------

def _require_taking_part(actor, verb: str, enrolment) -> None:
    policy.require(actor, verb, enrolment)
    if enrolment.round_activity.activity.code != ACTIVITY:
        raise ValidationError({"enrolment": [_("This enrolment is not in activity 1, OTOP to Global.")]})
    if enrolment.status not in TAKING_PART:
        raise ValidationError({"enrolment": [_("The entrepreneur is not taking part in this activity yet.")]})


def _decimal(value, field: str, errors: dict, *, required: bool = False) -> Decimal | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            errors[field] = [_("This field is required.")]
        return None
    try:
        number = Decimal(str(value).replace(",", "").strip())
    except (InvalidOperation, ValueError):
        errors[field] = [_("%(value)s is not a number.") % {"value": value}]
        return None
    if not number.is_finite():
        errors[field] = [_("%(value)s is not a number.") % {"value": value}]
        return None
    if number < 0:
        errors[field] = [_("The value cannot be negative.")]
        return None
    return number


def _whole(value, field: str, errors: dict, *, minimum: int = 0) -> int | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        number = int(str(value).replace(",", "").strip())
    except ValueError:
        errors[field] = [_("%(value)s is not a whole number.") % {"value": value}]
        return None
    if number < minimum:
        errors[field] = [_("Give a whole number of at least %(n)s.") % {"n": minimum}]
        return None
    return number


def _items(value, separator: str) -> list[str]:
    if value is None:
        return []
    parts = value if isinstance(value, list | tuple) else str(value).split(separator)
    return [p.strip() for p in parts if str(p).strip()]


def _jsonable(values: dict) -> dict:
    return {k: (str(v) if isinstance(v, Decimal | date) else v) for k, v in values.items()}


# ---- listings -----------------------------------------------------------------------------------

def _clean_listing(data: dict, errors: dict) -> dict:
    """The fields present in `data`, cleaned; target rules (lengths, image sizes…) are not errors here:
    they are checked after saving and named on the listing."""
    values: dict = {}
    for field in TEXT_FIELDS:
        if field in data:
            values[field] = (data[field] or "").strip()
    for field in DECIMAL_FIELDS:
        if field in data:
            values[field] = _decimal(data[field], field, errors)
    for field, separator in LIST_FIELDS.items():
        if field in data:
            values[field] = _items(data[field], separator)
    if "stock" in data:
        values["stock"] = _whole(data["stock"], "stock", errors)
    if "gtin" in data:
        values["gtin"] = ean.compact(data["gtin"] or "")
        if len(values["gtin"]) > 20:
            errors["gtin"] = [_("A GTIN has 8, 12, 13 or 14 digits.")]
    if "condition" in data:
        values["condition"] = data["condition"] or Listing.Condition.NEW
        if values["condition"] not in Listing.Condition.values:
            errors["condition"] = [_("Choose new, refurbished or used.")]
    if "availability" in data:
        values["availability"] = data["availability"] or Listing.Availability.IN_STOCK
        if values["availability"] not in Listing.Availability.values:
            errors["availability"] = [_("Choose in stock, out of stock, pre-order or back-order.")]
    if "currency" in data:
        values["currency"] = (data["currency"] or "THB").strip().upper()
        if not re.fullmatch(r"[A-Z]{3}", values["currency"]):
            errors["currency"] = [_("Give a three-letter ISO 4217 currency code, e.g. THB or USD.")]
    if "hs_code" in data:
        values["hs_code"] = _hs_code(data["hs_code"], errors)
    if "published" in data:
        values["published"] = bool(data["published"])
    if values.get("link"):
        try:
            URLValidator(schemes=["http", "https"])(values["link"])
        except ValidationError:
            errors["link"] = [_("Give a full web address starting with https://.")]
    if "title_th" in values and not values["title_th"]:
        errors["title_th"] = [_("Give the Thai title of the product.")]
    for field in ("sku", "brand"):
        limit = Listing._meta.get_field(field).max_length
        if len(values.get(field, "")) > limit:
            errors[field] = [_("At most %(n)s characters.") % {"n": limit}]
    for field in ("title_th", "title_en"):
        if len(values.get(field, "")) > 300:
            errors[field] = [_("At most %(n)s characters.") % {"n": 300}]
    return values


def _hs_code(value, errors: dict) -> str:
    digits = re.sub(r"[.\s-]", "", value or "")
    if not digits:
        return ""
    if len(digits) == 6:
        entry = hs_table().get(digits)
        if entry is None or entry.level != 6:
            errors["hs_code"] = [_("%(code)s is not an HS 2022 subheading (6 digits).") % {"code": digits}]
        return digits
    try:
        check_national_code(digits)
    except HsCodeError:
        errors["hs_code"] = [_("Give a 6-digit HS 2022 code or an 8-digit national code built on one.")]
    return digits


def _refresh_checks(actor, listing: Listing) -> list[ListingCheck]:
    core = core_listing(listing)
    checks = []
    for code in target_codes():
        target = load_target(code)
        issues = check_listing(core, target)
        errors = [i for i in issues if i.severity == "error"]
        check, _created = ListingCheck.objects.update_or_create(listing=listing, target=code, defaults={
            "target_version": target.version, "passed": not errors, "errors": len(errors),
            "warnings": len(issues) - len(errors), "created_by": actor,
            "issues": [{"rule": i.rule, "attribute": i.attribute, "field": i.field, "severity": i.severity,
                        "message_th": i.message_th, "message_en": i.message_en, "confirmed": i.confirmed}
                       for i in issues],
        })
        checks.append(check)
    return checks


def listing_create(*, actor, enrolment, product, data: dict) -> Listing:
    _require_taking_part(actor, "toolkit.own", enrolment)
    errors: dict = {}
    if product.entrepreneur_id != enrolment.entrepreneur_id:
        errors["product"] = [_("This product belongs to another entrepreneur.")]
    elif Listing.objects.filter(product=product).exists():
        errors["product"] = [_("This product already has a listing: edit it instead.")]
    defaults = {"title_th": product.name_th, "title_en": product.name_en, "price": product.price}
    values = _clean_listing({**defaults, **{k: v for k, v in data.items() if k in LISTING_FIELDS}}, errors)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        listing = Listing.objects.create(product=product, enrolment=enrolment, created_by=actor, **values)
        _refresh_checks(actor, listing)
        audit_record(actor=actor, action="create", obj=listing, changes=_jsonable(values))
    return listing


def listing_update(*, actor, listing: Listing, data: dict) -> Listing:
    policy.require(actor, "toolkit.own", listing)
    errors: dict = {}
    values = _clean_listing({k: v for k, v in data.items() if k in LISTING_FIELDS}, errors)
    if errors:
        raise ValidationError(errors)
    changes = {k: [str(getattr(listing, k)), str(v)] for k, v in values.items() if getattr(listing, k) != v}
    with transaction.atomic():
        for field, value in values.items():
            setattr(listing, field, value)
        listing.save()
        _refresh_checks(actor, listing)
        audit_record(actor=actor, action="update", obj=listing, changes=changes)
    return listing


def listing_delete(*, actor, listing: Listing) -> None:
    policy.require(actor, "toolkit.own", listing)
    files = [image.file.name for image in listing.images.all()]
    with transaction.atomic():
        audit_record(actor=actor, action="delete", obj=listing,
                     changes={"product": listing.product_id, "title_th": listing.title_th})
        storage = ListingImage._meta.get_field("file").storage
        listing.delete()
        transaction.on_commit(lambda: [storage.delete(name) for name in files])


def listing_checks_refresh(*, actor, listing: Listing) -> list[ListingCheck]:
    policy.require(actor, "toolkit.own", listing)
    with transaction.atomic():
        checks = _refresh_checks(actor, listing)
        audit_record(actor=actor, action="check", obj=listing,
                     changes={c.target: c.passed for c in checks})
    return checks


# ---- photos -------------------------------------------------------------------------------------

def listing_image_add(*, actor, listing: Listing, upload) -> ListingImage:
    """Measure the photo with Pillow (size, white background, how much the product fills) and keep it."""
    policy.require(actor, "toolkit.own", listing)
    if upload is None:
        raise ValidationError({"file": [_("Choose a photo to upload.")]})
    if upload.size > MAX_IMAGE_BYTES:
        raise ValidationError({"file": [_("The photo is larger than %(mb)s MB.") % {"mb": MAX_IMAGE_BYTES // 2**20}]})
    data = upload.read()
    try:
        measure = measure_image(data)
    except ImageRefused as error:
        raise ValidationError({"file": [str(error)]}) from error
    if measure.format not in IMAGE_FORMATS:
        raise ValidationError({"file": [_("Use a JPEG, PNG, WebP or GIF photo.")]})
    name = f"{listing.feed_id}-{uuid.uuid4().hex[:10]}.{IMAGE_FORMATS[measure.format]}"
    with transaction.atomic():
        last = listing.images.aggregate(last=Max("position"))["last"]
        image = ListingImage(
            listing=listing, position=0 if last is None else last + 1, format=measure.format, width=measure.width,
            height=measure.height, size=len(data), border_white_share=measure.border_white_share,
            fill_longest_share=measure.fill_longest_share, created_by=actor)
        image.file.save(name, ContentFile(data), save=False)
        image.save()
        _refresh_checks(actor, listing)
        audit_record(actor=actor, action="image_add", obj=listing, changes={
            "image": image.pk, "size": f"{measure.width}×{measure.height}", "format": measure.format})
    return image


def listing_image_remove(*, actor, image: ListingImage) -> None:
    policy.require(actor, "toolkit.own", image)
    listing, name = image.listing, image.file.name
    storage = image.file.storage
    with transaction.atomic():
        audit_record(actor=actor, action="image_remove", obj=listing, changes={"image": image.pk})
        image.delete()
        _refresh_checks(actor, listing)
        transaction.on_commit(lambda: storage.delete(name))


def listing_image_first(*, actor, image: ListingImage) -> None:
    """Make this photo the main one (Google's image_link, Shopee's cover)."""
    policy.require(actor, "toolkit.own", image)
    listing = image.listing
    with transaction.atomic():
        others = [i for i in listing.images.exclude(pk=image.pk).order_by("position", "pk")]
        for position, other in enumerate([image, *others]):
            if other.position != position:
                other.position = position
                other.save(update_fields=["position", "updated_at"])
        _refresh_checks(actor, listing)
        audit_record(actor=actor, action="image_first", obj=listing, changes={"image": image.pk})


# ---- channel events -----------------------------------------------------------------------------

def listing_event_record(*, actor, listing: Listing, kind: str, channel: str, on, url: str = "",
                         note: str = "") -> ListingEvent:
    """A listing went live on a channel, or its first online or export order came in, on a date."""
    policy.require(actor, "toolkit.own", listing)
    errors: dict = {}
    channel = (channel or "").strip()
    if kind not in ListingEvent.Kind.values:
        errors["kind"] = [_("Choose what happened.")]
    if not channel:
        errors["channel"] = [_("Name the channel, e.g. Shopee, Lazada or the shop's own website.")]
    if not isinstance(on, date):
        errors["on"] = [_("Give the date.")]
    elif on > timezone.localdate():
        errors["on"] = [_("The date cannot be in the future.")]
    if url:
        try:
            URLValidator(schemes=["http", "https"])(url)
        except ValidationError:
            errors["url"] = [_("Give a full web address starting with https://.")]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        event, created = ListingEvent.objects.update_or_create(
            listing=listing, kind=kind, channel=channel,
            defaults={"on": on, "url": url, "note": (note or "").strip()[:255], "created_by": actor})
        audit_record(actor=actor, action="event_create" if created else "event_update", obj=event,
                     changes={"kind": kind, "channel": channel, "on": on.isoformat()})
    return event


# ---- export price quotes ------------------------------------------------------------------------

def _price_inputs(data: dict, quote_date: date, errors: dict) -> tuple[CostInputs | None, FxRate | None]:
    amounts = {f: _decimal(data.get(f), f, errors, required=f == "exw") for f in QUOTE_AMOUNTS}
    margin = _decimal(data.get("margin"), "margin", errors) or Decimal(0)
    rate = _decimal(data.get("insurance_rate"), "insurance_rate", errors)
    cover = incoterms_book().cover
    if rate is not None and rate >= 1 / cover:
        errors["insurance_rate"] = [_("The insurance rate must be below %(limit)s (the cover is 110%% of the price).")
                                    % {"limit": f"{1 / cover:.4f}"}]
    quantity = _whole(data.get("quantity"), "quantity", errors, minimum=1) or 1
    currency = (data.get("currency") or "THB").strip().upper()
    fx = None
    if not re.fullmatch(r"[A-Z]{3}", currency):
        errors["currency"] = [_("Give a three-letter ISO 4217 currency code, e.g. THB or USD.")]
    elif currency != "THB":
        fx = _fx(currency, data, quote_date, errors)
    if errors:
        return None, None
    try:
        return CostInputs(**amounts, margin=margin, insurance_rate=rate, quantity=quantity), fx
    except PriceInputError as error:
        errors["exw"] = [str(error)]
        return None, None


def price_preview(*, data: dict) -> dict:
    """The build-up of `data` validated like a saved quote, as plain data; nothing is written."""
    errors: dict = {}
    inputs, fx = _price_inputs(data, data.get("quote_date") or timezone.localdate(), errors)
    if errors:
        raise ValidationError(errors)
    return build_up_to_dict(export_prices(inputs, fx))


def price_quote_save(*, actor, enrolment, data: dict) -> PriceQuote:
    """Compute every Incoterms 2020 price the costs allow (core) and keep the inputs and the result."""
    _require_taking_part(actor, "toolkit.own", enrolment)
    errors: dict = {}
    title = (data.get("title") or "").strip()
    if not title:
        errors["title"] = [_("Say what is quoted, e.g. the product and the buyer's country.")]
    quote_date = data.get("quote_date") or timezone.localdate()
    product = data.get("product")
    if product is not None and product.entrepreneur_id != enrolment.entrepreneur_id:
        errors["product"] = [_("This product belongs to another entrepreneur.")]
    inputs, fx = _price_inputs(data, quote_date, errors)
    if errors:
        raise ValidationError(errors)
    build_up = export_prices(inputs, fx)
    amounts = {f: getattr(inputs, f) for f in QUOTE_AMOUNTS}
    with transaction.atomic():
        quote = PriceQuote.objects.create(
            enrolment=enrolment, product=product, title=title[:200],
            destination_place=(data.get("destination_place") or "").strip()[:120], quote_date=quote_date,
            margin=inputs.margin, insurance_rate=inputs.insurance_rate, quantity=inputs.quantity,
            currency=build_up.currency, rate_thb_per_unit=fx.thb_per_unit if fx else None,
            rate_on=fx.on if fx else None, incoterms_version=build_up.book_version,
            result=build_up_to_dict(build_up), created_by=actor, **amounts)
        audit_record(actor=actor, action="create", obj=quote, changes=_jsonable({
            "title": quote.title, "currency": build_up.currency, "quantity": inputs.quantity,
            **{p.rule: p.per_unit for p in build_up.prices}}))
    return quote


def _fx(currency: str, data: dict, quote_date: date, errors: dict) -> FxRate | None:
    thb = _decimal(data.get("rate_thb_per_unit"), "rate_thb_per_unit", errors, required=True)
    rate_on = data.get("rate_on")
    if not isinstance(rate_on, date):
        errors["rate_on"] = [_("Give the date of the exchange rate.")]
    elif rate_on > quote_date:
        errors["rate_on"] = [_("The rate must be dated on or before the quote date.")]
    if thb is None or "rate_thb_per_unit" in errors or "rate_on" in errors:
        return None
    try:
        return FxRate(currency, rate_on, thb)
    except FxError as error:
        errors["rate_thb_per_unit"] = [str(error)]
        return None


# ---- online and export sales --------------------------------------------------------------------

def wave_of_month(enrolment, month: date) -> str:
    """The follow-up wave whose month this is (end of round, +3, +6, +12 months), or ""."""
    round_ = enrolment.round_activity.round
    start = enrolment.started_on or round_.starts_on
    for wave in FOLLOW_UP_WAVES:
        if wave_period(start, round_.ends_on, wave) == month:
            return wave
    return ""


def channel_sales_record(*, actor, enrolment, month: date, online, export, total=None, online_orders=None,
                         listing: Listing | None = None, source: str | None = None, document: str = "",
                         note: str = "", wave: str | None = None) -> ChannelSales:
    """Record one month's online and export sales. When the month is a follow-up wave's month (or `wave`
    names one), the online_sales and export_sales observations of that wave are written as well, and
    sales when the total of all channels is given; `wave=""` records the month only."""
    _require_taking_part(actor, "toolkit.own", enrolment)
    errors: dict = {}
    if not isinstance(month, date):
        errors["month"] = [_("Give the month.")]
    else:
        month = month.replace(day=1)
        if month > timezone.localdate().replace(day=1):
            errors["month"] = [_("The month cannot be in the future.")]
    values = {"online": _decimal(online, "online", errors, required=True),
              "export": _decimal(export, "export", errors, required=True),
              "total": _decimal(total, "total", errors)}
    orders = _whole(online_orders, "online_orders", errors)
    if values["total"] is not None and values["online"] is not None and values["export"] is not None \
            and values["total"] < values["online"] + values["export"]:
        errors["total"] = [_("Total sales cannot be less than online and export sales together.")]
    if listing is not None and listing.product.entrepreneur_id != enrolment.entrepreneur_id:
        errors["listing"] = [_("This listing belongs to another entrepreneur.")]
    can_verify = policy.can(actor, "observation.verify", enrolment.entrepreneur)
    source = source or (ChannelSales.Source.VERIFIED if can_verify else ChannelSales.Source.SELF_REPORTED)
    if source not in ChannelSales.Source.values:
        errors["source"] = [_("Choose where the figures come from.")]
    elif source == ChannelSales.Source.VERIFIED and not can_verify:
        errors["source"] = [_("Only a consultant or an officer can mark a figure as verified.")]
    elif source == ChannelSales.Source.DOCUMENT and not (document or "").strip():
        errors["document"] = [_("Name the document that supports this figure.")]
    if wave is not None and wave not in ("", *FOLLOW_UP_WAVES):
        errors["wave"] = [_("Choose the end of the round or a follow-up at 3, 6 or 12 months.")]
    if errors:
        raise ValidationError(errors)
    reported = wave_of_month(enrolment, month) if wave is None else wave
    with transaction.atomic():
        record, created = ChannelSales.objects.update_or_create(enrolment=enrolment, month=month, defaults={
            **values, "online_orders": orders, "listing": listing, "source": source,
            "document": (document or "").strip()[:255], "note": (note or "").strip()[:255], "wave": reported,
            "created_by": actor})
        audit_record(actor=actor, action="create" if created else "update", obj=record, changes=_jsonable({
            **values, "month": month, "wave": reported, "listing": listing.pk if listing else None,
            "source": source}))
        if reported:
            _observe(actor, record)
    return record


def _observe(actor, record: ChannelSales) -> None:
    enrolment = record.enrolment
    note = ORIGIN_NOTE if record.listing is None else f"{ORIGIN_NOTE} · {record.listing.title_th}"
    figures = {"online_sales": record.online, "export_sales": record.export}
    if record.total is not None:
        figures["sales"] = record.total
    observations_save(actor=actor, items=[ObservationIn(
        entrepreneur_id=enrolment.entrepreneur_id, round_id=enrolment.round_activity.round_id, indicator=code,
        wave=record.wave, value=value, source=record.source, period=record.month, document=record.document,
        note=note[:255], origin=f"global_trade.ChannelSales:{record.pk}") for code, value in figures.items()])


# ---- national tariff codes ----------------------------------------------------------------------

def national_code_add(*, actor, code: str, description_th: str, description_en: str = "",
                      source: str = "") -> NationalCode:
    policy.require(actor, "toolkit.reference")
    errors: dict = {}
    digits = re.sub(r"[.\s-]", "", code or "")
    try:
        entry = check_national_code(digits)
    except HsCodeError:
        entry = None
        errors["code"] = [_("An 8-digit national code whose first six digits are an HS 2022 subheading.")]
    if entry is not None and NationalCode.objects.filter(code=digits).exists():
        errors["code"] = [_("This national code is already in the table.")]
    if not (description_th or "").strip():
        errors["description_th"] = [_("Give the Thai description.")]
    if not (source or "").strip():
        errors["source"] = [_("Name the source, e.g. the Customs Department's tariff (AHTN 2022).")]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        national = NationalCode.objects.create(
            code=digits, hs6=digits[:6], description_th=description_th.strip()[:300],
            description_en=(description_en or "").strip()[:300], source=source.strip()[:200], created_by=actor)
        audit_record(actor=actor, action="create", obj=national,
                     changes={"code": digits, "description_th": national.description_th, "source": national.source})
    return national


def feed_export(*, actor, enrolment, listings, target: str, fmt: str, base_url: str):
    """A marketplace feed file of the entrepreneur's listings, formula-safe, with the export audited."""
    from .outputs import feed_file

    policy.require(actor, "toolkit.view", enrolment)
    made = feed_file(listings, entrepreneur=enrolment.entrepreneur, target=target, fmt=fmt, base_url=base_url)
    audit_event(actor=actor, action="export", model="global_trade.Listing", object_pk=str(enrolment.entrepreneur_id),
                changes={"what": "marketplace feed", "target": target, "format": fmt,
                         "rows": len(made.report.included), "enrolment": enrolment.pk})
    return made


def quote_export(*, actor, quote) -> bytes:
    """The quote as .xlsx, formula-safe, with the export audited."""
    from .outputs import quote_xlsx

    policy.require(actor, "toolkit.view", quote.enrolment)
    content = quote_xlsx(quote)
    audit_event(actor=actor, action="export", model="global_trade.PriceQuote", object_pk=str(quote.pk),
                changes={"what": "export price quotation", "format": "xlsx", "enrolment": quote.enrolment_id})
    return content
