"""Gap assessment of one product against one standard, and its corrective-action plan.

Scoring (``gap_scoring_v1.json``): met = 1, partly = 0.5, not met = 0; not-applicable clauses
leave both sides of the ratio. score = Σ weight·value / Σ weight, overall and per section.
The readiness verdict needs every clause assessed; it takes the first cut-off row whose
minimum score is reached and whose limit on unmet critical clauses (weight ≥ critical weight)
holds. The plan follows a QMS's CAPA: each nonconformity graded minor or major, with an
action, an owner, a due date and a done date.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from functools import cache
from typing import Any

from .catalogue import Clause, StandardSpec
from .reference import load_json

SCORING_FILE = "gap_scoring_v1.json"


class Status(StrEnum):
    MET = "met"
    PARTLY = "partly"
    NOT_MET = "not_met"
    NOT_APPLICABLE = "not_applicable"


class Severity(StrEnum):
    MINOR = "minor"
    MAJOR = "major"


STATUS_TH = {Status.MET: "เป็นไปตามข้อกำหนด", Status.PARTLY: "เป็นไปตามบางส่วน",
             Status.NOT_MET: "ไม่เป็นไปตามข้อกำหนด", Status.NOT_APPLICABLE: "ไม่เกี่ยวข้อง"}
SEVERITY_TH = {Severity.MINOR: "ข้อบกพร่องย่อย", Severity.MAJOR: "ข้อบกพร่องสำคัญ"}


@dataclass(frozen=True)
class ClauseAnswer:
    clause_id: str
    status: Status
    note: str = ""
    evidence: tuple[str, ...] = ()


@dataclass(frozen=True)
class Readiness:
    code: str
    name_th: str
    name_en: str


@dataclass(frozen=True)
class SectionScore:
    section_id: str
    title_th: str
    earned: float
    possible: float
    counts: dict[str, int]

    @property
    def score(self) -> float | None:
        return self.earned / self.possible if self.possible else None


@dataclass(frozen=True)
class Gap:
    clause: Clause
    status: Status
    suggested_severity: Severity
    note: str


@dataclass(frozen=True)
class GapResult:
    standard_code: str
    catalogue_version: str
    scoring_version: str
    earned: float
    possible: float
    sections: tuple[SectionScore, ...]
    gaps: tuple[Gap, ...]
    unassessed: tuple[str, ...]
    critical_not_met: tuple[str, ...]
    readiness: Readiness | None
    clause_ids: tuple[str, ...] = ()

    @property
    def score(self) -> float | None:
        return self.earned / self.possible if self.possible else None

    @property
    def complete(self) -> bool:
        return not self.unassessed


@dataclass(frozen=True)
class CorrectiveAction:
    clause_id: str
    severity: Severity
    action: str
    owner: str
    due_on: date
    done_on: date | None = None
    root_cause: str = ""


@dataclass(frozen=True)
class PlanProblem:
    clause_id: str
    code: str
    message_th: str
    message_en: str


class AssessmentError(ValueError):
    pass


@cache
def gap_scoring() -> dict[str, Any]:
    return load_json(SCORING_FILE)


def assess(spec: StandardSpec, answers: Iterable[ClauseAnswer], scoring: dict[str, Any] | None = None) -> GapResult:
    scoring = scoring or gap_scoring()
    values = {Status(k): float(v) for k, v in scoring["status_values"].items()}
    by_id: dict[str, ClauseAnswer] = {}
    known = {c.id for c in spec.clauses}
    for answer in answers:
        if answer.clause_id not in known:
            raise AssessmentError(f"ข้อ \"{answer.clause_id}\" ไม่มีใน {spec.name_th} ({spec.version})")
        if answer.clause_id in by_id:
            raise AssessmentError(f"ข้อ \"{answer.clause_id}\" ถูกประเมินซ้ำ")
        by_id[answer.clause_id] = answer
    sections = []
    for section in spec.sections:
        earned = possible = 0.0
        counts = {s.value: 0 for s in Status}
        for clause in section.clauses:
            answer = by_id.get(clause.id)
            if answer is None:
                continue
            counts[answer.status.value] += 1
            if answer.status is not Status.NOT_APPLICABLE:
                earned += clause.weight * values[answer.status]
                possible += clause.weight
        sections.append(SectionScore(section.id, section.title_th, earned, possible, counts))
    severity = {Status(k): Severity(v) for k, v in scoring["default_severity"].items()}
    gaps = tuple(Gap(c, by_id[c.id].status, severity[by_id[c.id].status], by_id[c.id].note)
                 for c in spec.clauses if c.id in by_id and by_id[c.id].status in (Status.NOT_MET, Status.PARTLY))
    critical = tuple(g.clause.id for g in gaps
                     if g.status is Status.NOT_MET and g.clause.weight >= scoring["critical_weight"])
    unassessed = tuple(c.id for c in spec.clauses if c.id not in by_id)
    earned, possible = sum(s.earned for s in sections), sum(s.possible for s in sections)
    readiness = None if unassessed else _readiness(earned / possible if possible else None, len(critical), scoring)
    return GapResult(spec.code, spec.version, scoring["version"], earned, possible, tuple(sections), gaps,
                     unassessed, critical, readiness, tuple(c.id for c in spec.clauses))


def _readiness(score: float | None, critical_not_met: int, scoring: dict[str, Any]) -> Readiness | None:
    if score is None:
        return None
    for row in scoring["readiness"]:
        limit = row["max_critical_not_met"]
        if score >= row["min_score"] - 1e-12 and (limit is None or critical_not_met <= limit):
            return Readiness(row["code"], row["name_th"], row["name_en"])
    raise ValueError(f"{scoring['version']}: no readiness row covers score {score}")


def check_plan(result: GapResult, actions: Iterable[CorrectiveAction], assessed_on: date) -> tuple[PlanProblem, ...]:
    """What keeps the plan from going to pre-audit: a gap without an action, an action without
    text or owner, a due date not after the assessment, a done date before it, an unknown clause."""
    actions = tuple(actions)
    problems: list[PlanProblem] = []
    covered = {a.clause_id for a in actions}
    for gap in result.gaps:
        if gap.clause.id not in covered:
            problems.append(PlanProblem(
                gap.clause.id, "no_action",
                f"ข้อ {gap.clause.id} ({STATUS_TH[gap.status]}) ยังไม่มีการแก้ไข: \"{gap.clause.text_th}\"",
                f"clause {gap.clause.id} ({gap.status.value}) has no corrective action"))
    for a in actions:
        label = f"การแก้ไขข้อ {a.clause_id}"
        if a.clause_id not in result.clause_ids:
            problems.append(PlanProblem(a.clause_id, "unknown_clause", f"{label}: ไม่มีข้อนี้ในมาตรฐาน",
                                        f"action for unknown clause {a.clause_id}"))
        if not a.action.strip():
            problems.append(PlanProblem(a.clause_id, "no_action_text", f"{label}: ยังไม่ได้ระบุสิ่งที่จะทำ",
                                        f"action for {a.clause_id} says nothing"))
        if not a.owner.strip():
            problems.append(PlanProblem(a.clause_id, "no_owner", f"{label}: ยังไม่ได้ระบุผู้รับผิดชอบ",
                                        f"action for {a.clause_id} has no owner"))
        if a.due_on <= assessed_on:
            problems.append(PlanProblem(
                a.clause_id, "due_not_after_assessment",
                f"{label}: กำหนดเสร็จ {_be(a.due_on)} ต้องหลังวันประเมิน {_be(assessed_on)}",
                f"action for {a.clause_id} is due {a.due_on.isoformat()}, not after the assessment {assessed_on.isoformat()}"))
        if a.done_on is not None and a.done_on < assessed_on:
            problems.append(PlanProblem(
                a.clause_id, "done_before_assessment",
                f"{label}: วันที่เสร็จ {_be(a.done_on)} อยู่ก่อนวันประเมิน {_be(assessed_on)}",
                f"action for {a.clause_id} is marked done before the assessment"))
    return tuple(problems)


def open_actions(actions: Iterable[CorrectiveAction]) -> tuple[CorrectiveAction, ...]:
    return tuple(a for a in actions if a.done_on is None)


def overdue_actions(actions: Iterable[CorrectiveAction], today: date) -> tuple[CorrectiveAction, ...]:
    return tuple(a for a in actions if a.done_on is None and a.due_on < today)


def _be(day: date) -> str:
    return f"{day.day}/{day.month}/{day.year + 543}"
