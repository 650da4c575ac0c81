import math

import numpy as np
import polars as pl
import pytest

from uplift.outcomes.evaluation.power import (
    analytic_power,
    baseline_moments,
    baseline_moments_from_frame,
    compound_symmetric_panel,
    did_critical_value,
    explain_power,
    explain_target,
    minimum_detectable_effect,
    multiplier,
    simulated_power,
    standard_error,
    target_per_entrepreneur_month,
    target_verdict,
)

# σ = 12,000 baht of monthly sales, ρ = 0.5, 12 months before and 12 after, 1,000 + 1,000 units.
PROGRAMME = dict(sd=12_000.0, rho=0.5, n_pre=12, n_post=12, n_treated=1_000, n_control=1_000)


def test_did_standard_error_and_mde_by_hand():
    # McKenzie (2012), J. Dev. Econ. 99(2), DiD variance under compound symmetry:
    # σ² (1 − ρ)(1/m + 1/r)(1/n_T + 1/n_C) = 144,000,000 × 0.5 × (1/12 + 1/12) × (2/1,000)
    #   = 144,000,000 × 0.5 × 0.166667 × 0.002 = 24,000;  SE = √24,000 = 154.919
    # the long form: (1 + 11 × 0.5)/12 + (1 + 11 × 0.5)/12 − 2 × 0.5 = 1.083333 − 1 = 0.083333 = 0.5 × 0.166667
    se = standard_error(**PROGRAMME)
    assert se == pytest.approx(math.sqrt(24_000))
    # MDE = (z₀.₉₇₅ + z₀.₈₀) × SE = (1.959964 + 0.841621) × 154.919 = 2.801585 × 154.919 = 434.02 baht
    assert multiplier() == pytest.approx(2.801585, abs=1e-6)
    assert minimum_detectable_effect(**PROGRAMME, test="normal") == pytest.approx(434.02, abs=0.01)


def test_mde_for_the_projects_own_test_by_hand():
    # did.py's clustered variance carries c = G/(G−1) × (n−1)/(n − G − T), G = 2,000, T = 24, n = 48,000:
    # c = 1.000500 × 47,999/45,976 = 1.000500 × 1.044001 = 1.044523, √c = 1.022019;
    # t(1,999) quantile 0.975 = 1.961151, so the threshold is 1.961151 × 1.022019 = 2.004335 and
    # MDE = (2.004335 + 0.841621) × 154.919 = 440.89 baht
    assert did_critical_value(2_000, 24) == pytest.approx(2.004335, abs=1e-6)
    assert minimum_detectable_effect(**PROGRAMME) == pytest.approx(440.89, abs=0.01)


def test_difference_in_means_by_hand():
    # σ² (1 + (r−1)ρ)/r (1/n_T + 1/n_C) = 144,000,000 × 6.5/12 × 0.002 = 156,000; SE = 394.97
    assert standard_error(**PROGRAMME, design="means") == pytest.approx(math.sqrt(156_000))
    assert minimum_detectable_effect(**PROGRAMME, design="means") == pytest.approx(
        multiplier() * math.sqrt(156_000)
    )


def test_mde_agrees_with_a_simulation_of_the_projects_estimator():
    """200 panels through did.py with the effect set to the MDE: power 0.80 within 3 Monte Carlo SE."""
    design = dict(sd=1.0, rho=0.5, n_pre=3, n_post=3, n_treated=100, n_control=100)
    mde = minimum_detectable_effect(**design)
    sim = simulated_power(mde, **design, draws=200, seed=0)
    assert abs(sim.power - 0.80) <= 3 * sim.mc_se
    assert sim.mc_se == pytest.approx(math.sqrt(sim.power * (1 - sim.power) / 200))
    se = standard_error(**design)
    assert analytic_power(mde, se, did_critical_value(200, 6)) == pytest.approx(0.80, abs=1e-3)
    null = simulated_power(0.0, **design, draws=200, seed=1)
    assert null.power <= 0.05 + 3 * math.sqrt(0.05 * 0.95 / 200)


def test_baseline_moments_recover_sd_and_correlation():
    rng = np.random.default_rng(3)
    panel = compound_symmetric_panel(
        rng, sd=2.0, rho=0.6, n_pre=12, n_post=1, n_treated=1_500, n_control=1_500, effect=0.0
    )
    moments = baseline_moments(panel.y[:, :12])
    assert moments.sd == pytest.approx(2.0, rel=0.03)
    assert moments.rho == pytest.approx(0.6, abs=0.03)
    assert (moments.n_units, moments.n_periods, moments.n_dropped) == (3_000, 12, 0)


def test_baseline_moments_from_a_long_frame_with_a_gap():
    frame = pl.DataFrame(
        {
            "ผู้ประกอบการ": ["ก", "ก", "ข", "ข", "ค", "ค", "ง"],
            "เดือน": [1, 2, 1, 2, 1, 2, 1],
            "ยอดขาย": [10.0, 12.0, 20.0, 19.0, 30.0, 33.0, 5.0],
        }
    )
    m = baseline_moments_from_frame(frame, unit="ผู้ประกอบการ", time="เดือน", outcome="ยอดขาย")
    assert m.n_units == 3 and m.n_dropped == 1
    # month 1: 10, 20, 30 → deviations −10, 0, 10, variance 200/2 = 100;
    # month 2: 12, 19, 33 (mean 21.333) → −9.333, −2.333, 11.667, variance (87.111 + 5.444 + 136.111)/2 = 114.333
    # σ = √((100 + 114.333)/2) = √107.167 = 10.352
    assert m.sd == pytest.approx(math.sqrt((100 + 114.333333) / 2))


def test_target_and_verdict():
    # 500,000,000 baht ÷ (1,100 entrepreneurs × 12 months) = 37,878.79 baht per entrepreneur-month
    assert target_per_entrepreneur_month(500_000_000, 1_100, 12) == pytest.approx(37_878.79, abs=0.01)
    yes = target_verdict(500_000_000, 1_100, 12, mde=440.89)
    no = target_verdict(500_000_000, 1_100, 12, mde=50_000)
    assert yes.detectable and not no.detectable
    assert "ตรวจพบได้" in explain_target(yes) and "ตรวจไม่พบ" in explain_target(no)
    assert "441 บาทต่อผู้ประกอบการต่อเดือน" in explain_power(440.89)


@pytest.mark.parametrize(
    "change",
    [dict(sd=0.0), dict(rho=1.0), dict(n_post=0), dict(n_treated=0), dict(n_pre=0)],
)
def test_bad_inputs(change):
    with pytest.raises(ValueError):
        minimum_detectable_effect(**{**PROGRAMME, **change})
