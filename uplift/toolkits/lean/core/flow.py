"""Flow measures: takt time, line balance against takt, Mura, and a stopwatch for timing a process.

Mura has no single standard (domain-facts.md): it is the coefficient of variation of daily output,
with the standard deviation's kind (sample n − 1, or population n) stated in the result.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from .reference import measures


@dataclass(frozen=True)
class Takt:
    seconds_per_piece: float
    net_available_seconds: float
    demand: float


def takt_time(available_minutes: float, demand: float, breaks_minutes: float = 0.0) -> Takt:
    """Takt = net available time / demand, in seconds per piece."""
    net_minutes = available_minutes - breaks_minutes
    if net_minutes <= 0:
        raise ValueError("เวลาทำงานสุทธิ (หักเวลาพัก) ต้องมากกว่า 0 นาที")
    if demand <= 0:
        raise ValueError("ความต้องการของลูกค้าต้องมากกว่า 0 ชิ้น")
    return Takt(net_minutes * 60 / demand, net_minutes * 60, demand)


@dataclass(frozen=True)
class Step:
    name: str
    cycle_seconds: float


@dataclass(frozen=True)
class StepLoad:
    name: str
    cycle_seconds: float
    load: float
    over_takt: bool
    bottleneck: bool


@dataclass(frozen=True)
class LineBalance:
    takt_seconds: float
    steps: tuple[StepLoad, ...]
    bottleneck: str
    balance_efficiency: float
    balance_delay: float
    minimum_stations: int
    line_cycle_seconds: float

    def chart(self) -> dict[str, object]:
        """Data for a bar chart of each step's cycle time with the takt line across it."""
        return {
            "steps": [step.name for step in self.steps],
            "cycle_seconds": [step.cycle_seconds for step in self.steps],
            "over_takt": [step.over_takt for step in self.steps],
            "bottleneck": self.bottleneck,
            "takt_seconds": self.takt_seconds,
        }


def line_balance(steps: Sequence[Step], takt_seconds: float) -> LineBalance:
    """Each step's cycle time against takt; balance efficiency = Σ cycle / (n × max cycle).

    The bottleneck is the slowest step (the first one listed on a tie); the line cannot run faster
    than it, so its cycle time is the line's. Minimum stations = ⌈Σ cycle / takt⌉.
    """
    if not steps:
        raise ValueError("ต้องมีขั้นตอนการผลิตอย่างน้อย 1 ขั้นตอน")
    if takt_seconds <= 0:
        raise ValueError("Takt time ต้องมากกว่า 0 วินาที")
    for step in steps:
        if not math.isfinite(step.cycle_seconds) or step.cycle_seconds <= 0:
            raise ValueError(f"เวลารอบของขั้นตอน '{step.name}' ต้องมากกว่า 0 วินาที")
    slowest = max(step.cycle_seconds for step in steps)
    bottleneck = next(step.name for step in steps if step.cycle_seconds == slowest)
    total = sum(step.cycle_seconds for step in steps)
    efficiency = total / (len(steps) * slowest)
    loads = tuple(StepLoad(step.name, step.cycle_seconds, step.cycle_seconds / takt_seconds,
                           step.cycle_seconds > takt_seconds, step.name == bottleneck) for step in steps)
    return LineBalance(takt_seconds, loads, bottleneck, efficiency, 1 - efficiency,
                       math.ceil(round(total / takt_seconds, 9)), slowest)


@dataclass(frozen=True)
class Mura:
    cv: float
    mean: float
    sd: float
    sd_kind: str
    n: int


def mura(daily_output: Sequence[float], sd_kind: str | None = None) -> Mura:
    """Coefficient of variation (SD / mean) of daily output; `sd_kind` is "sample" or "population"."""
    kind = sd_kind or measures()["mura"]["sd"]
    values = np.asarray(daily_output, dtype=float)
    if kind not in ("sample", "population"):
        raise ValueError(f"unknown sd_kind {kind!r}: use 'sample' or 'population'")
    if len(values) < (2 if kind == "sample" else 1):
        raise ValueError("ต้องมีผลผลิตอย่างน้อย 2 วันจึงจะคำนวณความไม่สม่ำเสมอ (Mura) ได้")
    mean = float(values.mean())
    if mean <= 0:
        raise ValueError("ผลผลิตเฉลี่ยต่อวันต้องมากกว่า 0")
    sd = float(values.std(ddof=1 if kind == "sample" else 0))
    return Mura(sd / mean, mean, sd, kind, len(values))


@dataclass(frozen=True)
class Timing:
    cycles: tuple[float, ...]
    n: int
    mean: float
    median: float
    sd: float
    q1: float
    q3: float
    low_fence: float
    high_fence: float
    outliers: tuple[int, ...]
    mean_without_outliers: float


def cycles_from_splits(splits: Sequence[float]) -> tuple[float, ...]:
    """A stopwatch's cumulative split times (seconds from the start) → the cycle time of each lap."""
    if any(later <= earlier for earlier, later in zip((0.0, *splits), splits)):
        raise ValueError("เวลาสะสมของนาฬิกาจับเวลาต้องเพิ่มขึ้นทุกรอบ")
    return tuple(later - earlier for earlier, later in zip((0.0, *splits), splits))


def timing(cycles: Sequence[float]) -> Timing:
    """Mean, median, sample SD and IQR outliers (Tukey's fences) of timed cycles; outliers by lap index."""
    values = np.asarray(cycles, dtype=float)
    if len(values) < 2:
        raise ValueError("ต้องจับเวลาอย่างน้อย 2 รอบ")
    if (values <= 0).any():
        raise ValueError("เวลารอบต้องมากกว่า 0 วินาที")
    settings = measures()["stopwatch"]
    q1, q3 = np.quantile(values, [0.25, 0.75], method=settings["quantile_method"])
    spread = settings["iqr_multiplier"] * (q3 - q1)
    low, high = q1 - spread, q3 + spread
    outliers = tuple(int(i) for i in np.flatnonzero((values < low) | (values > high)))
    kept = np.delete(values, outliers)
    return Timing(tuple(float(v) for v in values), len(values), float(values.mean()), float(np.median(values)),
                  float(values.std(ddof=1)), float(q1), float(q3), float(low), float(high), outliers,
                  float(kept.mean()))


@dataclass(frozen=True)
class TallyCount:
    category: Hashable
    count: int
    share: float


def tally(marks: Iterable[Hashable]) -> tuple[TallyCount, ...]:
    """Tally marks (e.g. what an operator was doing at each look) → counts and shares, most frequent first."""
    counts = Counter(marks)
    total = sum(counts.values())
    if not total:
        raise ValueError("ยังไม่มีการนับ")
    return tuple(TallyCount(category, count, count / total) for category, count in counts.most_common())
