"""Power and the minimum detectable effect (MDE) of a round, before its outcomes arrive.

The analytic formula (McKenzie 2012, "Beyond baseline and follow-up: the case for more T
in experiments", *Journal of Development Economics* 99(2):210–221, section 2; the same
variances as Frison & Pocock 1992, "Repeated measures in clinical trials: analysis using
mean summary statistics and its implications for design", *Statistics in Medicine*
11(13):1685–1704): outcomes with variance σ² in every period and the same correlation ρ
between any two periods of a unit (compound symmetry), m periods before the start and r
after, n_T treated and n_C comparison units.

  difference in post-period means:  Var = σ² · (1 + (r−1)ρ)/r · (1/n_T + 1/n_C)
  difference-in-differences:        Var = σ² · [(1 + (r−1)ρ)/r + (1 + (m−1)ρ)/m − 2ρ] · (1/n_T + 1/n_C)
                                        = σ² · (1 − ρ) · (1/m + 1/r) · (1/n_T + 1/n_C)

(McKenzie writes 1/(P(1−P)n) for 1/n_T + 1/n_C.) With one start period and a balanced panel
the two-way fixed-effects estimate of did.py is exactly this difference of mean changes.

  MDE = (z_{1−α/2} + z_{power}) · SE          (two-sided test; the far tail is ignored)

The normal quantiles stand for McKenzie's t quantiles, which they equal at programme sizes.
That is `test="normal"`. The test `evaluate` actually reports on did.py (`test="project"`,
the default for DiD) is more conservative on short panels: its clustered variance carries
the factor c = G/(G−1) · (n−1)/(n − G − T) (n = G·T, the unit effects counted, as
PanelOLS does; see did.py), about c times the true variance on average, and it uses
t(G−1) quantiles. It rejects when |β̂| > t_{G−1,1−α/2} · √c · SE, so for it

  MDE = (t_{G−1,1−α/2} · √c + z_{power}) · SE

(c = 1.21 at 200 units × 6 periods, 1.05 at 200 × 24, 2.0 with two periods).
Monthly sales are not compound-symmetric (nearby months correlate more), so ρ estimated
from a baseline is the average correlation between two periods; the simulation check
below runs did.py on compound-symmetric panels and so checks the arithmetic and the
estimator, not that assumption.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import polars as pl
from scipy import stats

from .did import did
from .panel import NEVER, Panel, as_polars

DESIGNS = ("did", "means")


@dataclass(frozen=True)
class BaselineMoments:
    sd: float
    rho: float
    n_units: int
    n_periods: int
    n_dropped: int


@dataclass(frozen=True)
class SimulatedPower:
    power: float
    mc_se: float
    draws: int
    rejections: int


@dataclass(frozen=True)
class TargetVerdict:
    per_entrepreneur_month: float
    mde: float
    detectable: bool


def _check(sd: float, rho: float, n_pre: int, n_post: int, n_treated: int, n_control: int) -> None:
    if not sd > 0:
        raise ValueError("the standard deviation must be positive")
    if not -1 < rho < 1:
        raise ValueError("the correlation must lie between −1 and 1")
    if n_pre < 0 or n_post < 1 or n_treated < 1 or n_control < 1:
        raise ValueError("need at least one period after the start and one unit in each group")


def standard_error(
    *, sd: float, rho: float, n_pre: int, n_post: int, n_treated: int, n_control: int, design: str = "did"
) -> float:
    """SE of the estimate under compound symmetry (formulas in the module docstring)."""
    _check(sd, rho, n_pre, n_post, n_treated, n_control)
    groups = 1 / n_treated + 1 / n_control
    if design == "means":
        per_unit = (1 + (n_post - 1) * rho) / n_post
    elif design == "did":
        if n_pre < 1:
            raise ValueError("difference-in-differences needs at least one period before the start")
        per_unit = (1 + (n_post - 1) * rho) / n_post + (1 + (n_pre - 1) * rho) / n_pre - 2 * rho
    else:
        raise ValueError(f"design must be one of {', '.join(DESIGNS)}")
    return sd * math.sqrt(per_unit * groups)


TESTS = ("project", "normal")


def did_critical_value(n_units: int, n_periods: int, alpha: float = 0.05) -> float:
    """t_{G−1,1−α/2} · √c: the threshold on |β̂| / true SE of the test `evaluate` runs on did.py."""
    n = n_units * n_periods
    dof = n - n_units - n_periods
    if n_units < 2 or dof <= 0:
        raise ValueError("too few observations for the fixed effects")
    c = n_units / (n_units - 1) * (n - 1) / dof
    return float(stats.t.ppf(1 - alpha / 2, n_units - 1) * math.sqrt(c))


def critical_value(
    *, alpha: float, design: str, test: str, n_units: int, n_periods: int
) -> float:
    """z_{1−α/2} for `test="normal"` and for a difference in means (HC1, normal interval);
    `did_critical_value` for DiD under `test="project"`."""
    if not 0 < alpha < 1:
        raise ValueError("alpha must lie between 0 and 1")
    if test not in TESTS:
        raise ValueError(f"test must be one of {', '.join(TESTS)}")
    if test == "project" and design == "did":
        return did_critical_value(n_units, n_periods, alpha)
    return float(stats.norm.ppf(1 - alpha / 2))


def multiplier(alpha: float = 0.05, power: float = 0.80) -> float:
    """z_{1−α/2} + z_{power}: 1.959964 + 0.841621 = 2.801585 at the usual 5% and 80%."""
    if not (0 < alpha < 1 and 0 < power < 1):
        raise ValueError("alpha and power must lie between 0 and 1")
    return float(stats.norm.ppf(1 - alpha / 2) + stats.norm.ppf(power))


def minimum_detectable_effect(
    *,
    sd: float,
    rho: float,
    n_pre: int,
    n_post: int,
    n_treated: int,
    n_control: int,
    alpha: float = 0.05,
    power: float = 0.80,
    design: str = "did",
    test: str = "project",
) -> float:
    """The smallest true effect the two-sided test at `alpha` detects with probability `power`:
    (critical value + z_{power}) · SE, the critical value per `critical_value`."""
    if not 0 < power < 1:
        raise ValueError("power must lie between 0 and 1")
    se = standard_error(
        sd=sd, rho=rho, n_pre=n_pre, n_post=n_post, n_treated=n_treated, n_control=n_control, design=design
    )
    q = critical_value(
        alpha=alpha, design=design, test=test, n_units=n_treated + n_control, n_periods=n_pre + n_post
    )
    return (q + float(stats.norm.ppf(power))) * se


def analytic_power(effect: float, se: float, critical: float) -> float:
    """P(reject) for a true `effect` when the test rejects beyond `critical` true SEs, both
    tails: Φ(|effect|/SE − critical) + Φ(−|effect|/SE − critical)."""
    shift = abs(effect) / se
    return float(stats.norm.cdf(shift - critical) + stats.norm.cdf(-shift - critical))


def baseline_moments(y: np.ndarray) -> BaselineMoments:
    """σ and ρ from a (units × periods) baseline, NaN for a missing month.

    Units with a missing period are left out (counted in `n_dropped`). Period means are
    taken out first (seasonality is common to both groups and cancels in the contrast);
    σ² is the mean over periods of the cross-unit variance; ρ is the average correlation
    between two periods, from the variance of unit means: Var(ȳᵢ) = σ²(1 + (T−1)ρ)/T.
    """
    y = np.asarray(y, dtype=np.float64)
    if y.ndim != 2:
        raise ValueError("the baseline must be a units × periods matrix")
    complete = ~np.isnan(y).any(axis=1)
    z = y[complete]
    n, t = z.shape
    if n < 3 or t < 1:
        raise ValueError("the baseline needs at least three units with every period observed")
    z = z - z.mean(axis=0, keepdims=True)
    var = float(z.var(axis=0, ddof=1).mean())
    if not var > 0:
        raise ValueError("the baseline outcome does not vary")
    if t == 1:
        rho = 0.0
    else:
        var_mean = float(z.mean(axis=1).var(ddof=1))
        rho = float(np.clip((t * var_mean / var - 1) / (t - 1), max(-1 / (t - 1), -0.999), 0.999))
    return BaselineMoments(sd=math.sqrt(var), rho=rho, n_units=n, n_periods=t, n_dropped=int((~complete).sum()))


def baseline_moments_from_frame(frame, *, unit: str, time: str, outcome: str) -> BaselineMoments:
    """The same from a long frame (polars or pandas): one row per unit and period."""
    df = as_polars(frame).select(unit, time, outcome).drop_nulls([unit, time])
    units = df.get_column(unit).unique().sort().to_numpy()
    times = df.get_column(time).unique().sort().to_numpy()
    ui = np.searchsorted(units, df.get_column(unit).to_numpy())
    ti = np.searchsorted(times, df.get_column(time).to_numpy())
    y = np.full((units.size, times.size), np.nan)
    y[ui, ti] = df.get_column(outcome).cast(pl.Float64).to_numpy()
    return baseline_moments(y)


def compound_symmetric_panel(
    rng: np.random.Generator, *, sd: float, rho: float, n_pre: int, n_post: int, n_treated: int, n_control: int,
    effect: float,
) -> Panel:
    """Y_it = μ_i + ε_it with Var μ = ρσ², Var ε = (1−ρ)σ² (ρ ≥ 0), plus `effect` on treated units after the start."""
    if rho < 0:
        raise ValueError("the simulation needs ρ ≥ 0")
    n, t = n_treated + n_control, n_pre + n_post
    y = rng.normal(scale=sd * math.sqrt(rho), size=(n, 1)) + rng.normal(scale=sd * math.sqrt(1 - rho), size=(n, t))
    y[:n_treated, n_pre:] += effect
    cohort = np.r_[np.full(n_treated, n_pre), np.full(n_control, NEVER)]
    return Panel(units=np.arange(n), times=np.arange(t), y=y, cohort=cohort)


def simulated_power(
    effect: float,
    *,
    sd: float,
    rho: float,
    n_pre: int,
    n_post: int,
    n_treated: int,
    n_control: int,
    alpha: float = 0.05,
    draws: int = 200,
    seed: int = 0,
) -> SimulatedPower:
    """Share of `draws` simulated panels in which did.py's estimate is significant at `alpha`
    (its clustered SE and t(G−1) interval, as `evaluate` reports them), with the Monte Carlo
    standard error √(p(1−p)/draws)."""
    rng = np.random.default_rng(seed)
    q = stats.t.ppf(1 - alpha / 2, n_treated + n_control - 1)
    hits = 0
    for _ in range(draws):
        panel = compound_symmetric_panel(
            rng, sd=sd, rho=rho, n_pre=n_pre, n_post=n_post, n_treated=n_treated, n_control=n_control, effect=effect
        )
        fit = did(panel)
        hits += bool(abs(fit.coef[0]) > q * fit.se[0])
    p = hits / draws
    return SimulatedPower(power=p, mc_se=math.sqrt(p * (1 - p) / draws), draws=draws, rejections=hits)


def target_per_entrepreneur_month(total_baht: float, n_treated: int, months: int) -> float:
    """A programme-wide target spread evenly: total ÷ (entrepreneurs × months)."""
    if n_treated < 1 or months < 1:
        raise ValueError("need at least one entrepreneur and one month")
    return total_baht / (n_treated * months)


def target_verdict(total_baht: float, n_treated: int, months: int, mde: float) -> TargetVerdict:
    """Detectable when the effect the target implies is at least the MDE.

    The target is a sum of economic value (sales, savings, investment, jobs), the MDE an
    effect on the evaluated outcome: the comparison holds only when both are in the same
    unit, e.g. baht of monthly sales.
    """
    implied = target_per_entrepreneur_month(total_baht, n_treated, months)
    return TargetVerdict(per_entrepreneur_month=implied, mde=mde, detectable=bool(implied >= mde))


def explain_power(mde: float, power: float = 0.80, alpha: float = 0.05) -> str:
    """Plain Thai: the smallest effect this selection can detect."""
    return (
        f"ด้วยกลุ่มที่คัดเลือกนี้ ผลที่เล็กที่สุดที่ตรวจพบได้ด้วยกำลังการทดสอบ {power:.0%} "
        f"(ระดับนัยสำคัญ {alpha:g} สองทาง) คือ {mde:,.0f} บาทต่อผู้ประกอบการต่อเดือน"
    )


def explain_target(verdict: TargetVerdict) -> str:
    """Plain Thai: whether the target's implied effect is detectable."""
    word = "ตรวจพบได้" if verdict.detectable else "ตรวจไม่พบ"
    gap = "ไม่น้อยกว่า" if verdict.detectable else "น้อยกว่า"
    return (
        f"เป้าหมายเท่ากับ {verdict.per_entrepreneur_month:,.0f} บาทต่อผู้ประกอบการต่อเดือน "
        f"ซึ่ง{gap}ผลที่เล็กที่สุดที่ตรวจพบได้ ({verdict.mde:,.0f} บาท): {word}"
    )
