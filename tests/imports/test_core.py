"""The pure core: reading, header detection, mapping suggestion, normalisers."""

import datetime as dt
from decimal import Decimal

import pytest

from tests.imports.files import HEADERS, registry_sheet, to_csv, to_xlsx
from uplift.imports.core import normalise as n
from uplift.imports.core.mapping import average_year, suggest_mapping
from uplift.imports.core.read import ReadError, decode_csv, read_table

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


@pytest.mark.parametrize("encoding", ["cp874", "utf-8", "utf-8-sig"])
def test_csv_encodings_and_untidy_rows(encoding):
    table = read_table(to_csv(registry_sheet(), encoding), "registry.csv")
    assert table.encoding == encoding
    assert table.header_row == 3
    assert table.headers == HEADERS
    assert [number for number, _cells in table.rows] == [4, 5, 6, 7, 8, 9, 10, 11]  # blank and รวม rows skipped


def test_xlsx_first_sheet_with_data_and_title_rows():
    rows = registry_sheet()
    table = read_table(to_xlsx(rows, first_sheet_empty=True), "registry.xlsx")
    assert table.sheet == "ข้อมูล"
    assert table.header_row == 3
    assert len(table.rows) == 8


def test_unreadable_files():
    with pytest.raises(ReadError):
        read_table(b"not a zip", "x.xlsx")
    with pytest.raises(ReadError):
        read_table(b"a,b", "x.pdf")
    assert decode_csv("ชื่อ".encode("cp874")) == ("ชื่อ", "cp874")


def test_mapping_suggested_from_thai_and_english_headers():
    headers = ["ลำดับ", "ชื่อผู้ประกอบการ", "เลขบัตรประชาชน", "ตำบล/แขวง", "อำเภอ/เขต", "จังหวัด", "รหัสไปรษณีย์",
               "เบอร์โทรศัพท์", "Email", "Members"]
    assert suggest_mapping(headers, "entrepreneurs") == {
        1: "name_th", 2: "citizen_id", 3: "subdistrict", 4: "district", 5: "province", 6: "postal_code",
        7: "phone", 8: "email", 9: "members"}
    assert average_year("ยอดขายเฉลี่ยต่อเดือน ปี 2562") == 2019
    assert suggest_mapping(["เลขประจำตัว", "ยอดขายเฉลี่ยต่อเดือน ปี ๒๕๖๒", "ยอดขายเฉลี่ยต่อเดือน ปี 2563"], "sales") == {
        0: "entrepreneur_id", 1: "avg:2019", 2: "avg:2020"}
