"""The causal estimate built from the database: planted effect, no effect, planted pre-trend."""

from datetime import date

import numpy as np
from dateutil.relativedelta import relativedelta

from tests.outcomes.programme import bulk_entrepreneurs, make_programme, sales_series
from uplift.outcomes.causal import evaluation_run, sales_panel

MONTHS = [date(2019, 1, 1) + relativedelta(months=i) for i in range(36)]
START = date(2021, 1, 1)


def small_panel(effect: float = 0.0, pretrend: float = 0.0, n: int = 30, seed: int = 3):
    rng = np.random.default_rng(seed)
    treated = bulk_entrepreneurs(n, start=0)
    controls = bulk_entrepreneurs(n, start=n)
    for group, ents in ((1, treated), (0, controls)):
        for e in ents:
            level = rng.uniform(30_000, 60_000)
            values = {}
            for t, m in enumerate(MONTHS):
                y = level + 300 * t + rng.normal(0, 1_500)
                if group:
                    y += effect * (m >= START) + pretrend * t
                values[m] = max(y, 0)
            sales_series(e, values)
    return make_programme(*treated, waitlisted=controls)


def test_planted_effect_is_inside_the_interval_and_zero_is_not(areas, admin_user):
    p = small_panel(effect=8_000)
    rec = evaluation_run(actor=admin_user, round_id=p.round.pk, method="did", bootstrap=0)
    assert not rec.error
    assert (rec.n_treated, rec.n_control) == (30, 30)
    assert rec.ci_low <= 8_000 <= rec.ci_high
    assert rec.ci_low > 0
    assert rec.pretrend_flagged is False
    assert rec.result["event_study"]["coefficients"]


def test_no_effect_interval_covers_zero_with_matching(areas, admin_user):
    p = small_panel(effect=0)
    rec = evaluation_run(actor=admin_user, round_id=p.round.pk, method="match-did", bootstrap=50)
    assert not rec.error
    assert rec.ci_low <= 0 <= rec.ci_high
    assert rec.result["balance"] and rec.result["n_matched_treated"] > 0


def test_planted_pre_trend_is_flagged(areas, admin_user):
    p = small_panel(pretrend=400)
    rec = evaluation_run(actor=admin_user, round_id=p.round.pk, method="did", bootstrap=0)
    assert rec.pretrend_flagged is True
    assert any("pre-trend" in n and "diverging" in n for n in rec.result["notes"])


def test_panel_marks_each_treated_unit_from_its_start_month(areas):
    p = small_panel(n=2)
    frame = sales_panel(p.round.pk)
    assert frame.height == 4 * 36
    treated_rows = frame.filter(frame["group"])
    assert treated_rows.filter(treated_rows["post"]).height == 2 * 12
    assert frame.filter(~frame["group"] & frame["post"]).height == 0


def test_without_a_comparison_group_the_failure_is_stored_not_raised(areas, admin_user):
    p = make_programme(*bulk_entrepreneurs(2))
    rec = evaluation_run(actor=admin_user, round_id=p.round.pk, method="did", bootstrap=0)
    assert rec.pk and rec.att is None and rec.error
