"""Feed and quote downloads are formula-safe and audited, like every other export."""

import csv
import io

import pytest
from openpyxl import load_workbook

from uplift.audit.models import AuditEntry
from uplift.toolkits.global_trade import actions

from .conftest import BATIK, photo, upload

pytestmark = pytest.mark.django_db
BASE = "/toolkits/global_trade"
RISKY = "=HYPERLINK(\"http://example.com\",\"ผ้าบาติก\")"


@pytest.fixture
def risky(world, gt):
    listing = actions.listing_create(actor=world.consultant, enrolment=gt.phuket, product=gt.batik,
                                     data={**BATIK, "brand": RISKY, "link": "", "published": True})
    actions.listing_image_add(actor=world.consultant, listing=listing, upload=upload(photo()))
    return listing


def test_a_csv_feed_writes_a_formula_as_text(client, world, gt, risky):
    client.force_login(world.consultant)
    response = client.get(f"{BASE}/enrolments/{gt.phuket.pk}/feeds/lazada_th.csv")
    assert response.status_code == 200
    cells = [c for row in csv.reader(io.StringIO(response.content.decode("utf-8-sig"))) for c in row]
    assert "'" + RISKY in cells and RISKY not in cells
    entry = AuditEntry.objects.filter(action="export", actor=world.consultant).latest("pk")
    assert entry.changes["target"] == "lazada_th" and entry.changes["rows"] == 1


def test_an_xlsx_feed_stores_a_formula_as_quoted_text(client, world, gt, risky):
    client.force_login(world.consultant)
    response = client.get(f"{BASE}/enrolments/{gt.phuket.pk}/feeds/lazada_th.xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    [cell] = [c for row in sheet.iter_rows() for c in row if c.value == RISKY]
    assert cell.data_type == "s" and cell.quotePrefix
    assert AuditEntry.objects.filter(action="export", actor=world.consultant, changes__format="xlsx").exists()
