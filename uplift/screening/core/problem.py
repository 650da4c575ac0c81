"""The assignment problem and its result, as frozen contracts.

The model (all variables binary; only eligible pairs get an ``x``)::

    max  Σ B[i,a] · x[i,a]
    s.t. x[i,a] ≤ y[i]                      a pair needs its entrepreneur selected
         y[i] ≤ Σ_a x[i,a] ≤ m · y[i]         selected ⇔ at least one, at most m activities
         Σ_i x[i,a] ≤ capacity[a]             places per activity
         Σ cost[a] · x[i,a] ≤ budget          one budget for every place
         quota_min[g] ≤ Σ_{i∈g} y[i] ≤ quota_max[g]
         quota2_min[h] ≤ Σ_{i∈h} y[i] ≤ quota2_max[h]   (when a second partition is given)
         selected_min ≤ Σ_i y[i] ≤ selected_max

``group`` and the optional ``group2`` are two partitions of the entrepreneurs, each with its
own quotas: typically regional centres and provinces (nested or not, both hold together).

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
class Partition:
    """One level of quotas: ``group[i]`` is entrepreneur i's part, with its minimum and maximum."""

    level: str
    group: np.ndarray
    quota_min: np.ndarray
    quota_max: np.ndarray

    @property
    def size(self) -> int:
        return int(self.quota_min.shape[0])


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
    group2: np.ndarray | None = None
    quota2_min: np.ndarray | None = None
    quota2_max: np.ndarray | None = None

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
        if self.group2 is not None:
            setattr_(self, "group2", _readonly(self.group2, np.int64, "group2", 1))
            setattr_(self, "quota2_min", _readonly(self.quota2_min, np.int64, "quota2_min", 1))
            setattr_(self, "quota2_max", _readonly(self.quota2_max, float, "quota2_max", 1))
        elif self.quota2_min is not None or self.quota2_max is not None:
            raise ValueError("quota2_min/quota2_max need group2")
        self._validate()

    def _validate(self) -> None:
        n, a = self.benefit.shape
        if self.capacity.shape != (a,) or self.cost.shape != (a,):
            raise ValueError(f"capacity and cost must have shape {(a,)}")
        if self.eligible.shape != (n, a):
            raise ValueError(f"eligible must have shape {(n, a)}")
        for partition in self.partitions:
            name, size = partition.level, partition.quota_min.shape[0]
            if partition.group.shape != (n,):
                raise ValueError(f"{name} must have shape {(n,)}")
            if partition.quota_max.shape != (size,):
                raise ValueError(f"the maximum quotas of {name} must have shape {(size,)}")
            if n and (partition.group.min() < 0 or partition.group.max() >= size):
                raise ValueError(f"{name} ids must lie in [0, {size})")
            if np.any(partition.quota_min < 0) or np.any(np.isnan(partition.quota_max)):
                raise ValueError("quota minimums must be non-negative and maximums given (inf = none)")
            if np.any(partition.quota_min > partition.quota_max):
                raise ValueError(f"a minimum quota exceeds its maximum in {name}")
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
    def partitions(self) -> tuple[Partition, ...]:
        """The quota partitions: ``group`` and, when given, ``group2``."""
        first = Partition("group", self.group, self.quota_min, self.quota_max)
        if self.group2 is None:
            return (first,)
        return first, Partition("group2", self.group2, self.quota2_min, self.quota2_max)

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
class QuotaShortfall:
    """A minimum that cannot be met: ``level`` is ``group``/``group2`` (``index`` the part),
    ``groups``/``groups2`` (the minimums of the level together; index -1) or ``selected``
    (the minimum number selected; index -1). ``possible`` is the most that can be selected
    there when a simple count proves it, None when only the relaxation's certificate does."""

    level: str
    index: int
    required: int
    possible: int | None


@dataclass(frozen=True)
class AssignmentResult:
    """A solve's outcome; the assignment is the pairs ``(pair_i[k], pair_a[k])``.

    ``status`` is ``optimal`` (proven within ``mip_rel_gap``), ``time_limit`` (the hard limit
    was hit: ``objective`` is the best selection found — None only when not even the greedy
    one met the quotas), ``infeasible`` (``infeasible_quotas`` names the minimums that cannot
    be met when a count or the relaxation proves it), ``feasible`` (greedy, no proof),
    ``killed`` or ``error``. ``lp_bound`` is the LP relaxation of the (exactly reduced) model
    and ``dual_bound`` the proven bound on the optimum; ``gap`` is ``(dual_bound − objective)
    / dual_bound``, the proven distance to the best possible. ``capacity_bound[a]``: every
    place of ``a`` is taken; ``budget_bound[a]``: the money left cannot pay one more place of
    ``a``. ``incumbent_source`` says where the returned selection comes from (``greedy``,
    ``restricted`` — the reduced-cost-fixed MIP of ``lagrangian`` — or ``solver``);
    ``phases`` holds (name, seconds) per stage.
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
    incumbent_source: str = ""
    infeasible_quotas: tuple[QuotaShortfall, ...] = ()
    phases: tuple[tuple[str, float], ...] = ()

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
