"""Event study: leads and lags of treatment, and a joint test that the leads are zero.

Non-zero leads mean treated and comparison units were already drifting apart before
treatment, and the parallel-trends assumption behind DiD is in doubt.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import stats

from .did import cohort_groups, twfe_grouped, twfe_panelols
from .panel import NEVER, Panel

REFERENCE = -1


@dataclass(frozen=True)
class EventCoefficient:
    event_time: int
    coef: float
    se: float
    ci_low: float
    ci_high: float


@dataclass(frozen=True)
class PretrendTest:
    """Wald test of all leads = 0; `flagged` when it rejects at `alpha`."""

    statistic: float
    df: int
    p_value: float
    flagged: bool
    alpha: float


@dataclass(frozen=True)
class EventStudy:
    """`cov` is the coefficients' covariance in the order of `coefficients` (the reference
    period's row and column are zero); empty when not computed."""

    coefficients: tuple[EventCoefficient, ...]
    pretrend: PretrendTest | None
    reference: int
    estimator: str
    cov: tuple[tuple[float, ...], ...] = ()

    def covariance(self) -> np.ndarray:
        return np.array(self.cov, dtype=np.float64).reshape(len(self.coefficients), -1)


def with_reference(cov: np.ndarray, order: np.ndarray) -> tuple[tuple[float, ...], ...]:
    """The covariance of estimated coefficients with a zero row and column appended for the
    reference period, reordered like the coefficients, as plain floats."""
    k = cov.shape[0]
    full = np.zeros((k + 1, k + 1))
    full[:k, :k] = cov
    full = full[np.ix_(order, order)]
    return tuple(tuple(float(v) for v in row) for row in full)


def pretrend_test(
    coef: np.ndarray, cov: np.ndarray, *, alpha: float = 0.05, draws: int | None = None
) -> PretrendTest | None:
    """Wald test of coef = 0 (coef are the leads); None without leads.

    With an analytic covariance the statistic is χ²(k). With a covariance estimated from
    `draws` bootstrap draws it is Hotelling's T², referred to F(k, draws − k) after scaling,
    since a noisy covariance inflates the statistic (by about 1.5 for 17 leads and 50 draws).
    """
    k = coef.size
    if k == 0:
        return None
    stat = float(coef @ np.linalg.pinv(cov) @ coef)
    if draws is None:
        p = float(stats.chi2.sf(stat, k))
    elif draws > k:
        p = float(stats.f.sf(stat * (draws - k) / (k * (draws - 1)), k, draws - k))
    else:
        p = float("nan")
    return PretrendTest(statistic=stat, df=int(k), p_value=p, flagged=bool(p < alpha), alpha=alpha)


def coefficients(
    event_times: np.ndarray, coef: np.ndarray, se: np.ndarray, level: float = 0.95
) -> tuple[EventCoefficient, ...]:
    z = stats.norm.ppf(0.5 + level / 2)
    return tuple(
        EventCoefficient(int(e), float(b), float(s), float(b - z * s), float(b + z * s))
        for e, b, s in zip(event_times, coef, se, strict=True)
    )


def event_study_twfe(
    panel: Panel,
    weights: np.ndarray | None = None,
    *,
    leads: int = 12,
    lags: int = 12,
    alpha: float = 0.05,
) -> EventStudy:
    """TWFE with one dummy per binned event time (e = −1 left out as the reference).

    With staggered cohorts and effects that differ between them these coefficients mix in
    already-treated comparisons; the Callaway–Sant'Anna event study is the one to read then.
    """
    w = np.ones(panel.n_units) if weights is None else np.asarray(weights, dtype=np.float64)
    keep = w > 0
    sub = panel.subset(np.flatnonzero(keep)) if not keep.all() else panel
    w = w[keep]
    cohorts, group = cohort_groups(sub)
    t = np.arange(sub.n_periods)
    e = np.clip(t[None, :] - cohorts[:, None], -leads, lags)
    e = np.where((cohorts != NEVER)[:, None], e, np.iinfo(np.int64).min)
    present = np.unique(e[cohorts != NEVER])
    times = present[present != REFERENCE]
    x = (e[:, :, None] == times[None, None, :]).astype(np.float64)
    if sub.balanced:
        fit = twfe_grouped(sub.y, x, group, w)
    else:
        fit = twfe_panelols(sub.y, x[group], w)
    lead = times < REFERENCE
    test = pretrend_test(fit.coef[lead], fit.cov[np.ix_(lead, lead)], alpha=alpha)
    all_times = np.append(times, REFERENCE)
    order = np.argsort(all_times)
    coef = np.append(fit.coef, 0.0)[order]
    se = np.append(fit.se, 0.0)[order]
    return EventStudy(
        coefficients=coefficients(all_times[order], coef, se),
        pretrend=test,
        reference=REFERENCE,
        estimator="two-way fixed effects, unit-clustered",
        cov=with_reference(fit.cov, order),
    )
