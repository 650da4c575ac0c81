from decimal import Decimal

from uplift.programme.selectors import RosterEntry
from uplift.programme.templatetags.programme import roster_rows

STATUSES = [("present", "มา"), ("absent", "ขาด")]


def _row(pk, name, status=None, hours=None):
    return RosterEntry(pk, pk + 100, name, status, hours)


def test_roster_rows_mark_the_taken_status_and_hours_and_escape_names():
    html = roster_rows([_row(7, "กลุ่มผ้า <ไหม> & ฝ้าย", "absent", Decimal("2.5")), _row(8, "บ้านดอน")],
                       STATUSES, Decimal("3.0"), True, "ชั่วโมง")
    assert "กลุ่มผ้า &lt;ไหม&gt; &amp; ฝ้าย" in html and "<ไหม>" not in html
    assert 'name="status-7" value="absent" checked>' in html and 'name="status-7" value="present">' in html
    assert 'name="hours-7" min="0" max="3.0"' in html and 'value="2.5"' in html
    assert 'name="status-8" value="present">' in html and 'name="hours-8"' in html and "checked" not in html.split("บ้านดอน")[1]
    assert " disabled" not in html


def test_roster_rows_are_read_only_for_who_may_not_take_attendance():
    html = roster_rows([_row(7, "บ้านดอน")], STATUSES, Decimal("3.0"), False, "ชั่วโมง")
    assert "<fieldset disabled>" in html
