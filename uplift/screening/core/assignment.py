"""Assign entrepreneurs to activities: exact, fast at national scale, and never without an answer.

``solve_assignment`` (method ``lagrangian``, the default):

1. counts the minimums that cannot be met (``feasibility``) and reports them by name;
2. runs the greedy baseline, repaired to meet the quotas (``greedy``): the first incumbent;
3. reduces the model exactly (``reduction``: whole bundles per cell of centre × province);
4. solves the LP relaxation of the reduced bundle model by column generation
   (``lagrangian``), which gives duals ``y`` and the bound ``L(y)``;
5. solves the MILP restricted to the options of small loss under ``y`` — reduced-cost
   fixing with a growing threshold (``restricted``) — which proves the optimum (or the gap).

At the deadline it returns the best selection found (the greedy one at worst) with the
proven bound and gap; the relaxation gets ``RELAXATION_SHARE`` of the time left, so a short
limit still leaves the restricted MILP time to improve on the greedy selection with the
duals reached so far. Only a problem where not even the greedy repair meets the quotas can
end without a selection, and infeasible minimums are reported as such.

Why this structure. The model couples the entrepreneurs through a handful of rows only —
7 activities' places, 1 budget, 11 centre and/or 77 province quotas, the total — while each
entrepreneur picks one bundle out of at most 28. A basic LP optimum therefore has at most
that many fractional entrepreneurs, and the LP bound sits a fraction of a unit of benefit
above the integer optimum (8,522,276.57 against 8,522,276.4 at ×10). Given the LP's duals
every option has a *loss*; any selection better than the incumbent avoids options whose loss
exceeds ``L − incumbent``, so all but ~500 of 62,000 entrepreneurs are fixed in or out,
exactly. Measured with ``benchmarks/assignment_national.py`` (100,000 × 7, 2-core machine,
HiGHS on one thread; the greedy selection reaches 89–91% of the optimum):

- HiGHS on the exactly reduced pair model (``method="milp"``, the previous method): 2.3 s
  to the optimum for the pilot; at ×10 places no proof within 60 s (centre quotas) or 30 s
  (province quotas, both levels), and no incumbent of its own. Its pair-form LP alone did not
  finish in 120 s. The unreduced model gives no answer in 90 s at any scale.
- This method: 0.5 s (pilot) and 1.1–1.5 s (×10, centre, province or both) to the proven
  optimum, 160 MiB peak against ~980 MiB; cut at 0.8 s it returns its best selection with
  a proven gap (0.3% to 9% over our runs, as far as the relaxation got).
- A stronger list reduction (dominance) adds nothing: bundle lists already contain it.
- The LP by column generation with the serial dual simplex: ~0.5 s at ×10; the default
  simplex strategy was ~10× slower on these masters, adding every violated option at once
  (instead of the worst ``batch``) ~6× slower, and one own row per entrepreneur in the
  master (instead of only from its second option) ~2× slower.
- Reduced-cost fixing: the first restricted model proves the optimum in ~0.1 s; growing it
  to 10,000 free entrepreneurs would take ~50 s, which is why the threshold grows only as far
  as the incumbent requires. On continuous random data with a tight budget (a knapsack
  tail) the proof of a 1e-6 gap can still take minutes; the incumbent is then reported with
  its proven gap (~2e-5 there, where the previous method stays above 5e-4 after 60 s).

The remaining ``method="milp"`` (the reduced pair model in HiGHS, from the greedy start) is
kept for comparison, and for more than ``max_bundles`` candidate bundles.
"""

from __future__ import annotations

import time

import numpy as np

from .columns import build_columns
from .feasibility import describe, quota_shortfalls, shortfalls_of_rows
from .greedy import greedy_assignment
from .lagrangian import relax
from .milp import build_model, model_size, solve_model, start_values
from .problem import AssignmentProblem, AssignmentResult, ModelSize, QuotaShortfall, relative_gap, summarise
from .reduction import DEFAULT_MAX_BUNDLES, Reduction, reduce_model, usable_activities
from .restricted import restricted_solve

__all__ = [
    "AssignmentProblem", "AssignmentResult", "ModelSize", "Reduction",
    "greedy_assignment", "reduce_model", "solve_assignment",
]

METHODS = ("lagrangian", "milp")
RELAXATION_SHARE = 0.8


def places_bound(problem: AssignmentProblem) -> float:
    """Each place holds one pair: the sum over activities of their ``c_a`` best benefits."""
    mask = problem.pair_mask & usable_activities(problem)[None, :]
    total = 0.0
    for a in range(problem.n_activities):
        column = problem.benefit[mask[:, a], a]
        take = int(min(problem.capacity[a], column.size))
        if take:
            total += float(np.partition(column, column.size - take)[column.size - take:].sum())
    return total


def solve_assignment(
    problem: AssignmentProblem,
    *,
    time_limit: float = 60.0,
    reduce: bool = True,
    mip_rel_gap: float = 1e-6,
    lp_bound: bool = True,
    threads: int | None = None,
    presolve: bool = False,
    max_bundles: int = DEFAULT_MAX_BUNDLES,
    method: str = "lagrangian",
    warm_start: bool = True,
) -> AssignmentResult:
    """Solve to ``mip_rel_gap`` within ``time_limit`` seconds (everything included).

    ``reduce=False`` solves the literal full pair model — every eligible pair and a ``y`` for
    every entrepreneur — in HiGHS, which is what the reduction is checked and benchmarked
    against. ``method="milp"`` solves the reduced pair model in HiGHS; ``lp_bound`` and
    ``presolve`` concern those two only. ``warm_start=False`` withholds the greedy start
    from HiGHS (the method as it was before it had one).
    """
    if method not in METHODS:
        raise ValueError(f"method must be one of {METHODS}")
    run = _Run(problem, time_limit, method if reduce else "unreduced")
    shortfalls = quota_shortfalls(problem)
    run.lap("checks")
    if shortfalls:
        return run.infeasible(shortfalls)
    greedy = greedy_assignment(problem)
    run.lap("greedy")
    if not reduce or method == "milp":
        return _milp(run, greedy, reduce, mip_rel_gap, lp_bound, threads, presolve, max_bundles, warm_start)
    reduction = reduce_model(problem, max_bundles=max_bundles)
    if not reduction.applied:
        run.notes.append(f"reduction skipped: {reduction.reason}")
        return _milp(run, greedy, True, mip_rel_gap, lp_bound, threads, presolve, max_bundles, warm_start,
                     reduction)
    columns = build_columns(problem, reduction, (greedy.pair_i, greedy.pair_a) if greedy.feasible else None)
    start = columns.choice_of(problem, greedy.pair_i, greedy.pair_a) if greedy.feasible else None
    run.reduction_seconds = run.lap("reduction")
    if not columns.entrepreneurs.size:
        nobody = np.full(0, -1, dtype=np.int64)
        if not columns.feasible(nobody):
            return run.infeasible(())
        return run.finish(columns.pairs_of(nobody), 0.0, 0.0, 0.0, None, "restricted", method="lagrangian")
    now = time.perf_counter()
    relaxation = relax(columns, start, deadline=now + RELAXATION_SHARE * max(run.deadline - now, 0.0),
                       threads=threads)
    run.lap("relaxation")
    if relaxation.status == "infeasible":
        return run.infeasible(shortfalls_of_rows(problem, columns.row_labels, relaxation.short_rows))
    bound = min(relaxation.bound, places_bound(problem))
    choice, value, source, size = start, greedy.objective, "greedy", None
    if relaxation.duals is not None and time.perf_counter() < run.deadline:
        restricted = restricted_solve(columns, relaxation.duals, relaxation.bound, start,
                                      mip_rel_gap=mip_rel_gap, deadline=run.deadline, threads=threads)
        run.lap("restricted")
        size = restricted.size
        if restricted.infeasible:
            run.notes.append("no selection meets every quota together")
            return run.infeasible(())
        bound = min(bound, restricted.bound)
        if restricted.improved:
            choice, value, source = restricted.choice, restricted.objective, "restricted"
    if choice is None:
        return run.finish(None, None, bound, relaxation.bound, size, "", method="lagrangian")
    pair_i, pair_a = columns.pairs_of(choice)
    value = float(problem.benefit[pair_i, pair_a].sum())
    return run.finish((pair_i, pair_a), value, bound, relaxation.bound if np.isfinite(relaxation.bound) else None,
                      size, source, method="lagrangian", gap_target=mip_rel_gap)


def _milp(run, greedy, reduce, mip_rel_gap, lp_bound, threads, presolve, max_bundles, warm_start,
          reduction: Reduction | None = None) -> AssignmentResult:
    problem = run.problem
    if reduce:
        reduction = reduction or reduce_model(problem, max_bundles=max_bundles)
        keep = np.array(reduction.keep)
        if greedy.feasible:
            keep[greedy.pair_i, greedy.pair_a] = True
    else:
        keep = problem.pair_mask
    model = build_model(problem, keep, all_entrepreneurs=not reduce)
    run.reduction_seconds = run.lap("reduction")
    start = None
    if warm_start and greedy.feasible:
        start = start_values(model, greedy.pair_i, greedy.pair_a, problem.n, problem.n_activities)
    solution = solve_model(model, time_limit=max(run.deadline - time.perf_counter(), 0.0),
                           mip_rel_gap=mip_rel_gap, lp_bound=lp_bound, threads=threads, presolve=presolve,
                           start=start)
    run.lap("solver")
    if solution.status == "infeasible":
        return run.infeasible(())
    bounds = [b for b in (solution.dual_bound, solution.lp_bound) if b is not None]
    bound = min(bounds) if bounds else places_bound(problem)
    method = "milp" if reduce else "unreduced"
    if solution.objective is not None and (not greedy.feasible or solution.objective >= greedy.objective - 1e-9):
        return run.finish((solution.pair_i, solution.pair_a), solution.objective, bound, solution.lp_bound,
                          model.size, "solver", method=method, status=solution.status)
    if greedy.feasible:
        return run.finish((greedy.pair_i, greedy.pair_a), greedy.objective, bound, solution.lp_bound,
                          model.size, "greedy", method=method, status="time_limit")
    return run.finish(None, None, bound, solution.lp_bound, model.size, "", method=method, status=solution.status)


class _Run:
    """The clock, the phases and the notes of one solve, and how its result is put together."""

    def __init__(self, problem: AssignmentProblem, time_limit: float, method: str):
        self.problem = problem
        self.method = method
        self.started = self.mark = time.perf_counter()
        self.deadline = self.started + max(float(time_limit), 0.0)
        self.phases: list[tuple[str, float]] = []
        self.notes: list[str] = []
        self.reduction_seconds = 0.0
        self.size_full = model_size(problem, problem.pair_mask, all_entrepreneurs=True)

    def lap(self, name: str) -> float:
        now = time.perf_counter()
        seconds = now - self.mark
        self.phases.append((name, round(seconds, 4)))
        self.mark = now
        return seconds

    def _result(self, pairs, **fields) -> AssignmentResult:
        none = np.zeros(0, dtype=np.int64)
        pair_i, pair_a = pairs if pairs is not None else (none, none)
        fields.setdefault("size_full", self.size_full)
        return summarise(
            self.problem, pair_i, pair_a, solve_seconds=time.perf_counter() - self.started,
            reduction_seconds=self.reduction_seconds, notes=tuple(self.notes), phases=tuple(self.phases), **fields,
        )

    def infeasible(self, shortfalls: tuple[QuotaShortfall, ...]) -> AssignmentResult:
        self.notes.extend(describe(s) for s in shortfalls)
        return self._result(None, method=self.method, status="infeasible", objective=None, dual_bound=None,
                            lp_bound=None, gap=None, infeasible_quotas=shortfalls)

    def finish(self, pairs, value, bound, lp_bound, size, source, *, method, status=None,
               gap_target: float = 0.0) -> AssignmentResult:
        bound = None if bound is None or not np.isfinite(bound) else float(bound)
        if value is not None and bound is not None:
            bound = max(bound, value)
        gap = relative_gap(value, bound)
        if status is None:
            status = "optimal" if gap is not None and gap <= gap_target + 1e-12 else "time_limit"
        if status == "time_limit" and value is not None:
            self.notes.append("time limit reached: the best selection found is returned with its proven gap")
        return self._result(pairs, method=method, status=status, objective=value, dual_bound=bound,
                            lp_bound=lp_bound, gap=gap, size_solved=size, reduced=method != "unreduced",
                            incumbent_source=source)
