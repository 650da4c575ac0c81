import pathlib
import re

import pytest
from playwright.sync_api import expect

from tests.factories import PASSWORD

pytestmark = pytest.mark.browser

CHIANGMAI = "กลุ่มทอผ้าไหมบ้านสันกำแพง"
SHOTS_DIR = "/tmp/shots-outcomes"


@pytest.fixture
def programme(world):
    from tests.outcomes.programme import enter
    from tests.outcomes.programme import make_programme
    from uplift.outcomes.actions import economic_value_compute
    from uplift.outcomes.reference import indicators_load

    indicators_load()
    p = make_programme(world.phuket, world.chiangmai)
    enter(world.admin, world.phuket, p.round, baseline={"sales": 10_000}, end={"sales": 20_000})
    enter(world.admin, world.chiangmai, p.round, baseline={"sales": 10_000}, end={"sales": 15_000})
    economic_value_compute(actor=world.admin, round_id=p.round.pk)
    return p


def test_executive_reads_target_and_achieved_then_clicks_a_province(page, live_server, world, programme):
    page.goto(f"{live_server.url}/dashboards/")
    page.get_by_label("ชื่อผู้ใช้").fill("executive")
    page.get_by_label("รหัสผ่าน").fill(PASSWORD)
    page.get_by_role("button", name="เข้าสู่ระบบ").click()
    expect(page.locator("[data-testid=target]")).to_have_text("5,000,000 บาท")
    expect(page.locator("[data-testid=achieved]")).to_have_text("180,000 บาท")  # (10,000 + 5,000) × 12

    chart = page.locator("#province-map")
    expect(chart).to_have_attribute("data-rendered", "true")
    chart.scroll_into_view_if_needed()
    # Chiang Mai's middle (98.8° E, 18.8° N) in the chart's pixels
    x, y = page.evaluate("window.provinceMap.convertToPixel({seriesIndex: 0}, [98.75, 18.8])")
    box = chart.bounding_box()


    pathlib.Path(SHOTS_DIR).mkdir(exist_ok=True)
    page.screenshot(path=f"{SHOTS_DIR}/browser-dashboard.png", full_page=True)
    page.mouse.click(box["x"] + x, box["y"] + y)
    expect(page).to_have_url(re.compile(r"/entrepreneurs/\?province=50$"))
    expect(page.get_by_role("link", name=CHIANGMAI)).to_be_visible()
    expect(page.get_by_text("กลุ่มวิสาหกิจชุมชนบาติกป่าตอง")).to_have_count(0)


def test_figures_being_counted_again_say_when_they_were_counted(page, live_server, world, programme, shots):
    from uplift.outcomes.models import FigureSnapshot

    page.goto(f"{live_server.url}/dashboards/")
    page.get_by_label("ชื่อผู้ใช้").fill("executive")
    page.get_by_label("รหัสผ่าน").fill(PASSWORD)
    page.get_by_role("button", name="เข้าสู่ระบบ").click()
    expect(page.locator("[data-testid=achieved]")).to_have_text("180,000 บาท")
    expect(page.locator("[data-testid=recounting]")).to_have_count(0)
    FigureSnapshot.objects.update(inputs="ก่อนการรับสมัครรอบใหม่")
    page.reload()
    expect(page.locator("[data-testid=recounting]")).to_contain_text("ระบบกำลังนับใหม่")
    expect(page.locator("[data-testid=achieved]")).to_have_text("180,000 บาท")
    page.screenshot(path=str(shots / "dashboard-recounting.png"), clip={"x": 0, "y": 0, "width": 1280, "height": 420})
