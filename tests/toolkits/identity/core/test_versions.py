"""Side-by-side compare: what the later mock-up fixed, introduced and left."""

from dataclasses import replace

from tests.toolkits.identity.core.test_label import CHILLI_PASTE
from uplift.toolkits.identity.core.label import FoodLabel, check_label
from uplift.toolkits.identity.core.versions import compare


def test_fixed_introduced_remaining_and_changed_fields():
    first = replace(CHILLI_PASTE, fda_number="", net_quantity=None)
    second = replace(CHILLI_PASTE, date_phrase="", net_quantity=None)
    result = compare(first, check_label(first), second, check_label(second))
    assert [i.rule_id for i in result.fixed] == ["FL03"]
    assert [i.rule_id for i in result.introduced] == ["FL18"]
    assert [i.rule_id for i in result.remaining] == ["FL09"]
    assert {c.element for c in result.changes} == {"fda_number", "date_phrase"}
    assert not result.better


def test_a_side_without_a_label_compares_as_empty():
    result = compare(None, None, FoodLabel(product_name="ข้าวแต๋น"), check_label(FoodLabel(product_name="ข้าวแต๋น")))
    assert result.fixed == () and len(result.introduced) >= 5
