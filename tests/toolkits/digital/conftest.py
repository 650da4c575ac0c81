"""A round with activity 2 (OTOP to Digital 4.0): the Phuket batik group (the consultant's) and the Chiang Mai
silk weavers (the owner's account) enrolled and started, with their milestones; an officer of another centre."""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

import pytest

from tests.browser.conftest import browser_context_args, browser_type_launch_args  # noqa: F401
from tests.toolkits.digital.core.test_maturity import OWNER_T0, OWNER_T1

START = date(2026, 1, 5)


@dataclass
class DigitalProgramme:
    round: object
    phuket: object
    chiangmai: object
    other: object


@pytest.fixture
def digital(world):
    from uplift.access.actions import user_create
    from uplift.access.models import Role
    from uplift.programme.models import Activity, Enrolment, Milestone, MilestoneTemplate, Round, RoundActivity

    round_ = Round.objects.create(name="รอบที่ 1/2569", starts_on=date(2026, 1, 1), ends_on=date(2026, 6, 30),
                                  budget=Decimal("1000000"), target_entrepreneurs=10, target_value=Decimal("5000000"))
    activity = Activity.objects.get(code="digital")
    ra = RoundActivity.objects.create(round=round_, activity=activity, places=10, cost_per_place=Decimal("25000"))
    enrolments = []
    for entrepreneur in (world.phuket, world.chiangmai):
        enrolment = Enrolment.objects.create(round_activity=ra, entrepreneur=entrepreneur, status="active",
                                             started_on=START)
        Milestone.objects.bulk_create([Milestone(enrolment=enrolment, template=t, due_on=START + timedelta(weeks=t.due_week))
                                       for t in MilestoneTemplate.objects.filter(activity=activity)])
        enrolments.append(enrolment)
    other = user_create(actor=world.admin, username="officer1", password="otop-uplift-2563",
                        role=Role.REGIONAL_OFFICER, centres=[1])
    return DigitalProgramme(round_, enrolments[0], enrolments[1], other)


@pytest.fixture
def owner_t0():
    return dict(OWNER_T0)


@pytest.fixture
def owner_t1():
    return dict(OWNER_T1)


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
