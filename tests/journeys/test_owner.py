"""The entrepreneur (owner), on a phone, sees their own journey and none of the officers' pages."""

from playwright.sync_api import expect

from tests.journeys.conftest import CHIANGMAI, KATHU, PHUKET, ROUND

OFFICER_MENUS = ("แดชบอร์ดโครงการ", "คัดเลือกและจัดสรรกิจกรรม", "นำเข้าข้อมูล", "ผู้ดูแลระบบ")


def test_owner_sees_own_journey_on_a_phone(journey, programme):
    j = journey("owner", phone=True)
    page = j.page
    j.log_in("owner")
    expect(page.get_by_role("heading", level=1)).to_contain_text(CHIANGMAI)
    j.fits(390)
    j.look("own-record")
    nav = page.get_by_role("navigation", name="เมนูหลัก")
    for label in OFFICER_MENUS:
        expect(nav.get_by_role("link", name=label)).to_have_count(0)
    expect(page.get_by_text(PHUKET)).to_have_count(0)
    expect(page.get_by_text(KATHU)).to_have_count(0)

    journey_ = page.locator("#journey")
    expect(journey_).to_contain_text(ROUND)
    expect(journey_).to_contain_text("กำลังเข้าร่วม")
    expect(page.locator("#h-journey-milestones")).to_be_visible()
    expect(page.locator("#h-observations").locator("xpath=..")).to_contain_text("จำนวนการจ้างงาน")

    # the figures of the round: own figures only, no bulk entry
    page.locator("#h-observations").locator("xpath=..").get_by_role("link", name=ROUND).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("ข้อมูลผลลัพธ์")
    expect(page.get_by_text("CSV")).to_have_count(0)
    expect(page.get_by_role("link", name="บันทึกหลายรายการ (CSV)")).to_have_count(0)
    j.fits(390)
    j.look("own-figures")
    page.go_back()

    # the enrolment: milestones with what to do next
    journey_.get_by_role("link").first.click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    expect(page.get_by_text(PHUKET)).to_have_count(0)
    j.fits(390)
    j.look("own-enrolment")

    page.get_by_role("link", name="งานโครงการ", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("กิจกรรมของฉัน")
    expect(page.get_by_text(PHUKET)).to_have_count(0)
    expect(page.get_by_text("CSV")).to_have_count(0)
    expect(page.get_by_text(".xlsx")).to_have_count(0)
    j.fits(390)
    j.look("own-activities")

    # no button that leads to a "not for your role" page: the screening explanation needs screening.view,
    # which an owner does not have (reported: the owner's own screening result is not shown yet)
    page.get_by_role("link", name="ผู้ประกอบการ", exact=True).click()
    page.get_by_role("link", name=CHIANGMAI).first.click()
    expect(page.get_by_role("link", name="เหตุผลที่ได้รับ/ไม่ได้รับคัดเลือก")).to_have_count(0)
    page.get_by_role("link", name="แบบประเมินความต้องการ").click()
    expect(page.get_by_role("heading", level=1)).not_to_contain_text("ไม่ใช่สำหรับบทบาทของคุณ")
    j.fits(390)
    j.look("own-needs")
    j.assert_thai()


def test_owner_cannot_open_bulk_or_import_pages(journey, programme, live_server):
    """Not a journey step (an owner would never type these): the bulk CSV and import pages are closed to them."""
    j = journey("owner-closed", phone=True)
    j.log_in("owner")
    for url in (f"/outcomes/rounds/{programme['round'].pk}/bulk/", "/imports/"):
        response = j.page.request.get(f"{live_server.url}{url}")
        assert response.status in (403, 404), (url, response.status)
