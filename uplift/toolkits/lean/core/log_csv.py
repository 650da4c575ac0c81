"""The production log as a CSV file, one row per line and shift, and the OEE summary printed from it.

Columns: line,date,planned_minutes,downtime_minutes,ideal_cycle_seconds,total_count,good_count.
Row ids are the file's line numbers (the header is line 1), so errors point where a spreadsheet does.
Dates are ISO (YYYY-MM-DD); a year of 2400 or more is read as Buddhist era (CE + 543).
"""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path
from typing import Any

from .flow import mura
from .oee import Oee, OeeDataError, ShiftRow, oee_report

COLUMNS = ("line", "date", "planned_minutes", "downtime_minutes", "ideal_cycle_seconds", "total_count", "good_count")
BUDDHIST_ERA_OFFSET = 543


def read_text(path: str | Path) -> str:
    raw = Path(path).read_bytes()
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("cp874")


def parse_shift_csv(text: str) -> list[ShiftRow]:
    reader = csv.DictReader(io.StringIO(text))
    header = [name.strip() for name in reader.fieldnames or []]
    missing = [column for column in COLUMNS if column not in header]
    if missing:
        raise OeeDataError(1, missing[0], "ไม่มีคอลัมน์นี้ในหัวตาราง (ต้องมี " + ",".join(COLUMNS) + ")")
    rows = []
    for number, record in enumerate(reader, start=2):
        record = {(key or "").strip(): (value or "").strip() for key, value in record.items()}
        if not any(record.values()):
            continue
        if not record["line"]:
            raise OeeDataError(number, "line", "ต้องระบุสายการผลิต")
        rows.append(ShiftRow.single(
            number, record["line"], _date(number, record["date"]),
            _number(number, "planned_minutes", record), _number(number, "downtime_minutes", record),
            _number(number, "ideal_cycle_seconds", record),
            _count(number, "total_count", record), _count(number, "good_count", record)))
    if not rows:
        raise OeeDataError(2, "line", "ไฟล์ไม่มีข้อมูลกะการผลิต")
    return rows


def read_shift_csv(path: str | Path) -> list[ShiftRow]:
    return parse_shift_csv(read_text(path))


def _date(number: int, text: str) -> date:
    try:
        day = date.fromisoformat(text)
    except ValueError:
        raise OeeDataError(number, "date", f"'{text}' ไม่ใช่วันที่แบบ ปปปป-ดด-วว") from None
    return day.replace(year=day.year - BUDDHIST_ERA_OFFSET) if day.year >= 2400 else day


def _number(number: int, column: str, record: dict[str, str]) -> float:
    text = record[column].replace(",", "")
    try:
        return float(text)
    except ValueError:
        raise OeeDataError(number, column, f"'{record[column]}' ไม่ใช่ตัวเลข") from None


def _count(number: int, column: str, record: dict[str, str]) -> int:
    value = _number(number, column, record)
    if not value.is_integer():
        raise OeeDataError(number, column, f"'{record[column]}' ไม่ใช่จำนวนเต็ม")
    return int(value)


def _measures(result: Oee, key_name: str) -> dict[str, Any]:
    key = result.key.isoformat() if isinstance(result.key, date) else result.key
    return {key_name: key, "availability": round(result.availability, 4), "performance": round(result.performance, 4),
            "quality": round(result.quality, 4), "oee": round(result.oee, 4),
            "flags": [{"code": flag.code, "message": flag.message, "rows": list(flag.row_ids)} for flag in result.flags]}


def oee_summary(rows: list[ShiftRow], by_date: bool = False) -> dict[str, Any]:
    """{"lines": [...], "total": {...}} and, by date, "dates" and "mura" (CV of the daily good output, or None under 2 days)."""
    report = oee_report(rows)
    total = _measures(report.total, "line")
    total["line"] = "total"
    summary: dict[str, Any] = {"lines": [_measures(line, "line") for line in report.lines], "total": total}
    if by_date:
        summary["dates"] = [_measures(day, "date") | {"good_count": day.totals.good_count} for day in report.dates]
        daily = [day.totals.good_count for day in report.dates]
        if len(daily) < 2:
            summary["mura"] = None
        else:
            result = mura(daily)
            summary["mura"] = {"cv": round(result.cv, 4), "mean": result.mean, "sd": result.sd,
                               "sd_kind": result.sd_kind, "days": result.n}
    return summary
