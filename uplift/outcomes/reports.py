"""The monthly programme report: the dashboard's figures as a Thai PDF (WeasyPrint, Thai font
embedded) and as .xlsx, built in the background by a django.tasks task, over what the requester
may see. For those who may read evaluations it adds the round's frozen plan, the power at
approval, the causal estimate with its interval and sensitivity, and the estimates per activity."""

from __future__ import annotations

import io
from datetime import date

from django.tasks import task
from django.template.loader import render_to_string
from django.utils import timezone, translation

from uplift.outcomes import plans
from uplift.outcomes.figures import programme_figures
from uplift.outcomes.models import ProgrammeReport
from uplift.security import cells

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


def thai_datetime(value) -> str:
    local = timezone.localtime(value)
    return f"{local.day} {thai_month(local.date())} {local:%H:%M} น."


def _plan_context(plan) -> dict | None:
    if plan is None:
        return None
    spec = plans.spec_of(plan)
    rules = plans.comparison_rules()
    months = (plan.power or {}).get("baseline_months") or []
    return {
        "record": plan, "spec": spec, "frozen": thai_datetime(plan.frozen_at), "power": plan.power or {},
        "baseline": " ถึง ".join(thai_month(date.fromisoformat(m)) for m in months),
        "comparison": rules.get(spec.comparison_rule, {}).get("th", spec.comparison_rule),
        "analyses": [{"role": "หลัก" if n == 0 else "รอง", "spec": a,
                      "comparison": rules.get(a.comparison, {}).get("th", a.comparison)}
                     for n, a in enumerate((spec.primary, *spec.secondary))],
    }


def report_context(user, round_id: int, month: date) -> dict:
    with translation.override("th"):
        f = programme_figures(user, round_id, current=True)
    p = f.projection
    ev = f.evaluation
    sensitivity = ((ev.result or {}).get("sensitivity") or {}) if ev is not None else {}
    return {
        "f": f, "p": p, "month_th": thai_month(month), "target": baht(f.target) if f.target is not None else None,
        "achieved": baht(p.achieved), "projected": baht(p.projected), "low": baht(p.low), "high": baht(p.high),
        "causal": f.causal, "plan": _plan_context(f.plan), "sensitivity": sensitivity,
        "activity_chart": chart_rows([(f"{a['number']}. {a['name_th']}", a["value"]) for a in f.by_activity]),
        "centre_chart": chart_rows([(c["name_th"] or "–", c["value"]) for c in f.by_centre]),
        "source_chart": chart_rows([(s["label"], s["value"]) for s in f.by_source]),
        "activity_causal": [{**a, "causal": f.causal_by_activity.get(a["number"])} for a in f.by_activity],
        "generated": timezone.localtime(),
    }


def render_pdf(context: dict) -> bytes:
    from weasyprint import HTML

    with translation.override("th"):  # a Thai report: Buddhist-era dates whatever the requester's language
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
    lines = [("เป้าหมายมูลค่าทางเศรษฐกิจ (บาท)", f.target)] if f.target is not None else []
    lines += [("มูลค่าที่รายงานแล้ว (บาท)", p.achieved), ("คาดการณ์ ณ สิ้นรอบ (บาท)", p.projected),
              ("ช่วงคาดการณ์ 95% ต่ำ", p.low), ("ช่วงคาดการณ์ 95% สูง", p.high)]
    for label, value in lines:
        ws.append([label, round(value, 2)])
    if context["causal"]:
        ws.append(["ผลที่เกิดจากโครงการ (ประมาณการ, บาท/ปี)", round(context["causal"]["value"], 2)])
    plan = context["plan"]
    if plan:
        ws.append(["แผนการประเมินผลที่ล็อกไว้ (ฉบับที่)", plan["record"].version])
        ws.append(["SHA-256 ของแผน", plan["record"].sha256])
        if plan["power"].get("mde") is not None:
            ws.append(["ผลเล็กที่สุดที่ตรวจพบได้ (บาท/ราย/เดือน)", round(plan["power"]["mde"], 2)])
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
        ("ตามกิจกรรมและที่มา", f.by_activity_source, [("number", "กิจกรรม"), ("label", "ที่มา"), ("value", "มูลค่า (บาท)"),
                                                    ("entrepreneurs", "ผู้ประกอบการ")]),
        ("ตามบันทึกของชุดเครื่องมือ", f.by_record, [("origin", "รหัสบันทึก"), ("label", "บันทึก"), ("value", "มูลค่า (บาท)")]),
    ]:
        sheet = wb.create_sheet(title)
        sheet.append([c[1] for c in cols])
        for cell in sheet[1]:
            cell.font = bold
        for r in rows:
            sheet.append([r[c[0]] for c in cols])
        sheet.column_dimensions["B"].width = 40
    cells.xlsx_workbook(wb)
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
