"""Wide sheets: random header spellings, column orders and vocabulary variants, checked column-wise and
row by row — the same records and the same issues for every row (`rows.check_row` is the rule)."""

import random

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.imports.files import PATONG, juristic_id, to_csv
from uplift.imports.core.columnar import as_checked, check_entrepreneurs
from uplift.imports.core.mapping import suggest_mapping
from uplift.imports.core.parts import as_parts, check_parts
from uplift.imports.core.read import read_table
from uplift.imports.core.rows import check_row

HEADERS = {  # field → spellings seen on provincial sheets
    "seq": ["ลำดับ", "ลำดับที่", "ที่", "No."],
    "name_th": ["ชื่อกลุ่ม", "ชื่อกลุ่ม/ผู้ประกอบการ", "ชื่อผู้ผลิต/ผู้ประกอบการ", "ชื่อ กลุ่ม"],
    "kind": ["ประเภทผู้ผลิต", "ประเภท", "ประเภทผู้ประกอบการ", "ประเภท\nผู้ผลิต"],
    "id_number": ["เลขประจำตัว (บัตรประชาชน/นิติบุคคล)", "เลขประจำตัว", "เลขบัตรประชาชน/เลขนิติบุคคล",
                  "เลขประจำตัว\n(13 หลัก)"],
    "address": ["ที่อยู่", "ที่ตั้ง", "ที่อยู่ (ติดต่อได้)"],
    "phone": ["โทรศัพท์", "เบอร์โทร", "เบอร์โทรศัพท์ (มือถือ)"],
    "product.name_th": ["ชื่อผลิตภัณฑ์", "ผลิตภัณฑ์", "ชื่อสินค้า"],
    "product.category": ["ประเภทผลิตภัณฑ์", "หมวดผลิตภัณฑ์", "หมวดหมู่ผลิตภัณฑ์"],
    "product.star_rating": ["ระดับดาว", "ระดับดาว (OPC)", "ผลการคัดสรร"],
    "product.star_year": ["ปีที่ได้รับดาว", "ปีที่คัดสรร"],
    "product.unit": ["หน่วย", "หน่วยนับ"],
    "product.price": ["ราคา (บาท)", "ราคาขาย\n(บาท/ชิ้น)", "ราคาต่อหน่วย"],
    "person.name_th": ["ชื่อประธานกลุ่ม", "ชื่อ-สกุล ประธานกลุ่ม", "ผู้ติดต่อ"],
    "avg:2019": ["ยอดขายเฉลี่ยต่อเดือน ปี 2562", "ยอดขายเฉลี่ยต่อเดือน\nปี ๒๕๖๒ (บาท)", "ยอดขายเฉลี่ย/เดือน 2562"],
    "avg:2020": ["ยอดขายเฉลี่ยต่อเดือน ปี 2563", "ยอดขายเฉลี่ยต่อเดือน ปี ๒๕๖๓ (บาท)"],
    "mon:2020-01": ["ยอดขาย ม.ค. 63", "ยอดขายเดือน มกราคม 2563"],
    "foreign_tourist_share": ["สัดส่วนนักท่องเที่ยวต่างชาติ (%)", "นักท่องเที่ยวต่างชาติ"],
    "thai_tourist_share": ["สัดส่วนนักท่องเที่ยวไทย", "นักท่องเที่ยวไทย (%)"],
}
CELLS = {
    "seq": ["1", "๒", "", "10"],
    "name_th": ["กลุ่มบาติกบ้านกะทู้", "กลุ่มแม่บ้านป่าตอง", "กลุ่มแม่บ้าน ป่าตอง", "", "ก" * 256],
    "kind": ["ผู้ผลิตรายเดียว", "ผู้ผลิตรายเดี่ยว", "ผู้ผลิตชุมชน", "วสช.", "SMEs", "กลุ่ม", "อื่นๆ", ""],
    "id_number": ["", juristic_id("083556100002"), juristic_id("083556100003"), "123", "๐๘๓๕๕๖๑๐๐๐๐๒๑"],
    "address": [PATONG, "99 ต.ป่าตอง อ.กะทู้ จ.ภูเก็ต", "1 ต.ไม่มีจริง อ.กะทู้ จ.ภูเก็ต", ""],
    "phone": ["081-234-5678", "", "12345", "๐๗๖ ๑๒๓ ๔๕๗"],
    "product.name_th": ["ผ้าบาติก", "น้ำพริก", "", "ผ" * 256],
    "product.category": ["ผ้าและเครื่องแต่งกาย", "อาหารแปรรูป", "ของใช้ ของตกแต่ง ของที่ระลึก", "ไม้", ""],
    "product.star_rating": ["4 ดาว", "ไม่ได้รับ", "-", "ยังไม่ได้รับการคัดสรร", "6", "สามดาว", ""],
    "product.star_year": ["2562", "", "2499", "๒๕๖๓"],
    "product.unit": ["ผืน", "กก.", "", "ห" * 41],
    "product.price": ["1,200", "฿ 35", "abc", "", "-5", "12.345"],
    "person.name_th": ["นางสมศรี ใจดี", "", "นาย ก"],
    "avg:2019": ["50,000", "", "๑๒,๐๐๐", "-5", "abc", "1.234"],
    "avg:2020": ["20000", "", "8,000 บาท"],
    "mon:2020-01": ["", "3000", "x"],
    "foreign_tourist_share": ["40%", "", "0.25", "140", "สิบ"],
    "thai_tourist_share": ["", "10", "0.7"],
}
REQUIRED = ("name_th", "kind", "address")
OPTIONAL = [f for f in HEADERS if f not in REQUIRED]


def _same_row_by_row(table, mapping, defaults):
    entrepreneurs = {c.row: c for c in as_checked(check_entrepreneurs(table.frame, mapping, table.headers, defaults))}
    carried = check_parts(table.frame, mapping, table.headers, defaults)
    parts = as_parts(carried)
    part_issues: dict[int, list] = {}
    for issue in carried.issues:
        part_issues.setdefault(issue.row, []).append(issue)
    for number, cells in table.rows:
        slow = check_row("entrepreneurs", number, cells, mapping, table.headers, defaults)
        fast_issues = [*entrepreneurs[number].issues, *part_issues.get(number, [])]
        assert [(*i.as_tuple(), i.value, i.params) for i in fast_issues] == [
            (*i.as_tuple(), i.value, i.params) for i in slow.issues], number
        if not slow.issues:
            assert entrepreneurs[number].record == slow.record
            assert parts.get(number, {"product": None, "person": None, "sales": []}) == slow.parts, number


@settings(max_examples=30, deadline=None)
@given(seed=st.integers(0, 10**6), chosen=st.sets(st.sampled_from(OPTIONAL), min_size=1),
       with_defaults=st.booleans())
def test_wide_sheets_with_random_headers_orders_and_words_agree_with_the_per_row_rule(seed, chosen, with_defaults):
    rng = random.Random(seed)
    fields = [*REQUIRED, *sorted(chosen)]
    rng.shuffle(fields)
    headers = [rng.choice(HEADERS[f]) for f in fields]
    rows = [headers] + [[rng.choice(CELLS[f]) for f in fields] for _ in range(40)]
    table = read_table(to_csv(rows, "utf-8"), "wide.csv")
    mapping = suggest_mapping(table.headers, "entrepreneurs")
    assert {table.headers[i]: f for i, f in mapping.items()} == dict(zip(table.headers, fields))
    defaults = {"product.unit": "ชิ้น", "product.price": "0", "product.category": "อาหาร"} if with_defaults else {}
    _same_row_by_row(table, mapping, defaults)


def test_a_fixed_wide_sheet_row_by_row():
    fields = list(HEADERS)
    rows = [[HEADERS[f][0] for f in fields]] + [[CELLS[f][i % len(CELLS[f])] for f in fields] for i in range(30)]
    table = read_table(to_csv(rows, "utf-8"), "wide.csv")
    _same_row_by_row(table, suggest_mapping(table.headers, "entrepreneurs"), {"product.unit": "ชิ้น"})


def test_sales_stay_columns_two_averages_become_24_months():
    rows = [["ชื่อกลุ่ม", "ประเภท", "ที่อยู่", "ยอดขายเฉลี่ยต่อเดือน ปี 2562", "ยอดขายเฉลี่ยต่อเดือน ปี 2563",
             "ยอดขาย ม.ค. 63"], ["ก", "กลุ่ม", PATONG, "50,000", "20,000", "25,000"]]
    table = read_table(to_csv(rows, "utf-8"), "sales.csv")
    sales = check_parts(table.frame, suggest_mapping(table.headers, "entrepreneurs"), table.headers).sales
    assert sales.height == 24 and isinstance(sales, pl.DataFrame)
    january = sales.filter(pl.col("month") == pl.date(2020, 1, 1)).row(0, named=True)
    assert (str(january["shop"]), january["is_average"]) == ("25000.00", False)  # the month wins over the average
