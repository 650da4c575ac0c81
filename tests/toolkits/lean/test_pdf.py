"""The lean report as a Thai PDF whose text can be extracted."""

import subprocess
import unicodedata

from tests.toolkits.lean.test_actions import log


def pdf_text(content: bytes) -> str:
    text = subprocess.run(["pdftotext", "-raw", "-", "-"], input=content, capture_output=True, check=True).stdout
    return unicodedata.normalize("NFKC", text.decode())


def test_report_pdf_is_thai_and_follows_scope(client, world, lean):
    log(world.consultant, lean.phuket, stops=[{"loss": "breakdown", "minutes": 47}])
    client.force_login(world.consultant)
    response = client.get(f"/toolkits/lean/enrolments/{lean.phuket.pk}/report.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    for phrase in ("รายงานประสิทธิภาพการผลิต", "น้ำตกความสูญเสีย", world.phuket.name_th, "สายบรรจุน้ำพริก",
                   "เครื่องจักรเสีย", "74.8%"):
        assert unicodedata.normalize("NFKC", phrase) in text, phrase
    fonts = subprocess.run(["pdffonts", "-"], input=response.content, capture_output=True).stdout.decode()
    assert "Noto-Sans-Thai" in fonts
    client.force_login(lean.other)
    assert client.get(f"/toolkits/lean/enrolments/{lean.phuket.pk}/report.pdf").status_code == 404
