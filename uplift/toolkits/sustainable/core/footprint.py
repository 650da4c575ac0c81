"""A product's carbon footprint per functional unit: activity data × emission factors.

Cradle-to-gate, or cradle-to-grave when the inventory has end-of-life items. Fossil kgCO2e is the
footprint; biogenic CO2 (firewood) and the published upstream part of a factor are reported beside
it (ISO 14067), the upstream part added only when asked. Each result names the factor table
version and each factor's own version, chosen by the date the footprint is computed for.
"""

from __future__ import annotations

import dataclasses
import math
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

import numpy as np

from .factors import Factor, FactorError, FactorTable, UnitError, convert, load_table
from .reference import categories, footprint_rules, reduction_label

TOLERANCE = 1e-12


class FootprintDataError(ValueError):
    """An inventory item that cannot be used: names the row (or item) and the field."""

    def __init__(self, row: int | str, field_name: str, message: str):
        self.row, self.field, self.message = row, field_name, message
        super().__init__(f"แถว {row} ช่อง {field_name}: {message}")


@dataclass(frozen=True)
class Item:
    name: str
    category: str
    quantity: float
    unit: str
    factor: str
    quantity_low: float | None = None
    quantity_high: float | None = None
    row: int | str | None = None

    @property
    def label(self) -> int | str:
        return self.name if self.row is None else self.row


@dataclass(frozen=True)
class Contribution:
    item: str
    category: str
    quantity: float
    unit: str
    factor: str
    factor_version: str
    factor_unit: str
    kgco2e_per_unit: float
    factor_confirmed: bool
    quantity_in_factor_unit: float
    kgco2e: float
    biogenic_kgco2: float
    upstream_kgco2e: float
    share: float


@dataclass(frozen=True)
class CategoryTotal:
    category: str
    name_th: str
    name_en: str
    kgco2e: float
    share: float


@dataclass(frozen=True)
class Footprint:
    functional_unit: str
    functional_units: float
    on: date
    table_version: str
    boundary: str
    include_upstream: bool
    total_kgco2e: float
    biogenic_kgco2: float
    upstream_kgco2e: float
    items: tuple[Contribution, ...]
    by_category: tuple[CategoryTotal, ...]
    factor_versions: Mapping[str, str]
    unconfirmed_factors: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        data = dataclasses.asdict(self)
        data["on"] = self.on.isoformat()
        data["factor_versions"] = dict(self.factor_versions)
        return data


def _resolve(item: Item, table: FactorTable, on: date) -> tuple[Factor, float]:
    """The factor valid on the day and the item's quantity per one unit of the factor's unit."""
    if not item.name.strip():
        raise FootprintDataError(item.label, "item", "ต้องระบุชื่อรายการ")
    if item.category not in categories():
        raise FootprintDataError(item.label, "category",
                                 f"หมวด '{item.category}' ไม่มีในรายการ (ใช้ได้: {', '.join(categories())})")
    if not math.isfinite(item.quantity) or item.quantity < 0:
        raise FootprintDataError(item.label, "quantity", "ปริมาณต้องเป็นตัวเลขไม่ติดลบ")
    low = item.quantity if item.quantity_low is None else item.quantity_low
    high = item.quantity if item.quantity_high is None else item.quantity_high
    if not 0 <= low <= item.quantity <= high:
        raise FootprintDataError(item.label, "quantity", "ช่วงความไม่แน่นอนต้องเป็น ต่ำสุด ≤ ปริมาณ ≤ สูงสุด")
    try:
        factor = table.pick(item.factor, on)
    except FactorError as error:
        raise FootprintDataError(item.label, "factor", str(error)) from error
    try:
        per_unit = convert(1.0, item.unit, factor.unit)
    except UnitError as error:
        raise FootprintDataError(item.label, "unit", str(error)) from error
    return factor, per_unit


def footprint(items: Sequence[Item], *, on: date, table: FactorTable | None = None,
              functional_unit: str = "1 ชิ้น", functional_units: float = 1.0,
              include_upstream: bool = False) -> Footprint:
    """Σ activity data × factor, per functional unit (the inventory covers `functional_units` of them)."""
    table = table or load_table()
    if not items:
        raise FootprintDataError("-", "item", "ต้องมีรายการวัตถุดิบ/พลังงานอย่างน้อย 1 รายการ")
    if not math.isfinite(functional_units) or functional_units <= 0:
        raise ValueError("จำนวนหน่วยการทำงาน (functional units) ต้องมากกว่า 0")
    rows = []
    for item in items:
        factor, per_unit = _resolve(item, table, on)
        amount = item.quantity * per_unit / functional_units
        upstream = amount * (factor.upstream_kgco2e_per_unit or 0.0)
        fossil = amount * factor.kgco2e_per_unit + (upstream if include_upstream else 0.0)
        rows.append((item, factor, amount, fossil, amount * factor.biogenic_kgco2_per_unit, upstream))
    total = sum(row[3] for row in rows)
    contributions = tuple(
        Contribution(item.name, item.category, item.quantity / functional_units, item.unit, factor.code,
                     factor.version, factor.unit, factor.kgco2e_per_unit, factor.confirmed, amount, fossil, biogenic,
                     upstream, fossil / total if total else 0.0)
        for item, factor, amount, fossil, biogenic, upstream in rows)
    by_category: dict[str, float] = defaultdict(float)
    for contribution in contributions:
        by_category[contribution.category] += contribution.kgco2e
    names = categories()
    category_totals = tuple(CategoryTotal(code, names[code]["name_th"], names[code]["name_en"], by_category[code],
                                          by_category[code] / total if total else 0.0)
                            for code in names if code in by_category)
    used = {factor.code: factor for _, factor, *_ in rows}
    boundary = "cradle_to_grave" if any(names[item.category]["stage"] == "end_of_life" for item in items) \
        else "cradle_to_gate"
    return Footprint(functional_unit, functional_units, on, table.version, boundary, include_upstream, total,
                     sum(row[4] for row in rows), sum(row[5] for row in rows), contributions, category_totals,
                     {code: factor.version for code, factor in used.items()},
                     tuple(code for code, factor in used.items() if not factor.confirmed))


@dataclass(frozen=True)
class Hotspot:
    item: str
    category: str
    kgco2e: float
    share: float
    cumulative_share: float
    in_pareto: bool


def hotspots(result: Footprint, pareto_share: float | None = None) -> tuple[Hotspot, ...]:
    """Contributions largest first with their cumulative share; `in_pareto` marks the items that make
    up the first `pareto_share` (80%) of the footprint, the one that crosses it included."""
    cut = footprint_rules()["pareto_share"] if pareto_share is None else pareto_share
    ordered = sorted(result.items, key=lambda c: -c.kgco2e)
    spots, cumulative = [], 0.0
    for contribution in ordered:
        before = cumulative
        cumulative += contribution.share
        spots.append(Hotspot(contribution.item, contribution.category, contribution.kgco2e, contribution.share,
                             cumulative, before < cut - 1e-9))
    return tuple(spots)


@dataclass(frozen=True)
class Change:
    """A change to one inventory item in a scenario: a new quantity (and unit) and/or a new factor."""

    item: str
    quantity: float | None = None
    unit: str | None = None
    factor: str | None = None


@dataclass(frozen=True)
class Scenario:
    base: Footprint
    new: Footprint
    changes: tuple[Change, ...]
    difference_kgco2e: float
    difference_share: float


def scenario(items: Sequence[Item], changes: Sequence[Change], **options: Any) -> Scenario:
    """The footprint after the changes, and its difference from the base (new − base; negative = reduction)."""
    names = [item.name for item in items]
    if len(set(names)) < len(names):
        raise FootprintDataError("-", "item", "ชื่อรายการซ้ำกัน: ตั้งชื่อให้ไม่ซ้ำก่อนสร้างสถานการณ์จำลอง")
    changed = list(items)
    for change in changes:
        if change.item not in names:
            raise FootprintDataError(change.item, "item", "ไม่มีรายการนี้ในบัญชีรายการ")
        index = names.index(change.item)
        old = changed[index]
        changed[index] = dataclasses.replace(
            old,
            quantity=old.quantity if change.quantity is None else change.quantity,
            unit=change.unit or old.unit,
            factor=change.factor or old.factor,
            quantity_low=None if change.quantity is not None else old.quantity_low,
            quantity_high=None if change.quantity is not None else old.quantity_high,
        )
    base, new = footprint(items, **options), footprint(changed, **options)
    difference = new.total_kgco2e - base.total_kgco2e
    return Scenario(base, new, tuple(changes), difference,
                    difference / base.total_kgco2e if base.total_kgco2e else 0.0)


@dataclass(frozen=True)
class LabelCheck:
    base_year_kgco2e: float
    current_kgco2e: float
    reduction: float
    min_reduction: float
    meets_reduction: bool
    benchmark_kgco2e: float | None
    meets_benchmark: bool | None
    eligible: bool
    rule_version: str


def reduction_label_check(base_year_kgco2e: float, current_kgco2e: float,
                          benchmark_kgco2e: float | None = None) -> LabelCheck:
    """TGO's Carbon Footprint Reduction label: at least `min_reduction` (2%) below the base year, or at
    or below the category benchmark when one is given. Both footprints must use the same method."""
    rule = reduction_label()
    if base_year_kgco2e <= 0 or current_kgco2e < 0:
        raise ValueError("คาร์บอนฟุตพริ้นท์ปีฐานต้องมากกว่า 0 และปีปัจจุบันต้องไม่ติดลบ")
    reduction = round((base_year_kgco2e - current_kgco2e) / base_year_kgco2e, rule["rounding_digits"])
    meets_reduction = reduction >= rule["min_reduction"]
    meets_benchmark = None if benchmark_kgco2e is None else current_kgco2e <= benchmark_kgco2e
    return LabelCheck(base_year_kgco2e, current_kgco2e, reduction, rule["min_reduction"], meets_reduction,
                      benchmark_kgco2e, meets_benchmark, meets_reduction or bool(meets_benchmark), rule["version"])


@dataclass(frozen=True)
class Interval:
    point_kgco2e: float
    mean_kgco2e: float
    low_kgco2e: float
    high_kgco2e: float
    percentiles: tuple[float, float]
    draws: int
    seed: int


def _sample(rng: np.random.Generator, distribution: str, low: float, mode: float, high: float, n: int) -> np.ndarray:
    if high - low <= TOLERANCE:
        return np.full(n, mode)
    if distribution == "uniform":
        return rng.uniform(low, high, n)
    return rng.triangular(low, mode, high, n)


def monte_carlo(items: Sequence[Item], *, on: date, table: FactorTable | None = None, draws: int | None = None,
                seed: int | None = None, functional_units: float = 1.0, include_upstream: bool = False) -> Interval:
    """Percentile interval of the footprint over the factors' ranges and the items' quantity ranges.

    Each factor code is drawn once per iteration (items sharing a factor share its draw; its upstream
    part scales with it); quantities vary triangularly where an item gives a low/high range.
    """
    settings = footprint_rules()["monte_carlo"]
    table = table or load_table()
    draws = settings["draws"] if draws is None else draws
    seed = settings["seed"] if seed is None else seed
    low_pct, high_pct = settings["percentiles"]
    point = footprint(items, on=on, table=table, functional_units=functional_units,
                      include_upstream=include_upstream).total_kgco2e
    rng = np.random.default_rng(seed)
    resolved = [(item, *_resolve(item, table, on)) for item in items]
    factor_draws = {}
    for _, factor, _ in resolved:
        if factor.code not in factor_draws:
            u = factor.uncertainty
            factor_draws[factor.code] = _sample(rng, u.distribution, u.low, factor.kgco2e_per_unit, u.high, draws)
    totals = np.zeros(draws)
    for item, factor, per_unit in resolved:
        low = item.quantity if item.quantity_low is None else item.quantity_low
        high = item.quantity if item.quantity_high is None else item.quantity_high
        quantity = _sample(rng, "triangular", low, item.quantity, high, draws) * per_unit / functional_units
        value = factor_draws[factor.code]
        if include_upstream and factor.upstream_kgco2e_per_unit:
            value = value * (1 + factor.upstream_kgco2e_per_unit / factor.kgco2e_per_unit)
        totals += quantity * value
    low_value, high_value = np.percentile(totals, [low_pct, high_pct])
    return Interval(point, float(totals.mean()), float(low_value), float(high_value), (low_pct, high_pct), draws, seed)
