"""A consultant at the workshop runs a gap assessment for an assigned entrepreneur on a phone, takes the
product through the certification pipeline and records the certificate."""

from datetime import date, timedelta
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.factories import PASSWORD

pytestmark = pytest.mark.browser

SHOTS = Path("/tmp/shots-toolkits")
FDA_CLAUSES = ["PR1", "PR2", "PD1", "PD2", "PD3", "PD4", "LA1", "LA2", "AP1", "AP2"]


def log_in(page, base: str, username: str, next_url: str) -> None:
    page.goto(f"{base}/login/?next={next_url}")
    page.get_by_label("ชื่อผู้ใช้").fill(username)
    page.get_by_label("รหัสผ่าน").fill(PASSWORD)
    page.get_by_role("button", name="เข้าสู่ระบบ").click()


def fits(page) -> bool:
    """Nothing in the page's content is wider than the phone (the site header is base.html's business)."""
    return page.evaluate(
        "Array.from(document.querySelectorAll('#main *')).every(e => e.getBoundingClientRect().right <= 391)")


def test_consultant_assesses_and_certifies_on_a_phone(page, live_server, world, standards):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.set_viewport_size({"width": 390, "height": 844})
    log_in(page, live_server.url, "consultant", "/toolkits/standards/")
    page.get_by_role("link", name=world.phuket.name_th).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(world.phuket.name_th)
    assert fits(page)

    page.locator("#assessments select[name=product]").select_option(label="น้ำพริกเผากุ้งเสียบ")
    page.get_by_label("มาตรฐาน", exact=True).select_option("FDA")
    page.get_by_role("button", name="เริ่มประเมิน").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("เลขสารบบอาหาร (อย.)")

    for clause in FDA_CLAUSES:
        status = "partly" if clause == "PD4" else "met"
        page.locator(f"#clause-{clause} input[value={status}]").check()
    page.locator("#note_PD4").fill("รอผลวิเคราะห์จากห้องปฏิบัติการ")
    assert fits(page)
    page.screenshot(path=SHOTS / "standards-assessment-phone.png", full_page=True)
    page.get_by_role("button", name="บันทึกผลการประเมิน").click()
    expect(page.locator("[data-measure=score]")).to_have_text("96.9%")
    expect(page.locator("[data-measure=readiness]")).to_contain_text("พร้อมยื่นขอรับรอง")
    expect(page.locator("#sections-chart canvas")).to_have_count(1)

    page.get_by_text("เพิ่มรายการแก้ไข").click()
    page.get_by_label("การแก้ไข", exact=True).fill("ส่งตัวอย่างตรวจวิเคราะห์ที่ศูนย์วิทยาศาสตร์การแพทย์ภูเก็ต")
    page.get_by_label("ผู้รับผิดชอบ").fill("คุณสมศรี")
    page.get_by_label("กำหนดเสร็จ").fill((date.today() + timedelta(days=45)).isoformat())
    page.get_by_role("button", name="เพิ่มรายการ", exact=True).click()
    expect(page.locator("#plan")).to_contain_text("คุณสมศรี")

    page.get_by_role("button", name="เริ่มขอรับรอง").click()
    expect(page.locator("[data-state]").first).to_have_attribute("data-state", "gap_assessed")
    for state in ("corrective_actions", "pre_audit", "applied", "audited"):
        page.get_by_label("ขั้นต่อไป").select_option(state)
        page.get_by_role("button", name="บันทึกขั้นตอน").click()
        expect(page.locator("h1 + .subtitle [data-state]")).to_have_attribute("data-state", state)

    page.get_by_label("เลขที่ใบรับรอง").fill("8320456320011")
    page.get_by_label("วันที่ออก").fill("2026-11-20")
    page.get_by_role("button", name="บันทึกใบรับรอง").click()
    expect(page.locator(".errorlist, .field-error").first).to_contain_text("83-2-04563-2-0011")
    page.get_by_label("เลขที่ใบรับรอง").fill("83-2-04563-2-0011")
    page.get_by_role("button", name="บันทึกใบรับรอง").click()
    expect(page.locator("h1 + .subtitle [data-state]")).to_have_attribute("data-state", "certified")
    expect(page.locator("[data-measure=number]")).to_have_text("83-2-04563-2-0011")
    assert fits(page)
    page.screenshot(path=SHOTS / "standards-certificate-phone.png", full_page=True)

    from uplift.registry.models import ProductStandard

    assert ProductStandard.objects.get(product=standards.chilli, standard_id="FDA").number == "83-2-04563-2-0011"
