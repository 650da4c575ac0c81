"""The Thai PDFs: text extracted back with pdftotext (poppler), Thai intact, and out of reach outside scope."""

import subprocess
from datetime import date

from uplift.toolkits.global_trade import actions

BASE = "/toolkits/global_trade"


def pdf_text(content: bytes) -> str:
    return subprocess.run(["pdftotext", "-raw", "-", "-"], input=content, capture_output=True, check=True).stdout.decode()


def test_the_summary_pdf_reads_in_thai(client, world, gt, built):
    client.force_login(world.consultant)
    actions.channel_sales_record(actor=world.consultant, enrolment=gt.phuket, month=gt.end_month, online="18500",
                                 export="6200", total="52000")
    response = client.get(f"{BASE}/enrolments/{gt.phuket.pk}/report.pdf")
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    for expected in ("สรุปผลกิจกรรม OTOP to Global", "กลุ่มวิสาหกิจชุมชนบาติกป่าตอง", "ผ้าบาติกลายปลา เขียนมือ ภูเก็ต",
                     "ชื่อสินค้าภาษาอังกฤษยาว 179 ตัวอักษร เกิน 150", "สัดส่วนยอดขายออนไลน์", "35.6%"):
        assert expected in text, expected
    client.force_login(world.owner)
    assert client.get(f"{BASE}/enrolments/{gt.phuket.pk}/report.pdf").status_code == 404


def test_the_quote_sheet_reads_in_thai_and_english(client, world, gt):
    quote = actions.price_quote_save(actor=world.consultant, enrolment=gt.phuket, data={
        "title": "ผ้าบาติก 100 ผืน ส่งโอซากา", "product": gt.batik, "destination_place": "Osaka, Japan",
        "quote_date": date(2026, 12, 10), "exw": "300", "margin": "0.25", "packing": "12", "inland": "6",
        "clearance": "4", "handling": "8", "freight": "35", "insurance_rate": "0.005", "quantity": "100",
        "currency": "USD", "rate_thb_per_unit": "35", "rate_on": date(2026, 12, 9)})
    client.force_login(world.consultant)
    response = client.get(f"{BASE}/quotes/{quote.pk}/quote.pdf")
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    # CIF in baht 442.4334… ÷ 35 = 12.6409… → 12.64 USD; total × 100 = 1,264.00
    for expected in ("ใบเสนอราคาส่งออก", "Export price quotation", "ผ้าบาติก 100 ผืน ส่งโอซากา", "ต้นทุนสินค้าหน้าโรงงาน",
                     "ส่งมอบ", "12.64", "1,264.00", "1 USD = 35 บาท (THB)", "ค่าขนส่งหลัก"):
        assert expected in text, expected
    client.force_login(world.owner)
    assert client.get(f"{BASE}/quotes/{quote.pk}/quote.pdf").status_code == 404
