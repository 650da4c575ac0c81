"""Normalisers: Thai digits, baht, BE/CE dates, phones, addresses, kinds, categories, stars, shares."""

import datetime as dt
from decimal import Decimal

import pytest

from uplift.imports.core import normalise as n

MARCH_15_2020 = dt.date(2020, 3, 15)


@pytest.mark.parametrize("value", [
    "15/03/2563", "2563-03-15", "15 มี.ค. 63", "15 มีนาคม 2563", "๑๕/๐๓/๒๕๖๓", "15/03/2020", "2020-03-15",
    "15-3-2563", "วันที่ 15 มีนาคม พ.ศ. 2563", dt.datetime(2020, 3, 15), dt.date(2563, 3, 15), 43905,
])
def test_dates_in_buddhist_and_common_era(value):
    assert n.date(value) == MARCH_15_2020


@pytest.mark.parametrize("value", ["31/02/2563", "15/13/2563", "สิบห้า", "", "2563"])
def test_not_dates(value):
    with pytest.raises(n.Bad) as error:
        n.date(value)
    assert error.value.code == "not_a_date"


@pytest.mark.parametrize(("value", "expected"), [
    ("1,234.50 บาท", Decimal("1234.50")), ("๑ ๒๓๔", Decimal("1234")), ("฿ 12,000", Decimal("12000")),
    (1200, Decimal("1200")), (12.5, Decimal("12.5")), ("30 คน", Decimal("30")),
])
def test_numbers(value, expected):
    assert n.number(value) == expected


@pytest.mark.parametrize(("value", "expected"), [
    ("0812345678", "081-234-5678"), (812345678, "081-234-5678"), ("๐๗๖-๑๒๓-๔๕๖", "076-123-456"),
    ("+66 81 234 5678", "081-234-5678"), ("02 123 4567", "02-123-4567"), ("081-234-5678, 076-123-456", "081-234-5678"),
])
def test_phones(value, expected):
    assert n.phone(value) == expected


def test_bad_phone():
    with pytest.raises(n.Bad):
        n.phone("12345")


def test_free_text_address_to_dopa_code():
    parts = n.address("12 หมู่ 4 ต.ศรีภูมิ อ.เมืองเชียงใหม่ จ.เชียงใหม่ 50200")
    assert parts == {"address_line": "12 หมู่ 4", "subdistrict": "ต.ศรีภูมิ", "district": "อ.เมืองเชียงใหม่",
                     "province": "จ.เชียงใหม่", "postal_code": "50200"}
    assert n.area(parts["subdistrict"], parts["district"], parts["province"], parts["postal_code"]) == "500101"
    assert n.area("ตำบลป่าตอง", "อำเภอกะทู้", "จังหวัดภูเก็ต") == "830202"


@pytest.mark.parametrize(("text", "code"), [
    ("5 ต.จ.ป.ร. อ.กระบุรี จ.ระนอง 85110", "850406"),  # dots inside the name
    ("ต.ปอภาร (ปอพาน) อ.เมืองร้อยเอ็ด จ.ร้อยเอ็ด", "450109"),  # a space and brackets inside the name
    ("99/1 ถนนพระราม 4 แขวงลุมพินี เขตปทุมวัน กรุงเทพมหานคร 10330", "100704"),
    ("๑๒ หมู่ ๔ ตำบลศรีภูมิ อำเภอเมืองเชียงใหม่ จังหวัดเชียงใหม่ ๕๐๒๐๐", "500101"),
])
def test_untidy_addresses(text, code):
    parts = n.address(text)
    assert n.area(parts["subdistrict"], parts["district"], parts["province"], parts["postal_code"]) == code


def test_ambiguous_and_unknown_areas():
    with pytest.raises(n.Bad) as error:
        n.area("วังทอง")
    assert error.value.code == "ambiguous_area"
    assert n.area("วังทอง", province="จ.พิษณุโลก") == "650801"
    with pytest.raises(n.Bad) as error:
        n.area("ต.ไม่มีจริง", "", "ภูเก็ต")
    assert error.value.code == "unknown_area"


@pytest.mark.parametrize(("value", "expected"), [("4", 4), ("4 ดาว", 4), ("★★★", 3), ("สี่ดาว", 4), ("ไม่มีดาว", None), ("", None)])
def test_stars(value, expected):
    assert n.stars(value) == expected


def test_categories_kinds_years():
    assert n.category("อาหารแปรรูป") == "food"
    assert n.category("เครื่องดื่มสมุนไพร") == "beverage"
    assert n.category("ผ้าและเครื่องแต่งกาย") == "textile"
    assert n.kind("วิสาหกิจชุมชน") == "community_enterprise"
    assert n.year("2559") == 2016 and n.year("พ.ศ. ๒๕๕๙") == 2016 and n.year(2016) == 2016
    assert n.share("40%") == Decimal("0.400") and n.share("0.25") == Decimal("0.250")


@pytest.mark.parametrize(("value", "expected"), [
    ("ผู้ผลิตรายเดียว", "individual"), ("ผู้ผลิตรายเดี่ยว", "individual"), ("ผู้ผลิต รายเดียว", "individual"),
    ("บุคคลธรรมดา", "individual"), ("ผู้ผลิตชุมชน", "community_group"), ("กลุ่มชุมชน", "community_group"),
    ("กลุ่มแม่บ้านเกษตรกร", "community_group"), ("วิสาหกิจชุมชน", "community_enterprise"), ("วสช.", "community_enterprise"),
    ("กลุ่มวิสาหกิจชุมชน", "community_enterprise"), ("ผู้ผลิตที่เป็น SMEs", "sme"), ("SME", "sme"), ("sme", "sme"),
])
def test_producer_kinds_as_officers_write_them(value, expected):
    assert n.kind(value) == expected


def test_an_unknown_kind_names_the_nearest_choices_and_is_never_defaulted():
    with pytest.raises(n.Bad) as error:
        n.kind("อื่นๆ")
    assert error.value.code == "unknown_choice" and error.value.params["choices"]
    with pytest.raises(n.Bad) as error:
        n.kind("ผู้ผลิตรายเดีย")
    assert error.value.params["choices"].startswith("ผู้ผลิตรายเดียว")


@pytest.mark.parametrize(("value", "expected"), [
    ("ของใช้ ของตกแต่ง ของที่ระลึก", "household"), ("ศิลปประดิษฐ์", "household"), ("ของประดับตกแต่ง", "household"),
    ("สมุนไพรที่ไม่ใช่อาหาร", "herbal"), ("ผ้า เครื่องแต่งกาย", "textile"), ("เครื่องดื่มที่มีแอลกอฮอล์", "beverage"),
])
def test_old_and_new_category_names(value, expected):
    assert n.category(value) == expected


@pytest.mark.parametrize("value", ["ไม่ได้รับ", "-", "ยังไม่ได้รับการคัดสรร", "ไม่ได้รับการคัดสรร ปี 2562", "ไม่มีดาว", " "])
def test_not_rated_words_are_no_rating(value):
    assert n.stars(value) is None


def test_units_tidied_and_otherwise_kept_and_money_to_the_satang():
    assert (n.unit("กก."), n.unit("ผืนใหญ่")) == ("กิโลกรัม", "ผืนใหญ่")
    assert n.money("1,234.567") == Decimal("1234.57")
    with pytest.raises(n.Bad):
        n.money("1e30")
