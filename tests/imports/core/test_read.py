"""Reading sheets: encodings, title rows, blank and totals rows, the first sheet with data."""

import pytest

from tests.imports.files import HEADERS, registry_sheet, to_csv, to_xlsx
from uplift.imports.core.read import ReadError, decode_csv, read_table


@pytest.mark.parametrize("encoding", ["cp874", "utf-8", "utf-8-sig"])
def test_csv_encodings_and_untidy_rows(encoding):
    table = read_table(to_csv(registry_sheet(), encoding), "registry.csv")
    assert table.encoding == encoding
    assert table.header_row == 3
    assert table.headers == HEADERS
    assert [number for number, _cells in table.rows] == [4, 5, 6, 7, 8, 9, 10, 11]  # blank and รวม rows skipped


def test_xlsx_first_sheet_with_data_and_title_rows():
    rows = registry_sheet()
    table = read_table(to_xlsx(rows, first_sheet_empty=True), "registry.xlsx")
    assert table.sheet == "ข้อมูล"
    assert table.header_row == 3
    assert len(table.rows) == 8


def test_unreadable_files():
    with pytest.raises(ReadError):
        read_table(b"not a zip", "x.xlsx")
    with pytest.raises(ReadError):
        read_table(b"a,b", "x.pdf")
    assert decode_csv("ชื่อ".encode("cp874")) == ("ชื่อ", "cp874")
