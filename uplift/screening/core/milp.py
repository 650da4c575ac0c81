"""Build the assignment MILP over a set of pairs and solve it with HiGHS under a hard time limit."""

from __future__ import annotations

import time
from dataclasses import dataclass

import highspy
import numpy as np

from .highs import INF, STATUS, csc_lp, make_highs, set_start
from .problem import AssignmentProblem, ModelSize


@dataclass(frozen=True)
class Model:
    """Columns ``[x pairs | y entrepreneurs]`` and rows ``[x≤y | Σx≤my | Σx≥y | places | budget
    | group quotas | group2 quotas | total]`` in CSC form (``Σx≤my`` only where it is not implied)."""

    pair_i: np.ndarray
    pair_a: np.ndarray
    entrepreneurs: np.ndarray
    cost: np.ndarray
    col_lower: np.ndarray
    col_upper: np.ndarray
    row_lower: np.ndarray
    row_upper: np.ndarray
    starts: np.ndarray
    rows: np.ndarray
    values: np.ndarray

    @property
    def size(self) -> ModelSize:
        return ModelSize(
            entrepreneurs=int(self.entrepreneurs.size), pairs=int(self.pair_i.size),
            columns=int(self.cost.size), rows=int(self.row_lower.size), nonzeros=int(self.values.size),
        )


def _degrees(problem: AssignmentProblem, keep: np.ndarray, entrepreneurs: np.ndarray) -> np.ndarray:
    return keep[entrepreneurs].sum(axis=1)


def model_size(problem: AssignmentProblem, keep: np.ndarray, all_entrepreneurs: bool) -> ModelSize:
    """The size ``build_model`` would give, without building it."""
    pairs = int(keep.sum())
    entrepreneurs = np.arange(problem.n) if all_entrepreneurs else np.flatnonzero(keep.any(axis=1))
    n = int(entrepreneurs.size)
    degree = _degrees(problem, keep, entrepreneurs)
    capped = degree > problem.max_per_entrepreneur
    paid = int((problem.cost[np.nonzero(keep)[1]] != 0).sum())
    levels = len(problem.partitions)
    rows = pairs + int(capped.sum()) + n + problem.n_activities + 1 + sum(q.size for q in problem.partitions) + 1
    nonzeros = 4 * pairs + paid + int(degree[capped].sum() + capped.sum()) + (2 + levels) * n
    return ModelSize(entrepreneurs=n, pairs=pairs, columns=pairs + n, rows=rows, nonzeros=nonzeros)


def build_model(problem: AssignmentProblem, keep: np.ndarray, all_entrepreneurs: bool = False) -> Model:
    """The model restricted to the pairs in ``keep``; ``y`` for every entrepreneur when
    ``all_entrepreneurs`` (the literal full model), else only for those with a kept pair.

    The row ``Σ_a x[i,a] ≤ m·y[i]`` is left out for an entrepreneur with at most m pairs,
    where ``x[i,a] ≤ y[i]`` already implies it.
    """
    pair_i, pair_a = np.nonzero(keep)
    p = pair_i.size
    entrepreneurs = np.arange(problem.n) if all_entrepreneurs else np.unique(pair_i)
    n = entrepreneurs.size
    local = np.full(problem.n, -1, dtype=np.int64)
    local[entrepreneurs] = np.arange(n)
    li = local[pair_i]
    capped = _degrees(problem, keep, entrepreneurs) > problem.max_per_entrepreneur
    n_capped = int(capped.sum())
    capped_row = np.full(n, -1, dtype=np.int64)
    capped_row[capped] = np.arange(n_capped)
    n_act = problem.n_activities
    r_link, r_max = 0, p
    r_min = p + n_capped
    r_cap = r_min + n
    r_budget = r_cap + n_act
    r_group = r_budget + 1
    partitions = problem.partitions
    r_parts = r_group + np.concatenate([[0], np.cumsum([q.size for q in partitions])])
    r_total = int(r_parts[-1])
    m = float(problem.max_per_entrepreneur)

    pair_k = problem.cost[pair_a]
    paid = pair_k != 0
    pair_capped = capped[li]
    x_rows = [np.arange(p), r_min + li, r_cap + pair_a, np.full(int(paid.sum()), r_budget),
              r_max + capped_row[li[pair_capped]]]
    x_cols = [np.arange(p)] * 3 + [np.flatnonzero(paid), np.flatnonzero(pair_capped)]
    x_vals = [np.ones(p)] * 3 + [pair_k[paid], np.ones(int(pair_capped.sum()))]
    y_col = p + np.arange(n)
    y_rows = [r_link + np.arange(p), r_max + np.arange(n_capped), r_min + np.arange(n), np.full(n, r_total)]
    y_rows += [r_parts[k] + q.group[entrepreneurs] for k, q in enumerate(partitions)]
    y_cols = [p + li, y_col[capped], y_col, y_col] + [y_col] * len(partitions)
    y_vals = [-np.ones(p), np.full(n_capped, -m), -np.ones(n), np.ones(n)] + [np.ones(n)] * len(partitions)

    cols = np.concatenate(x_cols + y_cols)
    rows = np.concatenate(x_rows + y_rows)
    vals = np.concatenate(x_vals + y_vals)
    order = np.lexsort((rows, cols))
    cols, rows, vals = cols[order], rows[order], vals[order]
    starts = np.searchsorted(cols, np.arange(p + n + 1)).astype(np.int32)

    row_lower = np.concatenate([
        np.full(p, -INF), np.full(n_capped, -INF), np.zeros(n), np.full(n_act, -INF), [-INF],
        *[q.quota_min.astype(float) for q in partitions], [float(problem.selected_min)],
    ])
    row_upper = np.concatenate([
        np.zeros(p), np.zeros(n_capped), np.full(n, INF), problem.capacity.astype(float), [problem.budget],
        *[np.where(np.isfinite(q.quota_max), q.quota_max, INF) for q in partitions],
        [problem.selected_max if np.isfinite(problem.selected_max) else INF],
    ])
    cost = np.concatenate([problem.benefit[pair_i, pair_a], np.zeros(n)])
    return Model(
        pair_i=pair_i, pair_a=pair_a, entrepreneurs=entrepreneurs, cost=cost,
        col_lower=np.zeros(p + n), col_upper=np.ones(p + n),
        row_lower=row_lower, row_upper=row_upper,
        starts=starts, rows=rows.astype(np.int32), values=vals,
    )


@dataclass(frozen=True)
class Solution:
    status: str
    objective: float | None
    dual_bound: float | None
    lp_bound: float | None
    seconds: float
    pair_i: np.ndarray
    pair_a: np.ndarray


def _highs(model: Model, integral: bool, deadline: float, mip_rel_gap: float, threads: int | None,
           presolve: bool):
    highs = make_highs(
        deadline=deadline, threads=threads, mip_rel_gap=float(mip_rel_gap), mip_abs_gap=1e-6,
        presolve="on" if presolve else "off", mip_heuristic_run_feasibility_jump=False,
    )
    highs.passModel(csc_lp(
        cost=model.cost, col_lower=model.col_lower, col_upper=model.col_upper, row_lower=model.row_lower,
        row_upper=model.row_upper, starts=model.starts, index=model.rows, values=model.values, integral=integral,
    ))
    return highs


def start_values(model: Model, pair_i: np.ndarray, pair_a: np.ndarray, n: int, n_activities: int) -> np.ndarray | None:
    """The column values of a selection, or None when one of its pairs is not in the model."""
    position = np.full((n, n_activities), -1, dtype=np.int64)
    position[model.pair_i, model.pair_a] = np.arange(model.pair_i.size)
    columns = position[pair_i, pair_a]
    local = np.full(n, -1, dtype=np.int64)
    local[model.entrepreneurs] = np.arange(model.entrepreneurs.size)
    if np.any(columns < 0) or np.any(local[pair_i] < 0):
        return None
    values = np.zeros(model.cost.size)
    values[columns] = 1.0
    values[model.pair_i.size + local[pair_i]] = 1.0
    return values


def solve_model(
    model: Model,
    *,
    time_limit: float,
    mip_rel_gap: float = 1e-6,
    lp_bound: bool = True,
    threads: int | None = None,
    presolve: bool = False,
    start: np.ndarray | None = None,
) -> Solution:
    """Solve the LP relaxation (for the bound, when asked) then the MILP, both within
    ``time_limit`` seconds in total; ``start`` (``start_values``) is a feasible selection
    HiGHS starts from.

    HiGHS's presolve is off by default: on this model it finds almost nothing to remove
    (national scale: 4% of rows) while its probing takes ~10 of 13 seconds; its
    feasibility-jump heuristic is off too (a quarter of the reduced solve, never the
    incumbent that wins). ``highs.make_highs`` interrupts HiGHS at the deadline, and a caller
    that must never overrun runs the solve in a process it can kill.
    """
    started = time.perf_counter()
    deadline = started + max(float(time_limit), 0.0)
    relaxation = None
    if lp_bound and model.cost.size:
        highs = _highs(model, False, deadline, mip_rel_gap, threads, presolve)
        highs.run()
        if highs.getModelStatus() == highspy.HighsModelStatus.kOptimal:
            relaxation = float(highs.getInfo().objective_function_value)
        elif highs.getModelStatus() == highspy.HighsModelStatus.kInfeasible:
            return _empty("infeasible", started)
        del highs
    remaining = time_limit - (time.perf_counter() - started)
    if remaining <= 0:
        return _empty("time_limit", started, lp_bound=relaxation)
    if not model.cost.size:
        if np.all(model.row_lower <= 0) and np.all(model.row_upper >= 0):
            return _empty("optimal", started, objective=0.0, lp_bound=0.0, dual_bound=0.0)
        return _empty("infeasible", started)
    highs = _highs(model, True, deadline, mip_rel_gap, threads, presolve)
    if start is not None:
        set_start(highs, start)
    highs.run()
    status = STATUS.get(highs.getModelStatus(), "error")
    info = highs.getInfo()
    has_solution = info.primal_solution_status == highspy.kSolutionStatusFeasible
    if status == "infeasible" or not has_solution:
        return _empty(status, started, lp_bound=relaxation)
    values = np.asarray(highs.getSolution().col_value)[: model.pair_i.size]
    chosen = values > 0.5
    bound = float(info.mip_dual_bound)
    return Solution(
        status=status, objective=float(info.objective_function_value),
        dual_bound=bound if np.isfinite(bound) else None, lp_bound=relaxation,
        seconds=time.perf_counter() - started,
        pair_i=model.pair_i[chosen], pair_a=model.pair_a[chosen],
    )


def _empty(status: str, started: float, *, lp_bound=None, objective=None, dual_bound=None) -> Solution:
    none = np.zeros(0, dtype=np.int64)
    return Solution(status, objective, dual_bound, lp_bound, time.perf_counter() - started, none, none)
