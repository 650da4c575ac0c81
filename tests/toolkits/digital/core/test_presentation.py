"""Presentation checks on drawn photos: the activity 1 rules for sizes and lengths, this toolkit's for
white edges and fill (data/photo_rules_v1.json)."""

import io

import pytest
from PIL import Image, ImageDraw

from uplift.toolkits.digital.core.presentation import check_presentation, load_photo_rules
from uplift.toolkits.global_trade.core.targets import load_target


def photo(size=(1200, 1200), box=(60, 60, 1139, 1139), background="white", fmt="PNG") -> bytes:
    image = Image.new("RGB", size, background)
    ImageDraw.Draw(image).rectangle(box, fill=(150, 40, 60))
    buffer = io.BytesIO()
    image.save(buffer, fmt)
    return buffer.getvalue()


def rules_of(result) -> dict[str, str]:
    return {f.rule: f.severity for f in result.findings}


def test_a_good_amazon_main_image_passes():
    # 1,080 of 1,200 px = 90% fill, pure white edge, 1,200 px longest side
    result = check_presentation(["amazon"], photo=photo())
    assert result.passed and result.findings == ()
    assert (result.photo.width, result.photo.white_share, result.photo.fill_share) == (1200, 1.0, 0.9)


def test_fill_and_zoom_size_by_hand():
    # a 600 × 600 product on an 800 × 800 white frame: fill 600 / 800 = 75%, longest side 800 px
    result = check_presentation(["amazon", "google_merchant"], photo=photo((800, 800), (100, 100, 699, 699)))
    assert rules_of(result) == {"amazon_main_fill": "error", "amazon_zoom_size": "warning",
                                "gmc_image_below_recommended": "warning"}  # 75% is inside Google's 75–90%
    fill = next(f for f in result.findings if f.rule == "amazon_main_fill")
    assert (fill.actual, fill.limit, fill.message_th) == ("75%", "85%", "สินค้าต้องกินพื้นที่อย่างน้อย 85% ของกรอบรูป (ได้ 75%)")
    assert not result.passed


def test_a_coloured_background_is_not_white():
    # on cream (245, 235, 210) no pixel is near-white: the edge has no white and the "product" fills the frame
    result = check_presentation(["amazon", "shopee_th"], photo=photo(background=(245, 235, 210)))
    assert rules_of(result) == {"amazon_main_pure_white": "error", "shopee_cover_white": "warning"}
    assert (result.photo.white_share, result.photo.fill_share) == (0.0, 1.0)


def test_google_wants_the_product_between_75_and_90_percent():
    full = check_presentation(["google_merchant"], photo=photo((1600, 1600), (0, 0, 1599, 1599)))
    assert "gmc_product_fill" in rules_of(full)  # 100% fills more than 90%
    fine = check_presentation(["google_merchant"], photo=photo((1600, 1600), (160, 160, 1439, 1439)))
    assert rules_of(fine) == {}  # 1,280 / 1,600 = 80%


def test_sizes_and_lengths_come_from_the_activity_1_targets():
    google = load_target("google_merchant")
    minimum = next(r for r in google.rules if r.code == "gmc_image_too_small")
    small = check_presentation(["google_merchant"], photo=photo((400, 400), (40, 40, 359, 359)))
    finding = next(f for f in small.findings if f.rule == minimum.code)
    assert (finding.severity, finding.rulebook) == ("error", f"global_trade:google_merchant@{google.version}")
    long_title = "ผ้าบาติกลายปลาทำมือจากป่าตอง " * 4
    result = check_presentation(["shopee_th", "google_merchant"], title_th=long_title.strip(), title_en="Batik")
    shopee = next(f for f in result.findings if f.rule == "shopee_name_too_long")
    assert (shopee.field, shopee.limit, shopee.actual, shopee.confirmed) == ("title_th", 80, len(long_title.strip()),
                                                                            False)
    assert {f.rule for f in result.findings} == {"shopee_name_too_long"}  # no photo, no price: nothing else


def test_unreadable_photo_and_unknown_marketplace():
    result = check_presentation(["amazon"], photo=b"not a photo")
    assert [f.rule for f in result.findings] == ["photo_unreadable"] and not result.passed
    with pytest.raises(ValueError, match="ebay"):
        check_presentation(["ebay"], title_th="ผ้า")
    with pytest.raises(ValueError):
        check_presentation([], title_th="ผ้า")


def test_the_rules_file_names_its_sources_and_targets():
    rules = load_photo_rules()
    assert rules.version == "photo_rules_v1"
    assert {m.code: m.listing_target for m in rules.marketplaces} == {
        "shopee_th": "shopee_th", "lazada_th": "lazada_th", "google_merchant": "google_merchant", "amazon": None}
    assert all(r.source for m in rules.marketplaces for r in m.photo_rules)
    assert [r.confirmed for r in rules.marketplace("amazon").photo_rules] == [True, True, True]
