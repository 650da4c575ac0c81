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


HEADERS = ["ลำดับ", "ชื่อกลุ่ม", "เลขประจำตัวผู้เสียภาษี", "วันที่ขึ้นทะเบียน", "จำนวนสมาชิก", "ที่อยู่", "โทรศัพท์", "ประเภท"]
PATONG = "12 หมู่ 4 ต.ป่าตอง อ.กะทู้ จ.ภูเก็ต 83150"


def registry_sheet() -> list[list]:
    """Title, blank, header, 8 data rows (four with errors), blank, totals: spreadsheet rows 1–13.

    The producer kinds are written as officers write them: the domain's term, its tone-mark
    variant, an abbreviation, a short form."""
    good = juristic_id("083556100002")
    return [
        ["ทะเบียนผู้ประกอบการ OTOP ศูนย์ภาคที่ 10 ปี ๒๕๖๓"],
        [],
        HEADERS,
        ["๑", "กลุ่มบาติกบ้านกะทู้", good, "15/03/2563", "๒๕", PATONG, "๐๘๑-๒๓๔-๕๖๗๘", "วิสาหกิจชุมชน"],
        ["2", "กลุ่มแม่บ้านป่าตอง", "", "2563-03-15", "1,200", "99 ต.ป่าตอง อ.กะทู้ จ.ภูเก็ต", "076 123 457", "กลุ่ม"],
        ["3", "กลุ่มจักสานกะทู้", juristic_id("083556100003"), "15 มี.ค. 63", "30 คน", "5 ต.กะทู้ อ.กะทู้ จ.ภูเก็ต 83120", "0812345679", "ผู้ผลิตรายเดียว"],
        ["4", "กลุ่มผ้ามัดย้อมกมลา", juristic_id("083556100004"), "15 มีนาคม 2563", "12", "7 ต.กมลา อ.กะทู้ จ.ภูเก็ต 83150", "+66 81 234 5680", "ผู้ผลิตรายเดี่ยว"],
        ["5", "กลุ่มเลขผิด", bad_checksum(juristic_id("083556100005")), "15/03/2563", "10", PATONG, "0812345681", "วสช."],
        ["6", "กลุ่มที่อยู่ผิด", juristic_id("083556100006"), "15/03/2563", "10", "1 ต.ไม่มีจริง อ.กะทู้ จ.ภูเก็ต", "0812345682", "SMEs"],
        ["7", "กลุ่มวันผิด", juristic_id("083556100007"), "31/02/2563", "10", PATONG, "0812345683", "ผู้ผลิตชุมชน"],
        ["8", "กลุ่มซ้ำในไฟล์", good, "15/03/2563", "๒๕", PATONG, "๐๘๑-๒๓๔-๕๖๗๘", "วิสาหกิจชุมชน"],
        [],
        ["รวม", "", "", "", "1,317", "", "", ""],
    ]


EXPECTED_REPORT = [
    (8, "เลขประจำตัวผู้เสียภาษี", "bad_id_checksum"),
    (9, "ที่อยู่", "unknown_area"),
    (10, "วันที่ขึ้นทะเบียน", "not_a_date"),
    (11, "ชื่อกลุ่ม", "conflicts_in_file"),  # the identifier of row 4 under another name
]


def citizen(stem: str) -> str:
    return citizen_id(stem)


WIDE_HEADERS = ["ลำดับ", "ชื่อกลุ่ม/ผู้ประกอบการ", "เลขประจำตัว (บัตรประชาชน/นิติบุคคล)", "ประเภทผู้ผลิต", "ที่อยู่",
                "โทรศัพท์", "ชื่อผลิตภัณฑ์", "ประเภทผลิตภัณฑ์", "ระดับดาว", "ปีที่ได้รับดาว",
                "ยอดขายเฉลี่ยต่อเดือน\nปี 2562 (บาท)", "ยอดขายเฉลี่ยต่อเดือน ปี ๒๕๖๓ (บาท)",
                "สัดส่วนนักท่องเที่ยวต่างชาติ (%)"]
KAMALA = "7 ต.กมลา อ.กะทู้ จ.ภูเก็ต 83150"


def wide_sheet(chiangmai_id: str) -> list[list]:
    """A provincial office's wide sheet: one row per product, with its entrepreneur, stars, two years of
    average monthly sales and the foreign tourist share; no unit or price column. Title rows, so the
    sheet's own sequence (ลำดับ) is not the file line. Rows 4–5 and 6–7 are one entrepreneur each."""
    batik = juristic_id("083556100021")
    return [
        ["ข้อมูลผู้ประกอบการ OTOP จังหวัดภูเก็ต (แบบสำรวจ ปี ๒๕๖๔)"],
        WIDE_HEADERS,
        ["1", "กลุ่มบาติกบ้านกะทู้", batik, "ผู้ผลิตรายเดียว", PATONG, "081-234-5678", "ผ้าบาติกลายดอกไม้",
         "ผ้าและเครื่องแต่งกาย", "4 ดาว", "2562", "50,000", "20,000", "40%"],
        ["2", "กลุ่มบาติกบ้านกะทู้", batik, "ผู้ผลิตรายเดียว", PATONG, "081-234-5678", "ผ้าบาติกลายปลา",
         "ผ้า", "ไม่ได้รับ", "", "50,000", "20,000", "40%"],
        ["3", "กลุ่มแม่บ้านป่าตอง", "", "กลุ่มชุมชน", "99 ต.ป่าตอง อ.กะทู้ จ.ภูเก็ต", "076-123-457", "น้ำพริกกุ้งเสียบ",
         "อาหารแปรรูป", "ยังไม่ได้รับการคัดสรร", "", "12,000", "๘,๐๐๐", "10"],
        ["4", "กลุ่มแม่บ้านป่าตอง", "", "กลุ่มชุมชน", "99 ต.ป่าตอง อ.กะทู้ จ.ภูเก็ต", "076-123-457", "น้ำพริกปลาฉิ้งฉั้ง",
         "อาหาร", "-", "", "12,000", "๘,๐๐๐", "10"],
        ["5", "กลุ่มแม่บ้าน ป่าตอง", "", "กลุ่ม", "99/1 ต.ป่าตอง อ.กะทู้ จ.ภูเก็ต", "076-123-457", "กะปิ",
         "อาหาร", "", "", "3,000", "", ""],
        ["6", "กลุ่มจักสานกมลา", "", "อื่นๆ", KAMALA, "", "ตะกร้า", "ของใช้", "", "", "", "", ""],
        ["7", "กลุ่มผ้ามัดย้อมกมลา", juristic_id("083556100024"), "วสช.", KAMALA, "", "ผ้ามัดย้อม", "ผ้า",
         "6 ดาว", "2562", "", "", ""],
        ["8", "กลุ่มบาติกใหม่", batik, "ผู้ผลิตรายเดียว", PATONG, "081-234-5678", "ผ้าบาติกลายช้าง", "ผ้า", "", "",
         "50,000", "20,000", "40%"],
        ["9", "กลุ่มทอผ้าไหมบ้านสันกำแพง", chiangmai_id, "ผู้ผลิตชุมชน", PATONG, "", "ผ้าไหม", "ผ้า", "", "", "", "", ""],
        ["10", "นางสมศรี ใจดี", citizen_id("383010012345"), "ผู้ผลิตรายเดี่ยว", KAMALA, "0891234567",
         "ยาหม่องสมุนไพร", "สมุนไพรที่ไม่ใช่อาหาร", "สามดาว", "2565", "5,000", "7,500", "0.25"],
        ["รวม", "", "", "", "", "", "", "", "", "", "", "", ""],
    ]


WIDE_REPORT = [  # (file line, sequence, column, code)
    (8, "6", "ประเภทผู้ผลิต", "unknown_choice"),
    (9, "7", "ระดับดาว", "bad_stars"),
    (10, "8", "ชื่อกลุ่ม/ผู้ประกอบการ", "conflicts_in_file"),
    (11, "9", "เลขประจำตัว (บัตรประชาชน/นิติบุคคล)", "already_registered"),
]
