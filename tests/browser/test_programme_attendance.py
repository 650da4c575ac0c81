"""A consultant, on a phone in the village, takes attendance for a session; screenshots of the programme pages."""

from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.factories import PASSWORD

pytestmark = pytest.mark.browser

SHOTS = Path("/tmp/shots-programme")
PHUKET = "กลุ่มวิสาหกิจชุมชนบาติกป่าตอง"
CHIANGMAI = "กลุ่มทอผ้าไหมบ้านสันกำแพง"


@pytest.fixture
def delivery(world):
    from tests.factories import entrepreneur
    from uplift.access.actions import consultant_assign
    from uplift.programme import actions as services
    from uplift.programme.models import Activity, Enrolment, Round, RoundActivity

    today = timezone.localdate()
    round_ = Round.objects.create(name="รอบที่ 1/2570", starts_on=today - timedelta(days=30), ends_on=today + timedelta(days=100),
                                  budget=Decimal("1000000"), target_entrepreneurs=100, target_value=Decimal("5000000"))
    ra = RoundActivity.objects.create(round=round_, activity=Activity.objects.get(number=5), places=5,
                                      cost_per_place=Decimal("50000"), required_hours=12)
    second = entrepreneur(world.admin, name_th="กลุ่มน้ำพริกกะทู้", subdistrict="830202", postal_code="83150")
    consultant_assign(actor=world.admin, consultant=world.consultant, entrepreneurs=[second])
    enrolments = []
    for e in (world.phuket, second, world.chiangmai):
        en = Enrolment.objects.create(round_activity=ra, entrepreneur=e, status="accepted")
        services.enrolment_transition(actor=world.admin, enrolment_id=en.pk, action="start", on=today - timedelta(days=20))
        enrolments.append(en)
    cohort = enrolments[0].cohort_link.cohort
    start = timezone.localtime().replace(hour=9, minute=0, second=0, microsecond=0) + timedelta(days=1)
    session = services.session_create(actor=world.officer, weeks=4, data={
        "cohort": cohort.pk, "kind": "workshop", "topic": "การปรับปรุงสายการผลิตตาม มผช.", "starts_at": start,
        "ends_at": start + timedelta(hours=3), "subdistrict": "830202", "venue": "ศาลาประชาคมป่าตอง",
        "staff": world.consultant.pk, "capacity": 20})[0]
    services.session_create(actor=world.consultant, data={
        "cohort": cohort.pk, "kind": "visit", "topic": "ตรวจโรงงานก่อนยื่นขอ มผช.", "starts_at": start + timedelta(days=2),
        "ends_at": start + timedelta(days=2, hours=2), "subdistrict": "830202", "entrepreneur": world.phuket.pk})
    services.round_plan_create(actor=world.admin, round_id=round_.pk)
    return session, enrolments, round_


def log_in(page, base: str, username: str, next_url: str) -> None:
    page.goto(f"{base}{next_url}")
    page.get_by_label("ชื่อผู้ใช้").fill(username)
    page.get_by_label("รหัสผ่าน").fill(PASSWORD)
    page.get_by_role("button", name="เข้าสู่ระบบ").click()


def test_consultant_takes_attendance_on_a_phone(page, live_server, world, delivery):
    from uplift.programme.models import Attendance

    session, (phuket, second, chiangmai), _round = delivery
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.set_viewport_size({"width": 390, "height": 844})
    log_in(page, live_server.url, "consultant", "/programme/")
    expect(page.get_by_role("heading", level=1)).to_have_text("ตารางงานและผู้ประกอบการของฉัน")
    expect(page.get_by_text(CHIANGMAI)).to_have_count(0)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.screenshot(path=SHOTS / "consultant-workspace-phone.png", full_page=True)

    page.get_by_role("link", name="เช็กชื่อ").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(session.topic)
    roster = page.locator(".roster")
    expect(roster.locator("legend")).to_have_text(["กลุ่มน้ำพริกกะทู้", PHUKET])  # never the Chiang Mai group
    page.get_by_role("button", name="มาครบทุกคน").click()
    row = page.locator(f'.roster-row[data-enrolment="{second.pk}"]')
    row.get_by_text("มาสาย").click()
    row.get_by_label("ชั่วโมง").fill("2")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.screenshot(path=SHOTS / "attendance-phone.png", full_page=True)
    page.get_by_role("button", name="บันทึกการเข้าร่วม").click()
    expect(page.locator(".messages")).to_contain_text("บันทึกการเข้าร่วมแล้ว 2 คน")
    got = {a.enrolment_id: (a.status, a.hours) for a in Attendance.objects.filter(session=session)}
    assert got == {phuket.pk: ("present", Decimal("3.0")), second.pk: ("late", Decimal("2.0"))}
    expect(row.locator('input[value="late"]')).to_be_checked()
    page.screenshot(path=SHOTS / "attendance-saved-phone.png", full_page=True)


def test_screenshots_of_the_other_workspaces(page, live_server, world, delivery):
    session, enrolments, round_ = delivery
    SHOTS.mkdir(parents=True, exist_ok=True)
    log_in(page, live_server.url, "officer10", "/programme/")
    expect(page.get_by_role("heading", level=1)).to_have_text("โครงการในภาคของฉัน")
    page.screenshot(path=SHOTS / "officer-workspace.png", full_page=True)
    page.goto(f"{live_server.url}/programme/rounds/{round_.pk}/plan/")
    expect(page.locator(".gantt-row")).to_have_count(6)
    page.screenshot(path=SHOTS / "round-plan.png", full_page=True)
    page.goto(f"{live_server.url}/programme/enrolments/{enrolments[0].pk}/")
    page.screenshot(path=SHOTS / "enrolment.png", full_page=True)
    page.goto(f"{live_server.url}/programme/sessions/new/")
    page.screenshot(path=SHOTS / "session-form.png", full_page=True)
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/programme/rounds/{round_.pk}/plan/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.screenshot(path=SHOTS / "round-plan-phone.png", full_page=True)
    page.context.clear_cookies()
    log_in(page, live_server.url, "owner", "/programme/")
    expect(page.get_by_role("heading", level=1)).to_have_text("กิจกรรมของฉัน")
    expect(page.get_by_text(PHUKET)).to_have_count(0)
    page.screenshot(path=SHOTS / "entrepreneur-workspace-phone.png", full_page=True)
