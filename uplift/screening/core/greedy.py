"""Greedy baseline: pairs by benefit, added while feasible, then minimum quotas repaired.

The pass takes eligible pairs in descending benefit (ties by entrepreneur, then activity)
and adds each one that fits the places, the budget, the entrepreneur's maximum and, for a
newcomer, its group's and the total's maximum. The repair then fills each group below its
minimum, and the total below ``selected_min``, one entrepreneur at a time: the best pair
of an unselected member that fits as it is, or else a swap that frees a place of the same
activity (same cost, so the budget holds) from a pair whose removal keeps every count
where it must be. It gives no optimality proof and may fail where a solution exists; it
then reports ``infeasible`` with a note.
"""

from __future__ import annotations

import time

import numpy as np

from .problem import AssignmentProblem, AssignmentResult, summarise
from .reduction import usable_activities


class _State:
    def __init__(self, problem: AssignmentProblem):
        self.p = problem
        self.mask = problem.pair_mask & usable_activities(problem)[None, :]
        self.benefit = np.where(self.mask, problem.benefit, 0.0)
        self.assigned = np.zeros_like(self.mask)
        self.count = np.zeros(problem.n, dtype=np.int64)
        self.group_count = np.zeros(problem.n_groups, dtype=np.int64)
        self.places_left = problem.capacity.astype(np.int64).copy()
        self.money_left = problem.budget
        self.total = 0
        self.tolerance = 1e-9 * max(1.0, problem.budget)

    def add(self, i: int, a: int) -> None:
        if self.count[i] == 0:
            self.group_count[self.p.group[i]] += 1
            self.total += 1
        self.assigned[i, a] = True
        self.count[i] += 1
        self.places_left[a] -= 1
        self.money_left -= self.p.cost[a]

    def remove(self, i: int, a: int) -> None:
        self.assigned[i, a] = False
        self.count[i] -= 1
        self.places_left[a] += 1
        self.money_left += self.p.cost[a]
        if self.count[i] == 0:
            self.group_count[self.p.group[i]] -= 1
            self.total -= 1

    def can_open(self, g: int) -> bool:
        return self.group_count[g] < self.p.quota_max[g] and self.total < self.p.selected_max

    def greedy_pass(self) -> None:
        pair_i, pair_a = np.nonzero(self.mask)
        order = np.lexsort((pair_a, pair_i, -self.benefit[pair_i, pair_a]))
        cost = self.p.cost.tolist()
        group = self.p.group.tolist()
        m = self.p.max_per_entrepreneur
        count = [0] * self.p.n
        for i, a in zip(pair_i[order].tolist(), pair_a[order].tolist()):
            if self.places_left[a] <= 0 or cost[a] > self.money_left + self.tolerance or count[i] >= m:
                continue
            if count[i] == 0 and not self.can_open(group[i]):
                continue
            self.add(i, a)
            count[i] += 1

    def _removable(self, deficit_group: int | None) -> np.ndarray:
        """Assigned pairs whose removal keeps every minimum and makes progress possible."""
        keeps_selected = self.count >= 2
        groups = self.p.group
        above_min = self.group_count[groups] > self.p.quota_min[groups]
        if deficit_group is None:
            drop_ok = np.zeros_like(above_min)
        else:
            drop_ok = above_min & (groups != deficit_group)
        return self.assigned & (keeps_selected | drop_ok)[:, None]

    def fill_one(self, members: np.ndarray, deficit_group: int | None) -> bool:
        candidates = members[(self.count[members] == 0)]
        candidates = candidates[np.array([self.can_open(g) for g in self.p.group[candidates]], dtype=bool)]
        if candidates.size == 0:
            return False
        sub_mask = self.mask[candidates]
        fits = (self.places_left > 0) & (self.p.cost <= self.money_left + self.tolerance)
        direct = np.where(sub_mask & fits[None, :], self.benefit[candidates], -np.inf)
        if np.isfinite(direct).any():
            k, a = np.unravel_index(np.argmax(direct), direct.shape)
            self.add(int(candidates[k]), int(a))
            return True
        removable = self._removable(deficit_group)
        removable[candidates] = False
        worst = np.where(removable, self.benefit, np.inf)
        out_i = np.argmin(worst, axis=0)
        out_value = worst[out_i, np.arange(self.p.n_activities)]
        gain = np.where(sub_mask & np.isfinite(out_value)[None, :],
                        self.benefit[candidates] - out_value[None, :], -np.inf)
        if not np.isfinite(gain).any():
            return False
        k, a = np.unravel_index(np.argmax(gain), gain.shape)
        self.remove(int(out_i[a]), int(a))
        self.add(int(candidates[k]), int(a))
        return True

    def repair(self) -> str | None:
        groups = self.p.group
        for g in range(self.p.n_groups):
            members = np.flatnonzero(groups == g)
            while self.group_count[g] < self.p.quota_min[g]:
                if not self.fill_one(members, g):
                    return f"could not reach the minimum of group {g}"
        everyone = np.arange(self.p.n)
        while self.total < self.p.selected_min:
            if not self.fill_one(everyone, None):
                return "could not reach the minimum number selected"
        return None


def greedy_assignment(problem: AssignmentProblem) -> AssignmentResult:
    started = time.perf_counter()
    state = _State(problem)
    state.greedy_pass()
    failure = state.repair()
    pair_i, pair_a = np.nonzero(state.assigned)
    seconds = time.perf_counter() - started
    if failure:
        none = np.zeros(0, dtype=np.int64)
        return summarise(problem, none, none, method="greedy", status="infeasible", objective=None,
                         dual_bound=None, lp_bound=None, gap=None, solve_seconds=seconds, notes=(failure,))
    objective = float(problem.benefit[pair_i, pair_a].sum())
    return summarise(problem, pair_i, pair_a, method="greedy", status="feasible", objective=objective,
                     dual_bound=None, lp_bound=None, gap=None, solve_seconds=seconds)
