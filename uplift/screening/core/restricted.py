"""Exact MILP on the options whose loss is small: reduced-cost fixing with a growing threshold.

With duals ``y`` and bound ``L = L(y)`` (``columns``), a selection using an option of loss
``ℓ`` has an objective of at most ``L − ℓ``. So the MILP restricted to the options of loss
≤ t (the *restricted model*) settles everything above the least excluded loss ``ℓ_t > t``:

    optimum ≤ max(bound of the restricted model, L − ℓ_t)     (ℓ_t = ∞ when nothing is excluded).

In the restricted model most entrepreneurs have a single option left — fixed in (their best
bundle) or out — and only the *free* ones, with two or more, are variables; the fixed ones
enter the rows' bounds and the objective's offset. The loop starts with ``t`` such that about
``FIRST_FREE`` entrepreneurs are free, solves, and stops when the incumbent is within
``mip_rel_gap`` of the bound; otherwise it raises ``t`` to ``L − incumbent`` (less the gap
allowed), at most ×``GROWTH`` free entrepreneurs per step. Once ``t ≥ L − incumbent`` the
restricted model holds every selection better than the incumbent, so its optimum is the
optimum. On the national instances (``benchmarks/assignment_national.py``) the LP optimum
leaves a gap of a few units of benefit in 8.5 million, and the first restricted model (a few
hundred free entrepreneurs of 62,000) already proves optimality in a fraction of a second.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import highspy
import numpy as np

from .columns import EMPTY, Columns
from .highs import STATUS, csc, csc_lp, make_highs, set_start
from .problem import ModelSize

FIRST_FREE = 500
GROWTH = 4


@dataclass(frozen=True)
class Restricted:
    """The best choice found (None: none), its value, the proven bound on the optimum,
    ``infeasible`` when no selection exists at all, the last threshold and model size."""

    choice: np.ndarray | None
    objective: float | None
    bound: float
    infeasible: bool
    rounds: int
    threshold: float
    size: ModelSize
    seconds: float
    improved: bool


def _losses(columns: Columns, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Loss of every option (``inf`` for none) and of staying out."""
    reduced = columns.reduced(y)
    top = np.maximum(reduced.max(axis=1), 0.0)
    return top[:, None] - reduced, top


@dataclass
class _Model:
    free: np.ndarray
    col_e: np.ndarray
    col_s: np.ndarray
    fixed: np.ndarray
    offset: float
    lp: highspy.HighsLp | None
    feasible_if_empty: bool

    def size(self, columns: Columns) -> ModelSize:
        pairs = int(columns.usage[self.col_s].sum())
        n = int(self.col_e.size)
        return ModelSize(entrepreneurs=int(self.free.size), pairs=pairs, columns=n,
                         rows=0 if self.lp is None else int(self.lp.num_row_),
                         nonzeros=0 if self.lp is None else int(len(self.lp.a_matrix_.value_)))


def _build(columns: Columns, allowed: np.ndarray, stay_out: np.ndarray) -> _Model:
    n_options = allowed.sum(axis=1) + stay_out
    fixed = np.full(columns.entrepreneurs.size, EMPTY, dtype=np.int64)
    only_in = (n_options == 1) & ~stay_out
    fixed[only_in] = allowed[only_in].argmax(axis=1)
    free = np.flatnonzero(n_options >= 2)
    col_e, col_s = np.nonzero(allowed[free])
    col_e = free[col_e]
    held = np.flatnonzero(fixed != EMPTY)
    used = columns.usage_of(held, fixed[held])
    lower, upper = columns.row_lower - used, columns.row_upper - used
    offset = float(columns.value[held, fixed[held]].sum())
    if not col_e.size:
        ok = bool(np.all(lower <= 1e-9) and np.all(upper >= -1e-9))
        return _Model(free, col_e, col_s, fixed, offset, None, ok)
    own = np.full(columns.entrepreneurs.size, -1, dtype=np.int64)
    own[free] = columns.n_rows + np.arange(free.size)
    cols, rows, vals = columns.entries(col_e, col_s)
    k = np.arange(col_e.size)
    starts, rows, vals = csc(np.concatenate([cols, k]), np.concatenate([rows, own[col_e]]),
                             np.concatenate([vals, np.ones(k.size)]), k.size)
    lp = csc_lp(
        cost=columns.value[col_e, col_s], col_upper=np.ones(k.size), starts=starts, index=rows, values=vals,
        row_lower=np.concatenate([lower, np.where(stay_out[free], -np.inf, 1.0)]),
        row_upper=np.concatenate([upper, np.ones(free.size)]), integral=True, offset=offset,
    )
    return _Model(free, col_e, col_s, fixed, offset, lp, False)


def _start(model: _Model, choice: np.ndarray | None) -> np.ndarray | None:
    if choice is None or model.lp is None:
        return None
    if np.any((model.fixed != EMPTY) & (choice != model.fixed)):
        return None
    values = (choice[model.col_e] == model.col_s).astype(float)
    taken = np.zeros(choice.size, dtype=bool)
    taken[model.col_e[values > 0]] = True
    missing = (choice != EMPTY) & ~taken & (model.fixed == EMPTY)
    return None if missing.any() else values


def restricted_solve(columns: Columns, y: np.ndarray, bound: float, incumbent: np.ndarray | None, *,
                     mip_rel_gap: float, deadline: float, threads: int | None = None) -> Restricted:
    """Improve ``incumbent`` and tighten ``bound`` (= ``L(y)``) until within ``mip_rel_gap``."""
    started = time.perf_counter()
    loss, stay_out_loss = _losses(columns, y)
    scale = max(1.0, float(np.max(np.abs(columns.value[columns.options]), initial=0.0)))
    slack = 1e-9 * scale
    every = np.concatenate([stay_out_loss[:, None], loss], axis=1)
    second = np.partition(every, 1, axis=1)[:, 1] if every.shape[1] > 1 else np.full(every.shape[0], np.inf)
    levels = np.sort(second[np.isfinite(second)])
    top_level = float(np.max(every[np.isfinite(every)], initial=0.0))
    lagrangian = bound
    best, best_value = incumbent, (columns.value_of(incumbent) if incumbent is not None else None)
    improved, rounds, free = False, 0, 0
    target = min(FIRST_FREE, levels.size)
    threshold = float(levels[target - 1]) if target else 0.0
    while True:
        rounds += 1
        allowed, stay_out = loss <= threshold + slack, stay_out_loss <= threshold + slack
        excluded = min(np.min(loss[np.isfinite(loss) & ~allowed], initial=np.inf),
                       np.min(stay_out_loss[~stay_out], initial=np.inf))
        model = _build(columns, allowed, stay_out)
        free, size = int(model.free.size), model.size(columns)
        choice, model_bound, proven = _solve(model, best, mip_rel_gap, deadline, threads)
        if choice is not None and columns.feasible(choice):
            value = columns.value_of(choice)
            if best_value is None or value > best_value + 1e-9 * scale:
                best, best_value, improved = choice, value, True
        if proven is not None:
            bound = min(bound, max(model_bound, lagrangian - excluded))
        everything = threshold >= top_level
        if best_value is None and everything and proven is not None:
            return Restricted(None, None, -np.inf, True, rounds, threshold, size,
                              time.perf_counter() - started, improved)
        done = best_value is not None and bound - best_value <= max(mip_rel_gap * abs(bound), slack)
        if done or everything or time.perf_counter() >= deadline or proven is None:
            break
        needed = np.inf if best_value is None else lagrangian - best_value - 0.9 * mip_rel_gap * abs(lagrangian)
        if needed <= threshold:
            break
        step = float(levels[min(GROWTH * max(free, 1), levels.size) - 1]) if levels.size else top_level
        if step <= threshold:
            step = top_level
        threshold = max(min(needed, step), np.nextafter(threshold, np.inf))
    return Restricted(best, best_value, bound, False, rounds, threshold, size,
                      time.perf_counter() - started, improved)


def _solve(model: _Model, incumbent, mip_rel_gap, deadline, threads):
    """(a choice or None, the restricted model's bound, True/None when that bound is proven)."""
    if model.lp is None:
        if not model.feasible_if_empty:
            return None, -np.inf, True
        return model.fixed.copy(), model.offset, True
    highs = make_highs(deadline=deadline, threads=threads, mip_rel_gap=0.25 * mip_rel_gap, mip_abs_gap=1e-7)
    highs.passModel(model.lp)
    start = _start(model, incumbent)
    if start is not None:
        set_start(highs, start)
    highs.run()
    status = STATUS.get(highs.getModelStatus(), "error")
    info = highs.getInfo()
    if status == "infeasible":
        return None, -np.inf, True
    dual_bound = float(info.mip_dual_bound)
    proven = True if status == "optimal" or (status == "time_limit" and np.isfinite(dual_bound)) else None
    if info.primal_solution_status != highspy.kSolutionStatusFeasible:
        return None, dual_bound, proven
    chosen = np.asarray(highs.getSolution().col_value) > 0.5
    choice = model.fixed.copy()
    choice[model.col_e[chosen]] = model.col_s[chosen]
    return choice, dual_bound, proven
