import time
from itertools import combinations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from uplift.screening.core import (
    AssignmentProblem, activity_standing, greedy_assignment, reduce_model, solve_assignment,
)

NAN = np.nan


def problem(benefit, capacity, cost, budget, m, group, qmin, qmax, **extra):
    return AssignmentProblem(
        benefit=np.array(benefit, dtype=float), capacity=capacity, cost=cost, budget=budget,
        max_per_entrepreneur=m, group=group, quota_min=qmin, quota_max=qmax, **extra,
    )


def random_problem(seed, n, activities, groups, m, *, benefit_levels=6, nan_share=0.25, quota_max_top=3,
                   groups2=0):
    """A small random instance; ``groups2 > 0`` adds a second quota partition (provinces)."""
    rng = np.random.default_rng(seed)
    benefit = rng.integers(0, benefit_levels, (n, activities)).astype(float)
    benefit[rng.random((n, activities)) < nan_share] = NAN
    quota_min = rng.integers(0, 3, groups)
    quota_max = quota_min + rng.integers(0, quota_max_top + 1, groups)
    quota_max = np.where(rng.random(groups) < 0.2, np.inf, quota_max)
    extra = {}
    if groups2:
        quota2_min = rng.integers(0, 2, groups2)
        quota2_max = np.where(rng.random(groups2) < 0.3, np.inf, quota2_min + rng.integers(0, 3, groups2))
        extra = dict(group2=rng.integers(0, groups2, n), quota2_min=quota2_min, quota2_max=quota2_max)
    return problem(
        benefit, rng.integers(0, 4, activities), rng.integers(0, 5, activities), float(rng.integers(0, 16)),
        m, rng.integers(0, groups, n), quota_min, quota_max,
        selected_min=int(rng.integers(0, 3)) if rng.random() < 0.3 else 0, **extra,
    )


def brute_force(p: AssignmentProblem):
    """The optimum over every assignment, by depth-first enumeration; None if infeasible."""
    mask = p.pair_mask
    options = [
        [()] + [s for k in range(1, p.max_per_entrepreneur + 1)
                for s in combinations(np.flatnonzero(mask[i]).tolist(), k)]
        for i in range(p.n)
    ]
    best = [None]
    places = np.zeros(p.n_activities, dtype=int)
    parts = p.partitions
    counts = [np.zeros(part.size, dtype=int) for part in parts]

    def visit(i, spent, value, total):
        if i == p.n:
            if all(np.all(c >= part.quota_min) for c, part in zip(counts, parts)) and total >= p.selected_min:
                if best[0] is None or value > best[0]:
                    best[0] = value
            return
        mine = [part.group[i] for part in parts]
        for bundle in options[i]:
            if bundle:
                cols = list(bundle)
                new_spent = spent + p.cost[cols].sum()
                if new_spent > p.budget + 1e-9 or np.any(places[cols] + 1 > p.capacity[cols]):
                    continue
                if any(c[g] + 1 > part.quota_max[g] for c, g, part in zip(counts, mine, parts)):
                    continue
                if total + 1 > p.selected_max:
                    continue
                places[cols] += 1
                for c, g in zip(counts, mine):
                    c[g] += 1
                visit(i + 1, new_spent, value + p.benefit[i, cols].sum(), total + 1)
                places[cols] -= 1
                for c, g in zip(counts, mine):
                    c[g] -= 1
            else:
                visit(i + 1, spent, value, total)

    visit(0, 0.0, 0.0, 0)
    return best[0]


def assert_feasible(p: AssignmentProblem, result):
    i, a = result.pair_i, result.pair_a
    assert np.all(p.pair_mask[i, a])
    assert len(set(zip(i.tolist(), a.tolist()))) == i.size
    per_entrepreneur = np.bincount(i, minlength=p.n)
    assert per_entrepreneur.max(initial=0) <= p.max_per_entrepreneur
    assert np.all(np.bincount(a, minlength=p.n_activities) <= p.capacity)
    assert p.cost[a].sum() <= p.budget + 1e-6
    selected = np.flatnonzero(per_entrepreneur)
    for part in p.partitions:
        counts = np.bincount(part.group[selected], minlength=part.size)
        assert np.all(counts >= part.quota_min) and np.all(counts <= part.quota_max)
    assert p.selected_min <= selected.size <= p.selected_max
    assert result.objective == pytest.approx(p.benefit[i, a].sum(), abs=1e-6)
    np.testing.assert_array_equal(result.selected, selected)


@pytest.mark.parametrize("method", ["lagrangian", "milp"])
@pytest.mark.parametrize("seed", range(30))
def test_matches_brute_force_on_small_instances(seed, method):
    rng = np.random.default_rng(1000 + seed)
    activities = int(rng.integers(2, 4))
    m = int(rng.integers(1, activities + 1))
    n = 6 if m == 1 or activities == 2 else 5
    p = random_problem(seed, n, activities, int(rng.integers(1, 3)), m)
    expected = brute_force(p)
    result = solve_assignment(p, time_limit=10, mip_rel_gap=0, method=method)
    if expected is None:
        assert result.status == "infeasible"
        return
    assert result.status == "optimal"
    assert result.objective == pytest.approx(expected, abs=1e-6)
    assert result.gap == pytest.approx(0, abs=1e-9)
    assert_feasible(p, result)


@pytest.mark.parametrize("seed", range(30))
def test_centre_and_province_quotas_together_match_brute_force(seed):
    rng = np.random.default_rng(2000 + seed)
    activities = int(rng.integers(2, 4))
    p = random_problem(seed, 6, activities, 2, int(rng.integers(1, 3)), groups2=int(rng.integers(2, 4)),
                       quota_max_top=2)
    expected = brute_force(p)
    result = solve_assignment(p, time_limit=10, mip_rel_gap=0)
    if expected is None:
        assert result.status == "infeasible"
        return
    assert result.status == "optimal"
    assert result.objective == pytest.approx(expected, abs=1e-6)
    assert_feasible(p, result)


def test_whole_bundles_survive_the_reduction():
    """i is outside the top-1 for activity 0 but its bundle {0, 1} is the optimum."""
    p = problem([[2, 0], [1, 10], [0, 0]], [1, 1], [1, 1], 10, 2, [0, 0, 0], [0], [1])
    assert brute_force(p) == 11
    result = solve_assignment(p, mip_rel_gap=0)
    assert result.objective == pytest.approx(11)
    assert result.pairs == [(1, 0), (1, 1)]


def test_reduction_drops_most_of_a_large_group():
    p = random_problem(5, 400, 4, 2, 2, benefit_levels=1000, nan_share=0.1)
    p = problem(p.benefit, [3, 3, 2, 2], [1, 2, 1, 3], 12, 2, p.group, [1, 1], [3, 4])
    reduction = reduce_model(p)
    assert reduction.applied and reduction.group_bound.tolist() == [3, 4]
    assert reduction.keep.any(axis=1).sum() < 0.25 * p.n
    reduced, full = solve_assignment(p, mip_rel_gap=0), solve_assignment(p, reduce=False, mip_rel_gap=0)
    assert reduced.objective == pytest.approx(full.objective)
    assert reduced.size_solved.columns < full.size_solved.columns == full.size_full.columns


instances = st.builds(
    random_problem,
    seed=st.integers(0, 2**32 - 1),
    n=st.integers(2, 16),
    activities=st.integers(1, 4),
    groups=st.integers(1, 3),
    m=st.integers(1, 3),
    groups2=st.sampled_from([0, 0, 2, 4]),
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(p=instances)
def test_reduced_optimum_equals_full_optimum(p):
    """The new method, the reduced pair model and the literal full model agree, with any quotas."""
    reduced = solve_assignment(p, time_limit=20, mip_rel_gap=0)
    pairs = solve_assignment(p, time_limit=20, mip_rel_gap=0, method="milp")
    full = solve_assignment(p, time_limit=20, mip_rel_gap=0, reduce=False)
    assert {reduced.status, pairs.status, full.status} <= {"optimal", "infeasible"}
    assert reduced.status == pairs.status == full.status
    greedy = greedy_assignment(p)
    if full.status == "infeasible":
        assert greedy.status == "infeasible"
        return
    assert reduced.objective == pytest.approx(full.objective, abs=1e-6)
    assert pairs.objective == pytest.approx(full.objective, abs=1e-6)
    for result in (reduced, pairs, full):
        assert_feasible(p, result)
    assert reduced.lp_bound >= reduced.objective - 1e-6
    assert reduced.dual_bound >= reduced.objective - 1e-6
    if greedy.feasible:
        assert_feasible(p, greedy)
        assert greedy.objective <= reduced.objective + 1e-6


def test_greedy_repairs_minimum_quotas():
    benefit = [[9, 9], [8, 8], [7, 7], [1, NAN]]
    p = problem(benefit, [2, 1], [1, 1], 3, 1, [0, 0, 0, 1], [0, 1], [3, 1])
    greedy = greedy_assignment(p)
    assert greedy.status == "feasible"
    assert_feasible(p, greedy)
    assert 3 in greedy.selected.tolist()
    assert greedy.objective <= solve_assignment(p).objective


def test_binding_constraints_are_reported():
    p = problem([[5, 1], [4, 1], [3, 1]], [1, 5], [10, 1], 13.5, 1, [0, 0, 0], [0], [3])
    result = solve_assignment(p)
    assert result.status == "optimal" and result.objective == pytest.approx(7)
    assert result.capacity_bound.tolist() == [True, False]
    assert result.budget_bound.tolist() == [True, False]
    assert result.activity_used.tolist() == [1, 2]
    assert result.budget_used == pytest.approx(12)
    standing = activity_standing(p, result, 1)
    assert [(s.taken, s.rank, s.eligible_count) for s in standing] == [(False, 2, 3), (True, 1, 3)]
    assert standing[0].places_full and standing[0].money_short and not standing[1].places_full


def test_infeasible_quota_is_reported():
    p = problem([[1, 1], [1, 1]], [1, 1], [1, 1], 10, 1, [0, 0], [3], [3])
    assert solve_assignment(p).status == "infeasible"
    assert solve_assignment(p, reduce=False).status == "infeasible"
    assert greedy_assignment(p).status == "infeasible"


def national_like(n, seed=0):
    rng = np.random.default_rng(seed)
    benefit = rng.random((n, 7)) * 1000
    return problem(benefit, [300] * 7, rng.integers(10, 50, 7), 40_000, 2, rng.integers(0, 11, n),
                   [40] * 11, [200] * 11)


def test_time_limit_is_honoured():
    p = national_like(20_000)
    started = time.perf_counter()
    result = solve_assignment(p, time_limit=0.05)
    elapsed = time.perf_counter() - started
    assert result.status == "time_limit"
    assert elapsed < 2.0
    assert result.objective is not None and result.gap is not None


@pytest.mark.parametrize("method", ["lagrangian", "milp"])
def test_a_capped_solve_returns_the_incumbent_with_its_proven_gap(method):
    p = national_like(3_000, seed=4)
    greedy = greedy_assignment(p)
    capped = solve_assignment(p, time_limit=0, method=method)
    assert capped.status == "time_limit" and capped.incumbent_source == "greedy"
    assert capped.objective == pytest.approx(greedy.objective)
    assert capped.dual_bound >= capped.objective and 0 < capped.gap < 1
    assert capped.gap == pytest.approx((capped.dual_bound - capped.objective) / capped.dual_bound)
    assert_feasible(p, capped)
    solved = solve_assignment(p, time_limit=60, mip_rel_gap=1e-4)
    assert solved.status == "optimal" and solved.gap <= 1e-4
    assert solved.dual_bound <= capped.dual_bound + 1e-6 and solved.objective >= capped.objective
    assert_feasible(p, solved)


def test_a_failed_greedy_repair_does_not_stop_the_solve():
    """Greedy gives the only place of activity 0 to entrepreneur 1 and cannot take it back for
    group 0's minimum; the solve starts from the relaxation's phase 1 and finds the optimum."""
    p = problem([[5, NAN], [10, 1]], [1, 1], [1, 1], 10, 1, [0, 1], [1, 1], [1, 1])
    assert greedy_assignment(p).status == "infeasible"
    assert brute_force(p) == 6
    result = solve_assignment(p, mip_rel_gap=0)
    assert result.status == "optimal" and result.objective == pytest.approx(6)
    assert result.incumbent_source == "restricted" and result.pairs == [(0, 0), (1, 1)]


def test_invalid_problems_are_refused():
    with pytest.raises(ValueError):
        problem([[1, 1]], [1, 1], [1, 1], 1, 1, [0], [2], [1])
    with pytest.raises(ValueError):
        problem([[-1, 1]], [1, 1], [1, 1], 1, 1, [0], [0], [1])
    with pytest.raises(ValueError):
        problem([[1, 1]], [1, 1], [1, 1], 1, 0, [0], [0], [1])
    with pytest.raises(ValueError):
        problem([[1, 1]], [1, 1], [1, 1], 1, 1, [1], [0], [1])
