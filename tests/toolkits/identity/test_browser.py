"""A designer uploads two mock-up versions of a brief and the entrepreneur, on a phone, compares them,
pins a comment and approves one."""

import io
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.factories import PASSWORD

pytestmark = pytest.mark.browser

SHOTS = Path("/tmp/shots-toolkits")


def log_in(page, base: str, username: str, next_url: str) -> None:
    page.goto(f"{base}/login/?next={next_url}")
    page.get_by_label("ชื่อผู้ใช้").fill(username)
    page.get_by_label("รหัสผ่าน").fill(PASSWORD)
    page.get_by_role("button", name="เข้าสู่ระบบ").click()


def fits(page) -> bool:
    """Nothing in the page's content is wider than the phone (the site header is base.html's business)."""
    return page.evaluate(
        "Array.from(document.querySelectorAll('#main *')).every(e => e.getBoundingClientRect().right <= 391)")


def mockup(colour: tuple[int, int, int]) -> bytes:
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (600, 400), colour)
    ImageDraw.Draw(image).rectangle((150, 100, 450, 300), outline=(255, 255, 255), width=8)
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def test_designer_uploads_two_versions_and_the_entrepreneur_approves_one(page, live_server, world, identity):
    SHOTS.mkdir(parents=True, exist_ok=True)
    log_in(page, live_server.url, "designer", "/toolkits/identity/")
    page.get_by_role("link", name=world.chiangmai.name_th).click()
    page.get_by_text("สร้างบรีฟงานออกแบบ").click()
    page.get_by_label("ชื่อบรีฟ").fill("ถุงผ้าไหมของฝากสันกำแพง")
    page.locator("#briefs select[name=product]").select_option(label="ผ้าไหมทอมือ")
    page.get_by_role("button", name="สร้างบรีฟ").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("ถุงผ้าไหมของฝากสันกำแพง")

    for n, (colour, note) in enumerate([((120, 30, 60), "แบบแรก สีครั่ง"), ((20, 60, 120), "ปรับเป็นสีคราม")], 1):
        page.get_by_label("แบบร่าง (ภาพหรือ PDF ไม่เกิน 10 MB)").set_input_files(
            {"name": f"mockup-v{n}.png", "mimeType": "image/png", "buffer": mockup(colour)})
        page.get_by_label("สิ่งที่เปลี่ยนในฉบับนี้").fill(note)
        page.get_by_role("button", name="อัปโหลดแบบร่าง").click()
        expect(page.locator(f"[data-version='{n}']")).to_contain_text(note)
    expect(page.locator("[data-status]")).to_have_attribute("data-status", "review")
    expect(page.get_by_role("button", name="อนุมัติฉบับที่ 1")).to_have_count(1)
    page.context.clear_cookies()

    page.set_viewport_size({"width": 390, "height": 844})
    log_in(page, live_server.url, "owner", "/toolkits/identity/")
    page.get_by_role("link", name=world.chiangmai.name_th).click()
    page.get_by_role("link", name="ถุงผ้าไหมของฝากสันกำแพง").click()
    page.get_by_role("link", name="เปรียบเทียบแบบร่าง").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("ฉบับที่ 1")
    assert fits(page)
    page.screenshot(path=SHOTS / "identity-compare-phone.png", full_page=True)

    page.get_by_role("link", name="ฉบับที่ 1", exact=True).click()
    page.locator("#mockup-image").click(position={"x": 100, "y": 60})
    page.get_by_label("ความเห็น", exact=True).fill("ชอบสีครั่ง แต่ตัวอักษรเล็กไป")
    page.get_by_role("button", name="เพิ่มความเห็น").click()
    expect(page.locator(".mockup .pin")).to_have_count(1)
    page.get_by_role("link", name="ถุงผ้าไหมของฝากสันกำแพง").click()

    page.get_by_role("button", name="อนุมัติฉบับที่ 1").click()
    expect(page.locator("[data-status]")).to_have_attribute("data-status", "approved")
    expect(page.locator("[data-version='1']")).to_contain_text("อนุมัติ")
    expect(page.get_by_role("button", name="อนุมัติฉบับที่ 2")).to_have_count(0)
    assert fits(page)
    page.screenshot(path=SHOTS / "identity-approved-phone.png", full_page=True)
