import time

import numpy as np
import pytest

from uplift.screening.core import solve_assignment
from uplift.screening.core import restricted as restricted_module
from uplift.screening.core.lagrangian import relax
from uplift.screening.core.restricted import restricted_solve

from .test_assignment import assert_feasible
from .test_lagrangian import columns_and_start, medium_problem


@pytest.mark.parametrize("seed", range(8))
def test_a_small_first_model_still_ends_at_the_proven_optimum(seed, monkeypatch):
    """With one free entrepreneur at first, the threshold has to grow round by round; the
    result is still the full model's optimum, proven."""
    monkeypatch.setattr(restricted_module, "FIRST_FREE", 1)
    monkeypatch.setattr(restricted_module, "GROWTH", 2)
    p = medium_problem(seed, 60, activities=3, groups=2, groups2=3 if seed % 2 else 0)
    result = solve_assignment(p, time_limit=60, mip_rel_gap=0)
    full = solve_assignment(p, time_limit=60, mip_rel_gap=0, reduce=False)
    assert result.status == full.status == "optimal"
    assert result.objective == pytest.approx(full.objective, abs=1e-6)
    assert result.dual_bound == pytest.approx(result.objective, abs=1e-6)
    assert_feasible(p, result)


def test_at_the_deadline_the_incumbent_and_the_lagrangian_bound_are_kept():
    p = medium_problem(2, 3000, groups=11, groups2=0)
    columns, start = columns_and_start(p)
    relaxation = relax(columns, start, deadline=time.perf_counter() + 60)
    late = restricted_solve(columns, relaxation.duals, relaxation.bound, start, mip_rel_gap=0,
                            deadline=time.perf_counter() - 1)
    assert not late.improved and np.array_equal(late.choice, start)
    assert late.objective == pytest.approx(columns.value_of(start))
    assert late.objective <= late.bound <= relaxation.bound
    on_time = restricted_solve(columns, relaxation.duals, relaxation.bound, start, mip_rel_gap=0,
                               deadline=time.perf_counter() + 60)
    assert on_time.improved and on_time.objective == pytest.approx(on_time.bound, abs=1e-6)
    assert columns.feasible(on_time.choice)
    assert on_time.size.entrepreneurs < columns.entrepreneurs.size
