from dataclasses import replace
from decimal import Decimal

import pytest

from uplift.toolkits.global_trade.core.columns import Column, cell, column_values

from .samples import SILK_SCARF


def test_list_elements_attributes_and_joins():
    assert cell(SILK_SCARF, Column("image_link", "images", index=0, attr="url")) == "https://otop.example/img/kk-0001-1.jpg"
    assert column_values(SILK_SCARF, Column("more", "images", start=1, attr="url")) == [
        "https://otop.example/img/kk-0001-2.jpg"]
    assert cell(SILK_SCARF, Column("Category", "category_path", index=-1)) == "ผ้าพันคอและผ้าคลุมไหล่"
    assert cell(SILK_SCARF, Column("t", "category_path", join=" > ")) == "แฟชั่นผู้หญิง > เครื่องประดับแฟชั่น > ผ้าพันคอและผ้าคลุมไหล่"
    assert cell(SILK_SCARF, Column("Item Image 5", "images", index=5, attr="url")) is None


def test_formats():
    assert cell(SILK_SCARF, Column("price", "price", format="price")) == "1290.00 THB"
    assert cell(replace(SILK_SCARF, currency="JPY", price=Decimal("5000.4")), Column("p", "price", format="amount")) == "5000"
    # 250 g × 0.001 = 0.25 kg
    assert cell(SILK_SCARF, Column("Weight", "package_weight_g", format="number", scale="0.001")) == Decimal("0.250")
    assert cell(SILK_SCARF, Column("shipping_weight", "package_weight_g", unit="g")) == "250 g"
    assert cell(SILK_SCARF, Column("a", "availability", values={"in_stock": "https://schema.org/InStock"})) == (
        "https://schema.org/InStock")
    assert cell(SILK_SCARF, Column("identifier_exists", "gtin", format="yes_no")) == "yes"
    assert cell(replace(SILK_SCARF, gtin=""), Column("identifier_exists", "gtin", format="yes_no")) == "no"


def test_unknown_format_fails_loudly():
    with pytest.raises(ValueError, match="unknown column format"):
        cell(SILK_SCARF, Column("x", "brand", format="bold"))
