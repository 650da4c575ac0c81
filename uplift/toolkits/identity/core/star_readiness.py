"""OTOP Product Champion self-score: part scores, total, star band and the gap to the next star.

Criteria, points and star cut-offs are data (``opc_criteria_v1.json``), all unconfirmed: the
result carries ``bands_confirmed`` so a page can say so. Criteria left unscored count 0 and
are listed.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache

from .reference import load_json

CRITERIA_FILE = "opc_criteria_v1.json"


@dataclass(frozen=True)
class Criterion:
    code: str
    part: str
    name_th: str
    name_en: str
    max_points: float
    hint_th: str


@dataclass(frozen=True)
class Part:
    code: str
    name_th: str
    name_en: str
    max_points: float
    criteria: tuple[Criterion, ...]


@dataclass(frozen=True)
class Band:
    stars: int
    min_points: float
    name_th: str
    name_en: str


@dataclass(frozen=True)
class OpcCriteria:
    version: str
    parts: tuple[Part, ...]
    bands: tuple[Band, ...]
    bands_confirmed: bool
    requires_legal_standard: bool
    entry_message_th: str
    entry_message_en: str

    @property
    def criteria(self) -> tuple[Criterion, ...]:
        return tuple(c for p in self.parts for c in p.criteria)


@dataclass(frozen=True)
class PartScore:
    code: str
    name_th: str
    points: float
    max_points: float


@dataclass(frozen=True)
class Headroom:
    """Points a criterion could still gain: where the gap to the next star can come from."""

    code: str
    name_th: str
    points: float
    max_points: float

    @property
    def room(self) -> float:
        return self.max_points - self.points


@dataclass(frozen=True)
class StarReadiness:
    criteria_version: str
    parts: tuple[PartScore, ...]
    total: float
    max_total: float
    band: Band
    next_band: Band | None
    points_to_next: float | None
    headroom: tuple[Headroom, ...]
    unscored: tuple[str, ...]
    bands_confirmed: bool
    eligible: bool | None
    eligibility_message_th: str


class ScoreError(ValueError):
    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("; ".join(problems))


@cache
def opc_criteria() -> OpcCriteria:
    data = load_json(CRITERIA_FILE)
    parts = tuple(
        Part(p["code"], p["name_th"], p["name_en"], float(p["max_points"]), tuple(
            Criterion(c["code"], p["code"], c["name_th"], c["name_en"], float(c["max_points"]), c["hint_th"])
            for c in p["criteria"]))
        for p in data["parts"])
    for part in parts:
        if sum(c.max_points for c in part.criteria) != part.max_points:
            raise ValueError(f"{data['version']}: the criteria of part {part.code} do not add up to its maximum")
    bands = tuple(sorted((Band(b["stars"], float(b["min_points"]), b["name_th"], b["name_en"])
                          for b in data["star_bands"]["bands"]), key=lambda b: b.min_points))
    if bands[0].min_points != 0:
        raise ValueError(f"{data['version']}: the lowest star band must start at 0 points")
    entry = data["entry"]
    return OpcCriteria(data["version"], parts, bands, bool(data["star_bands"]["confirmed"]),
                       bool(entry["requires_legal_standard"]), entry["message_th"], entry["message_en"])


def star_readiness(scores: Mapping[str, float], *, holds_legal_standard: bool | None = None,
                   criteria: OpcCriteria | None = None) -> StarReadiness:
    """Score a self-assessment: ``scores`` maps criterion code to points (0 to its maximum).
    ``holds_legal_standard`` (None: unknown) decides the entry condition."""
    criteria = criteria or opc_criteria()
    by_code = {c.code: c for c in criteria.criteria}
    problems = [f"ไม่รู้จักเกณฑ์ \"{code}\"" for code in scores if code not in by_code]
    problems += [f"เกณฑ์ {code} \"{by_code[code].name_th}\": คะแนน {points:g} ต้องอยู่ระหว่าง 0 ถึง {by_code[code].max_points:g}"
                 for code, points in scores.items() if code in by_code and not 0 <= points <= by_code[code].max_points]
    if problems:
        raise ScoreError(problems)
    points = {c.code: float(scores.get(c.code, 0.0)) for c in criteria.criteria}
    parts = tuple(PartScore(p.code, p.name_th, sum(points[c.code] for c in p.criteria), p.max_points)
                  for p in criteria.parts)
    total = round(sum(p.points for p in parts), 6)
    band = max((b for b in criteria.bands if total >= b.min_points), key=lambda b: b.min_points)
    next_band = min((b for b in criteria.bands if b.min_points > total), key=lambda b: b.min_points, default=None)
    headroom = tuple(sorted((Headroom(c.code, c.name_th, points[c.code], c.max_points)
                             for c in criteria.criteria if points[c.code] < c.max_points),
                            key=lambda h: (-h.room, h.code)))
    eligible = None if holds_legal_standard is None or not criteria.requires_legal_standard else holds_legal_standard
    return StarReadiness(
        criteria_version=criteria.version, parts=parts, total=total,
        max_total=sum(p.max_points for p in criteria.parts), band=band, next_band=next_band,
        points_to_next=None if next_band is None else round(next_band.min_points - total, 6),
        headroom=headroom, unscored=tuple(c.code for c in criteria.criteria if c.code not in scores),
        bands_confirmed=criteria.bands_confirmed, eligible=eligible,
        eligibility_message_th=criteria.entry_message_th if eligible is False else "",
    )
