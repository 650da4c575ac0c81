"""Formula-safe cells for every export (CSV and .xlsx), so data typed by anyone never runs as a formula.

The rule (OWASP's for "CSV injection"): a text value starting with ``=``, ``+``, ``-``, ``@``, a tab or a
carriage return is written as text. In CSV it gets a leading apostrophe (``'=1+1``), which spreadsheet
programs show as text and never evaluate. In .xlsx it is stored as a string cell (never a formula) with
Excel's "quote prefix" style, the apostrophe Excel itself adds to text typed with a leading ``=``.
Numbers, dates and text starting otherwise pass unchanged.
"""

from __future__ import annotations

from collections.abc import Iterable

TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def is_risky(value) -> bool:
    return isinstance(value, str) and value.startswith(TRIGGERS)


def csv_value(value):
    return "'" + value if is_risky(value) else value


def csv_row(row: Iterable) -> list:
    return [csv_value(v) for v in row]


def xlsx_row(sheet, row: Iterable) -> list:
    """The row for ``sheet.append``: risky text as string cells with the quote prefix, the rest unchanged."""
    return [_text_cell(sheet, v) if is_risky(v) else v for v in row]


def _text_cell(sheet, value: str):
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(sheet, value=value)
    return _as_text(cell)


def _as_text(cell):
    cell.data_type = "s"
    cell.quotePrefix = True
    return cell


def xlsx_workbook(book) -> None:
    """Make every cell of a (not write-only) workbook that would be a formula a text cell; before ``save``."""
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.data_type == "f" or is_risky(cell.value):
                    _as_text(cell)
