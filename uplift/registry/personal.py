"""Personal data of the registry under the PDPA: who sees it in full, the audited reveal, the masked view.

National ID numbers, phones and birth years are shown in full only to the roles that register and
contact entrepreneurs (``personal.view`` in the access policy: administrators, the regional officer of the
entrepreneur's region, the entrepreneur's own account). Everyone else sees them masked
(``uplift.security.masks``). A consultant may reveal one assigned entrepreneur's details on purpose
(``personal.reveal``); each reveal writes an audit row naming who, whose record and which fields.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from uplift.access import policy
from uplift.audit.actions import audit_event
from uplift.security.masks import age_band, mask_identifier, mask_phone

FIELDS = ("id_number", "phone", "people.phone", "people.birth_year")


def in_full(actor, entrepreneur) -> bool:
    """May ``actor`` see this entrepreneur's personal data without a reveal? Remembered on the object."""
    memo = getattr(entrepreneur, "_personal_in_full", None)
    if memo is None or memo[0] != getattr(actor, "pk", None):
        memo = (getattr(actor, "pk", None), policy.can(actor, "personal.view", entrepreneur))
        entrepreneur._personal_in_full = memo
    return memo[1]


def personal_reveal(*, actor, entrepreneur, via: str) -> None:
    """Show one entrepreneur's personal data in full to ``actor`` for this answer, and audit it."""
    policy.require(actor, "personal.reveal", entrepreneur)
    audit_event(actor=actor, action="personal.reveal", model="registry.Entrepreneur", object_pk=entrepreneur.pk,
                changes={"fields": list(FIELDS), "via": via})
    entrepreneur._personal_in_full = (actor.pk, True)


def may_reveal(actor, entrepreneur) -> bool:
    return not in_full(actor, entrepreneur) and policy.can(actor, "personal.reveal", entrepreneur)


def shown(actor, entrepreneur) -> dict:
    """The personal fields as this actor sees them: ``{"id_number", "phone", "masked", "people": {pk: {...}}}``."""
    full = in_full(actor, entrepreneur)
    people = {p.pk: {"phone": p.phone if full else mask_phone(p.phone),
                     "birth_year": p.birth_year if full else None,
                     "age_band": age_band(p.birth_year)} for p in entrepreneur.people.all()}
    return {"id_number": entrepreneur.id_number if full else mask_identifier(entrepreneur.id_number),
            "phone": entrepreneur.phone if full else mask_phone(entrepreneur.phone),
            "masked": not full, "people": people}


def export_masking(user) -> bool:
    """Exports are scoped by ``entrepreneur.export``; they carry personal data in full only for a role whose
    ``personal.view`` reaches every exported row (the same scope), else masked."""
    if user is None:
        raise PermissionDenied
    return not policy.can(user, "personal.view")
