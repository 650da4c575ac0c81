"""Export of a filtered, scoped entrepreneur list to .xlsx or .csv with Thai headers.

Every export is audited (who, how many rows, which filter, whether personal data was masked), carries
ID numbers and phones in full only for roles that may see them (``registry.personal``), and writes
text that starts like a formula as text (``uplift.security.cells``).
"""

from __future__ import annotations

import csv
import io
from datetime import date

from django.utils.translation import gettext as _

from dataclasses import asdict

from uplift.audit.actions import audit_event
from uplift.registry import personal, selectors
from uplift.security import cells, masks

COLUMNS = (  # (field, Thai header)
    ("name_th", "ชื่อกลุ่ม/ผู้ประกอบการ"), ("name_en", "ชื่อภาษาอังกฤษ"), ("kind", "ประเภท"),
    ("id_number", "เลขประจำตัว"), ("otop_year", "ปีที่ขึ้นทะเบียน OTOP"), ("members", "จำนวนสมาชิก"),
    ("employees", "จำนวนพนักงาน"), ("address_line", "ที่อยู่"), ("subdistrict", "ตำบล/แขวง"),
    ("district", "อำเภอ/เขต"), ("province", "จังหวัด"), ("postal_code", "รหัสไปรษณีย์"),
    ("subdistrict_code", "รหัสตำบล"), ("phone", "โทรศัพท์"), ("line_id", "ไลน์"), ("email", "อีเมล"),
    ("products", "จำนวนผลิตภัณฑ์"), ("stars", "ระดับดาวสูงสุด"), ("created", "วันที่บันทึก"),
)


def _date(d: date, be: bool):
    if be:
        return f"{d.day:02d}/{d.month:02d}/{d.year + 543}"
    return d


def export_rows(*, user, filters: selectors.EntrepreneurFilters, buddhist_era: bool = True):
    masked = personal.export_masking(user)
    yield [h for _f, h in COLUMNS]
    for e in selectors.entrepreneur_export_list(user=user, filters=filters).iterator(chunk_size=2000):
        created = e.created_at.date()
        if masked:
            e.id_number, e.phone = masks.mask_identifier(e.id_number), masks.mask_phone(e.phone)
        yield [
            e.name_th, e.name_en, e.get_kind_display(), e.id_number,
            (e.otop_year + 543 if buddhist_era else e.otop_year) if e.otop_year else None,
            e.members, e.employees, e.address_line, e.subdistrict.name_th, e.subdistrict.district.name_th,
            e.province.name_th, e.postal_code, e.subdistrict_id, e.phone, e.line_id, e.email,
            e.product_count, e.top_stars, _date(created, buddhist_era),
        ]


def export_csv(*, user, filters, buddhist_era: bool = True) -> bytes:
    """UTF-8 with a BOM, so Excel opens the Thai correctly."""
    out = io.StringIO()
    writer = csv.writer(out)
    rows = -1
    for row in export_rows(user=user, filters=filters, buddhist_era=buddhist_era):
        writer.writerow(cells.csv_row("" if v is None else v.isoformat() if isinstance(v, date) else v for v in row))
        rows += 1
    _audit(user, filters, "csv", rows)
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def _audit(user, filters, fmt: str, rows: int) -> None:
    audit_event(actor=user, action="export", model="registry.Entrepreneur", changes={
        "what": "entrepreneurs", "format": fmt, "rows": rows, "masked": personal.export_masking(user),
        "filters": {k: v for k, v in asdict(filters).items() if v not in ("", None)}})


def export_xlsx(*, user, filters, buddhist_era: bool = True) -> bytes:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    book = Workbook(write_only=True)
    sheet = book.create_sheet(_("Entrepreneurs")[:31])
    rows = export_rows(user=user, filters=filters, buddhist_era=buddhist_era)
    heading = []
    for v in next(rows):
        cell = WriteOnlyCell(sheet, value=v)
        cell.font = Font(bold=True)
        heading.append(cell)
    sheet.append(heading)
    count = 0
    for row in rows:
        sheet.append(cells.xlsx_row(sheet, row))
        count += 1
    _audit(user, filters, "xlsx", count)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
