"""A relaunched product's monthly sales and price: read from CSV (errors name row, column and
reason in Thai), and the plain before/after comparison around the launch month that sits beside
the interrupted time-series estimate.

CSV columns: ``month`` (``YYYY-MM`` or ``YYYY-MM-DD``; a year above 2400 is read as Buddhist
era), ``sales`` (baht in the month), optional ``price`` (baht per unit) and ``units``.
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

COLUMNS = ("month", "sales", "price", "units")
REQUIRED = ("month", "sales")
BUDDHIST_ERA_OFFSET = 543


@dataclass(frozen=True)
class MonthRow:
    month: date
    sales: float
    price: float | None = None
    units: float | None = None


class SeriesError(ValueError):
    def __init__(self, message: str, *, row: int | None = None, column: str | None = None):
        self.row, self.column, self.field = row, column, column or "__all__"
        self.message = message
        super().__init__(message)


def parse_month(text: str) -> date:
    """``2026-03``, ``2026-03-15`` or ``2569-03`` (Buddhist era) → the first day of the month."""
    parts = text.strip().replace("/", "-").split("-")
    if len(parts) not in (2, 3) or not all(p.strip().isdigit() for p in parts):
        raise ValueError(text)
    year, month = int(parts[0]), int(parts[1])
    if year > 2400:
        year -= BUDDHIST_ERA_OFFSET
    return date(year, month, 1)


def _number(text: str, row: int, column: str, *, required: bool) -> float | None:
    text = (text or "").strip().replace(",", "")
    if not text:
        if required:
            raise SeriesError(f"แถว {row} ช่อง {column}: ไม่มีค่า", row=row, column=column)
        return None
    try:
        value = float(text)
    except ValueError:
        raise SeriesError(f"แถว {row} ช่อง {column}: \"{text}\" ไม่ใช่ตัวเลข", row=row, column=column) from None
    if not math.isfinite(value) or value < 0:
        raise SeriesError(f"แถว {row} ช่อง {column}: ต้องเป็นตัวเลขไม่ติดลบ", row=row, column=column)
    return value


def read_csv(text: str) -> tuple[MonthRow, ...]:
    """Rows in month order; the first problem raises ``SeriesError`` naming its row (the header is row 1)."""
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    header = [h.strip() for h in reader.fieldnames or ()]
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise SeriesError(f"แถว 1: ไม่มีคอลัมน์ {', '.join(missing)} (ต้องมี {', '.join(REQUIRED)})", row=1,
                          column=missing[0])
    rows: dict[date, MonthRow] = {}
    for n, raw in enumerate(reader, start=2):
        raw = {(k or "").strip(): (v or "") for k, v in raw.items()}
        if not any(v.strip() for v in raw.values()):
            continue
        try:
            month = parse_month(raw.get("month", ""))
        except ValueError:
            raise SeriesError(f"แถว {n} ช่อง month: \"{raw.get('month', '')}\" ไม่ใช่เดือน (ใช้ ปปปป-ดด)",
                              row=n, column="month") from None
        if month in rows:
            raise SeriesError(f"แถว {n} ช่อง month: เดือน {month:%Y-%m} ซ้ำ", row=n, column="month")
        rows[month] = MonthRow(month, _number(raw.get("sales", ""), n, "sales", required=True),
                               _number(raw.get("price", ""), n, "price", required=False),
                               _number(raw.get("units", ""), n, "units", required=False))
    if not rows:
        raise SeriesError("ไฟล์ไม่มีข้อมูลรายเดือน", row=None, column=None)
    return tuple(sorted(rows.values(), key=lambda r: r.month))


@dataclass(frozen=True)
class BeforeAfter:
    n_before: int
    n_after: int
    sales_before: float | None
    sales_after: float | None
    sales_change: float | None
    price_before: float | None
    price_after: float | None
    price_change: float | None

    @staticmethod
    def ratio(before: float | None, after: float | None) -> float | None:
        return None if before in (None, 0) or after is None else after / before - 1


def _mean(values: Sequence[float]) -> float | None:
    return sum(values) / len(values) if values else None


def before_after(rows: Iterable[MonthRow], launch: date, *, price_before: float | None = None,
                 price_after: float | None = None) -> BeforeAfter:
    """Mean monthly sales and mean price before the launch month and from it on. A price given
    (the list price before and after) stands in for a side with no monthly prices."""
    t0 = date(launch.year, launch.month, 1)
    rows = tuple(rows)
    before = [r for r in rows if r.month < t0]
    after = [r for r in rows if r.month >= t0]
    sales_b, sales_a = _mean([r.sales for r in before]), _mean([r.sales for r in after])
    price_b = _mean([r.price for r in before if r.price is not None])
    price_a = _mean([r.price for r in after if r.price is not None])
    price_b = price_b if price_b is not None else price_before
    price_a = price_a if price_a is not None else price_after
    return BeforeAfter(len(before), len(after), sales_b, sales_a, BeforeAfter.ratio(sales_b, sales_a),
                       price_b, price_a, BeforeAfter.ratio(price_b, price_a))
