"""A round with activity 6 (lean): the Phuket batik group (the consultant's) and the Chiang Mai silk
weavers (the owner's account) enrolled; an officer of another centre who must see neither's Phuket rows."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import pytest

from tests.browser.conftest import browser_context_args, browser_type_launch_args  # noqa: F401


@dataclass
class LeanProgramme:
    round: object
    phuket: object
    chiangmai: object
    other: object


@pytest.fixture
def lean(world):
    from uplift.access.actions import user_create
    from uplift.access.models import Role
    from uplift.programme.models import Activity, Enrolment, Round, RoundActivity

    round_ = Round.objects.create(name="รอบที่ 1/2569", starts_on=date(2026, 1, 1), ends_on=date(2026, 6, 30),
                                  budget=Decimal("1000000"), target_entrepreneurs=10, target_value=Decimal("5000000"))
    ra = RoundActivity.objects.create(round=round_, activity=Activity.objects.get(code="lean"), places=10,
                                      cost_per_place=Decimal("30000"))
    phuket = Enrolment.objects.create(round_activity=ra, entrepreneur=world.phuket, status="active",
                                      started_on=date(2026, 1, 5))
    chiangmai = Enrolment.objects.create(round_activity=ra, entrepreneur=world.chiangmai, status="active",
                                         started_on=date(2026, 1, 5))
    other = user_create(actor=world.admin, username="officer1", password="otop-uplift-2563",
                        role=Role.REGIONAL_OFFICER, centres=[1])
    return LeanProgramme(round_, phuket, chiangmai, other)


SHIFT = {"line": "สายบรรจุน้ำพริก", "date": date(2026, 1, 5), "shift": "เช้า", "product": "น้ำพริกกุ้งเสียบ",
         "planned_minutes": 420, "downtime_minutes": 47, "ideal_cycle_seconds": 1.0,
         "total_count": 19_271, "good_count": 18_848}


@pytest.fixture
def shift_data():
    return dict(SHIFT)
