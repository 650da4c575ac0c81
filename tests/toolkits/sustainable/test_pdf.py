"""The sustainable report as a Thai PDF whose text can be extracted."""

import subprocess
import unicodedata

from tests.toolkits.sustainable.test_actions import TURMERIC, fill, start
from uplift.toolkits.sustainable import actions


def pdf_text(content: bytes) -> str:
    text = subprocess.run(["pdftotext", "-raw", "-", "-"], input=content, capture_output=True, check=True).stdout
    return unicodedata.normalize("NFKC", text.decode())


def test_report_pdf_is_thai_and_follows_scope(client, world, green, batik_items):
    fill(world.consultant, start(world.consultant, green), batik_items)
    actions.biodiversity_save(actor=world.consultant, enrolment=green.phuket,
                              data=TURMERIC | {"traditional_knowledge_involved": False},
                              uses=[{"product": green.batik.pk, "value_added_baht_per_year": "48000"}])
    client.force_login(world.consultant)
    response = client.get(f"/toolkits/sustainable/enrolments/{green.phuket.pk}/report.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    for phrase in ("รายงาน OTOP ยั่งยืน", "คาร์บอนฟุตพริ้นท์ของผลิตภัณฑ์", "ผ้าบาติกลายปลา", "ผ้าฝ้าย", "ขมิ้นชัน",
                   "48,000 บาท", "ตารางค่าการปล่อยรุ่น 2026.1", "1.678"):
        assert unicodedata.normalize("NFKC", phrase) in text, phrase
    fonts = subprocess.run(["pdffonts", "-"], input=response.content, capture_output=True).stdout.decode()
    assert "Noto-Sans-Thai" in fonts
    client.force_login(green.other)
    assert client.get(f"/toolkits/sustainable/enrolments/{green.phuket.pk}/report.pdf").status_code == 404
