"""Every write of programme delivery, one function each: ``<entity>_<verb>(*, actor, ...)`` checks the
access policy, validates, writes and audits in one transaction; emails leave on commit.

By concept: enrolments (and the waitlist), sessions, visits (attendance and visit logs), milestones
(and reminders), the round's plan.
"""

from uplift.programme.actions.cohorts import cohort_create
from uplift.programme.actions.enrolments import enrolment_transition, waitlist_promote
from uplift.programme.actions.milestones import milestone_done, reminders_send
from uplift.programme.actions.round_plan import DEFAULT_PLAN, round_milestone_done, round_plan_create
from uplift.programme.actions.sessions import session_create, session_reschedule
from uplift.programme.actions.visits import MAX_UPLOAD_BYTES, UPLOAD_TYPES, attendance_record, visit_log_create

__all__ = [
    "DEFAULT_PLAN", "MAX_UPLOAD_BYTES", "UPLOAD_TYPES", "attendance_record", "cohort_create", "enrolment_transition", "milestone_done",
    "reminders_send", "round_milestone_done", "round_plan_create", "session_create",
    "session_reschedule", "visit_log_create", "waitlist_promote",
]
