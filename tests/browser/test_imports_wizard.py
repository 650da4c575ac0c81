"""The import wizard in a browser: upload, map a column, preview, dry-run report, commit."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.test_officer_search import log_in
from tests.imports.files import EXPECTED_REPORT, HEADERS, registry_sheet, to_csv

pytestmark = pytest.mark.browser
SHOTS = Path("/tmp/shots-imports")


@pytest.fixture(autouse=True)
def _immediate_tasks(settings, tmp_path):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    settings.MEDIA_ROOT = tmp_path / "media"


def test_officer_uploads_maps_checks_and_imports(page, live_server, world, tmp_path):
    from uplift.imports.models import ImportJob
    from uplift.registry.models import Entrepreneur

    SHOTS.mkdir(exist_ok=True)
    rows = registry_sheet()
    rows[2] = [*HEADERS[:6], "เบอร์ติดต่อกลุ่ม", *HEADERS[7:]]  # a header no synonym knows: the officer maps it
    path = tmp_path / "ทะเบียนศูนย์10.csv"
    path.write_bytes(to_csv(rows, "cp874"))
    before = Entrepreneur.objects.count()

    log_in(page, live_server.url, "officer10")
    page.goto(f"{live_server.url}/imports/")
    expect(page.get_by_role("heading", name="นำเข้าข้อมูลจากไฟล์ตาราง")).to_be_visible()
    page.get_by_label("ไฟล์ (.xlsx หรือ .csv)").set_input_files(str(path))
    page.screenshot(path=SHOTS / "upload.png", full_page=True)
    page.get_by_role("button", name="อัปโหลดและดูตัวอย่าง").click()

    expect(page.get_by_role("heading", name="คอลัมน์และตัวอย่างข้อมูล", level=1)).to_be_visible()
    expect(page.locator("#preview")).to_contain_text("กลุ่มบาติกบ้านกะทู้")
    expect(page.locator("#preview")).not_to_contain_text("รวม")
    phone = page.locator('select[data-header="เบอร์ติดต่อกลุ่ม"]')
    expect(phone).to_have_value("")
    expect(page.locator('select[data-header="ชื่อกลุ่ม"]')).to_have_value("name_th")
    phone.select_option("phone")
    page.get_by_label("บันทึกการจับคู่นี้ในชื่อ (ไม่บังคับ)").fill("แบบฟอร์มศูนย์ 10")
    page.screenshot(path=SHOTS / "mapping.png", full_page=True)
    page.get_by_role("button", name="ตรวจสอบไฟล์ (ทดลอง)").click()

    expect(page.get_by_role("heading", name="ผลการทดลองตรวจ: ยังไม่ได้บันทึกข้อมูล")).to_be_visible()
    issues = page.locator("#issues tbody tr")
    expect(issues).to_have_count(len(EXPECTED_REPORT))
    expect(issues.first).to_contain_text("เลขตรวจสอบหลักสุดท้ายของเลขประจำตัวไม่ถูกต้อง")
    expect(page.locator("#issues")).to_contain_text("ไม่พบตำบลชื่อ ต.ไม่มีจริง")
    assert Entrepreneur.objects.count() == before
    expect(page.locator('[aria-current="step"]')).to_have_text("3 · ตรวจสอบ")
    page.screenshot(path=SHOTS / "dry-run.png", full_page=True)
    with page.expect_download() as download:
        page.get_by_role("link", name="ดาวน์โหลดรายการปัญหา (.xlsx)").click()
    assert download.value.suggested_filename.endswith("-problems.xlsx")

    page.get_by_role("button", name="นำเข้า 4 แถวที่ผ่าน").click()
    expect(page.get_by_role("heading", name="นำเข้าเรียบร้อย")).to_be_visible()
    expect(page.locator('[aria-current="step"]')).to_have_text("4 · นำเข้า")
    page.screenshot(path=SHOTS / "done.png", full_page=True)
    assert Entrepreneur.objects.count() == before + 4
    assert Entrepreneur.objects.get(name_th="กลุ่มบาติกบ้านกะทู้").phone == "081-234-5678"

    job = ImportJob.objects.create(created_by=world.officer, filename="ใหญ่.xlsx", status="running", phase="checking",
                                   rows_total=93000, rows_done=41000, file="imports/none.xlsx")
    page.goto(f"{live_server.url}/imports/{job.pk}/")
    expect(page.get_by_role("progressbar")).to_have_attribute("aria-valuenow", "41000")
    page.screenshot(path=SHOTS / "progress.png", full_page=True)
    ImportJob.objects.filter(pk=job.pk).update(status="checked", check_token="f" * 32, checked_by=world.officer,
                                               counts={"rows": 93000, "accepted": 93000, "rejected": 0, "create": 93000,
                                                       "update": 0, "unchanged": 0, "duplicates": 0})
    expect(page.get_by_role("button", name="นำเข้า 93,000 แถวที่ผ่าน")).to_be_visible(timeout=5000)

    expect(page.get_by_role("progressbar")).to_have_count(0)  # polling stopped once the job was no longer running

    from uplift.imports.models import DuplicateCandidate

    DuplicateCandidate.objects.create(job=job, row=7, existing=world.phuket, data={
        "name_th": "กลุ่มวิสาหกิจชุมชนบาติกป่าตอง", "address_line": "88 หมู่ 3", "phone": "076-123-456",
        "subdistrict": "830202", "postal_code": "83150", "kind": "community_enterprise", "members": 30})
    page.goto(f"{live_server.url}/imports/duplicates/")
    expect(page.get_by_role("heading", name="รายการที่อาจซ้ำ")).to_be_visible()
    page.screenshot(path=SHOTS / "duplicates.png", full_page=True)
    page.get_by_role("button", name="รวมเข้ากับรายที่มีอยู่").click()
    expect(page.get_by_text("ไม่มีรายการที่อาจซ้ำรอพิจารณา")).to_be_visible()
    assert Entrepreneur.objects.get(pk=world.phuket.pk).members == 30
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/imports/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.screenshot(path=SHOTS / "upload-phone.png", full_page=True)
