import math

import numpy as np
import pytest

from uplift.outcomes.evaluation.event_study import EventCoefficient, EventStudy
from uplift.outcomes.evaluation.sensitivity import (
    e_value_difference,
    e_value_rr,
    e_value_smd,
    explain_e_value,
    explain_relative_magnitudes,
    explain_rosenbaum,
    relative_magnitudes,
    relative_magnitudes_from_event_study,
    rosenbaum_sign,
    rosenbaum_wilcoxon,
)

# Blood lead (µg/dl) of 33 children whose parents worked in a battery factory and of 33
# matched control children (Morton et al. 1982, Am. J. Epidemiol.), the worked example of
# Rosenbaum (2002), Observational Studies, 2nd ed., ch. 4: Wilcoxon's T = 527 and the
# upper bounds on the one-sided p-value 0.0018, 0.0136, 0.0388, 0.0468, 0.0740 at
# Γ = 2, 3, 4, 4.25, 5 (the conclusion survives up to Γ ≈ 4.25 but not Γ = 5).
EXPOSED = [38, 23, 41, 18, 37, 36, 23, 62, 31, 34, 24, 14, 21, 17, 16, 20, 15,
           10, 45, 39, 22, 35, 49, 48, 44, 35, 43, 39, 34, 13, 73, 25, 27]
CONTROL = [16, 18, 18, 24, 19, 11, 10, 15, 16, 18, 18, 13, 19, 10, 16, 16, 24,
           13, 9, 14, 21, 19, 7, 18, 19, 12, 11, 22, 25, 16, 13, 11, 13]
LEAD = np.subtract(EXPOSED, CONTROL)


def test_rosenbaum_lead_example_reproduces_the_published_gamma_table():
    rb = rosenbaum_wilcoxon(LEAD, gammas=(1, 2, 3, 4, 4.25, 5))
    assert rb.statistic == 527 and rb.n_pairs == 33 and rb.n_nonzero == 32 and rb.direction == 1
    published = {2: 0.0018, 3: 0.0136, 4: 0.0388, 4.25: 0.0468, 5: 0.0740}
    got = {b.gamma: round(b.p_upper, 4) for b in rb.bounds}
    assert {g: got[g] for g in published} == published
    assert got[1] < 0.0001
    # By hand at Γ = 2: p⁺ = 2/3; the zero pair takes rank 1, so the other ranks sum to
    # 561 − 1 = 560 and their squares (with ties averaged) to 12,522.5.
    # E = 2/3 · 560 = 373.33; Var = 2/3 · 1/3 · 12,522.5 = 2,782.78; z = (527 − 373.33)/52.75 = 2.913
    # 1 − Φ(2.913) = 0.0018.
    assert 4.25 < rb.critical_gamma < 5
    assert rb.bounds[0].p_lower <= rb.bounds[0].p_upper


def test_rosenbaum_sign_test_by_hand_and_direction():
    sign = rosenbaum_sign(LEAD, gammas=(1,))
    # 28 of the 32 non-zero differences are positive. At Γ = 1:
    # P(Bin(32, ½) ≥ 28) = (C(32,4) + C(32,3) + C(32,2) + C(32,1) + 1) / 2³² = 41,449 / 4,294,967,296
    assert sign.statistic == 28
    assert sign.bounds[0].p_upper == pytest.approx(41_449 / 2**32)
    assert 1 < sign.critical_gamma < rosenbaum_wilcoxon(LEAD).critical_gamma
    flipped = rosenbaum_wilcoxon(-LEAD)
    assert flipped.direction == -1 and flipped.statistic == 527


def test_rosenbaum_not_significant_without_bias():
    rb = rosenbaum_wilcoxon([1.0, -1.5, 2.0, -0.5, 0.3])
    assert rb.critical_gamma == 1.0
    assert "ไม่มีนัยสำคัญ" in explain_rosenbaum(rb)
    assert "Γ = 4.34" in explain_rosenbaum(rosenbaum_wilcoxon(LEAD))


def test_e_value_published_examples():
    # VanderWeele & Ding (2017), Ann. Intern. Med. 167:268–274: breastfeeding and infant
    # death from infection, RR = 3.9 (95% CI 1.8 to 8.7).
    # E = 3.9 + √(3.9 × 2.9) = 3.9 + √11.31 = 3.9 + 3.363 = 7.26; for the CI's lower limit
    # 1.8 + √(1.8 × 0.8) = 1.8 + √1.44 = 3.0.
    ev = e_value_rr(3.9, 1.8, 8.7)
    assert round(ev.e_value, 2) == 7.26
    assert ev.e_value_ci == pytest.approx(3.0)
    protective = e_value_rr(1 / 3.9, 1 / 8.7, 1 / 1.8)
    assert protective.e_value == pytest.approx(ev.e_value) and protective.e_value_ci == pytest.approx(3.0)
    assert e_value_rr(1.3, 0.9, 1.8).e_value_ci == 1.0


def test_e_value_for_a_standardised_mean_difference():
    # d = 0.5, se 0.1: RR ≈ exp(0.91 × 0.5) = exp(0.455) = 1.5762,
    # E = 1.5762 + √(1.5762 × 0.5762) = 1.5762 + 0.9530 = 2.5291;
    # lower limit exp(0.455 − 1.78 × 0.1) = exp(0.277) = 1.3192, E = 1.3192 + √(1.3192 × 0.3192) = 1.9680.
    ev = e_value_smd(0.5, 0.1)
    assert ev.rr == pytest.approx(1.5762, abs=1e-4)
    assert ev.e_value == pytest.approx(2.5291, abs=1e-4)
    assert ev.e_value_ci == pytest.approx(1.9680, abs=1e-4)
    assert e_value_difference(5_000.0, 10_000.0, 1_000.0) == ev
    assert "2.53" in explain_e_value(ev) and "1.97" in explain_e_value(ev)


def _synthetic_event_study():
    """Leads −3, −2, the reference −1, lags 0 and 1.

    Pre-period changes: δ(−2) − δ(−3) = 0.1 − (−0.2) = 0.3 and δ(−1) − δ(−2) = 0 − 0.1 = −0.1,
    so V = 0.3. θ = (2.0 + 3.0)/2 = 2.5; k = 1, 2 after the reference, mean(k) = 1.5.
    Var θ = (0.04 + 0.04 + 2 × 0.02)/4 = 0.03, se = 0.17321, z·se = 1.95996 × 0.17321 = 0.33948.
    Breakdown M̄ = (2.5 − 0.33948)/(0.3 × 1.5) = 2.16052/0.45 = 4.8012.
    """
    times = [-3, -2, -1, 0, 1]
    coef = [-0.2, 0.1, 0.0, 2.0, 3.0]
    cov = np.diag([0.01, 0.01, 0.0, 0.04, 0.04])
    cov[3, 4] = cov[4, 3] = 0.02
    return times, coef, cov


def test_relative_magnitudes_by_hand():
    times, coef, cov = _synthetic_event_study()
    rm = relative_magnitudes(times, coef, cov, mbars=(0, 1))
    assert rm.max_pre_violation == pytest.approx(0.3)
    assert rm.theta == pytest.approx(2.5) and rm.horizon == pytest.approx(1.5)
    assert rm.se == pytest.approx(math.sqrt(0.03))
    assert rm.breakdown_mbar == pytest.approx(4.8012, abs=1e-4)
    at_one = rm.bounds[1]
    assert (at_one.low, at_one.high) == pytest.approx((2.05, 2.95))
    assert at_one.ci_low == pytest.approx(2.05 - 0.33948, abs=1e-5)
    at_breakdown = relative_magnitudes(times, coef, cov, mbars=(rm.breakdown_mbar,)).bounds[0]
    assert at_breakdown.ci_low == pytest.approx(0.0, abs=1e-12)
    assert "4.80" in explain_relative_magnitudes(rm)


def test_relative_magnitudes_reference_may_be_absent_and_order_does_not_matter():
    times, coef, cov = _synthetic_event_study()
    keep = [4, 0, 3, 1]
    rm = relative_magnitudes([times[i] for i in keep], [coef[i] for i in keep], cov[np.ix_(keep, keep)])
    assert rm.breakdown_mbar == pytest.approx(4.8012, abs=1e-4)


def test_relative_magnitudes_from_an_event_study_and_its_limits():
    times, coef, cov = _synthetic_event_study()
    es = EventStudy(
        coefficients=tuple(
            EventCoefficient(t, b, math.sqrt(cov[i, i]), 0, 0) for i, (t, b) in enumerate(zip(times, coef, strict=True))
        ),
        pretrend=None, reference=-1, estimator="hand", cov=tuple(map(tuple, cov)),
    )
    assert relative_magnitudes_from_event_study(es).breakdown_mbar == pytest.approx(4.8012, abs=1e-4)
    with pytest.raises(ValueError, match="no covariance"):
        relative_magnitudes_from_event_study(EventStudy(es.coefficients, None, -1, "hand"))
    with pytest.raises(ValueError, match="at least one lead"):
        relative_magnitudes([-1, 0, 1], [0, 1, 1], np.eye(3))
    inside = relative_magnitudes([-2, -1, 0], [0.1, 0.0, 0.2], np.diag([0.01, 0, 0.04]))
    assert inside.breakdown_mbar == 0.0
    assert "ครอบคลุมศูนย์อยู่แล้ว" in explain_relative_magnitudes(inside)
