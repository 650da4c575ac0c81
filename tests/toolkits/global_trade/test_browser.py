"""A consultant on a phone builds a listing for an assigned entrepreneur's product, fixes a rule failure,
downloads the Google feed and a quote sheet; the entrepreneur's own page shows the listing and its
online sales trend. Screenshots in /tmp/shots-global-trade."""

import csv
import io
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.factories import PASSWORD

from .conftest import photo

pytestmark = pytest.mark.browser

SHOTS = Path("/tmp/shots-global-trade")
PHONE = {"width": 390, "height": 844}


def log_in(page, base: str, username: str, next_url: str) -> None:
    page.goto(f"{base}{next_url}")
    page.get_by_label("ชื่อผู้ใช้").fill(username)
    page.get_by_label("รหัสผ่าน").fill(PASSWORD)
    page.get_by_role("button", name="เข้าสู่ระบบ").click()


def fits(page) -> bool:
    """Nothing in the page's own content is wider than the phone (the site's menu bar is base.html's; table
    headers are visually hidden on a phone and clipped)."""
    wide = page.evaluate("""Array.from(document.querySelectorAll('#main *'))
        .filter(e => !e.closest('thead') && e.getBoundingClientRect().right > window.innerWidth + 1)
        .map(e => e.tagName + '.' + e.className)""")
    assert wide == [], wide
    return True


def test_consultant_builds_a_listing_and_the_entrepreneur_sees_it(page, live_server, world, gt, tmp_path):
    from uplift.toolkits.global_trade.models import ChannelSales, Listing

    SHOTS.mkdir(parents=True, exist_ok=True)
    page.set_viewport_size(PHONE)
    log_in(page, live_server.url, "consultant", "/toolkits/global_trade/")
    expect(page.get_by_role("heading", level=1)).to_have_text("OTOP to Global")
    expect(page.get_by_text("กลุ่มทอผ้าไหมบ้านสันกำแพง")).to_have_count(0)
    page.get_by_role("link", name="กลุ่มวิสาหกิจชุมชนบาติกป่าตอง").click()
    assert fits(page)

    page.get_by_role("button", name="เริ่มสร้างรายการสินค้า").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("ผ้าบาติกลายปลา")
    page.get_by_role("button", name="ใช้ค่านี้").first.click()
    expect(page.get_by_label("ชื่อสินค้าภาษาอังกฤษ", exact=True)).to_have_value("Pha Batik Lai Pla")
    page.get_by_label("ชื่อสินค้าภาษาอังกฤษ", exact=True).fill("Hand-painted Fish Batik Sarong from Patong Beach, Phuket " * 3)
    page.get_by_label("คำอธิบายภาษาไทย").fill("ผ้าบาติกเขียนมือลายปลา สีย้อมธรรมชาติ")
    page.get_by_label("คำอธิบายภาษาอังกฤษ").fill("Hand-painted batik with a fish pattern, natural dyes.")
    page.get_by_label("แบรนด์").fill("บาติกป่าตอง Patong Batik")
    page.get_by_label("GTIN (เลขบาร์โค้ด)").fill("8851234567898")
    page.get_by_label("จำนวนในคลัง").fill("30")
    page.get_by_label("น้ำหนักรวมบรรจุภัณฑ์ (กรัม)").fill("240")
    page.get_by_label("แสดงบนหน้าสินค้าสาธารณะ").check()
    page.get_by_role("button", name="บันทึกและตรวจ").click()
    expect(page.locator(".messages")).to_contain_text("บันทึกรายการสินค้าแล้ว")
    google = page.locator("#check-google_merchant")
    expect(google).to_contain_text("ชื่อสินค้าภาษาอังกฤษยาว 170 ตัวอักษร เกิน 150")
    expect(google).to_contain_text("ต้องมีรูปสินค้าอย่างน้อย 1 รูป (image_link)")
    assert fits(page)
    page.screenshot(path=SHOTS / "listing-failing-phone.png", full_page=True)

    picture = tmp_path / "batik.jpg"
    picture.write_bytes(photo())
    page.locator("#id_file").set_input_files(str(picture))
    page.get_by_role("button", name="อัปโหลดรูป").click()
    expect(page.locator(".messages")).to_contain_text("1600×1600")
    page.get_by_label("ชื่อสินค้าภาษาอังกฤษ", exact=True).fill("Hand-painted Fish Batik from Phuket")
    page.get_by_role("button", name="บันทึกและตรวจ").click()
    expect(google).to_contain_text("✓ ผ่าน")
    expect(google).not_to_contain_text("ชื่อสินค้าภาษาอังกฤษยาว")
    page.screenshot(path=SHOTS / "listing-fixed-phone.png", full_page=True)
    listing = Listing.objects.get()

    page.get_by_role("link", name="‹ กลุ่มวิสาหกิจชุมชนบาติกป่าตอง").click()
    with page.expect_download() as feed:
        page.locator("#feed-google_merchant").get_by_role("link", name="ดาวน์โหลด TSV").click()
    rows = list(csv.DictReader(io.StringIO(Path(feed.value.path()).read_text(encoding="utf-8")), delimiter="\t"))
    assert [r["title"] for r in rows] == ["Hand-painted Fish Batik from Phuket"] and rows[0]["id"] == listing.feed_id

    page.get_by_role("link", name="คำนวณราคาส่งออก").click()
    page.get_by_label("รายการที่เสนอราคา").fill("ผ้าบาติก 100 ผืน ส่งโอซากา")
    page.get_by_label("ต้นทุนหน้าโรงงานต่อหน่วย (บาท)").fill("300")
    page.get_by_label("ค่าบรรจุหีบห่อเพื่อส่งออกต่อหน่วย (บาท)").fill("12")
    page.get_by_label("ค่าขนส่งในประเทศต่อหน่วย (บาท)").fill("6")
    page.get_by_label("ค่าพิธีการศุลกากรขาออกต่อหน่วย (บาท)").fill("4")
    page.get_by_label("ค่าภาระและค่ายกขึ้นยานพาหนะต้นทางต่อหน่วย (บาท)").fill("8")
    page.get_by_label("ค่าขนส่งหลักต่อหน่วย (บาท)").fill("35")
    page.get_by_label("อัตราเบี้ยประกันภัย (0.004 = 0.4%)").fill("0.005")
    page.get_by_label("จำนวน (หน่วย)").fill("100")
    page.get_by_role("button", name="คำนวณและบันทึก").click()
    expect(page.locator(".gt-prices")).to_contain_text("367.02")  # CIF = (300 + 12 + 6 + 4 + 8 + 35) / (1 − 1.1 × 0.005)
    with page.expect_download() as sheet:
        page.get_by_role("link", name="ใบเสนอราคา (PDF)").click()
    assert Path(sheet.value.path()).read_bytes()[:5] == b"%PDF-"
    page.screenshot(path=SHOTS / "quote-phone.png", full_page=True)

    page.get_by_role("link", name="‹ กลุ่มวิสาหกิจชุมชนบาติกป่าตอง").click()
    expect(page.get_by_label("ยอดขายออนไลน์ (บาท)")).to_be_visible()  # the form is open while no month is recorded
    page.get_by_label("เดือน", exact=True).fill(gt.end_month.strftime("%Y-%m"))
    page.get_by_label("ยอดขายออนไลน์ (บาท)").fill("18500")
    page.get_by_label("ยอดขายส่งออก (บาท)").fill("6200")
    page.get_by_label("ยอดขายรวมทุกช่องทาง (บาท ถ้าทราบ)").fill("52000")
    page.get_by_role("button", name="บันทึกยอดขาย").click()
    expect(page.locator(".messages")).to_contain_text("รายงานเข้าผลลัพธ์ของโครงการแล้ว")
    assert ChannelSales.objects.get().wave == "end"

    page.context.clear_cookies()
    log_in(page, live_server.url, "batik_owner", "/toolkits/global_trade/")
    page.get_by_role("link", name="กลุ่มวิสาหกิจชุมชนบาติกป่าตอง").click()
    expect(page.locator(".gt-listings")).to_contain_text("ผ้าบาติกลายปลา")
    expect(page.locator("#channel-chart")).to_have_attribute("data-rendered", "true")
    expect(page.locator(".gt-shares")).to_contain_text("35.6%")
    assert fits(page)
    page.screenshot(path=SHOTS / "entrepreneur-page-phone.png", full_page=True)
