import pytest

from uplift.toolkits.global_trade.core.gtin import check_gtin, is_valid_gtin


def test_thai_gtin_13_is_valid_and_flagged():
    # 885123456789 + check: from the right, weights 3,1,3,…: 9·3 + 8 + 7·3 + 6 + 5·3 + 4 + 3·3 + 2 + 1·3 + 5 + 8·3 + 8
    # = 27+8+21+6+15+4+9+2+3+5+24+8 = 132; check = (10 − 132 mod 10) mod 10 = 8 (GS1 mod-10)
    result = check_gtin("885-1234-56789-8")
    assert (result.valid, result.code, result.kind) == (True, "8851234567898", "GTIN-13")
    assert (result.prefix, result.member_organisation) == ("885", "GS1 Thailand")


def test_gtin_14_looks_past_the_indicator_digit():
    # 1 885123456789 + check: 9·3+8+7·3+6+5·3+4+3·3+2+1·3+5+8·3+8+1·3 = 135 → check (10 − 5) mod 10 = 5
    result = check_gtin("18851234567895")
    assert (result.valid, result.kind, result.prefix, result.member_organisation) == (True, "GTIN-14", "885", "GS1 Thailand")


@pytest.mark.parametrize("code, kind, prefix", [("036000291452", "GTIN-12", "003"), ("96385074", "GTIN-8", "963"),
                                                ("4006381333931", "GTIN-13", "400")])
def test_other_lengths_are_valid_and_not_flagged_thai(code, kind, prefix):
    result = check_gtin(code)
    assert (result.valid, result.kind, result.prefix, result.member_organisation) == (True, kind, prefix, None)


@pytest.mark.parametrize("code, message_en", [
    ("8851234567890", "the check digit is wrong (it should be 8)"),
    ("12345", "a GTIN has 8, 12, 13 or 14 digits (this one has 5)"),
    ("88512345678X8", "a GTIN has digits only"),
    ("", "no GTIN given"),
])
def test_invalid_gtins_say_why_in_thai_and_english(code, message_en):
    result = check_gtin(code)
    assert not result.valid and result.message_en == message_en and result.message_th
    assert not is_valid_gtin(code)
