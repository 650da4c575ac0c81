"""From maturity gaps to a dated plan of recommended actions (`data/roadmap_v1.json`).

A gap is a rule that fires: a dimension below the target (0–100), or a question scoring
below the rule's threshold (0–1). The actions of all fired rules are planned once each.
Order: prerequisites first (a prerequisite that no gap asks for is taken as done), then
the larger dimension gap (target − dimension score), then the action's `order`, then id.
Dates: actions run one after another, each taking its effort in working days out of a
capacity of days per week; an action is due on the last day of the week (counted from the
start date) in which its cumulative days are used up.
"""

from __future__ import annotations

import heapq
import json
import math
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from fractions import Fraction
from pathlib import Path

from .maturity import MaturityScore

ROADMAP_FILE = Path(__file__).resolve().parent.parent / "data" / "roadmap_v1.json"


@dataclass(frozen=True)
class EffortLevel:
    code: str
    name_th: str
    name_en: str
    days: float


@dataclass(frozen=True)
class TrainingTopic:
    code: str
    name_th: str
    name_en: str


@dataclass(frozen=True)
class Action:
    id: str
    dimension: str
    title_th: str
    title_en: str
    effort: str
    order: int
    prerequisites: tuple[str, ...]
    training_topic: str


@dataclass(frozen=True)
class Rule:
    id: str
    actions: tuple[str, ...]
    dimension: str | None = None
    question: str | None = None
    below: float | None = None


@dataclass(frozen=True)
class Roadmap:
    version: str
    questionnaire: str
    default_target: float
    effort_levels: Mapping[str, EffortLevel]
    topics: Mapping[str, TrainingTopic]
    actions: Mapping[str, Action]
    rules: tuple[Rule, ...]

    def days(self, action: Action) -> float:
        return self.effort_levels[action.effort].days


@dataclass(frozen=True)
class Gap:
    rule_id: str
    dimension: str | None
    question: str | None
    score: float
    threshold: float


@dataclass(frozen=True)
class PlanItem:
    step: int
    action: Action
    reasons: tuple[str, ...]
    days: float
    start: date
    due: date
    week: int


@dataclass(frozen=True)
class Plan:
    target: float
    start: date
    days_per_week: float
    gaps: tuple[Gap, ...]
    items: tuple[PlanItem, ...]

    @property
    def total_days(self) -> float:
        return sum(item.days for item in self.items)

    @property
    def end(self) -> date:
        return self.items[-1].due if self.items else self.start


def load_roadmap(path: Path = ROADMAP_FILE) -> Roadmap:
    raw = json.loads(Path(path).read_text(encoding="utf-8"))
    roadmap = Roadmap(
        version=raw["version"],
        questionnaire=raw["questionnaire"],
        default_target=float(raw["default_target"]),
        effort_levels={e["code"]: EffortLevel(e["code"], e["name_th"], e["name_en"], float(e["days"]))
                       for e in raw["effort_levels"]},
        topics={t["code"]: TrainingTopic(t["code"], t["name_th"], t["name_en"]) for t in raw["training_topics"]},
        actions={a["id"]: Action(a["id"], a["dimension"], a["title_th"], a["title_en"], a["effort"], int(a["order"]),
                                 tuple(a["prerequisites"]), a["training_topic"]) for a in raw["actions"]},
        rules=tuple(Rule(r["id"], tuple(r["actions"]), r.get("dimension"), r.get("question"),
                         None if r.get("below") is None else float(r["below"])) for r in raw["rules"]),
    )
    _check_roadmap(roadmap)
    return roadmap


def _check_roadmap(roadmap: Roadmap) -> None:
    problems = []
    for action in roadmap.actions.values():
        if action.effort not in roadmap.effort_levels:
            problems.append(f"{action.id}: unknown effort {action.effort}")
        if action.training_topic not in roadmap.topics:
            problems.append(f"{action.id}: unknown training topic {action.training_topic}")
        problems += [f"{action.id}: unknown prerequisite {p}" for p in action.prerequisites
                     if p not in roadmap.actions]
    for rule in roadmap.rules:
        if (rule.dimension is None) == (rule.question is None) or (rule.question is not None and rule.below is None):
            problems.append(f"{rule.id}: a rule names either a dimension, or a question with `below`")
        problems += [f"{rule.id}: unknown action {a}" for a in rule.actions if a not in roadmap.actions]
    if not problems and len(_ordered(roadmap, set(roadmap.actions), {})) < len(roadmap.actions):
        problems.append("prerequisites form a cycle")
    if problems:
        raise ValueError(f"{roadmap.version}: " + "; ".join(problems))


def find_gaps(roadmap: Roadmap, score: MaturityScore, target: float | None = None) -> list[Gap]:
    """The rules that fire for this score, in data order."""
    target = roadmap.default_target if target is None else target
    gaps = []
    for rule in roadmap.rules:
        if rule.dimension is not None:
            if rule.dimension not in score.dimensions:
                raise ValueError(f"{rule.id}: ไม่มีมิติ {rule.dimension} ในผลคะแนน (dimension not in the score)")
            if score.dimensions[rule.dimension] < target:
                gaps.append(Gap(rule.id, rule.dimension, None, score.dimensions[rule.dimension], target))
        else:
            if rule.question not in score.questions:
                raise ValueError(f"{rule.id}: ไม่มีข้อคำถาม {rule.question} ในผลคะแนน (question not in the score)")
            if score.questions[rule.question] < rule.below:
                gaps.append(Gap(rule.id, None, rule.question, score.questions[rule.question], rule.below))
    return gaps


def _ordered(roadmap: Roadmap, chosen: set[str], dimension_gap: Mapping[str, float]) -> list[str]:
    """Chosen actions, prerequisites first, then larger dimension gap, `order`, id (Kahn's algorithm)."""
    def key(action_id: str) -> tuple:
        action = roadmap.actions[action_id]
        return (-dimension_gap.get(action.dimension, 0.0), action.order, action_id)

    waiting = {a: {p for p in roadmap.actions[a].prerequisites if p in chosen} for a in chosen}
    ready = [key(a) for a, pre in waiting.items() if not pre]
    heapq.heapify(ready)
    out: list[str] = []
    while ready:
        action_id = heapq.heappop(ready)[-1]
        out.append(action_id)
        for other, pre in waiting.items():
            if action_id in pre:
                pre.discard(action_id)
                if not pre:
                    heapq.heappush(ready, key(other))
    return out


def build_plan(roadmap: Roadmap, score: MaturityScore, *, start: date, days_per_week: float,
               target: float | None = None) -> Plan:
    """The ordered, dated plan for one business's score (see the module docstring for the rules)."""
    if days_per_week <= 0:
        raise ValueError("จำนวนวันทำงานต่อสัปดาห์ต้องมากกว่า 0 (days per week must be positive)")
    target = roadmap.default_target if target is None else target
    gaps = find_gaps(roadmap, score, target)
    reasons: dict[str, list[str]] = {}
    for gap in gaps:
        for action_id in next(r for r in roadmap.rules if r.id == gap.rule_id).actions:
            reasons.setdefault(action_id, []).append(gap.rule_id)
    dimension_gap = {d: target - s for d, s in score.dimensions.items()}
    capacity = Fraction(days_per_week).limit_denominator(1000)
    used = Fraction(0)
    items = []
    for step, action_id in enumerate(_ordered(roadmap, set(reasons), dimension_gap), start=1):
        action = roadmap.actions[action_id]
        days = Fraction(roadmap.days(action)).limit_denominator(1000)
        first_week = math.floor(used / capacity)
        used += days
        week = math.ceil(used / capacity)
        items.append(PlanItem(step=step, action=action, reasons=tuple(reasons[action_id]), days=float(days),
                              start=start + timedelta(weeks=first_week),
                              due=start + timedelta(days=7 * week - 1), week=week))
    return Plan(target=target, start=start, days_per_week=days_per_week, gaps=tuple(gaps), items=tuple(items))
