"""Fair pitch results: totals, normalisation, flags, ranking intervals, with hand-computed cases."""

import math

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from uplift.toolkits.successors.core.judging import (
    ScoreMatrix, analyse_pitch_scores, competition_ranks, judge_totals, load_judging_settings, normalise)
from uplift.toolkits.successors.core.rubric import load_rubric
from uplift.toolkits.successors.core.score_csv import ScoreRow

RUBRIC = load_rubric()
SHROUT_FLEISS = [[9, 2, 5, 8], [6, 1, 3, 2], [8, 4, 6, 8], [7, 1, 2, 6], [10, 5, 6, 9], [6, 2, 4, 7]]


def rows_of(matrix, pitches=None, judges=None) -> list[ScoreRow]:
    pitches = pitches or [f"ผลงาน{i + 1}" for i in range(len(matrix))]
    judges = judges or [f"กรรมการ{j + 1}" for j in range(len(matrix[0]))]
    return [ScoreRow(pitches[i], judges[j], float(v)) for i, line in enumerate(matrix) for j, v in enumerate(line)
            if v is not None and not (isinstance(v, float) and math.isnan(v))]


def test_weighted_totals_from_the_rubric():
    # weights: problem_customer .2, it_solution .25, feasibility .2, business_impact .2, presentation .15
    scores = {"problem_customer": 8, "it_solution": 6, "feasibility": 7, "business_impact": 5, "presentation": 10}
    rows = [ScoreRow("แอปโฮมสเตย์", "ครูสมชาย", s, c) for c, s in scores.items()]
    matrix = judge_totals(rows, RUBRIC)
    # .2 × 8 + .25 × 6 + .2 × 7 + .2 × 5 + .15 × 10 = 1.6 + 1.5 + 1.4 + 1.0 + 1.5 = 7.0
    assert matrix.values[0, 0] == pytest.approx(7.0)
    with pytest.raises(ValueError, match="ยังไม่ได้ให้คะแนนเกณฑ์ presentation ของผลงาน แอปโฮมสเตย์"):
        judge_totals(rows[:-1], RUBRIC)


def test_normalisation_by_hand():
    # judge A: 8, 6, 4 → mean 6, SD √((4 + 0 + 4) / 2) = 2 → z 1, 0, −1
    # judge B: 9, 9, 6 → mean 8, SD √((1 + 1 + 4) / 2) = √3 → z 1/√3, 1/√3, −2/√3
    # pool: 8, 6, 4, 9, 9, 6 → mean 7, SD √((1 + 1 + 9 + 4 + 4 + 1) / 5) = 2
    matrix = ScoreMatrix(("ก", "ข", "ค"), ("A", "B"), np.array([[8.0, 9.0], [6.0, 9.0], [4.0, 6.0]]))
    result = normalise(matrix)
    assert (result.pool_mean, result.pool_sd) == pytest.approx((7, 2))
    r3 = math.sqrt(3)
    assert result.scores == pytest.approx(np.array([[9, 7 + 2 / r3], [7, 7 + 2 / r3], [5, 7 - 4 / r3]]))


def test_a_harsh_judge_who_skipped_a_pitch_no_longer_decides_the_ranking():
    # generous A scored all three; harsh B skipped ค. Raw means: ก 6.5, ข 5.5, ค 7 → ค first.
    # z: A 1, 0, −1; B (4 − 3.5) / 0.707 = .707, −.707. Mean z: ก .854, ข −.354, ค −1 → ก, ข, ค.
    results = analyse_pitch_scores(rows_of([[9, 4], [8, 3], [7, None]], ["ก", "ข", "ค"], ["A", "B"]), draws=0)
    assert [(p.pitch, p.rank, p.raw_mean) for p in results.ranking] == [("ก", 1, 6.5), ("ข", 2, 5.5), ("ค", 3, 7.0)]
    assert results.ranking[2].n_judges == 1
    assert {n.code for n in results.notes} >= {"missing_cells", "two_judges", "no_bootstrap"}


def test_shrout_fleiss_end_to_end():
    out = analyse_pitch_scores(rows_of(SHROUT_FLEISS), draws=200, seed=7).to_dict()
    assert {k: round(v, 2) for k, v in out["icc"].items()} == {
        "ICC1": 0.17, "ICC2": 0.29, "ICC3": 0.71, "ICC1k": 0.44, "ICC2k": 0.62, "ICC3k": 0.91}
    assert out["flagged_judges"] == [] and out["notes"] == []
    assert [p["pitch"] for p in out["ranking"]][0] == "ผลงาน5"  # highest row mean (7.5) and highest mean z


def test_bootstrap_interval_contains_the_point_rank_and_is_seeded():
    rows = rows_of(SHROUT_FLEISS)
    for seed in (0, 1, 2):
        ranking = analyse_pitch_scores(rows, draws=300, seed=seed).ranking
        assert all(p.rank_low <= p.rank <= p.rank_high for p in ranking)
    first = analyse_pitch_scores(rows, draws=300, seed=5).to_dict()["ranking"]
    assert analyse_pitch_scores(rows, draws=300, seed=5).to_dict()["ranking"] == first


def test_a_judge_who_reverses_the_others_is_flagged():
    # judge 5 scores 11 − judge 1's score: the reverse order of the other judges
    matrix = [line + [11 - line[0]] for line in SHROUT_FLEISS]
    results = analyse_pitch_scores(rows_of(matrix), draws=0)
    stat = next(j for j in results.judges if j.judge == "กรรมการ5")
    assert results.flagged_judges == ["กรรมการ5"]
    assert stat.correlation < load_judging_settings().min_correlation and "สัมพันธ์" in stat.reason_th


def test_a_judge_without_spread_is_neutral_and_flagged():
    matrix = [line + [5] for line in SHROUT_FLEISS]
    results = analyse_pitch_scores(rows_of(matrix), draws=0)
    assert results.flagged_judges == ["กรรมการ5"]
    assert np.all(results.normalised.scores[:, 4] == results.normalised.pool_mean)
    assert "zero_spread" in {n.code for n in results.notes}
    plain = analyse_pitch_scores(rows_of(SHROUT_FLEISS), draws=0)
    assert [p.pitch for p in results.ranking] == [p.pitch for p in plain.ranking]


def test_ties_share_a_rank():
    assert competition_ranks(np.array([3.0, 5.0, 5.0 + 1e-12, 1.0]), 1e-9).tolist() == [3, 1, 1, 4]


def test_too_few_pitches_or_judges():
    with pytest.raises(ValueError, match="อย่างน้อย 2 ผลงาน"):
        analyse_pitch_scores(rows_of([[5, 6]]))


@st.composite
def event(draw):
    n_pitches, n_judges = draw(st.integers(3, 6)), draw(st.integers(3, 5))
    values = draw(st.lists(st.lists(st.integers(1, 10), min_size=n_judges, max_size=n_judges),
                           min_size=n_pitches, max_size=n_pitches))
    holes = draw(st.lists(st.tuples(st.integers(0, n_pitches - 1), st.integers(1, n_judges - 1)), max_size=3))
    matrix = [[float(v) for v in line] for line in values]
    for i, j in holes:
        matrix[i][j] = math.nan  # judge 1 scores every pitch, so each pitch keeps a score
    judge = draw(st.integers(0, n_judges - 1))
    shift = draw(st.floats(-50, 50, allow_nan=False).filter(lambda c: abs(c) > 1e-3))
    scale = draw(st.floats(0.05, 20, allow_nan=False))
    return matrix, judge, shift, scale


def ranking_of(matrix):
    out = analyse_pitch_scores(rows_of(matrix), draws=40, seed=3).to_dict()["ranking"]
    return sorted((p["pitch"], p["rank"], p["rank_low"], p["rank_high"]) for p in out)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(event())
def test_shifting_or_stretching_one_judge_leaves_the_normalised_ranking_unchanged(case):
    matrix, judge, shift, scale = case
    shifted = [[v + shift if j == judge else v for j, v in enumerate(line)] for line in matrix]
    stretched = [[v * scale if j == judge else v for j, v in enumerate(line)] for line in matrix]
    assert ranking_of(shifted) == ranking_of(matrix) == ranking_of(stretched)
