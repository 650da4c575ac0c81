"""The problems workbook."""

from io import BytesIO

import pytest
from openpyxl import load_workbook

from tests.imports.files import EXPECTED_REPORT, registry_sheet, to_csv
from tests.imports.runs import run
from uplift.imports.report import report_xlsx

pytestmark = pytest.mark.django_db


def test_report_xlsx_highlights_bad_cells(world):
    job = run(world.admin, to_csv(registry_sheet()), dry_run=True)
    book = load_workbook(BytesIO(report_xlsx(job)))
    data, problems = book.worksheets
    highlighted = [(data.cell(row=r, column=1).value, data.cell(row=1, column=c).value)
                   for r in range(2, data.max_row + 1) for c in range(1, data.max_column + 1)
                   if data.cell(row=r, column=c).fill.fgColor.rgb == "00F8C9C4"]
    assert highlighted == [(row, column) for row, column, _code in EXPECTED_REPORT]
    assert problems.max_row == 5 and problems.cell(row=2, column=1).value == 8
