"""Reads of the lean toolkit, each starting from the access policy, and the measures `core/` computes
from them. A page asks `workspace()` once; every figure in it traces back to shift rows by their ids."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from uplift.access import policy
from uplift.programme.models import Enrolment
from uplift.toolkits.lean.core import flow, kaizen, oee, waste
from uplift.toolkits.lean.core.reference import UNATTRIBUTED, losses, measures, wastes
from uplift.web.templatetags.thai import thaidate
from uplift.toolkits.lean.models import (
    KaizenCard, Line, Saving, SavingsClaim, Shift, TimingStudy, WasteEntry,
)

ACTIVITY = "lean"
WORKING_STATUSES = ("accepted", "active", "completed")
SORTS = {
    "entrepreneur": "entrepreneur__name_th", "-entrepreneur": "-entrepreneur__name_th",
    "round": "round_activity__round__starts_on", "-round": "-round_activity__round__starts_on",
    "status": "status", "-status": "-status",
    "started": "started_on", "-started": "-started_on",
}


def enrolments(actor, sort: str = "entrepreneur") -> QuerySet[Enrolment]:
    """The activity's enrolments the actor sees, in working statuses."""
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


def shifts(actor, enrolment: Enrolment) -> QuerySet[Shift]:
    return visible(actor, Shift, enrolment).select_related("line").prefetch_related("stops", "rejects")


def shift_get(actor, pk) -> Shift:
    return policy.get_visible(actor, Shift, pk, "toolkit.view", related=("line", "enrolment"))


def shift_row(shift: Shift) -> oee.ShiftRow:
    """A log row for the core; its id is the shift's primary key, so results point back to it."""
    return oee.ShiftRow.single(
        shift.pk, shift.line.name, shift.date, shift.planned_minutes, shift.downtime_minutes,
        shift.ideal_cycle_seconds, shift.total_count, shift.good_count,
        stops=tuple(oee.Stop(stop.minutes, stop.loss, stop.note) for stop in shift.stops.all()),
        rejects=tuple(oee.Reject(reject.count, reject.loss) for reject in shift.rejects.all()),
        product=shift.product)


def waste_entry(entry: WasteEntry) -> waste.WasteEntry:
    return waste.WasteEntry(entry.pk, entry.date, entry.waste, entry.description, entry.quantity, entry.unit,
                            float(entry.baht), entry.line.name if entry.line_id else "")


def kaizen_card(card: KaizenCard) -> kaizen.KaizenCard:
    return kaizen.KaizenCard(card.pk, card.problem, card.countermeasure, card.owner, card.started_on,
                             kaizen.Period(card.baseline_start, card.baseline_end),
                             kaizen.Period(card.after_start, card.after_end), card.metric,
                             card.line.name if card.line_id else "")


def pct(value: float | None) -> float | None:
    return None if value is None else round(value * 100, 1)


def oee_dict(result: oee.Oee, key: str) -> dict[str, Any]:
    return {"key": key, "availability": result.availability, "performance": result.performance,
            "quality": result.quality, "oee": result.oee, "planned_minutes": result.totals.planned_minutes,
            "good_count": result.totals.good_count, "total_count": result.totals.total_count,
            "shifts": list(result.totals.row_ids),
            "flags": [{"code": flag.code, "message": flag.message, "rows": list(flag.row_ids)} for flag in result.flags]}


def loss_name(code: str) -> str:
    if code == UNATTRIBUTED:
        return _("Not attributed to a reason")
    if code == "reduced_speed":
        return losses()["reduced_speed"].name_th
    table = losses()
    return table[code].name_th if code in table else code


def waterfall_chart(result: oee.Oee) -> list[dict[str, Any]]:
    """Steps of the loss waterfall in minutes, with the floating base a waterfall bar stands on."""
    steps = oee.waterfall(result)
    planned = steps[0].minutes
    out = []
    level = planned
    for step in steps:
        is_loss = step.code.endswith("_loss")
        if is_loss:
            level -= step.minutes
        out.append({"code": step.code, "name": step.name_th, "minutes": round(step.minutes, 2),
                    "base": round(level, 2) if is_loss else 0.0, "loss": is_loss,
                    "by_loss": [{"code": code, "name": loss_name(code), "minutes": round(minutes, 2)}
                                for code, minutes in sorted(step.by_loss.items(), key=lambda kv: -kv[1])]})
    return out


@dataclass
class LineFigures:
    line: Line
    oee: dict[str, Any] | None
    balance: dict[str, Any] | None = None
    balance_error: str = ""
    timings: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class KaizenFigures:
    card: KaizenCard
    effect: kaizen.Effect | None
    error: str = ""


@dataclass
class Workspace:
    enrolment: Enrolment
    lines: list[LineFigures]
    shifts: list[Shift]
    total: dict[str, Any] | None
    waterfall: list[dict[str, Any]]
    teep: oee.Teep | None
    dates: list[dict[str, Any]]
    mura: flow.Mura | None
    mura_error: str
    waste: list[waste.WasteTotal]
    waste_entries: list[WasteEntry]
    kaizen: list[KaizenFigures]
    savings: list[Saving]
    claims: list[SavingsClaim]
    error: str = ""

    @property
    def charts(self) -> dict[str, Any]:
        return {"waterfall": self.waterfall,
                "balance": [{"line": figures.line.name, **figures.balance} for figures in self.lines if figures.balance],
                "dates": self.dates}


def kaizen_figures(actor, card: KaizenCard, rows: list[oee.ShiftRow] | None = None) -> KaizenFigures:
    """A card's effect on the log: per-shift before/after means and the interval of their difference."""
    if rows is None:
        rows = [shift_row(shift) for shift in shifts(actor, card.enrolment)]
    try:
        return KaizenFigures(card, kaizen.kaizen_effect(kaizen_card(card), rows))
    except ValueError as problem:
        return KaizenFigures(card, None, str(problem))


def timing_summary(study: TimingStudy) -> dict[str, Any]:
    summary: dict[str, Any] = {"study": study, "kind": study.kind, "step": study.step}
    try:
        if study.kind == TimingStudy.Kind.STOPWATCH:
            summary["timing"] = flow.timing(study.laps)
        else:
            summary["tally"] = [{"name": tally_name(count.category), "count": count.count, "share": count.share}
                                for count in flow.tally(_expand(study.marks))]
    except ValueError as error:
        summary["error"] = str(error)
    return summary


def tally_name(code: str) -> str:
    if code == "value_adding":
        return _("Value-adding work")
    return waste_name(code)


def _expand(marks: dict[str, int]) -> list[str]:
    return [category for category, count in marks.items() for _ in range(int(count))]


def _balance(line: Line, studies: list[dict[str, Any]]) -> tuple[dict[str, Any] | None, str]:
    steps = {}
    for summary in studies:
        timing = summary.get("timing")
        if timing is not None and summary["step"] not in steps:
            steps[summary["step"]] = (summary["study"].order, timing.mean_without_outliers)
    if not steps:
        return None, ""
    if not line.available_minutes_per_day or not line.demand_per_day:
        return None, _("Enter the line's available minutes and demand per day to see takt time.")
    try:
        takt = flow.takt_time(line.available_minutes_per_day, line.demand_per_day, line.breaks_minutes_per_day)
        ordered = sorted(steps.items(), key=lambda kv: kv[1][0])
        balance = flow.line_balance([flow.Step(name, seconds) for name, (_order, seconds) in ordered],
                                    takt.seconds_per_piece)
    except ValueError as error:
        return None, str(error)
    return balance.chart() | {"balance_efficiency": balance.balance_efficiency,
                              "minimum_stations": balance.minimum_stations}, ""


def workspace(actor, enrolment: Enrolment) -> Workspace:
    shift_list = list(shifts(actor, enrolment))
    rows = [shift_row(shift) for shift in shift_list]
    lines = list(visible(actor, Line, enrolment))
    studies: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for study in visible(actor, TimingStudy, enrolment).order_by("order", "-created_at"):
        studies[study.line_id].append(timing_summary(study))
    error, report, total, chart, teep, dates, mura, mura_error = "", None, None, [], None, [], None, ""
    if rows:
        try:
            report = oee.oee_report(rows)
            total = oee_dict(report.total, _("All lines"))
            chart = waterfall_chart(report.total)
            teep = oee.teep(rows)
            dates = [oee_dict(day, thaidate(day.key)) for day in report.dates]
            try:
                mura = flow.mura([day.totals.good_count for day in report.dates])
            except ValueError as problem:
                mura_error = str(problem)
        except ValueError as problem:
            error = str(problem)
    by_line = {result.key: result for result in report.lines} if report else {}
    figures = []
    for line in lines:
        balance, balance_error = _balance(line, studies[line.pk])
        result = by_line.get(line.name)
        figures.append(LineFigures(line, oee_dict(result, line.name) if result else None, balance, balance_error,
                                   studies[line.pk]))
    entries = list(visible(actor, WasteEntry, enrolment).select_related("line"))
    try:
        waste_totals = list(waste.waste_summary([waste_entry(entry) for entry in entries]))
    except ValueError:
        waste_totals = []
    cards = [kaizen_figures(actor, card, rows) for card in visible(actor, KaizenCard, enrolment).select_related("line")]
    savings = list(visible(actor, Saving, enrolment).select_related("line").prefetch_related("claims"))
    claims = list(visible(actor, SavingsClaim, enrolment).prefetch_related("savings"))
    return Workspace(enrolment, figures, shift_list, total, chart, teep, dates, mura, mura_error, waste_totals,
                     entries, cards, savings, claims, error)


def rows_between(actor, enrolment: Enrolment, start, end, line: Line | None = None) -> list[Shift]:
    qs = shifts(actor, enrolment).filter(date__gte=start, date__lte=end)
    return list(qs.filter(line=line) if line is not None else qs)


def metric_name(code: str) -> str:
    return next((m["name_th"] for m in measures()["metrics"] if m["code"] == code), code)


def waste_name(code: str) -> str:
    table = wastes()
    return table[code].name_th if code in table else code
