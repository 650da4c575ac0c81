import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from uplift.screening.core import greedy_assignment

from .test_assignment import NAN, assert_feasible, brute_force, problem, random_problem


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 2**32 - 1), n=st.integers(2, 9), groups2=st.sampled_from([0, 2, 3]))
def test_the_repaired_greedy_selection_meets_every_quota(seed, n, groups2):
    p = random_problem(seed, n, 3, 2, 2, groups2=groups2)
    greedy = greedy_assignment(p)
    if greedy.feasible:
        assert_feasible(p, greedy)
        assert greedy.objective <= brute_force(p) + 1e-9
    else:
        assert greedy.status == "infeasible" and greedy.notes


def test_the_repair_fills_a_province_minimum_inside_its_centre():
    """Centre 0 holds provinces 0 and 1; province 1 needs one selected, its only member has the
    lowest benefit: the repair swaps it in for the weakest pair of its activity."""
    benefit = [[9, NAN], [8, NAN], [1, NAN], [5, 5]]
    p = problem(benefit, [2, 1], [1, 1], 10, 1, [0, 0, 0, 1], [0, 0], [2, 1],
                group2=[0, 0, 1, 2], quota2_min=[0, 1, 0], quota2_max=[np.inf, np.inf, np.inf])
    greedy = greedy_assignment(p)
    assert greedy.status == "feasible"
    assert_feasible(p, greedy)
    assert 2 in greedy.selected.tolist()
    assert greedy.objective == brute_force(p)


def test_the_repair_gives_up_on_the_total_when_only_a_replacement_would_do():
    """Replacing one entrepreneur by another never raises the number selected: no endless loop."""
    p = problem([[3, NAN], [2, NAN], [1, 1]], [1, 0], [1, 1], 10, 1, [0, 0, 0], [0], [np.inf], selected_min=2)
    greedy = greedy_assignment(p)
    assert greedy.status == "infeasible" and "minimum number selected" in greedy.notes[0]
