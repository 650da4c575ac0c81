"""The enrolment lifecycle as a pure state machine: no database, no clock.

    waitlisted ──offer──▶ offered ──accept──▶ accepted ──start──▶ active ──complete──▶ completed
                            │                    │                  │
                            └──decline──▶ declined                  └──withdraw──▶ withdrawn
                                                 └──withdraw──▶ withdrawn

A decline or a withdrawal frees a place; the actions offer it to the next on the waitlist of the same
regional centre (uplift.access.policy states the rule).
"""

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from uplift.programme.statuses import (  # noqa: F401 (re-exported)
    ACCEPTED, ACTIVE, COMPLETED, DECLINED, HOLDS_PLACE, OFFERED, STATUSES, WAITLISTED, WITHDRAWN,
)

# action → (statuses it may start from, status it leads to)
ACTIONS: dict[str, tuple[frozenset[str], str]] = {
    "offer": (frozenset({WAITLISTED}), OFFERED),
    "accept": (frozenset({OFFERED}), ACCEPTED),
    "decline": (frozenset({OFFERED}), DECLINED),
    "start": (frozenset({ACCEPTED}), ACTIVE),
    "complete": (frozenset({ACTIVE}), COMPLETED),
    "withdraw": (frozenset({ACCEPTED, ACTIVE}), WITHDRAWN),
}
NEEDS_REASON = frozenset({"decline", "withdraw"})
FREES_PLACE = frozenset({"decline", "withdraw"})
# the entrepreneur's own answers to an offer; every other move is the programme's
RESPONSES = frozenset({"accept", "decline"})


def verb_for(action: str) -> str:
    """The access policy's verb for moving an enrolment by ``action``."""
    return "enrolment.respond" if action in RESPONSES else "enrolment.manage"


@dataclass(frozen=True)
class Change:
    status: str
    waitlist_rank: int | None
    started_on: date | None
    ended_on: date | None
    reason: str
    frees_place: bool


def _label(status: str) -> str:
    from uplift.programme.templatetags.programme import STATUS_LABELS

    return str(STATUS_LABELS.get(status, status))


def allowed_actions(status: str) -> list[str]:
    return [name for name, (sources, _target) in ACTIONS.items() if status in sources]


def transition(*, status: str, action: str, on: date, reason: str = "", started_on: date | None = None,
               waitlist_rank: int | None = None, hours_done: float = 0, required_hours: float = 0) -> Change:
    """The enrolment's fields after `action`; a ValidationError (on "action") when it is not allowed."""
    if action not in ACTIONS:
        raise ValidationError({"action": _("Unknown action %(action)s.") % {"action": action}})
    sources, target = ACTIONS[action]
    if status not in sources:
        raise ValidationError({"action": _("An enrolment that is %(status)s cannot be moved to %(target)s.") % {
            "status": _label(status), "target": _label(target)}})
    reason = (reason or "").strip()
    if action in NEEDS_REASON and not reason:
        raise ValidationError({"reason": _("Give the reason.")})
    if action == "complete" and hours_done < required_hours:
        raise ValidationError({"action": _("Only %(done)s of the %(required)s required hours are done.") % {
            "done": f"{hours_done:g}", "required": f"{required_hours:g}"}})
    if action in ("complete", "withdraw") and started_on is not None and on < started_on:
        raise ValidationError({"on": _("The end date is before the start date.")})
    return Change(
        status=target,
        waitlist_rank=None if target != WAITLISTED else waitlist_rank,
        started_on=on if action == "start" else started_on,
        ended_on=on if action in ("decline", "complete", "withdraw") else None,
        reason=reason,
        frees_place=action in FREES_PLACE,
    )
