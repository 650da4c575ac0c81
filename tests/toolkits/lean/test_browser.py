"""A consultant at the workshop logs two shifts on a phone and sees OEE and its loss waterfall."""

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


def fill_shift(page, *, day: str, shift: str, planned: str, cycle: str, total: str, good: str, stops, rejects):
    page.get_by_label("สายการผลิต", exact=True).fill("สายบรรจุน้ำพริก")
    page.get_by_label("วันที่").fill(day)
    page.get_by_label("กะ", exact=True).fill(shift)
    page.get_by_label("เวลาที่วางแผนผลิต (นาที)").fill(planned)
    page.get_by_label("เวลารอบมาตรฐาน (วินาทีต่อชิ้น)").fill(cycle)
    page.get_by_label("จำนวนผลิตทั้งหมด (ชิ้น)").fill(total)
    page.get_by_label("จำนวนของดี (ชิ้น)").fill(good)
    for n, (loss, minutes) in enumerate(stops):
        page.locator(f"#id_stop_loss_{n}").select_option(loss)
        page.locator(f"#id_stop_minutes_{n}").fill(minutes)
    for n, (loss, count) in enumerate(rejects):
        page.locator(f"#id_reject_loss_{n}").select_option(loss)
        page.locator(f"#id_reject_count_{n}").fill(count)


def test_consultant_logs_two_shifts_on_a_phone(page, live_server, world, lean):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.set_viewport_size({"width": 390, "height": 844})
    log_in(page, live_server.url, "consultant", "/toolkits/lean/")
    page.get_by_role("link", name=world.phuket.name_th).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(world.phuket.name_th)
    page.get_by_role("link", name="บันทึกกะการผลิต").first.click()

    fill_shift(page, day="2026-01-05", shift="เช้า", planned="420", cycle="1", total="19271", good="18848",
               stops=[("breakdown", "30"), ("setup_adjustment", "17")], rejects=[("production_reject", "423")])
    expect(page.locator("#shift-preview")).to_contain_text("OEE 74.8%")
    assert fits(page)
    page.screenshot(path=SHOTS / "lean-shift-phone.png", full_page=True)
    page.get_by_role("button", name="บันทึกแล้วบันทึกกะถัดไป").click()

    expect(page.get_by_label("สายการผลิต", exact=True)).to_have_value("สายบรรจุน้ำพริก")
    fill_shift(page, day="2026-01-05", shift="บ่าย", planned="420", cycle="1", total="20000", good="19800",
               stops=[("breakdown", "20")], rejects=[("startup_reject", "200")])
    page.get_by_role("button", name="บันทึกกะ", exact=True).click()

    # the two shifts rolled up: (18,848 + 19,800) s of good ideal time over 840 planned minutes = 76.7%
    expect(page.locator("[data-measure=oee]")).to_have_text("76.7%")
    expect(page.locator("[data-measure=availability]")).to_have_text("92.0%")
    waterfall = page.locator("#waterfall-chart")
    expect(waterfall.locator("canvas")).to_have_count(1)
    expect(page.locator("table.waterfall tr[data-step=availability_loss]")).to_contain_text("เครื่องจักรเสีย")
    assert fits(page)
    page.screenshot(path=SHOTS / "lean-oee-phone.png", full_page=True)
