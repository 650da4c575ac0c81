"""A kaizen card's effect: the same log before and after, per shift, with a 95% interval.

The unit of analysis is the shift (one log row): a metric is computed per row on each side and
the difference of means gets a Welch t interval (unequal variances) or a percentile bootstrap.
The rolled-up before/after figures (from summed times and counts) are reported beside it for
display; the interval is about the per-shift means. Too few shifts on either side are refused.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date

import numpy as np
from scipy import stats

from .oee import RowId, ShiftRow, measure
from .reference import measures


class KaizenDataError(ValueError):
    pass


@dataclass(frozen=True)
class Period:
    start: date
    end: date

    def __contains__(self, day: date) -> bool:
        return self.start <= day <= self.end


@dataclass(frozen=True)
class KaizenCard:
    id: RowId
    problem: str
    countermeasure: str
    owner: str
    started_on: date
    baseline: Period
    after: Period
    metric: str
    line: str = ""


@dataclass(frozen=True)
class Effect:
    card_id: RowId
    metric: str
    better: str
    method: str
    confidence: float
    before_mean: float
    after_mean: float
    difference: float
    ci_low: float
    ci_high: float
    before_rollup: float
    after_rollup: float
    before_n: int
    after_n: int
    before_row_ids: tuple[RowId, ...]
    after_row_ids: tuple[RowId, ...]

    @property
    def improved(self) -> bool:
        """True when the whole interval lies on the better side of zero."""
        return self.ci_low > 0 if self.better == "up" else self.ci_high < 0


def _oee(rows: list[ShiftRow]) -> float:
    return measure(rows).oee


def _output_per_hour(rows: list[ShiftRow]) -> float:
    totals = measure(rows).totals
    return totals.good_count / (totals.planned_minutes / 60)


def _scrap_rate(rows: list[ShiftRow]) -> float:
    totals = measure(rows).totals
    if totals.total_count == 0:
        raise KaizenDataError(f"แถว {', '.join(str(i) for i in totals.row_ids)}: ไม่มียอดผลิต คำนวณสัดส่วนของเสียไม่ได้")
    return 1 - totals.good_count / totals.total_count


METRICS: dict[str, Callable[[list[ShiftRow]], float]] = {
    "oee": _oee,
    "output_per_hour": _output_per_hour,
    "scrap_rate": _scrap_rate,
}


def metric_value(metric: str, rows: list[ShiftRow]) -> float:
    """A metric of a set of rows, from their summed times and counts."""
    if metric not in METRICS:
        raise KaizenDataError(f"ไม่รู้จักตัวชี้วัด '{metric}' (ใช้ได้: {', '.join(METRICS)})")
    return METRICS[metric](rows)


def kaizen_effect(card: KaizenCard, log: Iterable[ShiftRow], *, method: str | None = None,
                  seed: int = 0) -> Effect:
    """Before/after difference (after − before) of the card's metric, with its interval."""
    settings = measures()["kaizen"]
    method = method or settings["method"]
    if method not in ("welch_t", "bootstrap"):
        raise KaizenDataError(f"unknown method {method!r}: use 'welch_t' or 'bootstrap'")
    if card.baseline.end >= card.after.start:
        raise KaizenDataError("ช่วงก่อนปรับปรุงต้องสิ้นสุดก่อนช่วงหลังปรับปรุงเริ่ม")
    rows = [row for row in log if not card.line or row.line == card.line]
    before = [row for row in rows if row.date in card.baseline]
    after = [row for row in rows if row.date in card.after]
    minimum = settings["min_shifts_per_side"]
    if len(before) < minimum or len(after) < minimum:
        raise KaizenDataError(f"ต้องมีบันทึกอย่างน้อย {minimum} กะในแต่ละช่วง "
                              f"(ก่อน {len(before)} กะ หลัง {len(after)} กะ)")
    x = np.array([metric_value(card.metric, [row]) for row in before])
    y = np.array([metric_value(card.metric, [row]) for row in after])
    confidence = settings["confidence"]
    if method == "welch_t":
        if x.var() == 0 and y.var() == 0:
            raise KaizenDataError("ค่าทุกกะเท่ากันทั้งสองช่วง ช่วงความเชื่อมั่นแบบ Welch คำนวณไม่ได้")
        interval = stats.ttest_ind(y, x, equal_var=False).confidence_interval(confidence)
    else:
        interval = stats.bootstrap((y, x), lambda a, b, axis=-1: a.mean(axis=axis) - b.mean(axis=axis),
                                   n_resamples=settings["bootstrap_resamples"], confidence_level=confidence,
                                   method="percentile", rng=np.random.default_rng(seed)).confidence_interval
    better = next(m["better"] for m in measures()["metrics"] if m["code"] == card.metric)
    return Effect(card.id, card.metric, better, method, confidence, float(x.mean()), float(y.mean()),
                  float(y.mean() - x.mean()), float(interval.low), float(interval.high),
                  metric_value(card.metric, before), metric_value(card.metric, after), len(before), len(after),
                  tuple(row.id for row in before), tuple(row.id for row in after))
