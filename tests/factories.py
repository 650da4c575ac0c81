"""Test data with Thai names, built through the same services the application uses."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from stdnum.th import pin

from uplift.access.models import Role
from uplift.access import policy
from uplift.access.actions import consultant_assign, user_create
from uplift.registry.models import MonthlySales
from uplift.registry.actions import entrepreneur_create, product_create

PASSWORD = "otop-uplift-2563"


def citizen_id(stem: str) -> str:
    stem = stem.rjust(12, "1")[:12]
    return stem + pin.calc_check_digit(stem)


@dataclass
class World:
    admin: object
    executive: object
    officer: object
    consultant: object
    owner: object
    phuket: object
    chiangmai: object

    def users(self) -> dict:
        return {"administrator": self.admin, "executive": self.executive, "regional_officer": self.officer,
                "consultant": self.consultant, "entrepreneur": self.owner}


def entrepreneur(admin, **overrides):
    data = {
        "kind": "community_group", "name_th": "กลุ่มแม่บ้านเกษตรกรบ้านนาโพธิ์", "name_en": "Ban Na Pho Housewives Group",
        "id_type": "none", "id_number": "", "otop_year": 2016, "members": 25, "employees": 3,
        "address_line": "12 หมู่ 4", "subdistrict": "500101", "postal_code": "50200", "phone": "081-234-5678",
        "line_id": "", "email": "",
    }
    data.update(overrides)
    return entrepreneur_create(actor=admin, data=data)


def monthly_sales(e, months: dict[date, int]):
    MonthlySales.objects.bulk_create(
        [MonthlySales(entrepreneur=e, month=m, shop=Decimal(v), foreign_tourist_share=Decimal("0.4")) for m, v in months.items()]
    )


def make_world() -> World:
    system = policy.system_actor()
    admin = user_create(actor=system, username="admin", password=PASSWORD, role=Role.ADMINISTRATOR)
    phuket = entrepreneur(
        admin, name_th="กลุ่มวิสาหกิจชุมชนบาติกป่าตอง", name_en="Patong Batik Community Enterprise",
        kind="community_enterprise", subdistrict="830202", postal_code="83150", phone="076-123-456",
        id_type="juristic", id_number="0835561000015",
    )
    chiangmai = entrepreneur(
        admin, name_th="กลุ่มทอผ้าไหมบ้านสันกำแพง", name_en="San Kamphaeng Silk Weavers",
        subdistrict="501301", postal_code="50130", phone="053-331-234",
        id_type="citizen", id_number=citizen_id("350130012345"),
    )
    product_create(actor=admin, entrepreneur_id=phuket.pk, data={
        "name_th": "ผ้าบาติกลายปลา", "name_en": "Fish-pattern batik", "category": "textile",
        "star_rating": 4, "star_year": 2019, "unit": "ผืน", "price": Decimal("450"),
    }, standards=[{"standard": "TCPS", "number": "มผช. 1083/2565", "issued_on": date(2022, 5, 1), "expires_on": date(2025, 4, 30)}])
    product_create(actor=admin, entrepreneur_id=chiangmai.pk, data={
        "name_th": "ผ้าไหมทอมือ", "name_en": "Hand-woven silk", "category": "textile",
        "star_rating": None, "star_year": None, "unit": "เมตร", "price": Decimal("1200"),
    })
    monthly_sales(phuket, {date(2019, m, 1): 100_000 for m in range(1, 13)} | {date(2020, m, 1): 20_000 for m in range(4, 13)})
    executive = user_create(actor=admin, username="executive", password=PASSWORD, role=Role.EXECUTIVE)
    officer = user_create(actor=admin, username="officer10", password=PASSWORD, role=Role.REGIONAL_OFFICER, centres=[10])
    consultant = user_create(actor=admin, username="consultant", password=PASSWORD, role=Role.CONSULTANT)
    consultant_assign(actor=admin, consultant=consultant, entrepreneurs=[phuket])
    owner = user_create(actor=admin, username="owner", password=PASSWORD, role=Role.ENTREPRENEUR, entrepreneur=chiangmai)
    return World(admin, executive, officer, consultant, owner, phuket, chiangmai)
