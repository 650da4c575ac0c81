import numpy as np
import pytest

from uplift.screening.core import QuotaShortfall, solve_assignment

from .test_assignment import problem


def test_a_minimum_beyond_the_members_of_a_group_is_named():
    p = problem([[1, 1], [2, 1], [3, 1]], [5, 5], [1, 1], 10, 1, [0, 1, 1], [1, 3], [1, 3])
    result = solve_assignment(p)
    assert result.status == "infeasible" and result.objective is None
    assert result.infeasible_quotas == (QuotaShortfall("group", 1, 3, 2),)
    assert "group 1" in result.notes[0]


def test_a_province_minimum_is_named_beside_centre_quotas():
    p = problem([[1, 1]] * 4, [5, 5], [1, 1], 10, 1, [0, 0, 1, 1], [1, 1], [2, 2],
                group2=[0, 1, 2, 2], quota2_min=[0, 2, 1], quota2_max=[1, 2, 2])
    result = solve_assignment(p)
    assert result.status == "infeasible"
    assert result.infeasible_quotas == (QuotaShortfall("group2", 1, 2, 1),)


def test_minimums_together_beyond_the_places_are_named():
    p = problem([[1, NAN]] * 6, [3, 0], [1, 1], 10, 1, [0, 0, 1, 1, 2, 2], [2, 1, 1], [2, 2, 2])
    result = solve_assignment(p)
    assert result.status == "infeasible"
    assert QuotaShortfall("groups", -1, 4, 3) in result.infeasible_quotas


def test_the_minimum_number_selected_is_named():
    p = problem([[1, 1]] * 3, [5, 5], [1, 1], 10, 1, [0, 0, 0], [0], [np.inf], selected_min=4)
    result = solve_assignment(p)
    assert result.status == "infeasible"
    assert result.infeasible_quotas == (QuotaShortfall("selected", -1, 4, 3),)


@pytest.mark.parametrize("n", [2, 400])
def test_the_relaxation_names_a_minimum_the_budget_cannot_pay(n):
    """Counts pass (two places, one member each), but the money pays one place of activity 0:
    the relaxation's phase 1 proves it and names a group, at any size, without a time-out."""
    benefit = np.full((n, 2), NAN)
    benefit[:, 0] = np.arange(n) % 7
    group = np.where(np.arange(n) < n // 2, 0, 1)
    p = problem(benefit, [2, 1], [10, 1], 15, 1, group, [1, 1], [5, 5])
    result = solve_assignment(p, time_limit=30)
    assert result.status == "infeasible" and result.objective is None
    assert len(result.infeasible_quotas) == 1
    shortfall = result.infeasible_quotas[0]
    assert shortfall.level == "group" and shortfall.index in (0, 1) and shortfall.possible is None


NAN = np.nan
