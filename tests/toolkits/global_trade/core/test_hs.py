import csv

import pytest

from uplift.toolkits.global_trade.core.hs import (
    HsCodeError,
    check_national_code,
    hs_table,
    normalise_thai,
    parents,
    search_hs,
    thai_keywords,
)
from uplift.toolkits.global_trade.core.reference import DATA_DIR

OTOP_GOODS = ("ผ้าไหม", "ผ้าฝ้าย", "ผ้าขาวม้า", "ผ้าคลุมไหล่", "ผ้าบาติก", "จักสาน", "เครื่องจักสานไม้ไผ่", "ไม้แกะสลัก",
              "เซรามิก", "เครื่องปั้นดินเผา", "เครื่องเงิน", "สบู่", "น้ำมันหอมระเหย", "สมุนไพร", "น้ำพริก", "ซอส",
              "ผลไม้อบแห้ง", "ข้าว", "ชา", "กาแฟ", "น้ำผึ้ง", "ขนม")


def test_the_shipped_table_is_hs_2022_at_six_digits():
    with open(DATA_DIR / "hs2022.csv", encoding="utf-8") as handle:
        assert next(csv.reader(handle)) == ["section", "hscode", "description", "parent", "level"]
    table = hs_table()
    # 6,940 rows: a "TOTAL" row, then 97 chapters + 1,229 headings + 5,613 subheadings = 6,939 codes
    assert len(table) == 6939
    assert "TOTAL" not in table
    assert sum(e.level == 6 for e in table.values()) == 5613
    assert table["500720"].level == 6 and table["5007"].level == 4 and table["50"].parent is None


def test_parent_chain_runs_from_the_chapter_down():
    assert [e.code for e in parents("621410")] == ["62", "6214"]
    assert parents("50") == ()


def test_thai_keywords_cover_typical_otop_goods_with_real_subheadings():
    keywords = {k.keyword: k.codes for k in thai_keywords()}
    assert len(keywords) >= 40
    assert set(OTOP_GOODS) <= set(keywords)
    for keyword, codes in keywords.items():
        assert codes, keyword
        for code in codes:
            assert hs_table()[code].level == 6, (keyword, code)


def test_ranking_exact_keyword_then_prefix_then_word():
    matches = search_hs("ผ้าไหมมัดหมี่")
    assert [(m.code, m.rank, m.keyword) for m in matches] == [("500720", "exact", "ผ้าไหมมัดหมี่"),
                                                               ("500790", "prefix", "ผ้าไหม")]
    soap = search_hs("สบู่สมุนไพรขมิ้น")
    assert (soap[0].code, soap[0].rank, soap[0].keyword) == ("340111", "prefix", "สบู่สมุนไพร")
    assert ("091030", "word") in [(m.code, m.rank) for m in soap]
    assert [m.rank for m in soap] == sorted((m.rank for m in soap), key=["exact", "prefix", "word"].index)


def test_a_match_carries_description_level_and_parents():
    [match] = search_hs("น้ำผึ้ง")
    assert (match.code, match.description, match.level) == ("040900", "Honey; natural", 6)
    assert [p.code for p in match.parents] == ["04", "0409"]
    assert match.note


def test_spaces_are_ignored_and_tones_optionally():
    assert search_hs("ข้าวหอม  มะลิ")[0].keyword == "ข้าวหอมมะลิ"
    assert search_hs("ขาวหอมมะลิ") == []
    assert search_hs("ขาวหอมมะลิ", ignore_tones=True)[0].keyword == "ข้าวหอมมะลิ"
    assert normalise_thai("น้ ํา\u200bผึ้ง") == "น้ำผึ้ง"


def test_english_words_and_codes():
    assert [m.code for m in search_hs("silk shawls")] == ["621410"]
    assert search_hs("basketwork bamboo")[0].code == "460211"
    by_code = search_hs("5007")
    assert [(m.code, m.rank) for m in by_code] == [("5007", "exact"), ("500710", "prefix"), ("500720", "prefix"),
                                                   ("500790", "prefix")]
    assert search_hs("6214.10")[0].code == "621410"


def test_national_eight_digit_codes_extend_an_hs_subheading():
    assert check_national_code("5007.20.10").code == "500720"
    with pytest.raises(HsCodeError, match="8 digits"):
        check_national_code("500720")
    with pytest.raises(HsCodeError, match="770000, which is not an HS 2022 subheading"):
        check_national_code("77000001")
    with pytest.raises(HsCodeError, match="not an HS 2022 subheading"):
        check_national_code("50070001")
