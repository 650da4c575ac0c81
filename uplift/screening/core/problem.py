"""The assignment problem and its result, as frozen contracts.

The model (all variables binary; only eligible pairs get an ``x``)::

    max  Σ B[i,a] · x[i,a]
    s.t. x[i,a] ≤ y[i]                      a pair needs its entrepreneur selected
         y[i] ≤ Σ_a x[i,a] ≤ m · y[i]         selected ⇔ at least one, at most m activities
         Σ_i x[i,a] ≤ capacity[a]             places per activity
         Σ cost[a] · x[i,a] ≤ budget          one budget for every place
         quota_min[g] ≤ Σ_{i∈g} y[i] ≤ quota_max[g]
         selected_min ≤ Σ_i y[i] ≤ selected_max

A pair is eligible when ``eligible[i, a]`` (default everywhere) holds and ``benefit[i, a]``
is finite; NaN means ineligible. A benefit of 0 is an eligible pair that adds nothing — it
may still be needed to fill a minimum quota.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

import numpy as np


def _readonly(values, dtype, name: str, ndim: int) -> np.ndarray:
    array = np.array(values, dtype=dtype, copy=True)
    if array.ndim != ndim:
        raise ValueError(f"{name} must have {ndim} dimension(s), got shape {array.shape}")
    array.setflags(write=False)
    return array


@dataclass(frozen=True)
class AssignmentProblem:
    benefit: np.ndarray
    capacity: np.ndarray
    cost: np.ndarray
    budget: float
    max_per_entrepreneur: int
    group: np.ndarray
    quota_min: np.ndarray
    quota_max: np.ndarray
    eligible: np.ndarray | None = None
    selected_min: int = 0
    selected_max: float = np.inf

    def __post_init__(self) -> None:
        setattr_ = object.__setattr__
        setattr_(self, "benefit", _readonly(self.benefit, float, "benefit", 2))
        n, a = self.benefit.shape
        setattr_(self, "capacity", _readonly(self.capacity, np.int64, "capacity", 1))
        setattr_(self, "cost", _readonly(self.cost, float, "cost", 1))
        setattr_(self, "group", _readonly(self.group, np.int64, "group", 1))
        setattr_(self, "quota_min", _readonly(self.quota_min, np.int64, "quota_min", 1))
        setattr_(self, "quota_max", _readonly(self.quota_max, float, "quota_max", 1))
        mask = np.ones((n, a), bool) if self.eligible is None else self.eligible
        setattr_(self, "eligible", _readonly(mask, bool, "eligible", 2))
        setattr_(self, "budget", float(self.budget))
        setattr_(self, "max_per_entrepreneur", int(self.max_per_entrepreneur))
        setattr_(self, "selected_min", int(self.selected_min))
        setattr_(self, "selected_max", float(self.selected_max))
        self._validate()

    def _validate(self) -> None:
        n, a = self.benefit.shape
        g = self.quota_min.shape[0]
        if self.capacity.shape != (a,) or self.cost.shape != (a,):
            raise ValueError(f"capacity and cost must have shape {(a,)}")
        if self.eligible.shape != (n, a):
            raise ValueError(f"eligible must have shape {(n, a)}")
        if self.group.shape != (n,):
            raise ValueError(f"group must have shape {(n,)}")
        if self.quota_max.shape != (g,):
            raise ValueError(f"quota_max must have shape {(g,)}")
        if n and (self.group.min() < 0 or self.group.max() >= g):
            raise ValueError(f"group ids must lie in [0, {g})")
        known = self.benefit[np.isfinite(self.benefit)]
        if np.any(known < 0) or np.any(np.isinf(self.benefit)):
            raise ValueError("benefit must be non-negative (NaN = ineligible)")
        if np.any(self.capacity < 0):
            raise ValueError("capacity must be non-negative")
        if not np.all(np.isfinite(self.cost) & (self.cost >= 0)):
            raise ValueError("cost must be finite and non-negative")
        if not (np.isfinite(self.budget) and self.budget >= 0):
            raise ValueError("budget must be finite and non-negative")
        if self.max_per_entrepreneur < 1:
            raise ValueError("max_per_entrepreneur must be at least 1")
        if np.any(self.quota_min < 0) or np.any(np.isnan(self.quota_max)):
            raise ValueError("quota_min must be non-negative and quota_max given (inf = none)")
        if np.any(self.quota_min > self.quota_max):
            raise ValueError("quota_min exceeds quota_max for some group")
        if self.selected_min < 0 or self.selected_min > self.selected_max:
            raise ValueError("selected_min must lie in [0, selected_max]")

    @property
    def n(self) -> int:
        return self.benefit.shape[0]

    @property
    def n_activities(self) -> int:
        return self.benefit.shape[1]

    @property
    def n_groups(self) -> int:
        return self.quota_min.shape[0]

    @cached_property
    def pair_mask(self) -> np.ndarray:
        """Eligible pairs: the mask and a finite benefit."""
        mask = self.eligible & np.isfinite(self.benefit)
        mask.setflags(write=False)
        return mask


@dataclass(frozen=True)
class ModelSize:
    entrepreneurs: int
    pairs: int
    columns: int
    rows: int
    nonzeros: int


@dataclass(frozen=True)
class AssignmentResult:
    """A solve's outcome; the assignment is the pairs ``(pair_i[k], pair_a[k])``.

    ``status`` is ``optimal`` (proven within ``mip_rel_gap``), ``time_limit`` (the hard limit
    was hit: ``objective`` is the incumbent or None), ``infeasible``, ``feasible`` (greedy
    found a solution, no proof) or ``error``. ``lp_bound`` is the LP relaxation of the solved
    model and ``dual_bound`` the MIP dual bound; both bound the full model's optimum from
    above (the reduction is exact). ``capacity_bound[a]``: every place of ``a`` is taken;
    ``budget_bound[a]``: the money left cannot pay one more place of ``a``.
    """

    method: str
    status: str
    objective: float | None
    dual_bound: float | None
    lp_bound: float | None
    gap: float | None
    solve_seconds: float
    pair_i: np.ndarray
    pair_a: np.ndarray
    selected: np.ndarray
    activity_used: np.ndarray
    capacity_bound: np.ndarray
    budget_used: float
    budget_bound: np.ndarray
    size_full: ModelSize | None = None
    size_solved: ModelSize | None = None
    reduced: bool = False
    reduction_seconds: float = 0.0
    notes: tuple[str, ...] = field(default_factory=tuple)

    @property
    def pairs(self) -> list[tuple[int, int]]:
        return list(zip(self.pair_i.tolist(), self.pair_a.tolist()))

    @property
    def feasible(self) -> bool:
        return self.objective is not None

    @property
    def n_selected(self) -> int:
        return int(self.selected.shape[0])


def relative_gap(objective: float | None, bound: float | None) -> float | None:
    if objective is None or bound is None or not np.isfinite(bound):
        return None
    return max(0.0, bound - objective) / max(abs(bound), 1e-9)


def summarise(
    problem: AssignmentProblem, pair_i: np.ndarray, pair_a: np.ndarray, **fields
) -> AssignmentResult:
    """Build a result from an assignment, with what each activity's places and money did."""
    order = np.lexsort((pair_a, pair_i))
    pair_i = np.asarray(pair_i, dtype=np.int64)[order]
    pair_a = np.asarray(pair_a, dtype=np.int64)[order]
    used = np.bincount(pair_a, minlength=problem.n_activities)
    spent = float(problem.cost[pair_a].sum())
    left = problem.budget - spent
    tolerance = 1e-9 * max(1.0, problem.budget)
    arrays = dict(
        pair_i=pair_i, pair_a=pair_a, selected=np.unique(pair_i), activity_used=used,
        capacity_bound=used >= problem.capacity,
        budget_bound=problem.cost > left + tolerance,
    )
    for array in arrays.values():
        array.setflags(write=False)
    return AssignmentResult(budget_used=spent, **arrays, **fields)
