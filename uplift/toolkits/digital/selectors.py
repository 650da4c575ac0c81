"""Reads of the digital toolkit, each starting from the access policy, and what `core/` computes from
them: the combined score per wave, the T0→T1 change, the radar chart's data, the plan and the checks."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from typing import Any

from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from uplift.access import policy
from uplift.programme.models import Enrolment, Milestone
from uplift.toolkits.digital.core import maturity, radar, roadmap
from uplift.toolkits.digital.core.presentation import load_photo_rules
from uplift.web.templatetags.thai import is_thai
from uplift.toolkits.digital.models import Assessment, PresentationCheck, Respondent, Roadmap, RoadmapItem

ACTIVITY = "digital"
WORKING_STATUSES = ("accepted", "active", "completed")
SORTS = {
    "entrepreneur": "entrepreneur__name_th", "-entrepreneur": "-entrepreneur__name_th",
    "round": "round_activity__round__starts_on", "-round": "-round_activity__round__starts_on",
    "status": "status", "-status": "-status",
    "started": "started_on", "-started": "-started_on",
}


@cache
def questionnaire() -> maturity.Questionnaire:
    return maturity.load_questionnaire()


@cache
def roadmap_data() -> roadmap.Roadmap:
    return roadmap.load_roadmap()


@cache
def photo_rules():
    return load_photo_rules()


def enrolments(actor, sort: str = "entrepreneur") -> QuerySet[Enrolment]:
    """The activity's enrolments the actor sees, in working statuses."""
    order = SORTS.get(sort, SORTS["entrepreneur"])
    return (policy.visible(actor, Enrolment)
            .filter(round_activity__activity__code=ACTIVITY, status__in=WORKING_STATUSES)
            .select_related("entrepreneur__province", "round_activity__round", "round_activity__activity")
            .order_by(order, "pk"))


def enrolment_get(actor, pk) -> Enrolment:
    enrolment = policy.get_visible(actor, Enrolment, pk,
                                   related=("entrepreneur__province", "round_activity__round", "round_activity__activity"))
    if enrolment.round_activity.activity.code != ACTIVITY:
        raise Http404(_("Not found."))
    return enrolment


def visible(actor, model) -> QuerySet:
    return policy.visible(actor, model, "toolkit.view")


def respondent_get(actor, pk) -> Respondent:
    return policy.get_visible(actor, Respondent, pk, "toolkit.view", related=("assessment__enrolment",))


def check_get(actor, pk) -> PresentationCheck:
    return policy.get_visible(actor, PresentationCheck, pk, "toolkit.view")


def roadmap_item_get(actor, pk) -> RoadmapItem:
    return policy.get_visible(actor, RoadmapItem, pk, "toolkit.view", related=("roadmap__enrolment",))


def score_of(assessment: Assessment) -> maturity.MaturityScore | None:
    """The stored combined score as the core's type (question scores are not needed downstream)."""
    if assessment is None or assessment.overall is None:
        return None
    return maturity.MaturityScore(questions={}, dimensions=assessment.dimensions, overall=assessment.overall)


def respondent_score(respondent: Respondent) -> maturity.MaturityScore:
    return maturity.score_answers(questionnaire(), respondent.answers)


def band_name(code: str) -> str:
    band = next((b for b in questionnaire().bands if b.code == code), None)
    if band is None:
        return ""
    return band.name_th if is_thai() else band.name_en


@dataclass
class WaveFigures:
    wave: str
    label: str
    assessment: Assessment | None
    respondents: list[Respondent]

    @property
    def score(self) -> maturity.MaturityScore | None:
        return score_of(self.assessment)

    @property
    def stale(self) -> bool:
        """Sent to outcomes, then changed: the observation no longer shows the score."""
        a = self.assessment
        return bool(a and a.recorded_at and a.overall is not None and round(a.overall, 2) != float(a.recorded_value))


@dataclass
class Workspace:
    enrolment: Enrolment
    waves: list[WaveFigures]
    rows: list[dict[str, Any]]
    change: maturity.MaturityChange | None
    radar: dict[str, Any] | None
    roadmap: Roadmap | None
    items: list[RoadmapItem]
    milestones: list[Milestone]
    checks: list[PresentationCheck]
    marketplaces: list[Any] = field(default_factory=list)

    @property
    def t0(self) -> WaveFigures:
        return self.waves[0]

    @property
    def t1(self) -> WaveFigures:
        return self.waves[1]


def dimension_rows(t0: maturity.MaturityScore | None, t1: maturity.MaturityScore | None) -> list[dict[str, Any]]:
    rows = []
    for d in questionnaire().dimensions:
        before = t0.dimensions.get(d.code) if t0 else None
        after = t1.dimensions.get(d.code) if t1 else None
        rows.append({"code": d.code, "name": d.name_th if is_thai() else d.name_en, "t0": before, "t1": after,
                     "change": None if before is None or after is None else after - before})
    return rows


def radar_chart(t0: maturity.MaturityScore | None, t1: maturity.MaturityScore | None) -> dict[str, Any] | None:
    """The radar's data in the page's language; with T1 alone, its one series is named T1."""
    if t0 is None and t1 is None:
        return None
    lang = "th" if is_thai() else "en"
    if t0 is not None:
        return radar.radar_data(questionnaire(), t0, t1, lang=lang)
    both = radar.radar_data(questionnaire(), t1, t1, lang=lang)
    return {"indicator": both["indicator"], "series": both["series"][1:]}


def workspace(actor, enrolment: Enrolment) -> Workspace:
    assessments = {a.wave: a for a in visible(actor, Assessment).filter(enrolment=enrolment)}
    respondents: dict[int, list[Respondent]] = {}
    for r in visible(actor, Respondent).filter(assessment__enrolment=enrolment).order_by("id"):
        respondents.setdefault(r.assessment_id, []).append(r)
    waves = [WaveFigures(wave, str(label), assessments.get(wave),
                         respondents.get(assessments[wave].pk, []) if wave in assessments else [])
             for wave, label in Assessment.Wave.choices]
    t0, t1 = waves[0].score, waves[1].score
    change = maturity.maturity_change(questionnaire(), t0, t1) if t0 and t1 else None
    chart = radar_chart(t0, t1)
    plan = visible(actor, Roadmap).filter(enrolment=enrolment).first()
    items = list(visible(actor, RoadmapItem).filter(roadmap=plan).select_related("milestone__template")) if plan else []
    milestones = list(policy.visible(actor, Milestone).filter(enrolment=enrolment).select_related("template")
                      .order_by("due_on", "template__order"))
    checks = list(visible(actor, PresentationCheck).filter(enrolment=enrolment).select_related("product"))
    return Workspace(enrolment, waves, dimension_rows(t0, t1), change, chart, plan, items, milestones, checks,
                     list(photo_rules().marketplaces))


def assessment_of(actor, enrolment: Enrolment, wave: str) -> Assessment | None:
    return visible(actor, Assessment).filter(enrolment=enrolment, wave=wave).first()


def finding_rows(check: PresentationCheck) -> list[dict[str, Any]]:
    thai = is_thai()
    names = {m.code: m.name_th if thai else m.name_en for m in photo_rules().marketplaces}
    return [finding | {"marketplace_name": names.get(finding["marketplace"], finding["marketplace"]),
                       "message": finding["message_th"] if thai else finding["message_en"]}
            for finding in check.result.get("findings", [])]
