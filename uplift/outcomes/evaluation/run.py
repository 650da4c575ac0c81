"""One entry point for every evaluation: the CLI, the API and the dashboard call `evaluate`."""

from __future__ import annotations

import dataclasses
import json
import math
import warnings
from dataclasses import dataclass
from typing import Any

import numpy as np
from scipy import stats

from .bootstrap import cluster_bootstrap
from .did import did, twfe_bootstrap_statistic, twfe_panelols
from .event_study import EventStudy, event_study_twfe
from .matching import BalanceRow, match
from .panel import Panel, build_panel
from .sensitivity import (
    Sensitivity,
    e_value_difference,
    explain_e_value,
    explain_relative_magnitudes,
    explain_rosenbaum,
    relative_magnitudes_from_event_study,
    rosenbaum_sign,
    rosenbaum_wilcoxon,
)
from .staggered import GroupTimeATT, callaway_santanna

METHODS = ("did", "match", "match-did", "cs")
ALL_METHODS = (*METHODS, "means")
DID_METHODS = ("did", "match-did", "cs")
CROSS_SECTION_METHODS = ("match", "means")

ESTIMANDS = {
    "did": "Average effect on the treated: the treated units' change over time beyond the comparison "
    "units' change (difference-in-differences with unit and period fixed effects).",
    "match": "Average effect on the treated: treated units' outcome after the start compared with "
    "similar untreated units (propensity-score matched); assumes the covariates capture every "
    "difference that matters.",
    "match-did": "Average effect on the treated: difference-in-differences against similar untreated "
    "units (propensity-score matched), so that both level differences and differences in the "
    "matched characteristics' trends are taken out.",
    "cs": "Average effect on the treated with staggered starts (Callaway–Sant'Anna): each cohort is "
    "compared only with units not yet treated, then cohorts are averaged by size.",
    "means": "Difference in mean outcome (after the start) between treated and untreated units, with no "
    "adjustment: an effect only if the two groups would otherwise have been alike.",
}


@dataclass(frozen=True)
class Evaluation:
    method: str
    outcome: str
    estimand: str
    att: float
    se: float
    ci_low: float
    ci_high: float
    level: float
    se_kind: str
    bootstrap_se: float | None
    bootstrap_ci: tuple[float, float] | None
    bootstrap_draws: int
    n_units: int
    n_periods: int
    n_obs: int
    n_treated: int
    n_control: int
    n_matched_treated: int | None
    n_matched_control: int | None
    n_off_support: int | None
    n_unmatched: int | None
    staggered: bool
    cohorts: tuple[Any, ...]
    balance: tuple[BalanceRow, ...]
    event_study: EventStudy | None
    group_time: tuple[GroupTimeATT, ...]
    notes: tuple[str, ...]
    n_obs_used: int | None = None
    sensitivity: Sensitivity | None = None

    def to_dict(self) -> dict[str, Any]:
        return _plain(dataclasses.asdict(self))

    def to_json(self, **kwargs: Any) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, **kwargs)


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def _interval(att: float, se: float, level: float, df: int | None) -> tuple[float, float]:
    q = stats.t.ppf(0.5 + level / 2, df) if df else stats.norm.ppf(0.5 + level / 2)
    return att - q * se, att + q * se


def _post_means(panel: Panel) -> np.ndarray:
    """Each unit's mean outcome from the first treated period on (all periods if none)."""
    start = min(panel.first_treated_period, panel.n_periods - 1)
    return np.nanmean(panel.y[:, start:], axis=1)


def evaluate(
    frame,
    *,
    unit: str,
    time: str | None = None,
    outcome: str,
    treated: str,
    post: str | None = None,
    covariates: tuple[str, ...] | list[str] = (),
    method: str = "did",
    caliper: float = 0.2,
    ratio: int = 1,
    control: str = "notyet",
    bootstrap: int = 200,
    seed: int = 0,
    leads: int = 12,
    lags: int = 12,
    level: float = 0.95,
    alpha: float = 0.05,
    sensitivity: bool = False,
) -> Evaluation:
    """Estimate the effect of `treated` on `outcome` in a long frame (polars or pandas).

    `treated` marks treated rows, or with `post` the treated group (a row is treated when
    its unit is in the group and `post` is true). Without `time` the frame is a
    cross-section, one row per unit, and only "match" and "means" apply. `caliper` is in
    standard deviations of the logit propensity score; `bootstrap` is the number of
    unit-bootstrap draws (0 for none; "cs" always bootstraps, 200 draws if 0 is given).
    `n_obs` counts the observations in the data; `n_obs_used` those in the estimate.
    With `sensitivity`, the result carries Rosenbaum bounds and the E-value (matching),
    the E-value ("means") and the relative-magnitudes bound (DiD with leads).
    """
    if method not in ALL_METHODS:
        raise ValueError(f"method must be one of {', '.join(ALL_METHODS)}")
    if time is None and method in DID_METHODS:
        raise ValueError(
            f"ข้อมูลภาคตัดขวาง (ไม่มี --time) ใช้ได้เฉพาะวิธี {' หรือ '.join(CROSS_SECTION_METHODS)}: "
            f"method {method!r} compares changes over time and needs a time column; "
            "for one row per unit use 'match' (with covariates) or 'means'"
        )
    panel = build_panel(
        frame, unit=unit, time=time, outcome=outcome, treated=treated, post=post, covariates=tuple(covariates)
    )
    notes = list(panel.notes)
    n_treated = int(panel.treated.sum())
    n_control = panel.n_units - n_treated
    if n_treated == 0:
        raise ValueError("no treated unit in the data")
    if n_control == 0 and method != "cs":
        raise ValueError("no untreated comparison unit in the data")

    matched = None
    weights = np.ones(panel.n_units)
    if method in ("match", "match-did"):
        matched = match(panel.covariates, panel.treated, caliper_sd=caliper, ratio=ratio)
        weights = matched.weights
        if matched.n_off_support or matched.n_unmatched:
            notes.append(
                f"{matched.n_off_support} treated units off common support and {matched.n_unmatched} "
                "without a control inside the caliper are left out: the estimate is for the treated "
                "units that have comparable controls"
            )
        if matched.n_missing_covariates:
            notes.append(f"{matched.n_missing_covariates} units with missing covariates left out of matching")
        worst = max((abs(r.smd_after) for r in matched.balance), default=0.0)
        if worst >= 0.1:
            notes.append(f"balance not reached after matching: largest |SMD| {worst:.2f} (≥ 0.1)")
        notes.append("matched with replacement; standard errors treat the match as fixed")
    elif covariates and method != "cs":
        notes.append("covariates are used only by the matching methods")
    if time is None:
        notes.append("cross-section: one row per unit, no time column")

    if n_treated < 10:
        notes.append(
            f"only {n_treated} treated unit(s): cluster-robust and bootstrap standard errors are "
            "unreliable with so few treated clusters; read the interval as indicative"
        )
    if panel.staggered and method in ("did", "match-did"):
        notes.append(
            f"treatment starts in {panel.cohorts.size} different periods: two-way FE can be biased when "
            "effects differ between cohorts or grow over time; compare with method 'cs'"
        )

    common = dict(
        method=method,
        outcome=outcome,
        estimand=ESTIMANDS[method],
        level=level,
        n_units=panel.n_units,
        n_periods=panel.n_periods,
        n_obs=int(panel.observed.sum()),
        n_treated=n_treated,
        n_control=n_control,
        n_matched_treated=matched.n_matched_treated if matched else None,
        n_matched_control=matched.n_matched_control if matched else None,
        n_off_support=matched.n_off_support if matched else None,
        n_unmatched=matched.n_unmatched if matched else None,
        staggered=panel.staggered,
        cohorts=tuple(_plain(panel.times[g]) for g in panel.cohorts),
        balance=matched.balance if matched else (),
    )

    if method == "cs":
        draws = bootstrap or 200
        if covariates:
            notes.append("Callaway–Sant'Anna here is unconditional: covariates are not used")
        if (panel.cohort == 0).any():
            notes.append(
                f"{int((panel.cohort == 0).sum())} units treated from the first period have no "
                "pre-treatment period and are left out"
            )
        cs = callaway_santanna(panel, control=control, draws=draws, seed=seed, alpha=alpha)
        if cs.bootstrap.failed:
            notes.append(f"{cs.bootstrap.failed} bootstrap draws without a cohort or comparison left out")
        low, high = _interval(cs.att, cs.se, level, None)
        p_low, p_high = cs.bootstrap.percentile_ci(level)
        notes.extend(_pretrend_notes(cs.event_study))
        sens = _sensitivity(panel, None, method, cs.att, cs.se, cs.event_study, alpha, level) if sensitivity else None
        return Evaluation(
            **common,
            att=cs.att,
            se=cs.se,
            ci_low=low,
            ci_high=high,
            se_kind="unit (cluster) bootstrap",
            bootstrap_se=cs.se,
            bootstrap_ci=(float(p_low[0]), float(p_high[0])),
            bootstrap_draws=int(cs.bootstrap.draws.shape[0]),
            n_obs_used=int(panel.observed.sum()),
            event_study=cs.event_study,
            group_time=cs.group_time,
            notes=tuple(notes),
            sensitivity=sens,
        )

    sample = np.flatnonzero(weights > 0)
    sub = panel.subset(sample)
    w = weights[sample]

    if method in CROSS_SECTION_METHODS:
        ev = _match_only(sub, w, common, notes, bootstrap, seed, level)
        if not sensitivity:
            return ev
        sens = _sensitivity(panel, matched, method, ev.att, ev.se, None, alpha, level)
        return dataclasses.replace(ev, sensitivity=sens)

    if panel.first_treated_period == 0:
        raise ValueError("difference-in-differences needs a period before treatment; use method 'match'")
    fit = did(sub, w)
    att, se = float(fit.coef[0]), float(fit.se[0])
    low, high = _interval(att, se, level, fit.n_clusters - 1)

    boot_se = boot_ci = None
    n_draws = 0
    if bootstrap:
        x = sub.d[..., None]
        if sub.balanced:
            statistic = twfe_bootstrap_statistic(sub.y, x, w)
        else:
            notes.append("unbalanced panel: each bootstrap draw is a PanelOLS refit")

            def statistic(counts: np.ndarray) -> np.ndarray:
                return np.array([twfe_panelols(sub.y, x, c * w).coef for c in counts])

        result = cluster_bootstrap(statistic, sub.n_units, draws=bootstrap, seed=seed)
        if result.draws.shape[0] > 1:
            p_low, p_high = result.percentile_ci(level)
            boot_se, boot_ci, n_draws = float(result.se[0]), (float(p_low[0]), float(p_high[0])), result.draws.shape[0]
        if result.failed:
            notes.append(f"{result.failed} degenerate bootstrap draws left out")

    es = None
    if panel.first_treated_period >= 2:
        es = event_study_twfe(sub, w, leads=leads, lags=lags, alpha=alpha)
        notes.extend(_pretrend_notes(es))
    else:
        notes.append("fewer than two periods before treatment: no pre-trend test possible")

    return Evaluation(
        **common,
        att=att,
        se=se,
        ci_low=low,
        ci_high=high,
        se_kind=f"clustered by unit ({fit.n_clusters} clusters), t({fit.n_clusters - 1}) interval",
        bootstrap_se=boot_se,
        bootstrap_ci=boot_ci,
        bootstrap_draws=n_draws,
        n_obs_used=fit.n_obs,
        event_study=es,
        group_time=(),
        notes=tuple(notes),
        sensitivity=_sensitivity(panel, matched, method, att, se, es, alpha, level) if sensitivity else None,
    )


def _pretrend_notes(es: EventStudy) -> list[str]:
    test = es.pretrend
    if test is None:
        return []
    if test.flagged:
        return [
            f"pre-trend: the {test.df} leads are jointly non-zero (Wald χ² = {test.statistic:.1f}, "
            f"p = {test.p_value:.3g}); treated and comparison units were already diverging, so "
            "parallel trends are doubtful and the ATT should not be read as the programme's effect"
        ]
    return [f"pre-trend test passed: leads jointly zero not rejected (p = {test.p_value:.3g})"]


def _match_only(
    sub: Panel, w: np.ndarray, common: dict, notes: list[str], bootstrap: int, seed: int, level: float
) -> Evaluation:
    """Difference in post-period mean outcome, treated minus weighted (matched) controls (WLS, HC1)."""
    import statsmodels.api as sm

    y = _post_means(sub)
    t = sub.treated.astype(np.float64)
    ok = ~np.isnan(y)
    design = sm.add_constant(t[ok], has_constant="add")
    fit = sm.WLS(y[ok], design, weights=w[ok]).fit(cov_type="HC1")
    att, se = float(fit.params[1]), float(fit.bse[1])
    low, high = _interval(att, se, level, None)
    if sub.n_periods > 1:
        notes.append(
            f"{common['method']} compares levels after the start (one mean per unit); "
            "'match-did' also removes fixed differences"
        )

    boot_se = boot_ci = None
    n_draws = 0
    if bootstrap:
        yv, tv, wv = np.nan_to_num(y), t * ok, w * ok

        def statistic(counts: np.ndarray) -> np.ndarray:
            wb = counts * wv
            with np.errstate(invalid="ignore", divide="ignore"):
                return ((wb * tv) @ yv / (wb @ tv) - (wb * (1 - tv)) @ yv / (wb @ (1 - tv)))[:, None]

        result = cluster_bootstrap(statistic, sub.n_units, draws=bootstrap, seed=seed)
        if result.draws.shape[0] > 1:
            p_low, p_high = result.percentile_ci(level)
            boot_se, boot_ci, n_draws = float(result.se[0]), (float(p_low[0]), float(p_high[0])), result.draws.shape[0]
    return Evaluation(
        **common,
        att=att,
        se=se,
        ci_low=low,
        ci_high=high,
        se_kind="heteroskedasticity-robust (HC1), one row per unit",
        bootstrap_se=boot_se,
        bootstrap_ci=boot_ci,
        bootstrap_draws=n_draws,
        n_obs_used=int(ok.sum()),
        event_study=None,
        group_time=(),
        notes=tuple(notes),
    )


def _pair_differences(panel: Panel, matched, method: str) -> np.ndarray:
    """Per matched set: the treated unit's outcome minus the mean of its controls'.

    "match" compares post-period means (split at the first start, as the estimate does);
    "match-did" compares changes from before to after the treated unit's own start.
    """
    treated_idx, controls = matched.matched_sets()
    valid = controls >= 0
    safe = np.where(valid, controls, 0)
    if method == "match":
        y = _post_means(panel)
        cy = np.where(valid, y[safe], np.nan)
        return y[treated_idx] - np.nanmean(cy, axis=1)
    out = np.full(treated_idx.size, np.nan)
    starts = panel.cohort[treated_idx]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        for g in np.unique(starts):
            change = np.nanmean(panel.y[:, g:], axis=1) - np.nanmean(panel.y[:, :g], axis=1)
            rows = starts == g
            cy = np.where(valid[rows], change[safe[rows]], np.nan)
            out[rows] = change[treated_idx[rows]] - np.nanmean(cy, axis=1)
    return out


def _outcome_sd(panel: Panel) -> float:
    """Pooled within-group SD of the post-period unit means, before matching (the yardstick of d)."""
    y = _post_means(panel)
    t, c = y[panel.treated], y[~panel.treated]
    t, c = t[~np.isnan(t)], c[~np.isnan(c)]
    if t.size < 2 or c.size < 2:
        return float("nan")
    return float(np.sqrt((t.var(ddof=1) + c.var(ddof=1)) / 2))


def _sensitivity(
    panel: Panel, matched, method: str, att: float, se: float, es: EventStudy | None, alpha: float, level: float
) -> Sensitivity:
    sentences: list[str] = []
    notes: list[str] = []
    rb = sign = e_val = rm = None
    if matched is not None:
        diffs = _pair_differences(panel, matched, method)
        direction = 1 if att >= 0 else -1
        rb = rosenbaum_wilcoxon(diffs, alpha=alpha, direction=direction)
        sign = rosenbaum_sign(diffs, alpha=alpha, direction=direction)
        sentences.append(explain_rosenbaum(rb))
        notes.append(
            "Rosenbaum bounds treat matched sets as independent; matching here is with replacement, so "
            "a control shared by several treated units makes them dependent"
        )
        if matched.set_controls is not None and matched.set_controls.shape[1] > 1:
            notes.append(
                "with several controls per treated unit, each set is reduced to treated minus the controls' mean"
            )
        if method == "match-did":
            notes.append("pairs compare changes from before to after the treated unit's start")
    if method in CROSS_SECTION_METHODS or method == "match-did":
        sd = _outcome_sd(panel)
        if math.isfinite(sd) and sd > 0:
            e_val = e_value_difference(att, sd, se)
            sentences.append(explain_e_value(e_val))
            notes.append(
                "E-value via d = ATT ÷ pooled SD of the post-period unit means and RR ≈ exp(0.91·d), "
                "an approximation for a continuous outcome"
            )
    if es is not None:
        try:
            rm = relative_magnitudes_from_event_study(es, level=level)
        except ValueError as error:
            notes.append(f"no relative-magnitudes bound: {error}")
        else:
            sentences.append(explain_relative_magnitudes(rm))
            notes.append(
                "relative magnitudes: the largest pre-period change is taken as known and the robust interval "
                "adds the conventional z·SE to the identified set; Rambachan & Roth's own intervals also "
                "account for the leads' sampling error and can be wider"
            )
    elif method in DID_METHODS:
        notes.append("no relative-magnitudes bound: it needs an event study with at least one lead")
    return Sensitivity(
        rosenbaum=rb, sign_test=sign, e_value=e_val, relative_magnitudes=rm,
        sentences=tuple(sentences), notes=tuple(notes),
    )


def evaluate_csv(path: str, **kwargs: Any) -> Evaluation:
    import polars as pl

    return evaluate(pl.read_csv(path, infer_schema_length=10_000), **kwargs)


def format_report(ev: Evaluation) -> str:
    """Plain text for the terminal: estimate, counts, balance, pre-trend, notes."""
    pct = f"{ev.level:.0%}"
    lines = [
        f"Method      {ev.method}   outcome {ev.outcome}",
        f"ATT         {ev.att:.6g}",
        f"SE          {ev.se:.6g}   ({ev.se_kind})",
        f"{pct} CI      [{ev.ci_low:.6g}, {ev.ci_high:.6g}]",
    ]
    if ev.bootstrap_se is not None and ev.bootstrap_ci is not None:
        lines.append(
            f"Bootstrap   SE {ev.bootstrap_se:.6g}, {pct} percentile CI "
            f"[{ev.bootstrap_ci[0]:.6g}, {ev.bootstrap_ci[1]:.6g}] ({ev.bootstrap_draws} draws)"
        )
    cells = ev.n_units * ev.n_periods
    size = f"{cells} obs" if ev.n_obs == cells else f"{cells} cells, {ev.n_obs} observed"
    shape = " (cross-section, one row per unit)" if ev.n_periods == 1 else ""
    lines.append(
        f"N           units {ev.n_units} × periods {ev.n_periods} = {size}{shape}; "
        f"treated {ev.n_treated}, control {ev.n_control}"
    )
    if ev.n_matched_treated is not None:
        lines.append(
            f"Matched     treated {ev.n_matched_treated}, controls {ev.n_matched_control}; "
            f"off support {ev.n_off_support}, no match in caliper {ev.n_unmatched}"
        )
    if ev.n_obs_used is not None and ev.n_obs_used != ev.n_obs:
        rows = "unit means" if ev.method in CROSS_SECTION_METHODS and ev.n_periods > 1 else "obs"
        sample = "matched sample" if ev.n_matched_treated is not None else "sample"
        lines.append(f"Estimated   on {ev.n_obs_used} {rows} ({sample})")
    if ev.balance:
        lines.append(
            "Balance     covariate: mean treated | control → matched control; SMD before → after; "
            "variance ratio before → after"
        )
        lines.extend(
            f"            {r.covariate}: {r.mean_treated:.4g} | {r.mean_control:.4g} → {r.mean_control_matched:.4g}; "
            f"SMD {r.smd_before:+.3f} → {r.smd_after:+.3f}; "
            f"VR {r.variance_ratio_before:.2f} → {r.variance_ratio_after:.2f}"
            for r in ev.balance
        )
    if ev.event_study is not None and ev.event_study.pretrend is not None:
        p = ev.event_study.pretrend
        lines.append(
            f"Pre-trend   Wald χ²({p.df}) = {p.statistic:.2f}, p = {p.p_value:.3g}"
            + ("  ← FLAGGED" if p.flagged else "")
        )
    if ev.sensitivity is not None:
        lines.extend(format_sensitivity(ev.sensitivity))
    lines.extend(f"Note        {n}" for n in ev.notes)
    return "\n".join(lines)


def _p_value(p: float) -> str:
    return "< 0.0001" if p < 1e-4 else f"{p:.4f}"


def format_sensitivity(sens: Sensitivity) -> list[str]:
    """Terminal lines: Rosenbaum Γ table, E-value, relative-magnitudes bounds, Thai sentences, notes."""
    lines = ["Sensitivity ความไวต่ออคติที่มองไม่เห็น (hidden bias)"]
    for rb in (sens.rosenbaum, sens.sign_test):
        if rb is None:
            continue
        lines.append(
            f"            Rosenbaum, {rb.test} ({rb.n_pairs} matched sets, {rb.n_nonzero} non-zero): "
            f"critical Γ = {rb.critical_gamma:.3g} (upper-bound p ≥ {rb.alpha:g})"
        )
        lines.append("            " + "; ".join(f"Γ {b.gamma:g}: p ≤ {_p_value(b.p_upper)}" for b in rb.bounds))
    if sens.e_value is not None:
        e = sens.e_value
        ci = f", CI limit {e.e_value_ci:.2f}" if e.e_value_ci is not None else ""
        smd = f"d = {e.smd:.3f}, " if e.smd is not None else ""
        lines.append(f"            E-value: {smd}RR ≈ {e.rr:.3f} → E-value {e.e_value:.2f}{ci}")
    if sens.relative_magnitudes is not None:
        rm = sens.relative_magnitudes
        lines.append(
            f"            Relative magnitudes: post-period mean θ = {rm.theta:.6g} (SE {rm.se:.3g}), largest "
            f"pre-period change {rm.max_pre_violation:.3g}, breakdown M̄ = {rm.breakdown_mbar:.3g}"
        )
        lines.extend(
            f"            M̄ {b.mbar:g}: set [{b.low:.6g}, {b.high:.6g}], {rm.level:.0%} robust CI "
            f"[{b.ci_low:.6g}, {b.ci_high:.6g}]"
            for b in rm.bounds
        )
    lines.extend(f"            • {sentence}" for sentence in sens.sentences)
    lines.extend(f"            ({note})" for note in sens.notes)
    return lines
