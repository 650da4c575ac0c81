"""How strong would hidden bias have to be to change the conclusion?

Three answers, each with its source:

- **Rosenbaum bounds** for matched pairs (Rosenbaum 2002, *Observational Studies*, 2nd ed.,
  Springer, ch. 4). Hidden bias of size Γ lets the two units of a pair differ in their odds
  of treatment by at most a factor Γ; under the worst such bias each pair's difference is
  positive with probability at most p⁺ = Γ/(1+Γ). For Wilcoxon's signed-rank statistic
  T = Σ sᵢqᵢ (qᵢ the rank of |dᵢ| among all pairs, sᵢ = 1 for a positive difference) the
  upper bound on the one-sided p-value is 1 − Φ((T − p⁺Σqᵢ) / √(p⁺(1−p⁺)Σqᵢ²)), the sums
  over the pairs with a non-zero difference (a zero difference keeps its rank among the
  others but can be neither positive nor negative). The sign test uses the exact binomial
  tail P(Binomial(S, p⁺) ≥ positives). The "critical Γ" is the smallest Γ at which the
  upper bound reaches α: hidden bias that strong could explain the result away.
- **E-value** (VanderWeele & Ding 2017, "Sensitivity analysis in observational research:
  introducing the E-value", *Annals of Internal Medicine* 167(4):268–274): the minimum
  strength of association, as a risk ratio, that an unmeasured confounder would need with
  both treatment and outcome to explain the estimate away, E = RR + √(RR(RR−1)) (RR < 1 is
  inverted first); for the confidence limit nearer 1 likewise (1 when the interval
  contains 1). A continuous outcome enters through its standardised mean difference d:
  RR ≈ exp(0.91·d), interval exp(0.91·d ± 1.78·se(d)) (VanderWeele & Ding 2017, their
  table of E-value formulas: Chinn 2000, *Statistics in Medicine* 19:3127–3131, gives
  ln OR ≈ 1.81·d, and RR ≈ √OR for a common outcome halves it to 0.91).
- **Relative magnitudes** for difference-in-differences (Rambachan & Roth 2023, "A more
  credible approach to parallel trends", *Review of Economic Studies* 90(5):2555–2591,
  the restriction Δᴿᴹ(M̄)): the change in the violation of parallel trends between consecutive
  post-treatment periods is at most M̄ times the largest such change between consecutive
  pre-treatment periods, |δₜ₊₁ − δₜ| ≤ M̄ · maxₛ<₀ |δₛ₊₁ − δₛ|. With δ = 0 at the
  reference period, the violation k periods after it is at most k·M̄·V, so the average
  post-period effect θ lies in θ̂ ± M̄·V·mean(k).

  The simplification, stated plainly: V (the largest pre-period change) is taken from the
  estimated leads as if known, and the robust interval is the identified set widened by
  the conventional z·se(θ̂) on each side. Rambachan & Roth instead invert moment-
  inequality tests (Andrews, Roth & Pakes) that account for the leads' sampling error,
  and use fixed-length confidence intervals (FLCI) for smoothness restrictions; their
  intervals are valid where ours can be too short when the leads are noisy. Read the
  breakdown M̄ as indicative, not as a test.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy import optimize, stats

from .event_study import EventStudy

GAMMAS = (1.0, 1.25, 1.5, 1.75, 2.0, 2.5, 3.0, 4.0, 5.0)
MBARS = (0.0, 0.25, 0.5, 0.75, 1.0, 1.5, 2.0)
SMD_TO_LOG_RR = 0.91
_GAMMA_MAX = 1e6


@dataclass(frozen=True)
class GammaBound:
    gamma: float
    p_upper: float
    p_lower: float


@dataclass(frozen=True)
class RosenbaumBounds:
    """`direction` is +1 when treated units did better than their controls, −1 otherwise;
    the test is one-sided in that direction. `critical_gamma` is 1.0 when the result is not
    significant even without hidden bias, and inf when no Γ up to 10⁶ overturns it."""

    test: str
    statistic: float
    n_pairs: int
    n_nonzero: int
    direction: int
    alpha: float
    bounds: tuple[GammaBound, ...]
    critical_gamma: float


@dataclass(frozen=True)
class EValue:
    rr: float
    rr_ci_low: float | None
    rr_ci_high: float | None
    e_value: float
    e_value_ci: float | None
    smd: float | None = None


@dataclass(frozen=True)
class MbarBound:
    mbar: float
    low: float
    high: float
    ci_low: float
    ci_high: float


@dataclass(frozen=True)
class RelativeMagnitudes:
    """θ̂: mean of the post-period event-study coefficients; V: largest change between
    consecutive pre-period coefficients (the reference counted as 0); `horizon`: mean(k)
    over the post periods, k = 1 for the first."""

    theta: float
    se: float
    max_pre_violation: float
    horizon: float
    level: float
    bounds: tuple[MbarBound, ...]
    breakdown_mbar: float


@dataclass(frozen=True)
class Sensitivity:
    rosenbaum: RosenbaumBounds | None
    sign_test: RosenbaumBounds | None
    e_value: EValue | None
    relative_magnitudes: RelativeMagnitudes | None
    sentences: tuple[str, ...]
    notes: tuple[str, ...]


def _oriented(differences: Sequence[float] | np.ndarray, direction: int | None) -> tuple[np.ndarray, int]:
    """Differences signed so that the tested effect is positive. Without a direction, the
    one the signed ranks point to (positive ranks at least half the total: +1)."""
    d = np.asarray(differences, dtype=np.float64)
    d = d[~np.isnan(d)]
    if d.size == 0:
        raise ValueError("no matched pair with an outcome")
    if direction is None:
        ranks = stats.rankdata(np.abs(d))
        direction = 1 if ranks[d > 0].sum() >= ranks[d < 0].sum() else -1
    if direction not in (1, -1):
        raise ValueError("direction must be +1 or −1")
    return d * direction, direction


def _critical_gamma(p_upper, alpha: float) -> float:
    if p_upper(1.0) >= alpha:
        return 1.0
    if p_upper(_GAMMA_MAX) < alpha:
        return math.inf
    return float(optimize.brentq(lambda g: p_upper(g) - alpha, 1.0, _GAMMA_MAX, xtol=1e-9, rtol=1e-10))


def rosenbaum_wilcoxon(
    differences: Sequence[float] | np.ndarray,
    *,
    gammas: Sequence[float] = GAMMAS,
    alpha: float = 0.05,
    direction: int | None = None,
) -> RosenbaumBounds:
    """Bounds on the signed-rank test's one-sided p-value (normal approximation) per Γ."""
    d, direction = _oriented(differences, direction)
    ranks = stats.rankdata(np.abs(d))
    nonzero = d != 0
    q = ranks[nonzero]
    t_stat = float(ranks[d > 0].sum())
    sum_q, sum_q2 = float(q.sum()), float((q**2).sum())

    def tail(p: float) -> float:
        if sum_q2 == 0:
            return 1.0
        return float(stats.norm.sf((t_stat - p * sum_q) / math.sqrt(p * (1 - p) * sum_q2)))

    def p_upper(g: float) -> float:
        return tail(g / (1 + g))

    def p_lower(g: float) -> float:
        return tail(1 / (1 + g))

    return RosenbaumBounds(
        test="Wilcoxon signed-rank",
        statistic=t_stat,
        n_pairs=int(d.size),
        n_nonzero=int(nonzero.sum()),
        direction=direction,
        alpha=alpha,
        bounds=tuple(GammaBound(float(g), p_upper(g), p_lower(g)) for g in gammas),
        critical_gamma=_critical_gamma(p_upper, alpha),
    )


def rosenbaum_sign(
    differences: Sequence[float] | np.ndarray,
    *,
    gammas: Sequence[float] = GAMMAS,
    alpha: float = 0.05,
    direction: int | None = None,
) -> RosenbaumBounds:
    """Bounds on the sign test's exact one-sided p-value per Γ (ties at zero left out)."""
    d, direction = _oriented(differences, direction)
    n_nonzero = int((d != 0).sum())
    positives = int((d > 0).sum())

    def p_at(p: float) -> float:
        return float(stats.binom.sf(positives - 1, n_nonzero, p)) if n_nonzero else 1.0

    return RosenbaumBounds(
        test="sign",
        statistic=float(positives),
        n_pairs=int(d.size),
        n_nonzero=n_nonzero,
        direction=direction,
        alpha=alpha,
        bounds=tuple(GammaBound(float(g), p_at(g / (1 + g)), p_at(1 / (1 + g))) for g in gammas),
        critical_gamma=_critical_gamma(lambda g: p_at(g / (1 + g)), alpha),
    )


def e_value_point(rr: float) -> float:
    """E = RR + √(RR(RR−1)), RR < 1 inverted first (VanderWeele & Ding 2017)."""
    if not rr > 0:
        raise ValueError("a risk ratio must be positive")
    rr = 1 / rr if rr < 1 else rr
    return rr + math.sqrt(rr * (rr - 1))


def e_value_rr(rr: float, ci_low: float | None = None, ci_high: float | None = None) -> EValue:
    """E-value of a risk ratio and of the confidence limit nearer 1 (1 if the interval holds 1)."""
    e_ci = None
    if ci_low is not None and ci_high is not None:
        if ci_low <= 1 <= ci_high:
            e_ci = 1.0
        else:
            e_ci = e_value_point(ci_low if rr > 1 else ci_high)
    return EValue(rr=rr, rr_ci_low=ci_low, rr_ci_high=ci_high, e_value=e_value_point(rr), e_value_ci=e_ci)


def e_value_smd(d: float, se: float | None = None) -> EValue:
    """E-value of a standardised mean difference d via RR ≈ exp(0.91·d), with the interval
    exp(0.91·d ± 1.78·se) (1.78 = 0.91 × 1.96; VanderWeele & Ding 2017)."""
    rr = math.exp(SMD_TO_LOG_RR * d)
    if se is None:
        return EValue(rr=rr, rr_ci_low=None, rr_ci_high=None, e_value=e_value_point(rr), e_value_ci=None, smd=d)
    half = 1.78 * se
    low, high = math.exp(SMD_TO_LOG_RR * d - half), math.exp(SMD_TO_LOG_RR * d + half)
    base = e_value_rr(rr, low, high)
    return EValue(**{**base.__dict__, "smd": d})


def e_value_difference(effect: float, sd: float, se: float | None = None) -> EValue:
    """E-value of a difference in means on the outcome's scale: d = effect / sd, se(d) = se / sd."""
    if not sd > 0:
        raise ValueError("the outcome's standard deviation must be positive")
    return e_value_smd(effect / sd, None if se is None else se / sd)


def relative_magnitudes(
    event_times: Sequence[int] | np.ndarray,
    coef: Sequence[float] | np.ndarray,
    cov: np.ndarray,
    *,
    reference: int = -1,
    mbars: Sequence[float] = MBARS,
    level: float = 0.95,
) -> RelativeMagnitudes:
    """Identified set and robust interval of the average post-period effect per M̄ (see the
    module docstring for the restriction and its simplification), and the breakdown M̄ at
    which the interval first contains 0: (|θ̂| − z·se) / (V·mean(k)), 0 if it already does."""
    e = np.asarray(event_times, dtype=np.int64)
    b = np.asarray(coef, dtype=np.float64)
    cov = np.asarray(cov, dtype=np.float64)
    order = np.argsort(e)
    e, b, cov = e[order], b[order], cov[np.ix_(order, order)]
    if reference not in e:
        e, b = np.append(e, reference), np.append(b, 0.0)
        cov = np.pad(cov, ((0, 1), (0, 1)))
        order = np.argsort(e)
        e, b, cov = e[order], b[order], cov[np.ix_(order, order)]
    pre = e <= reference
    post = e > reference
    if pre.sum() < 2:
        raise ValueError("relative magnitudes need at least one lead besides the reference period")
    if not post.any():
        raise ValueError("relative magnitudes need at least one period after the start")
    max_pre = float(np.abs(np.diff(b[pre])).max())
    a = post / post.sum()
    theta = float(a @ b)
    se = float(math.sqrt(max(a @ cov @ a, 0.0)))
    horizon = float((e[post] - reference).mean())
    z = float(stats.norm.ppf(0.5 + level / 2))
    bounds = []
    for m in mbars:
        bias = m * max_pre * horizon
        bounds.append(MbarBound(float(m), theta - bias, theta + bias, theta - bias - z * se, theta + bias + z * se))
    margin = abs(theta) - z * se
    if margin <= 0:
        breakdown = 0.0
    elif max_pre * horizon == 0:
        breakdown = math.inf
    else:
        breakdown = margin / (max_pre * horizon)
    return RelativeMagnitudes(
        theta=theta, se=se, max_pre_violation=max_pre, horizon=horizon, level=level,
        bounds=tuple(bounds), breakdown_mbar=float(breakdown),
    )


def relative_magnitudes_from_event_study(
    es: EventStudy, *, mbars: Sequence[float] = MBARS, level: float = 0.95
) -> RelativeMagnitudes:
    if not es.cov:
        raise ValueError("this event study carries no covariance")
    times = [c.event_time for c in es.coefficients]
    coef = [c.coef for c in es.coefficients]
    return relative_magnitudes(times, coef, es.covariance(), reference=es.reference, mbars=mbars, level=level)


def _number(x: float, digits: int = 2) -> str:
    if math.isinf(x):
        return "ไม่จำกัด"
    return f"{x:,.{digits}f}"


def explain_rosenbaum(rb: RosenbaumBounds) -> str:
    """One plain Thai sentence on what the critical Γ means."""
    side = "สูงกว่า" if rb.direction > 0 else "ต่ำกว่า"
    head = f"จากคู่ที่จับคู่กัน {rb.n_pairs:,} คู่ ({rb.test}) กลุ่มที่เข้าร่วมโครงการมีผลลัพธ์{side}คู่ของตน"
    if rb.critical_gamma <= 1.0:
        return (f"{head} แต่ไม่มีนัยสำคัญที่ระดับ α = {rb.alpha:g} แม้ไม่มีอคติแอบแฝงเลย "
                "จึงยังสรุปไม่ได้ว่าโครงการมีผล")
    if math.isinf(rb.critical_gamma):
        return (f"{head} อย่างมีนัยสำคัญ และไม่มีอคติแอบแฝงขนาดใดที่ทดสอบ (Γ ถึง 10⁶) ที่จะลบล้างข้อสรุปนี้ได้")
    return (
        f"{head} อย่างมีนัยสำคัญ (α = {rb.alpha:g}) ข้อสรุปนี้จะเปลี่ยนก็ต่อเมื่อมีปัจจัยที่ไม่ได้วัด "
        f"ทำให้ผู้ประกอบการสองรายในคู่เดียวกันมีโอกาส (odds) เข้าร่วมโครงการต่างกันได้ถึง "
        f"Γ = {rb.critical_gamma:.2f} เท่า ยิ่ง Γ สูง ผลยิ่งทนต่ออคติแอบแฝง"
    )


def explain_e_value(ev: EValue) -> str:
    """One plain Thai sentence on what the E-value means."""
    scale = f"ขนาดผลมาตรฐาน d = {ev.smd:.2f} เทียบเป็นอัตราส่วนความเสี่ยงประมาณ " if ev.smd is not None else ""
    text = (
        f"{scale}RR = {ev.rr:.2f}: ปัจจัยที่ไม่ได้วัดจะอธิบายผลที่ประมาณได้ทั้งหมดก็ต่อเมื่อสัมพันธ์กับทั้งการเข้าร่วม"
        f"โครงการและผลลัพธ์ด้วยอัตราส่วนความเสี่ยงอย่างน้อย {ev.e_value:.2f} เท่าทั้งสองทาง "
        "(เหนือจากตัวแปรที่ควบคุมแล้ว)"
    )
    if ev.e_value_ci is None:
        return text
    if ev.e_value_ci <= 1.0:
        return text + " ส่วนช่วงความเชื่อมั่นครอบคลุมค่าไม่มีผลอยู่แล้ว (E-value ของช่วง = 1)"
    return text + f" และอย่างน้อย {ev.e_value_ci:.2f} เท่าจึงจะทำให้ช่วงความเชื่อมั่นครอบคลุมค่าไม่มีผล"


def explain_relative_magnitudes(rm: RelativeMagnitudes) -> str:
    """One plain Thai sentence on the breakdown M̄."""
    head = (
        f"ผลเฉลี่ยหลังเริ่มโครงการจาก event study = {_number(rm.theta)} (SE {_number(rm.se)}) "
        f"ก่อนเริ่มโครงการ แนวโน้มของสองกลุ่มเบี่ยงจากกันมากที่สุด {_number(rm.max_pre_violation)} ต่อช่วงเวลา"
    )
    if rm.breakdown_mbar == 0.0:
        return head + f" ช่วงความเชื่อมั่น {rm.level:.0%} ครอบคลุมศูนย์อยู่แล้วแม้แนวโน้มขนานกันพอดี (M̄ = 0)"
    if math.isinf(rm.breakdown_mbar):
        return head + " ไม่มีการเบี่ยงก่อนเริ่มโครงการเลย จึงคำนวณจุดที่ข้อสรุปเปลี่ยนไม่ได้"
    return (
        head + f" ข้อสรุปว่ามีผลยังอยู่ตราบที่หลังเริ่มโครงการแนวโน้มเบี่ยงไม่เกิน M̄ = {rm.breakdown_mbar:.2f} "
        "เท่าของการเบี่ยงที่มากที่สุดก่อนเริ่ม (ค่าโดยประมาณ ไม่นับความคลาดเคลื่อนของช่วงก่อนเริ่ม)"
    )
