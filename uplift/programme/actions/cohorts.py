"""Cohorts (``cohort.manage``): an officer opens their centre's cohort of an activity; the centre's
enrolled entrepreneurs of that activity who have no cohort yet join it."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from uplift.access import policy
from uplift.audit.actions import audit_record
from uplift.geo.models import RegionalCentre
from uplift.programme.models import Cohort, Enrolment, EnrolmentCohort, RoundActivity
from uplift.programme.statuses import ENROLLED


def cohort_create(*, actor, round_activity_id: int, centre_id: int, name: str = "") -> Cohort:
    policy.require(actor, "cohort.manage")
    round_activity = policy.visible(actor, RoundActivity).filter(pk=round_activity_id).first()
    centre = policy.visible(actor, RegionalCentre).filter(pk=centre_id).first()
    errors = {}
    if round_activity is None:
        errors["round_activity"] = _("Choose the activity of the round.")
    if centre is None:
        errors["centre"] = _("Choose a regional centre within your scope.")
    if errors:
        raise ValidationError(errors)
    cohort = Cohort(round_activity=round_activity, centre=centre, name=(name or "").strip()[:200])
    policy.require(actor, "cohort.manage", cohort)
    with transaction.atomic():
        if Cohort.objects.filter(round_activity=round_activity, centre=centre).exists():
            raise ValidationError({"centre": _("This centre already has a cohort for this activity.")})
        cohort.save()
        waiting = list(Enrolment.objects.filter(round_activity=round_activity, status__in=ENROLLED,
                                                entrepreneur__province__centre=centre, cohort_link__isnull=True)
                       .values_list("pk", flat=True))
        EnrolmentCohort.objects.bulk_create([EnrolmentCohort(enrolment_id=pk, cohort=cohort) for pk in waiting])
        audit_record(actor=actor, action="create", obj=cohort, changes={
            "round_activity": round_activity.pk, "centre": centre.pk, "name": cohort.name, "members": waiting})
    return cohort
