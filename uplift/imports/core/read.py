"""Reading officers' spreadsheets: .xlsx (calamine) and .csv (UTF-8, UTF-8 with BOM, Windows-874).

Real sheets carry title rows above the header, blank rows and a totals row (รวม); `read_table`
finds the header row, skips the rest and numbers data rows as the spreadsheet does (1-based).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass, field
from pathlib import Path

from uplift.imports.core.mapping import header_key, known_header

HEADER_SCAN_ROWS = 30
TOTAL_WORDS = {"รวม", "รวมทั้งสิ้น", "รวมทั้งหมด", "ยอดรวม", "total", "grandtotal", "sum"}


class ReadError(Exception):
    pass


@dataclass
class Table:
    headers: list[str]
    rows: list[tuple[int, list]] = field(default_factory=list)  # (spreadsheet row number, cells)
    sheet: str = ""
    header_row: int = 1
    encoding: str = ""


def decode_csv(data: bytes) -> tuple[str, str]:
    """The text and the encoding: a BOM means UTF-8; valid UTF-8 is UTF-8; otherwise Windows-874 (TIS-620)."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8"), "utf-8-sig"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp874"), "cp874"
    except UnicodeDecodeError as error:
        raise ReadError("The file is neither UTF-8 nor Windows-874 (TIS-620) text.") from error


def _cell(value):
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return int(value)
    if isinstance(value, str):
        value = value.strip()
    if isinstance(value, dt.datetime) and value.time() == dt.time(0):
        return value.date()
    return value


def _blank(value) -> bool:
    return value is None or value == ""


def _raw_rows_xlsx(data: bytes) -> tuple[str, list[list]]:
    from python_calamine import CalamineWorkbook

    try:
        book = CalamineWorkbook.from_filelike(io.BytesIO(data))
    except Exception as error:  # calamine raises its own error types for a broken or foreign file
        raise ReadError(f"Not a readable .xlsx file: {error}") from error
    for name in book.sheet_names:
        sheet = book.get_sheet_by_name(name)
        rows = sheet.to_python(skip_empty_area=False)
        if sum(1 for row in rows if any(not _blank(c) for c in row)) >= 2:
            return name, [[_cell(c) for c in row] for row in rows]
    raise ReadError("No sheet in the workbook holds data.")


def _raw_rows_csv(data: bytes) -> tuple[str, list[list]]:
    text, encoding = decode_csv(data)
    sample = text[:20000]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t|")
    except csv.Error:
        dialect = csv.excel
    return encoding, [[_cell(c) for c in row] for row in csv.reader(io.StringIO(text), dialect)]


def find_header_row(rows: list[list], kind: str) -> int:
    """Index of the header: the early row with the most recognised headers, then the most text cells."""
    best, best_score = None, (0, 0)
    for i, row in enumerate(rows[:HEADER_SCAN_ROWS]):
        texts = [c for c in row if isinstance(c, str) and c]
        score = (sum(1 for c in texts if known_header(c, kind)), len(texts))
        if len(texts) >= 2 and score > best_score:
            best, best_score = i, score
    if best is None:
        raise ReadError("No header row found: the first rows hold fewer than two column names.")
    return best


def is_total_row(cells: list) -> bool:
    first = next((c for c in cells if not _blank(c)), None)
    return isinstance(first, str) and header_key(first).rstrip(":") in TOTAL_WORDS


def read_table(data: bytes, filename: str, kind: str = "entrepreneurs") -> Table:
    suffix = Path(filename).suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        sheet, raw = _raw_rows_xlsx(data)
        encoding = ""
    elif suffix in (".csv", ".txt"):
        encoding, raw = _raw_rows_csv(data)
        sheet = ""
    else:
        raise ReadError(f"Unsupported file type {suffix or filename!r}: use .xlsx or .csv.")
    h = find_header_row(raw, kind)
    headers = [str(c) if not _blank(c) else "" for c in raw[h]]
    while headers and not headers[-1]:
        headers.pop()
    width = len(headers)
    table = Table(headers=headers, sheet=sheet, header_row=h + 1, encoding=encoding)
    for i in range(h + 1, len(raw)):
        cells = (raw[i] + [None] * width)[:width]
        if all(_blank(c) for c in cells) or is_total_row(cells):
            continue
        table.rows.append((i + 1, cells))
    return table
