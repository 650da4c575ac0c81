"""Writes to outcomes, one action each: observations (validated, audited), baselines frozen at
enrolment, economic value computed from the observations, report requests, and the round's
evaluation plan frozen at approval (a change is a new version)."""

from __future__ import annotations

import csv
import io
import re
from datetime import date
from decimal import Decimal, InvalidOperation

from dateutil.relativedelta import relativedelta
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Avg, F, Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from pydantic import BaseModel, ConfigDict

from uplift.access import policy
from uplift.audit.actions import audit_record
from uplift.outcomes import plans
from uplift.outcomes.models import WAVE_MONTHS, EconomicValue, EvaluationPlan, Indicator, Observation, ProgrammeReport, Wave
from uplift.outcomes.reference import ENROLLED, value_config

NEGATIVE_ALLOWED = ("investment",)
ORIGIN = re.compile(r"^(?P<app>[a-z][a-z0-9_]*)\.(?P<model>[A-Za-z][A-Za-z0-9]*):(?P<pk>\d+)$")


class ObservationIn(BaseModel):
    """One figure to enter: the API's request body and what forms, CSV lines and toolkits pass."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    entrepreneur_id: int
    round_id: int
    indicator: str
    wave: str
    value: Decimal | int | float | str
    source: str
    period: date | None = None
    document: str = ""
    note: str = ""
    origin: str = ""


def wave_period(enrolment_start: date | None, round_end: date, wave: str) -> date:
    """The month a wave observes: the month before the start for the baseline, else the round end + n months."""
    if wave == Wave.BASELINE:
        start = enrolment_start or round_end
        return (start - relativedelta(months=1)).replace(day=1)
    return (round_end + relativedelta(months=WAVE_MONTHS[wave])).replace(day=1)


def _origin_is_valid(origin: str, entrepreneur_id: int) -> bool:
    """An origin names an existing record (app.Model:pk) that the access policy ties to this entrepreneur."""
    match = ORIGIN.match(origin)
    if match is None:
        return False
    try:
        model = apps.get_model(match["app"], match["model"])
    except LookupError:
        return False
    path = policy.PATHS.get(model._meta.label)
    if path is None or path.entrepreneur is None:
        return False
    lookup = path.entrepreneur or "pk"
    return model._default_manager.filter(pk=int(match["pk"]), **{lookup: entrepreneur_id}).exists()


def _value(item: ObservationIn, errors: dict) -> Decimal | None:
    try:
        value = Decimal(str(item.value).replace(",", "").strip())
        if not value.is_finite():
            raise InvalidOperation
    except (InvalidOperation, ValueError):
        errors["value"] = [_("%(value)s is not a number.") % {"value": item.value}]
        return None
    if value < 0 and item.indicator not in NEGATIVE_ALLOWED:
        errors["value"] = [_("The value cannot be negative.")]
    return value


def _validated(item: ObservationIn, indicators: dict[str, Indicator], may_enter: set[int],
               may_verify: set[int]) -> Observation:
    errors: dict[str, list[str]] = {}
    indicator = indicators.get(item.indicator)
    if indicator is None:
        errors["indicator"] = [_("Unknown indicator %(code)s.") % {"code": item.indicator}]
    if item.wave not in Wave.values:
        errors["wave"] = [_("Unknown wave %(wave)s.") % {"wave": item.wave}]
    if item.source not in Observation.Source.values or item.source == Observation.Source.REGISTRY:
        errors["source"] = [_("Unknown source %(source)s.") % {"source": item.source}]
    elif item.source == Observation.Source.VERIFIED and item.entrepreneur_id not in may_verify:
        errors["source"] = [_("Only a consultant or an officer can mark a figure as verified.")]
    elif item.source == Observation.Source.DOCUMENT and not item.document:
        errors["document"] = [_("Name the document that supports this figure.")]
    value = _value(item, errors)
    if item.entrepreneur_id not in may_enter:
        errors["entrepreneur"] = [_("No entrepreneur %(pk)s within your scope.") % {"pk": item.entrepreneur_id}]
    elif item.origin and not _origin_is_valid(item.origin, item.entrepreneur_id):
        errors["origin"] = [_("The origin must name a toolkit record of this entrepreneur (app.Model:id).")]
    if errors:
        raise ValidationError(errors)
    from uplift.programme.models import Enrolment

    enrolments = list(Enrolment.objects.filter(entrepreneur_id=item.entrepreneur_id, round_activity__round_id=item.round_id)
                      .select_related("round_activity__round"))
    if not enrolments:
        raise ValidationError({"entrepreneur": [_("This entrepreneur is not enrolled in the round.")]})
    round_ = enrolments[0].round_activity.round
    start = min((e.started_on for e in enrolments if e.started_on), default=round_.starts_on)
    period = item.period or wave_period(start, round_.ends_on, item.wave)
    return Observation(
        entrepreneur_id=item.entrepreneur_id, round_id=item.round_id, indicator=indicator, wave=item.wave,
        period=period.replace(day=1), value=value, source=item.source, document=item.document, note=item.note,
        origin=item.origin,
    )


def observations_save(*, actor, items: list[ObservationIn]) -> list[Observation]:
    """Create or replace observations, all or none. Frozen baselines cannot be changed."""
    policy.require(actor, "observation.enter", message=_("Your role cannot enter outcome figures."))
    from uplift.registry.models import Entrepreneur

    indicators = {i.code: i for i in Indicator.objects.all()}
    ids = {item.entrepreneur_id for item in items}
    may_enter = set(policy.visible(actor, Entrepreneur, "observation.enter").filter(pk__in=ids).values_list("pk", flat=True))
    may_verify = set(policy.visible(actor, Entrepreneur, "observation.verify").filter(pk__in=ids)
                     .values_list("pk", flat=True))
    built, errors = [], {}
    for n, item in enumerate(items):
        try:
            built.append(_validated(item, indicators, may_enter, may_verify))
        except ValidationError as e:
            prefix = f"{n}." if len(items) > 1 else ""
            for field, messages in e.message_dict.items():
                errors[f"{prefix}{field}"] = messages
    if errors:
        raise ValidationError(errors)
    saved = []
    with transaction.atomic():
        for obs in built:
            existing = Observation.objects.select_for_update(of=("self",)).filter(
                entrepreneur_id=obs.entrepreneur_id, round_id=obs.round_id, indicator=obs.indicator, wave=obs.wave
            ).order_by("pk").first()  # the row only: the default ordering's joins would lock the round for everyone
            if existing is not None and existing.frozen:
                raise ValidationError({"wave": [_("The baseline of %(indicator)s was frozen at enrolment and cannot be changed.")
                                                % {"indicator": obs.indicator.name_th}]})
            before = str(existing.value) if existing else None
            if existing is not None:
                obs.pk = existing.pk
            obs.entered_by = actor
            obs.save()
            audit_record(actor=actor, action="update" if existing else "create", obj=obs, changes={
                "indicator": obs.indicator.code, "wave": obs.wave, "value": [before, str(obs.value)],
                "source": obs.source, "period": obs.period.isoformat(), "origin": obs.origin,
            })
            saved.append(obs)
        for round_id in sorted({obs.round_id for obs in saved}):
            transaction.on_commit(lambda r=round_id: _enqueue_value(r))
    return saved


def _enqueue_value(round_id: int) -> None:
    from uplift.outcomes.signals import observations_saved

    observations_saved.send(sender=Observation, round_id=round_id)


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
                wave=row["wave"].strip(), value=row["value"] or "", source=row["source"].strip(), period=period,
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

    policy.require(actor, "observation.enter", enrolment.entrepreneur)
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
            created.append(Observation.objects.create(
                entrepreneur_id=enrolment.entrepreneur_id, round_id=ra.round_id, indicator=indicators[code],
                wave=Wave.BASELINE, period=period, value=Decimal(str(round(float(value), 2))),
                source=Observation.Source.REGISTRY, note="registry, 12 months before the start" if code != "employment" else "registry",
                entered_by=actor, frozen=True,
            ))
        frozen = Observation.objects.filter(entrepreneur_id=enrolment.entrepreneur_id, round_id=ra.round_id,
                                            wave=Wave.BASELINE, frozen=False).update(frozen=True)
        audit_record(actor=actor, action="baseline_freeze", obj=enrolment,
                     changes={"created": [o.indicator.code for o in created], "frozen_existing": frozen})
    return created


# ---- economic value -------------------------------------------------------------------------

FOLLOW_UP_ORDER = (Wave.M12, Wave.M6, Wave.M3, Wave.END)


def _component_value(comp: dict, config: dict, base: dict, latest: dict):
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
    """Recompute every EconomicValue row of a round from its observations. Returns rows written.

    Each row carries the observations it came from and, when the follow-up figure was produced by
    a toolkit, that record (`origin`)."""
    from uplift.programme.models import Enrolment, Round

    policy.require(actor, "value.compute")
    config = config or value_config()
    round_ = policy.get_visible(actor, Round, round_id)
    enrolments = list(Enrolment.objects.filter(round_activity__round_id=round_id, status__in=ENROLLED)
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
            origin = f.origin or (b.origin if b is not None else "")
            rows.extend(EconomicValue(
                round_id=round_id, enrolment_id=eid, entrepreneur_id=ent, component=comp["code"],
                amount=(amount * Decimal(str(share))).quantize(Decimal("0.01")), share=share, month=f.period,
                baseline=b, follow_up=f, origin=origin, detail=detail, config_version=config["version"],
            ) for eid in enrolment_ids)
    with transaction.atomic():
        EconomicValue.objects.filter(round_id=round_id).delete()
        EconomicValue.objects.bulk_create(rows, batch_size=2000)
        audit_record(actor=actor, action="economic_value_compute", obj=round_, changes={
            "rows": len(rows), "config_version": config["version"],
            "total": str(EconomicValue.objects.filter(round_id=round_id).aggregate(t=Sum("amount"))["t"] or 0),
        })
        transaction.on_commit(_value_statistics_refresh)
    return len(rows)


def _value_statistics_refresh() -> None:
    """A round's value rows are replaced as a whole, so the planner's row counts go stale at once (it took one
    round's 100,000 rows for 266 and scanned them per entrepreneur); counting them again takes a moment."""
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f'ANALYZE "{EconomicValue._meta.db_table}"')


# ---- reports --------------------------------------------------------------------------------

def report_request(*, actor, round_id: int, month: date) -> ProgrammeReport:
    """A monthly report of the round, built in the background over what the requester may see."""
    from uplift.outcomes.reports import build_programme_report
    from uplift.programme.models import Round

    policy.require(actor, "report.request")
    round_ = policy.get_visible(actor, Round, round_id)
    with transaction.atomic():
        report = ProgrammeReport.objects.create(round=round_, month=month.replace(day=1), requested_by=actor)
        audit_record(actor=actor, action="report_request", obj=report, changes={"round": round_.pk, "month": month.isoformat()})
        transaction.on_commit(lambda: build_programme_report.enqueue(report.pk))
    return report


# ---- the pre-registered evaluation plan ------------------------------------------------------

def _plan_create(*, actor, round_, spec, power: dict, run_id, amends, reason: str) -> EvaluationPlan:
    from uplift.outcomes.evaluation.plan import canonical_json, plan_hash

    plan = EvaluationPlan(
        round=round_, version=(amends.version + 1) if amends else 1, canonical=canonical_json(spec),
        sha256=plan_hash(spec), power=power, run_id=run_id, amends=amends, reason=reason,
        frozen_at=timezone.now(), frozen_by=actor,
    )
    plan.save()
    audit_record(actor=actor, action="evaluation_plan_freeze", obj=plan, changes={
        "round": round_.pk, "version": plan.version, "sha256": plan.sha256, "run": run_id,
        "amends": amends.pk if amends else None, "reason": reason,
    })
    return plan


def evaluation_plan_freeze(*, actor, round_id: int, run_id: int | None = None, scenario_id: int | None = None,
                           **_signal) -> EvaluationPlan:
    """When a round's selection is approved: freeze the programme's evaluation plan, with the power and
    minimum detectable effect of the approved selection (registry baseline). Once per approved run."""
    from uplift.programme.models import Round
    from uplift.screening.models import Run

    policy.require(actor, "evaluation.run")
    round_ = policy.get_visible(actor, Round, round_id)
    run = Run.objects.filter(pk=run_id, scenario__round=round_).first() if run_id else None
    with transaction.atomic():
        latest = EvaluationPlan.objects.select_for_update().filter(round=round_).order_by("-version").first()
        if latest is not None and latest.run_id == (run.pk if run else None):
            return latest
        spec = plans.template_plan()
        power = plans.approval_power(round_, run, spec, scenario_id=scenario_id)
        reason = "" if latest is None else "selection approved: plan frozen again with its power"
        return _plan_create(actor=actor, round_=round_, spec=spec, power=power, run_id=run.pk if run else None,
                            amends=latest, reason=reason)


def evaluation_plan_revise(*, actor, round_id: int, changes: dict, reason: str) -> EvaluationPlan:
    """Change the plan after it was frozen: a new version that names the one it amends and why.
    `changes` replaces top-level fields of the plan (estimand, outcomes, method, covariates, …)."""
    from uplift.outcomes.evaluation.plan import EvaluationPlan as PlanSpec
    from uplift.programme.models import Round

    policy.require(actor, "evaluation.run")
    round_ = policy.get_visible(actor, Round, round_id)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": [_("Say why the plan changes: the reason is kept with the new version.")]})
    with transaction.atomic():
        latest = EvaluationPlan.objects.select_for_update().filter(round=round_).order_by("-version").first()
        if latest is None:
            raise ValidationError({"round": [_("This round has no frozen plan yet: it is frozen when the selection is approved.")]})
        data = {**plans.spec_of(latest).as_dict(), **changes}
        try:
            spec = PlanSpec.from_dict(data)
        except (KeyError, TypeError, ValueError) as error:
            raise ValidationError({"plan": [_("The plan is not valid: %(error)s") % {"error": error}]}) from None
        if plans.hash_of(spec) == latest.sha256:
            raise ValidationError({"plan": [_("Nothing changes: the plan is the same as version %(v)s.") % {"v": latest.version}]})
        return _plan_create(actor=actor, round_=round_, spec=spec, power=latest.power, run_id=latest.run_id,
                            amends=latest, reason=reason[:500])
