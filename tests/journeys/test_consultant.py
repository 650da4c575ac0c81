"""A consultant, on a phone, schedules a visit to an entrepreneur assigned to them and records it."""

from datetime import timedelta

from playwright.sync_api import expect

from tests.journeys.conftest import CHIANGMAI, PHUKET


def test_consultant_schedules_and_records_a_visit_on_a_phone(journey, programme):
    from uplift.programme.models import Session, VisitLog

    j = journey("consultant", phone=True)
    page = j.page
    j.log_in("consultant")
    j.look("start")
    page.get_by_role("link", name="งานโครงการ", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("ตารางงานและผู้ประกอบการของฉัน")
    expect(page.get_by_text(CHIANGMAI)).to_have_count(0)
    j.fits(390)
    j.look("workspace")

    page.get_by_role("link", name="นัดลงพื้นที่").first.click()
    j.look("visit-form")
    page.get_by_label("ผู้ประกอบการที่จะเยี่ยม").select_option(label=PHUKET)
    page.get_by_label("หัวข้อ").fill("ตรวจโรงงานก่อนยื่นขอ มผช.")
    day = programme["today"] + timedelta(days=3)
    page.get_by_label("เริ่ม").fill(f"{day.isoformat()}T10:00")
    page.get_by_label("สิ้นสุด").fill(f"{day.isoformat()}T12:00")
    j.fits(390)
    j.look("visit-form-filled")
    page.get_by_role("button", name="บันทึก", exact=True).click()
    expect(page.locator(".messages")).to_contain_text("นัด")
    visit = Session.objects.get(kind="visit")
    assert visit.entrepreneur_id == programme["world"].phuket.pk
    assert visit.staff_id == programme["world"].consultant.pk
    j.fits(390)
    j.look("visit-scheduled")

    page.get_by_label("ผู้ประกอบการ", exact=True).select_option(label=PHUKET)
    page.get_by_label("บันทึก", exact=True).fill("ตรวจสายการผลิต แนะนำให้แยกห้องบรรจุก่อนยื่นขอ มผช.")
    page.get_by_label("สิ่งที่ต้องติดตาม").fill("ส่งแบบห้องบรรจุให้ที่ปรึกษาดู")
    page.get_by_role("button", name="บันทึกการลงพื้นที่").click()
    expect(page.locator(".messages")).to_contain_text("บันทึก")
    log = VisitLog.objects.get(session=visit)
    assert "ห้องบรรจุ" in log.notes
    j.fits(390)
    j.look("visit-recorded")
    j.assert_thai()
