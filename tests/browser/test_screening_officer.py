"""A regional officer takes part in screening: logs in, opens the round from the menu, confirms one of their
region's candidates, excludes another with a reason, and — once the manager has run the selection — reads
their region's share of the scenario (never the national totals). Clicks and typing only."""

from datetime import date

import pytest
from playwright.sync_api import expect

from tests.factories import PASSWORD, entrepreneur

pytestmark = pytest.mark.browser

KATHU = "กลุ่มผ้ามัดย้อมบ้านกะทู้"


@pytest.fixture
def officer_round(world, settings):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    settings.SCREENING_SOLVE_IN_SUBPROCESS = False
    from uplift.screening.rounds import round_create
    from uplift.screening.scenarios import scenario_create

    entrepreneur(world.admin, name_th=KATHU, name_en="Kathu Tie-dye Group", subdistrict="830202",
                 postal_code="83150", phone="076-222-333")
    round_ = round_create(actor=world.admin, data={
        "name": "รอบฟื้นฟู 2564", "starts_on": date(2021, 4, 1), "ends_on": date(2021, 9, 30),
        "budget": 1_000_000, "target_entrepreneurs": 3, "target_value": 1_000_000,
        "max_activities_per_entrepreneur": 2,
    }, activities={n: {"places": 2, "cost_per_place": 20_000} for n in range(1, 8)})
    scenario = scenario_create(actor=world.admin, round_id=round_.pk, data={"name": "ฉากทัศน์หลัก"})
    return round_, scenario


def _solve(world, scenario):
    """The programme manager's part, between the officer's two visits: the run of the scenario."""
    from uplift.screening.execution import run_execute
    from uplift.screening.runs import run_start

    run = run_start(actor=world.admin, scenario_id=scenario.pk, enqueue=False)
    return run_execute(run_id=run.pk, in_subprocess=False)


def test_officer_verifies_candidates_and_reads_the_regions_share(page, live_server, world, officer_round, shots):
    round_, scenario = officer_round
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{live_server.url}/login/")
    page.get_by_label("ชื่อผู้ใช้").fill("officer10")
    page.get_by_label("รหัสผ่าน").fill(PASSWORD)
    page.get_by_role("button", name="เข้าสู่ระบบ").click()

    page.get_by_role("navigation", name="เมนูหลัก").get_by_role("link", name="คัดเลือกและจัดสรรกิจกรรม").click()
    page.get_by_role("link", name=round_.name).click()
    counts = page.get_by_test_id("round-candidate-counts")
    expect(counts).to_contain_text("2")
    expect(counts).not_to_contain_text("เชียงใหม่")
    page.screenshot(path=shots / "officer-round.png", full_page=True)
    page.get_by_role("link", name="ตรวจสอบผู้สมัคร").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("ตรวจสอบผู้สมัคร")
    table = page.get_by_test_id("candidates")
    expect(table.get_by_test_id("candidate-row")).to_have_count(2)
    expect(table).not_to_contain_text(world.chiangmai.name_th)
    page.screenshot(path=shots / "officer-candidates.png", full_page=True)

    page.get_by_label("ค้นหาด้วยชื่อ").fill("บาติก")
    page.get_by_role("button", name="ค้นหา", exact=True).click()
    expect(table.get_by_test_id("candidate-row")).to_have_count(1)
    page.get_by_role("button", name=f"ยืนยัน {world.phuket.name_th}").click()
    expect(page.locator(".messages")).to_contain_text(f"ยืนยัน {world.phuket.name_th} แล้ว")
    expect(table.get_by_test_id("candidate-status")).to_have_text("ยืนยันแล้ว")

    page.get_by_role("link", name="ล้างตัวกรอง").click()
    page.get_by_role("button", name=f"ตัด {KATHU} ออก").click()  # no reason: refused, in Thai
    expect(page.locator(".messages")).to_contain_text(f"กรุณาระบุเหตุผลที่ตัด {KATHU} ออก")
    page.get_by_label(f"เหตุผลที่ตัด {KATHU} ออก").fill("ปิดกิจการแล้วตั้งแต่ปี 2563")
    page.get_by_role("button", name=f"ตัด {KATHU} ออก").click()
    expect(page.locator(".messages")).to_contain_text("ปิดกิจการแล้วตั้งแต่ปี 2563")
    page.get_by_label("สถานะ").select_option(label="ตัดออกแล้ว")
    page.get_by_role("button", name="ค้นหา", exact=True).click()
    expect(table.get_by_test_id("candidate-row")).to_have_count(1)
    expect(table).to_contain_text(KATHU)
    expect(page.get_by_test_id("candidate-counts")).to_contain_text("1")
    page.screenshot(path=shots / "officer-candidates-reviewed.png", full_page=True)

    run = _solve(world, scenario)
    assert run.config["excluded"] == [run.rows.get(name_th=KATHU).entrepreneur_id]
    assert not run.rows.get(name_th=KATHU).is_selected

    page.get_by_role("link", name=f"‹ {round_.name}").click()
    page.get_by_role("link", name=scenario.name).click()
    expect(page.get_by_role("heading", name="ส่วนของภาคท่าน")).to_be_visible()
    expect(page.get_by_test_id("selected-in-area")).to_have_text("1")
    expect(page.get_by_test_id("places-in-area")).to_have_text("2")
    expect(page.get_by_test_id("budget-in-area")).to_have_text("40,000")
    expect(page.get_by_test_id("selected")).to_have_count(0)
    body = page.locator("main")
    expect(body).not_to_contain_text(world.chiangmai.name_th)
    expect(body).not_to_contain_text("1,000,000")
    expect(body).not_to_contain_text(KATHU)
    expect(page.locator("#bars-centre canvas")).to_be_visible()
    page.screenshot(path=shots / "officer-scenario-share.png", full_page=True)


def test_manager_types_regional_quotas_as_rows(page, live_server, world, officer_round, shots):
    from uplift.access.actions import user_create
    from uplift.access.models import Role

    user_create(actor=world.admin, username="manager", password=PASSWORD, role=Role.PROGRAMME_MANAGER)
    round_, _scenario = officer_round
    centre = "ศูนย์ส่งเสริมอุตสาหกรรมภาคที่ 10"
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{live_server.url}/login/")
    page.get_by_label("ชื่อผู้ใช้").fill("manager")
    page.get_by_label("รหัสผ่าน").fill(PASSWORD)
    page.get_by_role("button", name="เข้าสู่ระบบ").click()
    page.get_by_role("navigation", name="เมนูหลัก").get_by_role("link", name="คัดเลือกและจัดสรรกิจกรรม").click()
    page.get_by_role("link", name=round_.name).click()
    page.get_by_role("link", name="สร้างฉากทัศน์").click()
    expect(page.get_by_text("JSON")).to_have_count(0)
    expect(page.get_by_test_id("quota-centre")).to_be_hidden()
    page.locator("#id_name").fill("โควตาภาคใต้")
    page.get_by_label("โควตารายภูมิภาค").select_option(label="รายศูนย์ภาค")
    expect(page.get_by_test_id("quota-centre")).to_be_visible()
    expect(page.get_by_test_id("quota-province")).to_be_hidden()
    page.get_by_label(f"{centre}: อย่างน้อย").fill("3")
    page.get_by_label(f"{centre}: ไม่เกิน").fill("1")
    page.get_by_role("button", name="บันทึก").click()
    expect(page.get_by_test_id("quota-centre")).to_contain_text(f"{centre}: จำนวนขั้นต่ำ (3) มากกว่าจำนวนขั้นสูง (1)")
    page.screenshot(path=shots / "manager-quota-error.png", full_page=True)
    page.get_by_label(f"{centre}: อย่างน้อย").fill("1")
    page.get_by_role("button", name="บันทึก").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("โควตาภาคใต้")
    expect(page.get_by_test_id("scenario-settings")).to_contain_text("อย่างน้อย 1")
    page.screenshot(path=shots / "manager-quota-saved.png", full_page=True)
    from uplift.screening.models import Scenario

    assert Scenario.objects.get(name="โควตาภาคใต้").quotas == {"10": {"min": 1, "max": 1}}
