"""The tourism slump's months, read from data/slump_window.json (sources in data/SOURCES.md).

- ``start``: the first month of the crisis (the chart marker).
- ``pre_slump``: the reference year before it (covariates, shares of 2019 sales, "before" averages).
- ``before`` / ``during``: the calendar-paired windows a sales drop compares, so seasonality cancels.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path

SLUMP_FILE = Path(__file__).parent / "data" / "slump_window.json"


def _month(text: str) -> date:
    year, month = text.split("-")
    return date(int(year), int(month), 1)


def _span(first: date, last: date) -> tuple[date, ...]:
    months, month = [], first
    while month <= last:
        months.append(month)
        month = date(month.year + month.month // 12, month.month % 12 + 1, 1)
    return tuple(months)


@dataclass(frozen=True)
class SlumpWindow:
    version: str
    start: date
    pre_slump: tuple[date, ...]
    before: tuple[date, ...]
    during: tuple[date, ...]

    @property
    def pre_slump_year(self) -> int:
        return self.pre_slump[0].year


@cache
def slump_window(path: Path = SLUMP_FILE) -> SlumpWindow:
    data = json.loads(path.read_text(encoding="utf-8"))
    spans = {key: _span(*map(_month, data[key])) for key in ("pre_slump", "paired_before", "paired_during")}
    if len(spans["paired_before"]) != len(spans["paired_during"]):
        raise ValueError(f"{path.name}: the paired windows must have as many months each")
    return SlumpWindow(version=str(data["version"]), start=_month(data["slump_start"]), pre_slump=spans["pre_slump"],
                       before=spans["paired_before"], during=spans["paired_during"])
