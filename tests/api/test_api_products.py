"""Product endpoints: list, detail, create with standards, partial update, and 422s naming the field."""

import pytest

from uplift.registry.models import Product, ProductStandard

pytestmark = pytest.mark.django_db

TCPS = {"standard": "TCPS", "number": "มผช. 136/2565", "issued_on": "2023-01-10", "expires_on": "2026-01-09"}


def chili_paste(world, **change):
    return {"entrepreneur_id": world.phuket.pk, "name_th": "น้ำพริกกุ้งเสียบ", "name_en": "Dried shrimp chili paste",
            "category": "food", "star_rating": 3, "star_year": 2022, "unit": "กระปุก", "price": "85.50",
            "standards": [TCPS]} | change


def post(client, data):
    return client.post("/api/products", data, content_type="application/json")


def test_list_and_filters(world, as_user):
    client = as_user(world.admin)
    body = client.get("/api/products").json()
    assert body["count"] == 2 and [p["name_th"] for p in body["items"]] == ["ผ้าบาติกลายปลา", "ผ้าไหมทอมือ"]
    assert client.get("/api/products", {"entrepreneur": world.chiangmai.pk}).json()["items"][0]["name_th"] == "ผ้าไหมทอมือ"
    assert client.get("/api/products", {"category": "food"}).json() == {"count": 0, "page": 1, "page_size": 20, "items": []}
    assert client.get("/api/products", {"page_size": 1, "page": 2}).json()["items"][0]["name_th"] == "ผ้าไหมทอมือ"
    assert client.get("/api/products", {"page_size": 101}).status_code == 422


def test_detail(world, as_user):
    product = Product.objects.get(entrepreneur=world.phuket)
    body = as_user(world.admin).get(f"/api/products/{product.pk}").json()
    assert body["name_th"] == "ผ้าบาติกลายปลา" and body["entrepreneur_id"] == world.phuket.pk
    assert body["star_rating"] == 4 and body["price"] == "450.00"
    assert [s["number"] for s in body["standards"]] == ["มผช. 1083/2565"]
    assert as_user(world.admin).get("/api/products/999999").status_code == 404


def test_create_with_standards(world, as_user):
    r = post(as_user(world.officer), chili_paste(world))
    assert r.status_code == 201, r.content
    body = r.json()
    assert body["price"] == "85.50" and body["standards"][0]["number"] == "มผช. 136/2565"
    product = Product.objects.get(pk=body["id"])
    assert product.entrepreneur_id == world.phuket.pk
    assert list(product.standards.values_list("standard_id", "number")) == [("TCPS", "มผช. 136/2565")]


@pytest.mark.parametrize("change, field", [
    ({"star_rating": 7}, "star_rating"),
    ({"star_rating": 0}, "star_rating"),
    ({"price": "-1"}, "price"),
    ({"star_rating": 4, "star_year": None}, "star_year"),
    ({"category": "weapons"}, "category"),
    ({"name_th": ""}, "name_th"),
    ({"standards": [TCPS | {"expires_on": "2022-01-01"}]}, "standards.0.expires_on"),
    ({"standards": [TCPS, TCPS | {"standard": "NOPE"}]}, "standards.1.standard"),
    ({"standards": [TCPS | {"standard": "FDA", "number": "12345"}]}, "standards.0.number"),
    ({"standards": [TCPS | {"issued_on": "not a date"}]}, "standards.0.issued_on"),
])
def test_create_rejects_bad_input(world, as_user, change, field):
    before = (Product.objects.count(), ProductStandard.objects.count())
    r = post(as_user(world.admin), chili_paste(world, **change))
    assert r.status_code == 422, r.content
    assert field in r.json()["errors"], r.json()
    assert (Product.objects.count(), ProductStandard.objects.count()) == before


def test_create_for_an_unknown_entrepreneur_is_404(world, as_user):
    before = Product.objects.count()
    r = post(as_user(world.admin), chili_paste(world, entrepreneur_id=999999))
    assert r.status_code == 404
    assert Product.objects.count() == before


def test_patch_fields_keeps_standards(world, as_user):
    product = Product.objects.get(entrepreneur=world.phuket)
    r = as_user(world.admin).patch(f"/api/products/{product.pk}", {"price": "480"}, content_type="application/json")
    assert r.status_code == 200, r.content
    assert r.json()["price"] == "480.00" and len(r.json()["standards"]) == 1
    product.refresh_from_db()
    assert product.price == 480 and product.name_th == "ผ้าบาติกลายปลา" and product.standards.count() == 1


def test_patch_replaces_standards(world, as_user):
    product = Product.objects.get(entrepreneur=world.phuket)
    client = as_user(world.officer)
    r = client.patch(f"/api/products/{product.pk}", {"standards": [TCPS]}, content_type="application/json")
    assert r.status_code == 200, r.content
    assert list(product.standards.values_list("number", flat=True)) == ["มผช. 136/2565"]
    r = client.patch(f"/api/products/{product.pk}", {"standards": []}, content_type="application/json")
    assert r.json()["standards"] == [] and not product.standards.exists()


@pytest.mark.parametrize("change, field", [
    ({"star_rating": 7}, "star_rating"), ({"price": "-0.01"}, "price"), ({"star_year": None}, "star_year"),
    ({"standards": [TCPS | {"expires_on": "2020-01-01"}]}, "standards.0.expires_on"),
])
def test_patch_rejects_bad_input(world, as_user, change, field):
    product = Product.objects.get(entrepreneur=world.phuket)
    r = as_user(world.admin).patch(f"/api/products/{product.pk}", change, content_type="application/json")
    assert r.status_code == 422 and field in r.json()["errors"], r.content
    product.refresh_from_db()
    assert (product.star_rating, product.star_year, product.price) == (4, 2019, 450)
    assert list(product.standards.values_list("number", flat=True)) == ["มผช. 1083/2565"]
