"""The identity report as a Thai PDF whose text can be extracted."""

import subprocess
import unicodedata

from tests.toolkits.identity.conftest import png
from tests.toolkits.identity.core.test_worksheet_brief import ANSWERS
from tests.toolkits.identity.test_actions import sales_series
from uplift.toolkits.identity import actions


def pdf_text(content: bytes) -> str:
    text = subprocess.run(["pdftotext", "-raw", "-", "-"], input=content, capture_output=True, check=True).stdout
    return unicodedata.normalize("NFKC", text.decode())


def test_report_pdf_is_thai_and_follows_scope(client, world, identity):
    actions.worksheet_save(actor=world.consultant, enrolment=identity.phuket, answers=ANSWERS)
    brief = actions.brief_create(actor=world.consultant, enrolment=identity.phuket, title="กล่องผ้าบาติกของฝาก",
                                 product=identity.batik)
    actions.version_upload(actor=world.consultant, brief=brief, file=png())
    actions.star_assess(actor=world.consultant, enrolment=identity.phuket, scores={"A1": 5, "C1": 10})
    launch = actions.launch_save(actor=world.consultant, enrolment=identity.phuket, product=identity.batik,
                                 launch_month="2026-01")
    actions.launch_months_save(actor=world.consultant, launch=launch, rows=sales_series(8_000))
    client.force_login(world.consultant)
    response = client.get(f"/toolkits/identity/enrolments/{identity.phuket.pk}/report.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    for phrase in ("รายงานผลิตภัณฑ์และบรรจุภัณฑ์ที่มีอัตลักษณ์", world.phuket.name_th, "เรื่องเล่าของท้องถิ่น",
                   "กล่องผ้าบาติกของฝาก", "ผ้าบาติกลายปลา", "ช่วงความเชื่อมั่น", "ยังไม่ได้ยืนยัน"):
        assert unicodedata.normalize("NFKC", phrase) in text, phrase
    fonts = subprocess.run(["pdffonts", "-"], input=response.content, capture_output=True).stdout.decode()
    assert "Noto-Sans-Thai" in fonts
    client.force_login(identity.other)
    assert client.get(f"/toolkits/identity/enrolments/{identity.phuket.pk}/report.pdf").status_code == 404
