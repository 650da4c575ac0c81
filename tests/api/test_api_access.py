"""Every role sees through the API exactly what scoping allows, and writes only where its role may."""

import re

import pytest

from tests.access.test_scoping import SEES
from uplift.registry.models import Entrepreneur, Product

pytestmark = pytest.mark.django_db

IN_SCOPE = SEES

PHUKET_NEW = {
    "kind": "individual", "name_th": "ร้านผ้ามัดย้อมกะทู้", "subdistrict": "830202", "postal_code": "83150",
}


@pytest.mark.parametrize("role", list(IN_SCOPE))
def test_reads_follow_scope(world, as_user, role):
    client = as_user(world.users()[role])
    listing = client.get("/api/entrepreneurs?page_size=100").json()
    products = client.get("/api/products?page_size=100").json()
    listed = {item["id"] for item in listing["items"]}
    listed_products = {item["entrepreneur_id"] for item in products["items"]}
    assert listing["count"] == len(IN_SCOPE[role]) == len(listed)

    for key in ("phuket", "chiangmai"):
        e = getattr(world, key)
        product = Product.objects.get(entrepreneur=e)
        found = client.get("/api/entrepreneurs", {"q": e.name_th}).json()
        detail = client.get(f"/api/entrepreneurs/{e.pk}")
        sales = client.get(f"/api/entrepreneurs/{e.pk}/sales")
        product_detail = client.get(f"/api/products/{product.pk}")
        if key in IN_SCOPE[role]:
            assert e.pk in listed and e.pk in listed_products
            assert [i["id"] for i in found["items"]] == [e.pk] and found["count"] == 1
            assert detail.status_code == 200 and detail.json()["name_th"] == e.name_th
            assert sales.status_code == 200
            assert product_detail.status_code == 200
        else:
            assert e.pk not in listed and e.pk not in listed_products
            assert found == {"count": 0, "page": 1, "page_size": 20, "items": []}
            assert detail.status_code == 404
            assert sales.status_code == 404
            assert product_detail.status_code == 404
            by_entrepreneur = client.get("/api/products", {"entrepreneur": e.pk}).json()
            assert by_entrepreneur["count"] == 0 and by_entrepreneur["items"] == []


def test_phuket_sales_visible_to_its_consultant(world, as_user):
    rows = as_user(world.consultant).get(f"/api/entrepreneurs/{world.phuket.pk}/sales").json()
    assert len(rows) == 21 and rows[0]["month"] == "2019-01-01" and rows[0]["total"] == "100000.00"


@pytest.mark.parametrize("role", ["executive", "consultant", "entrepreneur"])
def test_read_only_roles_get_403_on_writes(world, as_user, role):
    client = as_user(world.users()[role])
    own = world.chiangmai if role == "entrepreneur" else world.phuket
    product = Product.objects.get(entrepreneur=own)
    before = (Entrepreneur.objects.count(), Product.objects.count())

    assert client.post("/api/entrepreneurs", PHUKET_NEW, content_type="application/json").status_code == 403
    assert client.patch(f"/api/entrepreneurs/{own.pk}", {"members": 99}, content_type="application/json").status_code == 403
    assert client.post("/api/products", {
        "entrepreneur_id": own.pk, "name_th": "น้ำพริกเผา", "category": "food", "unit": "กระปุก", "price": "60",
    }, content_type="application/json").status_code == 403
    assert client.patch(f"/api/products/{product.pk}", {"price": "1"}, content_type="application/json").status_code == 403

    assert (Entrepreneur.objects.count(), Product.objects.count()) == before
    own.refresh_from_db()
    assert own.members == 25


def test_officer_cannot_create_outside_centre(world, as_user):
    client = as_user(world.officer)
    r = client.post("/api/entrepreneurs", {
        "kind": "community_group", "name_th": "กลุ่มจักสานบ้านสันกำแพง", "subdistrict": "501301", "postal_code": "50130",
    }, content_type="application/json")
    assert r.status_code == 422
    assert "subdistrict" in r.json()["errors"]
    assert not Entrepreneur.objects.filter(name_th="กลุ่มจักสานบ้านสันกำแพง").exists()


def test_officer_creates_in_own_centre(world, as_user):
    r = as_user(world.officer).post("/api/entrepreneurs", PHUKET_NEW, content_type="application/json")
    assert r.status_code == 201, r.content
    body = r.json()
    assert body["province_name"] == "ภูเก็ต" and body["centre"] == 10
    assert Entrepreneur.objects.filter(pk=body["id"], province_id="83").exists()


def test_officer_cannot_touch_other_centre(world, as_user):
    client = as_user(world.officer)
    product = Product.objects.get(entrepreneur=world.chiangmai)
    assert client.patch(f"/api/entrepreneurs/{world.chiangmai.pk}", {"members": 1},
                        content_type="application/json").status_code == 404
    assert client.patch(f"/api/products/{product.pk}", {"price": "1"}, content_type="application/json").status_code == 404
    r = client.post("/api/products", {
        "entrepreneur_id": world.chiangmai.pk, "name_th": "ผ้าพันคอไหม", "category": "textile", "unit": "ผืน", "price": "350",
    }, content_type="application/json")
    assert r.status_code == 404
    assert world.chiangmai.name_th not in r.content.decode()
    world.chiangmai.refresh_from_db()
    product.refresh_from_db()
    assert world.chiangmai.members == 25 and product.price == 1200
    assert Product.objects.filter(entrepreneur=world.chiangmai).count() == 1


def _leaks(body: str, e) -> list[str]:
    """What of ``e`` a response body gives away: its names, record number, area."""
    told = [e.name_th, e.name_en, e.subdistrict.name_th, e.province.name_th, e.phone]
    found = [t for t in told if t and t in body]
    if re.search(rf'/entrepreneurs/{e.pk}\b|"(id|pk|entrepreneur_id)":\s*{e.pk}\b', body):
        found.append(f"record {e.pk}")
    return found


def test_duplicate_id_outside_scope_is_reported_without_its_holder(world, as_user):
    client = as_user(world.officer)
    before = Entrepreneur.objects.count()
    r = client.post("/api/entrepreneurs", PHUKET_NEW | {"id_type": "citizen", "id_number": world.chiangmai.id_number},
                    content_type="application/json")
    assert r.status_code == 422
    assert r.json()["errors"] == {"id_number": ["เลขประจำตัวนี้ลงทะเบียนไว้แล้ว โปรดติดต่อศูนย์ส่งเสริมอุตสาหกรรมภาค"]}
    assert _leaks(r.content.decode(), world.chiangmai) == []
    assert Entrepreneur.objects.count() == before


def test_duplicate_id_outside_scope_on_update_names_nobody(world, as_user):
    r = as_user(world.officer).patch(f"/api/entrepreneurs/{world.phuket.pk}", {
        "id_type": "citizen", "id_number": world.chiangmai.id_number}, content_type="application/json")
    assert r.status_code == 422
    assert list(r.json()["errors"]) == ["id_number"]
    assert _leaks(r.content.decode(), world.chiangmai) == []
    world.phuket.refresh_from_db()
    assert world.phuket.id_number == "0835561000015"


def test_duplicate_id_within_scope_names_its_holder(world, as_user):
    r = as_user(world.admin).post("/api/entrepreneurs", PHUKET_NEW | {
        "id_type": "citizen", "id_number": world.chiangmai.id_number}, content_type="application/json")
    assert r.status_code == 422
    assert world.chiangmai.name_th in r.json()["errors"]["id_number"][0]
