"""The successors PDFs in Thai, text extractable: an enrolment's report and an event's results."""

import subprocess
import unicodedata

from tests.toolkits.successors.test_actions import SHROUT_FLEISS, event_with_pitches, idea, score_matrix
from uplift.toolkits.successors import actions


def pdf_text(content: bytes) -> str:
    text = subprocess.run(["pdftotext", "-raw", "-", "-"], input=content, capture_output=True, check=True).stdout
    return unicodedata.normalize("NFKC", text.decode())


def contains(text: str, *phrases: str) -> None:
    for phrase in phrases:
        assert unicodedata.normalize("NFKC", phrase) in text, phrase


def test_event_results_pdf(client, world, successors, canvas):
    event, seats = event_with_pitches(world, successors, canvas)
    score_matrix(event, seats, SHROUT_FLEISS)
    client.force_login(world.officer)
    url = f"/toolkits/successors/events/{event.pk}/results.pdf"
    draft = pdf_text(client.get(url).content)
    contains(draft, "ผลเบื้องต้น ยังไม่ประกาศ")
    actions.event_publish(actor=world.officer, event=event)
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    contains(text, "ผลการตัดสิน", "วันนำเสนอแนวคิดทายาท OTOP ภูเก็ต", "ไลฟ์ขายผ้าบาติก", "แอปจองโฮมสเตย์", "ความสอดคล้องระหว่างกรรมการ",
             "ICC(3,k)", "0.909", "20 มี.ค. 2569")
    assert "ผลเบื้องต้น" not in text
    fonts = subprocess.run(["pdffonts", "-"], input=response.content, capture_output=True).stdout.decode()
    assert "Noto-Sans-Thai" in fonts
    client.force_login(world.consultant)
    assert client.get(url).status_code == 404


def test_enrolment_report_pdf(client, world, successors, canvas):
    idea(world.consultant, successors.phuket, canvas)
    client.force_login(world.consultant)
    response = client.get(f"/toolkits/successors/enrolments/{successors.phuket.pk}/report.pdf")
    assert response.status_code == 200
    text = pdf_text(response.content)
    contains(text, "รายงานทายาท OTOP", world.phuket.name_th, "ไลฟ์ขายผ้าบาติก", "คุณค่าที่แตกต่าง",
             "ผ้าบาติกลายปลาทำมือ", "Lean Canvas, LeanStack, CC BY-SA")
    client.force_login(successors.other)
    assert client.get(f"/toolkits/successors/enrolments/{successors.phuket.pk}/report.pdf").status_code == 404
