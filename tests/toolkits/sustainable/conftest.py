"""A round with activity 7 (sustainable OTOP): the Phuket batik group (the consultant's) and the Chiang
Mai silk weavers (the owner's account) enrolled; an officer of another centre who must not see Phuket."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import pytest

from tests.browser.conftest import browser_context_args, browser_type_launch_args  # noqa: F401


@dataclass
class GreenProgramme:
    round: object
    phuket: object
    chiangmai: object
    other: object
    batik: object
    silk: object


@pytest.fixture
def green(world):
    from uplift.access.actions import user_create
    from uplift.access.models import Role
    from uplift.programme.models import Activity, Enrolment, Round, RoundActivity
    from uplift.registry.models import Product

    round_ = Round.objects.create(name="รอบที่ 1/2569", starts_on=date(2026, 1, 1), ends_on=date(2026, 6, 30),
                                  budget=Decimal("1000000"), target_entrepreneurs=10, target_value=Decimal("5000000"))
    ra = RoundActivity.objects.create(round=round_, activity=Activity.objects.get(code="sustainable"), places=10,
                                      cost_per_place=Decimal("30000"))
    phuket = Enrolment.objects.create(round_activity=ra, entrepreneur=world.phuket, status="active",
                                      started_on=date(2026, 1, 5))
    chiangmai = Enrolment.objects.create(round_activity=ra, entrepreneur=world.chiangmai, status="active",
                                         started_on=date(2026, 1, 5))
    other = user_create(actor=world.admin, username="officer1", password="otop-uplift-2563",
                        role=Role.REGIONAL_OFFICER, centres=[1])
    return GreenProgramme(round_, phuket, chiangmai, other, Product.objects.get(entrepreneur=world.phuket),
                          Product.objects.get(entrepreneur=world.chiangmai))


# One batik cloth (ผืน): hand-computed contributions with table 2026.1 on 2026-02-01
BATIK = [
    {"name": "ผ้าฝ้าย", "category": "materials", "quantity": 0.25, "unit": "kg", "factor": "cotton_yarn"},        # 1.0
    {"name": "ไฟฟ้าเตารีด", "category": "electricity", "quantity": 0.8, "unit": "หน่วย", "factor": "electricity_grid_th"},  # 0.38
    {"name": "แก๊สต้มเทียน", "category": "fuels", "quantity": 50, "unit": "g", "factor": "lpg"},                  # 0.158445
    {"name": "ฟืนต้มสีย้อม", "category": "firewood", "quantity": 0.5, "unit": "kg", "factor": "firewood"},         # 0.0738
    {"name": "ส่งของรถกระบะ", "category": "transport", "quantity": 0.02, "unit": "tkm", "factor": "freight_road_pickup"},  # 0.012
    {"name": "กล่องกระดาษ", "category": "packaging", "quantity": 0.05, "unit": "kg", "factor": "paper_cardboard"},  # 0.04
    {"name": "เศษผ้าทิ้ง", "category": "waste", "quantity": 0.03, "unit": "kg", "factor": "waste_landfill_mixed"},  # 0.0135
]
BATIK_TOTAL = 0.25 * 4.0 + 0.8 * 0.4750 + 0.05 * 3.1689 + 0.5 * 0.1476 + 0.02 * 0.60 + 0.05 * 0.80 + 0.03 * 0.45


@pytest.fixture
def batik_items():
    return [dict(item) for item in BATIK]
