"""OTOP Product Champion self-score: part sums, the band, the gap to the next star, cut-offs unconfirmed."""

import pytest

from uplift.toolkits.identity.core.star_readiness import ScoreError, opc_criteria, star_readiness


def full() -> dict[str, float]:
    return {c.code: c.max_points for c in opc_criteria().criteria}


def test_three_parts_and_unconfirmed_bands():
    criteria = opc_criteria()
    assert [p.code for p in criteria.parts] == ["A", "B", "C"]
    assert sum(p.max_points for p in criteria.parts) == 100
    assert criteria.bands_confirmed is False
    assert [b.min_points for b in criteria.bands] == [0, 50, 70, 80, 90]


def test_full_marks_are_five_stars():
    result = star_readiness(full(), holds_legal_standard=True)
    assert (result.total, result.band.stars, result.next_band, result.headroom) == (100, 5, None, ())
    assert result.eligible is True and not result.bands_confirmed


def test_band_edges_and_points_to_the_next_star():
    scores = full() | {"C1": 0.0, "C2": 0.0, "C3": 0.0}
    result = star_readiness(scores)
    assert result.total == 72 and result.band.stars == 3 and result.next_band.stars == 4
    assert result.points_to_next == 8
    assert [h.code for h in result.headroom][:2] == ["C1", "C2"]
    assert star_readiness(full() | {"C1": 0.0}).band.stars == 5
    assert star_readiness(full() | {"C1": 0.0, "C6": 0.5}).band.stars == 4


def test_unscored_criteria_count_zero_and_are_listed():
    result = star_readiness({"A1": 5, "B1": 6})
    assert result.total == 11 and result.band.stars == 1 and len(result.unscored) == 14
    assert [p.points for p in result.parts] == [5, 6, 0]


def test_entry_needs_a_legal_standard():
    result = star_readiness(full(), holds_legal_standard=False)
    assert result.eligible is False and "มาตรฐานตามกฎหมาย" in result.eligibility_message_th
    assert star_readiness(full()).eligible is None


def test_out_of_range_and_unknown_scores_are_refused():
    with pytest.raises(ScoreError) as error:
        star_readiness({"A1": 6, "Z9": 1})
    assert any("ไม่รู้จักเกณฑ์" in p for p in error.value.problems)
    assert any("ต้องอยู่ระหว่าง 0 ถึง 5" in p for p in error.value.problems)
