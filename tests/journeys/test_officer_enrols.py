"""A regional officer takes an entrepreneur offered a place from the offer to the start of the activity."""

from playwright.sync_api import expect

from tests.factories import entrepreneur

NEWCOMER = "กลุ่มแม่บ้านเกษตรกรบ้านกมลา"


def test_officer_accepts_and_starts_an_offered_enrolment(journey, programme):
    from uplift.programme.models import Enrolment

    world = programme["world"]
    newcomer = entrepreneur(world.admin, name_th=NEWCOMER, name_en="", subdistrict="830202", postal_code="83150")
    offered = Enrolment.objects.create(round_activity=programme["ra"], entrepreneur=newcomer, status="offered")

    j = journey("officer-enrols")
    page = j.page
    j.log_in("officer10")
    page.get_by_role("link", name="งานโครงการ", exact=True).click()
    page.get_by_role("link", name=NEWCOMER).first.click()
    j.look("offered")
    page.get_by_role("button", name="ตอบรับ").click()
    j.look("accepted")
    page.get_by_role("button", name="เริ่มกิจกรรม").click()
    j.look("started")
    offered.refresh_from_db()
    assert offered.status == "active" and offered.started_on is not None
    expect(page.get_by_text("กำลังเข้าร่วม").first).to_be_visible()
    j.assert_thai()
