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
