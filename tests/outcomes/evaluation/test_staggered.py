import pytest

from uplift.outcomes.evaluation import evaluate
from uplift.outcomes.evaluation.panel import build_panel
from uplift.outcomes.evaluation.staggered import callaway_santanna
from uplift.outcomes.evaluation.synthetic import simulate_staggered

COLUMNS = dict(unit="unit", time="month", outcome="y", treated="d")


@pytest.fixture(scope="module")
def staggered():
    return simulate_staggered(seed=31)


def test_callaway_santanna_recovers_the_truth_where_twfe_does_not(staggered):
    frame, truth = staggered
    cs = evaluate(frame, method="cs", bootstrap=100, **COLUMNS)
    twfe = evaluate(frame, method="did", bootstrap=0, **COLUMNS)
    assert cs.staggered and cs.cohorts == (6, 12, 18)
    assert abs(cs.att - truth) < 0.25
    assert cs.ci_low < truth < cs.ci_high
    assert abs(twfe.att - truth) > 1.0
    assert any("different periods" in note for note in twfe.notes)
    assert not cs.event_study.pretrend.flagged


def test_group_time_cells_and_never_treated_control(staggered):
    frame, truth = staggered
    panel = build_panel(frame, **COLUMNS)
    never = callaway_santanna(panel, control="never", draws=50, seed=1)
    notyet = callaway_santanna(panel, control="notyet", draws=50, seed=1)
    assert abs(never.att - truth) < 0.3
    cell = {(g.cohort, g.period): g for g in notyet.group_time}
    assert (6, 5) not in cell
    assert cell[(6, 8)].n_comparison > cell[(6, 20)].n_comparison
    assert cell[(18, 20)].n_comparison == sum(panel.cohort == -1)
    first_effect = {g: cell[(g, g)].att for g in (6, 12, 18)}
    assert first_effect[6] < first_effect[12] < first_effect[18]
    dynamic = {c.event_time: c.coef for c in notyet.event_study.coefficients}
    assert dynamic[-1] == 0.0 and dynamic[2] > dynamic[0]
