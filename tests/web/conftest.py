from decimal import Decimal

import pytest

from tests.factories import PASSWORD
from uplift.registry.models import Entrepreneur, Product
from uplift.registry.search import search_text_for


def login(client, user):
    assert client.login(username=user.username, password=PASSWORD)
    return client


def make_many(count: int, *, subdistrict: str = "830202", province: str = "83") -> list[Entrepreneur]:
    """`count` Phuket community groups with one product each, written in bulk for speed."""
    names = [f"กลุ่มจักสานบ้านเกาะ {i:03d}" for i in range(count)]
    entrepreneurs = Entrepreneur.objects.bulk_create([
        Entrepreneur(kind="community_group", name_th=name, subdistrict_id=subdistrict, province_id=province,
                     postal_code="83150", members=i, search_text=search_text_for(name_th=name))
        for i, name in enumerate(names)
    ])
    Product.objects.bulk_create([
        Product(entrepreneur=e, name_th="ตะกร้าจักสาน", category="household", star_rating=(i % 5) + 1,
                star_year=2019, unit="ใบ", price=Decimal("250"))
        for i, e in enumerate(entrepreneurs)
    ])
    return entrepreneurs


@pytest.fixture
def admin_client(client, world):
    return login(client, world.admin)


@pytest.fixture
def officer_client(client, world):
    return login(client, world.officer)
