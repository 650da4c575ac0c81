"""The column-wise check gives exactly what the per-row check gives, row for row, on untidy sheets."""

import random

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from stdnum.th import moa, pin

from tests.imports.files import juristic_id, registry_sheet, to_csv, to_xlsx
from uplift.imports.core.columnar import _check_digit_ok, as_checked, check_entrepreneurs
from uplift.imports.core.mapping import suggest_mapping
from uplift.imports.core.read import read_table
from uplift.imports.core.rows import check_rows
from tests.factories import citizen_id


def _same(table) -> None:
    mapping = suggest_mapping(table.headers, "entrepreneurs")
    fast = as_checked(check_entrepreneurs(table.frame, mapping, table.headers))
    slow = check_rows("entrepreneurs", table.rows, mapping, table.headers)

    def shape(c):
        return c.row, c.record, [(*i.as_tuple(), i.value, i.params) for i in c.issues], c.id_column if c.record else ""

    assert [shape(c) for c in fast] == [shape(c) for c in slow]


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_the_registry_sheet(kind):
    rows = registry_sheet()
    data = to_csv(rows, "cp874") if kind == "csv" else to_xlsx(rows)
    _same(read_table(data, f"registry.{kind}"))


HEADERS = ["ชื่อกลุ่ม", "ประเภท", "เลขประจำตัวผู้เสียภาษี", "เลขบัตรประชาชน", "วันที่ขึ้นทะเบียน", "จำนวนสมาชิก",
           "ที่อยู่", "ตำบล", "อำเภอ", "จังหวัด", "รหัสไปรษณีย์", "โทรศัพท์", "อีเมล"]
NAMES = ["กลุ่มบาติก  บ้านกะทู้", "", " กลุ่มทอผ้า ๒ ", "ก" * 256, "Silk group", "กลุ่ม\tจักสาน"]
KINDS = ["", "กลุ่มชุมชน", "วิสาหกิจชุมชน", "ผู้ผลิตรายเดี่ยว", "SME", "อื่นๆ"]
IDS = ["", juristic_id("083556100002"), juristic_id("083556100003"), citizen_id("110170012345"), "123",
       "๐๘๓๕๕๖๑๐๐๐๐๓" + juristic_id("083556100003")[-1], "0-8355-61000-04-" + juristic_id("083556100004")[-1],
       "9" + juristic_id("083556100005")[1:], juristic_id("083556100006")[:-1] + "0", "abc"]
DATES = ["", "15/03/2563", "2563-03-15", "15 มี.ค. 63", "15 มีนาคม 2563", "31/02/2563", "2020-03-15", "๑๕/๐๓/๒๕๖๓",
         "2563", "1999", "มี.ค. 2563", "29/02/2563", "29/02/2564", "ไม่ทราบ", "43905", "2020-03-15 10:30:00"]
MEMBERS = ["", "25", "1,200", "30 คน", "๒๕", "-3", "2.5", "ห้าสิบ"]
ADDRESSES = ["", "12 หมู่ 4 ต.ป่าตอง อ.กะทู้ จ.ภูเก็ต 83150", "99 ต.ป่าตอง อ.กะทู้ จ.ภูเก็ต",
             "5 ต.กะทู้ อ.กะทู้ จ.ภูเก็ต 83120", "7, ต.กมลา อ.กะทู้ จ.ภูเก็ต 83150", "1 ต.ไม่มีจริง อ.กะทู้ จ.ภูเก็ต",
             "12 หมู่ 4 ป่าตอง กะทู้ ภูเก็ต 83150", "ตำบลป่าตอง อำเภอกะทู้ จังหวัดภูเก็ต", "ต.ป่าตอง อ.กะทู้ 83999",
             "10 แขวงลุมพินี เขตปทุมวัน กรุงเทพมหานคร 10330", "๑๒ หมู่ ๔ ต.ป่าตอง อ.กะทู้ จ.ภูเก็ต ๘๓๑๕๐",
             "3 ต.ในเมือง", "บ้านเลขที่ 8 ถนนเขตอุตสาหกรรม ต.ป่าตอง อ.กะทู้ จ.ภูเก็ต"]
SUBDISTRICTS, DISTRICTS, PROVINCES = ["", "ป่าตอง", "ต.กะทู้", "ไม่มี"], ["", "กะทู้", "อ.กะทู้"], ["", "ภูเก็ต", "จ.ภูเก็ต"]
POSTAL = ["", "83150", "83120", "8315", "๘๓๑๕๐"]
PHONES = ["", "081-234-5678", "๐๘๑-๒๓๔-๕๖๗๘", "076 123 457", "+66 81 234 5680", "812345678", "02-123-4567",
          "081-234-5678, 089-999-9999", "081 หรือ 082", "12345", "โทร 0812345678", "66812345678"]
EMAILS = ["", "group@example.com", "not an email", "a@b", " x@y.co "]
COLUMNS = [NAMES, KINDS, IDS, IDS, DATES, MEMBERS, ADDRESSES, SUBDISTRICTS, DISTRICTS, PROVINCES, POSTAL, PHONES, EMAILS]


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 10**6), columns=st.sets(st.integers(0, len(HEADERS) - 1), min_size=1))
def test_untidy_sheets_give_the_same_rows_and_issues(seed, columns):
    rng = random.Random(seed)
    keep = sorted(columns | {0, 1})  # a header row needs two names
    rows = [[HEADERS[i] for i in keep]] + [[rng.choice(COLUMNS[i]) for i in keep] for _ in range(60)]
    _same(read_table(to_csv(rows, "utf-8"), "untidy.csv"))


def test_check_digit_agrees_with_python_stdnum():
    rng = random.Random(2563)
    numbers = [f"{rng.randint(0, 10**13 - 1):013d}" for _ in range(20000)]
    numbers += [n[:12] + pin.calc_check_digit(n[:12]) for n in numbers[:5000]]  # valid ones too
    got = pl.DataFrame({"n": numbers}).select(_check_digit_ok(pl.col("n"))).to_series().to_list()
    expected = [moa.is_valid(n) if n.startswith("0") else pin.is_valid(n) for n in numbers]
    assert got == expected and sum(expected) > 4000


def test_every_subdistrict_address_matched_by_name_as_by_geothai():
    import geothai

    rows = [["ชื่อกลุ่ม", "ที่อยู่"]]
    for p in geothai.provinces():
        for d in geothai.districts(p.code):
            for s in geothai.subdistricts(d.code):
                postal = s.postal_codes[0] if len(rows) % 3 else "10999"  # every third with a wrong postal code
                marks = [("ต.", "อ.", "จ."), ("ตำบล", "อำเภอ", "จังหวัด"), ("แขวง", "", "จังหวัด"),
                         ("แขวง", "เขต", "")][len(rows) % 4]  # the last doubles Bangkok's "เขต"
                rows.append([f"กลุ่ม{s.name_th}", f"{len(rows)} หมู่ 1 {marks[0]}{s.name_th} {marks[1]}{d.name_th} "
                                                  f"{marks[2] or 'จ.'}{p.name_th} {postal}"])
    assert len(rows) - 1 == 7436
    _same(read_table(to_csv(rows, "utf-8"), "all.csv"))
