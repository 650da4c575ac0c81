"""An evaluation plan written before the outcomes arrive, and whether a later analysis kept to it.

The plan is frozen data with one canonical JSON text and the SHA-256 of that text, so that
anyone can recompute the hash from the stored plan and see that it was not changed. The
canonical text is the same however the plan was written down: keys sorted, no spaces,
strings in Unicode NFC, numbers as Python's shortest round-trip float, and the lists that
are sets (outcomes, covariates) sorted. Waves and secondary analyses keep their order,
since it says something (chronology, priority). Storing, timestamping and versioning the
plan belong to the application; this module only defines what is frozen.
"""

from __future__ import annotations

import hashlib
import json
import math
import unicodedata
from dataclasses import dataclass
from typing import Any, Literal

SCHEMA = 1
AS_PLANNED = "as_planned"
EXPLORATORY = "exploratory"


def _text(value: str) -> str:
    return unicodedata.normalize("NFC", str(value)).strip()


def _set(values) -> tuple[str, ...]:
    return tuple(sorted({_text(v) for v in values}))


@dataclass(frozen=True)
class AnalysisSpec:
    """One analysis: method, outcome indicator, covariates, comparison-group rule, wave.

    In a plan, `wave=None` means any of the plan's waves; an analysis that was run names its wave.
    """

    method: str
    outcome: str
    covariates: tuple[str, ...] = ()
    comparison: str = ""
    wave: str | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "method", _text(self.method))
        object.__setattr__(self, "outcome", _text(self.outcome))
        object.__setattr__(self, "covariates", _set(self.covariates))
        object.__setattr__(self, "comparison", _text(self.comparison))
        object.__setattr__(self, "wave", None if self.wave is None else _text(self.wave))
        if not self.method or not self.outcome:
            raise ValueError("an analysis needs a method and an outcome")

    def as_dict(self) -> dict[str, Any]:
        return {
            "method": self.method,
            "outcome": self.outcome,
            "covariates": list(self.covariates),
            "comparison": self.comparison,
            "wave": self.wave,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> AnalysisSpec:
        return cls(
            method=data["method"],
            outcome=data["outcome"],
            covariates=tuple(data.get("covariates", ())),
            comparison=data.get("comparison", ""),
            wave=data.get("wave"),
        )


@dataclass(frozen=True)
class EvaluationPlan:
    """What will be estimated, how, and which analysis decides.

    The primary analysis must use the plan's method, covariates and comparison rule and one
    of its outcomes; every analysis names one of the plan's outcomes and, if it names a
    wave, one of the plan's waves.
    """

    estimand: str
    outcomes: tuple[str, ...]
    comparison_rule: str
    method: str
    covariates: tuple[str, ...]
    waves: tuple[str, ...]
    primary: AnalysisSpec
    secondary: tuple[AnalysisSpec, ...] = ()
    alpha: float = 0.05
    power: float = 0.80

    def __post_init__(self) -> None:
        object.__setattr__(self, "estimand", _text(self.estimand))
        object.__setattr__(self, "outcomes", _set(self.outcomes))
        object.__setattr__(self, "comparison_rule", _text(self.comparison_rule))
        object.__setattr__(self, "method", _text(self.method))
        object.__setattr__(self, "covariates", _set(self.covariates))
        object.__setattr__(self, "waves", tuple(_text(w) for w in self.waves))
        object.__setattr__(self, "secondary", tuple(self.secondary))
        for name in ("alpha", "power"):
            value = float(getattr(self, name))
            if not (math.isfinite(value) and 0 < value < 1):
                raise ValueError(f"{name} must lie between 0 and 1")
            object.__setattr__(self, name, value)
        if not self.estimand or not self.outcomes:
            raise ValueError("a plan needs an estimand and at least one outcome indicator")
        if len(set(self.waves)) != len(self.waves):
            raise ValueError("a wave is listed twice")
        p = self.primary
        if (p.method, p.covariates, p.comparison) != (self.method, self.covariates, self.comparison_rule):
            raise ValueError("the primary analysis must use the plan's method, covariates and comparison rule")
        for spec in (self.primary, *self.secondary):
            if spec.outcome not in self.outcomes:
                raise ValueError(f"outcome {spec.outcome!r} is not among the plan's outcome indicators")
            if spec.wave is not None and spec.wave not in self.waves:
                raise ValueError(f"wave {spec.wave!r} is not among the plan's waves")

    def as_dict(self) -> dict[str, Any]:
        return {
            "schema": SCHEMA,
            "estimand": self.estimand,
            "outcomes": list(self.outcomes),
            "comparison_rule": self.comparison_rule,
            "method": self.method,
            "covariates": list(self.covariates),
            "waves": list(self.waves),
            "primary": self.primary.as_dict(),
            "secondary": [s.as_dict() for s in self.secondary],
            "alpha": self.alpha,
            "power": self.power,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> EvaluationPlan:
        if data.get("schema", SCHEMA) != SCHEMA:
            raise ValueError(f"plan schema {data.get('schema')} is not {SCHEMA}")
        return cls(
            estimand=data["estimand"],
            outcomes=tuple(data["outcomes"]),
            comparison_rule=data["comparison_rule"],
            method=data["method"],
            covariates=tuple(data.get("covariates", ())),
            waves=tuple(data.get("waves", ())),
            primary=AnalysisSpec.from_dict(data["primary"]),
            secondary=tuple(AnalysisSpec.from_dict(s) for s in data.get("secondary", ())),
            alpha=data.get("alpha", 0.05),
            power=data.get("power", 0.80),
        )

    @classmethod
    def from_json(cls, text: str) -> EvaluationPlan:
        return cls.from_dict(json.loads(text))


def canonical_json(plan: EvaluationPlan) -> str:
    return json.dumps(plan.as_dict(), sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False)


def plan_hash(plan: EvaluationPlan) -> str:
    """SHA-256 (hex) of the canonical JSON text in UTF-8."""
    return hashlib.sha256(canonical_json(plan).encode("utf-8")).hexdigest()


def _covers(planned: AnalysisSpec, analysis: AnalysisSpec, waves: tuple[str, ...]) -> bool:
    if (planned.method, planned.outcome, planned.covariates, planned.comparison) != (
        analysis.method, analysis.outcome, analysis.covariates, analysis.comparison
    ):
        return False
    if planned.wave is not None:
        return analysis.wave == planned.wave
    return analysis.wave is None or not waves or analysis.wave in waves


def planned_analysis(plan: EvaluationPlan, analysis: AnalysisSpec) -> Literal["primary", "secondary"] | None:
    """Which of the plan's analyses this one is, if any."""
    if _covers(plan.primary, analysis, plan.waves):
        return "primary"
    if any(_covers(s, analysis, plan.waves) for s in plan.secondary):
        return "secondary"
    return None


def classify_analysis(plan: EvaluationPlan, analysis: AnalysisSpec) -> Literal["as_planned", "exploratory"]:
    """"as_planned" when the analysis matches the primary or a secondary analysis of the plan
    in method, outcome, covariates (as a set), comparison rule and wave; else "exploratory"."""
    return AS_PLANNED if planned_analysis(plan, analysis) else EXPLORATORY


FIELD_NAMES_TH = {
    "method": "วิธีประมาณผล",
    "outcome": "ตัวชี้วัดผลลัพธ์",
    "covariates": "ตัวแปรควบคุม",
    "comparison": "เกณฑ์กลุ่มเปรียบเทียบ",
    "wave": "รอบการเก็บข้อมูล",
}


def deviations(plan: EvaluationPlan, analysis: AnalysisSpec) -> tuple[str, ...]:
    """The fields in which the analysis departs from the primary analysis (keys of FIELD_NAMES_TH)."""
    p = plan.primary
    out = [f for f in ("method", "outcome", "covariates", "comparison") if getattr(p, f) != getattr(analysis, f)]
    if p.wave is not None:
        off_wave = analysis.wave != p.wave
    else:
        off_wave = analysis.wave is not None and bool(plan.waves) and analysis.wave not in plan.waves
    if off_wave:
        out.append("wave")
    return tuple(out)


def explain_classification(plan: EvaluationPlan, analysis: AnalysisSpec) -> str:
    """Plain Thai: as planned (primary or secondary) or exploratory, and how it departs."""
    which = planned_analysis(plan, analysis)
    if which == "primary":
        return "เป็นไปตามแผน: การวิเคราะห์หลักที่กำหนดไว้ก่อนเห็นข้อมูลผลลัพธ์"
    if which == "secondary":
        return "เป็นไปตามแผน: การวิเคราะห์รองที่กำหนดไว้ก่อนเห็นข้อมูลผลลัพธ์"
    changed = ", ".join(FIELD_NAMES_TH[f] for f in deviations(plan, analysis))
    return f"เชิงสำรวจ (ไม่ได้อยู่ในแผน): ต่างจากการวิเคราะห์หลักที่{changed or 'รายละเอียด'} อ่านผลด้วยความระมัดระวัง"
