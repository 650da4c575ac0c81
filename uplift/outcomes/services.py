"""Writes to outcomes: indicators from their data file, observations (validated, audited),
baselines frozen at enrolment, economic value computed from the observations, evaluations."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path

from dateutil.relativedelta import relativedelta
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Avg, F, Sum
from django.utils.translation import gettext as _

from uplift.access.models import Role
from uplift.access.scoping import entrepreneur_filter, role_of
from uplift.audit.actions import audit_record
from uplift.outcomes.models import WAVE_MONTHS, EconomicValue, Indicator, Observation, Wave

DATA_DIR = Path(__file__).parent / "data"
INDICATORS_FILE = DATA_DIR / "indicators.csv"
VALUE_COMPONENTS_FILE = DATA_DIR / "value_components.json"

ACTIVE_STATUSES = ("accepted", "active", "completed")
COMPARISON_STATUSES = ("waitlisted",)


def _file_version(path: Path) -> str:
    first = path.read_text(encoding="utf-8").splitlines()[0]
    if not first.startswith("# version:"):
        raise ValueError(f"{path.name}: first line must be '# version: …'")
    return first.split(":", 1)[1].split()[0]


def indicators_load(path: Path = INDICATORS_FILE) -> int:
    """Create or update the indicators in the catalogue file. Idempotent; returns the row count."""
    version = _file_version(path)
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if not line.startswith("#")]
    rows = list(csv.DictReader(lines))
    with transaction.atomic():
        for row in rows:
            Indicator.objects.update_or_create(code=row["code"], defaults={
                "order": int(row["order"]), "name_th": row["name_th"], "name_en": row["name_en"], "unit": row["unit"],
                "direction": row["direction"], "frequency": row["frequency"], "version": version,
            })
    return len(rows)


def value_config(path: Path = VALUE_COMPONENTS_FILE) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


# ---- observations ---------------------------------------------------------------------------

ENTRY_ROLES = (Role.ADMINISTRATOR, Role.REGIONAL_OFFICER, Role.CONSULTANT, Role.ENTREPRENEUR)
VERIFYING_ROLES = (Role.ADMINISTRATOR, Role.REGIONAL_OFFICER, Role.CONSULTANT)


def can_enter_observations(user) -> bool:
    return role_of(user) in ENTRY_ROLES


def _enrolments_of(entrepreneur_id: int, round_id: int):
    from uplift.programme.models import Enrolment

    return Enrolment.objects.filter(entrepreneur_id=entrepreneur_id, round_activity__round_id=round_id)


def wave_period(enrolment_start: date | None, round_end: date, wave: str) -> date:
    """The month a wave observes: the month before the start for the baseline, else the round end + n months."""
    if wave == Wave.BASELINE:
        start = enrolment_start or round_end
        return (start - relativedelta(months=1)).replace(day=1)
    return (round_end + relativedelta(months=WAVE_MONTHS[wave])).replace(day=1)


@dataclass(frozen=True)
class ObservationIn:
    entrepreneur_id: int
    round_id: int
    indicator: str
    wave: str
    value: object
    source: str
    period: date | None = None
    document: str = ""
    note: str = ""
    origin: str = ""


def _validated(actor, item: ObservationIn, indicators: dict[str, Indicator], visible_ids: set[int]) -> Observation:
    errors: dict[str, list[str]] = {}
    indicator = indicators.get(item.indicator)
    if indicator is None:
        errors["indicator"] = [_("Unknown indicator %(code)s.") % {"code": item.indicator}]
    if item.wave not in Wave.values:
        errors["wave"] = [_("Unknown wave %(wave)s.") % {"wave": item.wave}]
    if item.source not in Observation.Source.values or item.source == Observation.Source.REGISTRY:
        errors["source"] = [_("Unknown source %(source)s.") % {"source": item.source}]
    elif item.source == Observation.Source.VERIFIED and role_of(actor) not in VERIFYING_ROLES:
        errors["source"] = [_("Only a consultant or an officer can mark a figure as verified.")]
    elif item.source == Observation.Source.DOCUMENT and not item.document:
        errors["document"] = [_("Name the document that supports this figure.")]
    try:
        value = Decimal(str(item.value).replace(",", "").strip())
        if not value.is_finite():
            raise InvalidOperation
        if value < 0 and item.indicator not in ("investment",):
            errors["value"] = [_("The value cannot be negative.")]
    except (InvalidOperation, ValueError):
        errors["value"] = [_("%(value)s is not a number.") % {"value": item.value}]
        value = None
    if item.entrepreneur_id not in visible_ids:
        errors["entrepreneur"] = [_("No entrepreneur %(pk)s within your scope.") % {"pk": item.entrepreneur_id}]
    if errors:
        raise ValidationError(errors)
    enrolments = list(_enrolments_of(item.entrepreneur_id, item.round_id).select_related("round_activity__round"))
    if not enrolments:
        raise ValidationError({"entrepreneur": [_("This entrepreneur is not enrolled in the round.")]})
    round_ = enrolments[0].round_activity.round
    start = min((e.started_on for e in enrolments if e.started_on), default=round_.starts_on)
    period = item.period or wave_period(start, round_.ends_on, item.wave)
    return Observation(
        entrepreneur_id=item.entrepreneur_id, round_id=item.round_id, indicator=indicator, wave=item.wave,
        period=period.replace(day=1), value=value, source=item.source, document=item.document, note=item.note,
        origin=item.origin[:120],
        entered_by=actor if actor is not None and actor.is_authenticated else None,
    )


def observations_save(*, actor, items: list[ObservationIn]) -> list[Observation]:
    """Create or replace observations, all or none. Frozen baselines cannot be changed."""
    if not can_enter_observations(actor):
        raise PermissionDenied(_("Your role cannot enter outcome figures."))
    from uplift.registry.models import Entrepreneur

    indicators = {i.code: i for i in Indicator.objects.all()}
    ids = {item.entrepreneur_id for item in items}
    visible_ids = set(Entrepreneur.objects.filter(entrepreneur_filter(actor), pk__in=ids).values_list("pk", flat=True))
    built, errors = [], {}
    for n, item in enumerate(items):
        try:
            built.append(_validated(actor, item, indicators, visible_ids))
        except ValidationError as e:
            prefix = f"{n}." if len(items) > 1 else ""
            for field, messages in e.message_dict.items():
                errors[f"{prefix}{field}"] = messages
    if errors:
        raise ValidationError(errors)
    saved = []
    with transaction.atomic():
        for obs in built:
            existing = Observation.objects.select_for_update().filter(
                entrepreneur_id=obs.entrepreneur_id, round_id=obs.round_id, indicator=obs.indicator, wave=obs.wave
            ).first()
            if existing is not None and existing.frozen:
                raise ValidationError({"wave": [_("The baseline of %(indicator)s was frozen at enrolment and cannot be changed.")
                                                % {"indicator": obs.indicator.name_th}]})
            before = str(existing.value) if existing else None
            if existing is not None:
                obs.pk = existing.pk
            obs.save()
            audit_record(actor=actor, action="update" if existing else "create", obj=obs, changes={
                "indicator": obs.indicator.code, "wave": obs.wave, "value": [before, str(obs.value)],
                "source": obs.source, "period": obs.period.isoformat(), "origin": obs.origin,
            })
            saved.append(obs)
    return saved


BULK_COLUMNS = ("entrepreneur_id", "indicator", "wave", "value", "source")


def observations_bulk_csv(*, actor, round_id: int, text: str) -> list[Observation]:
    """Bulk entry from CSV text: entrepreneur_id, indicator, wave, value, source[, period, document, note]."""
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    missing = [c for c in BULK_COLUMNS if c not in (reader.fieldnames or [])]
    if missing:
        raise ValidationError({"file": [_("Missing columns: %(cols)s.") % {"cols": ", ".join(missing)}]})
    items, errors = [], {}
    for line, row in enumerate(reader, start=2):
        try:
            period = date.fromisoformat(row["period"]) if row.get("period") else None
            items.append(ObservationIn(
                entrepreneur_id=int(row["entrepreneur_id"]), round_id=round_id, indicator=row["indicator"].strip(),
                wave=row["wave"].strip(), value=row["value"], source=row["source"].strip(), period=period,
                document=(row.get("document") or "").strip(), note=(row.get("note") or "").strip(),
            ))
        except (ValueError, TypeError):
            errors[f"line {line}"] = [_("Bad entrepreneur id or period.")]
    if errors:
        raise ValidationError(errors)
    try:
        return observations_save(actor=actor, items=items)
    except ValidationError as e:
        renamed = {}
        for field, messages in e.message_dict.items():
            head, _sep, rest = field.partition(".")
            renamed[f"line {int(head) + 2}: {rest}" if head.isdigit() else field] = messages
        raise ValidationError(renamed) from None


def baseline_freeze(*, actor, enrolment) -> list[Observation]:
    """At enrolment: record the baseline from the registry (12 months of sales before the
    start, online and export sales, employees) and freeze every baseline of the entrepreneur
    in the round, so later edits cannot move it."""
    from uplift.registry.models import MonthlySales

    ra = enrolment.round_activity
    start = enrolment.started_on or ra.round.starts_on
    period = wave_period(start, ra.round.ends_on, Wave.BASELINE)
    window = MonthlySales.objects.filter(
        entrepreneur_id=enrolment.entrepreneur_id, month__lt=start.replace(day=1),
        month__gte=start.replace(day=1) - relativedelta(months=12),
    )
    averages = window.aggregate(
        sales=Avg(F("shop") + F("fair") + F("wholesale") + F("online") + F("export")),
        online_sales=Avg("online"), export_sales=Avg("export"),
    )
    indicators = {i.code: i for i in Indicator.objects.filter(code__in=["sales", "online_sales", "export_sales", "employment"])}
    values = {k: v for k, v in averages.items() if v is not None}
    values["employment"] = enrolment.entrepreneur.employees
    created = []
    with transaction.atomic():
        have = set(Observation.objects.filter(entrepreneur_id=enrolment.entrepreneur_id, round_id=ra.round_id,
                                              wave=Wave.BASELINE).values_list("indicator__code", flat=True))
        for code, value in values.items():
            if code in have or code not in indicators:
                continue
            obs = Observation.objects.create(
                entrepreneur_id=enrolment.entrepreneur_id, round_id=ra.round_id, indicator=indicators[code],
                wave=Wave.BASELINE, period=period, value=Decimal(str(round(float(value), 2))),
                source=Observation.Source.REGISTRY, note="registry, 12 months before the start" if code != "employment" else "registry",
                entered_by=actor if actor is not None and actor.is_authenticated else None, frozen=True,
            )
            created.append(obs)
        frozen = Observation.objects.filter(entrepreneur_id=enrolment.entrepreneur_id, round_id=ra.round_id,
                                            wave=Wave.BASELINE, frozen=False).update(frozen=True)
        audit_record(actor=actor, action="baseline_freeze", obj=enrolment,
                     changes={"created": [o.indicator.code for o in created], "frozen_existing": frozen})
    return created


# ---- economic value -------------------------------------------------------------------------

FOLLOW_UP_ORDER = (Wave.M12, Wave.M6, Wave.M3, Wave.END)


def _component_value(comp: dict, config: dict, base: dict, latest: dict) -> tuple[Decimal, Observation | None, Observation | None, dict] | None:
    code = comp["indicator"]
    follow = latest.get(code)
    if follow is None:
        return None
    factor = comp.get("factor", 1)
    factor = Decimal(str(config[factor] if isinstance(factor, str) else factor))
    baseline = base.get(code)
    if comp["kind"] == "level":
        delta = follow.value
        baseline = None
    else:
        if baseline is None:
            return None
        delta = follow.value - baseline.value if comp["kind"] == "increase" else baseline.value - follow.value
    detail = {"indicator": code, "kind": comp["kind"], "factor": str(factor), "delta": str(delta),
              "baseline": str(baseline.value) if baseline else None, "follow_up": str(follow.value), "wave": follow.wave}
    times = comp.get("times_baseline_of")
    if times:
        other = base.get(times)
        if other is None:
            return None
        delta = delta * other.value
        detail["times"] = {times: str(other.value)}
    return (delta * factor).quantize(Decimal("0.01")), baseline, follow, detail


def economic_value_compute(*, actor, round_id: int, config: dict | None = None) -> int:
    """Recompute every EconomicValue row of a round from its observations. Returns rows written."""
    from uplift.programme.models import Enrolment, Round

    config = config or value_config()
    round_ = Round.objects.get(pk=round_id)
    enrolments = list(Enrolment.objects.filter(round_activity__round_id=round_id, status__in=ACTIVE_STATUSES)
                      .only("id", "entrepreneur_id"))
    per_entrepreneur: dict[int, list[int]] = {}
    for e in enrolments:
        per_entrepreneur.setdefault(e.entrepreneur_id, []).append(e.id)
    base: dict[int, dict] = {}
    latest: dict[int, dict] = {}
    rank = {w: i for i, w in enumerate(FOLLOW_UP_ORDER)}
    for obs in Observation.objects.filter(round_id=round_id, entrepreneur_id__in=per_entrepreneur).select_related("indicator"):
        code = obs.indicator.code
        if obs.wave == Wave.BASELINE:
            base.setdefault(obs.entrepreneur_id, {})[code] = obs
        else:
            current = latest.setdefault(obs.entrepreneur_id, {}).get(code)
            if current is None or rank[obs.wave] < rank[current.wave]:
                latest[obs.entrepreneur_id][code] = obs
    rows = []
    for ent, enrolment_ids in per_entrepreneur.items():
        share = 1.0 / len(enrolment_ids)
        for comp in config["components"]:
            if comp.get("enabled", True) is False:
                continue
            got = _component_value(comp, config, base.get(ent, {}), latest.get(ent, {}))
            if got is None:
                continue
            amount, b, f, detail = got
            for eid in enrolment_ids:
                rows.append(EconomicValue(
                    round_id=round_id, enrolment_id=eid, entrepreneur_id=ent, component=comp["code"],
                    amount=(amount * Decimal(str(share))).quantize(Decimal("0.01")), share=share, month=f.period,
                    baseline=b, follow_up=f, detail=detail, config_version=config["version"],
                ))
    with transaction.atomic():
        EconomicValue.objects.filter(round_id=round_id).delete()
        EconomicValue.objects.bulk_create(rows, batch_size=2000)
        audit_record(actor=actor, action="economic_value_compute", obj=round_, changes={
            "rows": len(rows), "config_version": config["version"],
            "total": str(EconomicValue.objects.filter(round_id=round_id).aggregate(t=Sum("amount"))["t"] or 0),
        })
    return len(rows)
