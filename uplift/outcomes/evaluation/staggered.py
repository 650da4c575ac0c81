"""Callaway & Sant'Anna (2021) group-time ATTs for staggered starts, without covariates.

ATT(g, t) compares the change from period g−1 (the last period before cohort g starts) to
period t for cohort g with the same change for a comparison group that is untreated at
both periods: never-treated units, or also the not-yet-treated ones. Only such clean
comparisons enter, unlike two-way FE, which also compares newly treated units with
already-treated ones and can be biased (even change sign) when effects grow over time or
differ between cohorts. The overall ATT averages each cohort's post-treatment ATT(g, t)
and weights cohorts by size (the "group" aggregation of the did package). Standard errors
come from a unit bootstrap of the whole computation.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .bootstrap import BootstrapResult, cluster_bootstrap
from .event_study import REFERENCE, EventStudy, coefficients, pretrend_test, with_reference
from .panel import NEVER, Panel


@dataclass(frozen=True)
class GroupTimeATT:
    cohort: int
    period: int
    att: float
    se: float
    n_cohort: int
    n_comparison: int


@dataclass(frozen=True)
class CallawaySantAnna:
    att: float
    se: float
    group_time: tuple[GroupTimeATT, ...]
    event_study: EventStudy
    control: str
    bootstrap: BootstrapResult
    dropped_first_period_cohort: int


@dataclass(frozen=True)
class _Design:
    cohorts: np.ndarray
    members: tuple[np.ndarray, ...]
    never: np.ndarray
    cells: tuple[tuple[int, int, tuple[int, ...], bool], ...]
    event_times: np.ndarray


def _design(panel: Panel, control: str) -> _Design:
    n_t = panel.n_periods
    cohorts = np.array([g for g in panel.cohorts if g >= 1], dtype=int)
    members = tuple(np.flatnonzero(panel.cohort == g) for g in cohorts)
    never = np.flatnonzero(panel.cohort == NEVER)
    cells = []
    for gi, g in enumerate(cohorts):
        base = g - 1
        for t in range(n_t):
            if t == base:
                continue
            if control == "never":
                ctrl = ()
            else:
                ctrl = tuple(j for j, c in enumerate(cohorts) if c > max(t, base) and c != g)
            if control == "never" and never.size == 0:
                continue
            if control != "never" and never.size == 0 and not ctrl:
                continue
            cells.append((gi, t, ctrl, never.size > 0))
    event_times = np.unique([t - cohorts[gi] for gi, t, _, _ in cells])
    return _Design(cohorts, members, never, tuple(cells), event_times)


def _estimate(design: _Design, y: np.ndarray, w: np.ndarray) -> np.ndarray:
    """For (b × N) unit weights: columns = [overall, event-time θ(e)..., ATT(g, t)...]."""
    b = w.shape[0]
    sums = [w[:, idx] @ y[idx] for idx in design.members]
    sizes = [w[:, idx].sum(axis=1) for idx in design.members]
    never_sum = w[:, design.never] @ y[design.never] if design.never.size else np.zeros((b, y.shape[1]))
    never_size = w[:, design.never].sum(axis=1) if design.never.size else np.zeros(b)

    atts = np.empty((b, len(design.cells)))
    with np.errstate(invalid="ignore", divide="ignore"):
        for k, (gi, t, ctrl, use_never) in enumerate(design.cells):
            base = design.cohorts[gi] - 1
            treated_change = (sums[gi][:, t] - sums[gi][:, base]) / sizes[gi]
            c_sum = never_sum[:, t] - never_sum[:, base] if use_never else np.zeros(b)
            c_size = never_size.copy() if use_never else np.zeros(b)
            for j in ctrl:
                c_sum = c_sum + sums[j][:, t] - sums[j][:, base]
                c_size = c_size + sizes[j]
            atts[:, k] = treated_change - c_sum / c_size

        cell_g = np.array([design.cohorts[gi] for gi, _, _, _ in design.cells])
        cell_t = np.array([t for _, t, _, _ in design.cells])
        cell_size = np.column_stack([sizes[gi] for gi, _, _, _ in design.cells])
        post = cell_t >= cell_g
        with_post = [gi for gi, g in enumerate(design.cohorts) if (post & (cell_g == g)).any()]
        per_cohort = np.column_stack(
            [atts[:, post & (cell_g == design.cohorts[gi])].mean(axis=1) for gi in with_post]
        )
        cohort_size = np.column_stack([sizes[gi] for gi in with_post])
        overall = (per_cohort * cohort_size).sum(axis=1) / cohort_size.sum(axis=1)
        dynamic = np.column_stack(
            [
                (atts[:, sel] * cell_size[:, sel]).sum(axis=1) / cell_size[:, sel].sum(axis=1)
                for sel in (cell_t - cell_g == e for e in design.event_times)
            ]
        )
    return np.column_stack([overall, dynamic, atts])


def callaway_santanna(
    panel: Panel,
    weights: np.ndarray | None = None,
    *,
    control: str = "notyet",
    draws: int = 200,
    seed: int = 0,
    alpha: float = 0.05,
) -> CallawaySantAnna:
    """control: "never" (never-treated only) or "notyet" (never- and not-yet-treated)."""
    if control not in ("never", "notyet"):
        raise ValueError('control must be "never" or "notyet"')
    if not panel.balanced:
        raise ValueError("Callaway–Sant'Anna here needs a balanced panel")
    design = _design(panel, control)
    if not design.cells:
        raise ValueError("no cohort has a clean comparison group")
    w = np.ones(panel.n_units) if weights is None else np.asarray(weights, dtype=np.float64)
    point = _estimate(design, panel.y, w[None, :])[0]
    boot = cluster_bootstrap(
        lambda counts: _estimate(design, panel.y, counts * w[None, :]), panel.n_units, draws=draws, seed=seed
    )
    se = boot.se
    n_e = design.event_times.size
    dyn, dyn_se = point[1 : 1 + n_e], se[1 : 1 + n_e]
    lead = design.event_times < REFERENCE
    lead_idx = 1 + np.flatnonzero(lead)
    test = pretrend_test(
        dyn[lead], boot.cov[np.ix_(lead_idx, lead_idx)], alpha=alpha, draws=boot.draws.shape[0]
    )
    times = np.append(design.event_times, REFERENCE)
    order = np.argsort(times)
    es = EventStudy(
        coefficients=coefficients(times[order], np.append(dyn, 0.0)[order], np.append(dyn_se, 0.0)[order]),
        pretrend=test,
        reference=REFERENCE,
        estimator=f"Callaway–Sant'Anna ({control}-treated comparison), bootstrap",
        cov=with_reference(boot.cov[np.ix_(np.arange(1, 1 + n_e), np.arange(1, 1 + n_e))], order),
    )
    n_never = design.never.size
    group_time = []
    for k, (gi, t, ctrl, use_never) in enumerate(design.cells):
        n_ctrl = (n_never if use_never else 0) + sum(design.members[j].size for j in ctrl)
        group_time.append(
            GroupTimeATT(
                cohort=int(design.cohorts[gi]),
                period=int(t),
                att=float(point[1 + n_e + k]),
                se=float(se[1 + n_e + k]),
                n_cohort=int(design.members[gi].size),
                n_comparison=int(n_ctrl),
            )
        )
    return CallawaySantAnna(
        att=float(point[0]),
        se=float(se[0]),
        group_time=tuple(group_time),
        event_study=es,
        control=control,
        bootstrap=boot,
        dropped_first_period_cohort=int((panel.cohort == 0).sum()),
    )
