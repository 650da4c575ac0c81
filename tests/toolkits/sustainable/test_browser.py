"""A consultant enters a product's inventory on a phone and sees its footprint, hotspots and a scenario."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.factories import PASSWORD

pytestmark = pytest.mark.browser

SHOTS = Path("/tmp/shots-toolkits")


def fits(page, width: int = 390) -> bool:
    """The page's own content fits the phone: nothing in <main> reaches past the screen's right edge."""
    return page.evaluate("""w => Array.from(document.querySelectorAll('main *'))
        .every(e => e.closest("thead") || e.getBoundingClientRect().right <= w + 0.5)""", width)


def log_in(page, base: str, username: str, next_url: str) -> None:
    page.goto(f"{base}/login/?next={next_url}")
    page.get_by_label("ชื่อผู้ใช้").fill(username)
    page.get_by_label("รหัสผ่าน").fill(PASSWORD)
    page.get_by_role("button", name="เข้าสู่ระบบ").click()


def add_item(page, name: str, category: str, quantity: str, unit: str, factor: str) -> None:
    form = page.locator("form.item-form")
    form.get_by_label("รายการ", exact=True).fill(name)
    form.get_by_label("หมวด", exact=True).select_option(category)
    form.get_by_label("ปริมาณ", exact=True).fill(quantity)
    form.get_by_label("หน่วย", exact=True).fill(unit)
    form.get_by_label("ค่าการปล่อยก๊าซเรือนกระจก").select_option(factor)
    form.get_by_role("button", name="เพิ่มรายการ").click()


def test_consultant_enters_an_inventory_and_tries_a_scenario_on_a_phone(page, live_server, world, green):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.set_viewport_size({"width": 390, "height": 844})
    log_in(page, live_server.url, "consultant", "/toolkits/sustainable/")
    page.get_by_role("link", name=world.phuket.name_th).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(world.phuket.name_th)

    page.get_by_label("ชื่อ", exact=True).fill("ปี 2569")
    page.get_by_label("หน่วยการทำงาน", exact=True).fill("ผ้าบาติก 1 ผืน")
    page.get_by_label("ใช้ค่าการปล่อย ณ วันที่").fill("2026-02-01")
    page.get_by_role("button", name="เริ่มคำนวณ").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("ผ้าบาติกลายปลา")

    add_item(page, "ผ้าฝ้าย", "materials", "0.25", "kg", "cotton_yarn")
    add_item(page, "ไฟฟ้าเตารีด", "electricity", "0.8", "หน่วย", "electricity_grid_th")
    add_item(page, "ฟืนต้มสีย้อม", "firewood", "0.5", "kg", "firewood")

    # 0.25 × 4.0 + 0.8 × 0.4750 + 0.5 × 0.1476 = 1.4538 kgCO2e; firewood's 0.8736 kg CO2 is reported apart
    expect(page.locator("[data-measure=total]")).to_have_text("1.454")
    expect(page.locator("[data-measure=biogenic]")).to_have_text("0.874")
    expect(page.locator("#hotspot-chart canvas")).to_have_count(1)
    first = page.locator("table.hotspots tbody tr").first
    expect(first).to_contain_text("ผ้าฝ้าย")
    expect(first).to_contain_text("จุดที่ปล่อยมาก")
    assert fits(page)
    page.screenshot(path=SHOTS / "carbon-footprint-phone.png", full_page=True)

    page.get_by_text("ลองสถานการณ์จำลอง").click()
    scenario = page.locator("#scenarios form")
    scenario.get_by_label("สถานการณ์จำลอง", exact=True).fill("ใช้ผ้าฝ้ายรีไซเคิลครึ่งหนึ่ง")
    scenario.locator("#id_scenario-item_0").select_option("ผ้าฝ้าย")
    scenario.locator("#id_scenario-quantity_0").fill("0.125")
    scenario.get_by_role("button", name="ดูคาร์บอนฟุตพริ้นท์ใหม่").click()
    # 1.4538 − 0.125 × 4.0 = 0.9538 (−34.4%)
    expect(page.locator("#scenarios .scenario-result")).to_contain_text("0.954")
    expect(page.locator("#scenarios .scenario-result")).to_contain_text("-34.4%")
    assert fits(page)
    page.screenshot(path=SHOTS / "carbon-scenario-phone.png", full_page=True)
