"""The pure state machine: every (status, action) pair outside the table is refused."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from uplift.programme import lifecycle
from uplift.programme.models import Enrolment

LEGAL = {
    ("waitlisted", "offer"): "offered",
    ("offered", "accept"): "accepted",
    ("offered", "decline"): "declined",
    ("accepted", "start"): "active",
    ("accepted", "withdraw"): "withdrawn",
    ("active", "complete"): "completed",
    ("active", "withdraw"): "withdrawn",
}
DAY = date(2027, 1, 10)


def test_statuses_match_the_model():
    assert set(lifecycle.STATUSES) == set(Enrolment.Status.values)


@pytest.mark.parametrize("status", lifecycle.STATUSES)
@pytest.mark.parametrize("action", list(lifecycle.ACTIONS))
def test_every_pair_is_legal_or_refused(status, action):
    if (status, action) in LEGAL:
        change = lifecycle.transition(status=status, action=action, on=DAY, reason="เหตุผล", started_on=date(2027, 1, 1))
        assert change.status == LEGAL[(status, action)]
    else:
        with pytest.raises(ValidationError) as error:
            lifecycle.transition(status=status, action=action, on=DAY, reason="เหตุผล")
        assert "action" in error.value.message_dict


def test_terminal_statuses_allow_nothing():
    for status in ("declined", "completed", "withdrawn"):
        assert lifecycle.allowed_actions(status) == []


def test_unknown_action_refused():
    with pytest.raises(ValidationError):
        lifecycle.transition(status="offered", action="teleport", on=DAY)


@pytest.mark.parametrize("action,status", [("decline", "offered"), ("withdraw", "active")])
def test_decline_and_withdraw_need_a_reason(action, status):
    with pytest.raises(ValidationError) as error:
        lifecycle.transition(status=status, action=action, on=DAY, reason="  ")
    assert "reason" in error.value.message_dict


def test_dates_and_place():
    start = lifecycle.transition(status="accepted", action="start", on=DAY)
    assert start.started_on == DAY and start.ended_on is None and not start.frees_place
    withdraw = lifecycle.transition(status="active", action="withdraw", on=date(2027, 2, 1), reason="ป่วย", started_on=DAY)
    assert withdraw.ended_on == date(2027, 2, 1) and withdraw.started_on == DAY and withdraw.frees_place
    assert lifecycle.transition(status="offered", action="decline", on=DAY, reason="ไม่ว่าง").frees_place


def test_complete_needs_the_required_hours():
    with pytest.raises(ValidationError):
        lifecycle.transition(status="active", action="complete", on=DAY, hours_done=5, required_hours=6)
    assert lifecycle.transition(status="active", action="complete", on=DAY, hours_done=6, required_hours=6).status == "completed"


def test_end_before_start_refused():
    with pytest.raises(ValidationError):
        lifecycle.transition(status="active", action="withdraw", on=date(2026, 1, 1), reason="x", started_on=DAY)
