"""The programme manager (central DIPROM staff) creates a round, runs a scenario and approves it."""

from playwright.sync_api import expect

from tests.factories import PASSWORD

ROUND_NAME = "รอบที่ 2/2570"


def test_manager_creates_a_round_and_approves_a_scenario(journey, people, immediate):
    from uplift.access.actions import user_create
    from uplift.access.models import Role
    from uplift.programme.models import Enrolment, Round

    user_create(actor=people.admin, username="manager", password=PASSWORD, role=Role.PROGRAMME_MANAGER,
                first_name="มานพ", last_name="วางแผน")
    j = journey("manager")
    page = j.page
    j.log_in("manager")
    j.look("start")
    page.get_by_role("link", name="คัดเลือกและจัดสรรกิจกรรม").click()
    j.look("rounds")
    page.get_by_label("ชื่อ", exact=True).fill(ROUND_NAME)
    page.locator("#id_starts_on").fill("2027-04-01")
    page.locator("#id_ends_on").fill("2027-09-30")
    page.locator("#id_budget").fill("1000000")
    page.locator("#id_target_entrepreneurs").fill("2")
    page.locator("#id_target_value").fill("1000000")
    j.look("round-form")
    page.get_by_role("button", name="สร้างรอบ").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(ROUND_NAME)
    j.look("round")
    round_ = Round.objects.get(name=ROUND_NAME)

    page.get_by_role("link", name="สร้างฉากทัศน์").click()
    j.look("scenario-form")
    page.locator("#id_name").fill("ฉากทัศน์ ภาคใต้ก่อน")
    page.get_by_role("button", name="บันทึก").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("ฉากทัศน์ ภาคใต้ก่อน")
    j.look("scenario")
    page.get_by_role("button", name="คำนวณ", exact=True).click()
    expect(page.get_by_test_id("run-status")).to_have_text("เสร็จแล้ว", timeout=60_000)
    j.look("scenario-solved")
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="อนุมัติ").first.click()
    expect(page.locator(".messages")).to_contain_text("อนุมัติแล้ว")
    j.look("approved")
    assert round_.scenarios.filter(approved_at__isnull=False).count() == 1
    assert Enrolment.objects.filter(round_activity__round=round_, status="offered").exists()
    j.assert_thai()
