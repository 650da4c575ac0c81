"""The monthly programme report: the dashboard's figures as a Thai PDF (WeasyPrint, Thai font
embedded) and as .xlsx, built in the background by a django.tasks task."""

from __future__ import annotations

import io
from datetime import date

from django.db import transaction
from django.tasks import task
from django.template.loader import render_to_string
from django.utils import timezone, translation

from uplift.outcomes.models import ProgrammeReport

THAI_MONTHS = ("มกราคม", "กุมภาพันธ์", "มีนาคม", "เมษายน", "พฤษภาคม", "มิถุนายน",
               "กรกฎาคม", "สิงหาคม", "กันยายน", "ตุลาคม", "พฤศจิกายน", "ธันวาคม")


def thai_month(d: date) -> str:
    return f"{THAI_MONTHS[d.month - 1]} {d.year + 543}"


def baht(v: float) -> str:
    return f"{v:,.0f} บาท"


def chart_rows(rows: list[tuple[str, float]]) -> list[dict]:
    """Bars as HTML (label, value, width %), drawn by CSS: WeasyPrint shapes Thai in HTML text but not in SVG."""
    top = max((v for _, v in rows), default=0) or 1
    return [{"label": label or "–", "value": value, "pct": max(0.0, value) / top * 100} for label, value in rows]


def report_context(user, round_id: int, month: date) -> dict:
    from uplift.dashboards.selectors import dashboard_figures
    from uplift.dashboards.views import causal_total

    with translation.override("th"):
        f = dashboard_figures(user, round_id)
    p = f.projection
    return {
        "f": f, "p": p, "month_th": thai_month(month), "target": baht(f.target), "achieved": baht(p.achieved),
        "projected": baht(p.projected), "low": baht(p.low), "high": baht(p.high), "causal": causal_total(f.evaluation),
        "activity_chart": chart_rows([(f"{a['number']}. {a['name_th']}", a["value"]) for a in f.by_activity]),
        "centre_chart": chart_rows([(c["name_th"] or "–", c["value"]) for c in f.by_centre]),
        "generated": timezone.localtime(),
    }


def render_pdf(context: dict) -> bytes:
    from weasyprint import HTML

    html = render_to_string("outcomes/report_pdf.html", context)
    # SARA AM as NIKHAHIT + SARA AA (its compatibility decomposition, drawn the same): WeasyPrint maps
    # each glyph back to text, and the composed character's two glyphs lose the nikhahit on extraction.
    html = html.replace("\u0e33", "\u0e4d\u0e32")
    return HTML(string=html).write_pdf()


def render_xlsx(context: dict) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    f, p = context["f"], context["p"]
    wb = Workbook()
    ws = wb.active
    ws.title = "สรุป"
    bold = Font(bold=True)
    ws.append(["รายงานผลโครงการประจำเดือน", context["month_th"]])
    ws["A1"].font = bold
    ws.append(["รอบโครงการ", f.round.name])
    for label, value in [("เป้าหมายมูลค่าทางเศรษฐกิจ (บาท)", f.target), ("มูลค่าที่รายงานแล้ว (บาท)", p.achieved),
                         ("คาดการณ์ ณ สิ้นรอบ (บาท)", p.projected), ("ช่วงคาดการณ์ 95% ต่ำ", p.low),
                         ("ช่วงคาดการณ์ 95% สูง", p.high)]:
        ws.append([label, round(value, 2)])
    if context["causal"]:
        ws.append(["ผลที่เกิดจากโครงการ (ประมาณการ, บาท/ปี)", round(context["causal"]["value"], 2)])
    for key, n in f.stages.items():
        ws.append([f"จำนวนผู้ประกอบการ: {key}", n])
    ws.column_dimensions["A"].width = 44
    ws.column_dimensions["B"].width = 22
    for title, rows, cols in [
        ("ตามกิจกรรม", f.by_activity, [("number", "กิจกรรม"), ("name_th", "ชื่อ"), ("value", "มูลค่า (บาท)"), ("entrepreneurs", "ผู้ประกอบการ")]),
        ("ตามศูนย์ภาค", f.by_centre, [("number", "ศูนย์"), ("name_th", "ชื่อ"), ("value", "มูลค่า (บาท)"), ("entrepreneurs", "ผู้ประกอบการ")]),
        ("ตามจังหวัด", f.by_province, [("code", "รหัส"), ("name_th", "จังหวัด"), ("value", "มูลค่า (บาท)"), ("entrepreneurs", "ผู้ประกอบการ")]),
        ("ตามองค์ประกอบ", f.by_component, [("component", "รหัส"), ("name_th", "องค์ประกอบ"), ("value", "มูลค่า (บาท)")]),
        ("ตามเดือน", f.by_month, [("month", "เดือน"), ("value", "มูลค่า (บาท)")]),
    ]:
        sheet = wb.create_sheet(title)
        sheet.append([c[1] for c in cols])
        for cell in sheet[1]:
            cell.font = bold
        for r in rows:
            sheet.append([r[c[0]] for c in cols])
        sheet.column_dimensions["B"].width = 40
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


@task
def build_programme_report(report_id: int) -> str:
    report = ProgrammeReport.objects.select_related("requested_by").get(pk=report_id)
    user = report.requested_by
    try:
        context = report_context(user, report.round_id, report.month)
        report.pdf = render_pdf(context)
        report.xlsx = render_xlsx(context)
        report.status = ProgrammeReport.Status.READY
    except Exception as error:  # stored for the person who asked; the task itself succeeds
        report.status = ProgrammeReport.Status.FAILED
        report.error = f"{type(error).__name__}: {error}"
    report.finished_at = timezone.now()
    report.save()
    return report.status


def report_request(*, actor, round_id: int, month: date) -> ProgrammeReport:
    from uplift.audit.actions import audit_record

    with transaction.atomic():
        report = ProgrammeReport.objects.create(round_id=round_id, month=month.replace(day=1), requested_by=actor)
        audit_record(actor=actor, action="report_request", obj=report, changes={"round": round_id, "month": month.isoformat()})
        transaction.on_commit(lambda: build_programme_report.enqueue(report.pk))
    return report

