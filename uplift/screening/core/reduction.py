"""Exact model reduction for the assignment MILP (see ``problem`` for the model).

Notation. A *cell* is a set of entrepreneurs sharing every quota part: their ``group`` and,
when given, their ``group2`` (a province of a centre, say); ``c(i)`` is entrepreneur i's
cell. ``m`` is the per-entrepreneur maximum, ``c_a`` the places and ``k_a`` the cost per place
of activity a, ``L_g``/``U_g`` the quotas of a part g of either partition. A *bundle* is the
set ``S_i = {a : x[i,a] = 1}`` an entrepreneur takes; its value for i is ``v_i(S) = Σ_{a∈S}
B[i,a]``.

Construction.

1. An activity with ``c_a = 0`` or ``k_a > budget`` is unusable: no feasible solution has a
   pair on it. The candidate bundles 𝒮 are the non-empty sets of usable activities with
   ``|S| ≤ m`` and ``Σ_{a∈S} k_a ≤ budget``.
2. ``n_g`` bounds the number of selected entrepreneurs of part g (of either partition) in
   *every* feasible solution: the minimum of ``U_g``; the entrepreneurs of g with a usable
   eligible pair; ``Σ_a min(c_a, #eligible for a in g)`` (each selected one holds a place it
   is eligible for); and ``N − Σ_{h≠g} L_h`` (h over the same partition) where ``N`` bounds
   the total selected — ``min(Σ c_a, ⌊budget / min k_a⌋ (when min k_a > 0), selected_max,
   Σ_h U_h)`` — since every other part keeps at least its minimum. A cell's bound ``n_c`` is
   the same count for the cell and at most the bound of each part containing it.
3. For every cell c and bundle S, the list ``T(c,S)`` holds the first ``n_c`` entrepreneurs
   of c eligible for all of S, ordered by ``v_i(S)`` descending, then index ascending
   (stable sorts of the candidates, which come in index order).
4. The reduced model keeps the option "i takes S" only if ``i ∈ T(c(i), S)`` — the pair form
   keeps pair (i, a) if ``a ∈ S`` for some such S — and ``y[i]`` only for entrepreneurs with a
   kept option; every other variable is fixed to 0.

Theorem. The reduced model is feasible iff the full model is, and their optima are equal;
moreover some optimal solution has every selected i in ``T(c(i), S_i)``.

Proof. (⊆) The reduced model is the full model with some variables fixed to 0, so each of
its feasible solutions is feasible for the full model with the same objective.

(⊇) Assume the full model is feasible; its feasible set is finite, so it has optimal
solutions. Call a selected entrepreneur i *off-list* when ``i ∉ T(c(i), S_i)``, and take an
optimal x* with the fewest off-list entrepreneurs. If it has none, every selected i lies in
``T(c(i), S_i)``, so all its options are kept and x* is feasible for the reduced model.
Otherwise let i be off-list, c = c(i), S = S_i. Since x* is feasible, S is a candidate
bundle (non-empty, at most m usable activities, payable) and i is eligible for all of S.
As i is eligible yet not in T(c,S), the list was truncated: ``|T(c,S)| = n_c``. Under x*
at most ``n_c`` entrepreneurs of c are selected (step 2 holds for every feasible solution),
and i is one of them outside the list, so at most ``n_c − 1`` members of T(c,S) are
selected: some ``j ∈ T(c,S)`` is not. Move i's whole bundle to j (``x[j,a] = 1`` for
``a ∈ S``, ``x[i,·] = 0``, ``y[j] = 1``, ``y[i] = 0``). Every constraint still holds: j is
eligible for S and ``|S| ≤ m``; each activity keeps the same number of places taken, so
capacities and the budget are untouched; i and j share every quota part, so every count and
the total are unchanged. The objective changes by ``v_j(S) − v_i(S) ≥ 0`` because j precedes
i in the list order. The new solution is therefore optimal, j is on-list, i is no longer
selected and nobody else changed — one off-list entrepreneur fewer, contradicting the
choice of x*. Hence the reduced model contains an optimal solution of the full model. ∎

No condition is needed, so the reduction is always applied; only its cost is guarded: with
more than ``max_bundles`` candidate bundles (Σ_{s≤m} C(A, s), 127 at most for 7 activities)
the unreduced model is used instead. Ties need no care beyond a fixed tie-break: the list
order only has to put j no lower than i in value. Bundle values are sums of at most m
floats, so two values that tie in exact arithmetic may differ by an ulp after rounding;
that is far below the solver's optimality tolerance.

Dominance between entrepreneurs of a cell (j at least as good as i on every activity i is
eligible for) adds nothing: such a j precedes i in every list i could enter, so an
entrepreneur dominated by ``n_c`` others is already in no list.

Why whole bundles and not one top list per activity: with ``U_g = 1``, ``m = 2`` and one
place each on a and b, let j score (a: 2, b: 0) and i score (a: 1, b: 10). The optimum
gives i both places (11), yet i is not in the top-1 for a; an activity-wise list drops the
pair (i, a) and finds only 10. Quotas stop a single pair from moving alone — the exchange
above moves an entrepreneur's whole bundle, which keeps every count and every place fixed.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import combinations
from math import comb

import numpy as np

from .problem import AssignmentProblem, Partition

DEFAULT_MAX_BUNDLES = 4096


@dataclass(frozen=True)
class Reduction:
    """Which pairs the reduced model keeps, and the per-group list length used.

    ``options[i, s]``: entrepreneur i may take ``bundles[s]`` (None when not applied);
    ``cell`` and ``cell_bound`` are the cells of step 2 and their ``n_c``.
    """

    keep: np.ndarray
    group_bound: np.ndarray
    bundles: int
    applied: bool
    reason: str = ""
    options: np.ndarray | None = None
    bundle_list: tuple[tuple[int, ...], ...] = ()
    cell: np.ndarray | None = None
    cell_bound: np.ndarray | None = None


def usable_activities(problem: AssignmentProblem) -> np.ndarray:
    return (problem.capacity > 0) & (problem.cost <= problem.budget)


def candidate_bundles(problem: AssignmentProblem, usable: np.ndarray) -> list[tuple[int, ...]]:
    activities = np.flatnonzero(usable).tolist()
    cost = problem.cost
    bundles = []
    for size in range(1, min(problem.max_per_entrepreneur, len(activities)) + 1):
        for bundle in combinations(activities, size):
            if cost[list(bundle)].sum() <= problem.budget:
                bundles.append(bundle)
    return bundles


def count_bundles(problem: AssignmentProblem) -> int:
    usable = int(usable_activities(problem).sum())
    return sum(comb(usable, s) for s in range(1, min(problem.max_per_entrepreneur, usable) + 1))


def total_bound(problem: AssignmentProblem) -> float:
    """``N`` of step 2: at most this many entrepreneurs are selected in any feasible solution."""
    usable = usable_activities(problem)
    total = [float(np.where(usable, problem.capacity, 0).sum()), problem.selected_max]
    total += [float(partition.quota_max.sum()) for partition in problem.partitions]
    cheapest = problem.cost[usable].min() if usable.any() else np.inf
    if cheapest > 0:
        total.append(np.floor(problem.budget / cheapest + 1e-9))
    return min(total)


def count_bound(problem: AssignmentProblem, mask: np.ndarray, labels: np.ndarray, size: int) -> np.ndarray:
    """Per label: entrepreneurs with a usable pair, and the places they could fill."""
    capacity = np.where(usable_activities(problem), problem.capacity, 0)
    members = np.bincount(labels[mask.any(axis=1)], minlength=size).astype(float)
    if not problem.n_activities:
        return members
    eligible = np.stack([np.bincount(labels[mask[:, a]], minlength=size) for a in range(problem.n_activities)],
                        axis=1)
    places = np.minimum(eligible, capacity[None, :]).sum(axis=1).astype(float)
    return np.minimum(members, places)


def partition_bounds(problem: AssignmentProblem, mask: np.ndarray, partition: Partition) -> np.ndarray:
    """``n_g`` of step 2 for every part of one partition."""
    others_min = partition.quota_min.sum() - partition.quota_min
    bound = np.minimum.reduce([
        partition.quota_max, count_bound(problem, mask, partition.group, partition.size),
        total_bound(problem) - others_min,
    ])
    return np.maximum(np.floor(bound + 1e-9), 0).astype(np.int64)


def group_bounds(problem: AssignmentProblem, mask: np.ndarray) -> np.ndarray:
    """``n_g`` of step 2 for the first partition (``group``)."""
    return partition_bounds(problem, mask, problem.partitions[0])


def cells(problem: AssignmentProblem, mask: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Each entrepreneur's cell id and each cell's ``n_c``."""
    partitions = problem.partitions
    if len(partitions) == 1:
        return problem.group, group_bounds(problem, mask)
    key = partitions[0].group * partitions[1].size + partitions[1].group
    unique, cell = np.unique(key, return_inverse=True)
    parts = [unique // partitions[1].size, unique % partitions[1].size]
    bound = count_bound(problem, mask, cell, unique.size)
    for partition, part in zip(partitions, parts):
        bound = np.minimum(bound, partition_bounds(problem, mask, partition)[part])
    return cell.astype(np.int64), np.maximum(np.floor(bound + 1e-9), 0).astype(np.int64)


def reduce_model(problem: AssignmentProblem, max_bundles: int = DEFAULT_MAX_BUNDLES) -> Reduction:
    usable = usable_activities(problem)
    mask = problem.pair_mask & usable[None, :]
    bound = group_bounds(problem, mask)
    n_bundles = count_bundles(problem)
    if n_bundles > max_bundles:
        return Reduction(mask, bound, n_bundles, False, f"{n_bundles} bundles exceed {max_bundles}")
    cell, cell_bound = cells(problem, mask)
    n_cells = cell_bound.size
    cell_key = cell.astype(np.int16 if n_cells < 2**15 else np.int64)
    bundles = tuple(candidate_bundles(problem, usable))
    options = np.zeros((problem.n, len(bundles)), dtype=bool)
    benefit = np.where(mask, problem.benefit, 0.0)
    index = np.arange(problem.n)
    for s, bundle in enumerate(bundles):
        columns = list(bundle)
        candidates = index[mask[:, columns].all(axis=1)]
        if candidates.size == 0:
            continue
        value = sum(benefit[candidates, a] for a in columns)
        by_value = np.argsort(-value, kind="stable")
        ranked = candidates[by_value]
        ranked = ranked[np.argsort(cell_key[ranked], kind="stable")]
        ranked_cell = cell[ranked]
        starts = np.searchsorted(ranked_cell, np.arange(n_cells))
        rank = np.arange(ranked.size) - starts[ranked_cell]
        options[ranked[rank < cell_bound[ranked_cell]], s] = True
    keep = np.zeros_like(mask)
    for a in range(problem.n_activities):
        holding = [s for s, bundle in enumerate(bundles) if a in bundle]
        if holding:
            keep[:, a] = options[:, holding].any(axis=1) & mask[:, a]
    for array in (keep, options):
        array.setflags(write=False)
    return Reduction(keep, bound, n_bundles, True, options=options, bundle_list=bundles, cell=cell,
                     cell_bound=cell_bound)
