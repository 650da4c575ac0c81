import json

import numpy as np
import pytest

from uplift.outcomes.evaluation import evaluate
from uplift.outcomes.evaluation.bootstrap import cluster_bootstrap
from uplift.outcomes.evaluation.did import (
    twfe,
    twfe_balanced,
    twfe_bootstrap_statistic,
    twfe_grouped,
    twfe_panelols,
)
from uplift.outcomes.evaluation.synthetic import simulate_panel

COLUMNS = dict(unit="unit", time="month", outcome="y", treated="group", post="post")


@pytest.fixture(scope="module")
def planted():
    return evaluate(simulate_panel(effect=5.0, seed=1), **COLUMNS)


def test_ci_covers_the_planted_effect(planted):
    assert planted.ci_low < 5.0 < planted.ci_high
    assert planted.ci_high - planted.ci_low < 0.5
    assert planted.bootstrap_ci[0] < 5.0 < planted.bootstrap_ci[1]
    assert planted.bootstrap_se == pytest.approx(planted.se, rel=0.3)
    assert (planted.n_units, planted.n_periods, planted.n_obs) == (400, 24, 9600)


def test_ci_covers_zero_without_an_effect():
    ev = evaluate(simulate_panel(effect=0.0, seed=2), **COLUMNS)
    assert ev.ci_low < 0.0 < ev.ci_high
    assert ev.bootstrap_ci[0] < 0.0 < ev.bootstrap_ci[1]


def test_weighted_fast_path_equals_panelols():
    rng = np.random.default_rng(3)
    y = rng.normal(size=(60, 8))
    x = rng.normal(size=(60, 8, 2))
    w = rng.integers(0, 4, 60).astype(float)
    fast, library = twfe_balanced(y, x, w), twfe_panelols(y, x, w)
    np.testing.assert_allclose(fast.coef, library.coef, rtol=1e-9)
    np.testing.assert_allclose(fast.cov, library.cov, rtol=1e-7)
    assert fast.n_clusters == library.n_clusters == int((w > 0).sum())


def test_unbalanced_panel_goes_through_panelols():
    rng = np.random.default_rng(4)
    y = rng.normal(size=(40, 6))
    y[3, 2] = np.nan
    fit = twfe(y, rng.normal(size=(40, 6, 1)))
    assert fit.n_obs == 239


def test_bootstrap_statistic_matches_refits():
    rng = np.random.default_rng(5)
    y, x, w = rng.normal(size=(30, 5)), rng.normal(size=(30, 5, 1)), rng.integers(1, 3, 30).astype(float)
    counts = rng.integers(0, 3, size=(4, 30)).astype(float)
    fast = twfe_bootstrap_statistic(y, x, w)(counts)
    refit = np.array([twfe_balanced(y, x, c * w).coef for c in counts])
    np.testing.assert_allclose(fast, refit, rtol=1e-9)


def test_cluster_bootstrap_is_reproducible_and_drops_degenerate_draws():
    def stat(counts):
        return np.where(counts[:, 0] > 0, counts.mean(axis=1), np.nan)[:, None]

    a = cluster_bootstrap(stat, 5, draws=50, seed=7)
    b = cluster_bootstrap(stat, 5, draws=50, seed=7)
    np.testing.assert_array_equal(a.draws, b.draws)
    assert a.failed > 0 and a.draws.shape[0] + a.failed == 50


def test_json_form(planted):
    data = json.loads(planted.to_json())
    assert data["att"] == pytest.approx(planted.att)
    assert data["event_study"]["pretrend"]["flagged"] is False
    assert {c["event_time"] for c in data["event_study"]["coefficients"]} >= {-12, -1, 0, 11}


def test_grouped_regressors_equal_the_general_and_library_fits():
    rng = np.random.default_rng(6)
    group = rng.integers(0, 4, 50)
    x_groups = rng.normal(size=(4, 7, 3))
    y = rng.normal(size=(50, 7)) + x_groups[group] @ np.array([1.0, -2.0, 0.5])
    w = rng.integers(0, 3, 50).astype(float)
    grouped = twfe_grouped(y, x_groups, group, w)
    for other in (twfe_balanced(y, x_groups[group], w), twfe_panelols(y, x_groups[group], w)):
        np.testing.assert_allclose(grouped.coef, other.coef, rtol=1e-9)
        np.testing.assert_allclose(grouped.cov, other.cov, rtol=1e-7)
