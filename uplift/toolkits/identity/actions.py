"""Every write of the identity toolkit: checked by the access policy, validated by `core/` with Thai
messages keyed by field, written and audited in one transaction. Launch results reach outcomes only
through a claim, whose observations carry `origin="identity.OutcomeClaim:<pk>"`.

Who writes what: consultants, designers (consultant accounts) and officers do the design work
(``toolkit.work``); the entrepreneur may also fill the worksheet, add photos, comment, approve a
mock-up, score their own stars and enter their sales (``toolkit.own``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from uplift.access import policy
from uplift.audit.actions import audit_record
from uplift.outcomes.actions import ObservationIn, observations_save
from uplift.outcomes.models import Observation, Wave
from uplift.programme.models import Enrolment
from uplift.registry.models import Product
from uplift.toolkits.identity.core import brief as brief_core
from uplift.toolkits.identity.core import label as label_core
from uplift.toolkits.identity.core import series as series_core
from uplift.toolkits.identity.core import star_readiness, worksheet as worksheet_core
from uplift.toolkits.identity.core.fields import is_blank
from uplift.toolkits.identity.models import (
    Brief, Launch, LaunchMonth, MockupVersion, OutcomeClaim, Photo, ReviewComment, StarAssessment, Worksheet,
)

ACTIVITY = "identity"
WORKING_STATUSES = ("accepted", "active", "completed")
FOOD_CATEGORIES = ("food", "beverage")
MAX_PHOTO_BYTES = 5 * 1024 * 1024
MAX_MOCKUP_BYTES = 10 * 1024 * 1024
MAGIC = {"image/jpeg": (b"\xff\xd8\xff",), "image/png": (b"\x89PNG",), "image/webp": (b"RIFF",),
         "application/pdf": (b"%PDF",)}
EXTENSIONS = {"jpg": "image/jpeg", "jpeg": "image/jpeg", "png": "image/png", "webp": "image/webp",
              "pdf": "application/pdf"}


def _check(actor, enrolment: Enrolment, verb: str = "toolkit.work") -> None:
    policy.require(actor, verb, enrolment)
    if enrolment.round_activity.activity.code != ACTIVITY:
        raise ValidationError({"enrolment": _("This enrolment is not in the identity and packaging activity.")})
    if enrolment.status not in WORKING_STATUSES:
        raise ValidationError({"enrolment": _("The entrepreneur has not taken up this activity yet.")})


def _product(enrolment: Enrolment, product: Product | None, *, required: bool = False) -> Product | None:
    if product is None:
        if required:
            raise ValidationError({"product": _("Choose a product.")})
        return None
    if product.entrepreneur_id != enrolment.entrepreneur_id:
        raise ValidationError({"product": _("This product belongs to another entrepreneur.")})
    return product


def _upload(upload, field: str, *, allowed: tuple[str, ...], limit: int) -> str:
    """The content type of an upload checked by extension and first bytes; refuse anything else."""
    if not upload:
        raise ValidationError({field: _("Choose a file.")})
    name = getattr(upload, "name", "") or ""
    kind = EXTENSIONS.get(name.rsplit(".", 1)[-1].lower() if "." in name else "")
    if kind not in allowed:
        raise ValidationError({field: _("This kind of file is not accepted here.")})
    if upload.size > limit:
        raise ValidationError({field: _("The file is larger than %(mb)d MB.") % {"mb": limit // (1024 * 1024)}})
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if not any(head.startswith(magic) for magic in MAGIC[kind]):
        raise ValidationError({field: _("The file's content does not match its name.")})
    return kind


def _problems_of_filled(problems, answers: Mapping[str, Any]) -> dict[str, list[str]]:
    """Problems of the answers given (wrong shape, too short, unknown); blanks only make it incomplete."""
    errors: dict[str, list[str]] = {}
    for problem in problems:
        if problem.field in answers and not is_blank(answers.get(problem.field)):
            errors.setdefault(problem.field, []).append(problem.message_th)
    return errors


def _jsonable(value):
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if isinstance(value, (date, Decimal)):
        return str(value)
    if hasattr(value, "due") and hasattr(value, "name"):
        return {"name": value.name, "due": value.due.isoformat()}
    return value


# ---- identity worksheet and photos --------------------------------------------------------------

def worksheet_save(*, actor, enrolment: Enrolment, answers: Mapping[str, Any]) -> Worksheet:
    """Save the worksheet's answers; blanks leave it incomplete, bad answers are refused by field."""
    _check(actor, enrolment, "toolkit.own")
    answers = {k: v for k, v in answers.items() if k != "photos"}
    sheet = worksheet_core.worksheet()
    errors = _problems_of_filled(worksheet_core.check_worksheet(answers, sheet).problems, answers)
    if errors:
        raise ValidationError(errors)
    clean = _jsonable(answers)
    photos = [str(pk) for pk in Photo.objects.filter(enrolment=enrolment).values_list("pk", flat=True)]
    complete = worksheet_core.check_worksheet(clean | {"photos": photos}, sheet).complete
    with transaction.atomic():
        record, created = Worksheet.objects.select_for_update().get_or_create(
            enrolment=enrolment, defaults={"version": sheet.version, "created_by": actor})
        before = record.answers
        record.version, record.answers, record.complete = sheet.version, clean, complete
        record.save()
        audit_record(actor=actor, action="create" if created else "update", obj=record,
                     changes={"before": before, "after": clean, "complete": complete, "version": sheet.version})
    return record


def photo_add(*, actor, enrolment: Enrolment, image, caption: str = "") -> Photo:
    _check(actor, enrolment, "toolkit.own")
    _upload(image, "image", allowed=("image/jpeg", "image/png", "image/webp"), limit=MAX_PHOTO_BYTES)
    with transaction.atomic():
        photo = Photo(enrolment=enrolment, caption=(caption or "").strip()[:200], created_by=actor)
        photo.image.save(image.name[-80:], image, save=False)
        photo.save()
        audit_record(actor=actor, action="create", obj=photo, changes={"caption": photo.caption,
                                                                       "file": photo.image.name})
    return photo


def photo_delete(*, actor, photo: Photo) -> None:
    _check(actor, photo.enrolment, "toolkit.own")
    with transaction.atomic():
        audit_record(actor=actor, action="delete", obj=photo, changes={"file": photo.image.name})
        storage, name = photo.image.storage, photo.image.name
        photo.delete()
        transaction.on_commit(lambda: storage.delete(name))


# ---- design brief, mock-up versions, comments, approval ----------------------------------------

def brief_create(*, actor, enrolment: Enrolment, title: str, product: Product | None = None,
                 food_label: bool | None = None) -> Brief:
    """A new brief, prefilled from the identity worksheet for the designer to edit."""
    _check(actor, enrolment)
    product = _product(enrolment, product)
    title = (title or "").strip()
    if not title:
        raise ValidationError({"title": _("Give the brief a title.")})
    sheet = Worksheet.objects.filter(enrolment=enrolment).first()
    answers = brief_core.prefill_brief(worksheet_core.summarise(sheet.answers)) if sheet else {}
    if food_label is None:
        food_label = product is not None and product.category in FOOD_CATEGORIES
    schema = brief_core.brief_schema()
    with transaction.atomic():
        brief = Brief.objects.create(enrolment=enrolment, product=product, title=title[:200], version=schema.version,
                                     answers=answers, complete=brief_core.check_brief(answers, schema).complete,
                                     food_label=bool(food_label), created_by=actor)
        audit_record(actor=actor, action="create", obj=brief, changes={
            "title": brief.title, "product": product.pk if product else None, "food_label": brief.food_label,
            "prefilled": sorted(answers)})
    return brief


def _open(brief: Brief) -> None:
    if brief.status == Brief.Status.APPROVED:
        raise ValidationError({"brief": _("This brief is approved: start a new brief for further changes.")})


def brief_save(*, actor, brief: Brief, answers: Mapping[str, Any], title: str | None = None,
               food_label: bool | None = None) -> Brief:
    _check(actor, brief.enrolment)
    _open(brief)
    schema = brief_core.brief_schema()
    errors = _problems_of_filled(brief_core.check_brief(answers, schema).problems, answers)
    if title is not None and not title.strip():
        errors["title"] = [_("Give the brief a title.")]
    if errors:
        raise ValidationError(errors)
    clean = _jsonable(dict(answers))
    with transaction.atomic():
        before = brief.answers
        brief.answers, brief.version = clean, schema.version
        brief.complete = brief_core.check_brief(clean, schema).complete
        if title is not None:
            brief.title = title.strip()[:200]
        if food_label is not None:
            brief.food_label = food_label
        brief.save()
        audit_record(actor=actor, action="update", obj=brief, changes={"before": before, "after": clean,
                                                                       "complete": brief.complete})
    return brief


def version_upload(*, actor, brief: Brief, file, note: str = "") -> MockupVersion:
    """Add the next numbered mock-up (an image or a PDF); earlier versions are kept unchanged."""
    _check(actor, brief.enrolment)
    _open(brief)
    kind = _upload(file, "file", allowed=tuple(MAGIC), limit=MAX_MOCKUP_BYTES)
    with transaction.atomic():
        locked = Brief.objects.select_for_update().get(pk=brief.pk)
        number = (locked.versions.aggregate(n=Max("number"))["n"] or 0) + 1
        version = MockupVersion(brief=locked, number=number, content_type=kind, size=file.size,
                                note=(note or "").strip()[:300], created_by=actor)
        version.file.save(file.name[-60:], file, save=False)
        version.save()
        if locked.status == Brief.Status.DRAFT:
            locked.status = Brief.Status.REVIEW
            locked.save(update_fields=["status", "updated_at"])
        audit_record(actor=actor, action="create", obj=version, changes={
            "brief": locked.pk, "number": number, "content_type": kind, "size": file.size, "note": version.note})
    brief.refresh_from_db()
    return version


def checklist_dict(checklist: label_core.LabelChecklist) -> list[dict[str, str]]:
    return [{"rule_id": i.rule_id, "element": i.element, "status": i.status, "message_th": i.message_th,
             "message_en": i.message_en} for i in checklist.items]


def version_label_check(*, actor, version: MockupVersion, label: Mapping[str, Any]) -> MockupVersion:
    """Record the label as printed on this version and its checklist under the current rules."""
    _check(actor, version.brief.enrolment)
    try:
        food_label = label_core.FoodLabel.from_dict(dict(label))
    except (TypeError, ValueError, AttributeError):
        raise ValidationError({"label": _("The label description could not be read.")}) from None
    checklist = label_core.check_label(food_label)
    with transaction.atomic():
        version.label, version.label_result = food_label.to_dict(), checklist_dict(checklist)
        version.label_rules_version = checklist.rules_version
        version.save(update_fields=["label", "label_result", "label_rules_version", "updated_at"])
        audit_record(actor=actor, action="label-check", obj=version, changes={
            "rules": checklist.rules_version, "problems": [i.rule_id for i in checklist.problems]})
    return version


def label_problems(version: MockupVersion) -> list[dict[str, str]]:
    return [i for i in version.label_result or () if i["status"] in ("missing", "malformed")]


def comment_add(*, actor, version: MockupVersion, text: str, x=None, y=None) -> ReviewComment:
    _check(actor, version.brief.enrolment, "toolkit.own")
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("Write the comment.")})
    pins = {}
    for key, value in (("x", x), ("y", y)):
        if value in (None, ""):
            pins[key] = None
            continue
        try:
            pins[key] = float(value)
        except (TypeError, ValueError):
            raise ValidationError({key: _("A pin is a position between 0 and 100 percent.")}) from None
        if not 0 <= pins[key] <= 100:
            raise ValidationError({key: _("A pin is a position between 0 and 100 percent.")})
    with transaction.atomic():
        comment = ReviewComment.objects.create(version=version, text=text, created_by=actor, **pins)
        audit_record(actor=actor, action="create", obj=comment, changes={"version": version.pk, "text": text, **pins})
    return comment


def comment_resolve(*, actor, comment: ReviewComment) -> ReviewComment:
    _check(actor, comment.version.brief.enrolment, "toolkit.own")
    with transaction.atomic():
        comment.resolved_at = timezone.now()
        comment.save(update_fields=["resolved_at", "updated_at"])
        audit_record(actor=actor, action="resolve", obj=comment, changes={})
    return comment


def brief_approve(*, actor, brief: Brief, version: MockupVersion) -> Brief:
    """The entrepreneur (or staff on their behalf, never the version's uploader) approves one version.
    A food label must pass its checklist."""
    _check(actor, brief.enrolment, "toolkit.own")
    _open(brief)
    if version.brief_id != brief.pk:
        raise ValidationError({"version": _("This version belongs to another brief.")})
    if version.created_by_id == actor.pk:
        raise ValidationError({"version": _("The person who uploaded a mock-up cannot approve it: the entrepreneur "
                                            "approves.")})
    if brief.food_label:
        if not version.label_result:
            raise ValidationError({"version": _("Check this version's food label before approving it.")})
        problems = label_problems(version)
        if problems:
            raise ValidationError({"version": [_("The food label still lacks:")] + [p["message_th"] for p in problems]})
    with transaction.atomic():
        brief.status, brief.approved_version = Brief.Status.APPROVED, version
        brief.approved_by, brief.approved_at = actor, timezone.now()
        brief.save(update_fields=["status", "approved_version", "approved_by", "approved_at", "updated_at"])
        audit_record(actor=actor, action="approve", obj=brief, changes={"version": version.number})
    return brief


# ---- star readiness -------------------------------------------------------------------------

def holds_legal_standard(product: Product | None, today: date) -> bool | None:
    if product is None:
        return None
    return product.standards.exclude(expires_on__lt=today).exists()


def star_assess(*, actor, enrolment: Enrolment, scores: Mapping[str, Any], product: Product | None = None,
                holds_standard: bool | None = None) -> StarAssessment:
    """An OTOP Product Champion self-score; whether a legal standard is held comes from the registry when not given."""
    _check(actor, enrolment, "toolkit.own")
    product = _product(enrolment, product)
    numbers: dict[str, float] = {}
    errors: dict[str, list[str]] = {}
    for code, value in scores.items():
        if value in (None, ""):
            continue
        try:
            numbers[code] = float(str(value).replace(",", ""))
        except ValueError:
            errors[code] = [_("Enter a number.")]
    if errors:
        raise ValidationError(errors)
    if holds_standard is None:
        holds_standard = holds_legal_standard(product, timezone.localdate())
    try:
        result = star_readiness.star_readiness(numbers, holds_legal_standard=holds_standard)
    except star_readiness.ScoreError as error:
        raise ValidationError({"scores": error.problems}) from None
    with transaction.atomic():
        record = StarAssessment.objects.create(
            enrolment=enrolment, product=product, criteria_version=result.criteria_version, scores=numbers,
            holds_legal_standard=holds_standard, total=result.total, stars=result.band.stars, created_by=actor)
        audit_record(actor=actor, action="create", obj=record, changes={
            "scores": numbers, "total": result.total, "stars": result.band.stars, "version": result.criteria_version})
    return record


# ---- did it pay? ------------------------------------------------------------------------------

def _money(value, field: str, *, required: bool = False) -> Decimal | None:
    if value in (None, ""):
        if required:
            raise ValidationError({field: _("This field is required.")})
        return None
    try:
        number = Decimal(str(value).replace(",", "").strip())
    except InvalidOperation:
        raise ValidationError({field: _("Enter a number.")}) from None
    if not number.is_finite() or number < 0:
        raise ValidationError({field: _("Enter an amount that is not negative.")})
    return number.quantize(Decimal("0.01"))


def month_of(value, field: str) -> date:
    if isinstance(value, date):
        return value.replace(day=1)
    try:
        return series_core.parse_month(str(value or ""))
    except ValueError:
        raise ValidationError({field: _("Enter a month as YYYY-MM.")}) from None


def launch_save(*, actor, enrolment: Enrolment, product: Product, launch_month, price_before=None, price_after=None,
                brief: Brief | None = None, note: str = "", launch: Launch | None = None) -> Launch:
    _check(actor, enrolment)
    product = _product(enrolment, product, required=True)
    if brief is not None and brief.enrolment_id != enrolment.pk:
        raise ValidationError({"brief": _("This brief belongs to another enrolment.")})
    values = {"launch_month": month_of(launch_month, "launch_month"),
              "price_before": _money(price_before, "price_before"), "price_after": _money(price_after, "price_after")}
    twin = Launch.objects.filter(enrolment=enrolment, product=product).exclude(pk=launch.pk if launch else None)
    if twin.exists():
        raise ValidationError({"product": _("This product's launch is already recorded.")})
    with transaction.atomic():
        created = launch is None
        launch = launch or Launch(enrolment=enrolment, created_by=actor)
        launch.product, launch.brief, launch.note = product, brief, (note or "").strip()[:300]
        for key, value in values.items():
            setattr(launch, key, value)
        launch.save()
        audit_record(actor=actor, action="create" if created else "update", obj=launch,
                     changes=_jsonable(values | {"product": product.pk, "brief": brief.pk if brief else None}))
    return launch


def launch_months_save(*, actor, launch: Launch, rows: Iterable[series_core.MonthRow]) -> int:
    """Add or replace months of the launch's series; returns how many were written."""
    _check(actor, launch.enrolment, "toolkit.own")
    rows = list(rows)
    if not rows:
        raise ValidationError({"months": _("Enter at least one month.")})
    for n, row in enumerate(rows):
        for key in ("sales", "price", "units"):
            value = getattr(row, key)
            if value is not None and not (value >= 0 and value != float("inf")):
                raise ValidationError({f"months.{n}.{key}": _("Enter an amount that is not negative.")})
    with transaction.atomic():
        for row in rows:
            LaunchMonth.objects.update_or_create(launch=launch, month=row.month, defaults={
                "sales": Decimal(str(round(row.sales, 2))),
                "price": None if row.price is None else Decimal(str(round(row.price, 2))),
                "units": None if row.units is None else Decimal(str(round(row.units, 2)))})
        audit_record(actor=actor, action="months", obj=launch, changes={
            "months": [[r.month.isoformat(), r.sales, r.price, r.units] for r in rows]})
    return len(rows)


def launch_months_import(*, actor, launch: Launch, text: str) -> int:
    """Monthly sales from CSV text (month, sales[, price, units]); an error names its row and column."""
    _check(actor, launch.enrolment, "toolkit.own")
    try:
        rows = series_core.read_csv(text)
    except series_core.SeriesError as error:
        raise ValidationError({"csv": error.message}) from None
    return launch_months_save(actor=actor, launch=launch, rows=rows)


def launch_month_delete(*, actor, month: LaunchMonth) -> None:
    _check(actor, month.launch.enrolment, "toolkit.own")
    with transaction.atomic():
        audit_record(actor=actor, action="delete", obj=month, changes={"month": month.month.isoformat(),
                                                                       "sales": str(month.sales)})
        month.delete()


def claim_values(launches: Iterable[Launch]) -> dict[str, float]:
    """`new_products`: how many launches; `sales`: their summed mean monthly sales from the launch month on."""
    launches = list(launches)
    total, errors = 0.0, {}
    for launch in launches:
        after = [float(m.sales) for m in launch.months.all() if m.month >= launch.launch_month]
        if not after:
            errors.setdefault("launches", []).append(
                _("%(product)s has no sales recorded from its launch month on.") % {"product": launch.product.name_th})
            continue
        total += sum(after) / len(after)
    if errors:
        raise ValidationError(errors)
    return {"new_products": float(len(launches)), "sales": round(total, 2)}


def outcome_claim_create(*, actor, enrolment: Enrolment, launch_ids: Iterable[int], wave: str,
                         source: str = Observation.Source.VERIFIED) -> OutcomeClaim:
    """Send launches to programme outcomes for one follow-up wave, each observation traced to this claim."""
    _check(actor, enrolment)
    if wave not in Wave.values or wave == Wave.BASELINE:
        raise ValidationError({"wave": _("Choose a follow-up wave.")})
    ids = {int(pk) for pk in launch_ids}
    launches = list(Launch.objects.filter(enrolment=enrolment, pk__in=ids).select_related("product")
                    .prefetch_related("months"))
    if not launches or len(launches) != len(ids):
        raise ValidationError({"launches": _("Choose launches of this enrolment.")})
    values = claim_values(launches)
    round_id = enrolment.round_activity.round_id
    with transaction.atomic():
        claim = OutcomeClaim.objects.create(enrolment=enrolment, wave=wave, source=source, values=values,
                                            created_by=actor)
        claim.launches.set(launches)
        notes = {"new_products": _("products relaunched with an identity design"),
                 "sales": _("mean monthly sales of the relaunched products from their launch month")}
        observations_save(actor=actor, items=[
            ObservationIn(entrepreneur_id=enrolment.entrepreneur_id, round_id=round_id, indicator=code, wave=wave,
                          value=value, source=source, origin=claim.origin, note=notes[code])
            for code, value in values.items()])
        audit_record(actor=actor, action="create", obj=claim, changes={
            "wave": wave, "launches": sorted(ids), "values": values})
    return claim
