"""A wide sheet through the wizard: fix one column's mapping, set a missing unit, check, import, review a likely duplicate."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.test_officer_search import log_in
from tests.imports.files import WIDE_HEADERS, WIDE_REPORT, to_csv, wide_sheet

pytestmark = pytest.mark.browser
SHOTS = Path("/tmp/shots-imports")


@pytest.fixture(autouse=True)
def _immediate_tasks(settings, tmp_path):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    settings.MEDIA_ROOT = tmp_path / "media"


def test_officer_imports_a_wide_sheet_whole(page, live_server, world, tmp_path):
    from uplift.registry.models import Entrepreneur, Product

    SHOTS.mkdir(exist_ok=True)
    rows = wide_sheet(world.chiangmai.id_number)
    rows[1] = [*WIDE_HEADERS[:3], "ลักษณะการผลิต", *WIDE_HEADERS[4:]]  # the producer kind under a header no one knows
    path = tmp_path / "ภูเก็ต-แบบสำรวจ.csv"
    path.write_bytes(to_csv(rows, "cp874"))

    log_in(page, live_server.url, "officer10")
    page.goto(f"{live_server.url}/imports/")
    page.get_by_label("ไฟล์ (.xlsx หรือ .csv)").set_input_files(str(path))
    page.get_by_role("button", name="อัปโหลดและดูตัวอย่าง").click()

    expect(page.get_by_role("heading", name="คอลัมน์และตัวอย่างข้อมูล", level=1)).to_be_visible()
    expect(page.locator("#lacking")).to_contain_text("ประเภทผู้ผลิต")
    expect(page.locator("#unmapped")).to_contain_text("ลักษณะการผลิต")
    expect(page.locator("#unmapped")).to_contain_text("ผู้ผลิตรายเดียว")  # its first values, to decide by
    expect(page.locator('select[data-header="เลขประจำตัว (บัตรประชาชน/นิติบุคคล)"]')).to_have_value("id_number")
    expect(page.locator('select[data-header="ระดับดาว"]')).to_have_value("product.star_rating")
    page.screenshot(path=SHOTS / "wide-mapping.png", full_page=True)
    page.locator('select[data-header="ลักษณะการผลิต"]').select_option("kind")
    page.get_by_label("ผลิตภัณฑ์: หน่วย").fill("ผืน")
    page.get_by_role("button", name="ตรวจสอบไฟล์ (ทดลอง)").click()

    expect(page.get_by_role("heading", name="ผลการทดลองตรวจ: ยังไม่ได้บันทึกข้อมูล")).to_be_visible()
    issues = page.locator("#issues tbody tr")
    expect(issues).to_have_count(len(WIDE_REPORT))
    for n, (row, seq, _column, _code) in enumerate(WIDE_REPORT):
        expect(issues.nth(n).locator("td").nth(0)).to_have_text(str(row))
        expect(issues.nth(n).locator("td").nth(1)).to_have_text(seq)
    expect(page.locator("#issues")).to_contain_text("ค่าที่ใกล้เคียงที่สุดคือ")
    expect(page.locator("#parts")).to_contain_text("72")
    page.screenshot(path=SHOTS / "wide-dry-run.png", full_page=True)
    page.get_by_role("button", name="นำเข้า 6 แถวที่ผ่าน").click()

    expect(page.get_by_role("heading", name="นำเข้าเรียบร้อย")).to_be_visible()
    assert Product.objects.get(name_th="ผ้าบาติกลายดอกไม้").unit == "ผืน"
    assert Entrepreneur.objects.get(name_th="กลุ่มบาติกบ้านกะทู้").kind == "individual"
    page.get_by_role("link", name="ตรวจรายการที่อาจซ้ำ").click()

    expect(page.get_by_role("heading", name="รายการที่อาจซ้ำ")).to_be_visible()
    expect(page.locator("main")).to_contain_text("กลุ่มแม่บ้าน ป่าตอง")
    expect(page.locator("main")).to_contain_text("กะปิ")
    page.screenshot(path=SHOTS / "wide-duplicates.png", full_page=True)
    page.get_by_role("button", name="เก็บเป็นรายใหม่").click()
    expect(page.get_by_text("ไม่มีรายการที่อาจซ้ำรอพิจารณา")).to_be_visible()
    kept = Entrepreneur.objects.get(name_th="กลุ่มแม่บ้าน ป่าตอง")
    assert [p.name_th for p in kept.products.all()] == ["กะปิ"] and kept.products.get().unit == "ผืน"
