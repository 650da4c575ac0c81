"""Scheduling sessions: workshops and clinics (``session.schedule``), on-site visits (``visit.schedule``),
rescheduling (``session.update``). A trainer or consultant is never booked twice at once.

A refusal for a double booking names the other session (topic and time) only when the actor may see
that session; otherwise it says only that the person is already booked then.
"""

import uuid
from datetime import datetime, timedelta

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from uplift.access import policy
from uplift.audit.actions import audit_record
from uplift.geo.models import Subdistrict
from uplift.programme.models import Cohort, Enrolment, EnrolmentCohort, Session
from uplift.programme.statuses import ENROLLED
from uplift.registry.models import Entrepreneur

SESSION_FIELDS = ("cohort", "kind", "topic", "starts_at", "ends_at", "subdistrict", "venue", "link", "staff",
                  "entrepreneur", "capacity")
RELATED = ("cohort", "staff", "subdistrict", "entrepreneur")


def schedule_verb(kind: str) -> str:
    return "visit.schedule" if kind == Session.Kind.VISIT else "session.schedule"


def _check_double_booking(actor, session: Session, occurrences: list[tuple[datetime, datetime]]) -> None:
    for starts, ends in occurrences:
        clash = (Session.objects.filter(staff_id=session.staff_id, starts_at__lt=ends, ends_at__gt=starts)
                 .exclude(pk=session.pk).order_by("starts_at").first())
        if clash is None:
            continue
        if not policy.visible(actor, Session).filter(pk=clash.pk).exists():
            raise ValidationError({"staff": _("This person is already booked at that time.")})
        local = timezone.localtime(clash.starts_at)
        raise ValidationError({"staff": _("%(name)s is already booked at that time: %(topic)s, %(when)s.") % {
            "name": clash.staff.get_full_name() or clash.staff.get_username(), "topic": clash.topic,
            "when": f"{local:%d/%m}/{local.year + 543} {local:%H:%M}"}})


def _lock_staff(staff_id: int) -> None:
    """Two bookings of one person cannot pass the overlap check together."""
    get_user_model().objects.select_for_update().filter(pk=staff_id).first()


def _build(data: dict) -> Session:
    unknown = set(data) - set(SESSION_FIELDS)
    if unknown:
        raise ValidationError({name: _("Unknown field.") for name in sorted(unknown)})
    session = Session(**{k: v for k, v in data.items() if k not in RELATED})
    for name in RELATED:
        value = data.get(name)
        setattr(session, f"{name}_id", getattr(value, "pk", value) or None)
    return session


def _validate(actor, session: Session, verb: str) -> None:
    if not policy.visible(actor, Cohort, verb).filter(pk=session.cohort_id).exists():
        raise ValidationError({"cohort": _("No such cohort within your scope.")})
    if session.entrepreneur_id and not policy.visible(actor, Entrepreneur, verb).filter(pk=session.entrepreneur_id).exists():
        raise ValidationError({"entrepreneur": _("No such entrepreneur within your scope.")})
    if not policy.can(actor, "session.schedule"):
        # who may schedule visits only (consultants) schedules their own, to one entrepreneur of theirs
        if not session.entrepreneur_id:
            raise ValidationError({"entrepreneur": _("Choose the entrepreneur to visit.")})
        if session.staff_id and session.staff_id != actor.pk:
            raise ValidationError({"staff": _("You schedule your own visits.")})
        session.staff_id = actor.pk
    errors = {}
    if session.staff_id is None:
        errors["staff"] = _("Choose the trainer or consultant.")
    if session.kind == Session.Kind.CLINIC and not session.link:
        errors["link"] = _("An online clinic needs its link.")
    if session.kind in (Session.Kind.WORKSHOP, Session.Kind.VISIT) and not session.subdistrict_id:
        errors["subdistrict"] = _("Give the place (subdistrict).")
    if session.starts_at and session.ends_at and session.ends_at <= session.starts_at:
        errors["ends_at"] = _("The session ends before it starts.")
    if session.subdistrict_id and not Subdistrict.objects.filter(code=session.subdistrict_id).exists():
        errors["subdistrict"] = _("Unknown subdistrict code %(code)s.") % {"code": session.subdistrict_id}
    if session.staff_id and not get_user_model().objects.filter(pk=session.staff_id, is_active=True).exists():
        errors["staff"] = _("No such trainer or consultant.")
    if errors:
        raise ValidationError(errors)
    session.full_clean(exclude=[*RELATED, "series"])


def _visit_cohort(actor, session: Session, verb: str) -> None:
    """A one-to-one visit needs no cohort chosen: it joins (or opens) the cohort of the visited
    entrepreneur's current enrolment, within the actor's scope."""
    if session.cohort_id or session.kind != Session.Kind.VISIT or not session.entrepreneur_id:
        return
    from uplift.programme.actions.enrolments import _cohort_for

    enrolment = (policy.visible(actor, Enrolment, verb).filter(entrepreneur_id=session.entrepreneur_id, status__in=ENROLLED)
                 .select_related("entrepreneur__province", "cohort_link").order_by("-started_on", "-pk").first())
    if enrolment is None:
        raise ValidationError({"entrepreneur": _("This entrepreneur has no current enrolment to visit for.")})
    link = getattr(enrolment, "cohort_link", None)
    if link is None:
        link = EnrolmentCohort.objects.create(enrolment=enrolment, cohort=_cohort_for(actor, enrolment))
    session.cohort_id = link.cohort_id


def session_create(*, actor, data: dict, weeks: int = 1) -> list[Session]:
    """One session, or a weekly series of ``weeks`` sessions."""
    if not 1 <= weeks <= 52:
        raise ValidationError({"weeks": _("A series runs 1 to 52 weeks.")})
    session = _build(data)
    verb = schedule_verb(session.kind)
    if not policy.can(actor, verb):
        raise PermissionDenied(_("Your role cannot schedule this kind of session."))
    series = uuid.uuid4() if weeks > 1 else None
    with transaction.atomic():
        _visit_cohort(actor, session, verb)
        _validate(actor, session, verb)
        policy.require(actor, verb, session)
        occurrences = [(session.starts_at + timedelta(weeks=i), session.ends_at + timedelta(weeks=i))
                       for i in range(weeks)]
        _lock_staff(session.staff_id)
        _check_double_booking(actor, session, occurrences)
        made = []
        for starts, ends in occurrences:
            s = Session(**{f.attname: getattr(session, f.attname) for f in Session._meta.concrete_fields if f.attname != "id"})
            s.starts_at, s.ends_at, s.series = starts, ends, series
            s.save()
            made.append(s)
        audit_record(actor=actor, action="create", obj=made[0], changes={
            "topic": session.topic, "weeks": weeks, "staff": session.staff_id, "series": str(series) if series else None})
    return made


def session_reschedule(*, actor, session_id: int, starts_at: datetime, ends_at: datetime) -> Session:
    with transaction.atomic():
        session = policy.get_visible(actor, Session, session_id)
        policy.require(actor, "session.update", session, message=_("Your role cannot change this session."))
        if ends_at <= starts_at:
            raise ValidationError({"ends_at": _("The session ends before it starts.")})
        _lock_staff(session.staff_id)
        _check_double_booking(actor, session, [(starts_at, ends_at)])
        before = [session.starts_at.isoformat(), session.ends_at.isoformat()]
        session.starts_at, session.ends_at = starts_at, ends_at
        session.save(update_fields=["starts_at", "ends_at"])
        audit_record(actor=actor, action="update", obj=session,
                     changes={"when": [before, [starts_at.isoformat(), ends_at.isoformat()]]})
    return session
