"""The TIMWOODS waste log, aggregated by waste type with quantities (per unit) and baht."""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from .reference import wastes

RowId = int | str


class WasteDataError(ValueError):
    def __init__(self, row_id: RowId, field_name: str, message: str):
        self.row_id, self.field, self.message = row_id, field_name, message
        super().__init__(f"แถว {row_id} ช่อง {field_name}: {message}")


@dataclass(frozen=True)
class WasteEntry:
    id: RowId
    date: date
    waste: str
    description: str
    quantity: float
    unit: str
    baht: float
    line: str = ""


@dataclass(frozen=True)
class WasteTotal:
    waste: str
    name_th: str
    name_en: str
    entries: int
    quantities: Mapping[str, float]
    baht: float
    share_of_baht: float
    entry_ids: tuple[RowId, ...]


def validate_entry(entry: WasteEntry) -> None:
    if entry.waste not in wastes():
        raise WasteDataError(entry.id, "waste", f"'{entry.waste}' ไม่ใช่ประเภทความสูญเปล่าใน TIMWOODS")
    if not math.isfinite(entry.quantity) or entry.quantity < 0:
        raise WasteDataError(entry.id, "quantity", "ปริมาณต้องไม่ติดลบ")
    if entry.quantity > 0 and not entry.unit.strip():
        raise WasteDataError(entry.id, "unit", "ต้องระบุหน่วยของปริมาณ")
    if not math.isfinite(entry.baht) or entry.baht < 0:
        raise WasteDataError(entry.id, "baht", "มูลค่า (บาท) ต้องไม่ติดลบ")


def waste_summary(entries: Iterable[WasteEntry]) -> tuple[WasteTotal, ...]:
    """Totals per waste type, largest baht first (a Pareto); quantities are summed per unit, never across units."""
    groups: dict[str, list[WasteEntry]] = defaultdict(list)
    for entry in entries:
        validate_entry(entry)
        groups[entry.waste].append(entry)
    grand_total = sum(entry.baht for group in groups.values() for entry in group)
    table = wastes()
    totals = []
    for code, group in groups.items():
        quantities: dict[str, float] = defaultdict(float)
        for entry in group:
            if entry.quantity:
                quantities[entry.unit] += entry.quantity
        baht = sum(entry.baht for entry in group)
        totals.append(WasteTotal(code, table[code].name_th, table[code].name_en, len(group), dict(quantities), baht,
                                 baht / grand_total if grand_total else 0.0, tuple(entry.id for entry in group)))
    order = list(table)
    return tuple(sorted(totals, key=lambda total: (-total.baht, order.index(total.waste))))
