"""Bradley–Terry ranking from pairwise comparisons (choix)."""

import math

import pytest

from uplift.toolkits.successors.core.pairwise import bradley_terry


def test_two_items_three_wins_to_one():
    # Bradley–Terry: P(ก beats ข) = e^θก / (e^θก + e^θข); the MLE matches the observed 3/4,
    # so θก − θข = ln(3 / 1) = 1.0986 (no regularisation)
    strengths = bradley_terry([("ก", "ข")] * 3 + [("ข", "ก")], alpha=0)
    assert [s.item for s in strengths] == ["ก", "ข"]
    assert strengths[0].strength - strengths[1].strength == pytest.approx(math.log(3), abs=1e-6)


def test_a_consistent_order_is_recovered_with_regularisation():
    comparisons = [("แอปโฮมสเตย์", "ร้านผ้าไหม"), ("ร้านผ้าไหม", "QR ย้อนกลับ"), ("แอปโฮมสเตย์", "QR ย้อนกลับ")] * 2
    assert [(s.item, s.rank) for s in bradley_terry(comparisons)] == [
        ("แอปโฮมสเตย์", 1), ("ร้านผ้าไหม", 2), ("QR ย้อนกลับ", 3)]


def test_bad_comparisons():
    with pytest.raises(ValueError, match="ไม่มีผลการเปรียบเทียบ"):
        bradley_terry([])
    with pytest.raises(ValueError, match="ตัวเอง"):
        bradley_terry([("ก", "ก")])
