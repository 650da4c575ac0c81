"""Did it pay? An interrupted time-series estimate by segmented regression (Wagner et al. 2002).

    y_t = b0 + b1·t + b2·post_t + b3·(t − t0)·post_t [+ month-of-year terms] + e_t

t counts months from the first observation, t0 is the launch month and post_t is 1 from the
launch month on, so b2 is the level change at launch and b3 the change in monthly slope. The
counterfactual is the fit with b2 = b3 = 0. Standard errors are OLS or Newey–West (HAC); both
use the t distribution, which is kinder to the short series producers have. Minimum lengths
are data (``its_v1.json``).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Any, Literal

import numpy as np
import statsmodels.api as sm

from .reference import load_json

SETTINGS_FILE = "its_v1.json"

Verdict = Literal["increase", "decrease", "no_clear_change"]


@dataclass(frozen=True)
class ItsResult:
    months: tuple[date, ...]
    observed: tuple[float, ...]
    fitted: tuple[float, ...]
    counterfactual: tuple[float, ...]
    launch: date
    n_before: int
    n_after: int
    level_change: float
    level_ci: tuple[float, float]
    level_p: float
    slope_change: float
    slope_ci: tuple[float, float]
    slope_before: float
    mean_before: float
    mean_after: float
    relative_level_change: float | None
    confidence: float
    cov_type: str
    hac_lags: int | None
    seasonal: bool
    verdict: Verdict
    verdict_th: str
    verdict_en: str
    settings_version: str


class SeriesTooShort(ValueError):
    def __init__(self, message_th: str, message_en: str):
        self.message_th = message_th
        super().__init__(message_en)


@cache
def its_settings() -> dict[str, Any]:
    return load_json(SETTINGS_FILE)


def newey_west_lags(n: int) -> int:
    return math.floor(4 * (n / 100) ** (2 / 9))


def _month_index(day: date) -> int:
    return day.year * 12 + day.month - 1


def its_estimate(months: Sequence[date], values: Sequence[float | None], launch: date, *,
                 seasonal: bool = False, hac: bool = False, hac_lags: int | None = None,
                 measure_th: str = "ยอดขาย", settings: dict[str, Any] | None = None) -> ItsResult:
    """Segmented regression of a monthly series around ``launch`` (any day in the launch month).

    Months may have gaps; missing values (None or NaN) are dropped. Refuses (``SeriesTooShort``)
    fewer points before or after than the settings allow, duplicates and mismatched lengths."""
    settings = settings or its_settings()
    if len(months) != len(values):
        raise ValueError(f"{len(months)} months but {len(values)} values")
    points = sorted((_month_index(m), float(v)) for m, v in zip(months, values)
                    if v is not None and not math.isnan(float(v)))
    index = np.array([p[0] for p in points], dtype=np.int64)
    if len(np.unique(index)) != len(index):
        raise ValueError("a month appears twice in the series")
    y = np.array([p[1] for p in points])
    t0 = _month_index(launch)
    post = (index >= t0).astype(float)
    n_before, n_after = int((post == 0).sum()), int(post.sum())
    key = "seasonal_min_points" if seasonal else "min_points"
    need_before, need_after = settings[f"{key}_before"], settings[f"{key}_after"]
    if n_before < need_before or n_after < need_after:
        extra_th = " เมื่อปรับฤดูกาล" if seasonal else ""
        raise SeriesTooShort(
            f"ข้อมูลสั้นเกินไป{extra_th}: ต้องมีอย่างน้อย {need_before} เดือนก่อนเปิดตัว และ {need_after} เดือนนับจากเดือนที่เปิดตัว "
            f"(มี {n_before} และ {n_after} เดือน)",
            f"series too short{' for seasonality' if seasonal else ''}: needs {need_before} months before the launch "
            f"and {need_after} from it (has {n_before} and {n_after})")

    time = (index - index[0]).astype(float)
    time_after = np.where(post == 1, index - t0, 0).astype(float)
    columns = [np.ones_like(time), time, post, time_after]
    if seasonal:
        calendar = index % 12
        columns += [(calendar == m).astype(float) for m in sorted(set(calendar.tolist()))[1:]]
    x = np.column_stack(columns)
    if np.linalg.matrix_rank(x) < x.shape[1]:
        raise SeriesTooShort(
            "แยกผลของฤดูกาลออกจากแนวโน้มไม่ได้: ข้อมูลครอบคลุมพอดีปีก่อนและปีหลังเปิดตัว "
            "เพิ่มข้อมูลอีกอย่างน้อย 1 เดือน หรือคำนวณโดยไม่ปรับฤดูกาล",
            "month-of-year terms cannot be told apart from the trend in this series: add a month or drop seasonality")
    model = sm.OLS(y, x)
    lags = (hac_lags if hac_lags is not None else newey_west_lags(len(y))) if hac else None
    fit = (model.fit(cov_type="HAC", cov_kwds={"maxlags": lags}, use_t=True) if hac
           else model.fit(use_t=True))
    confidence = float(settings["confidence"])
    ci = fit.conf_int(alpha=1 - confidence)
    params = fit.params
    x_cf = x.copy()
    x_cf[:, 2:4] = 0.0
    counterfactual = x_cf @ params
    launch_position = int(np.argmax(post))
    expected_at_launch = counterfactual[launch_position]
    relative = float(params[2] / expected_at_launch) if expected_at_launch > 0 else None

    result_months = tuple(date(int(i) // 12, int(i) % 12 + 1, 1) for i in index)
    level_ci = (float(ci[2, 0]), float(ci[2, 1]))
    slope_ci = (float(ci[3, 0]), float(ci[3, 1]))
    verdict, verdict_th, verdict_en = _verdict(
        float(params[2]), level_ci, float(params[3]), slope_ci, relative, confidence, measure_th,
        short=n_before < settings["recommended_points_before"] or n_after < settings["recommended_points_after"],
        recommended=(settings["recommended_points_before"], settings["recommended_points_after"]))
    return ItsResult(
        months=result_months, observed=tuple(y.tolist()), fitted=tuple(fit.fittedvalues.tolist()),
        counterfactual=tuple(counterfactual.tolist()), launch=date(launch.year, launch.month, 1),
        n_before=n_before, n_after=n_after,
        level_change=float(params[2]), level_ci=level_ci, level_p=float(fit.pvalues[2]),
        slope_change=float(params[3]), slope_ci=slope_ci, slope_before=float(params[1]),
        mean_before=float(y[post == 0].mean()), mean_after=float(y[post == 1].mean()),
        relative_level_change=relative, confidence=confidence,
        cov_type="HAC" if hac else "nonrobust", hac_lags=lags, seasonal=seasonal,
        verdict=verdict, verdict_th=verdict_th, verdict_en=verdict_en, settings_version=settings["version"],
    )


def _verdict(level: float, level_ci: tuple[float, float], slope: float, slope_ci: tuple[float, float],
             relative: float | None, confidence: float, measure_th: str, *, short: bool,
             recommended: tuple[int, int]) -> tuple[Verdict, str, str]:
    pct = round(confidence * 100)
    interval = f"ช่วงความเชื่อมั่น {pct}%: {level_ci[0]:,.0f} ถึง {level_ci[1]:,.0f}"
    share = f" หรือราว {abs(relative):.0%} ของระดับที่คาดไว้หากไม่เปิดตัว" if relative is not None else ""
    if level_ci[0] > 0 or level_ci[1] < 0:
        verdict: Verdict = "increase" if level > 0 else "decrease"
        word = "เพิ่มขึ้น" if level > 0 else "ลดลง"
        lines_th = [f"{measure_th}{word}ทันทีในเดือนที่เปิดตัว ประมาณ {abs(level):,.0f}{share} ({interval})"]
        lines_en = [f"An immediate {'rise' if level > 0 else 'fall'} of {abs(level):,.0f} at launch "
                    f"({pct}% CI {level_ci[0]:,.0f} to {level_ci[1]:,.0f})."]
    else:
        verdict = "no_clear_change"
        lines_th = [f"ยังไม่พบการเปลี่ยนแปลงที่ชัดเจนของ{measure_th}ในเดือนที่เปิดตัว ({interval} ครอบคลุมศูนย์)"]
        lines_en = [f"No clear change at launch ({pct}% CI {level_ci[0]:,.0f} to {level_ci[1]:,.0f} covers zero)."]
    if slope_ci[0] > 0 or slope_ci[1] < 0:
        lines_th.append(f"หลังเปิดตัว แนวโน้ม{'เพิ่มขึ้น' if slope > 0 else 'ลดลง'}เร็วกว่าก่อนเปิดตัว {abs(slope):,.1f} ต่อเดือน")
        lines_en.append(f"After launch the monthly trend changed by {slope:,.1f} per month.")
    else:
        lines_th.append("แนวโน้มรายเดือนหลังเปิดตัวไม่ต่างจากก่อนเปิดตัวอย่างชัดเจน")
        lines_en.append("The monthly trend did not clearly change.")
    if short:
        lines_th.append(f"ข้อมูลน้อยกว่า {recommended[0]} เดือนก่อนหรือ {recommended[1]} เดือนหลังเปิดตัว ผลจึงยังไม่แน่นอนมาก")
        lines_en.append(f"Fewer than {recommended[0]} months before or {recommended[1]} after: treat with caution.")
    lines_th.append("ผลนี้บอกการเปลี่ยนแปลงที่เกิดพร้อมการเปิดตัว เหตุการณ์อื่นในช่วงเดียวกันอาจมีส่วนด้วย")
    lines_en.append("This shows the change that came with the launch; other events at the same time may share in it.")
    return verdict, " ".join(lines_th), " ".join(lines_en)
