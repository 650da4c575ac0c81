"""Synthetic panels with known effects, for tests and the benchmark."""

from __future__ import annotations

import numpy as np
import polars as pl


def simulate_panel(
    *,
    n_units: int = 400,
    n_periods: int = 24,
    start: int = 12,
    effect: float = 5.0,
    treated_share: float = 0.5,
    selection: float = 0.0,
    x_trend: float = 0.0,
    pretrend: float = 0.0,
    noise: float = 1.0,
    seed: int = 0,
) -> pl.DataFrame:
    """Long frame: unit, month, y, group, post, d, x1, x2 (one treatment start at `start`).

    `selection` tilts the treatment odds towards high x1; `x_trend` lets the outcome's trend
    depend on x1, so that selection on x1 breaks parallel trends unless x1 is matched on;
    `pretrend` adds a treated-only slope before the start that meets zero at the start.
    """
    rng = np.random.default_rng(seed)
    x1 = rng.normal(size=n_units)
    x2 = rng.normal(size=n_units)
    odds = np.log(treated_share / (1 - treated_share)) + selection * x1
    group = rng.random(n_units) < 1 / (1 + np.exp(-odds))
    t = np.arange(n_periods)
    level = rng.normal(scale=2.0, size=n_units) + x1 + 0.5 * x2
    season = 0.1 * t + 0.5 * np.sin(2 * np.pi * t / 12)
    y = (
        level[:, None]
        + season[None, :]
        + x_trend * x1[:, None] * t[None, :]
        + effect * (group[:, None] & (t[None, :] >= start))
        + pretrend * group[:, None] * np.minimum(t - start, 0)[None, :]
        + rng.normal(scale=noise, size=(n_units, n_periods))
    )
    return pl.DataFrame(
        {
            "unit": np.repeat(np.arange(n_units), n_periods),
            "month": np.tile(t, n_units),
            "y": y.ravel(),
            "group": np.repeat(group, n_periods),
            "post": np.tile(t >= start, n_units),
            "d": (group[:, None] & (t[None, :] >= start)).ravel(),
            "x1": np.repeat(x1, n_periods),
            "x2": np.repeat(x2, n_periods),
        }
    )


def simulate_staggered(
    *,
    n_units: int = 600,
    n_periods: int = 24,
    cohorts: tuple[int, ...] = (6, 12, 18),
    base_effects: tuple[float, ...] = (1.0, 3.0, 5.0),
    growth: float = 0.5,
    never_share: float = 0.25,
    noise: float = 1.0,
    seed: int = 0,
) -> tuple[pl.DataFrame, float]:
    """Staggered starts with effects that differ by cohort and grow with time since start.

    Returns the frame (unit, month, y, d) and the true overall ATT under the same
    aggregation as Callaway–Sant'Anna's: each cohort's mean post-start effect, averaged
    with cohort sizes as weights.
    """
    rng = np.random.default_rng(seed)
    share = (1 - never_share) / len(cohorts)
    pick = rng.choice(len(cohorts) + 1, size=n_units, p=[never_share] + [share] * len(cohorts))
    start = np.array([n_periods * 10] + list(cohorts))[pick]
    base = np.array([0.0] + list(base_effects))[pick]
    t = np.arange(n_periods)
    since = t[None, :] - start[:, None]
    tau = np.where(since >= 0, base[:, None] + growth * since, 0.0)
    y = (
        rng.normal(scale=2.0, size=n_units)[:, None]
        + (0.1 * t)[None, :]
        + tau
        + rng.normal(scale=noise, size=(n_units, n_periods))
    )
    treated = pick > 0
    per_cohort = [tau[pick == k][:, t >= cohorts[k - 1]].mean() for k in range(1, len(cohorts) + 1)]
    sizes = [(pick == k).sum() for k in range(1, len(cohorts) + 1)]
    truth = float(np.average(per_cohort, weights=sizes))
    frame = pl.DataFrame(
        {
            "unit": np.repeat(np.arange(n_units), n_periods),
            "month": np.tile(t, n_units),
            "y": y.ravel(),
            "d": (treated[:, None] & (since >= 0)).ravel(),
        }
    )
    return frame, truth
