"""Exact model reduction for the assignment MILP (see ``problem`` for the model).

Notation. ``g(i)`` is entrepreneur i's group, ``m`` the per-entrepreneur maximum, ``c_a`` the
places and ``k_a`` the cost per place of activity a, ``L_g``/``U_g`` the group quotas.
A *bundle* is the set ``S_i = {a : x[i,a] = 1}`` an entrepreneur takes; its value for i is
``v_i(S) = Σ_{a∈S} B[i,a]``.

Construction.

1. An activity with ``c_a = 0`` or ``k_a > budget`` is unusable: no feasible solution has a
   pair on it. The candidate bundles 𝒮 are the non-empty sets of usable activities with
   ``|S| ≤ m`` and ``Σ_{a∈S} k_a ≤ budget``.
2. ``n_g`` bounds the number of selected entrepreneurs of group g in *every* feasible
   solution: the minimum of ``U_g``; the entrepreneurs of g with a usable eligible pair;
   ``Σ_a min(c_a, #eligible for a in g)`` (each selected one holds a place it is eligible
   for); and ``N − Σ_{h≠g} L_h`` where ``N`` bounds the total selected —
   ``min(Σ c_a, ⌊budget / min k_a⌋ (when min k_a > 0), selected_max, Σ_h U_h)`` — since every
   other group keeps at least its minimum.
3. For every group g and bundle S, the list ``T(g,S)`` holds the first ``n_g`` entrepreneurs
   of g eligible for all of S, ordered by ``v_i(S)`` descending, then index ascending.
4. The reduced model keeps pair (i, a) only if ``a ∈ S`` for some S with ``i ∈ T(g(i), S)``,
   and ``y[i]`` only for entrepreneurs with a kept pair; every other variable is fixed to 0.

Theorem. The reduced model is feasible iff the full model is, and their optima are equal.

Proof. (⊆) The reduced model is the full model with some variables fixed to 0, so each of
its feasible solutions is feasible for the full model with the same objective.

(⊇) Assume the full model is feasible; its feasible set is finite, so it has optimal
solutions. Call a selected entrepreneur i *off-list* when ``i ∉ T(g(i), S_i)``, and take an
optimal x* with the fewest off-list entrepreneurs. If it has none, every selected i lies in
``T(g(i), S_i)``, so all its pairs are kept and x* is feasible for the reduced model.
Otherwise let i be off-list, g = g(i), S = S_i. Since x* is feasible, S is a candidate
bundle (non-empty, at most m usable activities, payable) and i is eligible for all of S.
As i is eligible yet not in T(g,S), the list was truncated: ``|T(g,S)| = n_g``. Under x*
at most ``n_g`` entrepreneurs of g are selected (step 2 holds for every feasible solution),
and i is one of them outside the list, so at most ``n_g − 1`` members of T(g,S) are
selected: some ``j ∈ T(g,S)`` is not. Move i's whole bundle to j (``x[j,a] = 1`` for
``a ∈ S``, ``x[i,·] = 0``, ``y[j] = 1``, ``y[i] = 0``). Every constraint still holds: j is
eligible for S and ``|S| ≤ m``; each activity keeps the same number of places taken, so
capacities and the budget are untouched; i and j share group g, so every group count and
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

from .problem import AssignmentProblem

DEFAULT_MAX_BUNDLES = 4096


@dataclass(frozen=True)
class Reduction:
    """Which pairs the reduced model keeps, and the per-group list length used."""

    keep: np.ndarray
    group_bound: np.ndarray
    bundles: int
    applied: bool
    reason: str = ""


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


def group_bounds(problem: AssignmentProblem, mask: np.ndarray) -> np.ndarray:
    """``n_g`` of step 2: at most this many of group g are selected in any feasible solution."""
    groups = problem.n_groups
    usable = usable_activities(problem)
    capacity = np.where(usable, problem.capacity, 0)
    total = [float(capacity.sum()), problem.selected_max, float(problem.quota_max.sum())]
    cheapest = problem.cost[usable].min() if usable.any() else np.inf
    if cheapest > 0:
        total.append(np.floor(problem.budget / cheapest + 1e-9))
    total_bound = min(total)
    members = np.bincount(problem.group[mask.any(axis=1)], minlength=groups).astype(float)
    eligible_per_activity = np.stack(
        [np.bincount(problem.group[mask[:, a]], minlength=groups) for a in range(problem.n_activities)],
        axis=1,
    ) if problem.n_activities else np.zeros((groups, 0))
    places = np.minimum(eligible_per_activity, capacity[None, :]).sum(axis=1).astype(float)
    others_min = problem.quota_min.sum() - problem.quota_min
    bound = np.minimum.reduce([problem.quota_max, members, places, total_bound - others_min])
    return np.maximum(np.floor(bound + 1e-9), 0).astype(np.int64)


def reduce_model(problem: AssignmentProblem, max_bundles: int = DEFAULT_MAX_BUNDLES) -> Reduction:
    usable = usable_activities(problem)
    mask = problem.pair_mask & usable[None, :]
    bound = group_bounds(problem, mask)
    n_bundles = count_bundles(problem)
    if n_bundles > max_bundles:
        return Reduction(mask, bound, n_bundles, False, f"{n_bundles} bundles exceed {max_bundles}")
    keep = np.zeros_like(mask)
    group = problem.group
    benefit = np.where(mask, problem.benefit, 0.0)
    index = np.arange(problem.n)
    for bundle in candidate_bundles(problem, usable):
        columns = list(bundle)
        candidates = index[mask[:, columns].all(axis=1)]
        if candidates.size == 0:
            continue
        value = benefit[candidates][:, columns].sum(axis=1)
        order = np.lexsort((candidates, -value, group[candidates]))
        ranked = candidates[order]
        ranked_group = group[ranked]
        starts = np.searchsorted(ranked_group, np.arange(problem.n_groups))
        rank = np.arange(ranked.size) - starts[ranked_group]
        chosen = ranked[rank < bound[ranked_group]]
        keep[np.ix_(chosen, columns)] = True
    keep &= mask
    keep.setflags(write=False)
    return Reduction(keep, bound, n_bundles, True)
