"""Suggesting the mapping from headers, with scores."""

from uplift.imports.core.mapping import average_year, suggest_mapping


def test_mapping_suggested_from_thai_and_english_headers():
    headers = ["ลำดับ", "ชื่อผู้ประกอบการ", "เลขบัตรประชาชน", "ตำบล/แขวง", "อำเภอ/เขต", "จังหวัด", "รหัสไปรษณีย์",
               "เบอร์โทรศัพท์", "Email", "Members"]
    assert suggest_mapping(headers, "entrepreneurs") == {
        0: "seq", 1: "name_th", 2: "citizen_id", 3: "subdistrict", 4: "district", 5: "province", 6: "postal_code",
        7: "phone", 8: "email", 9: "members"}
    assert average_year("ยอดขายเฉลี่ยต่อเดือน ปี 2562") == 2019
    assert suggest_mapping(["เลขประจำตัว", "ยอดขายเฉลี่ยต่อเดือน ปี ๒๕๖๒", "ยอดขายเฉลี่ยต่อเดือน ปี 2563"], "sales") == {
        0: "entrepreneur_id", 1: "avg:2019", 2: "avg:2020"}


import pytest

from uplift.imports.core.mapping import header_match, missing, month_of, suggest


@pytest.mark.parametrize(("header", "field"), [
    ("เลขประจำตัว (บัตรประชาชน/นิติบุคคล)", "id_number"),
    ("เลขบัตรประชาชน/เลขนิติบุคคล", "id_number"),
    ("เลขประจำตัว\n(13 หลัก)", "id_number"),
    ("ชื่อกลุ่ม/ผู้ประกอบการ", "name_th"),
    ("ประเภทผู้ผลิต", "kind"),
    ("จำนวนสมาชิก (คน)", "members"),
    ("ราคาขาย\n(บาท/ชิ้น)", "product.price"),
    ("ระดับดาว (OPC)", "product.star_rating"),
    ("ยอดขายเฉลี่ยต่อเดือน\nปี 2562 (บาท)", "avg:2019"),
    ("ยอดขาย ม.ค. 63", "mon:2020-01"),
    ("สัดส่วนนักท่องเที่ยวต่างชาติ (%)", "foreign_tourist_share"),
    ("ลำดับที่", "seq"),
    ("ชื่อ-สกุล ประธานกลุ่ม", "person.name_th"),
])
def test_headers_with_brackets_slashes_line_breaks_and_units(header, field):
    assert header_match(header, "entrepreneurs")[0] == field


def test_each_suggestion_has_a_score_and_the_best_column_wins_a_field():
    found = suggest(["ชื่อกลุ่มผู้ผลิต/ผู้ประกอบการ OTOP", "ชื่อกลุ่ม", "หมายเหตุ"], "entrepreneurs")
    assert found == {1: ("name_th", 1.0)}  # the exact header wins; the other is left for the officer
    assert suggest(["ชื่อกลุ่มผู้ผลิต/ผู้ประกอบการ OTOP"], "entrepreneurs")[0][0] == "name_th"
    assert 0.6 <= suggest(["ชื่อกลุ่มผู้ผลิต/ผู้ประกอบการ OTOP"], "entrepreneurs")[0][1] < 1


def test_month_columns_and_required_fields():
    assert month_of("มกราคม 2563") == "2020-01" and month_of("ยอดขาย ธ.ค.62") == "2019-12"
    assert month_of("วันที่ขึ้นทะเบียน") is None
    assert missing("entrepreneurs", {"name_th", "address"}, {}) == [("kind",)]
    assert missing("entrepreneurs", {"name_th", "address"}, {"kind": "ผู้ผลิตชุมชน"}) == []
    assert missing("entrepreneurs", {"name_th", "address", "kind", "product.star_rating"}, {}) == [
        ("product.name_th",), ("product.category",)]
