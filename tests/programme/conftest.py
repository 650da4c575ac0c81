"""A round with activities 1 and 5, enrolments of the world's two entrepreneurs, and cohorts."""

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

BKK = ZoneInfo("Asia/Bangkok")


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 12, day, hour, minute, tzinfo=BKK)


@pytest.fixture
def programme_clock(monkeypatch):
    """Django's clock at 3 Dec 2026, 08:00, inside the fixture's calendar: a test that reads "upcoming" or
    "overdue" means the same on any day it runs."""
    from django.utils import timezone

    moment = at(3, 8)
    monkeypatch.setattr(timezone, "now", lambda: moment)
    return moment


@pytest.fixture
def programme(world):
    from types import SimpleNamespace

    from uplift.programme.models import Activity, Enrolment, Round, RoundActivity
    from uplift.programme import actions

    round_ = Round.objects.create(name="รอบ 2570", starts_on=date(2026, 12, 1), ends_on=date(2027, 3, 31),
                                  budget=Decimal("1000000"), target_entrepreneurs=100, target_value=Decimal("5000000"))
    ra1 = RoundActivity.objects.create(round=round_, activity=Activity.objects.get(number=1), places=2,
                                       cost_per_place=Decimal("20000"), required_hours=6)
    ra5 = RoundActivity.objects.create(round=round_, activity=Activity.objects.get(number=5), places=1,
                                       cost_per_place=Decimal("50000"), required_hours=0)
    phuket1 = Enrolment.objects.create(round_activity=ra1, entrepreneur=world.phuket, status="offered")
    cm1 = Enrolment.objects.create(round_activity=ra1, entrepreneur=world.chiangmai, status="offered")
    for e in (phuket1, cm1):
        actions.enrolment_transition(actor=world.admin, enrolment_id=e.pk, action="accept", on=date(2026, 12, 1))
        actions.enrolment_transition(actor=world.admin, enrolment_id=e.pk, action="start", on=date(2026, 12, 2))
    phuket1.refresh_from_db()
    cm1.refresh_from_db()
    cohort_phuket = phuket1.cohort_link.cohort
    cohort_cm = cm1.cohort_link.cohort
    return SimpleNamespace(round=round_, ra1=ra1, ra5=ra5, phuket1=phuket1, cm1=cm1,
                           cohort_phuket=cohort_phuket, cohort_cm=cohort_cm)


def workshop(actor, cohort, staff, start, end, **extra):
    from uplift.programme import actions

    data = {"cohort": cohort.pk, "kind": "workshop", "topic": "การถ่ายภาพสินค้า", "starts_at": start, "ends_at": end,
            "subdistrict": "830202", "venue": "ศาลาประชาคม", "staff": staff.pk, "capacity": 20, **extra}
    weeks = data.pop("weeks", 1)
    return actions.session_create(actor=actor, data=data, weeks=weeks)


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    """Visit photos and documents go to a temporary MEDIA_ROOT, never var/media."""
    settings.MEDIA_ROOT = tmp_path / "media"
