"""The scoped export, with Thai headers and Buddhist-era dates."""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from tests.factories import PASSWORD
from uplift.registry.models import Entrepreneur

pytestmark = pytest.mark.django_db


def login(client, user):
    assert client.login(username=user.username, password=PASSWORD)
    return client


def _csv_rows(content: bytes) -> list[list[str]]:
    assert content.startswith("\ufeff".encode())
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))


def test_export_stays_within_scope_with_thai_headers(client, world):
    login(client, world.officer)
    rows = _csv_rows(client.get(reverse("imports:export", args=["csv"])).content)
    assert rows[0][:4] == ["ชื่อกลุ่ม/ผู้ประกอบการ", "ชื่อภาษาอังกฤษ", "ประเภท", "เลขประจำตัว"]
    names = [r[0] for r in rows[1:]]
    assert names == ["กลุ่มวิสาหกิจชุมชนบาติกป่าตอง"]
    book = load_workbook(io.BytesIO(client.get(reverse("imports:export", args=["xlsx"]), {"province": "50"}).content))
    assert [c.value for c in book.active[1]][0] == "ชื่อกลุ่ม/ผู้ประกอบการ"
    assert book.active.max_row == 1  # Chiang Mai asked for: nothing outside the scope
    api_rows = _csv_rows(client.get("/api/imports/export/entrepreneurs.csv").content)
    assert "กลุ่มทอผ้าไหมบ้านสันกำแพง" not in str(api_rows)


def test_export_buddhist_era_dates_optional(client, world):
    login(client, world.admin)
    be = _csv_rows(client.get(reverse("imports:export", args=["csv"]), {"q": "บาติก"}).content)
    ce = _csv_rows(client.get(reverse("imports:export", args=["csv"]), {"q": "บาติก", "be": "0"}).content)
    year_col = be[0].index("ปีที่ขึ้นทะเบียน OTOP")
    assert (be[1][year_col], ce[1][year_col]) == ("2559", "2016")
    date_col = be[0].index("วันที่บันทึก")
    assert be[1][date_col].endswith(str(Entrepreneur.objects.get(pk=world.phuket.pk).created_at.year + 543))
    assert len(be) == 2
    book = load_workbook(io.BytesIO(client.get(reverse("imports:export", args=["xlsx"]), {"be": "0"}).content))
    assert book.active.max_row == 3
