"""Spreadsheets the import tests write themselves."""

from __future__ import annotations

import csv
import io

from stdnum.th import moa

from tests.factories import citizen_id


def juristic_id(stem: str) -> str:
    stem = stem.rjust(12, "0")[:12]
    return stem + moa.calc_check_digit(stem)


def bad_checksum(number: str) -> str:
    return number[:-1] + str((int(number[-1]) + 1) % 10)


def to_csv(rows: list[list], encoding: str = "cp874") -> bytes:
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return out.getvalue().encode(encoding)


def to_xlsx(rows: list[list], title_rows: int = 0, first_sheet_empty: bool = False) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    if first_sheet_empty:
        sheet.title = "คำอธิบาย"
        sheet.append(["แบบฟอร์มนี้ใช้สำหรับ"])
        sheet = book.create_sheet("ข้อมูล")
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


HEADERS = ["ลำดับ", "ชื่อกลุ่ม", "เลขประจำตัวผู้เสียภาษี", "วันที่ขึ้นทะเบียน", "จำนวนสมาชิก", "ที่อยู่", "โทรศัพท์"]
PATONG = "12 หมู่ 4 ต.ป่าตอง อ.กะทู้ จ.ภูเก็ต 83150"


def registry_sheet() -> list[list]:
    """Title, blank, header, 8 data rows (four with errors), blank, totals: spreadsheet rows 1–13."""
    good = juristic_id("083556100002")
    return [
        ["ทะเบียนผู้ประกอบการ OTOP ศูนย์ภาคที่ 10 ปี ๒๕๖๓"],
        [],
        HEADERS,
        ["๑", "กลุ่มบาติกบ้านกะทู้", good, "15/03/2563", "๒๕", PATONG, "๐๘๑-๒๓๔-๕๖๗๘"],
        ["2", "กลุ่มแม่บ้านป่าตอง", "", "2563-03-15", "1,200", "99 ต.ป่าตอง อ.กะทู้ จ.ภูเก็ต", "076 123 457"],
        ["3", "กลุ่มจักสานกะทู้", juristic_id("083556100003"), "15 มี.ค. 63", "30 คน", "5 ต.กะทู้ อ.กะทู้ จ.ภูเก็ต 83120", "0812345679"],
        ["4", "กลุ่มผ้ามัดย้อมกมลา", juristic_id("083556100004"), "15 มีนาคม 2563", "12", "7 ต.กมลา อ.กะทู้ จ.ภูเก็ต 83150", "+66 81 234 5680"],
        ["5", "กลุ่มเลขผิด", bad_checksum(juristic_id("083556100005")), "15/03/2563", "10", PATONG, "0812345681"],
        ["6", "กลุ่มที่อยู่ผิด", juristic_id("083556100006"), "15/03/2563", "10", "1 ต.ไม่มีจริง อ.กะทู้ จ.ภูเก็ต", "0812345682"],
        ["7", "กลุ่มวันผิด", juristic_id("083556100007"), "31/02/2563", "10", PATONG, "0812345683"],
        ["8", "กลุ่มซ้ำในไฟล์", good, "15/03/2563", "10", PATONG, "0812345684"],
        [],
        ["รวม", "", "", "", "1,317", "", ""],
    ]


EXPECTED_REPORT = [
    (8, "เลขประจำตัวผู้เสียภาษี", "bad_id_checksum"),
    (9, "ที่อยู่", "unknown_area"),
    (10, "วันที่ขึ้นทะเบียน", "not_a_date"),
    (11, "เลขประจำตัวผู้เสียภาษี", "duplicate_in_file"),
]


def citizen(stem: str) -> str:
    return citizen_id(stem)
