"""Reads of programme delivery. Every function starts from ``policy.visible()``, so a consultant only
ever reads their entrepreneurs' rows, an officer their region's; every figure is computed over it
(national figures only for who may read them: ``round.national_figures``).

Pages built from these make a fixed number of queries: per-row figures (hours done, milestones met)
are correlated subqueries, never per-row Python loops.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from types import SimpleNamespace

from django.contrib.auth import get_user_model
from django.db.models import Count, DecimalField, Exists, IntegerField, OuterRef, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from uplift.access import policy
from uplift.programme.models import (
    Attendance, Cohort, Enrolment, Milestone, Round, RoundMilestone, Session, VisitLog,
)
from uplift.programme.statuses import ACTIVE, COMPLETED, ENROLLED, HOLDS_PLACE, OFFERED

ATTENDED = (Attendance.Status.PRESENT, Attendance.Status.LATE)
LIST_LIMIT = 50

SESSION_RELATED = ("cohort__round_activity__activity", "cohort__centre", "staff", "subdistrict__district__province",
                   "entrepreneur")


def enrolments_visible(user, verb: str = "view") -> QuerySet[Enrolment]:
    return policy.visible(user, Enrolment, verb)


def cohorts_visible(user, verb: str = "view") -> QuerySet[Cohort]:
    return policy.visible(user, Cohort, verb)


def sessions_visible(user, verb: str = "view") -> QuerySet[Session]:
    """Officers their centres' cohorts; consultants and entrepreneurs the cohorts their entrepreneurs are in
    (a visit only when its entrepreneur is theirs); a trainer their own sessions."""
    return policy.visible(user, Session, verb)


def milestones_visible(user, verb: str = "view") -> QuerySet[Milestone]:
    return policy.visible(user, Milestone, verb)


def session_get(user, pk: int) -> Session:
    return policy.get_visible(user, Session, pk, related=SESSION_RELATED)


def session_roster(user, session: Session, verb: str = "view") -> QuerySet[Enrolment]:
    """The enrolments of ``session`` within the user's scope for ``verb``: the cohort's members (a visit: its one).
    The trainer who runs the session (its staff, admitted by the policy's staff path) sees its whole roster."""
    runs_it = (session.staff_id == getattr(user, "pk", None)
               and policy.visible(user, Session, verb).filter(pk=session.pk).exists())
    base = Enrolment.objects.all() if runs_it else enrolments_visible(user, verb)
    qs = base.filter(cohort_link__cohort_id=session.cohort_id, status__in=ENROLLED)
    if session.entrepreneur_id:
        qs = qs.filter(entrepreneur_id=session.entrepreneur_id)
    return qs.select_related("entrepreneur").order_by("entrepreneur__name_th", "pk")


@dataclass(frozen=True, slots=True)
class RosterEntry:
    """One person on a session's attendance list: a trainer's list runs to hundreds, read as plain rows."""

    pk: int
    entrepreneur_id: int
    entrepreneur_name: str
    att_status: str | None
    att_hours: Decimal | None

    @property
    def entrepreneur(self) -> SimpleNamespace:
        return SimpleNamespace(pk=self.entrepreneur_id, name_th=self.entrepreneur_name)


def roster_with_attendance(user, session: Session) -> list[RosterEntry]:
    taken = Attendance.objects.filter(session=session, enrolment=OuterRef("pk"))
    rows = session_roster(user, session).annotate(
        att_status=Subquery(taken.values("status")[:1]), att_hours=Subquery(taken.values("hours")[:1]))
    return [RosterEntry(*row) for row in rows.values_list("pk", "entrepreneur_id", "entrepreneur__name_th",
                                                         "att_status", "att_hours")]


def session_visit_logs(user, session: Session) -> QuerySet[VisitLog]:
    return (policy.visible(user, VisitLog).filter(session=session)
            .select_related("entrepreneur", "author").prefetch_related("files", "follow_ups"))


def with_progress(qs: QuerySet[Enrolment]) -> QuerySet[Enrolment]:
    """Hours done (present or late) and milestones met, as subqueries: one query for the whole page."""
    hours = (Attendance.objects.filter(enrolment=OuterRef("pk"), status__in=ATTENDED).order_by()
             .values("enrolment").annotate(s=Sum("hours")).values("s"))
    total = (Milestone.objects.filter(enrolment=OuterRef("pk")).order_by().values("enrolment")
             .annotate(c=Count("pk")).values("c"))
    done = (Milestone.objects.filter(enrolment=OuterRef("pk"), done_on__isnull=False).order_by().values("enrolment")
            .annotate(c=Count("pk")).values("c"))
    overdue = Milestone.objects.filter(enrolment=OuterRef("pk"), done_on__isnull=True, due_on__lt=timezone.localdate())
    return qs.annotate(
        hours_done=Coalesce(Subquery(hours, output_field=DecimalField()), Value(0, output_field=DecimalField())),
        milestones_total=Coalesce(Subquery(total, output_field=IntegerField()), 0),
        milestones_done=Coalesce(Subquery(done, output_field=IntegerField()), 0),
        has_overdue=Exists(overdue),
    ).select_related("entrepreneur__province", "round_activity__activity", "round_activity__round")


def enrolment_get(user, pk: int) -> Enrolment:
    enrolment = with_progress(enrolments_visible(user)).filter(pk=pk).first()
    if enrolment is None:
        raise Http404(_("Not found."))
    return enrolment


def enrolment_milestones(user, enrolment: Enrolment) -> QuerySet[Milestone]:
    return (milestones_visible(user).filter(enrolment=enrolment)
            .select_related("template", "enrolment__entrepreneur").order_by("template__order"))


def milestone_get(user, pk: int) -> Milestone:
    return policy.get_visible(user, Milestone, pk, related=("template", "enrolment__entrepreneur"))


def overdue_milestones(user, today: date | None = None) -> QuerySet[Milestone]:
    today = today or timezone.localdate()
    return (milestones_visible(user).filter(done_on__isnull=True, due_on__lt=today, enrolment__status=ACTIVE)
            .select_related("template", "enrolment__entrepreneur__province", "enrolment__round_activity__activity")
            .order_by("due_on", "pk"))


def _head_and_count(qs: QuerySet, limit: int) -> tuple[list, int]:
    """The first ``limit`` rows and the number of all: counted by the database only when the first rows fill
    the limit (an entrepreneur's or a small caseload's lists never do, and their count is then the rows)."""
    head = list(qs[:limit])
    return head, (len(head) if len(head) < limit else qs.count())


@dataclass(frozen=True, slots=True)
class OverdueRow:
    """One line of the overdue list: a consultant's or an officer's runs to hundreds, read as plain rows."""

    enrolment_id: int
    entrepreneur_name: str
    province_name: str
    activity_name: str
    milestone_name: str
    due_on: date


def overdue_page(user, limit: int = 200) -> tuple[list[OverdueRow], int]:
    """The overdue milestones a person works through (the first ``limit``) and how many there are; both
    statements filter by the caseload read once."""
    policy.will_filter_repeatedly(user)
    rows = overdue_milestones(user).values_list(
        "enrolment_id", "enrolment__entrepreneur__name_th", "enrolment__entrepreneur__province__name_th",
        "enrolment__round_activity__activity__name_th", "template__name_th", "due_on")
    head, count = _head_and_count(rows, limit)
    return [OverdueRow(*row) for row in head], count


def upcoming_sessions(user, *, mine_only: bool = False, limit: int = 20) -> list[Session]:
    start = timezone.now() - timedelta(hours=12)
    qs = sessions_visible(user).filter(ends_at__gte=start)
    if mine_only:
        qs = qs.filter(staff=user)
    sessions = list(qs.select_related("cohort__round_activity__activity", "subdistrict__district__province", "entrepreneur")
                    .order_by("starts_at", "pk")[:limit])
    # one query for the page's sessions (an EXISTS per row makes PostgreSQL hash the whole attendance table)
    taken = set(Attendance.objects.filter(session_id__in=[s.pk for s in sessions]).values_list("session_id", flat=True)
                .order_by().distinct())
    for s in sessions:
        s.attendance_taken = s.pk in taken
    return sessions


def sessions_page(user, *, mine: bool = False, starts_from=None, starts_before=None, cohort: int | None = None):
    qs = sessions_visible(user).select_related("cohort__round_activity__activity")
    if mine:
        qs = qs.filter(staff=user)
    if starts_from:
        qs = qs.filter(starts_at__gte=starts_from)
    if starts_before:
        qs = qs.filter(starts_at__lt=starts_before)
    if cohort:
        qs = qs.filter(cohort_id=cohort)
    return qs.order_by("starts_at", "pk")


def enrolments_page(user, *, status: str | None = None, round_id: int | None = None, activity: int | None = None):
    qs = with_progress(enrolments_visible(user))
    if status:
        qs = qs.filter(status=status)
    if round_id:
        qs = qs.filter(round_activity__round_id=round_id)
    if activity:
        qs = qs.filter(round_activity__activity__number=activity)
    return qs.order_by("round_activity", "status", "waitlist_rank", "pk")


# ---- scheduling choices --------------------------------------------------------------------------

def schedulable_cohorts(user, limit: int = 200) -> list[Cohort]:
    """The cohorts the user may schedule for: sessions (officers, managers) or, failing that, visits (consultants)."""
    verb = "session.schedule" if policy.can(user, "session.schedule") else "visit.schedule"
    if not policy.can(user, verb):
        return []
    return list(cohorts_visible(user, verb).select_related("round_activity__activity", "round_activity__round", "centre")
                .order_by("round_activity__round", "round_activity__activity__number", "centre__number")[:limit])


def visitable_entrepreneurs(user, limit: int = 500):
    """The entrepreneurs the user may visit who are currently enrolled (a consultant: their assigned ones)."""
    from uplift.registry.models import Entrepreneur

    enrolled = enrolments_visible(user, "visit.schedule").filter(status__in=ENROLLED).values("entrepreneur_id")
    return list(policy.visible(user, Entrepreneur, "visit.schedule").filter(pk__in=enrolled)
                .order_by("name_th")[:limit])


def cohort_choices(user):
    """The rounds' activities and the regional centres the user may open a cohort for."""
    from uplift.geo.models import RegionalCentre
    from uplift.programme.models import RoundActivity

    activities = list(policy.visible(user, RoundActivity).select_related("round", "activity")
                      .order_by("-round__starts_on", "activity__number"))
    return activities, list(policy.visible(user, RegionalCentre).order_by("number"))


def consultant_choices(limit: int = 500):
    """The consultants' accounts: those the policy scopes to their assigned entrepreneurs."""
    roles = [role for role, scope in policy.RULES["attendance.record"].items() if scope == policy.Scope.ASSIGNED]
    return list(get_user_model().objects.filter(is_active=True, profile__role__in=roles)
                .order_by("first_name", "username")[:limit])


def trainer_choices(limit: int = 500):
    """Who may run a session: the field staff, i.e. the accounts the policy lets record attendance within a
    scope of their own (regional officers, consultants), not the whole-programme roles."""
    roles = [role for role, scope in policy.RULES["attendance.record"].items() if scope != policy.Scope.ALL]
    return (get_user_model().objects.filter(is_active=True, profile__role__in=roles)
            .order_by("first_name", "username")[:limit])


# ---- the workspace ---------------------------------------------------------------------------------

@dataclass
class Workspace:
    mode: str  # "national", "region", "caseload" (a consultant's) or "own" (an entrepreneur's)
    can_schedule_sessions: bool
    can_schedule_visits: bool
    can_take_attendance: bool
    sessions: list
    enrolments: list
    enrolment_count: int
    overdue: list
    overdue_count: int
    cohorts: list
    gaps: list
    unassigned: list
    rounds: list


def workspace_mode(user) -> str:
    if policy.can(user, "round.national_figures"):
        return "national"
    if policy.can(user, "enrolment.manage"):
        return "region"
    if policy.can(user, "attendance.record"):
        return "caseload"
    return "own"


def workspace(user, *, round_id: int | None = None, activity: int | None = None, status: str | None = None,
              first_page: bool = True) -> Workspace:
    """What the user works on now: sessions, enrolments with progress, overdue milestones, (officers and
    the programme's staff) cohorts and gaps. The enrolments may be narrowed to a round, an activity
    (by number) and a status. On the ``first_page`` the enrolments come as the page's rows (a list);
    otherwise as the query, for the caller to page."""
    mode = workspace_mode(user)
    policy.will_filter_repeatedly(user)
    enrolments = enrolments_visible(user).filter(status__in=(status,) if status else (*ENROLLED, OFFERED))
    if round_id:
        enrolments = enrolments.filter(round_activity__round_id=round_id)
    if activity:
        enrolments = enrolments.filter(round_activity__activity__number=activity)
    enrolments = with_progress(enrolments).order_by("entrepreneur__name_th", "round_activity__activity__number", "pk")
    overdue, overdue_count = overdue_page(user, LIST_LIMIT)
    if first_page:
        enrolment_rows, enrolment_count = _head_and_count(enrolments, LIST_LIMIT)
    else:
        enrolment_rows, enrolment_count = enrolments, enrolments.count()
    cohorts, gaps, unassigned = [], [], []
    if mode in ("national", "region"):
        soon = timezone.now() + timedelta(days=14)
        upcoming = sessions_visible(user).filter(cohort=OuterRef("pk"), starts_at__gte=timezone.now(), starts_at__lte=soon)
        cohorts = list(cohorts_visible(user).annotate(session_soon=Exists(upcoming))
                       .select_related("round_activity__activity", "round_activity__round", "centre")
                       .order_by("centre__number", "round_activity__activity__number")[:LIST_LIMIT])
        # one grouped count for the listed cohorts: a count per cohort row made PostgreSQL read the whole
        # enrolment table once per cohort (officer's workspace, national data: that statement 100–140 → 35–50 ms)
        members = dict(enrolments_visible(user).filter(cohort_link__cohort__in=[c.pk for c in cohorts],
                                                       status__in=ENROLLED)
                       .order_by().values_list("cohort_link__cohort").annotate(c=Count("pk")))
        for c in cohorts:
            c.member_count = members.get(c.pk, 0)
        gaps = [c for c in cohorts if c.member_count and not c.session_soon]
        unassigned = list(enrolments.filter(status=ACTIVE, entrepreneur__consultants__isnull=True)[:LIST_LIMIT])
    return Workspace(
        mode=mode,
        can_schedule_sessions=policy.can(user, "session.schedule"),
        can_schedule_visits=policy.can(user, "visit.schedule"),
        can_take_attendance=policy.can(user, "attendance.record"),
        sessions=upcoming_sessions(user, mine_only=False),
        enrolments=enrolment_rows,
        enrolment_count=enrolment_count,
        overdue=overdue,
        overdue_count=overdue_count,
        cohorts=cohorts,
        gaps=gaps,
        unassigned=unassigned,
        rounds=list(policy.visible(user, Round).only("pk", "name").order_by("-starts_on")[:5]) if mode != "own" else [],
    )


# ---- the round's plan --------------------------------------------------------------------------------

def round_plan(user, round_id: int) -> tuple[Round, list, dict]:
    """The round, its plan and progress figures: plan steps done, places held, active and completed.

    The plan is the staff's progress board (read with the dashboard's verb). Places held, active and
    completed count the enrolments the user may see; the round's total places and its national counts
    only for who may read national figures.
    """
    if not policy.can(user, "dashboard.view"):
        raise Http404(_("Not found."))
    round_ = policy.get_visible(user, Round, round_id)
    plan = list(policy.visible(user, RoundMilestone).filter(round=round_).order_by("order"))
    today = timezone.localdate()
    last = max([m.due_on for m in plan] + [round_.ends_on])
    span = max((last - round_.starts_on).days, 1)
    for m in plan:
        m.left_pct = round(100 * (m.starts_on - round_.starts_on).days / span, 2)
        m.width_pct = max(round(100 * (m.due_on - m.starts_on).days / span, 2), 1.0)
        m.late = m.done_on is None and m.due_on < today
    national = policy.can(user, "round.national_figures")
    enrolments = Enrolment.objects.all() if national else enrolments_visible(user)
    status = enrolments.filter(round_activity__round=round_).aggregate(
        places_holding=Count("pk", filter=Q(status__in=HOLDS_PLACE)),
        active=Count("pk", filter=Q(status=ACTIVE)), completed=Count("pk", filter=Q(status=COMPLETED)),
    )
    figures = {
        **status, "national": national,
        "places": sum(round_.activities.values_list("places", flat=True)) if national else None,
        "steps": len(plan), "steps_done": sum(1 for m in plan if m.done_on),
        "steps_due": sum(1 for m in plan if m.due_on < today),
        "today_pct": round(min(max((today - round_.starts_on).days / span, 0), 1) * 100, 2),
    }
    return round_, plan, figures


def export_attendance_rows(user, *, session_id: int | None = None, cohort_id: int | None = None):
    qs = Attendance.objects.filter(enrolment__in=enrolments_visible(user).values("pk"),
                                   session__in=sessions_visible(user).values("pk"))
    if session_id:
        qs = qs.filter(session_id=session_id)
    if cohort_id:
        qs = qs.filter(session__cohort_id=cohort_id)
    return qs.select_related("session__cohort__round_activity__activity", "enrolment__entrepreneur").order_by(
        "session__starts_at", "session_id", "enrolment__entrepreneur__name_th")



@dataclass
class Journey:
    """One entrepreneur's programme record; a section is None when the viewer may not read it."""
    enrolments: list | None
    attendance: list | None
    milestones: list | None
    observations: list | None
    values: list | None
    value_total: object = None


def entrepreneur_journey(user, entrepreneur_id: int, limit: int = LIST_LIMIT) -> Journey:
    from django.apps import apps

    observation_model, value_model = apps.get_model("outcomes", "Observation"), apps.get_model("outcomes", "EconomicValue")

    def section(model):
        return None if policy.scope_filter(user, model) is None else policy.visible(user, model)

    enrolments = section(Enrolment)
    attendance = section(Attendance)
    milestones = section(Milestone)
    observations = section(observation_model)
    values = section(value_model)
    journey = Journey(
        enrolments=None if enrolments is None else list(with_progress(enrolments.filter(entrepreneur_id=entrepreneur_id))
                                                         .order_by("-round_activity__round__starts_on", "pk")[:limit]),
        attendance=None if attendance is None else list(
            attendance.filter(enrolment__entrepreneur_id=entrepreneur_id)
            .select_related("session", "enrolment__round_activity__activity").order_by("-session__starts_at")[:limit]),
        milestones=None if milestones is None else list(
            milestones.filter(enrolment__entrepreneur_id=entrepreneur_id)
            .select_related("template", "enrolment").order_by("due_on", "pk")[:limit]),
        observations=None if observations is None else list(
            observations.filter(entrepreneur_id=entrepreneur_id).select_related("indicator", "round")
            .order_by("round_id", "indicator__order", "period")[:limit]),
        values=None if values is None else list(
            values.filter(entrepreneur_id=entrepreneur_id).select_related("round").order_by("round_id", "component")),
    )
    if journey.values is not None:
        names = apps.get_app_config("outcomes").component_names()
        for v in journey.values:
            v.component_name = names.get(v.component, v.component)
        journey.value_total = sum((v.amount for v in journey.values), start=0)
    return journey
