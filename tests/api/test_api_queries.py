"""List endpoints make a fixed number of SQL queries, whatever the page size."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import entrepreneur
from uplift.registry.actions import product_create

pytestmark = pytest.mark.django_db

MANY = 60


@pytest.fixture
def many(world):
    for i in range(MANY):
        e = entrepreneur(world.admin, name_th=f"กลุ่มจักสานไม้ไผ่บ้านป่าแดด {i:02d}", name_en=f"Pa Daet Bamboo {i:02d}",
                         subdistrict="500101", postal_code="50200", id_type="none", id_number="")
        product_create(actor=world.admin, entrepreneur_id=e.pk, data={
            "name_th": f"ตะกร้าไม้ไผ่ {i:02d}", "name_en": "", "category": "household", "star_rating": 1 + i % 5,
            "star_year": 2020, "unit": "ใบ", "price": Decimal("150"),
        }, standards=[{"standard": "TCPS", "number": f"มผช. {100 + i}/2565", "issued_on": date(2022, 1, 1), "expires_on": None}])
    return world


def queries_for(client, url: str, page_size: int) -> tuple[int, dict]:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, {"page_size": page_size})
    assert response.status_code == 200
    return len(ctx.captured_queries), response.json()


@pytest.mark.parametrize("url", ["/api/entrepreneurs", "/api/products"])
def test_list_queries_do_not_grow_with_page_size(many, as_user, url):
    client = as_user(many.admin)
    client.get(url)  # warm the session and any per-process caches
    small, small_body = queries_for(client, url, 5)
    large, large_body = queries_for(client, url, 50)
    assert len(small_body["items"]) == 5 and len(large_body["items"]) == 50
    assert small_body["count"] == large_body["count"] >= MANY
    nested = "products" if url == "/api/entrepreneurs" else "standards"
    assert sum(bool(item[nested]) for item in large_body["items"]) >= 49  # only the world's silk has no standard
    assert small == large, f"{small} queries for 5 items, {large} for 50"


def test_scoped_officer_list_queries_do_not_grow(many, as_user):
    """An officer's scope is a subquery on their centres, not a query per row."""
    from tests.factories import entrepreneur as make

    for i in range(8):
        make(many.admin, name_th=f"กลุ่มผ้าบาติกกะทู้ {i}", subdistrict="830202", postal_code="83150")
    client = as_user(many.officer)
    small, small_body = queries_for(client, "/api/entrepreneurs", 2)
    large, large_body = queries_for(client, "/api/entrepreneurs", 9)
    assert small_body["count"] == 9 and len(large_body["items"]) == 9
    assert small == large
