"""The standards report as a Thai PDF whose text can be extracted."""

import subprocess
import unicodedata

from tests.toolkits.standards.test_actions import all_met, start


def pdf_text(content: bytes) -> str:
    text = subprocess.run(["pdftotext", "-raw", "-", "-"], input=content, capture_output=True, check=True).stdout
    return unicodedata.normalize("NFKC", text.decode())


def test_report_pdf_is_thai_and_follows_scope(client, world, standards):
    all_met(world.consultant, start(world.consultant, standards), LA1="not_met")
    client.force_login(world.consultant)
    response = client.get(f"/toolkits/standards/enrolments/{standards.phuket.pk}/report.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    for phrase in ("รายงานคุณภาพและมาตรฐาน", world.phuket.name_th, "น้ำพริกเผากุ้งเสียบ", "เลขสารบบอาหาร",
                   "ไม่เป็นไปตามข้อกำหนด", "87.5%"):
        assert unicodedata.normalize("NFKC", phrase) in text, phrase
    fonts = subprocess.run(["pdffonts", "-"], input=response.content, capture_output=True).stdout.decode()
    assert "Noto-Sans-Thai" in fonts
    client.force_login(standards.other)
    assert client.get(f"/toolkits/standards/enrolments/{standards.phuket.pk}/report.pdf").status_code == 404
