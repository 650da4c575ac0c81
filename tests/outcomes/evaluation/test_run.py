import numpy as np
import pandas as pd
import pytest

from uplift.outcomes.evaluation import evaluate, evaluate_csv, format_report
from uplift.outcomes.evaluation.synthetic import simulate_panel

COLUMNS = dict(unit="unit", time="month", outcome="y", treated="group", post="post")


def test_polars_pandas_and_csv_agree(tmp_path):
    frame = simulate_panel(n_units=100, n_periods=8, start=4, seed=41)
    a = evaluate(frame, bootstrap=0, **COLUMNS)
    b = evaluate(pd.DataFrame(frame.to_dict(as_series=False)), bootstrap=0, **COLUMNS)
    path = tmp_path / "panel.csv"
    frame.write_csv(path)
    c = evaluate_csv(str(path), bootstrap=0, **COLUMNS)
    assert a.att == pytest.approx(b.att) == pytest.approx(c.att)
    assert a.se == pytest.approx(c.se)


def test_report_text():
    ev = evaluate(
        simulate_panel(n_units=200, seed=42), covariates=["x1"], method="match-did", bootstrap=20, **COLUMNS
    )
    text = format_report(ev)
    for fragment in ("ATT", "95% CI", "Matched", "x1:", "Pre-trend", "Bootstrap"):
        assert fragment in text


def test_row_treatment_and_group_post_are_the_same_design():
    frame = simulate_panel(n_units=120, seed=43)
    a = evaluate(frame, bootstrap=0, **COLUMNS)
    b = evaluate(frame, unit="unit", time="month", outcome="y", treated="d", bootstrap=0)
    assert a.att == pytest.approx(b.att) and a.se == pytest.approx(b.se)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (dict(method="ols"), "method must be"),
        (dict(outcome="nope"), "columns not in the data"),
        (dict(method="match"), "at least one covariate"),
    ],
)
def test_bad_requests(change, message):
    with pytest.raises(ValueError, match=message):
        evaluate(simulate_panel(n_units=40, n_periods=4, start=2), **{**COLUMNS, **change})


def test_no_comparison_group():
    frame = simulate_panel(n_units=30, n_periods=4, start=2, treated_share=0.999999, seed=44)
    with pytest.raises(ValueError, match="comparison"):
        evaluate(frame, **COLUMNS)


def test_missing_cells_and_duplicates_are_handled():
    frame = simulate_panel(n_units=80, n_periods=6, start=3, seed=45)
    frame = frame.filter(~((frame["unit"] == 5) & (frame["month"] == 1)))
    frame = frame.vstack(frame.head(2))
    ev = evaluate(frame, bootstrap=3, **COLUMNS)
    assert ev.n_obs == 80 * 6 - 1
    assert any("repeated" in note for note in ev.notes)
    assert any("PanelOLS refit" in note for note in ev.notes)
    assert np.isfinite(ev.bootstrap_se)


def test_core_does_not_import_django():
    import subprocess
    import sys

    code = "import sys, uplift.outcomes.evaluation; assert 'django' not in sys.modules"
    subprocess.run([sys.executable, "-c", code], check=True)


def _cross_section(n=800, seed=22):
    rng = np.random.default_rng(seed)
    x = rng.normal(size=n)
    treated = rng.random(n) < 1 / (1 + np.exp(-1.2 * x))
    y = 2.0 * x + 3.0 * treated + rng.normal(size=n)
    return {"รหัส": np.arange(n), "ยอดขาย": y, "เข้าร่วม": treated, "x": x}


def test_cross_section_without_a_time_column():
    frame = _cross_section()
    ev = evaluate(frame, unit="รหัส", outcome="ยอดขาย", treated="เข้าร่วม", covariates=["x"], method="match", bootstrap=0)
    assert (ev.n_units, ev.n_periods, ev.n_obs) == (800, 1, 800)
    assert ev.n_obs_used == ev.n_matched_treated + ev.n_matched_control < 800
    assert ev.ci_low < 3.0 < ev.ci_high
    text = format_report(ev)
    assert "units 800 × periods 1 = 800 obs (cross-section" in text
    assert f"Estimated   on {ev.n_obs_used} obs (matched sample)" in text
    means = evaluate(frame, unit="รหัส", outcome="ยอดขาย", treated="เข้าร่วม", method="means", bootstrap=0)
    assert means.att > 4.0 and means.n_obs == means.n_obs_used == 800


@pytest.mark.parametrize("method", ["did", "match-did", "cs"])
def test_cross_section_refuses_did_methods(method):
    with pytest.raises(ValueError, match="needs a time column"):
        evaluate(_cross_section(), unit="รหัส", outcome="ยอดขาย", treated="เข้าร่วม", covariates=["x"], method=method)


def test_cross_section_needs_one_row_per_unit_and_no_post():
    frame = simulate_panel(n_units=20, n_periods=3, start=1)
    with pytest.raises(ValueError, match="one row per unit; 20 units are on several rows"):
        evaluate(frame, unit="unit", outcome="y", treated="d", method="means")
    with pytest.raises(ValueError, match="needs a time column"):
        evaluate(frame.filter(frame["month"] == 2), unit="unit", outcome="y", treated="group", post="post", method="means")


def test_counts_describe_the_data_and_the_matched_sample_separately():
    ev = evaluate(simulate_panel(n_units=300, n_periods=8, start=4, selection=1.0, seed=46),
                  covariates=["x1"], method="match-did", bootstrap=0, **COLUMNS)
    assert ev.n_obs == 300 * 8
    assert ev.n_obs_used == (ev.n_matched_treated + ev.n_matched_control) * 8 < ev.n_obs
    assert "units 300 × periods 8 = 2400 obs" in format_report(ev)
    assert ev.to_dict()["n_obs"] == 2400


def test_sensitivity_is_attached_on_request():
    frame = simulate_panel(n_units=300, n_periods=8, start=4, seed=47)
    plain = evaluate(frame, covariates=["x1"], method="match-did", bootstrap=0, **COLUMNS)
    assert plain.sensitivity is None
    ev = evaluate(frame, covariates=["x1"], method="match-did", bootstrap=0, sensitivity=True, **COLUMNS)
    s = ev.sensitivity
    assert s.rosenbaum.n_pairs == ev.n_matched_treated and s.rosenbaum.critical_gamma > 2
    assert s.e_value.e_value > 1 and s.relative_magnitudes.breakdown_mbar > 1
    assert len(s.sentences) == 3 and all("ผล" in x for x in s.sentences)
    assert ev.to_json()
    did_only = evaluate(frame, bootstrap=0, sensitivity=True, **COLUMNS).sensitivity
    assert did_only.rosenbaum is None and did_only.e_value is None and did_only.relative_magnitudes is not None


def test_event_study_carries_its_covariance():
    ev = evaluate(simulate_panel(n_units=100, n_periods=8, start=4, seed=48), bootstrap=0, **COLUMNS)
    es = ev.event_study
    cov = es.covariance()
    assert cov.shape == (len(es.coefficients),) * 2
    assert np.allclose(np.sqrt(np.diag(cov)), [c.se for c in es.coefficients])
