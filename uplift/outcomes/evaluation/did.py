"""Two-way fixed-effects regression with unit-clustered standard errors.

Balanced panels take a numpy path: with weights constant within a unit, one pass of
unit- and (weighted) period-demeaning is the exact within transformation. PanelOLS needs
about 40 s and 10 GB for one DiD at 100,000 × 36; this path needs well under a second.
Panels with gaps go through linearmodels' PanelOLS. Both use one small-sample
convention, PanelOLS's `debiased=True, group_debias=True`, which equals OLS with unit and
period dummies and unit-clustered errors: covariance × G/(G−1) · (n−1)/(n−K), with K
counting the constant, the N−1 unit and T−1 period effects and the regressors. Tests hold
the paths equal. (Not counting the unit effects, which are nested in the clusters, as
Stata's xtreg does, gives about 0.0061 instead of 0.0067 on the organ-donation data.)
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from .panel import NEVER, Panel


@dataclass(frozen=True)
class TwfeFit:
    coef: np.ndarray
    cov: np.ndarray
    n_obs: int
    n_clusters: int

    @property
    def se(self) -> np.ndarray:
        return np.sqrt(np.diag(self.cov))


def _unit_weights(n: int, weights: np.ndarray | None) -> np.ndarray:
    w = np.ones(n) if weights is None else np.asarray(weights, dtype=np.float64)
    if w.shape != (n,) or (w < 0).any():
        raise ValueError("weights must be one non-negative number per unit")
    return w


def _solve(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    if np.linalg.matrix_rank(a) < a.shape[0]:
        raise ValueError("regressors are collinear with the fixed effects (is there a comparison group?)")
    return np.linalg.solve(a, b)


def _within(z: np.ndarray, w: np.ndarray) -> np.ndarray:
    """Two-way demean (units on axis 0, periods on axis 1) in place; weights per unit."""
    z -= z.mean(axis=1, keepdims=True)
    z -= np.tensordot(w, z, axes=(0, 0))[None, ...] / w.sum()
    return z


def twfe_balanced(y: np.ndarray, x: np.ndarray, weights: np.ndarray | None = None) -> TwfeFit:
    """y: (N, T); x: (N, T, K); weights: (N,). Units with zero weight are left out."""
    w = _unit_weights(y.shape[0], weights)
    keep = w > 0
    if not keep.all():
        y, x, w = y[keep], x[keep], w[keep]
    n_units, n_periods, k = x.shape
    root = np.sqrt(w)
    yt = _within(np.array(y, dtype=np.float64), w) * root[:, None]
    xt = _within(np.array(x, dtype=np.float64), w)
    xt *= root[:, None, None]
    flat = xt.reshape(-1, k)
    xtx = flat.T @ flat
    coef = _solve(xtx, flat.T @ yt.ravel())
    resid = yt - xt @ coef
    scores = np.einsum("ntk,nt->nk", xt, resid)
    return _clustered(xtx, scores, coef, n_units, n_periods)


def twfe_grouped(
    y: np.ndarray, x_groups: np.ndarray, group: np.ndarray, weights: np.ndarray | None = None
) -> TwfeFit:
    """TWFE when the regressors depend on the unit only through a group: x[i, t] = x_groups[group[i], t].

    Treatment dummies and event-time dummies depend only on the unit's cohort, so the
    demeaned regressors need (cohorts × T × K) numbers instead of (N × T × K): the same
    estimates and covariance as `twfe_balanced`, at a fraction of its time and memory.
    """
    w = _unit_weights(y.shape[0], weights)
    keep = w > 0
    if not keep.all():
        y, group, w = y[keep], group[keep], w[keep]
    n_units, n_periods = y.shape
    n_groups, _, k = x_groups.shape
    yt = _within(np.array(y, dtype=np.float64), w)
    w_group = np.bincount(group, weights=w, minlength=n_groups)
    xd = x_groups - x_groups.mean(axis=1, keepdims=True)
    c = xd - np.tensordot(w_group, xd, axes=(0, 0))[None, ...] / w.sum()
    order = np.argsort(group, kind="stable")
    bounds = np.searchsorted(group[order], np.arange(n_groups + 1))
    members = [order[bounds[g] : bounds[g + 1]] for g in range(n_groups)]
    y_group = np.stack([w[idx] @ yt[idx] for idx in members])
    xtx = np.einsum("g,gtk,gtl->kl", w_group, c, c)
    coef = _solve(xtx, np.einsum("gt,gtk->k", y_group, c))
    resid = yt - (c @ coef)[group]
    scores = np.empty((n_units, k))
    for g, idx in enumerate(members):
        scores[idx] = w[idx, None] * (resid[idx] @ c[g])
    return _clustered(xtx, scores, coef, n_units, n_periods)


def _clustered(xtx: np.ndarray, scores: np.ndarray, coef: np.ndarray, n_units: int, n_periods: int) -> TwfeFit:
    n, k = n_units * n_periods, coef.size
    dof = n - (n_units + n_periods - 1) - k
    if dof <= 0 or n_units < 2:
        raise ValueError("too few observations for the fixed effects")
    scale = n_units / (n_units - 1) * (n - 1) / dof
    bread = np.linalg.inv(xtx)
    cov = bread @ (scores.T @ scores) @ bread * scale
    return TwfeFit(coef=coef, cov=(cov + cov.T) / 2, n_obs=n, n_clusters=n_units)


def twfe_panelols(y: np.ndarray, x: np.ndarray, weights: np.ndarray | None = None) -> TwfeFit:
    """The same model through linearmodels' PanelOLS; NaN in y marks a missing observation."""
    import pandas as pd
    from linearmodels import PanelOLS

    w = _unit_weights(y.shape[0], weights)
    ui, ti = np.nonzero(~np.isnan(y) & (w[:, None] > 0))
    index = pd.MultiIndex.from_arrays([ui, ti], names=["unit", "time"])
    k = x.shape[2]
    exog = pd.DataFrame(x[ui, ti, :], index=index, columns=[f"x{j}" for j in range(k)])
    model = PanelOLS(
        pd.Series(y[ui, ti], index=index), exog, entity_effects=True, time_effects=True,
        weights=pd.Series(w[ui], index=index),
    )
    res = model.fit(cov_type="clustered", cluster_entity=True, debiased=True, group_debias=True)
    return TwfeFit(
        coef=res.params.to_numpy(), cov=res.cov.to_numpy(), n_obs=int(res.nobs), n_clusters=int(np.unique(ui).size)
    )


def twfe(y: np.ndarray, x: np.ndarray, weights: np.ndarray | None = None) -> TwfeFit:
    w = _unit_weights(y.shape[0], weights)
    if np.isnan(y[w > 0]).any():
        return twfe_panelols(y, x, w)
    return twfe_balanced(y, x, w)


def cohort_groups(panel: Panel) -> tuple[np.ndarray, np.ndarray]:
    """(distinct cohorts, each unit's index into them)."""
    return np.unique(panel.cohort, return_inverse=True)


def did(panel: Panel, weights: np.ndarray | None = None) -> TwfeFit:
    """Y_it = α_i + λ_t + β·D_it + ε_it; β is the DiD estimate (the ATT under parallel trends)."""
    cohorts, group = cohort_groups(panel)
    t = np.arange(panel.n_periods)
    x = ((cohorts[:, None] != NEVER) & (t[None, :] >= cohorts[:, None])).astype(np.float64)[..., None]
    if panel.balanced:
        return twfe_grouped(panel.y, x, group, weights)
    return twfe_panelols(panel.y, x[group], weights)


def twfe_bootstrap_statistic(
    y: np.ndarray, x: np.ndarray, weights: np.ndarray | None = None
) -> Callable[[np.ndarray], np.ndarray]:
    """β as a function of a (draws × units) matrix of unit resampling counts (balanced panels).

    Unit-demeaning does not depend on the unit weights, so each draw needs only weighted
    period means and per-unit cross products: a few matrix products instead of a refit.
    """
    w = _unit_weights(y.shape[0], weights)
    yd = y - y.mean(axis=1, keepdims=True)
    xd = x - x.mean(axis=1, keepdims=True)
    n, t, k = xd.shape
    a_unit = np.einsum("ntk,ntl->nkl", xd, xd, optimize=True).reshape(n, k * k)
    c_unit = np.einsum("ntk,nt->nk", xd, yd, optimize=True)
    xd_flat = xd.reshape(n, t * k)

    def statistic(counts: np.ndarray) -> np.ndarray:
        wb = counts * w[None, :]
        total = wb.sum(axis=1)
        with np.errstate(invalid="ignore", divide="ignore"):
            mx = (wb @ xd_flat).reshape(-1, t, k) / total[:, None, None]
            my = (wb @ yd) / total[:, None]
        a = (wb @ a_unit).reshape(-1, k, k) - total[:, None, None] * np.einsum("btk,btl->bkl", mx, mx)
        c = wb @ c_unit - total[:, None] * np.einsum("btk,bt->bk", mx, my)
        out = np.full((wb.shape[0], k), np.nan)
        ok = np.abs(np.linalg.det(a)) > 1e-12 * np.abs(a).max(axis=(1, 2)) ** k
        if ok.any():
            out[ok] = np.linalg.solve(a[ok], c[ok][..., None])[..., 0]
        return out

    return statistic
