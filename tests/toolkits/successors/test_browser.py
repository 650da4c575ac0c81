"""On a phone: a judge scores pitches during the event; the organiser publishes the ranking."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.factories import PASSWORD
from tests.toolkits.successors.test_actions import CRITERIA, SHROUT_FLEISS, event_with_pitches, score_matrix

pytestmark = pytest.mark.browser

SHOTS = Path("/tmp/shots-toolkits")
PHONE = {"width": 390, "height": 844}
LABELS = ["ความชัดเจนของปัญหาและลูกค้า", "การใช้เทคโนโลยีสารสนเทศอย่างเหมาะสม", "ความเป็นไปได้ (ทักษะ ต้นทุน เวลา)",
          "ผลต่อธุรกิจ (ยอดขาย ต้นทุน การจ้างงาน)", "การนำเสนอและการตอบคำถาม"]


def widest(page) -> float:
    """The right edge of the page's own content (the site header is the base template's, not the toolkit's)."""
    return page.evaluate("() => Math.max(...Array.from(document.querySelectorAll('main *'))"
                         ".map(e => e.getBoundingClientRect().right))")


def log_in(page, base: str, username: str, next_url: str) -> None:
    page.goto(f"{base}/login/?next={next_url}")
    page.get_by_label("ชื่อผู้ใช้").fill(username)
    page.get_by_label("รหัสผ่าน").fill(PASSWORD)
    page.get_by_role("button", name="เข้าสู่ระบบ").click()


def test_a_judge_scores_pitches_on_a_phone(page, live_server, world, successors, canvas):
    SHOTS.mkdir(parents=True, exist_ok=True)
    event, seats = event_with_pitches(world, successors, canvas, pitches=3, judges=4)
    page.set_viewport_size(PHONE)
    log_in(page, live_server.url, "judge3", "/toolkits/successors/")
    page.get_by_role("link", name=f"ให้คะแนน: {event.name}").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("ใบให้คะแนน")
    expect(page.locator(".sheet-progress")).to_have_text("ให้คะแนนแล้ว 0 จาก 3 ผลงาน")
    first = page.locator(".pitch-card").nth(0)
    for label, value in zip(LABELS, ("8", "9", "7", "8", "6.5")):
        first.get_by_label(label).fill(value)
    assert widest(page) <= PHONE["width"]
    page.screenshot(path=SHOTS / "successors-score-phone.png", full_page=True)
    first.get_by_role("button", name="บันทึกคะแนน: 1").click()
    # 0.2 × 8 + 0.25 × 9 + 0.2 × 7 + 0.2 × 8 + 0.15 × 6.5 = 7.825
    expect(page.locator(".pitch-card").nth(0).locator("[data-total]")).to_have_text("7.83")
    expect(page.locator(".sheet-progress")).to_have_text("ให้คะแนนแล้ว 1 จาก 3 ผลงาน")
    second = page.locator(".pitch-card").nth(1)
    box = second.get_by_label(LABELS[0])
    box.fill("11")  # above the rubric's 10: the phone refuses it before it is sent
    second.get_by_role("button", name="บันทึกคะแนน: 2").click()
    assert box.evaluate("el => el.validity.rangeOverflow") is True
    expect(page.locator(".sheet-progress")).to_have_text("ให้คะแนนแล้ว 1 จาก 3 ผลงาน")
    assert seats[2].scores.count() == 5


def test_the_organiser_publishes_the_ranking(page, live_server, world, successors, canvas):
    SHOTS.mkdir(parents=True, exist_ok=True)
    event, seats = event_with_pitches(world, successors, canvas)
    score_matrix(event, seats, SHROUT_FLEISS)
    page.set_viewport_size(PHONE)
    log_in(page, live_server.url, "officer10", f"/toolkits/successors/events/{event.pk}/")
    expect(page.get_by_role("heading", name="ผลคะแนนเบื้องต้น")).to_be_visible()
    page.get_by_label("จำนวนผู้ชนะ").fill("1")
    page.get_by_role("button", name="ประกาศผลอันดับ").click()
    expect(page.locator("[data-status]")).to_have_text("ประกาศผลแล้ว")
    expect(page.get_by_role("heading", name="ผลการตัดสิน")).to_be_visible()
    top = page.locator("table.ranking tbody tr").first
    expect(top).to_contain_text("ระบบสต็อกในสเปรดชีต")
    expect(top.locator("td").first).to_contain_text("1")
    expect(page.locator("tr[data-icc=ICC3k]")).to_contain_text("0.909")
    page.screenshot(path=SHOTS / "successors-results-phone.png", full_page=True)
    assert all(seat.scores.count() == 6 * len(CRITERIA) for seat in seats)
