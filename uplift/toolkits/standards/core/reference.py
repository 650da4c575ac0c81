"""Where the standards toolkit's versioned reference data lives, and how it is read."""

import csv
import json
from functools import cache
from pathlib import Path
from typing import Any

DATA_DIR = Path(__file__).resolve().parent.parent / "data"


@cache
def load_json(relative: str) -> dict[str, Any]:
    return json.loads((DATA_DIR / relative).read_text(encoding="utf-8"))


@cache
def load_csv(relative: str) -> tuple[dict[str, str], ...]:
    with (DATA_DIR / relative).open(encoding="utf-8", newline="") as handle:
        return tuple(csv.DictReader(handle))
