"""The outcomes' reference data, as versioned files in data/ (sources in data/SOURCES.md): the
indicator catalogue, the economic-value components, the evaluation plan every round pre-registers,
and the enrolment status groups the outcome figures count."""

from __future__ import annotations

import csv
import json
from functools import cache
from pathlib import Path

from django.db import transaction

from uplift.outcomes.models import Indicator

DATA_DIR = Path(__file__).parent / "data"
INDICATORS_FILE = DATA_DIR / "indicators.csv"
VALUE_COMPONENTS_FILE = DATA_DIR / "value_components.json"
EVALUATION_PLAN_FILE = DATA_DIR / "evaluation_plan.json"

ENROLLED = ("accepted", "active", "completed")
SELECTED = ("offered", *ENROLLED)
COMPARISON = ("waitlisted",)


def _file_version(path: Path) -> str:
    first = path.read_text(encoding="utf-8").splitlines()[0]
    if not first.startswith("# version:"):
        raise ValueError(f"{path.name}: first line must be '# version: …'")
    return first.split(":", 1)[1].split()[0]


def indicators_load(path: Path = INDICATORS_FILE) -> int:
    """Create or update the indicators in the catalogue file. Idempotent; returns the row count."""
    version = _file_version(path)
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if not line.startswith("#")]
    rows = list(csv.DictReader(lines))
    with transaction.atomic():
        for row in rows:
            Indicator.objects.update_or_create(code=row["code"], defaults={
                "order": int(row["order"]), "name_th": row["name_th"], "name_en": row["name_en"], "unit": row["unit"],
                "direction": row["direction"], "frequency": row["frequency"], "version": version,
            })
    return len(rows)


def value_config(path: Path = VALUE_COMPONENTS_FILE) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


@cache
def plan_template(path: Path = EVALUATION_PLAN_FILE) -> dict:
    """The plan a round freezes when its selection is approved, and how to describe its codes."""
    return json.loads(path.read_text(encoding="utf-8"))
