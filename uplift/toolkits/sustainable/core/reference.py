"""The sustainable toolkit's reference data (`sustainable/data/*.json`), loaded once and read-only."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

DATA_DIR = Path(__file__).resolve().parent.parent / "data"


def read_json(path: Path | str) -> dict[str, Any]:
    return json.loads((DATA_DIR / path).read_text(encoding="utf-8"))


@cache
def footprint_rules() -> dict[str, Any]:
    return read_json("footprint_rules_v1.json")


@cache
def categories() -> dict[str, dict[str, str]]:
    return {row["code"]: row for row in footprint_rules()["categories"]}


@cache
def reduction_label() -> dict[str, Any]:
    return read_json("reduction_label_v1.json")


@cache
def biodiversity_fields() -> dict[str, Any]:
    return read_json("biodiversity_fields_v1.json")
