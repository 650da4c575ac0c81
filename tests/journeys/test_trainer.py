"""A trainer (a consultant staffing a workshop session) takes attendance for their own session."""

from decimal import Decimal

from playwright.sync_api import expect

from tests.journeys.conftest import CHIANGMAI, KATHU, PHUKET, TRAINER_TOPIC


def test_trainer_takes_attendance_for_their_session(journey, programme):
    from uplift.programme.models import Attendance

    j = journey("trainer")
    page = j.page
    j.log_in("consultant")
    page.get_by_role("link", name="งานโครงการ", exact=True).click()
    j.look("workspace")
    session_item = page.locator(".session-item").filter(has_text=TRAINER_TOPIC)
    session_item.get_by_role("link", name="เช็กชื่อ").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(TRAINER_TOPIC)
    roster = page.locator(".roster")
    # the trainer's list is the session's cohort (Phuket), never the Chiang Mai group
    expect(roster.locator("legend")).to_have_text(sorted([KATHU, PHUKET]))
    expect(page.get_by_text(CHIANGMAI)).to_have_count(0)
    j.look("roster")
    page.get_by_role("button", name="มาครบทุกคน").click()
    kathu = programme["kathu"]
    row = page.locator(".roster-row").filter(has_text=KATHU)
    row.get_by_text("มาสาย").click()
    row.get_by_label("ชั่วโมง").fill("2")
    j.look("roster-filled")
    page.get_by_role("button", name="บันทึกการเข้าร่วม").click()
    expect(page.locator(".messages")).to_contain_text("บันทึกการเข้าร่วมแล้ว 2 คน")
    j.look("attendance-saved")
    got = {a.enrolment.entrepreneur_id: (a.status, a.hours)
           for a in Attendance.objects.filter(session=programme["workshop"]).select_related("enrolment")}
    assert got == {programme["world"].phuket.pk: ("present", Decimal("3.0")), kathu.pk: ("late", Decimal("2.0"))}

    page.get_by_role("link", name="งานโครงการ", exact=True).click()
    expect(page.locator(".session-item").filter(has_text=TRAINER_TOPIC)).to_contain_text("บันทึกการเข้าร่วมแล้ว")
    j.look("workspace-after")
    j.assert_thai()
