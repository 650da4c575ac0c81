"""Assign entrepreneurs to activities: the exact MILP after an exact reduction, and a greedy baseline.

``solve_assignment`` reduces the model (``reduction`` holds the construction and the proof
that the reduced optimum equals the full one, and that both are infeasible together),
solves it with HiGHS under a hard time limit and returns an ``AssignmentResult`` with the
objective, the LP bound of the solved model, the MIP dual bound, the gap, the sizes of the
full and the solved model, and which activities ran out of places or money.
``greedy_assignment`` is the baseline reported beside it.
"""

from __future__ import annotations

import time

from .greedy import greedy_assignment
from .milp import build_model, model_size, solve_model
from .problem import AssignmentProblem, AssignmentResult, ModelSize, relative_gap, summarise
from .reduction import DEFAULT_MAX_BUNDLES, Reduction, reduce_model

__all__ = [
    "AssignmentProblem", "AssignmentResult", "ModelSize", "Reduction",
    "greedy_assignment", "reduce_model", "solve_assignment",
]


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
) -> AssignmentResult:
    """Solve exactly (to ``mip_rel_gap``) within ``time_limit`` seconds of solver time.

    ``reduce=False`` solves the literal full model — every eligible pair and a ``y`` for
    every entrepreneur — which is what the reduction is checked and benchmarked against.
    """
    started = time.perf_counter()
    full_mask = problem.pair_mask
    size_full = model_size(problem, full_mask, all_entrepreneurs=True)
    notes: list[str] = []
    if reduce:
        reduction = reduce_model(problem, max_bundles=max_bundles)
        keep, applied = reduction.keep, reduction.applied
        if not applied:
            notes.append(f"reduction skipped: {reduction.reason}")
    else:
        keep, applied = full_mask, False
    reduction_seconds = time.perf_counter() - started
    model = build_model(problem, keep, all_entrepreneurs=not reduce)
    solution = solve_model(
        model, time_limit=max(time_limit - (time.perf_counter() - started), 0.0),
        mip_rel_gap=mip_rel_gap, lp_bound=lp_bound, threads=threads, presolve=presolve,
    )
    bound = solution.dual_bound if solution.dual_bound is not None else solution.lp_bound
    return summarise(
        problem, solution.pair_i, solution.pair_a,
        method="milp", status=solution.status, objective=solution.objective,
        dual_bound=solution.dual_bound, lp_bound=solution.lp_bound,
        gap=relative_gap(solution.objective, bound),
        solve_seconds=time.perf_counter() - started,
        size_full=size_full, size_solved=model.size, reduced=applied,
        reduction_seconds=reduction_seconds, notes=tuple(notes),
    )
