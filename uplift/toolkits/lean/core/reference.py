"""The lean toolkit's reference data (`lean/data/*.json`), loaded once and read-only."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

DATA_DIR = Path(__file__).resolve().parent.parent / "data"


@dataclass(frozen=True)
class Loss:
    code: str
    component: str
    kind: str
    name_th: str
    name_en: str


@dataclass(frozen=True)
class Waste:
    code: str
    letter: str
    name_th: str
    name_en: str


def read_json(name: str) -> dict[str, Any]:
    return json.loads((DATA_DIR / name).read_text(encoding="utf-8"))


@cache
def losses() -> dict[str, Loss]:
    return {row["code"]: Loss(row["code"], row["component"], row["kind"], row["name_th"], row["name_en"])
            for row in read_json("losses_v1.json")["losses"]}


@cache
def wastes() -> dict[str, Waste]:
    return {row["code"]: Waste(row["code"], row["letter"], row["name_th"], row["name_en"])
            for row in read_json("timwoods_v1.json")["wastes"]}


@cache
def measures() -> dict[str, Any]:
    return read_json("measures_v1.json")


@cache
def savings_rules() -> dict[str, dict[str, Any]]:
    data = read_json("savings_rules_v1.json")
    return {rule["code"]: rule | {"version": data["version"]} for rule in data["rules"]}


@cache
def waterfall_steps() -> dict[str, dict[str, str]]:
    return {row["code"]: row for row in read_json("losses_v1.json")["waterfall"]}


UNATTRIBUTED = "unattributed"
