"""Recording the needs self-assessment: staff for the entrepreneurs in their scope, an
entrepreneur's own account for itself (``needs.record``); executives only read."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from uplift.access import policy
from uplift.audit.actions import audit_record
from uplift.registry.models import Entrepreneur
from uplift.screening.models import NeedsAssessment

NEEDS_FIELDS = ("online_presence", "standards_held", "production_problems", "has_successor", "environmental_practice")


def needs_record(*, actor, entrepreneur_id: int, data: dict) -> NeedsAssessment:
    policy.require(actor, "needs.record")
    entrepreneur = policy.get_visible(actor, Entrepreneur, entrepreneur_id)
    policy.require(actor, "needs.record", entrepreneur)
    unknown = set(data) - set(NEEDS_FIELDS)
    if unknown:
        raise ValidationError({name: _("Unknown field.") for name in sorted(unknown)})
    with transaction.atomic():
        needs = (NeedsAssessment.objects.select_for_update().filter(entrepreneur=entrepreneur).first()
                 or NeedsAssessment(entrepreneur=entrepreneur))
        for name, value in data.items():
            setattr(needs, name, value)
        needs.full_clean(exclude=["entrepreneur"])
        needs.save()
        audit_record(actor=actor, action="update", obj=needs, changes=dict(data))
    return needs
