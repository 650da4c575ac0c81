"""A round with activity 3 (OTOP successors) in the Phuket centre: the batik group (the consultant's) and five
more Phuket producers enrolled and started, the Chiang Mai weavers (the owner's account) too; judge accounts;
an officer of another centre."""

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

import pytest

from tests.browser.conftest import browser_context_args, browser_type_launch_args  # noqa: F401
from tests.factories import PASSWORD, entrepreneur

START = date(2026, 1, 5)
CANVAS = {
    "problem": "ลูกค้านักท่องเที่ยวหายไป ยอดขายหน้าร้านลดลงมาก และไม่มีช่องทางขายออนไลน์",
    "existing_alternatives": "ฝากขายที่ร้านของฝากในตัวเมือง",
    "customer_segments": "คนไทยวัยทำงานที่ชอบผ้าทอมือและของขวัญ",
    "unique_value_proposition": "ผ้าบาติกลายปลาทำมือ เล่าเรื่องชุมชนป่าตอง",
    "solution": "เปิดร้านบน LINE OA และไลฟ์สดสัปดาห์ละสองครั้ง พร้อมระบบสต็อกในสเปรดชีต",
    "channels": "LINE OA เพจ Facebook และ Shopee",
    "revenue_streams": "ขายผ้าผืนละ 450 บาท และชุดของขวัญ",
    "cost_structure": "ค่าผ้า สี ค่าส่ง และค่าโฆษณาเดือนละ 1,000 บาท",
    "key_metrics": "ยอดขายออนไลน์ต่อเดือน และลูกค้าซื้อซ้ำ",
}
IDEAS = ["ไลฟ์ขายผ้าบาติก", "แอปจองโฮมสเตย์", "QR ย้อนกลับแหล่งผลิต", "ร้านน้ำพริกออนไลน์", "ระบบสต็อกในสเปรดชีต",
         "เพจสมุนไพรพร้อมส่ง"]


@dataclass
class SuccessorsProgramme:
    round: object
    ra: object
    phuket: object
    chiangmai: object
    other: object
    phuket_area: list = field(default_factory=list)
    judges: list = field(default_factory=list)


def enrol(ra, who):
    from uplift.programme.models import Enrolment, Milestone, MilestoneTemplate

    enrolment = Enrolment.objects.create(round_activity=ra, entrepreneur=who, status="active", started_on=START)
    Milestone.objects.bulk_create([Milestone(enrolment=enrolment, template=t, due_on=START + timedelta(weeks=t.due_week))
                                   for t in MilestoneTemplate.objects.filter(activity=ra.activity)])
    return enrolment


@pytest.fixture
def successors(world):
    from uplift.access.actions import user_create
    from uplift.access.models import Role
    from uplift.programme.models import Activity, Round, RoundActivity

    round_ = Round.objects.create(name="รอบที่ 1/2569", starts_on=date(2026, 1, 1), ends_on=date(2026, 6, 30),
                                  budget=Decimal("1000000"), target_entrepreneurs=10, target_value=Decimal("5000000"))
    ra = RoundActivity.objects.create(round=round_, activity=Activity.objects.get(code="successor"), places=10,
                                      cost_per_place=Decimal("20000"))
    phuket, chiangmai = enrol(ra, world.phuket), enrol(ra, world.chiangmai)
    area = [phuket]
    for n, name in enumerate(("กลุ่มน้ำพริกบ้านกะทู้", "กลุ่มสมุนไพรฉลอง", "วิสาหกิจโฮมสเตย์ราไวย์", "กลุ่มผ้ามัดย้อมกมลา",
                              "กลุ่มแม่บ้านเชิงทะเล"), start=1):
        area.append(enrol(ra, entrepreneur(world.admin, name_th=name, name_en=f"Phuket group {n}",
                                           subdistrict="830101", postal_code="83000", phone=f"076-200-00{n}")))
    other = user_create(actor=world.admin, username="officer1", password=PASSWORD, role=Role.REGIONAL_OFFICER,
                        centres=[1])
    judges = [world.officer, world.consultant,
              user_create(actor=world.admin, username="judge3", password=PASSWORD, role=Role.CONSULTANT,
                          first_name="อาจารย์ปราณี", last_name="ใจงาม"),
              user_create(actor=world.admin, username="judge4", password=PASSWORD, role=Role.CONSULTANT,
                          first_name="คุณวิทย์", last_name="สายดี")]
    return SuccessorsProgramme(round_, ra, phuket, chiangmai, other, area, judges)


@pytest.fixture
def canvas():
    return dict(CANVAS)


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
