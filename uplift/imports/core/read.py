"""Reading officers' spreadsheets: .xlsx (calamine) and .csv (UTF-8, UTF-8 with BOM, Windows-874).

Real sheets carry title rows above the header, blank rows and a totals row (รวม); `read_table`
finds the header row, skips the rest and numbers data rows as the spreadsheet does (1-based).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

from uplift.imports.core.mapping import header_key, known_header

HEADER_SCAN_ROWS = 30
TOTAL_WORDS = {"รวม", "รวมทั้งสิ้น", "รวมทั้งหมด", "ยอดรวม", "total", "grandtotal", "sum"}


class ReadError(Exception):
    pass


@dataclass
class Table:
    """The data rows under the header, as text cells (blank → None), numbered as in the spreadsheet.

    `frame` holds one string column per header (c0, c1, …) and `_row`, for column-wise checks;
    `rows` gives the same cells row by row (built on first use, for the preview and per-row checks).
    """

    headers: list[str]
    frame: pl.DataFrame
    sheet: str = ""
    header_row: int = 1
    encoding: str = ""
    _rows: list[tuple[int, list]] | None = field(default=None, repr=False)

    @property
    def rows(self) -> list[tuple[int, list]]:
        if self._rows is None:
            self._rows = self.head(None)
        return self._rows

    def head(self, n: int | None) -> list[tuple[int, list]]:
        """The first n rows (all with None) as (spreadsheet row number, cells)."""
        columns = [f"c{i}" for i in range(len(self.headers))]
        frame = self.frame if n is None else self.frame.head(n)
        return [(r[0], list(r[1:])) for r in frame.select("_row", *columns).iter_rows()]

    def __len__(self) -> int:
        return self.frame.height


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


def _tidy(frame: pl.DataFrame) -> pl.DataFrame:
    """Every cell as trimmed text, blank as null; an Excel date at midnight as its date (2020-03-15)."""
    return frame.select(
        pl.col(c).cast(pl.String).str.strip_chars().str.replace(r"^(\d{4}-\d{2}-\d{2}) 00:00:00$", "${1}")
        .replace("", None).alias(f"c{i}")
        for i, c in enumerate(frame.columns)
    )


def _non_blank_rows(columns: list[str] | None = None) -> pl.Expr:
    return pl.any_horizontal((pl.all() if columns is None else pl.col(columns)).is_not_null())


def _frame_xlsx(data: bytes) -> tuple[str, pl.DataFrame]:
    """The first sheet with data, every cell as text (fastexcel reads with calamine into Arrow)."""
    import fastexcel

    try:
        book = fastexcel.read_excel(data)
    except Exception as error:  # fastexcel raises its own error types for a broken or foreign file
        raise ReadError(f"Not a readable .xlsx file: {error}") from error
    for name in book.sheet_names:
        try:
            sheet = book.load_sheet(name, header_row=None, dtypes="string")
        except Exception:  # an empty sheet has no range to load
            continue
        frame = _tidy(sheet.to_polars())
        if frame.width and frame.select(_non_blank_rows().sum()).item() >= 2:
            return name, frame
    raise ReadError("No sheet in the workbook holds data.")


def _frame_csv(data: bytes) -> tuple[str, pl.DataFrame]:
    text, encoding = decode_csv(data)
    sample = text[:20000]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t|")
    except csv.Error:
        dialect = csv.excel
    rows = list(csv.reader(io.StringIO(text), dialect))
    width = max((len(r) for r in rows), default=0)
    columns = {f"r{i}": [r[i] if i < len(r) else None for r in rows] for i in range(width)}
    return encoding, _tidy(pl.DataFrame(columns, schema={k: pl.String for k in columns}))


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


def _blank(value) -> bool:
    return value is None or value == ""


def read_table(data: bytes, filename: str, kind: str = "entrepreneurs") -> Table:
    suffix = Path(filename).suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        sheet, frame = _frame_xlsx(data)
        encoding = ""
    elif suffix in (".csv", ".txt"):
        encoding, frame = _frame_csv(data)
        sheet = ""
    else:
        raise ReadError(f"Unsupported file type {suffix or filename!r}: use .xlsx or .csv.")
    h = find_header_row([list(r) for r in frame.head(HEADER_SCAN_ROWS).iter_rows()], kind)
    headers = [str(c) if not _blank(c) else "" for c in frame.row(h)]
    while headers and not headers[-1]:
        headers.pop()
    width = len(headers)
    body = frame.with_row_index("_row", offset=1).slice(h + 1)
    data_columns = [f"c{i}" for i in range(width)]
    for i in range(frame.width, width):
        body = body.with_columns(pl.lit(None, pl.String).alias(f"c{i}"))
    body = body.select("_row", *data_columns).with_columns(pl.col("_row").cast(pl.Int64))
    first = pl.coalesce(data_columns) if data_columns else pl.lit(None, pl.String)
    wordy = body.select(first.unique().alias("v")).filter(~pl.col("v").str.contains(r"\d")
                                                          & (pl.col("v").str.len_chars() < 40))
    totals = {v for v in wordy.to_series().to_list() if is_total_row([v])}
    body = body.filter(_non_blank_rows(data_columns) & ~first.is_in(list(totals)).fill_null(False))
    return Table(headers=headers, frame=body, sheet=sheet, header_row=h + 1, encoding=encoding)
