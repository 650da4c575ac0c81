"""A round with activity 5 (standards): the Phuket batik group (the consultant's) and the Chiang Mai silk
weavers (the owner's account) enrolled, a food product for Phuket, and an officer of another centre."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import pytest

from tests.browser.conftest import browser_context_args, browser_type_launch_args  # noqa: F401


@dataclass
class StandardsProgramme:
    round: object
    phuket: object
    chiangmai: object
    chilli: object
    batik: object
    silk: object
    other: object


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def standards(world):
    from uplift.access.actions import user_create
    from uplift.access.models import Role
    from uplift.programme.models import Activity, Enrolment, Round, RoundActivity
    from uplift.registry.actions import product_create
    from uplift.registry.models import Product

    round_ = Round.objects.create(name="รอบที่ 1/2569", starts_on=date(2026, 1, 1), ends_on=date(2026, 6, 30),
                                  budget=Decimal("1000000"), target_entrepreneurs=10, target_value=Decimal("5000000"))
    ra = RoundActivity.objects.create(round=round_, activity=Activity.objects.get(code="standards"), places=10,
                                      cost_per_place=Decimal("25000"))
    phuket = Enrolment.objects.create(round_activity=ra, entrepreneur=world.phuket, status="active",
                                      started_on=date(2026, 1, 5))
    chiangmai = Enrolment.objects.create(round_activity=ra, entrepreneur=world.chiangmai, status="active",
                                         started_on=date(2026, 1, 5))
    chilli = product_create(actor=world.admin, entrepreneur_id=world.phuket.pk, data={
        "name_th": "น้ำพริกเผากุ้งเสียบ", "name_en": "Chilli paste with smoked shrimp", "category": "food",
        "star_rating": None, "star_year": None, "unit": "กระปุก", "price": Decimal("89")})
    other = user_create(actor=world.admin, username="officer1", password="otop-uplift-2563",
                        role=Role.REGIONAL_OFFICER, centres=[1])
    return StandardsProgramme(round_, phuket, chiangmai, chilli, Product.objects.get(name_th="ผ้าบาติกลายปลา"),
                              Product.objects.get(name_th="ผ้าไหมทอมือ"), other)
