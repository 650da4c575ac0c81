"""The executive downloads the month's programme report as a Thai PDF."""

import re
import subprocess

from playwright.sync_api import expect

from tests.journeys.conftest import ROUND


def test_executive_downloads_the_thai_pdf_report(journey, programme, tmp_path):
    j = journey("executive")
    page = j.page
    j.log_in("executive")
    j.look("start")
    page.get_by_role("link", name="แดชบอร์ดโครงการ").click()
    j.look("dashboard")
    page.get_by_role("link", name="รายงานประจำเดือน (PDF, Excel)").click()
    j.look("reports")
    page.get_by_label("รอบ", exact=True).select_option(label=ROUND)
    page.get_by_role("button", name="จัดทำรายงาน").click()
    expect(page.locator(".messages")).to_be_visible()
    page.reload()  # "refresh this page in a moment", as the message says
    j.look("report-ready")
    row = page.locator("tbody tr").filter(has_text=ROUND).first
    with page.expect_download() as info:
        row.get_by_role("link", name="PDF").click()
    pdf = tmp_path / "report.pdf"
    info.value.save_as(pdf)
    body = pdf.read_bytes()
    assert body.startswith(b"%PDF-"), body[:20]
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    text = text.replace("\u0e4d\u0e32", "\u0e33")  # the PDF draws SARA AM as NIKHAHIT + SARA AA (see outcomes.reports)
    year = programme["today"].year + 543
    assert "รายงานผลโครงการประจำเดือน" in text
    assert str(year) in text, "no Buddhist-era year in the PDF"
    assert not re.search(r"\b20\d\d-\d\d-\d\d\b", text), "a Christian-era ISO date in the PDF"
    assert str(programme["today"].year) not in text.replace(str(year), ""), "a Christian-era year in the PDF"
    j.assert_thai()
