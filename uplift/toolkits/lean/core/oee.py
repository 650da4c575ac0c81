"""OEE, its loss waterfall and TEEP, always rolled up from summed times and counts.

A line, a date or the whole log is measured on the sum of its rows' planned minutes, downtime,
ideal minutes (Σ ideal cycle × count) and counts, never as an average of the rows' percentages:
the total OEE is then Σ good ideal time / Σ planned time, the planned-time-weighted mean of the
rows' OEE. Quality is weighted by ideal time (Σ ideal × good / Σ ideal × total) so that
A × P × Q = OEE holds for a mix of products too; for one product it is good / total.

A performance above 1 means the ideal cycle time, the counts or the downtime are wrong: it is
capped at the `performance_cap` of `measures_v1.json` and flagged with the rows behind it.
"""

from __future__ import annotations

import math
import numbers
from collections import defaultdict
from collections.abc import Callable, Hashable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date

from .reference import UNATTRIBUTED, losses, measures, waterfall_steps

RowId = int | str
TOLERANCE = 1e-9


class OeeDataError(ValueError):
    """A log row that cannot be measured: names the row and the field."""

    def __init__(self, row_id: RowId, field_name: str, message: str):
        self.row_id, self.field, self.message = row_id, field_name, message
        super().__init__(f"แถว {row_id} ช่อง {field_name}: {message}")


@dataclass(frozen=True)
class Stop:
    minutes: float
    loss: str
    note: str = ""


@dataclass(frozen=True)
class Reject:
    count: int
    loss: str


@dataclass(frozen=True)
class Run:
    """One product made during a shift."""

    ideal_cycle_seconds: float
    total_count: int
    good_count: int
    product: str = ""
    rejects: tuple[Reject, ...] = ()

    @property
    def ideal_minutes(self) -> float:
        return self.ideal_cycle_seconds * self.total_count / 60

    @property
    def good_ideal_minutes(self) -> float:
        return self.ideal_cycle_seconds * self.good_count / 60


@dataclass(frozen=True)
class ShiftRow:
    """One line × shift of the production log. Downtime is given, or the sum of the availability stops."""

    id: RowId
    line: str
    date: date
    planned_minutes: float
    runs: tuple[Run, ...]
    downtime_minutes: float | None = None
    stops: tuple[Stop, ...] = ()

    @classmethod
    def single(cls, id: RowId, line: str, date: date, planned_minutes: float, downtime_minutes: float | None,
               ideal_cycle_seconds: float, total_count: int, good_count: int, *, stops: tuple[Stop, ...] = (),
               rejects: tuple[Reject, ...] = (), product: str = "") -> ShiftRow:
        run = Run(ideal_cycle_seconds, total_count, good_count, product, rejects)
        return cls(id, line, date, planned_minutes, (run,), downtime_minutes, stops)

    def stop_minutes(self, component: str) -> float:
        table = losses()
        return sum(stop.minutes for stop in self.stops if table[stop.loss].component == component)

    @property
    def downtime(self) -> float:
        return self.stop_minutes("availability") if self.downtime_minutes is None else self.downtime_minutes

    @property
    def ideal_minutes(self) -> float:
        return sum(run.ideal_minutes for run in self.runs)

    @property
    def good_ideal_minutes(self) -> float:
        return sum(run.good_ideal_minutes for run in self.runs)


def validate_row(row: ShiftRow) -> None:
    """Raise `OeeDataError` naming the row and field of the first impossible value."""
    table = losses()
    if not _finite(row.planned_minutes) or row.planned_minutes <= 0:
        raise OeeDataError(row.id, "planned_minutes", "เวลาที่วางแผนผลิตต้องมากกว่า 0 นาที")
    if not row.runs:
        raise OeeDataError(row.id, "runs", "ต้องมีรายการผลิตอย่างน้อย 1 รายการ")
    for run in row.runs:
        _validate_run(row.id, run)
    for stop in row.stops:
        loss = table.get(stop.loss)
        if loss is None or loss.kind != "stop":
            raise OeeDataError(row.id, "stops", f"สาเหตุการหยุด '{stop.loss}' ไม่อยู่ในรายการความสูญเสียแบบหยุดเครื่อง")
        if not _finite(stop.minutes) or stop.minutes <= 0:
            raise OeeDataError(row.id, "stops", f"เวลาหยุด ({stop.loss}) ต้องมากกว่า 0 นาที")
    stopped = row.stop_minutes("availability")
    if row.downtime_minutes is not None:
        if not _finite(row.downtime_minutes) or row.downtime_minutes < 0:
            raise OeeDataError(row.id, "downtime_minutes", "เวลาหยุดเครื่องต้องไม่ติดลบ")
        if stopped > row.downtime_minutes + TOLERANCE:
            raise OeeDataError(row.id, "stops",
                               f"เวลาหยุดตามสาเหตุรวม {stopped:g} นาที มากกว่าเวลาหยุดเครื่อง {row.downtime_minutes:g} นาที")
    if row.downtime > row.planned_minutes + TOLERANCE:
        raise OeeDataError(row.id, "downtime_minutes",
                           f"เวลาหยุดเครื่อง {row.downtime:g} นาที มากกว่าเวลาที่วางแผนผลิต {row.planned_minutes:g} นาที")
    if row.ideal_minutes > 0 and row.planned_minutes - row.downtime <= TOLERANCE:
        raise OeeDataError(row.id, "downtime_minutes", "มียอดผลิตแต่ไม่มีเวลาเดินเครื่องเหลือ")


def _validate_run(row_id: RowId, run: Run) -> None:
    if not _finite(run.ideal_cycle_seconds) or run.ideal_cycle_seconds <= 0:
        raise OeeDataError(row_id, "ideal_cycle_seconds", "เวลารอบการผลิตมาตรฐานต้องมากกว่า 0 วินาที")
    if not _whole(run.total_count) or run.total_count < 0:
        raise OeeDataError(row_id, "total_count", "จำนวนผลิตทั้งหมดต้องเป็นจำนวนเต็มไม่ติดลบ")
    if not _whole(run.good_count) or run.good_count < 0:
        raise OeeDataError(row_id, "good_count", "จำนวนของดีต้องเป็นจำนวนเต็มไม่ติดลบ")
    if run.good_count > run.total_count:
        raise OeeDataError(row_id, "good_count",
                           f"จำนวนของดี ({run.good_count}) มากกว่าจำนวนผลิตทั้งหมด ({run.total_count})")
    table = losses()
    for reject in run.rejects:
        loss = table.get(reject.loss)
        if loss is None or loss.kind != "reject":
            raise OeeDataError(row_id, "rejects", f"สาเหตุของเสีย '{reject.loss}' ไม่อยู่ในรายการความสูญเสียด้านคุณภาพ")
        if not _whole(reject.count) or reject.count <= 0:
            raise OeeDataError(row_id, "rejects", "จำนวนของเสียต้องเป็นจำนวนเต็มมากกว่า 0")
    rejected = sum(reject.count for reject in run.rejects)
    if rejected > run.total_count - run.good_count:
        raise OeeDataError(row_id, "rejects", f"ของเสียตามสาเหตุรวม {rejected} ชิ้น มากกว่าผลต่างของผลิตทั้งหมดกับของดี "
                                              f"({run.total_count - run.good_count} ชิ้น)")


def _finite(value: float) -> bool:
    return isinstance(value, numbers.Real) and not isinstance(value, bool) and math.isfinite(value)


def _whole(value: int) -> bool:
    return isinstance(value, numbers.Integral) and not isinstance(value, bool)


@dataclass(frozen=True)
class Totals:
    """The additive quantities of a set of rows; every measure is computed from these."""

    planned_minutes: float = 0.0
    downtime_minutes: float = 0.0
    ideal_minutes: float = 0.0
    good_ideal_minutes: float = 0.0
    total_count: int = 0
    good_count: int = 0
    availability_stop_minutes: Mapping[str, float] = field(default_factory=dict)
    small_stop_minutes: float = 0.0
    reject_ideal_minutes: Mapping[str, float] = field(default_factory=dict)
    row_ids: tuple[RowId, ...] = ()
    flagged_rows: Mapping[str, tuple[RowId, ...]] = field(default_factory=dict)

    @property
    def run_minutes(self) -> float:
        return self.planned_minutes - self.downtime_minutes

    def __add__(self, other: Totals) -> Totals:
        return Totals(
            self.planned_minutes + other.planned_minutes,
            self.downtime_minutes + other.downtime_minutes,
            self.ideal_minutes + other.ideal_minutes,
            self.good_ideal_minutes + other.good_ideal_minutes,
            self.total_count + other.total_count,
            self.good_count + other.good_count,
            _merge(self.availability_stop_minutes, other.availability_stop_minutes),
            self.small_stop_minutes + other.small_stop_minutes,
            _merge(self.reject_ideal_minutes, other.reject_ideal_minutes),
            self.row_ids + other.row_ids,
            {code: self.flagged_rows.get(code, ()) + other.flagged_rows.get(code, ())
             for code in {**self.flagged_rows, **other.flagged_rows}},
        )


def _merge(a: Mapping[str, float], b: Mapping[str, float]) -> dict[str, float]:
    merged = dict(a)
    for key, value in b.items():
        merged[key] = merged.get(key, 0.0) + value
    return merged


def row_totals(row: ShiftRow) -> Totals:
    validate_row(row)
    table = losses()
    stops: dict[str, float] = defaultdict(float)
    for stop in row.stops:
        if table[stop.loss].component == "availability":
            stops[stop.loss] += stop.minutes
    unattributed = row.downtime - sum(stops.values())
    if unattributed > TOLERANCE:
        stops[UNATTRIBUTED] += unattributed
    rejects: dict[str, float] = defaultdict(float)
    for run in row.runs:
        for reject in run.rejects:
            rejects[reject.loss] += run.ideal_cycle_seconds * reject.count / 60
    run_minutes = row.planned_minutes - row.downtime
    net_run = min(row.ideal_minutes, run_minutes * measures()["performance_cap"])
    flagged = {"performance_above_one": row.ideal_minutes > net_run + TOLERANCE,
               "small_stops_exceed_performance_loss": row.stop_minutes("performance") > run_minutes - net_run + TOLERANCE}
    return Totals(
        planned_minutes=row.planned_minutes,
        downtime_minutes=row.downtime,
        ideal_minutes=row.ideal_minutes,
        good_ideal_minutes=row.good_ideal_minutes,
        total_count=sum(run.total_count for run in row.runs),
        good_count=sum(run.good_count for run in row.runs),
        availability_stop_minutes=dict(stops),
        small_stop_minutes=row.stop_minutes("performance"),
        reject_ideal_minutes=dict(rejects),
        row_ids=(row.id,),
        flagged_rows={code: (row.id,) for code, is_flagged in flagged.items() if is_flagged},
    )


FLAG_MESSAGES = {
    "performance_above_one": "ความเร็วเกิน {cap:.0%} (เวลารอบมาตรฐาน × จำนวนผลิต มากกว่าเวลาเดินเครื่อง) ในแถว {rows}: "
                             "ข้อมูลน่าจะผิด ตรวจเวลารอบมาตรฐาน จำนวนผลิต หรือเวลาหยุดเครื่อง "
                             "(ค่าความเร็วที่แสดงถูกจำกัดไว้ไม่เกิน {cap:.0%})",
    "small_stops_exceed_performance_loss": "เวลาหยุดเล็กน้อยที่บันทึกมากกว่าความสูญเสียด้านความเร็วทั้งหมดในแถว {rows}: "
                                           "ตรวจเวลารอบมาตรฐานหรือเวลาหยุดเล็กน้อย",
}


@dataclass(frozen=True)
class Flag:
    code: str
    message: str
    row_ids: tuple[RowId, ...]


@dataclass(frozen=True)
class Oee:
    key: Hashable
    availability: float
    performance: float
    quality: float
    oee: float
    performance_raw: float
    totals: Totals
    flags: tuple[Flag, ...] = ()

    @classmethod
    def from_totals(cls, key: Hashable, totals: Totals) -> Oee:
        cap = measures()["performance_cap"]
        run = totals.run_minutes
        availability = run / totals.planned_minutes
        performance_raw = totals.ideal_minutes / run if run > 0 else 0.0
        performance = min(performance_raw, cap)
        quality = totals.good_ideal_minutes / totals.ideal_minutes if totals.ideal_minutes > 0 else 0.0
        capped = performance_raw > cap + TOLERANCE
        oee = availability * performance * quality if capped else totals.good_ideal_minutes / totals.planned_minutes
        flags = tuple(Flag(code, FLAG_MESSAGES[code].format(cap=cap, rows=", ".join(str(i) for i in row_ids)), row_ids)
                      for code, row_ids in sorted(totals.flagged_rows.items()) if row_ids)
        return cls(key, availability, performance, quality, oee, performance_raw, totals, flags)


def measure(rows: Iterable[ShiftRow], key: Hashable = "total") -> Oee:
    """OEE of a set of rows, from their summed times and counts."""
    totals = [row_totals(row) for row in rows]
    if not totals:
        raise ValueError("no rows to measure")
    return Oee.from_totals(key, sum(totals[1:], totals[0]))


def measure_by(rows: Iterable[ShiftRow], group: Callable[[ShiftRow], Hashable]) -> dict[Hashable, Oee]:
    """OEE per group (a line, a date, a product…), in sorted group order."""
    groups: dict[Hashable, list[ShiftRow]] = defaultdict(list)
    for row in rows:
        groups[group(row)].append(row)
    return {key: measure(groups[key], key) for key in sorted(groups, key=str)}


@dataclass(frozen=True)
class OeeReport:
    rows: tuple[Oee, ...]
    lines: tuple[Oee, ...]
    dates: tuple[Oee, ...]
    total: Oee


def oee_report(rows: Iterable[ShiftRow]) -> OeeReport:
    rows = list(rows)
    return OeeReport(
        rows=tuple(measure([row], row.id) for row in rows),
        lines=tuple(measure_by(rows, lambda row: row.line).values()),
        dates=tuple(measure_by(rows, lambda row: row.date).values()),
        total=measure(rows),
    )


@dataclass(frozen=True)
class WaterfallStep:
    code: str
    name_th: str
    name_en: str
    minutes: float
    by_loss: Mapping[str, float] = field(default_factory=dict)


def waterfall(result: Oee) -> tuple[WaterfallStep, ...]:
    """Planned → availability loss → run → performance loss → net run → quality loss → fully productive (minutes).

    Losses are split by the six-big-loss codes the rows recorded; downtime and rejects no stop or
    reject explains are `unattributed`; the performance loss beyond recorded small stops is reduced speed.
    """
    totals = result.totals
    run = totals.run_minutes
    net_run = run * result.performance
    performance_loss = run - net_run
    small_stops = min(totals.small_stop_minutes, performance_loss)
    quality_loss = net_run * (1 - result.quality)
    scale = net_run / totals.ideal_minutes if totals.ideal_minutes > 0 else 0.0
    rejects = {loss: minutes * scale for loss, minutes in totals.reject_ideal_minutes.items()}
    unexplained_rejects = quality_loss - sum(rejects.values())
    if unexplained_rejects > TOLERANCE:
        rejects[UNATTRIBUTED] = unexplained_rejects
    performance = {"small_stop": small_stops, "reduced_speed": performance_loss - small_stops}
    names = waterfall_steps()
    values = [
        ("planned", totals.planned_minutes, {}),
        ("availability_loss", totals.downtime_minutes, dict(totals.availability_stop_minutes)),
        ("run", run, {}),
        ("performance_loss", performance_loss, {k: v for k, v in performance.items() if v > TOLERANCE}),
        ("net_run", net_run, {}),
        ("quality_loss", quality_loss, rejects),
        ("fully_productive", net_run - quality_loss, {}),
    ]
    return tuple(WaterfallStep(code, names[code]["name_th"], names[code]["name_en"], minutes, by_loss)
                 for code, minutes, by_loss in values)


@dataclass(frozen=True)
class Teep:
    oee: float
    utilisation: float
    teep: float
    planned_minutes: float
    calendar_minutes: float


def teep(rows: Iterable[ShiftRow], calendar_minutes: float | None = None) -> Teep:
    """TEEP = OEE × utilisation, utilisation = planned / calendar time.

    Calendar time defaults to a whole day (`minutes_per_calendar_day`) per line and date logged.
    """
    rows = list(rows)
    result = measure(rows)
    if calendar_minutes is None:
        calendar_minutes = len({(row.line, row.date) for row in rows}) * measures()["minutes_per_calendar_day"]
    planned = result.totals.planned_minutes
    if calendar_minutes < planned:
        raise ValueError(f"เวลาปฏิทิน {calendar_minutes:g} นาที น้อยกว่าเวลาที่วางแผนผลิต {planned:g} นาที")
    utilisation = planned / calendar_minutes
    return Teep(result.oee, utilisation, result.oee * utilisation, planned, calendar_minutes)
