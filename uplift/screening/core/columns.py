"""The reduced model in bundle form: one column per option "entrepreneur i takes bundle S".

Every option hits the same few *coupling rows* — the places of S's activities, the budget,
i's part of each quota partition and the total — plus i's own row ``Σ_S z[i,S] ≤ 1``. A
dual vector ``y`` on the coupling rows prices each option at
``r_i(S) = v_i(S) − Σ_{a∈S}(y_a + k_a·y_budget) − Σ_parts y_part(i) − y_total``, and

    L(y) = Σ_i max(0, max_S r_i(S)) + Σ_rows (y_r·upper_r if y_r > 0 else y_r·lower_r)

bounds the optimum from above for *any* ``y`` of the right signs (``y_r ≥ 0`` only with a
finite upper bound, ``≤ 0`` only with a finite lower one): for a feasible selection,
``objective = Σ_i r_i(S_i) + Σ_r y_r·(row activity)_r``, and each term is at most its part of
L. The same identity gives the *loss* of an option, ``max(0, max_S r_i(S)) − r_i(S)`` (for
the empty option: ``max(0, max_S r_i(S))``): a selection's objective is at most L minus the
losses of the options it uses.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np

from .problem import AssignmentProblem
from .reduction import Reduction

EMPTY = -1


@dataclass(frozen=True)
class Columns:
    """``value[e, s]`` is entrepreneur ``entrepreneurs[e]``'s value for ``bundles[s]`` (-inf
    when not an option); ``part_rows[e]`` its quota rows; rows ``[places | budget | parts of
    each partition | total]`` with bounds ``row_lower``/``row_upper`` and ``row_labels``."""

    bundles: tuple[tuple[int, ...], ...]
    usage: np.ndarray
    bundle_cost: np.ndarray
    entrepreneurs: np.ndarray
    value: np.ndarray
    part_rows: np.ndarray
    row_lower: np.ndarray
    row_upper: np.ndarray
    row_labels: tuple[tuple[str, int], ...]

    @cached_property
    def value_t(self) -> np.ndarray:
        return np.ascontiguousarray(self.value.T)

    @property
    def n_rows(self) -> int:
        return int(self.row_lower.size)

    @property
    def options(self) -> np.ndarray:
        return np.isfinite(self.value)

    @property
    def budget_row(self) -> int:
        return int(self.usage.shape[1])

    def clean(self, y: np.ndarray) -> np.ndarray:
        """The duals with the signs the bound needs (and nothing on a free side)."""
        y = np.asarray(y, dtype=float).copy()
        y[(y > 0) & ~np.isfinite(self.row_upper)] = 0.0
        y[(y < 0) & ~np.isfinite(self.row_lower)] = 0.0
        return y

    def prices(self, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """What ``y`` charges per bundle and per entrepreneur."""
        places = self.usage @ y[: self.budget_row] + self.bundle_cost * y[self.budget_row]
        return places, y[self.part_rows].sum(axis=1) + y[-1]

    def reduced(self, y: np.ndarray, value: np.ndarray | None = None) -> np.ndarray:
        """``r_i(S)`` for every option (-inf elsewhere)."""
        value = self.value if value is None else value
        places, per_entrepreneur = self.prices(y)
        return value - places[None, :] - per_entrepreneur[:, None]

    def best(self, y: np.ndarray, value_t: np.ndarray | None = None) -> np.ndarray:
        """Each entrepreneur's best ``r_i(S)`` (from the transposed values, ``value_t`` or
        ``self.value_t``; the per-entrepreneur price comes after the max)."""
        value_t = self.value_t if value_t is None else value_t
        places, per_entrepreneur = self.prices(y)
        return (value_t - places[:, None]).max(axis=0, initial=-np.inf) - per_entrepreneur

    def best_bundle(self, y: np.ndarray, e: np.ndarray, zero: bool = False) -> np.ndarray:
        """The bundle of ``best`` for the entrepreneurs ``e`` (``zero``: every value 0)."""
        places, _per_entrepreneur = self.prices(y)
        rows = self.value[e]
        if zero:
            rows = np.where(np.isfinite(rows), 0.0, -np.inf)
        return (rows - places[None, :]).argmax(axis=1)

    def option_reduced(self, y: np.ndarray, e: np.ndarray, s: np.ndarray) -> np.ndarray:
        places, per_entrepreneur = self.prices(y)
        return self.value[e, s] - places[s] - per_entrepreneur[e]

    def bound(self, y: np.ndarray, best: np.ndarray) -> float:
        """``L(y)`` from the cleaned duals and each entrepreneur's best ``r``."""
        rows = np.where(y > 0, y * np.where(np.isfinite(self.row_upper), self.row_upper, 0.0),
                        y * np.where(np.isfinite(self.row_lower), self.row_lower, 0.0))
        return float(np.maximum(best, 0.0).sum() + rows.sum())

    def entries(self, e: np.ndarray, s: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Coupling-row triplets ``(column, row, value)`` of the options ``(e[k], s[k])``."""
        k = np.arange(e.size)
        column, activity = np.nonzero(self.usage[s])
        paid = self.bundle_cost[s] != 0
        parts = self.part_rows.shape[1]
        cols = [column, k[paid]] + [k] * (parts + 1)
        rows = [activity, np.full(int(paid.sum()), self.budget_row)]
        rows += [self.part_rows[e, p] for p in range(parts)] + [np.full(e.size, self.n_rows - 1)]
        vals = [np.ones(column.size), self.bundle_cost[s][paid]] + [np.ones(e.size)] * (parts + 1)
        return np.concatenate(cols), np.concatenate(rows).astype(np.int64), np.concatenate(vals)

    def usage_of(self, e: np.ndarray, s: np.ndarray) -> np.ndarray:
        """Row activities of a set of options."""
        cols, rows, vals = self.entries(e, s)
        return np.bincount(rows, weights=vals, minlength=self.n_rows)

    def feasible(self, choice: np.ndarray) -> bool:
        """Every coupling row within its bounds (to a relative 1e-9)."""
        chosen = np.flatnonzero(choice != EMPTY)
        used = self.usage_of(chosen, choice[chosen])
        slack = 1e-9 * np.maximum(1.0, np.abs(np.where(np.isfinite(self.row_upper), self.row_upper, 0.0)))
        return bool(np.all(used <= self.row_upper + slack) and np.all(used >= self.row_lower - slack))

    def choice_of(self, problem: AssignmentProblem, pair_i: np.ndarray, pair_a: np.ndarray) -> np.ndarray | None:
        """A selection as one option per entrepreneur (``EMPTY`` = not selected), or None when
        one of its bundles or entrepreneurs is not among the columns."""
        code = np.full(1 << problem.n_activities, EMPTY, dtype=np.int64)
        for s, bundle in enumerate(self.bundles):
            code[sum(1 << a for a in bundle)] = s
        mask = np.zeros(problem.n, dtype=np.int64)
        np.add.at(mask, pair_i, np.left_shift(1, pair_a))
        local = np.full(problem.n, EMPTY, dtype=np.int64)
        local[self.entrepreneurs] = np.arange(self.entrepreneurs.size)
        selected = np.flatnonzero(mask)
        if np.any(local[selected] < 0) or np.any(code[mask[selected]] < 0):
            return None
        choice = np.full(self.entrepreneurs.size, EMPTY, dtype=np.int64)
        choice[local[selected]] = code[mask[selected]]
        if not np.all(np.isfinite(self.value[local[selected], choice[local[selected]]])):
            return None
        return choice

    def pairs_of(self, choice: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        chosen = np.flatnonzero(choice != EMPTY)
        pair_i = [np.full(len(self.bundles[s]), self.entrepreneurs[e]) for e, s in zip(chosen, choice[chosen])]
        pair_a = [np.array(self.bundles[s]) for s in choice[chosen]]
        if not pair_i:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
        return np.concatenate(pair_i).astype(np.int64), np.concatenate(pair_a).astype(np.int64)

    def value_of(self, choice: np.ndarray) -> float:
        chosen = np.flatnonzero(choice != EMPTY)
        return float(self.value[chosen, choice[chosen]].sum())


def build_columns(problem: AssignmentProblem, reduction: Reduction,
                  extra: tuple[np.ndarray, np.ndarray] | None = None) -> Columns:
    """The options the exact reduction keeps, plus those of ``extra`` (a selection's pairs),
    which only adds feasible options of the full model."""
    bundles = reduction.bundle_list
    n_activities = problem.n_activities
    usage = np.zeros((len(bundles), n_activities))
    for s, bundle in enumerate(bundles):
        usage[s, list(bundle)] = 1.0
    options = np.array(reduction.options, dtype=bool)
    if extra is not None and extra[0].size:
        code = {sum(1 << a for a in bundle): s for s, bundle in enumerate(bundles)}
        mask = np.zeros(problem.n, dtype=np.int64)
        np.add.at(mask, extra[0], np.left_shift(1, extra[1]))
        for i in np.flatnonzero(mask).tolist():
            options[i, code[int(mask[i])]] = True
    entrepreneurs = np.flatnonzero(options.any(axis=1))
    benefit = np.where(problem.pair_mask, problem.benefit, 0.0)[entrepreneurs]
    value = np.where(options[entrepreneurs], benefit @ usage.T, -np.inf)
    first_part = n_activities + 1
    part_rows, lower, upper = [], [], []
    labels = [("places", a) for a in range(n_activities)] + [("budget", -1)]
    offset = first_part
    for partition in problem.partitions:
        part_rows.append(offset + partition.group[entrepreneurs])
        lower.append(partition.quota_min.astype(float))
        upper.append(partition.quota_max.astype(float))
        labels += [(partition.level, g) for g in range(partition.size)]
        offset += partition.size
    labels.append(("selected", -1))
    row_lower = np.concatenate([np.full(first_part, -np.inf), *lower, [float(problem.selected_min)]])
    row_upper = np.concatenate([problem.capacity.astype(float), [problem.budget], *upper, [problem.selected_max]])
    for array in (usage, value, row_lower, row_upper):
        array.setflags(write=False)
    return Columns(
        bundles=bundles, usage=usage, bundle_cost=usage @ problem.cost, entrepreneurs=entrepreneurs, value=value,
        part_rows=np.stack(part_rows, axis=1), row_lower=row_lower, row_upper=row_upper, row_labels=tuple(labels),
    )
