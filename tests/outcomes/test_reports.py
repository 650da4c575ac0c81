import io
import subprocess
import unicodedata

import pytest

from tests.outcomes.programme import enter, make_programme, small_panel
from uplift.outcomes.actions import economic_value_compute, evaluation_plan_freeze
from uplift.outcomes.causal import evaluation_run
from uplift.outcomes.models import ProgrammeReport


def pdf_text(content: bytes) -> str:
    text = subprocess.run(["pdftotext", "-raw", "-", "-"], input=content, capture_output=True, check=True).stdout.decode()
    # SARA AM is written decomposed in the PDF (see render_pdf): compare in NFKC, where both forms are equal
    return unicodedata.normalize("NFKC", text)


def request_report(client, user, round_, capture) -> ProgrammeReport:
    client.force_login(user)
    with capture(execute=True):  # the task is enqueued on commit; the immediate backend runs it
        response = client.post("/outcomes/reports/", {"round": round_.pk, "month": "2021-06"})
    assert response.status_code == 302
    report = ProgrammeReport.objects.filter(requested_by=user).latest("pk")
    assert report.status == "ready", report.error
    return report


@pytest.fixture
def report(client, world, indicators, django_capture_on_commit_callbacks):
    p = make_programme(world.phuket, world.chiangmai)
    enter(world.admin, world.phuket, p.round, baseline={"sales": 10_000}, end={"sales": 20_000})
    economic_value_compute(actor=world.admin, round_id=p.round.pk)
    return request_report(client, world.executive, p.round, django_capture_on_commit_callbacks)


def test_pdf_report_text_has_thai_headings_and_figures(client, report):
    response = client.get(f"/outcomes/reports/{report.pk}/pdf/")
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    for heading in ("รายงานผลโครงการประจำเดือน มิถุนายน 2564", "เป้าหมายและผลการดำเนินงาน", "มูลค่าทางเศรษฐกิจตามกิจกรรม",
                    "มูลค่าทางเศรษฐกิจตามจังหวัด", "จำนวนผู้ประกอบการตามขั้นตอน", "ได้รับคัดเลือก",
                    "ผลที่เกิดจากโครงการ", "ศูนย์ส่งเสริมอุตสาหกรรมภาค"):
        assert unicodedata.normalize("NFKC", heading) in text
    assert "5,000,000 บาท" in text  # target
    assert "120,000 บาท" in text    # achieved: (20,000 − 10,000) × 12
    assert "ภูเก็ต" in text
    fonts = subprocess.run(["pdffonts", "-"], input=response.content, capture_output=True).stdout.decode()
    assert "Noto-Sans-Thai" in fonts and "yes" in fonts  # the Thai font is embedded


def test_xlsx_report_and_who_may_download(client, world, report):
    from openpyxl import load_workbook

    response = client.get(f"/outcomes/reports/{report.pk}/xlsx/")
    wb = load_workbook(io.BytesIO(response.content))
    summary = {row[0]: row[1] for row in wb["สรุป"].iter_rows(values_only=True)}
    assert summary["เป้าหมายมูลค่าทางเศรษฐกิจ (บาท)"] == 5_000_000
    assert summary["มูลค่าที่รายงานแล้ว (บาท)"] == 120_000
    assert [r[0] for r in wb["ตามจังหวัด"].iter_rows(min_row=2, values_only=True)] == ["83"]
    assert [r[1] for r in wb["ตามกิจกรรมและที่มา"].iter_rows(min_row=2, values_only=True)] == ["กรอกด้วยมือ"]
    client.force_login(world.officer)
    assert client.get(f"/outcomes/reports/{report.pk}/xlsx/").status_code == 404


def test_officers_report_covers_their_provinces_without_national_figures(client, world, indicators,
                                                                        django_capture_on_commit_callbacks):
    p = make_programme(world.phuket, world.chiangmai)
    for e, end in ((world.phuket, 20_000), (world.chiangmai, 30_000)):
        enter(world.admin, e, p.round, baseline={"sales": 10_000}, end={"sales": end})
    economic_value_compute(actor=world.admin, round_id=p.round.pk)
    report = request_report(client, world.officer, p.round, django_capture_on_commit_callbacks)
    text = pdf_text(client.get(f"/outcomes/reports/{report.pk}/pdf/").content)
    assert "120,000 บาท" in text and "240,000" not in text and "360,000" not in text
    assert "5,000,000" not in text and "เชียงใหม่" not in text


def test_pdf_report_shows_plan_power_estimate_sensitivity_and_the_split(client, world, indicators,
                                                                       django_capture_on_commit_callbacks):
    p = small_panel(effect=8_000, n=20)
    plan = evaluation_plan_freeze(actor=world.admin, round_id=p.round.pk)
    treated = list(p.enrolments.values())
    for n, enrolment in enumerate(treated):
        origin = f"programme.Enrolment:{enrolment.pk}" if n % 2 else ""
        enter(world.admin, enrolment.entrepreneur, p.round, baseline={"sales": 40_000})
        enter(world.admin, enrolment.entrepreneur, p.round, origin=origin, end={"sales": 48_000})
    economic_value_compute(actor=world.admin, round_id=p.round.pk)
    ev = evaluation_run(actor=world.admin, round_id=p.round.pk, method="match-did", bootstrap=0)
    assert ev.plan_status == "as_planned"
    report = request_report(client, world.executive, p.round, django_capture_on_commit_callbacks)
    text = pdf_text(client.get(f"/outcomes/reports/{report.pk}/pdf/").content)
    compact = "".join(text.split())  # lines wrap anywhere in Thai: compare without whitespace
    for part in ("แผนการประเมินผลที่ลงทะเบียนไว้ล่วงหน้า", "กำลังการทดสอบ ณ วันอนุมัติ", "ผลที่เล็กที่สุดที่ตรวจพบได้",
                 "ช่วงความเชื่อมั่น 95%", "เป็นไปตามแผน ฉบับที่ 1", "ความไวต่ออคติที่มองไม่เห็น", "Rosenbaum", "E-value",
                 "มูลค่าทางเศรษฐกิจตามกิจกรรมและที่มา", "กรอกด้วยมือ", "ผลที่เกิดจากโครงการ (บาท/ปี, ช่วง 95%)"):
        assert "".join(unicodedata.normalize("NFKC", part).split()) in compact, part
    assert plan.sha256 in compact
    assert f"{ev.att:,.0f}" in text and f"{plan.power['mde']:,.0f}" in text
