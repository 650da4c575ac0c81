"""Attendance and progress as .xlsx workbooks (openpyxl, write-only so large exports stream).

Each export is audited (who, what, how many rows, which filter); text cells never become formulas.
"""

import io

from openpyxl import Workbook
from openpyxl.styles import Font

from uplift.audit.actions import audit_event
from uplift.programme import selectors
from uplift.security import cells


def _book(title: str, header: list[str], rows, *, user, model: str, filters: dict) -> bytes:
    book = Workbook(write_only=True)
    sheet = book.create_sheet(title)
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    sheet.append([_bold(sheet, h, bold) for h in header])
    count = 0
    for row in rows:
        sheet.append(cells.xlsx_row(sheet, row))
        count += 1
    audit_event(actor=user, action="export", model=model, changes={
        "what": title, "format": "xlsx", "rows": count, "filters": {k: v for k, v in filters.items() if v is not None}})
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _bold(sheet, value, font):
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(sheet, value=value)
    cell.font = font
    return cell


def attendance_xlsx(user, *, session_id: int | None = None, cohort_id: int | None = None) -> bytes:
    rows = (
        [a.session.starts_at.astimezone().replace(tzinfo=None), a.session.topic, a.session.get_kind_display(),
         a.session.cohort.round_activity.activity.name_th, a.enrolment.entrepreneur.name_th, a.get_status_display(),
         float(a.hours)]
        for a in selectors.export_attendance_rows(user, session_id=session_id, cohort_id=cohort_id).iterator(chunk_size=2000)
    )
    return _book("attendance", ["เริ่ม (start)", "หัวข้อ (topic)", "ประเภท (kind)", "กิจกรรม (activity)",
                                "ผู้ประกอบการ (entrepreneur)", "การเข้าร่วม (attendance)", "ชั่วโมง (hours)"], rows,
                 user=user, model="programme.Attendance", filters={"session": session_id, "cohort": cohort_id})


def progress_xlsx(user) -> bytes:
    qs = selectors.with_progress(selectors.enrolments_visible(user)).order_by(
        "round_activity__round", "round_activity__activity__number", "entrepreneur__name_th", "pk")
    rows = (
        [e.round_activity.round.name, e.round_activity.activity.name_th, e.entrepreneur.name_th,
         e.entrepreneur.province.name_th, e.get_status_display(), e.started_on, e.ended_on,
         float(e.hours_done), e.round_activity.required_hours, e.milestones_done, e.milestones_total,
         "overdue" if e.has_overdue else ""]
        for e in qs.iterator(chunk_size=2000)
    )
    return _book("progress", ["รอบ (round)", "กิจกรรม (activity)", "ผู้ประกอบการ (entrepreneur)", "จังหวัด (province)",
                              "สถานะ (status)", "เริ่ม (started)", "สิ้นสุด (ended)", "ชั่วโมงที่เข้าร่วม (hours done)",
                              "ชั่วโมงที่กำหนด (hours required)", "ขั้นตอนที่สำเร็จ (milestones met)",
                              "ขั้นตอนทั้งหมด (milestones)", "เลยกำหนด (overdue)"], rows,
                 user=user, model="programme.Enrolment", filters={})
