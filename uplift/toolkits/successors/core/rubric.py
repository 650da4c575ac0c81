"""A pitch rubric: criteria with weights summing to 1 on one score scale (`data/rubric_v1.json`)."""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from pathlib import Path

RUBRIC_FILE = Path(__file__).resolve().parent.parent / "data" / "rubric_v1.json"


@dataclass(frozen=True)
class Criterion:
    code: str
    name_th: str
    name_en: str
    weight: float
    descriptor_th: str = ""
    descriptor_en: str = ""


@dataclass(frozen=True)
class Rubric:
    version: str
    scale_min: float
    scale_max: float
    criteria: tuple[Criterion, ...]

    def criterion(self, code: str) -> Criterion | None:
        return next((c for c in self.criteria if c.code == code), None)


def load_rubric(path: Path = RUBRIC_FILE) -> Rubric:
    """Reads and checks a rubric file; ValueError (Thai, then English) when it is not usable."""
    try:
        raw = json.loads(Path(path).read_text(encoding="utf-8"))
        rubric = Rubric(
            version=str(raw["version"]),
            scale_min=float(raw["scale"]["min"]),
            scale_max=float(raw["scale"]["max"]),
            criteria=tuple(Criterion(c["code"], c["name_th"], c["name_en"], float(c["weight"]),
                                     c.get("descriptor_th", ""), c.get("descriptor_en", "")) for c in raw["criteria"]),
        )
    except (json.JSONDecodeError, KeyError, TypeError, ValueError) as error:
        raise ValueError(f"อ่านเกณฑ์การให้คะแนนไม่ได้ (unreadable rubric {path}): {error!r}") from error
    total = sum(c.weight for c in rubric.criteria)
    if not rubric.criteria or not math.isclose(total, 1, abs_tol=1e-6) or any(c.weight < 0 for c in rubric.criteria):
        raise ValueError(f"น้ำหนักเกณฑ์ต้องไม่ติดลบและรวมเป็น 1 (rubric weights sum to {total:g}, must be 1)")
    if len({c.code for c in rubric.criteria}) != len(rubric.criteria):
        raise ValueError("รหัสเกณฑ์ซ้ำกัน (duplicate criterion codes)")
    if rubric.scale_min >= rubric.scale_max:
        raise ValueError("ช่วงคะแนนไม่ถูกต้อง (scale min must be below max)")
    return rubric
