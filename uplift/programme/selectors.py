"""Reads of programme delivery. Every function starts from the acting user's scope
(uplift.access.scoping), so a consultant only ever reads their entrepreneurs' rows.

Pages built from these make a fixed number of queries: per-row figures (hours done,
milestones met) are correlated subqueries, never per-row Python loops.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import (
    Count, DecimalField, Exists, IntegerField, OuterRef, Q, QuerySet, Subquery, Sum, Value,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from uplift.access.models import Role
from uplift.access.scoping import entrepreneur_filter, role_of, visible_entrepreneurs
from uplift.programme.models import (
    Attendance, Cohort, Enrolment, EnrolmentCohort, Milestone, Round, Session,
)

ATTENDED = (Attendance.Status.PRESENT, Attendance.Status.LATE)
ON_ROSTER = (Enrolment.Status.ACCEPTED, Enrolment.Status.ACTIVE, Enrolment.Status.COMPLETED)


def _sees_all(user) -> bool:
    return role_of(user) in (Role.ADMINISTRATOR, Role.EXECUTIVE)


def _centres(user):
    return user.profile.centres.values("pk")


def _mine(user):
    """The user's entrepreneurs for filtering programme rows. A consultant's or an entrepreneur's scope is a
    short list (their assignments), read once per request and given to the database as ids, so PostgreSQL
    drives its plans from the index on entrepreneur_id; an officer's region stays a subquery."""
    if role_of(user) in (Role.CONSULTANT, Role.ENTREPRENEUR):
        cached = getattr(user, "_programme_scope_ids", None)
        if cached is None:
            cached = list(visible_entrepreneurs(user).order_by().values_list("pk", flat=True))
            user._programme_scope_ids = cached
        return cached
    return visible_entrepreneurs(user).values("pk")


def _prefixed(q: Q, path: str) -> Q:
    """entrepreneur_filter(user), a Q over Entrepreneur, applied through a relation (e.g. "entrepreneur__")."""
    out = Q(*[_prefixed(c, path) if isinstance(c, Q) else (path + c[0], c[1]) for c in q.children],
            _connector=q.connector, _negated=q.negated)
    return out


def _scope(user, path: str) -> Q:
    """The rows whose entrepreneur (reached by `path`) the user may see. Officers' regions as a join, so
    PostgreSQL filters by province first; consultants and entrepreneurs by their short list of ids."""
    if role_of(user) == Role.REGIONAL_OFFICER:
        return _prefixed(entrepreneur_filter(user), path)
    return Q(**{f"{path}in": _mine(user)})


def enrolments_visible(user) -> QuerySet[Enrolment]:
    if _sees_all(user):
        return Enrolment.objects.all()
    return Enrolment.objects.filter(_scope(user, "entrepreneur__"))


def cohorts_visible(user) -> QuerySet[Cohort]:
    role = role_of(user)
    if _sees_all(user):
        return Cohort.objects.all()
    if role == Role.REGIONAL_OFFICER:
        return Cohort.objects.filter(centre__in=_centres(user))
    return Cohort.objects.filter(Exists(EnrolmentCohort.objects.filter(
        cohort=OuterRef("pk"), enrolment__entrepreneur__in=_mine(user))))


def sessions_visible(user) -> QuerySet[Session]:
    """Sessions of the user's scope: officers their centres' cohorts; consultants and entrepreneurs the
    cohorts their entrepreneurs are in (a visit only when its entrepreneur is theirs); a trainer their own."""
    role = role_of(user)
    if role is None:
        return Session.objects.none()
    if _sees_all(user):
        return Session.objects.all()
    if role == Role.REGIONAL_OFFICER:
        return Session.objects.filter(cohort__centre__in=_centres(user))
    mine = _mine(user)
    # the cohorts of the user's entrepreneurs, read first: a handful of ids (at most activities × centres).
    # Inlined as a correlated EXISTS under the OR, PostgreSQL costs the scan so high that JIT compiles it.
    cohorts = list(EnrolmentCohort.objects.filter(enrolment__entrepreneur__in=mine).order_by()
                   .values_list("cohort_id", flat=True).distinct())
    return Session.objects.filter(
        Q(staff=user) | Q(entrepreneur__isnull=True, cohort_id__in=cohorts) | Q(entrepreneur__in=mine)
    )


def session_get(user, pk: int) -> Session:
    from django.http import Http404

    session = (sessions_visible(user).select_related("cohort__round_activity__activity", "cohort__centre", "staff",
                                                     "subdistrict__district__province", "entrepreneur")
               .filter(pk=pk).first())
    if session is None:
        raise Http404("No such session")
    return session


def session_roster(user, session: Session) -> QuerySet[Enrolment]:
    """The enrolments whose attendance `user` may take at `session`: the cohort's members in their scope."""
    qs = enrolments_visible(user).filter(cohort_link__cohort_id=session.cohort_id, status__in=ON_ROSTER)
    if session.entrepreneur_id:
        qs = qs.filter(entrepreneur_id=session.entrepreneur_id)
    return qs.select_related("entrepreneur").order_by("entrepreneur__name_th", "pk")


def roster_with_attendance(user, session: Session) -> list[Enrolment]:
    taken = Attendance.objects.filter(session=session, enrolment=OuterRef("pk"))
    return list(session_roster(user, session).annotate(
        att_status=Subquery(taken.values("status")[:1]), att_hours=Subquery(taken.values("hours")[:1])))


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


def milestones_visible(user) -> QuerySet[Milestone]:
    if _sees_all(user):
        return Milestone.objects.all()
    return Milestone.objects.filter(_scope(user, "enrolment__entrepreneur__"))


def overdue_milestones(user, today: date | None = None) -> QuerySet[Milestone]:
    today = today or timezone.localdate()
    return (milestones_visible(user).filter(done_on__isnull=True, due_on__lt=today, enrolment__status=Enrolment.Status.ACTIVE)
            .select_related("template", "enrolment__entrepreneur__province", "enrolment__round_activity__activity")
            .order_by("due_on", "pk"))


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


LIST_LIMIT = 50


@dataclass
class Workspace:
    role: str
    sessions: list
    enrolments: list
    enrolment_count: int
    overdue: list
    overdue_count: int
    cohorts: list
    gaps: list
    unassigned: list


def workspace(user) -> Workspace:
    """What the user works on now: sessions, enrolments with progress, overdue milestones, (officers) cohorts and gaps."""
    role = role_of(user) or ""
    enrolments = with_progress(enrolments_visible(user).filter(status__in=ON_ROSTER + (Enrolment.Status.OFFERED,))) \
        .order_by("entrepreneur__name_th", "round_activity__activity__number", "pk")
    overdue = overdue_milestones(user)
    cohorts, gaps = [], []
    if role in (Role.REGIONAL_OFFICER, Role.ADMINISTRATOR, Role.EXECUTIVE):
        soon = timezone.now() + timedelta(days=14)
        upcoming = Session.objects.filter(cohort=OuterRef("pk"), starts_at__gte=timezone.now(), starts_at__lte=soon)
        members = (EnrolmentCohort.objects.filter(cohort=OuterRef("pk"), enrolment__status__in=ON_ROSTER).order_by()
                   .values("cohort").annotate(c=Count("pk")).values("c"))
        cohorts = list(cohorts_visible(user).annotate(
            member_count=Coalesce(Subquery(members, output_field=IntegerField()), 0),
            session_soon=Exists(upcoming),
        ).select_related("round_activity__activity", "round_activity__round", "centre")
            .order_by("centre__number", "round_activity__activity__number")[:LIST_LIMIT])
        gaps = [c for c in cohorts if c.member_count and not c.session_soon]
        unassigned = enrolments.filter(status=Enrolment.Status.ACTIVE).exclude(Exists(_assigned()))
        gaps_unassigned = list(unassigned[:LIST_LIMIT])
    else:
        gaps_unassigned = []
    return Workspace(
        role=role,
        sessions=upcoming_sessions(user, mine_only=False),
        enrolments=list(enrolments[:LIST_LIMIT]),
        enrolment_count=enrolments.count(),
        overdue=list(overdue[:LIST_LIMIT]),
        overdue_count=overdue.count(),
        cohorts=cohorts,
        gaps=gaps,
        unassigned=gaps_unassigned,
    )


def _assigned():
    from uplift.access.models import ConsultantAssignment

    return ConsultantAssignment.objects.filter(entrepreneur=OuterRef("entrepreneur"))


def round_plan(round_id: int) -> tuple[Round, list, dict]:
    """The round, its plan and progress figures: share of plan steps done, of places active or completed."""
    round_ = Round.objects.get(pk=round_id)
    plan = list(round_.plan.all())
    today = timezone.localdate()
    span = max((round_.ends_on - round_.starts_on).days, 1)
    last = max([m.due_on for m in plan] + [round_.ends_on])
    span = max((last - round_.starts_on).days, 1)
    for m in plan:
        m.left_pct = round(100 * (m.starts_on - round_.starts_on).days / span, 2)
        m.width_pct = max(round(100 * (m.due_on - m.starts_on).days / span, 2), 1.0)
        m.late = m.done_on is None and m.due_on < today
    status = Enrolment.objects.filter(round_activity__round=round_).aggregate(
        places_holding=Count("pk", filter=Q(status__in=["offered", "accepted", "active", "completed"])),
        active=Count("pk", filter=Q(status="active")), completed=Count("pk", filter=Q(status="completed")),
    )
    places = sum(round_.activities.values_list("places", flat=True))
    expected_done = sum(1 for m in plan if m.due_on < today)
    figures = {
        **status, "places": places, "steps": len(plan), "steps_done": sum(1 for m in plan if m.done_on),
        "steps_due": expected_done, "today_pct": round(min(max((today - round_.starts_on).days / span, 0), 1) * 100, 2),
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
