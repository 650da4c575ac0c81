"""Impact score: how hard the tourism slump hit each entrepreneur, with its parts.

Four parts, each in [0, 1], over N entrepreneurs at once:

- **sales drop** — ``1 − mean(during) / mean(before)`` over the *paired* months, clipped to
  [0, 1]. Column ``j`` of ``sales_before`` and ``sales_during`` is the same calendar month
  (e.g. Apr–Dec 2019 against Apr–Dec 2020), so seasonality cancels. A month counts only when
  both years have a figure (NaN = not reported); fewer than ``min_paired_months`` paired
  months leaves the drop *unknown*: the part is 0 and ``sales_drop_known`` is False, so a
  missing report never ranks an entrepreneur above one who proved a drop. A zero baseline
  (paired months known, no sales before) gives no measurable drop: part 0 and
  ``zero_baseline`` True.
- **tourist share** — pre-slump share of sales bought by tourists, foreign buyers weighted:
  ``(thai + w_f · foreign) / max(1, w_f)``, where thai and foreign are the sales-weighted
  means of the monthly shares over the baseline months. Dividing by ``max(1, w_f)`` keeps
  the part in [0, 1] (all-foreign sales score 1 when ``w_f ≥ 1``). No baseline sales: part
  0, ``tourist_share_known`` False.
- **exposure** — the province's tourism exposure, given in [0, 1]; anything else is refused.
- **vulnerability** — smaller is more vulnerable: the mean of the available sub-scores
  ``1 − log1p(x) / log1p(x_ref)`` (clipped to [0, 1]) for headcount (members + employees,
  0 = not given) and pre-slump yearly sales (12 × mean baseline month). Fixed references,
  not cohort ranks, so one entrepreneur's score never moves when another's record changes.
  Neither measure known: the neutral 0.5 and ``size_known`` False.

The total is the weight-normalised sum ``Σ w_p · part_p / Σ w_p``, also in [0, 1]. The
computation is pure numpy, elementwise per entrepreneur, hence deterministic and independent
of the order or the other rows of the cohort.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

PARTS = ("sales_drop", "tourist_share", "exposure", "vulnerability")


def _frozen_array(values, *, ndim: int, name: str, dtype=float) -> np.ndarray:
    array = np.array(values, dtype=dtype, copy=True)
    if array.ndim != ndim:
        raise ValueError(f"{name} must have {ndim} dimension(s), got shape {array.shape}")
    array.setflags(write=False)
    return array


@dataclass(frozen=True)
class ImpactWeights:
    """Per-round weights of the four parts, and the constants that shape them."""

    sales_drop: float = 0.40
    tourist_share: float = 0.25
    exposure: float = 0.20
    vulnerability: float = 0.15
    foreign_weight: float = 2.0
    min_paired_months: int = 3
    headcount_ref: float = 100.0
    yearly_sales_ref: float = 10_000_000.0

    def __post_init__(self) -> None:
        weights = self.as_dict()
        if any(not np.isfinite(w) or w < 0 for w in weights.values()):
            raise ValueError(f"part weights must be finite and non-negative: {weights}")
        if sum(weights.values()) <= 0:
            raise ValueError("at least one part weight must be positive")
        if not np.isfinite(self.foreign_weight) or self.foreign_weight < 0:
            raise ValueError("foreign_weight must be finite and non-negative")
        if self.min_paired_months < 1:
            raise ValueError("min_paired_months must be at least 1")
        if not (self.headcount_ref > 0 and self.yearly_sales_ref > 0):
            raise ValueError("size references must be positive")

    def as_dict(self) -> dict[str, float]:
        return {p: float(getattr(self, p)) for p in PARTS}


@dataclass(frozen=True)
class ImpactInputs:
    """Registry figures for N entrepreneurs; M paired calendar months.

    ``sales_before[i, j]`` and ``sales_during[i, j]`` are the same calendar month before and
    during the slump (baht, NaN = not reported). ``thai_share_before`` and
    ``foreign_share_before`` are the monthly tourist shares of the baseline months (NaN =
    not reported, read as 0). ``members``/``employees`` of 0 or NaN mean not given.
    """

    sales_before: np.ndarray
    sales_during: np.ndarray
    thai_share_before: np.ndarray
    foreign_share_before: np.ndarray
    province_exposure: np.ndarray
    members: np.ndarray
    employees: np.ndarray

    def __post_init__(self) -> None:
        for name in ("sales_before", "sales_during", "thai_share_before", "foreign_share_before"):
            object.__setattr__(self, name, _frozen_array(getattr(self, name), ndim=2, name=name))
        for name in ("province_exposure", "members", "employees"):
            object.__setattr__(self, name, _frozen_array(getattr(self, name), ndim=1, name=name))
        n, months = self.sales_before.shape
        for name in ("sales_during", "thai_share_before", "foreign_share_before"):
            if getattr(self, name).shape != (n, months):
                raise ValueError(f"{name} must have shape {(n, months)}")
        for name in ("province_exposure", "members", "employees"):
            if getattr(self, name).shape != (n,):
                raise ValueError(f"{name} must have shape {(n,)}")
        for name in ("sales_before", "sales_during", "members", "employees"):
            values = getattr(self, name)
            if np.any(values[~np.isnan(values)] < 0) or np.any(np.isinf(values)):
                raise ValueError(f"{name} must be finite and non-negative (NaN = missing)")
        thai, foreign = self.thai_share_before, self.foreign_share_before
        for name, share in (("thai_share_before", thai), ("foreign_share_before", foreign)):
            known = share[~np.isnan(share)]
            if np.any((known < 0) | (known > 1)):
                raise ValueError(f"{name} must lie in [0, 1]")
        if np.any(np.nan_to_num(thai) + np.nan_to_num(foreign) > 1 + 1e-9):
            raise ValueError("Thai and foreign tourist shares add up to more than 1")
        exposure = self.province_exposure
        if not np.all(np.isfinite(exposure) & (exposure >= 0) & (exposure <= 1)):
            raise ValueError("province_exposure must be given and lie in [0, 1]")

    @property
    def n(self) -> int:
        return self.sales_before.shape[0]


@dataclass(frozen=True)
class ImpactScores:
    """Each part (N,), the weighted total (N,), the weights used and what was missing."""

    sales_drop: np.ndarray
    tourist_share: np.ndarray
    exposure: np.ndarray
    vulnerability: np.ndarray
    total: np.ndarray
    weights: ImpactWeights
    sales_drop_known: np.ndarray
    zero_baseline: np.ndarray
    tourist_share_known: np.ndarray
    size_known: np.ndarray
    paired_months: np.ndarray = field(repr=False)

    def part(self, name: str) -> np.ndarray:
        if name not in PARTS:
            raise KeyError(name)
        return getattr(self, name)

    def contributions(self) -> dict[str, np.ndarray]:
        """Each part's weighted share of the total; they add up to ``total``."""
        weights = self.weights.as_dict()
        scale = sum(weights.values())
        return {p: weights[p] * self.part(p) / scale for p in PARTS}

    def explain(self, i: int) -> dict[str, object]:
        """One entrepreneur's score with its parts, weighted contributions and flags."""
        contributions = self.contributions()
        return {
            "total": float(self.total[i]),
            "parts": {p: float(self.part(p)[i]) for p in PARTS},
            "contributions": {p: float(contributions[p][i]) for p in PARTS},
            "weights": self.weights.as_dict(),
            "sales_drop_known": bool(self.sales_drop_known[i]),
            "zero_baseline": bool(self.zero_baseline[i]),
            "tourist_share_known": bool(self.tourist_share_known[i]),
            "size_known": bool(self.size_known[i]),
            "paired_months": int(self.paired_months[i]),
        }


def _log_smallness(values: np.ndarray, reference: float) -> np.ndarray:
    with np.errstate(invalid="ignore"):
        return np.clip(1.0 - np.log1p(values) / np.log1p(reference), 0.0, 1.0)


def _sales_drop(inputs: ImpactInputs, weights: ImpactWeights):
    before, during = inputs.sales_before, inputs.sales_during
    paired = ~np.isnan(before) & ~np.isnan(during)
    count = paired.sum(axis=1)
    sum_before = np.where(paired, before, 0.0).sum(axis=1)
    sum_during = np.where(paired, during, 0.0).sum(axis=1)
    known = count >= weights.min_paired_months
    zero_baseline = known & (sum_before <= 0)
    measurable = known & ~zero_baseline
    ratio = np.divide(sum_during, sum_before, out=np.ones_like(sum_before), where=measurable)
    drop = np.where(measurable, np.clip(1.0 - ratio, 0.0, 1.0), 0.0)
    return drop, known, zero_baseline, count


def _tourist_share(inputs: ImpactInputs, weights: ImpactWeights):
    sales = np.nan_to_num(inputs.sales_before, nan=0.0)
    total = sales.sum(axis=1)
    known = total > 0
    thai = np.nan_to_num(inputs.thai_share_before, nan=0.0)
    foreign = np.nan_to_num(inputs.foreign_share_before, nan=0.0)
    safe_total = np.where(known, total, 1.0)
    thai_mean = (sales * thai).sum(axis=1) / safe_total
    foreign_mean = (sales * foreign).sum(axis=1) / safe_total
    w_f = weights.foreign_weight
    share = (thai_mean + w_f * foreign_mean) / max(1.0, w_f)
    return np.where(known, np.clip(share, 0.0, 1.0), 0.0), known


def _vulnerability(inputs: ImpactInputs, weights: ImpactWeights):
    headcount = np.nan_to_num(inputs.members, nan=0.0) + np.nan_to_num(inputs.employees, nan=0.0)
    headcount_known = headcount > 0
    before = inputs.sales_before
    reported = ~np.isnan(before)
    months = reported.sum(axis=1)
    yearly = 12.0 * np.where(reported, before, 0.0).sum(axis=1) / np.maximum(months, 1)
    sales_known = months > 0
    parts = np.stack([
        np.where(headcount_known, _log_smallness(headcount, weights.headcount_ref), 0.0),
        np.where(sales_known, _log_smallness(yearly, weights.yearly_sales_ref), 0.0),
    ])
    known = np.stack([headcount_known, sales_known])
    count = known.sum(axis=0)
    value = np.where(count > 0, parts.sum(axis=0) / np.maximum(count, 1), 0.5)
    return value, count > 0


def impact_scores(inputs: ImpactInputs, weights: ImpactWeights | None = None) -> ImpactScores:
    """Score N entrepreneurs; see the module docstring for each part and its missing-data rule."""
    weights = weights or ImpactWeights()
    drop, drop_known, zero_baseline, paired_months = _sales_drop(inputs, weights)
    tourist, tourist_known = _tourist_share(inputs, weights)
    exposure = np.array(inputs.province_exposure, dtype=float)
    vulnerability, size_known = _vulnerability(inputs, weights)
    w = weights.as_dict()
    total = (
        w["sales_drop"] * drop + w["tourist_share"] * tourist
        + w["exposure"] * exposure + w["vulnerability"] * vulnerability
    ) / sum(w.values())
    arrays = dict(
        sales_drop=drop, tourist_share=tourist, exposure=exposure, vulnerability=vulnerability,
        total=total, sales_drop_known=drop_known, zero_baseline=zero_baseline,
        tourist_share_known=tourist_known, size_known=size_known, paired_months=paired_months,
    )
    for array in arrays.values():
        array.setflags(write=False)
    return ImpactScores(weights=weights, **arrays)
