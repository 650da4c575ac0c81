"""Every write of the lean toolkit: checked by the access policy, validated by `core/` with Thai
messages keyed by field, written and audited in one transaction. Savings reach outcomes only through
a claim, whose observations carry `origin="lean.SavingsClaim:<pk>"`."""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import asdict
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from uplift.access import policy
from uplift.audit.actions import audit_record
from uplift.outcomes.models import Observation, Wave
from uplift.outcomes.actions import ObservationIn, observations_save
from uplift.programme.models import Enrolment
from uplift.toolkits.lean.core import flow, oee, savings, waste
from uplift.toolkits.lean.core.reference import measures, savings_rules
from uplift.toolkits.lean.models import (
    KaizenCard, Line, Reject, Saving, SavingsClaim, Shift, Stop, TimingStudy, WasteEntry,
)
from uplift.toolkits.lean.selectors import shift_row

ACTIVITY = "lean"
WORKING_STATUSES = ("accepted", "active", "completed")
MAX_PHOTO_BYTES = 5 * 1024 * 1024
PHOTO_TYPES = {"jpg": b"\xff\xd8\xff", "jpeg": b"\xff\xd8\xff", "png": b"\x89PNG", "webp": b"RIFF"}
RULE_INPUTS = {
    "capacity_bound": ("planned_minutes_per_month", "contribution_margin_baht", "worker_hours_per_month"),
    "demand_bound": ("demand_pieces_per_month", "labour_baht_per_hour", "energy_baht_per_hour"),
    "defects": ("pieces_per_month", "material_baht_per_piece", "conversion_baht_per_piece", "piece_mass_kg"),
}


def _workable(actor, enrolment: Enrolment) -> None:
    policy.require(actor, "toolkit.work", enrolment)
    if enrolment.round_activity.activity.code != ACTIVITY:
        raise ValidationError({"enrolment": _("This enrolment is not in the production efficiency activity.")})
    if enrolment.status not in WORKING_STATUSES:
        raise ValidationError({"enrolment": _("The entrepreneur has not taken up this activity yet.")})


def _same_enrolment(enrolment: Enrolment, obj, field: str) -> None:
    if obj is not None and obj.enrolment_id != enrolment.pk:
        raise ValidationError({field: _("This belongs to another enrolment.")})


def _number(data: Mapping[str, Any], key: str, *, required: bool = True) -> float | None:
    value = data.get(key)
    if value in (None, ""):
        if required:
            raise ValidationError({key: _("This field is required.")})
        return None
    try:
        number = float(str(value).replace(",", ""))
    except ValueError:
        raise ValidationError({key: _("Enter a number.")}) from None
    if not math.isfinite(number):
        raise ValidationError({key: _("Enter a number.")})
    return number


def _count(data: Mapping[str, Any], key: str) -> int:
    number = _number(data, key)
    if not float(number).is_integer() or number < 0:
        raise ValidationError({key: _("Enter a whole number of pieces, not negative.")})
    return int(number)


def _core_error(error: ValueError) -> ValidationError:
    """A core error (naming a row and a field) as a form error on that field."""
    field = getattr(error, "field", None) or "__all__"
    message = getattr(error, "message", None) or str(error)
    return ValidationError({field: message})


# ---- lines ----------------------------------------------------------------------------------

def line_save(*, actor, enrolment: Enrolment, name: str, available_minutes_per_day=None, breaks_minutes_per_day=0,
              demand_per_day=None, line: Line | None = None) -> Line:
    """Create a line, or update `line` (its name and what takt needs)."""
    _workable(actor, enrolment)
    _same_enrolment(enrolment, line, "line")
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": _("Name the line.")})
    data = {"available_minutes_per_day": available_minutes_per_day, "breaks_minutes_per_day": breaks_minutes_per_day,
            "demand_per_day": demand_per_day}
    available = _number(data, "available_minutes_per_day", required=False)
    breaks = _number(data, "breaks_minutes_per_day", required=False) or 0.0
    demand = _number(data, "demand_per_day", required=False)
    if available is not None and available <= breaks:
        raise ValidationError({"available_minutes_per_day": _("Available time must be longer than the breaks.")})
    if breaks < 0:
        raise ValidationError({"breaks_minutes_per_day": _("Breaks cannot be negative.")})
    if demand is not None and demand <= 0:
        raise ValidationError({"demand_per_day": _("Demand must be more than 0 pieces.")})
    if Line.objects.filter(enrolment=enrolment, name=name).exclude(pk=line.pk if line else None).exists():
        raise ValidationError({"name": _("This line already exists.")})
    with transaction.atomic():
        created = line is None
        line = line or Line(enrolment=enrolment, created_by=actor)
        line.name, line.available_minutes_per_day, line.breaks_minutes_per_day = name, available, breaks
        line.demand_per_day = demand
        line.save()
        audit_record(actor=actor, action="create" if created else "update", obj=line, changes={
            "name": name, "available_minutes_per_day": available, "breaks_minutes_per_day": breaks,
            "demand_per_day": demand})
    return line


def _line_named(actor, enrolment: Enrolment, name: str) -> Line:
    name = (name or "").strip()
    if not name:
        raise ValidationError({"line": _("Name the line.")})
    line = Line.objects.filter(enrolment=enrolment, name=name).first()
    return line or line_save(actor=actor, enrolment=enrolment, name=name)


# ---- the production log -------------------------------------------------------------------------

def _shift_values(data: Mapping[str, Any]) -> dict[str, Any]:
    day = data.get("date")
    if isinstance(day, str):
        try:
            day = date.fromisoformat(day)
        except ValueError:
            raise ValidationError({"date": _("Enter a date as YYYY-MM-DD.")}) from None
    if not isinstance(day, date):
        raise ValidationError({"date": _("This field is required.")})
    return {
        "date": day, "shift": str(data.get("shift") or "1").strip()[:30],
        "product": str(data.get("product") or "").strip()[:200], "note": str(data.get("note") or "").strip()[:255],
        "planned_minutes": _number(data, "planned_minutes"),
        "downtime_minutes": _number(data, "downtime_minutes", required=False),
        "ideal_cycle_seconds": _number(data, "ideal_cycle_seconds"),
        "total_count": _count(data, "total_count"), "good_count": _count(data, "good_count"),
    }


def _parts(stops: Iterable[Mapping[str, Any]], rejects: Iterable[Mapping[str, Any]]) -> tuple[list[Stop], list[Reject]]:
    stop_rows = [Stop(loss=str(s.get("loss") or ""), minutes=_number(s, "minutes"), note=str(s.get("note") or "")[:200])
                 for s in stops if s.get("loss") or s.get("minutes") not in (None, "")]
    reject_rows = [Reject(loss=str(r.get("loss") or ""), count=_count(r, "count"))
                   for r in rejects if r.get("loss") or r.get("count") not in (None, "")]
    return stop_rows, reject_rows


def _validated_shift(values: dict[str, Any], line_name: str, stop_rows: list[Stop], reject_rows: list[Reject]) -> None:
    row = oee.ShiftRow.single(
        "-", line_name, values["date"], values["planned_minutes"], values["downtime_minutes"],
        values["ideal_cycle_seconds"], values["total_count"], values["good_count"],
        stops=tuple(oee.Stop(s.minutes, s.loss) for s in stop_rows),
        rejects=tuple(oee.Reject(r.count, r.loss) for r in reject_rows))
    try:
        oee.validate_row(row)
    except oee.OeeDataError as error:
        raise _core_error(error) from None


def shift_save(*, actor, enrolment: Enrolment, data: Mapping[str, Any], stops: Iterable[Mapping[str, Any]] = (),
               rejects: Iterable[Mapping[str, Any]] = (), shift: Shift | None = None) -> Shift:
    """Log a shift (or correct `shift`): times, ideal cycle, counts, stops by loss and rejects by loss.

    `data["line"]` names the line; a new name creates it.
    """
    _workable(actor, enrolment)
    _same_enrolment(enrolment, shift, "shift")
    values = _shift_values(data)
    stop_rows, reject_rows = _parts(stops, rejects)
    line_name = str(data.get("line") or "").strip()
    _validated_shift(values, line_name or "-", stop_rows, reject_rows)
    twin = Shift.objects.filter(enrolment=enrolment, line__name=line_name, date=values["date"], shift=values["shift"])
    if twin.exclude(pk=shift.pk if shift else None).exists():
        raise ValidationError({"shift": _("This line already has this shift on this date.")})
    try:
        with transaction.atomic():
            line = _line_named(actor, enrolment, line_name)
            created = shift is None
            before = None if created else _shift_state(shift)
            shift = shift or Shift(enrolment=enrolment, created_by=actor)
            shift.line = line
            for key, value in values.items():
                setattr(shift, key, value)
            shift.save()
            if not created:
                shift.stops.all().delete()
                shift.rejects.all().delete()
            for part in stop_rows + reject_rows:
                part.shift = shift
            Stop.objects.bulk_create(stop_rows)
            Reject.objects.bulk_create(reject_rows)
            audit_record(actor=actor, action="create" if created else "update", obj=shift,
                         changes={"before": before, "after": _shift_state(shift)})
    except IntegrityError:
        raise ValidationError({"shift": _("This line already has this shift on this date.")}) from None
    return shift


def _shift_state(shift: Shift) -> dict[str, Any]:
    return {"line": shift.line.name, "date": shift.date.isoformat(), "shift": shift.shift,
            "planned_minutes": shift.planned_minutes, "downtime_minutes": shift.downtime_minutes,
            "ideal_cycle_seconds": shift.ideal_cycle_seconds, "total_count": shift.total_count,
            "good_count": shift.good_count,
            "stops": [[s.loss, s.minutes] for s in shift.stops.all()],
            "rejects": [[r.loss, r.count] for r in shift.rejects.all()]}


def shift_delete(*, actor, shift: Shift) -> None:
    _workable(actor, shift.enrolment)
    if Saving.objects.filter(Q(before_shifts=shift) | Q(after_shifts=shift)).exists():
        raise ValidationError({"shift": _("A savings calculation uses this shift: delete the calculation first.")})
    with transaction.atomic():
        audit_record(actor=actor, action="delete", obj=shift, changes=_shift_state(shift))
        shift.delete()


# ---- stopwatch and tally -------------------------------------------------------------------------

def timing_save(*, actor, enrolment: Enrolment, line: str, step: str, kind: str, order=1, splits=None, laps=None,
                marks: Mapping[str, int] | None = None, note: str = "") -> TimingStudy:
    """A stopwatch study (cumulative splits or laps, in seconds) or a tally (category → count) of one step."""
    _workable(actor, enrolment)
    step = (step or "").strip()
    if not step:
        raise ValidationError({"step": _("Name the process step.")})
    if kind not in TimingStudy.Kind.values:
        raise ValidationError({"kind": _("Choose stopwatch or tally.")})
    clean_laps: list[float] = []
    clean_marks: dict[str, int] = {}
    try:
        if kind == TimingStudy.Kind.STOPWATCH:
            if splits is not None:
                clean_laps = list(flow.cycles_from_splits([float(s) for s in splits]))
            else:
                clean_laps = [float(lap) for lap in laps or ()]
            flow.timing(clean_laps)
        else:
            clean_marks = {str(k): int(v) for k, v in (marks or {}).items() if int(v) > 0}
            flow.tally([k for k, v in clean_marks.items() for _ in range(v)])
    except (TypeError, ValueError) as error:
        raise ValidationError({"laps" if kind == TimingStudy.Kind.STOPWATCH else "marks": str(error)}) from None
    try:
        order = int(order or 1)
    except (TypeError, ValueError):
        raise ValidationError({"order": _("Enter a whole number.")}) from None
    with transaction.atomic():
        line_obj = _line_named(actor, enrolment, line)
        study = TimingStudy.objects.create(enrolment=enrolment, line=line_obj, step=step[:100], order=max(order, 1),
                                           kind=kind, laps=[round(lap, 3) for lap in clean_laps], marks=clean_marks,
                                           note=(note or "")[:255], created_by=actor)
        audit_record(actor=actor, action="create", obj=study, changes={
            "line": line_obj.name, "step": study.step, "kind": kind, "laps": study.laps, "marks": clean_marks})
    return study


# ---- waste log -------------------------------------------------------------------------------

def waste_create(*, actor, enrolment: Enrolment, data: Mapping[str, Any], line: Line | None = None) -> WasteEntry:
    _workable(actor, enrolment)
    _same_enrolment(enrolment, line, "line")
    day = data.get("date")
    if isinstance(day, str):
        try:
            day = date.fromisoformat(day)
        except ValueError:
            raise ValidationError({"date": _("Enter a date as YYYY-MM-DD.")}) from None
    if not isinstance(day, date):
        raise ValidationError({"date": _("This field is required.")})
    description = str(data.get("description") or "").strip()
    if not description:
        raise ValidationError({"description": _("Describe what was seen.")})
    baht = _number(data, "baht", required=False) or 0.0
    quantity = _number(data, "quantity", required=False) or 0.0
    entry = waste.WasteEntry("-", day, str(data.get("waste") or ""), description, quantity,
                             str(data.get("unit") or "").strip(), baht)
    try:
        waste.validate_entry(entry)
    except waste.WasteDataError as error:
        raise _core_error(error) from None
    with transaction.atomic():
        row = WasteEntry.objects.create(enrolment=enrolment, line=line, date=day, waste=entry.waste,
                                        description=description[:255], quantity=quantity, unit=entry.unit[:30],
                                        baht=Decimal(str(round(baht, 2))), created_by=actor)
        audit_record(actor=actor, action="create", obj=row, changes={
            "waste": row.waste, "quantity": quantity, "unit": row.unit, "baht": str(row.baht), "date": day.isoformat()})
    return row


def waste_delete(*, actor, entry: WasteEntry) -> None:
    _workable(actor, entry.enrolment)
    with transaction.atomic():
        audit_record(actor=actor, action="delete", obj=entry, changes={
            "waste": entry.waste, "baht": str(entry.baht), "date": entry.date.isoformat()})
        entry.delete()


# ---- kaizen ----------------------------------------------------------------------------------

def _photo(upload, field: str):
    if not upload:
        return None
    name = getattr(upload, "name", "") or ""
    ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if upload.size > MAX_PHOTO_BYTES:
        raise ValidationError({field: _("The photo is larger than 5 MB.")})
    if ext not in PHOTO_TYPES:
        raise ValidationError({field: _("Only JPEG, PNG or WebP photos.")})
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if not head.startswith(PHOTO_TYPES[ext]):
        raise ValidationError({field: _("This file is not really a photo.")})
    return upload


KAIZEN_TEXT = ("problem", "countermeasure", "owner")
KAIZEN_DATES = ("started_on", "baseline_start", "baseline_end", "after_start", "after_end")


def _kaizen_values(data: Mapping[str, Any]) -> dict[str, Any]:
    values: dict[str, Any] = {}
    errors: dict[str, list[str]] = {}
    for key in KAIZEN_TEXT:
        values[key] = str(data.get(key) or "").strip()
        if not values[key]:
            errors[key] = [_("This field is required.")]
    for key in (*KAIZEN_DATES, "due_on", "done_on"):
        value = data.get(key)
        if isinstance(value, str) and value:
            try:
                value = date.fromisoformat(value)
            except ValueError:
                errors[key] = [_("Enter a date as YYYY-MM-DD.")]
                continue
        values[key] = value or None
        if key in KAIZEN_DATES and values[key] is None:
            errors[key] = [_("This field is required.")]
    metric = str(data.get("metric") or "oee")
    if metric not in {m["code"] for m in measures()["metrics"]}:
        errors["metric"] = [_("Choose a measure of effect.")]
    values["metric"] = metric
    if errors:
        raise ValidationError(errors)
    if values["baseline_start"] > values["baseline_end"]:
        raise ValidationError({"baseline_end": _("The baseline period ends before it starts.")})
    if values["after_start"] > values["after_end"]:
        raise ValidationError({"after_end": _("The period after ends before it starts.")})
    if values["baseline_end"] >= values["after_start"]:
        raise ValidationError({"after_start": _("The period after must start after the baseline period ends.")})
    return values


def kaizen_save(*, actor, enrolment: Enrolment, data: Mapping[str, Any], line: Line | None = None,
                before_photo=None, after_photo=None, card: KaizenCard | None = None) -> KaizenCard:
    _workable(actor, enrolment)
    _same_enrolment(enrolment, line, "line")
    _same_enrolment(enrolment, card, "card")
    values = _kaizen_values(data)
    photos = {"before_photo": _photo(before_photo, "before_photo"), "after_photo": _photo(after_photo, "after_photo")}
    with transaction.atomic():
        created = card is None
        card = card or KaizenCard(enrolment=enrolment, created_by=actor)
        card.line = line
        for key, value in values.items():
            setattr(card, key, value)
        for key, upload in photos.items():
            if upload is not None:
                getattr(card, key).save(upload.name[-80:], upload, save=False)
        card.save()
        audit_record(actor=actor, action="create" if created else "update", obj=card, changes={
            key: value.isoformat() if isinstance(value, date) else value for key, value in values.items()
        } | {"line": line.name if line else None, "photos": [k for k, v in photos.items() if v is not None]})
    return card


# ---- savings and claims ---------------------------------------------------------------------------

def _period(data: Mapping[str, Any], start: str, end: str) -> tuple[date, date]:
    days = []
    for key in (start, end):
        value = data.get(key)
        if isinstance(value, str) and value:
            try:
                value = date.fromisoformat(value)
            except ValueError:
                raise ValidationError({key: _("Enter a date as YYYY-MM-DD.")}) from None
        if not isinstance(value, date):
            raise ValidationError({key: _("This field is required.")})
        days.append(value)
    if days[0] > days[1]:
        raise ValidationError({end: _("The period ends before it starts.")})
    return days[0], days[1]


def saving_create(*, actor, enrolment: Enrolment, rule: str, data: Mapping[str, Any], line: Line | None = None) -> Saving:
    """Savings in baht per month by one rule, from the log's shifts in the before and after periods."""
    _workable(actor, enrolment)
    _same_enrolment(enrolment, line, "line")
    if rule not in savings_rules():
        raise ValidationError({"rule": _("Choose a savings rule.")})
    before_start, before_end = _period(data, "before_start", "before_end")
    after_start, after_end = _period(data, "after_start", "after_end")
    if before_end >= after_start:
        raise ValidationError({"after_start": _("The period after must start after the period before ends.")})
    inputs = {key: _number(data, key) for key in RULE_INPUTS[rule]}
    if rule == "capacity_bound" and data.get("ideal_cycle_seconds") not in (None, ""):
        inputs["ideal_cycle_seconds"] = _number(data, "ideal_cycle_seconds")
    shifts = Shift.objects.filter(enrolment=enrolment).select_related("line").prefetch_related("stops", "rejects")
    if line is not None:
        shifts = shifts.filter(line=line)
    before = list(shifts.filter(date__gte=before_start, date__lte=before_end))
    after = list(shifts.filter(date__gte=after_start, date__lte=after_end))
    if not before:
        raise ValidationError({"before_start": _("No shifts logged in the period before.")})
    if not after:
        raise ValidationError({"after_start": _("No shifts logged in the period after.")})
    function = {"capacity_bound": savings.capacity_bound, "demand_bound": savings.demand_bound,
                "defects": savings.defects}[rule]
    try:
        result = function([shift_row(s) for s in before], [shift_row(s) for s in after], **inputs)
    except ValueError as error:
        raise _core_error(error) from None
    snapshot = _jsonable(asdict(result))
    with transaction.atomic():
        saving = Saving.objects.create(
            enrolment=enrolment, rule=rule, line=line, before_start=before_start, before_end=before_end,
            after_start=after_start, after_end=after_end, inputs=inputs, result=snapshot,
            baht_per_month=Decimal(str(round(result.baht_per_month, 2))), created_by=actor)
        saving.before_shifts.set(before)
        saving.after_shifts.set(after)
        audit_record(actor=actor, action="create", obj=saving, changes={
            "rule": rule, "rule_version": result.rule_version, "baht_per_month": str(saving.baht_per_month),
            "before_shifts": [s.pk for s in before], "after_shifts": [s.pk for s in after], "inputs": inputs})
    return saving


def _jsonable(value):
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if isinstance(value, float):
        return round(value, 6)
    return value


def saving_delete(*, actor, saving: Saving) -> None:
    _workable(actor, saving.enrolment)
    if saving.claims.exists():
        raise ValidationError({"saving": _("This saving was sent to the outcomes: it is kept as their source.")})
    with transaction.atomic():
        audit_record(actor=actor, action="delete", obj=saving, changes={
            "rule": saving.rule, "baht_per_month": str(saving.baht_per_month)})
        saving.delete()


def claim_values(selected: Iterable[Saving]) -> dict[str, dict[str, float]]:
    """The observations a set of savings becomes: per indicator, its kind and the summed value."""
    totals: dict[str, dict[str, Any]] = defaultdict(lambda: {"kind": "", "value": 0.0, "unit": ""})
    for saving in selected:
        for draft in saving.result.get("observations", []):
            entry = totals[draft["indicator"]]
            entry["kind"], entry["unit"] = draft["kind"], draft["unit"]
            entry["value"] += float(draft["value"])
    return dict(totals)


def savings_claim_create(*, actor, enrolment: Enrolment, savings_ids: Iterable[int], wave: str,
                         baselines: Mapping[str, Any] | None = None, source: str = Observation.Source.VERIFIED
                         ) -> SavingsClaim:
    """Write the chosen savings to outcomes as observations of one wave.

    A saving that changes a level (production cost, productivity) needs the level before it: the
    baseline observation of the round when there is one, else the figure given in `baselines`, which
    is then written as the baseline too. The follow-up value is the level plus the change.
    """
    _workable(actor, enrolment)
    if wave not in Wave.values or wave == Wave.BASELINE:
        raise ValidationError({"wave": _("Choose a follow-up wave.")})
    ids = {int(pk) for pk in savings_ids}
    selected = list(Saving.objects.filter(enrolment=enrolment, pk__in=ids))
    if not selected or len(selected) != len(ids):
        raise ValidationError({"savings": _("Choose savings of this enrolment.")})
    round_id = enrolment.round_activity.round_id
    existing = {o.indicator.code: o for o in Observation.objects.filter(
        entrepreneur_id=enrolment.entrepreneur_id, round_id=round_id, wave=Wave.BASELINE).select_related("indicator")}
    baselines = dict(baselines or {})
    values, used_baselines, new_baselines, errors = {}, {}, {}, {}
    for indicator, entry in claim_values(selected).items():
        value = entry["value"]
        if entry["kind"] == "change":
            if indicator in existing:
                level = float(existing[indicator].value)
            else:
                given = baselines.get(indicator)
                try:
                    level = float(Decimal(str(given).replace(",", ""))) if given not in (None, "") else None
                except (InvalidOperation, ValueError):
                    level = None
                if level is None or level < 0:
                    errors[f"baseline_{indicator}"] = [_("Enter the level before the change (from the books).")]
                    continue
                new_baselines[indicator] = level
            used_baselines[indicator] = level
            value = level + value
        if value < 0:
            errors[indicator] = [_("The result would be negative: check the savings chosen.")]
            continue
        values[indicator] = round(value, 2)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        claim = SavingsClaim.objects.create(enrolment=enrolment, wave=wave, source=source, baselines=used_baselines,
                                            values=values, created_by=actor)
        claim.savings.set(selected)
        items = [ObservationIn(entrepreneur_id=enrolment.entrepreneur_id, round_id=round_id, indicator=code,
                               wave=Wave.BASELINE, value=round(level, 2), source=source, origin=claim.origin,
                               note=_("level before the lean savings"))
                 for code, level in new_baselines.items()]
        items += [ObservationIn(entrepreneur_id=enrolment.entrepreneur_id, round_id=round_id, indicator=code,
                                wave=wave, value=value, source=source, origin=claim.origin,
                                note=_("lean savings in baht, traced to the production log"))
                  for code, value in values.items()]
        observations_save(actor=actor, items=items)
        audit_record(actor=actor, action="create", obj=claim, changes={
            "wave": wave, "savings": sorted(ids), "values": values, "baselines": used_baselines})
    return claim
