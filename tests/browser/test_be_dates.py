"""Every date field reads its value back in the Buddhist era, in Thai, beside the browser's own picker."""

import pytest
from playwright.sync_api import expect

from tests.browser.test_officer_search import log_in

pytestmark = pytest.mark.browser


def test_a_date_field_shows_its_value_in_the_buddhist_era(page, live_server, world, shots):
    log_in(page, live_server.url, "officer10")
    page.get_by_role("link", name="งานโครงการ", exact=True).click()
    page.get_by_role("link", name="นัดหมายกิจกรรม").first.click()
    field = page.locator('input[type="datetime-local"]').first
    field.fill("2026-12-05T09:30")
    reading = field.locator("xpath=following-sibling::small[@class='be-reading']")
    expect(reading).to_contain_text("พ.ศ. 2569")
    expect(reading).to_contain_text("ธันวาคม")
    page.screenshot(path=str(shots / "be-date-reading.png"), full_page=True)
