from decimal import Decimal

import pytest

from uplift.toolkits.global_trade.core.listing import LISTING_FIELDS, Listing, field_value, is_blank


def test_lists_become_tuples_and_numbers_decimals():
    listing = Listing(id="A1", materials=["ฝ้าย"], category_path=["ของใช้", "ตะกร้า"], price=99.5, package_weight_g="250")
    assert listing.materials == ("ฝ้าย",) and listing.category_path == ("ของใช้", "ตะกร้า")
    assert listing.price == Decimal("99.5") and listing.package_weight_g == Decimal("250")


def test_a_bad_number_is_refused_by_name():
    with pytest.raises(ValueError, match="price: ไม่ใช่ตัวเลข / not a number"):
        Listing(id="A1", price="หนึ่งร้อย")


def test_no_field_can_carry_personal_data():
    personal = ("phone", "tel", "citizen", "national_id", "id_card", "address", "email", "owner", "person")
    assert not [f for f in LISTING_FIELDS if any(word in f for word in personal)]


def test_unknown_field_names_in_target_data_fail_loudly():
    with pytest.raises(KeyError, match="not a listing field"):
        field_value(Listing(id="A1"), "telephone")


@pytest.mark.parametrize("value, blank", [(None, True), ("", True), ("  ", True), ((), True), ("ผ้า", False),
                                          (0, False), (("a",), False)])
def test_blank(value, blank):
    assert is_blank(value) is blank
