"""Enrolments through their lifecycle, and who gets a freed place.

The waitlist rule is the programme's, stated in ``uplift.access.policy``: a place freed by a decline
or a withdrawal is offered to the next waitlisted entrepreneur **of the same regional centre**, by
the system account (the person's own move is audited as that person, the offer as the system).
Offering free places to the whole round's waitlist is ``waitlist.promote_national``.
"""

from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from uplift.access import policy
from uplift.audit.actions import audit_record
from uplift.programme import lifecycle
from uplift.programme.models import (
    Attendance, Cohort, Enrolment, EnrolmentCohort, Milestone, MilestoneTemplate, RoundActivity,
)
from uplift.programme.statuses import HOLDS_PLACE, WAITLISTED

ATTENDED = (Attendance.Status.PRESENT, Attendance.Status.LATE)


def _holding(round_activity_id: int) -> int:
    return Enrolment.objects.filter(round_activity_id=round_activity_id, status__in=HOLDS_PLACE).count()


def _hours_done(enrolment_id: int) -> float:
    total = Attendance.objects.filter(enrolment_id=enrolment_id, status__in=ATTENDED).aggregate(s=Sum("hours"))["s"]
    return float(total or 0)


def _cohort_for(actor, enrolment: Enrolment) -> Cohort:
    centre_id = enrolment.entrepreneur.province.centre_id
    cohort, created = Cohort.objects.get_or_create(round_activity_id=enrolment.round_activity_id, centre_id=centre_id)
    if created:
        audit_record(actor=actor, action="create", obj=cohort,
                     changes={"round_activity": enrolment.round_activity_id, "centre": centre_id})
    return cohort


def _apply(actor, enrolment: Enrolment, action: str, *, on: date, reason: str = "") -> Enrolment:
    """The move itself, inside the caller's transaction (with the activity's row locked)."""
    ra = enrolment.round_activity
    if action == "offer" and _holding(ra.pk) >= ra.places:
        raise ValidationError({"action": _("All %(places)s places of this activity are taken.") % {"places": ra.places}})
    change = lifecycle.transition(
        status=enrolment.status, action=action, on=on, reason=reason, started_on=enrolment.started_on,
        waitlist_rank=enrolment.waitlist_rank,
        hours_done=_hours_done(enrolment.pk) if action == "complete" else 0, required_hours=ra.required_hours,
    )
    before = enrolment.status
    enrolment.status, enrolment.waitlist_rank = change.status, change.waitlist_rank
    enrolment.started_on, enrolment.ended_on = change.started_on, change.ended_on
    if change.reason or action in lifecycle.NEEDS_REASON:
        enrolment.reason = change.reason
    enrolment.save()
    if action in ("accept", "start"):
        EnrolmentCohort.objects.get_or_create(enrolment=enrolment, defaults={"cohort": _cohort_for(actor, enrolment)})
    if action == "start":
        transaction.on_commit(lambda pk=enrolment.pk: _freeze_baseline(pk))
        Milestone.objects.bulk_create([
            Milestone(enrolment=enrolment, template=t, due_on=on + timedelta(weeks=t.due_week))
            for t in MilestoneTemplate.objects.filter(activity_id=ra.activity_id)
        ], ignore_conflicts=True)
    audit_record(actor=actor, action=action, obj=enrolment,
                 changes={"status": [before, change.status], "reason": change.reason, "on": on.isoformat()})
    return enrolment


def _freeze_baseline(enrolment_id: int) -> None:
    from uplift.programme.signals import enrolment_started

    enrolment_started.send(sender=Enrolment, enrolment_id=enrolment_id)


def _waitlist(round_activity: RoundActivity):
    return (Enrolment.objects.select_related("entrepreneur__province")
            .filter(round_activity=round_activity, status=WAITLISTED).order_by("waitlist_rank", "id"))


def _promote_in_centre(round_activity: RoundActivity, centre_id: int, on: date) -> Enrolment | None:
    """The freed place to the next waitlisted entrepreneur of the same regional centre, as the system."""
    if _holding(round_activity.pk) >= round_activity.places:
        return None
    candidate = _waitlist(round_activity).filter(entrepreneur__province__centre_id=centre_id).first()
    if candidate is None:
        return None
    system = policy.system_actor()
    policy.require(system, "enrolment.manage", candidate)
    candidate.round_activity = round_activity
    return _apply(system, candidate, "offer", on=on, reason=_("A place became free in your regional centre."))


def enrolment_transition(*, actor, enrolment_id: int, action: str, reason: str = "", on: date | None = None) -> Enrolment:
    """Move one enrolment (offer, accept, decline, start, complete, withdraw); a freed place goes on."""
    on = on or timezone.localdate()
    with transaction.atomic():
        enrolment = policy.get_visible(actor, Enrolment, enrolment_id)
        policy.require(actor, lifecycle.verb_for(action), enrolment,
                       message=_("Your role cannot change this enrolment."))
        # one writer per activity at a time, so places are never over-given
        ra = RoundActivity.objects.select_for_update().get(pk=enrolment.round_activity_id)
        enrolment = Enrolment.objects.select_for_update().select_related("entrepreneur__province").get(pk=enrolment.pk)
        enrolment.round_activity = ra
        _apply(actor, enrolment, action, on=on, reason=reason)
        if action in lifecycle.FREES_PLACE:
            _promote_in_centre(ra, enrolment.entrepreneur.province.centre_id, on)
    return enrolment


def waitlist_promote(*, actor, round_activity_id: int, on: date | None = None) -> list[Enrolment]:
    """Offer every free place of an activity to the whole round's waitlist, lowest rank first, whatever
    the centre: administrators and programme managers only (``waitlist.promote_national``)."""
    on = on or timezone.localdate()
    policy.require(actor, "waitlist.promote_national",
                   message=_("Only the programme's managers offer places to the whole round's waitlist."))
    with transaction.atomic():
        ra = policy.get_visible(actor, RoundActivity, round_activity_id)
        ra = RoundActivity.objects.select_for_update().get(pk=ra.pk)
        free = ra.places - _holding(ra.pk)
        offered = []
        for enrolment in (_waitlist(ra)[:free] if free > 0 else []):
            enrolment.round_activity = ra
            offered.append(_apply(actor, enrolment, "offer", on=on, reason=_("A place became free.")))
    return offered
