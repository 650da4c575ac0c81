"""The digital report as a Thai PDF whose text can be extracted."""

import subprocess
import unicodedata

from tests.toolkits.digital.test_actions import answer
from uplift.toolkits.digital import actions


def pdf_text(content: bytes) -> str:
    text = subprocess.run(["pdftotext", "-raw", "-", "-"], input=content, capture_output=True, check=True).stdout
    return unicodedata.normalize("NFKC", text.decode())


def test_report_pdf_is_thai_and_follows_scope(client, world, digital, owner_t0, owner_t1):
    answer(world.consultant, digital.phuket, owner_t0)
    answer(world.consultant, digital.phuket, owner_t1, wave="t1")
    actions.roadmap_build(actor=world.consultant, enrolment=digital.phuket, starts_on="2026-01-05", days_per_week=2)
    client.force_login(world.consultant)
    response = client.get(f"/toolkits/digital/enrolments/{digital.phuket.pk}/report.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    for phrase in ("รายงานความพร้อมด้านดิจิทัล", "กลยุทธ์ธุรกิจดิจิทัล", world.phuket.name_th, "แผนพัฒนาด้านดิจิทัล",
                   "26.2", "31.1", "+4.9", "11 ม.ค. 2569"):
        assert unicodedata.normalize("NFKC", phrase) in text, phrase
    fonts = subprocess.run(["pdffonts", "-"], input=response.content, capture_output=True).stdout.decode()
    assert "Noto-Sans-Thai" in fonts
    client.force_login(digital.other)
    assert client.get(f"/toolkits/digital/enrolments/{digital.phuket.pk}/report.pdf").status_code == 404
