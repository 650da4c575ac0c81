import time

import highspy
import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from uplift.screening.core import greedy_assignment, reduce_model
from uplift.screening.core.columns import EMPTY, build_columns
from uplift.screening.core.highs import csc, csc_lp, make_highs
from uplift.screening.core.lagrangian import relax

from .test_assignment import brute_force, problem, random_problem


def medium_problem(seed, n=300, activities=4, groups=3, groups2=5):
    """Places for about a fifth of the entrepreneurs, money for 70% of them, loose quotas."""
    rng = np.random.default_rng(seed)
    benefit = np.round(rng.random((n, activities)) * 1000, 1)
    benefit[rng.random((n, activities)) < 0.3] = np.nan
    capacity = rng.integers(n // 20, n // 8, activities)
    cost = rng.integers(1, 6, activities) * 1000.0
    share = n / groups / 10
    extra = dict(group2=rng.integers(0, groups2, n), quota2_min=np.full(groups2, int(n / groups2 / 20)),
                 quota2_max=np.full(groups2, np.inf)) if groups2 else {}
    return problem(benefit, capacity, cost, 0.7 * float(capacity @ cost), 2, rng.integers(0, groups, n),
                   np.full(groups, int(share * 0.5)), np.full(groups, int(share * 2)), **extra)


def columns_and_start(p):
    greedy = greedy_assignment(p)
    columns = build_columns(p, reduce_model(p), (greedy.pair_i, greedy.pair_a) if greedy.feasible else None)
    start = columns.choice_of(p, greedy.pair_i, greedy.pair_a) if greedy.feasible else None
    return columns, start


def bundle_lp(columns) -> float:
    """The LP relaxation of the whole bundle model, every option a column, solved at once."""
    e, s = np.nonzero(columns.options)
    cols, rows, vals = columns.entries(e, s)
    k = np.arange(e.size)
    starts, rows, vals = csc(np.concatenate([cols, k]), np.concatenate([rows, columns.n_rows + e]),
                             np.concatenate([vals, np.ones(e.size)]), e.size)
    n = columns.entrepreneurs.size
    highs = make_highs(deadline=time.perf_counter() + 60)
    highs.passModel(csc_lp(
        cost=columns.value[e, s], col_upper=np.ones(e.size), starts=starts, index=rows, values=vals,
        row_lower=np.concatenate([columns.row_lower, np.full(n, -np.inf)]),
        row_upper=np.concatenate([columns.row_upper, np.ones(n)]), integral=False,
    ))
    highs.run()
    assert highs.getModelStatus() == highspy.HighsModelStatus.kOptimal
    return highs.getInfo().objective_function_value


@pytest.mark.parametrize("seed", range(6))
def test_column_generation_reaches_the_lp_optimum(seed):
    p = medium_problem(seed, groups2=5 if seed % 2 else 0)
    columns, start = columns_and_start(p)
    relaxation = relax(columns, start, deadline=time.perf_counter() + 60)
    expected = bundle_lp(columns)
    assert relaxation.status == "optimal"
    assert relaxation.bound == pytest.approx(expected, rel=1e-9, abs=1e-6)
    assert relaxation.master_objective == pytest.approx(expected, rel=1e-9, abs=1e-6)
    assert relaxation.master_columns < columns.options.sum()


def test_phase_one_finds_a_feasible_relaxation_without_a_start():
    p = medium_problem(3, 200)
    columns, start = columns_and_start(p)
    with_start = relax(columns, start, deadline=time.perf_counter() + 60)
    without = relax(columns, None, deadline=time.perf_counter() + 60)
    assert with_start.status == without.status == "optimal"
    assert without.bound == pytest.approx(with_start.bound, rel=1e-9)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 2**32 - 1), n=st.integers(2, 9), groups2=st.sampled_from([0, 2]),
       scale=st.floats(0, 5), data=st.data())
def test_any_duals_of_the_right_signs_bound_the_optimum(seed, n, groups2, scale, data):
    p = random_problem(seed, n, 3, 2, 2, groups2=groups2)
    optimum = brute_force(p)
    if optimum is None:
        return
    columns, _start = columns_and_start(p)
    raw = data.draw(st.lists(st.floats(-1, 1), min_size=columns.n_rows, max_size=columns.n_rows))
    y = columns.clean(np.array(raw) * scale)
    assert columns.bound(y, columns.best(y)) >= optimum - 1e-9


def test_an_empty_start_is_a_valid_start():
    p = medium_problem(8, 100, groups2=0)
    p = problem(p.benefit, p.capacity, p.cost, p.budget, 2, p.group, np.zeros(3, int), p.quota_max)
    columns, _start = columns_and_start(p)
    empty = np.full(columns.entrepreneurs.size, EMPTY)
    assert columns.feasible(empty)
    assert relax(columns, empty, deadline=time.perf_counter() + 60).status == "optimal"
