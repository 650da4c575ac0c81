"""Fair results of a judged pitch event, from long-form scores (pitch, judge, score[, criterion]).

- Totals: with criteria, a judge's total for a pitch is Σ weight × score over the rubric.
- Normalised scores: z within judge (judge's mean and sample SD), rescaled to the pool's
  mean and sample SD of all raw totals. A judge whose scores have no spread (all equal, or
  one pitch only) gets z = 0, i.e. the pool mean: neutral in the ranking; flagged and noted.
- Ranking: pitches by mean normalised score over the judges who scored them. The rescaling
  is one increasing map for all pitches, so ranks follow the mean z; scores within the
  tie tolerance share a rank (1, 2, 2, 4).
- Rank intervals: judges resampled with replacement (seeded), percentile interval.
- Reliability: `reliability.py` (ICC on the complete sub-matrix, alpha on all cells).
- Flagged judges: leave-one-out correlation below a threshold, or no spread.
Thresholds, draws, level and tolerance are data (`data/judging_v1.json`).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .reliability import ICC_FORMS, IccForm, complete_submatrix, icc_forms, krippendorff_interval
from .rubric import Rubric
from .score_csv import ScoreRow

JUDGING_FILE = Path(__file__).resolve().parent.parent / "data" / "judging_v1.json"


@dataclass(frozen=True)
class JudgingSettings:
    version: str
    min_correlation: float
    min_common_pitches: int
    bootstrap_draws: int
    level: float
    tie_tolerance: float
    bradley_terry_alpha: float


def load_judging_settings(path: Path = JUDGING_FILE) -> JudgingSettings:
    raw = json.loads(Path(path).read_text(encoding="utf-8"))
    return JudgingSettings(version=raw["version"], min_correlation=float(raw["flag"]["min_correlation"]),
                           min_common_pitches=int(raw["flag"]["min_common_pitches"]),
                           bootstrap_draws=int(raw["bootstrap"]["draws"]), level=float(raw["bootstrap"]["level"]),
                           tie_tolerance=float(raw["ties"]["tolerance"]),
                           bradley_terry_alpha=float(raw["bradley_terry"]["alpha"]))


@dataclass(frozen=True)
class ScoreMatrix:
    """Totals, pitches × judges, NaN where a judge did not score a pitch."""

    pitches: tuple[str, ...]
    judges: tuple[str, ...]
    values: np.ndarray


@dataclass(frozen=True)
class Note:
    code: str
    th: str
    en: str


@dataclass(frozen=True)
class Normalised:
    z: np.ndarray
    scores: np.ndarray
    pool_mean: float
    pool_sd: float
    zero_spread: tuple[str, ...]


@dataclass(frozen=True)
class JudgeStat:
    judge: str
    n: int
    mean: float
    sd: float
    correlation: float | None
    mean_offset: float | None
    flagged: bool
    reason_th: str = ""
    reason_en: str = ""


@dataclass(frozen=True)
class RankedPitch:
    pitch: str
    score: float
    raw_mean: float
    n_judges: int
    rank: int
    rank_low: int | None
    rank_high: int | None


@dataclass(frozen=True)
class PitchResults:
    matrix: ScoreMatrix
    normalised: Normalised
    icc: dict[str, IccForm] | None
    icc_pitches: tuple[str, ...]
    icc_judges: tuple[str, ...]
    alpha: float | None
    ranking: tuple[RankedPitch, ...]
    judges: tuple[JudgeStat, ...]
    bootstrap_draws: int
    bootstrap_dropped: int
    seed: int
    level: float
    settings_version: str
    rubric_version: str | None
    notes: tuple[Note, ...] = ()

    @property
    def flagged_judges(self) -> list[str]:
        return [j.judge for j in self.judges if j.flagged]

    def to_dict(self, digits: int = 4) -> dict:
        def r(value: float | None) -> float | None:
            return None if value is None else round(float(value), digits)

        return {
            "icc": {form: r(self.icc[form].value) if self.icc else None for form in ICC_FORMS},
            "alpha": r(self.alpha),
            "ranking": [{"pitch": p.pitch, "score": r(p.score), "rank": p.rank, "rank_low": p.rank_low,
                         "rank_high": p.rank_high} for p in self.ranking],
            "flagged_judges": self.flagged_judges,
            "icc_ci": {form: [r(self.icc[form].ci_low), r(self.icc[form].ci_high)] if self.icc else None
                       for form in ICC_FORMS},
            "icc_basis": {"pitches": list(self.icc_pitches), "judges": list(self.icc_judges)},
            "raw_means": {p.pitch: r(p.raw_mean) for p in self.ranking},
            "judges": [{"judge": j.judge, "n": j.n, "mean": r(j.mean), "sd": r(j.sd), "correlation": r(j.correlation),
                        "mean_offset": r(j.mean_offset), "flagged": j.flagged, "reason_th": j.reason_th,
                        "reason_en": j.reason_en} for j in self.judges],
            "pool": {"mean": r(self.normalised.pool_mean), "sd": r(self.normalised.pool_sd)},
            "bootstrap": {"draws": self.bootstrap_draws, "dropped": self.bootstrap_dropped, "seed": self.seed,
                          "level": self.level},
            "versions": {"judging": self.settings_version, "rubric": self.rubric_version},
            "notes": [{"code": n.code, "th": n.th, "en": n.en} for n in self.notes],
        }


def _first_seen(values: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(values))


def judge_totals(rows: Sequence[ScoreRow], rubric: Rubric | None = None) -> ScoreMatrix:
    """Pitch × judge totals; with criteria, weighted by the rubric (every criterion must be scored)."""
    if not rows:
        raise ValueError("ไม่มีคะแนน (no scores)")
    with_criterion = [row.criterion is not None for row in rows]
    if any(with_criterion) and not all(with_criterion):
        raise ValueError("บางแถวมีเกณฑ์ บางแถวไม่มี (some rows have a criterion, some do not)")
    pitches, judges = _first_seen(r.pitch for r in rows), _first_seen(r.judge for r in rows)
    values = np.full((len(pitches), len(judges)), np.nan)
    p_index, j_index = {p: i for i, p in enumerate(pitches)}, {j: i for i, j in enumerate(judges)}
    if not any(with_criterion):
        for row in rows:
            if not np.isnan(values[p_index[row.pitch], j_index[row.judge]]):
                raise ValueError(f"กรรมการ {row.judge} ให้คะแนนผลงาน {row.pitch} ซ้ำ "
                                 f"(judge {row.judge} scored pitch {row.pitch} twice)")
            values[p_index[row.pitch], j_index[row.judge]] = row.score
        return ScoreMatrix(pitches, judges, values)
    if rubric is None:
        raise ValueError("คะแนนรายเกณฑ์ต้องใช้เกณฑ์การให้คะแนน (criterion scores need a rubric)")
    cells: dict[tuple[str, str], dict[str, float]] = {}
    for row in rows:
        if rubric.criterion(row.criterion) is None:
            raise ValueError(f"ไม่มีเกณฑ์ {row.criterion} ใน {rubric.version} (no such criterion)")
        scored = cells.setdefault((row.pitch, row.judge), {})
        if row.criterion in scored:
            raise ValueError(f"กรรมการ {row.judge} ให้คะแนนเกณฑ์ {row.criterion} ของผลงาน {row.pitch} ซ้ำ "
                             f"(scored twice)")
        scored[row.criterion] = row.score
    for (pitch, judge), scored in cells.items():
        missing = [c.code for c in rubric.criteria if c.code not in scored]
        if missing:
            raise ValueError(f"กรรมการ {judge} ยังไม่ได้ให้คะแนนเกณฑ์ {', '.join(missing)} ของผลงาน {pitch} "
                             f"(judge {judge} did not score {', '.join(missing)} for pitch {pitch})")
        values[p_index[pitch], j_index[judge]] = sum(c.weight * scored[c.code] for c in rubric.criteria)
    return ScoreMatrix(pitches, judges, values)


def normalise(matrix: ScoreMatrix) -> Normalised:
    """Within-judge z-scores rescaled to the pool's mean and SD (see the module docstring)."""
    values = matrix.values
    scored = ~np.isnan(values)
    pool = values[scored]
    pool_mean = float(pool.mean())
    pool_sd = float(pool.std(ddof=1)) if pool.size > 1 else 0.0
    z = np.full(values.shape, np.nan)
    zero_spread = []
    for j, judge in enumerate(matrix.judges):
        own = values[scored[:, j], j]
        if np.ptp(own) == 0:
            z[scored[:, j], j] = 0.0
            zero_spread.append(judge)
        else:
            z[scored[:, j], j] = (own - own.mean()) / own.std(ddof=1)
    return Normalised(z=z, scores=pool_mean + pool_sd * z, pool_mean=pool_mean, pool_sd=pool_sd,
                      zero_spread=tuple(zero_spread))


def competition_ranks(values: np.ndarray, tolerance: float) -> np.ndarray:
    """Ranks along the last axis, 1 = highest; values within `tolerance` tie (1, 2, 2, 4)."""
    return 1 + (values[..., None, :] > values[..., :, None] + tolerance).sum(axis=-1)


def judge_agreement(matrix: ScoreMatrix, normalised: Normalised, settings: JudgingSettings) -> tuple[JudgeStat, ...]:
    """Each judge against the others: Pearson r of the judge's scores with the others' mean z on the
    same pitches (leave one out), and the judge's raw mean minus the others' raw mean there."""
    values, z = matrix.values, normalised.z
    scored = ~np.isnan(values)
    stats = []
    for j, judge in enumerate(matrix.judges):
        others = np.delete(np.arange(len(matrix.judges)), j)
        common = scored[:, j] & scored[:, others].any(axis=1)
        own = values[scored[:, j], j]
        others_z = np.nanmean(z[np.ix_(common, others)], axis=1) if common.any() else np.array([])
        others_raw = np.nanmean(values[np.ix_(common, others)], axis=1) if common.any() else np.array([])
        offset = float(values[common, j].mean() - others_raw.mean()) if common.any() else None
        correlation = None
        if common.sum() >= settings.min_common_pitches and np.ptp(values[common, j]) > 0 and np.ptp(others_z) > 0:
            correlation = float(np.corrcoef(values[common, j], others_z)[0, 1])
        stat = dict(judge=judge, n=int(own.size), mean=float(own.mean()),
                    sd=float(own.std(ddof=1)) if own.size > 1 else 0.0, correlation=correlation, mean_offset=offset)
        if judge in normalised.zero_spread:
            stats.append(JudgeStat(**stat, flagged=True, reason_th="ให้คะแนนทุกผลงานเท่ากัน",
                                   reason_en="gave every pitch the same score"))
        elif correlation is not None and correlation < settings.min_correlation:
            stats.append(JudgeStat(**stat, flagged=True,
                                   reason_th=f"คะแนนสัมพันธ์กับกรรมการคนอื่นต่ำ (r = {correlation:.2f} < "
                                             f"{settings.min_correlation:g})",
                                   reason_en=f"low correlation with the other judges (r = {correlation:.2f} < "
                                             f"{settings.min_correlation:g})"))
        else:
            stats.append(JudgeStat(**stat, flagged=False))
    return tuple(stats)


def bootstrap_rank_intervals(z: np.ndarray, *, draws: int, seed: int, level: float, tolerance: float,
                             chunk: int = 200) -> tuple[np.ndarray, np.ndarray, int, int]:
    """Percentile interval of each pitch's rank, judges resampled with replacement.

    Returns (low, high, draws used, draws dropped); a draw is dropped when some pitch has no
    drawn judge. With no usable draw, low and high are empty.
    """
    n_pitches, n_judges = z.shape
    scored = (~np.isnan(z)).astype(float)
    z0 = np.nan_to_num(z)
    rng = np.random.default_rng(seed)
    kept = []
    for start in range(0, draws, chunk):
        b = min(chunk, draws - start)
        counts = np.stack([np.bincount(rng.integers(0, n_judges, n_judges), minlength=n_judges) for _ in range(b)])
        totals, n = counts @ z0.T, counts @ scored.T
        good = (n > 0).all(axis=1)
        kept.append(competition_ranks(totals[good] / n[good], tolerance))
    ranks = np.vstack(kept) if kept else np.empty((0, n_pitches))
    if not ranks.shape[0]:
        return np.array([]), np.array([]), 0, draws
    tail = (1 - level) / 2 * 100
    low = np.percentile(ranks, tail, axis=0, method="lower")
    high = np.percentile(ranks, 100 - tail, axis=0, method="higher")
    return low.astype(int), high.astype(int), int(ranks.shape[0]), draws - int(ranks.shape[0])


def _result_notes(matrix: ScoreMatrix, icc_undefined: bool, alpha_undefined: bool, icc_pitches: tuple[str, ...],
                  icc_judges: tuple[str, ...], normalised: Normalised, used: int, dropped: int) -> tuple[Note, ...]:
    """What the reader of the results must know: missing cells, undefined statistics, neutral judges."""
    notes: list[Note] = []
    scored = ~np.isnan(matrix.values)
    missing = int((~scored).sum())
    if missing:
        left_p = [p for p in matrix.pitches if p not in icc_pitches]
        left_j = [j for j in matrix.judges if j not in icc_judges]
        notes.append(Note("missing_cells",
                          f"ไม่มีคะแนน {missing} ช่อง: ICC คำนวณจากส่วนที่ครบ ({len(icc_pitches)} ผลงาน × "
                          f"{len(icc_judges)} กรรมการ) ตัดผลงาน {', '.join(left_p) or '-'} และกรรมการ "
                          f"{', '.join(left_j) or '-'}; alpha ใช้ทุกช่องที่มีคะแนน; อันดับใช้ค่าเฉลี่ยของกรรมการที่ให้คะแนน",
                          f"{missing} cells not scored: ICC uses the complete sub-matrix ({len(icc_pitches)} pitches × "
                          f"{len(icc_judges)} judges), leaving out pitches {', '.join(left_p) or '-'} and judges "
                          f"{', '.join(left_j) or '-'}; alpha uses every scored cell; ranks average the judges "
                          f"who scored each pitch"))
    if icc_undefined:
        notes.append(Note("icc_undefined", "คำนวณ ICC ไม่ได้ (ส่วนที่ครบเล็กกว่า 2 × 2 หรือน้อยกว่า 5 ช่อง หรือคะแนนไม่มีความแปรปรวน)",
                          "ICC undefined (complete part below 2 × 2 or 5 cells, or no variance)"))
    if alpha_undefined:
        notes.append(Note("alpha_undefined", "คำนวณ Krippendorff's alpha ไม่ได้ (คะแนนไม่แตกต่างกัน)",
                          "Krippendorff's alpha undefined (no variation in the scores)"))
    if normalised.zero_spread:
        names = ", ".join(normalised.zero_spread)
        notes.append(Note("zero_spread",
                          f"กรรมการ {names} ให้คะแนนเท่ากันทุกผลงาน: คะแนนปรับมาตรฐานเท่ากับค่าเฉลี่ยรวม (เป็นกลางในการจัดอันดับ)",
                          f"judges {names} gave equal scores throughout: their normalised scores are the pool mean "
                          f"(neutral in the ranking)"))
    if len(matrix.judges) == 2:
        notes.append(Note("two_judges", "มีกรรมการ 2 คน: ค่าสหสัมพันธ์ของทั้งสองคนเท่ากัน จึงระบุไม่ได้ว่าใครต่างจากผู้อื่น",
                          "two judges: both share one correlation, so the odd one out cannot be told"))
    if dropped:
        notes.append(Note("bootstrap_dropped", f"ตัดรอบบูตสแตรป {dropped} รอบที่บางผลงานไม่มีกรรมการถูกสุ่ม",
                          f"{dropped} bootstrap draws dropped: some pitch had no drawn judge"))
    if not used:
        notes.append(Note("no_bootstrap", "ไม่มีช่วงอันดับ (ไม่ได้ทำบูตสแตรป)", "no rank intervals (no bootstrap)"))
    return tuple(notes)


def analyse_pitch_scores(rows: Sequence[ScoreRow], rubric: Rubric | None = None, *, draws: int | None = None,
                         seed: int = 0, settings: JudgingSettings | None = None) -> PitchResults:
    """Totals, normalised ranking with rank intervals, reliability and flagged judges for one event."""
    settings = settings or load_judging_settings()
    draws = settings.bootstrap_draws if draws is None else draws
    if draws < 0:
        raise ValueError("จำนวนรอบบูตสแตรปต้องไม่ติดลบ (bootstrap draws must be ≥ 0)")
    matrix = judge_totals(rows, rubric if any(r.criterion for r in rows) else None)
    if len(matrix.pitches) < 2 or len(matrix.judges) < 2:
        raise ValueError("ต้องมีอย่างน้อย 2 ผลงานและกรรมการ 2 คน (need at least 2 pitches and 2 judges)")
    normalised = normalise(matrix)
    scored = ~np.isnan(matrix.values)
    mean_z = np.nanmean(normalised.z, axis=1)
    ranks = competition_ranks(mean_z, settings.tie_tolerance)
    low, high, used, dropped = (bootstrap_rank_intervals(normalised.z, draws=draws, seed=seed, level=settings.level,
                                                         tolerance=settings.tie_tolerance)
                                if draws else (np.array([]), np.array([]), 0, 0))
    ranking = sorted((RankedPitch(pitch=p, score=normalised.pool_mean + normalised.pool_sd * float(mean_z[i]),
                                  raw_mean=float(np.nanmean(matrix.values[i])), n_judges=int(scored[i].sum()),
                                  rank=int(ranks[i]), rank_low=int(low[i]) if used else None,
                                  rank_high=int(high[i]) if used else None)
                      for i, p in enumerate(matrix.pitches)), key=lambda p: (p.rank, p.pitch))

    rows_kept, cols_kept = complete_submatrix(matrix.values)
    icc = icc_forms(matrix.values[np.ix_(rows_kept, cols_kept)])
    icc_pitches = tuple(matrix.pitches[i] for i in rows_kept)
    icc_judges = tuple(matrix.judges[j] for j in cols_kept)
    alpha = krippendorff_interval(matrix.values)

    notes = _result_notes(matrix, icc is None, alpha is None, icc_pitches, icc_judges, normalised, used, dropped)
    return PitchResults(matrix=matrix, normalised=normalised, icc=icc, icc_pitches=icc_pitches, icc_judges=icc_judges,
                        alpha=alpha, ranking=tuple(ranking), judges=judge_agreement(matrix, normalised, settings),
                        bootstrap_draws=used, bootstrap_dropped=dropped, seed=seed, level=settings.level,
                        settings_version=settings.version,
                        rubric_version=rubric.version if rubric and any(r.criterion for r in rows) else None,
                        notes=notes)
