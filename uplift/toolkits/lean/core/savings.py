"""Savings in baht per month by the rules of the domain facts, each traceable to the log rows behind it.

- capacity-bound (every extra good piece sells): ΔOEE × planned time / ideal cycle time × contribution margin;
- demand-bound (same output, fewer hours): hours saved × (labour + energy rate per hour);
- defects: Δscrap rate × pieces made × (material + conversion cost per piece).

Before and after figures are rolled up from the summed times and counts of their rows. A negative
saving is a loss and is reported as such. Each line carries the observations it becomes
(`savings_rules_v1.json`: indicator, unit, and whether the value is a change or a level).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from .oee import Oee, RowId, ShiftRow, measure
from .reference import savings_rules


@dataclass(frozen=True)
class ObservationDraft:
    indicator: str
    value: float
    unit: str
    kind: str
    rule: str
    source_row_ids: tuple[RowId, ...]


@dataclass(frozen=True)
class SavingsLine:
    rule: str
    rule_version: str
    formula: str
    figure: str
    before: float
    after: float
    baht_per_month: float
    inputs: Mapping[str, float]
    before_row_ids: tuple[RowId, ...]
    after_row_ids: tuple[RowId, ...]
    observations: tuple[ObservationDraft, ...]


def _positive(**values: float) -> None:
    for name, value in values.items():
        if not math.isfinite(value) or value <= 0:
            raise ValueError(f"{name} ต้องมากกว่า 0")


def _line(rule_code: str, figure: str, before: Oee, after: Oee, before_value: float, after_value: float,
          baht: float, inputs: dict[str, float], indicator_values: dict[str, float]) -> SavingsLine:
    rule = savings_rules()[rule_code]
    sources = before.totals.row_ids + after.totals.row_ids
    observations = tuple(ObservationDraft(spec["indicator"], indicator_values[spec["indicator"]], spec["unit"],
                                          spec["kind"], rule_code, sources) for spec in rule["observations"])
    return SavingsLine(rule_code, rule["version"], rule["formula"], figure, before_value, after_value, baht, inputs,
                       before.totals.row_ids, after.totals.row_ids, observations)


def good_weighted_ideal_cycle_seconds(result: Oee) -> float:
    """The ideal cycle time at which the good pieces would take their ideal time: Σ ideal × good / Σ good."""
    if result.totals.good_count == 0:
        raise ValueError("ไม่มีของดีในช่วงนี้ คำนวณเวลารอบมาตรฐานเฉลี่ยไม่ได้")
    return result.totals.good_ideal_minutes * 60 / result.totals.good_count


def capacity_bound(before_rows: Sequence[ShiftRow], after_rows: Sequence[ShiftRow], *,
                   planned_minutes_per_month: float, contribution_margin_baht: float,
                   worker_hours_per_month: float, ideal_cycle_seconds: float | None = None) -> SavingsLine:
    """Extra good pieces a month at the new OEE, all sold at their contribution margin.

    The ideal cycle time defaults to the after period's good-weighted one (one product: its own).
    """
    before, after = measure(before_rows, "before"), measure(after_rows, "after")
    ideal = good_weighted_ideal_cycle_seconds(after) if ideal_cycle_seconds is None else ideal_cycle_seconds
    _positive(planned_minutes_per_month=planned_minutes_per_month, contribution_margin_baht=contribution_margin_baht,
              worker_hours_per_month=worker_hours_per_month, ideal_cycle_seconds=ideal)
    extra_pieces = (after.oee - before.oee) * planned_minutes_per_month * 60 / ideal
    baht = extra_pieces * contribution_margin_baht
    inputs = {"planned_minutes_per_month": planned_minutes_per_month, "ideal_cycle_seconds": ideal,
              "contribution_margin_baht": contribution_margin_baht, "worker_hours_per_month": worker_hours_per_month,
              "extra_pieces_per_month": extra_pieces}
    return _line("capacity_bound", "oee", before, after, before.oee, after.oee, baht, inputs,
                 {"productivity": baht / worker_hours_per_month})


def demand_bound(before_rows: Sequence[ShiftRow], after_rows: Sequence[ShiftRow], *,
                 demand_pieces_per_month: float, labour_baht_per_hour: float,
                 energy_baht_per_hour: float) -> SavingsLine:
    """Planned hours no longer needed to make the month's demand: demand × Δ(planned minutes per good piece)."""
    before, after = measure(before_rows, "before"), measure(after_rows, "after")
    _positive(demand_pieces_per_month=demand_pieces_per_month)
    if labour_baht_per_hour < 0 or energy_baht_per_hour < 0 or labour_baht_per_hour + energy_baht_per_hour == 0:
        raise ValueError("อัตราค่าแรงและค่าพลังงานต่อชั่วโมงต้องไม่ติดลบและรวมกันมากกว่า 0")
    per_piece = []
    for result in (before, after):
        if result.totals.good_count == 0:
            raise ValueError(f"ช่วง {result.key} ไม่มีของดี คำนวณเวลาต่อชิ้นไม่ได้")
        per_piece.append(result.totals.planned_minutes / result.totals.good_count)
    hours_saved = demand_pieces_per_month * (per_piece[0] - per_piece[1]) / 60
    baht = hours_saved * (labour_baht_per_hour + energy_baht_per_hour)
    inputs = {"demand_pieces_per_month": demand_pieces_per_month, "labour_baht_per_hour": labour_baht_per_hour,
              "energy_baht_per_hour": energy_baht_per_hour, "hours_saved_per_month": hours_saved}
    return _line("demand_bound", "planned_minutes_per_good_piece", before, after, per_piece[0], per_piece[1], baht,
                 inputs, {"production_cost": -baht})


def defects(before_rows: Sequence[ShiftRow], after_rows: Sequence[ShiftRow], *, pieces_per_month: float,
            material_baht_per_piece: float, conversion_baht_per_piece: float, piece_mass_kg: float) -> SavingsLine:
    """Scrapped pieces a month no longer made: Δscrap rate × pieces × (material + conversion cost)."""
    before, after = measure(before_rows, "before"), measure(after_rows, "after")
    _positive(pieces_per_month=pieces_per_month, piece_mass_kg=piece_mass_kg)
    if material_baht_per_piece < 0 or conversion_baht_per_piece < 0:
        raise ValueError("ต้นทุนวัตถุดิบและต้นทุนแปรรูปต่อชิ้นต้องไม่ติดลบ")
    rates = []
    for result in (before, after):
        if result.totals.total_count == 0:
            raise ValueError(f"ช่วง {result.key} ไม่มียอดผลิต คำนวณสัดส่วนของเสียไม่ได้")
        rates.append(1 - result.totals.good_count / result.totals.total_count)
    pieces_avoided = (rates[0] - rates[1]) * pieces_per_month
    baht = pieces_avoided * (material_baht_per_piece + conversion_baht_per_piece)
    inputs = {"pieces_per_month": pieces_per_month, "material_baht_per_piece": material_baht_per_piece,
              "conversion_baht_per_piece": conversion_baht_per_piece, "piece_mass_kg": piece_mass_kg,
              "pieces_avoided_per_month": pieces_avoided}
    return _line("defects", "scrap_rate", before, after, rates[0], rates[1], baht, inputs,
                 {"production_cost": -baht, "waste_reduced": pieces_avoided * piece_mass_kg})
