"""Why an entrepreneur is in or out: per activity, its rank among the eligible and what bound."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .problem import AssignmentProblem, AssignmentResult


@dataclass(frozen=True)
class ActivityStanding:
    activity: int
    eligible: bool
    taken: bool
    benefit: float | None
    rank: int | None
    eligible_count: int
    places_full: bool
    money_short: bool


def activity_standing(problem: AssignmentProblem, result: AssignmentResult, i: int) -> list[ActivityStanding]:
    """One row per activity: rank 1 is the highest expected benefit among the eligible
    (ties share the better rank), with whether its places ran out and whether the money left
    could not pay one more place of it."""
    mask = problem.pair_mask
    taken = set(result.pair_a[result.pair_i == i].tolist())
    rows = []
    for a in range(problem.n_activities):
        column = problem.benefit[mask[:, a], a]
        eligible = bool(mask[i, a])
        value = float(problem.benefit[i, a]) if eligible else None
        rank = int(np.count_nonzero(column > value)) + 1 if eligible else None
        rows.append(ActivityStanding(
            activity=a, eligible=eligible, taken=a in taken, benefit=value, rank=rank,
            eligible_count=int(column.size), places_full=bool(result.capacity_bound[a]),
            money_short=bool(result.budget_bound[a]),
        ))
    return rows
