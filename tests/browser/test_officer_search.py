import re

import pytest
from playwright.sync_api import expect

from tests.factories import PASSWORD

pytestmark = pytest.mark.browser

PHUKET = "กลุ่มวิสาหกิจชุมชนบาติกป่าตอง"
CHIANGMAI = "กลุ่มทอผ้าไหมบ้านสันกำแพง"


def log_in(page, base: str, username: str) -> None:
    page.goto(f"{base}/entrepreneurs/")
    expect(page.get_by_role("heading", name="เข้าสู่ระบบ")).to_be_visible()
    page.get_by_label("ชื่อผู้ใช้").fill(username)
    page.get_by_label("รหัสผ่าน").fill(PASSWORD)
    page.get_by_role("button", name="เข้าสู่ระบบ").click()
    expect(page.get_by_role("heading", name="ผู้ประกอบการ OTOP")).to_be_visible()


def test_officer_searches_and_sees_the_sales_chart(page, live_server, world, shots):
    log_in(page, live_server.url, "officer10")
    expect(page.locator("#result-count")).to_have_text("พบ 1 ราย")
    expect(page.get_by_text(CHIANGMAI)).to_have_count(0)

    page.get_by_role("searchbox").fill("บาติก")
    page.get_by_role("button", name="ค้นหา", exact=True).click()
    expect(page).to_have_url(re.compile(r"/entrepreneurs/\?q=%E0%B8%9A%E0%B8%B2%E0%B8%95%E0%B8%B4%E0%B8%81", re.I))
    results = page.locator("#results")
    expect(results.get_by_role("link", name=PHUKET)).to_be_visible()
    expect(results.get_by_text(CHIANGMAI)).to_have_count(0)
    page.screenshot(path=shots / "list.png", full_page=True)

    results.get_by_role("link", name=PHUKET).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(PHUKET)
    canvas = page.locator("#sales-chart canvas")
    expect(canvas.first).to_be_visible()
    expect(page.locator("#sales-chart")).to_have_attribute("data-rendered", "true")
    expect(page.get_by_text("ผ้าบาติกลายปลา")).to_be_visible()
    page.screenshot(path=shots / "detail.png", full_page=True)

    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    expect(page.locator("#sales-chart")).to_have_attribute("data-rendered", "true")
    expect(canvas.first).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.screenshot(path=shots / "detail-phone.png", full_page=True)
    page.locator("section", has=page.locator("#sales-chart")).screenshot(path=shots / "chart-phone.png")


def test_live_search_without_pressing_search(page, live_server, world, shots):
    log_in(page, live_server.url, "admin")
    expect(page.locator("#result-count")).to_have_text("พบ 2 ราย")
    page.get_by_role("searchbox").press_sequentially("ผ้าไหม", delay=30)
    expect(page.locator("#result-count")).to_have_text("พบ 1 ราย")
    expect(page.locator("#results").get_by_role("link", name=CHIANGMAI)).to_be_visible()
    expect(page.locator("#results").get_by_text(PHUKET)).to_have_count(0)
    page.set_viewport_size({"width": 390, "height": 844})
    page.get_by_role("searchbox").fill("")
    page.get_by_role("button", name="ค้นหา", exact=True).click()
    expect(page.locator("#result-count")).to_have_text("พบ 2 ราย")
    page.screenshot(path=shots / "list-phone.png", full_page=True)


def test_officer_is_told_which_field_is_wrong(page, live_server, world):
    log_in(page, live_server.url, "officer10")
    page.get_by_role("link", name="เพิ่มผู้ประกอบการ").click()
    page.get_by_label("ชื่อภาษาไทย").fill("กลุ่มผ้ามัดย้อมกะทู้")
    page.get_by_label("ตำบล/แขวง").fill("830202")
    page.get_by_label("รหัสไปรษณีย์").fill("50200")
    page.get_by_role("button", name="บันทึก").click()
    expect(page.locator("#field-postal_code .field-error")).to_contain_text("รหัสไปรษณีย์ 50200")
    page.screenshot(path="/tmp/shots/form-error.png", full_page=True)
