"""Build the assignment MILP over a set of pairs and solve it with HiGHS under a hard time limit."""

from __future__ import annotations

import time
from dataclasses import dataclass

import highspy
import numpy as np

from .problem import AssignmentProblem, ModelSize

INF = highspy.kHighsInf


@dataclass(frozen=True)
class Model:
    """Columns ``[x pairs | y entrepreneurs]`` and rows ``[x≤y | Σx≤my | Σx≥y | places | budget
    | group quotas | total]`` in CSC form (``Σx≤my`` only where it is not implied)."""

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
    rows = pairs + int(capped.sum()) + n + problem.n_activities + 1 + problem.n_groups + 1
    nonzeros = 4 * pairs + paid + int(degree[capped].sum() + capped.sum()) + 3 * n
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
    n_act, n_grp = problem.n_activities, problem.n_groups
    r_link, r_max = 0, p
    r_min = p + n_capped
    r_cap = r_min + n
    r_budget = r_cap + n_act
    r_group = r_budget + 1
    r_total = r_group + n_grp
    m = float(problem.max_per_entrepreneur)

    pair_k = problem.cost[pair_a]
    paid = pair_k != 0
    pair_capped = capped[li]
    x_rows = [np.arange(p), r_min + li, r_cap + pair_a, np.full(int(paid.sum()), r_budget),
              r_max + capped_row[li[pair_capped]]]
    x_cols = [np.arange(p)] * 3 + [np.flatnonzero(paid), np.flatnonzero(pair_capped)]
    x_vals = [np.ones(p)] * 3 + [pair_k[paid], np.ones(int(pair_capped.sum()))]
    y_col = p + np.arange(n)
    y_rows = [r_link + np.arange(p), r_max + np.arange(n_capped), r_min + np.arange(n),
              r_group + problem.group[entrepreneurs], np.full(n, r_total)]
    y_cols = [p + li, y_col[capped], y_col, y_col, y_col]
    y_vals = [-np.ones(p), np.full(n_capped, -m), -np.ones(n), np.ones(n), np.ones(n)]

    cols = np.concatenate(x_cols + y_cols)
    rows = np.concatenate(x_rows + y_rows)
    vals = np.concatenate(x_vals + y_vals)
    order = np.lexsort((rows, cols))
    cols, rows, vals = cols[order], rows[order], vals[order]
    starts = np.searchsorted(cols, np.arange(p + n + 1)).astype(np.int32)

    row_lower = np.concatenate([
        np.full(p, -INF), np.full(n_capped, -INF), np.zeros(n), np.full(n_act, -INF), [-INF],
        problem.quota_min.astype(float), [float(problem.selected_min)],
    ])
    row_upper = np.concatenate([
        np.zeros(p), np.zeros(n_capped), np.full(n, INF), problem.capacity.astype(float), [problem.budget],
        np.where(np.isfinite(problem.quota_max), problem.quota_max, INF),
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


def _highs(model: Model, integral: bool, time_limit: float, mip_rel_gap: float, threads: int | None,
           presolve: bool):
    lp = highspy.HighsLp()
    lp.num_col_ = int(model.cost.size)
    lp.num_row_ = int(model.row_lower.size)
    lp.sense_ = highspy.ObjSense.kMaximize
    lp.col_cost_ = model.cost
    lp.col_lower_ = model.col_lower
    lp.col_upper_ = model.col_upper
    lp.row_lower_ = model.row_lower
    lp.row_upper_ = model.row_upper
    lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
    lp.a_matrix_.num_col_ = lp.num_col_
    lp.a_matrix_.num_row_ = lp.num_row_
    lp.a_matrix_.start_ = model.starts
    lp.a_matrix_.index_ = model.rows
    lp.a_matrix_.value_ = model.values
    if integral:
        lp.integrality_ = [highspy.HighsVarType.kInteger] * lp.num_col_
    highs = highspy.Highs()
    highs.setOptionValue("output_flag", False)
    highs.setOptionValue("time_limit", max(float(time_limit), 0.0))
    highs.setOptionValue("mip_rel_gap", float(mip_rel_gap))
    highs.setOptionValue("mip_abs_gap", 1e-6)
    highs.setOptionValue("presolve", "on" if presolve else "off")
    highs.setOptionValue("mip_heuristic_run_feasibility_jump", False)
    if threads:
        highs.setOptionValue("threads", int(threads))
    highs.passModel(lp)
    deadline = time.perf_counter() + max(float(time_limit), 0.0)

    def stop_at_deadline(event) -> None:
        if time.perf_counter() > deadline:
            event.interrupt()

    for callback in (highs.cbSimplexInterrupt, highs.cbIpmInterrupt, highs.cbMipInterrupt):
        callback.subscribe(stop_at_deadline)
    return highs


_STATUS = {
    highspy.HighsModelStatus.kOptimal: "optimal",
    highspy.HighsModelStatus.kInfeasible: "infeasible",
    highspy.HighsModelStatus.kUnboundedOrInfeasible: "infeasible",
    highspy.HighsModelStatus.kTimeLimit: "time_limit",
    highspy.HighsModelStatus.kInterrupt: "time_limit",
}


def solve_model(
    model: Model,
    *,
    time_limit: float,
    mip_rel_gap: float = 1e-6,
    lp_bound: bool = True,
    threads: int | None = None,
    presolve: bool = False,
) -> Solution:
    """Solve the LP relaxation (for the bound, when asked) then the MILP, both within
    ``time_limit`` seconds in total.

    HiGHS's presolve is off by default: on this model it finds almost nothing to remove
    (national scale: 4% of rows) while its probing takes ~10 of 13 seconds; its
    feasibility-jump heuristic is off too (a quarter of the reduced solve, never the
    incumbent that wins). HiGHS checks its time limit between phases but not inside every
    one (the root LP of a very large model can overrun it): the callbacks below interrupt
    simplex, IPM and MIP at the deadline, and a caller that must never overrun runs the
    solve in a process it can kill.
    """
    started = time.perf_counter()
    relaxation = None
    if lp_bound and model.cost.size:
        highs = _highs(model, False, time_limit, mip_rel_gap, threads, presolve)
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
    highs = _highs(model, True, remaining, mip_rel_gap, threads, presolve)
    highs.run()
    status = _STATUS.get(highs.getModelStatus(), "error")
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
