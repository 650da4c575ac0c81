"""An administrator previews a rule, creates and runs two scenarios, compares them and approves one."""

from datetime import date
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.factories import PASSWORD

pytestmark = pytest.mark.browser
SHOTS = Path("/tmp/shots-screening")


@pytest.fixture
def screening_round(world, settings):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    settings.SCREENING_SOLVE_IN_SUBPROCESS = False
    from uplift.screening.rounds import round_create

    return round_create(actor=world.admin, data={
        "name": "รอบทดสอบเบราว์เซอร์", "starts_on": date(2021, 4, 1), "ends_on": date(2021, 9, 30),
        "budget": 1_000_000, "target_entrepreneurs": 2, "target_value": 1_000_000,
        "max_activities_per_entrepreneur": 2,
    }, activities={n: {"places": 1, "cost_per_place": 20_000} for n in range(1, 8)})


def _new_scenario(page, base, round_pk, name, exposure):
    page.goto(f"{base}/screening/rounds/{round_pk}/")
    page.get_by_role("link", name="สร้างฉากทัศน์").click()
    page.locator("#id_name").fill(name)
    page.locator("#id_exposure").fill(exposure)
    page.locator("#id_places_1").fill("1")
    page.get_by_role("button", name="บันทึก").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(name)
    page.get_by_role("button", name="คำนวณ", exact=True).click()
    expect(page.get_by_test_id("run-status")).to_have_text("เสร็จแล้ว")
    expect(page.get_by_test_id("selected")).to_have_text("2")
    expect(page.locator("#map-province canvas")).to_be_visible()


def test_admin_previews_runs_compares_and_approves(page, live_server, world, screening_round):
    SHOTS.mkdir(parents=True, exist_ok=True)
    base = live_server.url
    page.goto(f"{base}/screening/")
    page.get_by_label("ชื่อผู้ใช้").fill("admin")
    page.get_by_label("รหัสผ่าน").fill(PASSWORD)
    page.get_by_role("button", name="เข้าสู่ระบบ").click()
    expect(page.get_by_role("heading", name="คัดเลือกและจัดสรรกิจกรรม")).to_be_visible()
    page.get_by_role("link", name=screening_round.name).click()

    ra = screening_round.activities.get(activity__number=4)
    page.locator("#id_round_activity").select_option(str(ra.pk))
    page.locator("#id_field").fill("max_star_rating")
    page.locator("#id_op").select_option("between")
    page.locator("#id_value").fill("[3, 9]")
    page.get_by_role("button", name="ดูจำนวนที่ผ่านเกณฑ์").click()
    expect(page.get_by_test_id("preview-error")).to_contain_text("9")
    page.locator("#id_value").fill("[3, 5]")
    page.get_by_role("button", name="ดูจำนวนที่ผ่านเกณฑ์").click()
    expect(page.get_by_test_id("preview")).to_contain_text("1 จาก 2")
    page.get_by_role("button", name="เพิ่มเกณฑ์").click()
    expect(page.get_by_test_id("rule-count")).to_have_text("1")
    page.screenshot(path=SHOTS / "round.png", full_page=True)

    _new_scenario(page, base, screening_round.pk, "ฉากทัศน์ A", "0.2")
    page.screenshot(path=SHOTS / "scenario.png", full_page=True)
    _new_scenario(page, base, screening_round.pk, "ฉากทัศน์ B", "2")

    page.goto(f"{base}/screening/rounds/{screening_round.pk}/")
    page.get_by_role("button", name="เปรียบเทียบ A กับ B").click()
    expect(page.get_by_test_id("compare-table")).to_be_visible()
    expect(page.get_by_test_id("who-changes")).to_contain_text("อยู่ทั้งสอง 2")
    expect(page.locator("#bars-compare canvas").first).to_be_visible()
    page.screenshot(path=SHOTS / "compare.png", full_page=True)

    page.goto(f"{base}/screening/rounds/{screening_round.pk}/")
    page.get_by_role("link", name="ฉากทัศน์ A").click()
    page.get_by_role("link", name="ดูเหตุผล").first.click()
    expect(page.get_by_test_id("reasons")).to_contain_text("กิจกรรมที่")
    page.screenshot(path=SHOTS / "explain.png", full_page=True)
    page.go_back()
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="อนุมัติ: สร้างรายชื่อผู้ได้รับเสนอและรายชื่อสำรอง").click()
    expect(page.locator(".messages")).to_contain_text("อนุมัติแล้ว: เสนอ 4 ที่นั่ง")

    from uplift.programme.models import Enrolment

    assert Enrolment.objects.filter(status="offered").count() == 4
    assert screening_round.scenarios.filter(approved_at__isnull=False).count() == 1
