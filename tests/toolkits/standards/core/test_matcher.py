"""Product → standards by category, product type and market."""

import pytest

from uplift.toolkits.standards.core.matcher import ProductProfile, match_standards


def levels(result):
    return {m.standard: m.level for m in result.matches}


def test_packaged_food_for_the_home_market():
    result = match_standards(ProductProfile("อาหาร", "น้ำพริกเผากุ้งเสียบ"))
    assert levels(result) == {"FDA": "required", "GMP": "recommended", "TCPS": "recommended"}
    assert result.category == "food" and [t.product_type_th for t in result.tcps_types] == ["น้ำพริกเผา"]


def test_export_and_muslim_markets_add_requirements():
    result = match_standards(ProductProfile("food", "กล้วยอบ", markets=frozenset({"export", "muslim"})))
    assert levels(result) == {"FDA": "required", "GMP": "required", "HACCP": "required", "HALAL": "required",
                              "ISO22000": "recommended", "ISO9001": "recommended", "TCPS": "recommended"}
    gmp = next(m for m in result.matches if m.standard == "GMP")
    assert [r.rule for r in gmp.reasons] == ["M06"] and gmp.reasons[0].market == "export"


def test_pork_and_alcohol_rule_halal_out():
    assert levels(match_standards(ProductProfile("food", "แหนมหมู", markets=frozenset({"muslim"}))))["HALAL"] == \
        "not_applicable"
    assert levels(match_standards(ProductProfile("beverage", "ไวน์มะเม่า", markets=frozenset({"muslim"}))))["HALAL"] == \
        "not_applicable"


def test_textiles_need_no_food_standards():
    result = match_standards(ProductProfile("textile", "ผ้าบาติกลายปลา", markets=frozenset({"modern_trade"})))
    assert levels(result) == {"ISO9001": "recommended", "TCPS": "recommended"}


def test_unknown_category_or_market_is_named():
    with pytest.raises(ValueError, match="ไม่รู้จักหมวดผลิตภัณฑ์"):
        match_standards(ProductProfile("ของเล่น"))
    with pytest.raises(ValueError, match="ไม่รู้จักตลาด moon"):
        match_standards(ProductProfile("food", markets=frozenset({"moon"})))
