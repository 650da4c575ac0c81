"""The enrolment statuses and the groups every app counts by, defined once (pure: no Django).

    HOLDS_PLACE   offered, accepted, active, completed — hold one of the activity's places; "selected"
    ENROLLED      accepted, active, completed — in the programme: on session rosters, the treated group
    DELIVERING    active, completed — delivery has started (hours, milestones, value)
    COMPARISON    waitlisted — the comparison group of the causal evaluation
"""

WAITLISTED, OFFERED, ACCEPTED, DECLINED, ACTIVE, COMPLETED, WITHDRAWN = (
    "waitlisted", "offered", "accepted", "declined", "active", "completed", "withdrawn")
STATUSES = (WAITLISTED, OFFERED, ACCEPTED, DECLINED, ACTIVE, COMPLETED, WITHDRAWN)

HOLDS_PLACE = (OFFERED, ACCEPTED, ACTIVE, COMPLETED)
ENROLLED = (ACCEPTED, ACTIVE, COMPLETED)
DELIVERING = (ACTIVE, COMPLETED)
COMPARISON = (WAITLISTED,)
