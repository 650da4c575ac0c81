"""Propensity-score matching: logit score, common support, nearest neighbours within a caliper.

Matching is with replacement on the logit of the score (a control may serve several
treated units and is weighted by how often it does), which keeps it one sorted search even
at 100,000 units. The caliper is a multiple of the standard deviation of the logit score
(0.2 after Austin 2011). Treated units outside the range of the controls' scores are off
common support; those with no control inside the caliper are unmatched. Both are left out,
so the estimate is the ATT of the treated units that have comparable controls.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class BalanceRow:
    covariate: str
    mean_treated: float
    mean_control: float
    mean_control_matched: float
    smd_before: float
    smd_after: float
    variance_ratio_before: float
    variance_ratio_after: float


@dataclass(frozen=True)
class Match:
    weights: np.ndarray
    propensity: np.ndarray
    caliper: float
    n_treated: int
    n_control: int
    n_matched_treated: int
    n_matched_control: int
    n_off_support: int
    n_unmatched: int
    n_missing_covariates: int
    balance: tuple[BalanceRow, ...]
    set_treated: np.ndarray | None = None
    set_controls: np.ndarray | None = None

    def matched_sets(self) -> tuple[np.ndarray, np.ndarray]:
        """(treated unit per matched set, its controls as a (sets × ratio) array, −1 outside the caliper)."""
        if self.set_treated is None or self.set_controls is None:
            raise ValueError("this match carries no matched sets")
        return self.set_treated, self.set_controls


def propensity_score(x: np.ndarray, treated: np.ndarray) -> np.ndarray:
    """P(treated | x) from a logit (statsmodels) on standardised covariates with a constant."""
    import statsmodels.api as sm

    scale = x.std(axis=0)
    z = (x - x.mean(axis=0)) / np.where(scale > 0, scale, 1.0)
    design = sm.add_constant(z, has_constant="add")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        fit = sm.Logit(treated.astype(np.float64), design).fit(disp=0, maxiter=100)
    return np.clip(fit.predict(design), 1e-12, 1 - 1e-12)


def _weighted_moments(x: np.ndarray, w: np.ndarray) -> tuple[float, float]:
    if w.sum() <= 0:
        return float("nan"), float("nan")
    mean = float(np.average(x, weights=w))
    return mean, float(np.average((x - mean) ** 2, weights=w))


def balance_table(
    covariates: dict[str, np.ndarray], treated: np.ndarray, weights: np.ndarray, sample: np.ndarray
) -> tuple[BalanceRow, ...]:
    """Standardised mean differences before (all units in `sample`) and after (matched, weighted).

    Both SMDs divide by the same before-matching pooled SD, so that a change in the SMD is
    a change in the means, not in the yardstick.
    """
    rows = []
    t_all = sample & treated
    c_all = sample & ~treated
    t_m = treated & (weights > 0)
    c_m = ~treated & (weights > 0)
    for name, x in covariates.items():
        mt, vt = _weighted_moments(x[t_all], np.ones(t_all.sum()))
        mc, vc = _weighted_moments(x[c_all], np.ones(c_all.sum()))
        mtm, vtm = _weighted_moments(x[t_m], weights[t_m])
        mcm, vcm = _weighted_moments(x[c_m], weights[c_m])
        sd = np.sqrt((vt + vc) / 2)
        with np.errstate(invalid="ignore", divide="ignore"):
            rows.append(
                BalanceRow(
                    covariate=name,
                    mean_treated=mt,
                    mean_control=mc,
                    mean_control_matched=mcm,
                    smd_before=float((mt - mc) / sd) if sd > 0 else 0.0,
                    smd_after=float((mtm - mcm) / sd) if sd > 0 else 0.0,
                    variance_ratio_before=float(vt / vc) if vc > 0 else float("nan"),
                    variance_ratio_after=float(vtm / vcm) if vcm > 0 else float("nan"),
                )
            )
    return tuple(rows)


def nearest_neighbours(
    score_treated: np.ndarray, score_control: np.ndarray, ratio: int, caliper: float
) -> tuple[np.ndarray, np.ndarray]:
    """For each treated unit the `ratio` nearest controls: (indices, within-caliper mask)."""
    order = np.argsort(score_control, kind="stable")
    sorted_scores = score_control[order]
    n_c = sorted_scores.size
    pos = np.searchsorted(sorted_scores, score_treated)
    window = pos[:, None] + np.arange(-ratio, ratio)[None, :]
    valid = (window >= 0) & (window < n_c)
    window = np.clip(window, 0, n_c - 1)
    dist = np.where(valid, np.abs(sorted_scores[window] - score_treated[:, None]), np.inf)
    pick = np.argsort(dist, axis=1, kind="stable")[:, :ratio]
    chosen = np.take_along_axis(window, pick, axis=1)
    close = np.take_along_axis(dist, pick, axis=1) <= caliper
    return order[chosen], close


def match(
    covariates: dict[str, np.ndarray],
    treated: np.ndarray,
    *,
    caliper_sd: float = 0.2,
    ratio: int = 1,
) -> Match:
    """Weights per unit: 1 for a matched treated unit, Σ 1/m over the treated units a control
    is matched to (m = that treated unit's matches within the caliper), 0 otherwise."""
    if not covariates:
        raise ValueError("matching needs at least one covariate")
    names = list(covariates)
    x = np.column_stack([covariates[k] for k in names])
    complete = ~np.isnan(x).any(axis=1)
    n = treated.size
    t_idx = np.flatnonzero(complete & treated)
    c_idx = np.flatnonzero(complete & ~treated)
    if t_idx.size == 0 or c_idx.size == 0:
        raise ValueError("matching needs treated and control units with complete covariates")

    score = np.full(n, np.nan)
    score[complete] = propensity_score(x[complete], treated[complete])
    logit = np.log(score / (1 - score))
    caliper = caliper_sd * float(np.nanstd(logit[complete]))

    lo, hi = logit[c_idx].min(), logit[c_idx].max()
    on_support = (logit[t_idx] >= lo) & (logit[t_idx] <= hi)
    t_support = t_idx[on_support]
    chosen, close = nearest_neighbours(logit[t_support], logit[c_idx], ratio, caliper)
    matched_count = close.sum(axis=1)
    has_match = matched_count > 0

    weights = np.zeros(n)
    weights[t_support[has_match]] = 1.0
    share = np.where(close, 1.0 / np.maximum(matched_count, 1)[:, None], 0.0)
    np.add.at(weights, c_idx[chosen[has_match]].ravel(), share[has_match].ravel())

    covs = dict(covariates)
    covs["propensity score (logit)"] = logit
    return Match(
        weights=weights,
        propensity=score,
        caliper=caliper,
        n_treated=int(treated.sum()),
        n_control=int((~treated).sum()),
        n_matched_treated=int(has_match.sum()),
        n_matched_control=int(((weights > 0) & ~treated).sum()),
        n_off_support=int((~on_support).sum()),
        n_unmatched=int((~has_match).sum()),
        n_missing_covariates=int((~complete).sum()),
        balance=balance_table(covs, treated, weights, complete),
        set_treated=t_support[has_match],
        set_controls=np.where(close, c_idx[chosen], -1)[has_match],
    )
