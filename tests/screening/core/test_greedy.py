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


def _reference_fill_total(state) -> bool:
    """The repair's step for the total's minimum as first written: every unselected open entrepreneur's
    best direct pair, else the best swap against the least-benefit removable pair, over the whole matrix."""
    everyone = np.arange(state.p.n)
    candidates = everyone[(state.count == 0) & state.open_mask(everyone)]
    if candidates.size == 0:
        return False
    sub_mask = state.mask[candidates]
    fits = (state.places_left > 0) & (state.p.cost <= state.money_left + state.tolerance)
    direct = np.where(sub_mask & fits[None, :], state.benefit[candidates], -np.inf)
    if np.isfinite(direct).any():
        k, a = np.unravel_index(np.argmax(direct), direct.shape)
        state.add(int(candidates[k]), int(a))
        return True
    worst = np.where(state.assigned & (state.count >= 2)[:, None], state.benefit, np.inf)
    out_i = np.argmin(worst, axis=0)
    out_value = worst[out_i, np.arange(state.p.n_activities)]
    gain = np.where(sub_mask & np.isfinite(out_value)[None, :], state.benefit[candidates] - out_value[None, :], -np.inf)
    if not np.isfinite(gain).any():
        return False
    k, a = np.unravel_index(np.argmax(gain), gain.shape)
    state.remove(int(out_i[a]), int(a))
    state.add(int(candidates[k]), int(a))
    return True


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 2**32 - 1), n=st.integers(3, 40), m=st.integers(1, 3), groups2=st.sampled_from([0, 3]),
       from_empty=st.booleans())
def test_the_ranked_fill_of_the_total_chooses_as_the_whole_matrix_does(seed, n, m, groups2, from_empty):
    """The total's minimum is filled by pointers over ranked candidates; step by step it makes the same
    choices, ties included (benefits are small integers), as the whole-matrix reading it replaced. From an
    empty selection every step is a direct fit; after the pass and the quotas' repair, mostly swaps."""
    from dataclasses import replace

    from uplift.screening.core.greedy import _Ranked, _State

    rng = np.random.default_rng(seed)
    p = random_problem(seed, n, 4, 2, m, groups2=groups2, quota_max_top=n)
    p = replace(p, capacity=rng.integers(1, n, p.n_activities), budget=float(rng.integers(n, 4 * n)),
                selected_min=int(rng.integers(1, n + 1)))
    fast, slow = _State(p), _State(p)
    for state in (fast, slow):
        if not from_empty:
            state.greedy_pass()
            if state.repair_quotas():
                return
    ranked = _Ranked(fast)
    while True:
        moved = ranked.fill_one()
        assert moved == _reference_fill_total(slow)
        assert (fast.assigned == slow.assigned).all()
        if not moved or fast.total >= p.selected_min:
            break
