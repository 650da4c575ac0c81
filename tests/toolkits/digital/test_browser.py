"""On a phone: the owner answers the assessment; the consultant sees the radar of T0 against T1."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.factories import PASSWORD
from tests.toolkits.digital.test_actions import answer

pytestmark = pytest.mark.browser

SHOTS = Path("/tmp/shots-toolkits")
PHONE = {"width": 390, "height": 844}


def widest(page) -> float:
    """The right edge of the page's own content (the site header is the base template's, not the toolkit's)."""
    return page.evaluate("() => Math.max(...Array.from(document.querySelectorAll('main *'))"
                         ".map(e => e.getBoundingClientRect().right))")


def log_in(page, base: str, username: str, next_url: str) -> None:
    page.goto(f"{base}/login/?next={next_url}")
    page.get_by_label("ชื่อผู้ใช้").fill(username)
    page.get_by_label("รหัสผ่าน").fill(PASSWORD)
    page.get_by_role("button", name="เข้าสู่ระบบ").click()


def test_the_owner_answers_the_assessment_on_a_phone(page, live_server, world, digital, owner_t0):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.set_viewport_size(PHONE)
    log_in(page, live_server.url, "owner", "/toolkits/digital/")
    page.get_by_role("link", name=world.chiangmai.name_th).click()
    page.get_by_role("link", name="ตอบแบบประเมิน (T0)").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("แบบประเมินความพร้อมด้านดิจิทัล")
    page.get_by_label("ชื่อผู้ตอบ").fill("นางบุญมี ทอผ้า")
    expect(page.locator("input[name=role][value=owner]")).to_be_checked()
    for question, value in owner_t0.items():
        for code in value if isinstance(value, list) else [value]:
            page.locator(f"input[name='{question}'][value='{code}']").check()
    expect(page.locator("#answered")).to_have_text("31")
    assert widest(page) <= PHONE["width"]
    page.screenshot(path=SHOTS / "digital-assess-phone.png", full_page=True)
    page.get_by_role("button", name="บันทึกคำตอบ").click()

    expect(page.locator("[data-score=t0]")).to_have_text("26.2")
    expect(page.locator("#radar-chart canvas")).to_have_count(1)
    expect(page.locator("tr[data-dimension=readiness]")).to_contain_text("52.5")
    assert widest(page) <= PHONE["width"]


def test_the_radar_draws_t0_against_t1(page, live_server, world, digital, owner_t0, owner_t1):
    answer(world.consultant, digital.phuket, owner_t0)
    answer(world.consultant, digital.phuket, owner_t1, wave="t1")
    page.set_viewport_size(PHONE)
    log_in(page, live_server.url, "consultant", f"/toolkits/digital/enrolments/{digital.phuket.pk}/")
    expect(page.locator("#radar-chart[data-ready='1'] canvas")).to_have_count(1)
    option = page.evaluate("() => { const o = window.digitalRadar.getOption();"
                           " return {names: o.series[0].data.map(d => d.name), values: o.series[0].data.map(d => d.value),"
                           " axes: o.radar[0].indicator.map(i => i.name)}; }")
    assert option["names"] == ["ก่อนพัฒนา (T0)", "หลังพัฒนา (T1)"]
    assert option["values"][0] == [30, 52.5, 37, 24, 5, 9] and option["values"][1][0] == 35
    assert option["axes"][0] == "กลยุทธ์ธุรกิจดิจิทัล"
    expect(page.locator("[data-score=change]")).to_have_text("+4.9")
    page.screenshot(path=SHOTS / "digital-radar-phone.png", full_page=True)

