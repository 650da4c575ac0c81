"""REST endpoints of the successors toolkit (activity 3): thin wrappers over its selectors and actions.

Errors: 403 when the role may not write, 404 when the object is outside the caller's scope (never
"exists but…"), 422 with field-keyed Thai messages (a canvas block's or criterion's code) when an
action refuses the data. Results have the shape of `uplift pitch-scores --json`, pitches and judges
named by their ids, plus titles and names.
"""

from datetime import date, datetime
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from pydantic import ConfigDict

from uplift.access import policy
from uplift.geo.models import RegionalCentre
from uplift.programme.models import RoundActivity
from uplift.toolkits.successors import actions, selectors
from uplift.toolkits.successors.models import PitchEvent

router = Router(tags=["successors"])

MAX_PAGE_SIZE = 100


class ErrorOut(Schema):
    detail: str


class ValidationOut(Schema):
    detail: list[dict[str, Any]]
    errors: dict[str, list[str]]


ERRORS = {403: ErrorOut, 404: ErrorOut, 422: ValidationOut}


class _In(Schema):
    model_config = ConfigDict(extra="forbid")


class EnrolmentOut(Schema):
    id: int
    entrepreneur: int = Field(alias="entrepreneur_id")
    entrepreneur_name: str = Field(alias="entrepreneur.name_th")
    round: int = Field(alias="round_activity.round_id")
    status: str
    started_on: date | None


class EnrolmentPage(Schema):
    count: int
    page: int
    page_size: int
    items: list[EnrolmentOut]


class PageQuery(Schema):
    page: int = Field(1, ge=1)
    page_size: int = Field(20, ge=1, le=MAX_PAGE_SIZE)
    sort: str = Field("entrepreneur", description="entrepreneur, round, status or started; '-' for descending")


class ProposalIn(_In):
    title: str
    successor_name: str
    blocks: dict[str, str] = Field(description="Lean Canvas block code → text (successors/data/lean_canvas_v1.json)")
    note: str = ""


class RevisionIn(_In):
    blocks: dict[str, str]
    title: str | None = None
    successor_name: str | None = None
    note: str = ""


class VersionOut(Schema):
    id: int
    proposal: int = Field(alias="proposal_id")
    number: int
    canvas: str
    blocks: dict[str, str]
    note: str
    created_at: datetime


class ProposalOut(Schema):
    id: int
    title: str
    successor_name: str
    latest: VersionOut | None


class PitchOut(Schema):
    id: int
    event: int = Field(alias="event_id")
    event_name: str = Field(alias="event.name")
    title: str
    version: int | None = Field(alias="version_id")
    rank: int | None
    rank_low: int | None
    rank_high: int | None
    score: float | None
    winner: bool

    @staticmethod
    def resolve_rank(obj):
        return obj.rank if obj.event.status == PitchEvent.Status.PUBLISHED else None

    @staticmethod
    def resolve_score(obj):
        return obj.score if obj.event.status == PitchEvent.Status.PUBLISHED else None


class StepIn(_In):
    title: str
    due_on: date
    milestone: int | None = None
    done_on: date | None = None


class StepOut(Schema):
    id: int
    pitch: int = Field(alias="pitch_id")
    order: int
    title: str
    due_on: date
    done_on: date | None
    milestone: int | None = Field(alias="milestone_id")


class WorkspaceOut(Schema):
    enrolment: int
    proposals: list[ProposalOut]
    pitches: list[PitchOut]
    plan: list[StepOut]
    milestones: list[dict[str, Any]]


class EventIn(_In):
    round_activity: int
    centre: int | None = Field(None, description="regional centre; none for a national event (administrators)")
    name: str
    held_on: date
    venue: str = ""
    winners: int = 1


class EventOut(Schema):
    id: int
    name: str
    held_on: date
    venue: str
    centre: int | None = Field(alias="centre_id")
    round_activity: int = Field(alias="round_activity_id")
    status: str
    winners: int
    rubric: dict[str, Any]


class JudgeIn(_In):
    username: str
    name: str = ""


class JudgeOut(Schema):
    id: int
    name: str
    user: int = Field(alias="user_id")


class PitchIn(_In):
    enrolment: int


class ScoresIn(_In):
    pitch: int
    scores: dict[str, float] = Field(description="criterion code → score on the rubric's scale")
    judge: int | None = Field(None, description="organisers entering a paper sheet: the judge's id")


class StatusIn(_In):
    status: str = Field(description="open or closed")


class PublishIn(_In):
    winners: int | None = None


def _enrolment(request, enrolment_id: int):
    return selectors.enrolment_get(request.auth, enrolment_id)


def _event(request, event_id: int) -> PitchEvent:
    return selectors.event_get(request.auth, event_id)


@router.get("/canvas", response={200: dict[str, Any], **ERRORS})
def canvas(request):
    """The Lean Canvas blocks with their limits (LeanStack, CC BY-SA) and the default rubric."""
    spec, book = selectors.canvas_spec(), selectors.default_rubric()
    return {"version": spec.version, "blocks": [b.__dict__ for b in spec.blocks],
            "rubric": actions._rubric_data(book)}


@router.get("/enrolments", response={200: EnrolmentPage, **ERRORS})
def enrolment_list(request, query: Query[PageQuery]):
    qs = selectors.enrolments(request.auth, query.sort)
    start = (query.page - 1) * query.page_size
    return {"count": qs.count(), "page": query.page, "page_size": query.page_size,
            "items": list(qs[start:start + query.page_size])}


@router.get("/enrolments/{int:enrolment_id}", response={200: WorkspaceOut, **ERRORS})
def enrolment_workspace(request, enrolment_id: int):
    """The ideas (latest canvas each), the pitches with their published results, and the winner's plan."""
    space = selectors.workspace(request.auth, _enrolment(request, enrolment_id))
    return {"enrolment": enrolment_id, "proposals": space.proposals, "pitches": space.pitches, "plan": space.plan,
            "milestones": [{"id": m.pk, "name_th": m.template.name_th, "due_on": m.due_on, "done_on": m.done_on}
                           for m in space.milestones]}


@router.post("/enrolments/{int:enrolment_id}/proposals", response={201: ProposalOut, **ERRORS})
def proposal_create(request, enrolment_id: int, payload: ProposalIn):
    """A new idea with its first canvas version (the successor's own account may write it)."""
    return Status(201, actions.proposal_create(actor=request.auth, enrolment=_enrolment(request, enrolment_id),
                                               **payload.model_dump()))


@router.post("/proposals/{int:proposal_id}/versions", response={201: VersionOut, **ERRORS})
def proposal_revise(request, proposal_id: int, payload: RevisionIn):
    proposal = selectors.proposal_get(request.auth, proposal_id)
    return Status(201, actions.proposal_revise(actor=request.auth, proposal=proposal, **payload.model_dump()))


@router.get("/events", response={200: list[EventOut], **ERRORS})
def event_list(request):
    return list(selectors.events(request.auth)[:200])


@router.post("/events", response={201: EventOut, **ERRORS})
def event_create(request, payload: EventIn):
    ra = policy.get_visible(request.auth, RoundActivity, payload.round_activity, related=("activity",))
    centre = policy.get_visible(request.auth, RegionalCentre, payload.centre) if payload.centre else None
    return Status(201, actions.event_create(actor=request.auth, round_activity=ra, centre=centre, name=payload.name,
                                            held_on=payload.held_on, venue=payload.venue, winners=payload.winners))


@router.get("/events/{int:event_id}", response={200: dict[str, Any], **ERRORS})
def event_detail(request, event_id: int):
    """The event, its judges and programme; the results once published (organisers: so far)."""
    event = _event(request, event_id)
    organiser = selectors.can_organise(request.auth, event)
    results = None
    if event.status == PitchEvent.Status.PUBLISHED:
        results = selectors.results_view(event, event.results)
    elif organiser:
        results, _why = selectors.live_results(event)
    return {"id": event.pk, "name": event.name, "held_on": event.held_on, "status": event.status,
            "centre": event.centre_id, "winners": event.winners, "rubric": event.rubric,
            "judges": [{"id": j.pk, "name": j.name} for j in event.judges.all()],
            "pitches": [{"id": p.pk, "order": p.order, "title": p.title, "enrolment": p.enrolment_id,
                         "rank": p.rank, "winner": p.winner} for p in event.pitches.order_by("order")],
            "results": _shape(results)}


def _shape(results: dict | None) -> dict | None:
    if results is None:
        return None
    keep = ("icc", "icc_ci", "alpha", "flagged_judges", "notes", "bootstrap", "versions", "pool")
    return {k: results.get(k) for k in keep} | {
        "ranking": [{k: item.get(k) for k in ("pitch", "title", "score", "rank", "rank_low", "rank_high", "raw")}
                    for item in results.get("ranking_named", [])],
        "judges": [{k: item.get(k) for k in ("judge", "name", "n", "correlation", "mean_offset", "flagged",
                                             "reason_th", "reason_en")} for item in results.get("judges_named", [])]}


@router.post("/events/{int:event_id}/judges", response={201: JudgeOut, **ERRORS})
def judge_add(request, event_id: int, payload: JudgeIn):
    event = _event(request, event_id)
    user = get_user_model().objects.filter(username=payload.username, is_active=True).first()
    if user is None:
        actions._organiser(request.auth, event)
        raise ValidationError({"username": _("No active account with this user name.")})
    return Status(201, actions.judge_add(actor=request.auth, event=event, user=user, name=payload.name))


@router.post("/events/{int:event_id}/pitches", response={201: dict[str, Any], **ERRORS})
def pitch_add(request, event_id: int, payload: PitchIn):
    event = _event(request, event_id)
    enrolment = selectors.enrolment_get(request.auth, payload.enrolment)
    pitch = actions.pitch_add(actor=request.auth, event=event, enrolment=enrolment)
    return Status(201, {"id": pitch.pk, "order": pitch.order, "title": pitch.title,
                        "version": pitch.version.number if pitch.version else None})


@router.get("/events/{int:event_id}/sheet", response={200: dict[str, Any], **ERRORS})
def judge_sheet(request, event_id: int):
    """The caller's own score sheet as a judge of the event."""
    judge = selectors.judge_of(request.auth, event_id)
    return {"event": judge.event_id, "judge": judge.pk, "status": judge.event.status, "rubric": judge.event.rubric,
            "pitches": [{"id": row.pitch.pk, "order": row.pitch.order, "title": row.pitch.title, "scores": row.values,
                         "total": row.total} for row in selectors.judge_sheet(judge)]}


@router.put("/events/{int:event_id}/scores", response={200: dict[str, Any], **ERRORS})
def scores_save(request, event_id: int, payload: ScoresIn):
    """A judge's scores of one pitch (or, with `judge`, an organiser entering that judge's paper sheet)."""
    if payload.judge is None:
        judge = selectors.judge_of(request.auth, event_id)
    else:
        event = _event(request, event_id)
        judge = event.judges.filter(pk=payload.judge).first()
        if judge is None:
            raise Http404(_("Not found."))
    pitch = judge.event.pitches.filter(pk=payload.pitch).first()
    if pitch is None:
        raise Http404(_("Not found."))
    saved = actions.scores_save(actor=request.auth, judge=judge, pitch=pitch, values=payload.scores)
    return {"pitch": pitch.pk, "judge": judge.pk, "scores": {s.criterion: s.value for s in saved}}


@router.get("/events/{int:event_id}/results", response={200: dict[str, Any], **ERRORS})
def results(request, event_id: int):
    """Published results (organisers: the results so far), as `uplift pitch-scores --json` prints them."""
    event = _event(request, event_id)
    if event.status == PitchEvent.Status.PUBLISHED:
        return _shape(selectors.results_view(event, event.results))
    actions._organiser(request.auth, event)
    live, why = selectors.live_results(event)
    if live is None:
        raise ValidationError({"scores": why})
    return _shape(live)


@router.post("/events/{int:event_id}/status", response={200: EventOut, **ERRORS})
def event_status(request, event_id: int, payload: StatusIn):
    return actions.event_status(actor=request.auth, event=_event(request, event_id), status=payload.status)


@router.post("/events/{int:event_id}/publish", response={200: dict[str, Any], **ERRORS})
def publish(request, event_id: int, payload: PublishIn):
    """Compute and publish the fair results; each pitch keeps its rank, interval and normalised score."""
    event = actions.event_publish(actor=request.auth, event=_event(request, event_id), winners=payload.winners)
    return _shape(selectors.results_view(event, event.results))


@router.post("/pitches/{int:pitch_id}/plan", response={201: StepOut, **ERRORS})
def plan_step_add(request, pitch_id: int, payload: StepIn):
    """A dated step of a winning idea's plan, tied to one of the enrolment's milestones."""
    pitch = selectors.pitch_get(request.auth, pitch_id)
    return Status(201, actions.plan_step_save(actor=request.auth, pitch=pitch, **payload.model_dump()))
