"""Reads of the successors toolkit, each starting from the access policy, and the fair results `core/`
computes from an event's scores."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from uplift.access import policy
from uplift.geo.models import RegionalCentre
from uplift.programme.models import Enrolment, Milestone, RoundActivity
from uplift.toolkits.successors.core import canvas, judging, rubric
from uplift.toolkits.successors.core.score_csv import ScoreRow
from uplift.toolkits.successors.models import (
    Judge, Pitch, PitchEvent, PlanStep, Proposal, ProposalAttachment, ProposalVersion, Score,
)
from uplift.web.templatetags.thai import is_thai

ACTIVITY = "successor"
WORKING_STATUSES = ("accepted", "active", "completed")
SORTS = {
    "entrepreneur": "entrepreneur__name_th", "-entrepreneur": "-entrepreneur__name_th",
    "round": "round_activity__round__starts_on", "-round": "-round_activity__round__starts_on",
    "status": "status", "-status": "-status",
    "started": "started_on", "-started": "-started_on",
}


@cache
def canvas_spec() -> canvas.CanvasSpec:
    return canvas.load_canvas()


@cache
def default_rubric() -> rubric.Rubric:
    return rubric.load_rubric()


def event_rubric(event: PitchEvent) -> rubric.Rubric:
    """The rubric frozen on the event when it was created."""
    raw = event.rubric
    return rubric.Rubric(version=raw["version"], scale_min=float(raw["scale"]["min"]),
                         scale_max=float(raw["scale"]["max"]),
                         criteria=tuple(rubric.Criterion(c["code"], c["name_th"], c["name_en"], float(c["weight"]),
                                                         c.get("descriptor_th", ""), c.get("descriptor_en", ""))
                                        for c in raw["criteria"]))


def enrolments(actor, sort: str = "entrepreneur") -> QuerySet[Enrolment]:
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


def proposal_get(actor, pk) -> Proposal:
    return policy.get_visible(actor, Proposal, pk, "toolkit.view", related=("enrolment",))


def attachment_get(actor, pk) -> ProposalAttachment:
    return policy.get_visible(actor, ProposalAttachment, pk, "toolkit.view")


def pitch_get(actor, pk) -> Pitch:
    return policy.get_visible(actor, Pitch, pk, "toolkit.view", related=("event", "enrolment"))


def plan_step_get(actor, pk) -> PlanStep:
    return policy.get_visible(actor, PlanStep, pk, "toolkit.view", related=("pitch",))


def events(actor) -> QuerySet[PitchEvent]:
    """Events the actor sees as such (organisers, officers of the centre, national roles)."""
    return visible(actor, PitchEvent).select_related("round_activity__round", "centre")


def event_get(actor, pk) -> PitchEvent:
    return policy.get_visible(actor, PitchEvent, pk, "toolkit.view", related=("round_activity__round", "centre"))


def organiser_centres(actor) -> tuple[list, bool]:
    """The regional centres whose events the actor may organise, and whether national ones too."""
    centres = [c for c in policy.visible(actor, RegionalCentre).order_by("pk")
               if policy.can(actor, "toolkit.work", PitchEvent(centre=c))]
    return centres, policy.can(actor, "toolkit.work", PitchEvent())


def round_activities(actor) -> QuerySet[RoundActivity]:
    return (policy.visible(actor, RoundActivity).filter(activity__code=ACTIVITY)
            .select_related("round").order_by("-round__starts_on"))


def can_organise(actor, event: PitchEvent) -> bool:
    return policy.can(actor, "toolkit.work", event)


def judge_of(actor, event_pk) -> Judge:
    """The actor's own judge row at the event: the door to the event's pitches for scoring."""
    judge = (visible(actor, Judge).filter(event_id=event_pk, user=actor)
             .select_related("event__round_activity__round").first() if str(event_pk).isdigit() else None)
    if judge is None:
        raise Http404(_("Not found."))
    return judge


def judging_events(actor) -> QuerySet[Judge]:
    """The actor's seats on panels of open events."""
    return (visible(actor, Judge).filter(user=actor, event__status=PitchEvent.Status.OPEN)
            .select_related("event").order_by("event__held_on"))


def criterion_name(criterion: rubric.Criterion) -> str:
    return criterion.name_th if is_thai() else criterion.name_en


@dataclass
class SheetRow:
    pitch: Pitch
    values: dict[str, float]
    total: float | None

    @property
    def done(self) -> bool:
        return self.total is not None


def judge_sheet(judge: Judge) -> list[SheetRow]:
    """Every pitch of the judge's event with the judge's scores so far (reached through the judge row)."""
    event = judge.event
    book = event_rubric(event)
    mine: dict[int, dict[str, float]] = {}
    for score in Score.objects.filter(judge=judge):
        mine.setdefault(score.pitch_id, {})[score.criterion] = score.value
    rows = []
    for pitch in Pitch.objects.filter(event=event).order_by("order", "id"):
        values = mine.get(pitch.pk, {})
        total = (sum(c.weight * values[c.code] for c in book.criteria)
                 if all(c.code in values for c in book.criteria) else None)
        rows.append(SheetRow(pitch, values, total))
    return rows


def score_rows(event: PitchEvent) -> list[ScoreRow]:
    """The event's scores as the core reads them: pitch and judge by id, one row per criterion."""
    return [ScoreRow(pitch=str(s.pitch_id), judge=str(s.judge_id), score=s.value, criterion=s.criterion)
            for s in Score.objects.filter(pitch__event=event).order_by("pitch_id", "judge_id", "criterion")]


def complete_rows(event: PitchEvent) -> tuple[list[ScoreRow], list[tuple[int, int]]]:
    """Rows of the (pitch, judge) pairs whose every criterion is scored, and the pairs left out."""
    book = event_rubric(event)
    codes = {c.code for c in book.criteria}
    cells: dict[tuple[str, str], list[ScoreRow]] = {}
    for row in score_rows(event):
        cells.setdefault((row.pitch, row.judge), []).append(row)
    kept, partial = [], []
    for (pitch, judge), rows in cells.items():
        if {r.criterion for r in rows} >= codes:
            kept += [r for r in rows if r.criterion in codes]
        else:
            partial.append((int(pitch), int(judge)))
    return kept, partial


def analyse(event: PitchEvent, *, draws: int | None = None) -> judging.PitchResults:
    """The event's fair results from its complete scores; ValueError (Thai, then English) when too few."""
    rows, _partial = complete_rows(event)
    if not rows:
        raise ValueError("ยังไม่มีคะแนน (no scores yet)")
    return judging.analyse_pitch_scores(rows, event_rubric(event), draws=draws, seed=event.seed)


def results_view(event: PitchEvent, result: dict[str, Any]) -> dict[str, Any]:
    """A results dict (the CLI's shape, pitches and judges by id) with names for the page."""
    pitches = {str(p.pk): p for p in Pitch.objects.filter(event=event).select_related("enrolment__entrepreneur")}
    judges = {str(j.pk): j for j in Judge.objects.filter(event=event)}
    ranking = [item | {"title": pitches[item["pitch"]].title if item["pitch"] in pitches else item["pitch"],
                       "entrepreneur": pitches[item["pitch"]].enrolment.entrepreneur.name_th
                       if item["pitch"] in pitches else "",
                       "raw": result.get("raw_means", {}).get(item["pitch"])}
               for item in result.get("ranking", [])]
    judge_rows = [item | {"name": judges[item["judge"]].name if item["judge"] in judges else item["judge"]}
                  for item in result.get("judges", [])]
    return result | {"ranking_named": ranking, "judges_named": judge_rows}


def live_results(event: PitchEvent) -> tuple[dict[str, Any] | None, str]:
    """The organiser's view while scoring runs: results so far, or why there are none yet."""
    try:
        return results_view(event, analyse(event, draws=200).to_dict()), ""
    except ValueError as error:
        return None, str(error)


def milestones(actor, enrolment: Enrolment) -> list[Milestone]:
    return list(policy.visible(actor, Milestone).filter(enrolment=enrolment).select_related("template")
                .order_by("due_on", "template__order"))


@dataclass
class Workspace:
    enrolment: Enrolment
    proposals: list[Proposal]
    pitches: list[Pitch]
    plan: list[PlanStep]
    milestones: list[Milestone]


def workspace(actor, enrolment: Enrolment) -> Workspace:
    proposals = list(visible(actor, Proposal).filter(enrolment=enrolment).prefetch_related("versions", "attachments"))
    pitches = list(visible(actor, Pitch).filter(enrolment=enrolment).select_related("event", "version"))
    plan = list(visible(actor, PlanStep).filter(enrolment=enrolment).select_related("milestone__template", "pitch"))
    return Workspace(enrolment, proposals, pitches, plan, milestones(actor, enrolment))


def canvas_rows(version: ProposalVersion | None) -> list[dict[str, Any]]:
    thai = is_thai()
    blocks = version.blocks if version else {}
    return [{"code": b.code, "label": b.label_th if thai else b.label_en, "text": blocks.get(b.code, "")}
            for b in canvas_spec().blocks]


def version_get(actor, proposal: Proposal, number) -> ProposalVersion | None:
    qs = visible(actor, ProposalVersion).filter(proposal=proposal)
    return qs.filter(number=number).first() if str(number or "").isdigit() else qs.order_by("-number").first()
