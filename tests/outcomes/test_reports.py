import io
import subprocess
import unicodedata

import pytest

from tests.dashboards.test_dashboard import enter
from tests.outcomes.programme import make_programme
from uplift.outcomes.models import ProgrammeReport
from uplift.outcomes.services import economic_value_compute


@pytest.fixture
def report(client, world, indicators, django_capture_on_commit_callbacks):
    p = make_programme(world.phuket, world.chiangmai)
    enter(world.admin, world.phuket, p.round, baseline={"sales": 10_000}, end={"sales": 20_000})
    economic_value_compute(actor=world.admin, round_id=p.round.pk)
    client.force_login(world.executive)
    with django_capture_on_commit_callbacks(execute=True):  # the task is enqueued on commit; immediate backend runs it
        response = client.post("/outcomes/reports/", {"round": p.round.pk, "month": "2021-06"})
    assert response.status_code == 302
    return ProgrammeReport.objects.get()


def test_pdf_report_text_has_thai_headings_and_figures(client, report):
    report.refresh_from_db()
    assert report.status == "ready", report.error
    response = client.get(f"/outcomes/reports/{report.pk}/pdf/")
    assert response["Content-Type"] == "application/pdf"
    text = subprocess.run(["pdftotext", "-raw", "-", "-"], input=response.content, capture_output=True, check=True).stdout.decode()
    # SARA AM is written decomposed in the PDF (see render_pdf): compare in NFKC, where both forms are equal
    text = unicodedata.normalize("NFKC", text)
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

    report.refresh_from_db()
    response = client.get(f"/outcomes/reports/{report.pk}/xlsx/")
    wb = load_workbook(io.BytesIO(response.content))
    summary = {row[0]: row[1] for row in wb["สรุป"].iter_rows(values_only=True)}
    assert summary["เป้าหมายมูลค่าทางเศรษฐกิจ (บาท)"] == 5_000_000
    assert summary["มูลค่าที่รายงานแล้ว (บาท)"] == 120_000
    assert [r[0] for r in wb["ตามจังหวัด"].iter_rows(min_row=2, values_only=True)] == ["83"]
    client.force_login(world.officer)
    assert client.get(f"/outcomes/reports/{report.pk}/xlsx/").status_code == 404
