"""The certification state machine (every illegal move refused), number checks, expiry, reminders."""

from datetime import date

import pytest

from uplift.toolkits.standards.core.catalogue import standard
from uplift.toolkits.standards.core.certification import (
    IllegalTransition, check_dates, check_number, check_transition, default_expiry, pipeline, reminders_due,
)

TODAY = date(2026, 6, 1)
HAPPY = ["gap_assessed", "corrective_actions", "pre_audit", "applied", "audited", "certified"]


def test_the_happy_path_is_allowed():
    flow = pipeline()
    assert flow.initial == "gap_assessed"
    for a, b in zip(HAPPY, HAPPY[1:]):
        check_transition(a, b, on=TODAY, last_on=TODAY, today=TODAY)
    assert flow.allowed("audited") == ("certified", "refused", "withdrawn")
    assert flow.allowed("certified") == ()


def test_every_illegal_transition_is_refused():
    flow = pipeline()
    illegal = flow.illegal()
    assert len(illegal) == len(flow.states) ** 2 - len(flow.transitions)
    for current, target in illegal:
        with pytest.raises(IllegalTransition) as error:
            check_transition(current, target, on=TODAY, last_on=None, today=TODAY)
        assert "ไม่ได้" in error.value.message_th
    with pytest.raises(IllegalTransition, match="unknown state"):
        check_transition("gap_assessed", "published", on=TODAY, last_on=None, today=TODAY)


def test_steps_are_dated_in_order_and_not_in_the_future():
    with pytest.raises(IllegalTransition) as error:
        check_transition("applied", "audited", on=date(2026, 5, 1), last_on=date(2026, 5, 10), today=TODAY)
    assert "อยู่ก่อนขั้นตอนก่อนหน้า (10/5/2569)" in error.value.message_th
    with pytest.raises(IllegalTransition, match="future"):
        check_transition("applied", "audited", on=date(2026, 6, 2), last_on=None, today=TODAY)


@pytest.mark.parametrize(("code", "text", "ok", "normal", "words"), [
    ("FDA", "10-1-12345-1-0001", True, "10-1-12345-1-0001", ""),
    ("FDA", "1011234510001", False, "", "ควรเป็น 10-1-12345-1-0001"),
    ("FDA", "10-1-123", False, "", "มีตัวเลข 6 หลัก"),
    ("TCPS", "1083/2565", True, "มผช. 1083/2565", ""),
    ("TCPS", "มผช.1083/2565", True, "มผช. 1083/2565", ""),
    ("TCPS", "1083/2022", False, "", "ใส่ปี ค.ศ. หรือไม่"),
    ("TCPS", "1083/2570", False, "", "ต้องอยู่ระหว่าง 2546 ถึง 2569"),
    ("TCPS", "1083-2565", False, "", "เลขที่/ปี พ.ศ."),
    ("HALAL", "ฮ.ล. 123/2569", True, "ฮ.ล. 123/2569", ""),
    ("GMP", "", False, "", "ยังไม่ได้กรอก"),
    ("ISO9001", "x" * 61, False, "", "ยาวเกิน 60"),
])
def test_certificate_numbers(code, text, ok, normal, words):
    result = check_number(standard(code), text, today=TODAY)
    assert result.ok is ok
    if ok:
        assert result.number == normal
    else:
        assert words in result.message_th


def test_default_expiry_is_the_day_before_the_anniversary():
    assert default_expiry(standard("TCPS"), date(2024, 1, 1)) == date(2026, 12, 31)
    assert default_expiry(standard("HALAL"), date(2024, 2, 29)) == date(2025, 2, 28)
    assert default_expiry(standard("GMP"), date(2024, 1, 1)) is None


def test_certificate_dates():
    assert check_dates(date(2026, 1, 1), date(2029, 1, 1), today=TODAY) == {}
    assert set(check_dates(date(2026, 7, 1), date(2026, 6, 30), today=TODAY)) == {"issued_on", "expires_on"}
    assert "issued_on" in check_dates(None, None, today=TODAY)


def test_reminders_90_30_7_each_once():
    expiry = date(2026, 12, 31)
    assert reminders_due(expiry, date(2026, 10, 1), ()) is None
    due = reminders_due(expiry, date(2026, 10, 2), ())
    assert due.offsets == (90,) and due.days_left == 90
    assert reminders_due(expiry, date(2026, 10, 3), (90,)) is None
    assert reminders_due(expiry, date(2026, 12, 1), (90,)).offsets == (30,)
    assert reminders_due(expiry, date(2026, 12, 28), ()).offsets == (90, 30, 7)
    assert reminders_due(expiry, date(2026, 12, 31), (90, 30, 7)) is None
    assert reminders_due(expiry, date(2027, 1, 1), ()) is None
    assert reminders_due(None, TODAY, ()) is None
