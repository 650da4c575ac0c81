import numpy as np

from uplift.outcomes.evaluation import evaluate
from uplift.outcomes.evaluation.event_study import event_study_twfe
from uplift.outcomes.evaluation.panel import build_panel
from uplift.outcomes.evaluation.synthetic import simulate_panel

COLUMNS = dict(unit="unit", time="month", outcome="y", treated="group", post="post")


def test_planted_pretrend_is_flagged():
    ev = evaluate(simulate_panel(pretrend=0.15, seed=11), bootstrap=0, **COLUMNS)
    assert ev.event_study.pretrend.flagged
    assert ev.event_study.pretrend.df == 11
    assert any(note.startswith("pre-trend: the 11 leads") for note in ev.notes)


def test_clean_panel_is_not_flagged():
    """At alpha = 0.05 one clean panel in twenty is flagged by design (300 seeds: 4.7%)."""
    for seed in (10, 11, 12):
        ev = evaluate(simulate_panel(seed=seed), bootstrap=0, **COLUMNS)
        assert not ev.event_study.pretrend.flagged
        assert any(note.startswith("pre-trend test passed") for note in ev.notes)


def test_lags_trace_the_effect_and_reference_is_zero():
    panel = build_panel(simulate_panel(effect=5.0, seed=14), **COLUMNS)
    es = event_study_twfe(panel, leads=4, lags=6)
    by_time = {c.event_time: c for c in es.coefficients}
    assert sorted(by_time) == list(range(-4, 7))
    assert by_time[-1].coef == 0.0 and by_time[-1].se == 0.0
    lags = np.array([by_time[e].coef for e in range(0, 7)])
    assert np.all(np.abs(lags - 5.0) < 0.5)
    assert all(abs(by_time[e].coef) < 0.5 for e in (-4, -3, -2))


def test_bootstrap_covariance_is_penalised_for_its_noise():
    from uplift.outcomes.evaluation.event_study import pretrend_test

    coef, cov = np.full(5, 0.1), np.eye(5) * 0.004
    analytic = pretrend_test(coef, cov)
    bootstrapped = pretrend_test(coef, cov, draws=40)
    assert analytic.statistic == bootstrapped.statistic == 12.5
    assert analytic.p_value < 0.05 < bootstrapped.p_value
    assert pretrend_test(np.array([]), np.empty((0, 0))) is None
