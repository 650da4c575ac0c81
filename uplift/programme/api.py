"""REST endpoints for programme delivery: thin wrappers over the programme selectors and actions."""

from datetime import date, datetime
from decimal import Decimal
from typing import Literal

from ninja import Field, File, Form, Query, Router, Schema, Status
from ninja.files import UploadedFile
from pydantic import ConfigDict

from uplift.programme import actions, selectors
from uplift.programme.models import Attendance, Enrolment, Session

router = Router(tags=["programme"])

MAX_PAGE_SIZE = 100


class _In(Schema):
    model_config = ConfigDict(use_enum_values=True, extra="forbid")


class SessionOut(Schema):
    id: int
    kind: str
    topic: str
    starts_at: datetime
    ends_at: datetime
    cohort: int = Field(alias="cohort_id")
    activity: int = Field(alias="cohort.round_activity.activity.number")
    centre: int = Field(alias="cohort.centre_id")
    subdistrict: str | None = Field(alias="subdistrict_id")
    venue: str
    link: str
    staff: int = Field(alias="staff_id")
    entrepreneur: int | None = Field(alias="entrepreneur_id")
    capacity: int
    series: str | None

    @staticmethod
    def resolve_series(obj) -> str | None:
        return str(obj.series) if obj.series else None


class SessionPage(Schema):
    count: int
    page: int
    page_size: int
    items: list[SessionOut]


class SessionQuery(Schema):
    page: int = Field(1, ge=1)
    page_size: int = Field(20, ge=1, le=MAX_PAGE_SIZE)
    mine: bool = Field(False, description="only sessions where I am the trainer or consultant")
    starts_from: datetime | None = None
    starts_before: datetime | None = None
    cohort: int | None = None


class SessionIn(_In):
    cohort: int
    kind: Session.Kind
    topic: str
    starts_at: datetime
    ends_at: datetime
    subdistrict: str | None = Field(None, description="6-digit DOPA subdistrict code (workshops and visits)")
    venue: str = ""
    link: str = Field("", description="online clinics")
    staff: int | None = Field(None, description="user id of the trainer or consultant (a consultant: themselves)")
    entrepreneur: int | None = Field(None, description="the visited entrepreneur (visits)")
    capacity: int = 30
    weeks: int = Field(1, ge=1, le=52, description="repeat weekly this many times")


class RescheduleIn(_In):
    starts_at: datetime
    ends_at: datetime


class AttendanceRowIn(_In):
    enrolment: int
    status: Attendance.Status
    hours: Decimal | None = Field(None, description="default: the session's full length (0 when absent)")


class AttendanceIn(_In):
    rows: list[AttendanceRowIn]


class RosterRow(Schema):
    enrolment: int = Field(alias="pk")
    entrepreneur: int = Field(alias="entrepreneur_id")
    entrepreneur_name: str
    status: str | None = Field(alias="att_status")
    hours: Decimal | None = Field(alias="att_hours")


class EnrolmentOut(Schema):
    id: int
    entrepreneur: int = Field(alias="entrepreneur_id")
    entrepreneur_name: str = Field(alias="entrepreneur.name_th")
    round: int = Field(alias="round_activity.round_id")
    activity: int = Field(alias="round_activity.activity.number")
    status: str
    waitlist_rank: int | None
    started_on: date | None
    ended_on: date | None
    reason: str
    hours_done: Decimal
    hours_required: int = Field(alias="round_activity.required_hours")
    milestones_done: int
    milestones_total: int
    has_overdue: bool


class EnrolmentPage(Schema):
    count: int
    page: int
    page_size: int
    items: list[EnrolmentOut]


class EnrolmentQuery(Schema):
    page: int = Field(1, ge=1)
    page_size: int = Field(20, ge=1, le=MAX_PAGE_SIZE)
    status: Enrolment.Status | None = None
    round: int | None = None
    activity: int | None = Field(None, description="activity number 1-7")


class TransitionIn(_In):
    action: Literal["offer", "accept", "decline", "start", "complete", "withdraw"]
    reason: str = ""
    on: date | None = None


class MilestoneOut(Schema):
    id: int
    enrolment: int = Field(alias="enrolment_id")
    entrepreneur_name: str = Field(alias="enrolment.entrepreneur.name_th")
    name_th: str = Field(alias="template.name_th")
    name_en: str = Field(alias="template.name_en")
    due_on: date
    done_on: date | None


class DoneIn(_In):
    on: date | None = None


class PromotedOut(Schema):
    offered: list[int] = Field(description="the enrolments offered a place")


class RoundMilestoneOut(Schema):
    id: int
    order: int
    name: str
    starts_on: date
    due_on: date
    done_on: date | None


class PlanOut(Schema):
    round: int
    name: str
    starts_on: date
    ends_on: date
    milestones: list[RoundMilestoneOut]
    figures: dict


class VisitLogOut(Schema):
    id: int
    session: int = Field(alias="session_id")
    entrepreneur: int = Field(alias="entrepreneur_id")
    notes: str
    files: list[str]
    follow_ups: list[str]

    @staticmethod
    def resolve_files(obj) -> list[str]:
        return [f.name for f in obj.files.all()]

    @staticmethod
    def resolve_follow_ups(obj) -> list[str]:
        return [f.action for f in obj.follow_ups.all()]


def _page(qs, query) -> dict:
    start = (query.page - 1) * query.page_size
    return {"count": qs.count(), "page": query.page, "page_size": query.page_size,
            "items": list(qs[start:start + query.page_size])}


# ---- sessions -----------------------------------------------------------------------------------

@router.get("/sessions", response=SessionPage)
def session_list(request, query: Query[SessionQuery]):
    qs = selectors.sessions_page(request.auth, mine=query.mine, starts_from=query.starts_from,
                                 starts_before=query.starts_before, cohort=query.cohort)
    return _page(qs, query)


@router.get("/sessions/{int:session_id}", response=SessionOut)
def session_detail(request, session_id: int):
    return selectors.session_get(request.auth, session_id)


@router.post("/sessions", response={201: list[SessionOut]})
def session_create(request, payload: SessionIn):
    data = payload.model_dump(exclude={"weeks"})
    made = actions.session_create(actor=request.auth, data=data, weeks=payload.weeks)
    return Status(201, [selectors.session_get(request.auth, s.pk) for s in made])


@router.patch("/sessions/{int:session_id}", response=SessionOut)
def session_reschedule(request, session_id: int, payload: RescheduleIn):
    actions.session_reschedule(actor=request.auth, session_id=session_id, starts_at=payload.starts_at, ends_at=payload.ends_at)
    return selectors.session_get(request.auth, session_id)


@router.get("/sessions/{int:session_id}/attendance", response=list[RosterRow])
def attendance_get(request, session_id: int):
    return selectors.roster_with_attendance(request.auth, selectors.session_get(request.auth, session_id))


@router.post("/sessions/{int:session_id}/attendance", response=list[RosterRow])
def attendance_post(request, session_id: int, payload: AttendanceIn):
    actions.attendance_record(actor=request.auth, session_id=session_id,
                               rows=[r.model_dump() for r in payload.rows])
    return selectors.roster_with_attendance(request.auth, selectors.session_get(request.auth, session_id))


@router.post("/sessions/{int:session_id}/visit-logs", response={201: VisitLogOut})
def visit_log_create(request, session_id: int, entrepreneur: Form[int], notes: Form[str],
                     follow_up: Form[str] = "", follow_up_due: Form[date | None] = None,
                     files: File[list[UploadedFile]] = None):
    log = actions.visit_log_create(
        actor=request.auth, session_id=session_id, entrepreneur_id=entrepreneur, notes=notes, files=files or [],
        follow_ups=[{"action": follow_up, "due_on": follow_up_due}] if follow_up else [])
    return Status(201, log)


# ---- enrolments and milestones ------------------------------------------------------------------

@router.get("/enrolments", response=EnrolmentPage)
def enrolment_list(request, query: Query[EnrolmentQuery]):
    qs = selectors.enrolments_page(request.auth, status=query.status, round_id=query.round, activity=query.activity)
    return _page(qs, query)


def _enrolment(request, enrolment_id: int):
    return selectors.enrolment_get(request.auth, enrolment_id)


@router.get("/enrolments/{int:enrolment_id}", response=EnrolmentOut)
def enrolment_detail(request, enrolment_id: int):
    return _enrolment(request, enrolment_id)


@router.post("/enrolments/{int:enrolment_id}/transition", response=EnrolmentOut)
def enrolment_transition(request, enrolment_id: int, payload: TransitionIn):
    actions.enrolment_transition(actor=request.auth, enrolment_id=enrolment_id, action=payload.action,
                                  reason=payload.reason, on=payload.on)
    return _enrolment(request, enrolment_id)


@router.get("/enrolments/{int:enrolment_id}/milestones", response=list[MilestoneOut])
def enrolment_milestones(request, enrolment_id: int):
    return selectors.enrolment_milestones(request.auth, _enrolment(request, enrolment_id))


@router.get("/milestones/overdue", response=list[MilestoneOut])
def milestones_overdue(request, limit: int = Query(200, ge=1, le=1000)):
    return list(selectors.overdue_milestones(request.auth)[:limit])


@router.post("/milestones/{int:milestone_id}/done", response=MilestoneOut)
def milestone_done(request, milestone_id: int, payload: DoneIn):
    actions.milestone_done(actor=request.auth, milestone_id=milestone_id, on=payload.on)
    return selectors.milestone_get(request.auth, milestone_id)


@router.post("/round-activities/{int:round_activity_id}/waitlist/promote", response=PromotedOut)
def waitlist_promote(request, round_activity_id: int, payload: DoneIn):
    """Offer every free place of the activity to the whole round's waitlist (administrators and programme
    managers). A place freed by a decline or withdrawal already goes, automatically, to the same regional
    centre's waitlist."""
    offered = actions.waitlist_promote(actor=request.auth, round_activity_id=round_activity_id, on=payload.on)
    return {"offered": [e.pk for e in offered]}


# ---- the round's plan -----------------------------------------------------------------------------

def _plan(request, round_id: int) -> dict:
    round_, plan, figures = selectors.round_plan(request.auth, round_id)
    return {"round": round_.pk, "name": round_.name, "starts_on": round_.starts_on, "ends_on": round_.ends_on,
            "milestones": plan, "figures": figures}


@router.get("/rounds/{int:round_id}/plan", response=PlanOut)
def round_plan(request, round_id: int):
    return _plan(request, round_id)


@router.post("/rounds/{int:round_id}/plan", response={201: PlanOut})
def round_plan_create(request, round_id: int):
    actions.round_plan_create(actor=request.auth, round_id=round_id)
    return Status(201, _plan(request, round_id))


@router.post("/rounds/plan-milestones/{int:milestone_id}/done", response=RoundMilestoneOut)
def round_milestone_done(request, milestone_id: int, payload: DoneIn):
    return actions.round_milestone_done(actor=request.auth, milestone_id=milestone_id, on=payload.on)
