"""A regional officer assigns a consultant to an entrepreneur of their region, and enters an outcome
figure that the dashboard then shows."""

from playwright.sync_api import expect

from tests.journeys.conftest import CHIANGMAI, KATHU, PHUKET, ROUND, SECOND_CONSULTANT


def test_officer_assigns_a_consultant(journey, programme):
    from uplift.access.models import ConsultantAssignment

    j = journey("officer-assign")
    page = j.page
    j.log_in("officer10")
    j.look("start")
    page.get_by_role("link", name="งานโครงการ", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("โครงการในภาคของฉัน")
    expect(page.get_by_text(CHIANGMAI)).to_have_count(0)
    j.look("workspace")
    gap = page.locator("#h-gaps + ul li").filter(has_text=KATHU)
    gap.get_by_label("ที่ปรึกษา").select_option(label=SECOND_CONSULTANT)
    gap.get_by_role("button", name="มอบหมาย").click()
    expect(page.locator(".messages")).to_contain_text(f"{SECOND_CONSULTANT}")
    expect(page.locator(".messages")).to_contain_text(KATHU)
    j.look("assigned")
    assert ConsultantAssignment.objects.filter(consultant__username="consultant2", entrepreneur=programme["kathu"]).exists()
    expect(page.locator("#h-gaps + ul li").filter(has_text=KATHU)).to_have_count(0)
    j.assert_thai()


def test_officer_enters_monthly_sales_and_the_dashboard_follows(journey, programme):
    from uplift.outcomes.models import Observation

    j = journey("officer-observation")
    page = j.page
    j.log_in("officer10")
    page.get_by_role("link", name="แดชบอร์ดโครงการ").click()
    j.look("dashboard-before")
    before = page.get_by_test_id("achieved").inner_text()

    page.get_by_role("link", name="ผู้ประกอบการ", exact=True).click()
    page.get_by_role("link", name=PHUKET).first.click()
    j.look("entrepreneur")
    page.locator("#h-observations").locator("xpath=..").get_by_role("link", name=ROUND).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("ข้อมูลผลลัพธ์")
    j.look("observations")
    page.get_by_label("รอบการติดตาม").select_option(label="หลังสิ้นสุด 3 เดือน")
    page.get_by_label("ยอดขายต่อเดือน").fill("150000")
    page.get_by_role("button", name="บันทึกตัวเลข").click()
    expect(page.locator(".messages")).to_contain_text("1")
    j.look("observations-saved")
    assert Observation.objects.filter(entrepreneur=programme["world"].phuket, indicator__code="sales", wave="m3").exists()

    page.get_by_role("link", name="แดชบอร์ดโครงการ").click()
    after = page.get_by_test_id("achieved").inner_text()
    j.look("dashboard-after")
    assert after != before, f"the dashboard still shows {before}"
    expect(page.get_by_test_id("data-as-of")).not_to_contain_text("ยังไม่มี")
    j.assert_thai()
