"""Emission factor tables as versioned data: the factor valid on a date, and units converted with pint.

A table (`data/emission_factors/factors_<version>.json`) may hold several records of one factor
code with non-overlapping validity windows (inclusive dates, null = open); `pick` returns the one
valid on the day asked, so Thailand's grid factor switches from 0.4999 to 0.4750 on 2026-01-01.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Any

import pint

from .reference import DATA_DIR, footprint_rules, read_json

FACTORS_DIR = DATA_DIR / "emission_factors"
DISTRIBUTIONS = ("triangular", "uniform")


class FactorError(ValueError):
    pass


class UnitError(ValueError):
    pass


@dataclass(frozen=True)
class Uncertainty:
    distribution: str
    low: float
    high: float
    basis: str


@dataclass(frozen=True)
class Factor:
    code: str
    category: str
    name_th: str
    name_en: str
    unit: str
    kgco2e_per_unit: float
    upstream_kgco2e_per_unit: float | None
    biogenic_kgco2_per_unit: float
    uncertainty: Uncertainty
    source: str
    version: str
    valid_from: date | None
    valid_to: date | None
    accepted_until: date | None
    confirmed: bool
    note: str

    def valid_on(self, day: date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (self.valid_to is None or day <= self.valid_to)


@dataclass(frozen=True)
class FactorTable:
    version: str
    factors: tuple[Factor, ...]

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(factor.code for factor in self.factors))

    def pick(self, code: str, on: date) -> Factor:
        records = [factor for factor in self.factors if factor.code == code]
        if not records:
            raise FactorError(f"ไม่มีค่าการปล่อย '{code}' ในตารางรุ่น {self.version}")
        for factor in records:
            if factor.valid_on(on):
                return factor
        raise FactorError(f"ค่าการปล่อย '{code}' ในตารางรุ่น {self.version} ไม่มีค่าที่ใช้ได้ในวันที่ {on.isoformat()}")


def _date(text: str | None) -> date | None:
    return None if text is None else date.fromisoformat(text)


def _factor(row: dict[str, Any]) -> Factor:
    uncertainty = Uncertainty(**row["uncertainty"])
    factor = Factor(
        row["code"], row["category"], row["name_th"], row["name_en"], row["unit"], float(row["kgco2e_per_unit"]),
        row["upstream_kgco2e_per_unit"], float(row["biogenic_kgco2_per_unit"]), uncertainty, row["source"],
        row["version"], _date(row["valid_from"]), _date(row["valid_to"]), _date(row["accepted_until"]),
        bool(row["confirmed"]), row["note"])
    if not (math.isfinite(factor.kgco2e_per_unit) and factor.kgco2e_per_unit >= 0 and factor.biogenic_kgco2_per_unit >= 0):
        raise FactorError(f"factor {factor.code} ({factor.version}): values must be finite and non-negative")
    if uncertainty.distribution not in DISTRIBUTIONS or not uncertainty.low <= factor.kgco2e_per_unit <= uncertainty.high:
        raise FactorError(f"factor {factor.code} ({factor.version}): uncertainty must be {DISTRIBUTIONS} "
                          f"with low ≤ value ≤ high")
    if factor.valid_from and factor.valid_to and factor.valid_from > factor.valid_to:
        raise FactorError(f"factor {factor.code} ({factor.version}): valid_from is after valid_to")
    unit_registry().Unit(normalise_unit(factor.unit))
    return factor


def table_from_dict(data: dict[str, Any]) -> FactorTable:
    """Build and check a table: every record valid, and one code's validity windows never overlap."""
    table = FactorTable(str(data["version"]), tuple(_factor(row) for row in data["factors"]))
    for code in table.codes:
        windows = sorted(((f.valid_from or date.min, f.valid_to or date.max) for f in table.factors if f.code == code))
        for (_, end), (start, _) in zip(windows, windows[1:]):
            if start <= end:
                raise FactorError(f"factor {code}: validity windows overlap in table {table.version}")
    return table


def _version_key(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in version.split("."))


def available_versions() -> list[str]:
    versions = [path.stem.removeprefix("factors_") for path in FACTORS_DIR.glob("factors_*.json")]
    return sorted(versions, key=_version_key)


@cache
def load_table(version: str | None = None) -> FactorTable:
    """The factor table of a version, or the newest one."""
    versions = available_versions()
    version = version or versions[-1]
    if version not in versions:
        raise FactorError(f"ไม่มีตารางค่าการปล่อยรุ่น '{version}' (มี: {', '.join(versions)})")
    return table_from_dict(read_json(FACTORS_DIR / f"factors_{version}.json"))


@cache
def unit_registry() -> pint.UnitRegistry:
    return pint.UnitRegistry()


def normalise_unit(unit: str) -> str:
    text = unit.strip()
    return footprint_rules()["unit_aliases"].get(text, text)


def convert(quantity: float, unit: str, to_unit: str) -> float:
    """`quantity` in `unit` expressed in `to_unit` (e.g. 0.2 MWh → 200 kWh); Thai aliases such as หน่วย = kWh."""
    registry = unit_registry()
    try:
        source, target = registry.Unit(normalise_unit(unit)), registry.Unit(normalise_unit(to_unit))
    except (pint.UndefinedUnitError, ValueError, AttributeError) as error:
        raise UnitError(f"ไม่รู้จักหน่วย '{unit}' หรือ '{to_unit}'") from error
    try:
        return float(registry.Quantity(quantity, source).to(target).magnitude)
    except pint.DimensionalityError as error:
        raise UnitError(f"หน่วย '{unit}' แปลงเป็น '{to_unit}' ไม่ได้: เป็นปริมาณคนละชนิด "
                        f"({source.dimensionality} กับ {target.dimensionality})") from error
