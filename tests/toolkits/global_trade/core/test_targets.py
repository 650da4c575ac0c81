from dataclasses import replace
from decimal import Decimal

import pytest

from uplift.toolkits.global_trade.core.listing import ListingImage
from uplift.toolkits.global_trade.core.targets import CHECKS, check_listing, errors, load_target, target_codes

from .samples import SILK_SCARF

GOOGLE, SCHEMA, SHOPEE, LAZADA = (load_target(c) for c in ("google_merchant", "schema_org", "shopee_th", "lazada_th"))


def codes(issues):
    return [i.rule for i in issues]


def test_every_target_is_versioned_sourced_and_uses_known_rule_kinds():
    assert target_codes() == ("google_merchant", "lazada_th", "schema_org", "shopee_th")
    for target in (GOOGLE, SCHEMA, SHOPEE, LAZADA):
        assert target.version and target.source and target.retrieved
        assert {r.kind for r in target.rules} <= CHECKS.keys()
        assert all(r.message_th and r.message_en for r in target.rules)


def test_the_sample_passes_every_target():
    for target in (GOOGLE, SCHEMA, SHOPEE, LAZADA):
        assert errors(check_listing(SILK_SCARF, target)) == ()


def test_required():
    issues = check_listing(replace(SILK_SCARF, title_en="", link=""), GOOGLE)
    assert codes(errors(issues)) == ["gmc_title_required", "gmc_link_required"]
    assert issues[0].message_th == "ต้องมีชื่อสินค้าภาษาอังกฤษ (title)"
    assert issues[0].attribute == "title" and issues[0].field == "title_en"


@pytest.mark.parametrize("field, limit, code", [("id", 50, "gmc_id_too_long"), ("title_en", 150, "gmc_title_too_long"),
                                                ("description_en", 5000, "gmc_description_too_long")])
def test_max_length_at_and_over_the_limit(field, limit, code):
    assert errors(check_listing(replace(SILK_SCARF, **{field: "ก" * limit}), GOOGLE)) == ()
    [issue] = check_listing(replace(SILK_SCARF, **{field: "ก" * (limit + 1)}), GOOGLE)
    assert (issue.rule, issue.limit, issue.actual, issue.severity) == (code, limit, limit + 1, "error")
    assert f"{limit + 1}" in issue.message_th and f"{limit}" in issue.message_en


def test_allowed_values():
    issues = check_listing(replace(SILK_SCARF, availability="available", condition="มือสอง"), GOOGLE)
    assert codes(issues) == ["gmc_availability_value", "gmc_condition_value"]
    assert issues[1].actual == "มือสอง"
    assert "'มือสอง'" in issues[1].message_th


def test_min_image_size_names_each_small_image_and_recommends_the_larger_size():
    listing = replace(SILK_SCARF, images=(ListingImage("https://otop.example/a.jpg", 1000, 1000),
                                          ListingImage("https://otop.example/b.jpg", 400, 400)))
    issues = check_listing(listing, GOOGLE)
    assert [(i.rule, i.severity, i.actual, i.limit) for i in issues] == [
        ("gmc_image_too_small", "error", "400×400 #2", "500×500"),
        ("gmc_image_below_recommended", "warning", "1000×1000 #1", "1500×1500"),
    ]


def test_greater_than_and_pattern():
    issues = check_listing(replace(SILK_SCARF, price=Decimal("0"), currency="บาท"), SCHEMA)
    assert codes(issues) == ["schema_price_not_positive", "schema_currency_format"]
    assert issues[0].actual == Decimal("0")


def test_valid_gtin_and_recommended_gtin():
    assert codes(check_listing(replace(SILK_SCARF, gtin="8851234567890"), GOOGLE)) == ["gmc_gtin_invalid"]
    [warning] = check_listing(replace(SILK_SCARF, gtin=""), SCHEMA)
    assert (warning.rule, warning.severity) == ("schema_gtin_recommended", "warning")


def test_shopee_name_limit_is_marked_unconfirmed():
    [issue] = check_listing(replace(SILK_SCARF, title_th="ผ" * 81), SHOPEE)
    assert (issue.rule, issue.limit, issue.actual, issue.confirmed) == ("shopee_name_too_long", 80, 81, False)
    assert "ยังไม่ยืนยัน" in issue.message_th


def test_max_count_of_variations():
    assert check_listing(replace(SILK_SCARF, variations=tuple(f"สี {n}" for n in range(20))), SHOPEE) == ()
    [issue] = check_listing(replace(SILK_SCARF, variations=tuple(f"สี {n}" for n in range(21))), SHOPEE)
    assert (issue.rule, issue.actual, issue.limit) == ("shopee_too_many_variations", 21, 20)


def test_weight_must_include_packaging():
    [issue] = check_listing(replace(SILK_SCARF, package_weight_g=Decimal("150")), SHOPEE)
    assert (issue.rule, issue.actual) == ("shopee_weight_excludes_packaging", Decimal("150"))
    assert codes(check_listing(replace(SILK_SCARF, package_weight_g=None), SHOPEE)) == ["shopee_weight_required"]


def test_deepest_category_with_the_marketplace_tree():
    tree = {("แฟชั่น",), ("แฟชั่น", "ผ้าพันคอ"), ("แฟชั่น", "ผ้าพันคอ", "ผ้าไหม"), ("แฟชั่น", "หมวก")}
    assert check_listing(replace(SILK_SCARF, category_path=("แฟชั่น", "หมวก")), LAZADA, tree) == ()
    [issue] = check_listing(replace(SILK_SCARF, category_path=("แฟชั่น", "ผ้าพันคอ")), LAZADA, tree)
    assert (issue.rule, issue.actual) == ("lazada_category_not_deepest", "แฟชั่น > ผ้าพันคอ")
    assert codes(check_listing(replace(SILK_SCARF, category_path=("ไม่มี", "ในต้นไม้")), LAZADA, tree)) == [
        "lazada_category_not_deepest"]


def test_deepest_category_without_a_tree_falls_back_to_depth():
    [issue] = check_listing(replace(SILK_SCARF, category_path=("แฟชั่น", "ผ้าพันคอ")), LAZADA)
    assert (issue.limit, issue.confirmed) == (3, False)
    assert codes(check_listing(replace(SILK_SCARF, category_path=()), LAZADA)) == ["lazada_category_required"]
