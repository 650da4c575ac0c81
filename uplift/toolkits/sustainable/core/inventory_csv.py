"""A product's inventory as a CSV file: item,category,quantity,unit,factor (factor = a code of the
factor table), optionally quantity_low,quantity_high. Rows are named by their line in the file
(the header is line 1). A category may be given by its code or its Thai name."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from .footprint import FootprintDataError, Item
from .reference import categories

COLUMNS = ("item", "category", "quantity", "unit", "factor")


def read_text(path: str | Path) -> str:
    raw = Path(path).read_bytes()
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("cp874")


def parse_inventory_csv(text: str) -> list[Item]:
    reader = csv.DictReader(io.StringIO(text))
    header = [name.strip() for name in reader.fieldnames or []]
    missing = [column for column in COLUMNS if column not in header]
    if missing:
        raise FootprintDataError(1, missing[0], "ไม่มีคอลัมน์นี้ในหัวตาราง (ต้องมี " + ",".join(COLUMNS) + ")")
    by_thai_name = {row["name_th"]: code for code, row in categories().items()}
    items = []
    for number, record in enumerate(reader, start=2):
        record = {(key or "").strip(): (value or "").strip() for key, value in record.items()}
        if not any(record.values()):
            continue
        items.append(Item(
            name=record["item"], category=by_thai_name.get(record["category"], record["category"]),
            quantity=_number(number, "quantity", record["quantity"]), unit=record["unit"], factor=record["factor"],
            quantity_low=_optional(number, "quantity_low", record.get("quantity_low", "")),
            quantity_high=_optional(number, "quantity_high", record.get("quantity_high", "")),
            row=number))
    if not items:
        raise FootprintDataError(2, "item", "ไฟล์ไม่มีรายการ")
    return items


def read_inventory_csv(path: str | Path) -> list[Item]:
    return parse_inventory_csv(read_text(path))


def _number(number: int, column: str, text: str) -> float:
    try:
        return float(text.replace(",", ""))
    except ValueError:
        raise FootprintDataError(number, column, f"'{text}' ไม่ใช่ตัวเลข") from None


def _optional(number: int, column: str, text: str) -> float | None:
    return _number(number, column, text) if text else None
