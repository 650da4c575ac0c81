"""Minimums that cannot be met, found by counting before any solve, so they are named.

For a part g of a partition, at most ``min(U_g, entrepreneurs of g with a usable eligible
pair, Σ_a min(c_a, #eligible for a in g))`` can be selected; the minimums of a partition
together cannot exceed ``N`` (``reduction.total_bound``), nor can ``selected_min``. Anything
subtler is left to the relaxation, whose phase 1 names the rows it cannot meet.
"""

from __future__ import annotations

import numpy as np

from .problem import AssignmentProblem, QuotaShortfall
from .reduction import count_bound, total_bound, usable_activities

JOINT = {"group": "groups", "group2": "groups2"}


def quota_shortfalls(problem: AssignmentProblem) -> tuple[QuotaShortfall, ...]:
    mask = problem.pair_mask & usable_activities(problem)[None, :]
    most = total_bound(problem)
    found: list[QuotaShortfall] = []
    reachable = [most]
    for partition in problem.partitions:
        possible = np.floor(np.minimum(partition.quota_max, count_bound(problem, mask, partition.group,
                                                                             partition.size)) + 1e-9)
        for g in np.flatnonzero(partition.quota_min > possible).tolist():
            found.append(QuotaShortfall(partition.level, g, int(partition.quota_min[g]), int(possible[g])))
        required = int(partition.quota_min.sum())
        if required > most:
            found.append(QuotaShortfall(JOINT[partition.level], -1, required, int(most)))
        reachable.append(float(possible.sum()))
    possible_total = min(reachable)
    if problem.selected_min > possible_total:
        found.append(QuotaShortfall("selected", -1, problem.selected_min, int(possible_total)))
    return tuple(found)


def shortfalls_of_rows(problem: AssignmentProblem, labels: tuple[tuple[str, int], ...],
                       rows: tuple[int, ...]) -> tuple[QuotaShortfall, ...]:
    """The minimums of the relaxation's short rows (phase 1), named by their quota."""
    found = []
    minimums = {p.level: p.quota_min for p in problem.partitions}
    for row in rows:
        level, index = labels[row]
        if level == "selected":
            found.append(QuotaShortfall(level, -1, problem.selected_min, None))
        elif level in minimums:
            found.append(QuotaShortfall(level, index, int(minimums[level][index]), None))
    return tuple(found)


def describe(shortfall: QuotaShortfall) -> str:
    """A short English note (the UI words it from the fields)."""
    where = {"group": f"group {shortfall.index}", "group2": f"group2 {shortfall.index}",
             "groups": "the group minimums together", "groups2": "the group2 minimums together",
             "selected": "the minimum number selected"}[shortfall.level]
    possible = "" if shortfall.possible is None else f", at most {shortfall.possible} possible"
    return f"{where} cannot be met: needs {shortfall.required}{possible}"
