import numpy as np
import pytest

from uplift.outcomes.evaluation import evaluate
from uplift.outcomes.evaluation.matching import match, nearest_neighbours
from uplift.outcomes.evaluation.synthetic import simulate_panel

COLUMNS = dict(unit="unit", time="month", outcome="y", treated="group", post="post")


@pytest.fixture(scope="module")
def confounded():
    """Selection on x1, whose units also trend faster: plain DiD is biased upwards."""
    return simulate_panel(n_units=1000, selection=1.5, x_trend=0.3, treated_share=0.3, seed=21)


def test_naive_did_is_biased_and_match_did_recovers(confounded):
    naive = evaluate(confounded, bootstrap=0, **COLUMNS)
    matched = evaluate(confounded, covariates=("x1", "x2"), method="match-did", bootstrap=50, **COLUMNS)
    assert naive.ci_low > 5.0 + 2.0
    assert naive.event_study.pretrend.flagged
    assert matched.ci_low < 5.0 < matched.ci_high
    assert abs(matched.att - 5.0) < 0.5
    assert not matched.event_study.pretrend.flagged


def test_balance_after_matching_and_counts(confounded):
    ev = evaluate(confounded, covariates=("x1", "x2"), method="match-did", bootstrap=0, **COLUMNS)
    rows = {r.covariate: r for r in ev.balance}
    assert set(rows) == {"x1", "x2", "propensity score (logit)"}
    assert rows["x1"].smd_before > 0.5
    assert all(abs(r.smd_after) < 0.1 for r in ev.balance)
    assert ev.n_treated + ev.n_control == 1000
    assert ev.n_off_support > 0
    assert ev.n_matched_treated == ev.n_treated - ev.n_off_support - ev.n_unmatched
    assert 0 < ev.n_matched_control <= ev.n_matched_treated
    assert any("off common support" in note for note in ev.notes)


def test_off_support_treated_units_are_counted_and_left_out():
    x = np.r_[np.linspace(-1, 1, 40), np.linspace(-0.9, 0.9, 40), [6.0, 7.0]]
    treated = np.r_[np.zeros(40, bool), np.ones(42, bool)]
    rng = np.random.default_rng(0)
    m = match({"x": x + rng.normal(scale=0.01, size=x.size)}, treated)
    assert m.n_off_support == 2
    assert m.weights[-2:].tolist() == [0.0, 0.0]
    assert m.weights[treated].sum() == m.n_matched_treated
    assert m.weights[~treated].sum() == pytest.approx(m.n_matched_treated)


def test_nearest_neighbours_respects_caliper_and_ratio():
    controls = np.array([0.0, 1.0, 2.0, 10.0])
    idx, close = nearest_neighbours(np.array([0.9, 9.0, 5.0]), controls, ratio=2, caliper=1.5)
    assert set(idx[0]) == {0, 1} or set(idx[0]) == {1, 2}
    assert close[0].all()
    assert idx[1, 0] == 3 and close[1].tolist() == [True, False]
    assert not close[2].any()


def test_match_on_a_cross_section():
    rng = np.random.default_rng(22)
    n = 2000
    x = rng.normal(size=n)
    treated = rng.random(n) < 1 / (1 + np.exp(-1.2 * x))
    y = 2.0 * x + 3.0 * treated + rng.normal(size=n)
    frame = {"id": np.arange(n), "year": np.zeros(n, int), "y": y, "t": treated, "x": x}
    naive_gap = y[treated].mean() - y[~treated].mean()
    ev = evaluate(frame, unit="id", time="year", outcome="y", treated="t", covariates=["x"], method="match", bootstrap=100)
    assert naive_gap > 4.0
    assert ev.ci_low < 3.0 < ev.ci_high
    assert ev.bootstrap_ci[0] < 3.0 < ev.bootstrap_ci[1]
    assert ev.event_study is None
