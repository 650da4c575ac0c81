"""Entrepreneur endpoints: list filters and pages, detail, create, partial update, sales, and 422s."""

import pytest

from tests.factories import citizen_id, entrepreneur
from uplift.audit.models import AuditEntry
from uplift.registry.models import Entrepreneur

pytestmark = pytest.mark.django_db

VALID = {
    "kind": "community_group", "name_th": "กลุ่มแม่บ้านทำขนมบ้านกมลา", "name_en": "Kamala Sweets Group",
    "id_type": "citizen", "id_number": citizen_id("383010055555"), "otop_year": 2018, "members": 12,
    "subdistrict": "830202", "postal_code": "83150", "phone": "089-111-2222",
}

WRONG_CHECK_DIGIT = VALID["id_number"][:-1] + str((int(VALID["id_number"][-1]) + 1) % 10)


def post(client, url, data):
    return client.post(url, data, content_type="application/json")


def patch(client, url, data):
    return client.patch(url, data, content_type="application/json")


def test_list_shape_and_filters(world, as_user):
    client = as_user(world.admin)
    body = client.get("/api/entrepreneurs").json()
    assert body["count"] == 2 and body["page"] == 1 and body["page_size"] == 20
    assert [i["name_th"] for i in body["items"]] == ["กลุ่มทอผ้าไหมบ้านสันกำแพง", "กลุ่มวิสาหกิจชุมชนบาติกป่าตอง"]
    batik = body["items"][1]
    assert batik["centre"] == 10 and batik["province"] == "83" and batik["province_name"] == "ภูเก็ต"
    assert batik["product_count"] == 1 and batik["top_stars"] == 4
    assert batik["products"][0]["name_th"] == "ผ้าบาติกลายปลา"

    def names(**params):
        return [i["name_th"] for i in client.get("/api/entrepreneurs", params).json()["items"]]

    assert names(centre=1) == ["กลุ่มทอผ้าไหมบ้านสันกำแพง"]
    assert names(province="83") == ["กลุ่มวิสาหกิจชุมชนบาติกป่าตอง"]
    assert names(kind="community_enterprise") == ["กลุ่มวิสาหกิจชุมชนบาติกป่าตอง"]
    assert names(stars="unrated") == ["กลุ่มทอผ้าไหมบ้านสันกำแพง"]
    assert names(stars="3-5") == ["กลุ่มวิสาหกิจชุมชนบาติกป่าตอง"]
    assert names(category="food") == []
    assert names(q="ผ้าไหม") == ["กลุ่มทอผ้าไหมบ้านสันกำแพง"]
    assert names(sort="-name") == ["กลุ่มวิสาหกิจชุมชนบาติกป่าตอง", "กลุ่มทอผ้าไหมบ้านสันกำแพง"]
    assert names(sort="-stars") == ["กลุ่มวิสาหกิจชุมชนบาติกป่าตอง", "กลุ่มทอผ้าไหมบ้านสันกำแพง"]
    assert names(sort="stars") == ["กลุ่มวิสาหกิจชุมชนบาติกป่าตอง", "กลุ่มทอผ้าไหมบ้านสันกำแพง"]


def test_pages(world, as_user):
    client = as_user(world.admin)
    first = client.get("/api/entrepreneurs", {"page_size": 1}).json()
    second = client.get("/api/entrepreneurs", {"page_size": 1, "page": 2}).json()
    beyond = client.get("/api/entrepreneurs", {"page_size": 1, "page": 3}).json()
    assert first["count"] == second["count"] == beyond["count"] == 2
    assert len(first["items"]) == len(second["items"]) == 1 and first["items"][0]["id"] != second["items"][0]["id"]
    assert beyond["items"] == []


@pytest.mark.parametrize("params, field", [
    ({"page_size": 101}, "page_size"), ({"page_size": 0}, "page_size"), ({"page": 0}, "page"),
    ({"kind": "bakery"}, "kind"), ({"stars": "9"}, "stars"), ({"sort": "password"}, "sort"),
])
def test_bad_query_is_422(world, as_user, params, field):
    r = as_user(world.admin).get("/api/entrepreneurs", params)
    assert r.status_code == 422
    assert field in r.json()["errors"]


def test_detail(world, as_user):
    from uplift.registry.models import Person

    Person.objects.create(entrepreneur=world.phuket, role="owner", name_th="นางสมศรี ใจดี")
    r = as_user(world.admin).get(f"/api/entrepreneurs/{world.phuket.pk}")
    assert r.status_code == 200
    body = r.json()
    assert body["subdistrict"] == "830202" and body["subdistrict_name"] == "ป่าตอง"
    assert body["district_name"] == "กะทู้" and body["province_name"] == "ภูเก็ต" and body["centre"] == 10
    assert body["id_number"] == "0835561000015"
    assert [p["name_th"] for p in body["people"]] == ["นางสมศรี ใจดี"]
    [product] = body["products"]
    assert product["price"] == "450.00"
    assert product["standards"] == [{
        "standard": "TCPS", "standard_name_th": "มาตรฐานผลิตภัณฑ์ชุมชน (มผช.)", "number": "มผช. 1083/2565",
        "issued_on": "2022-05-01", "expires_on": "2025-04-30",
    }]


def test_unknown_id_is_404(world, as_user):
    assert as_user(world.admin).get("/api/entrepreneurs/999999").status_code == 404
    assert as_user(world.admin).get("/api/entrepreneurs/999999/sales").status_code == 404


def test_create(world, as_user):
    r = post(as_user(world.admin), "/api/entrepreneurs", VALID)
    assert r.status_code == 201, r.content
    created = Entrepreneur.objects.get(pk=r.json()["id"])
    assert created.name_th == VALID["name_th"] and created.province_id == "83" and created.members == 12
    assert r.json()["centre"] == 10
    assert AuditEntry.objects.filter(action="create", object_pk=str(created.pk), actor=world.admin).exists()


@pytest.mark.parametrize("change, field", [
    ({"id_number": WRONG_CHECK_DIGIT}, "id_number"),
    ({"id_number": "12345"}, "id_number"),
    ({"id_type": "none"}, "id_number"),  # an unregistered group cannot carry a number
    ({"postal_code": "50200"}, "postal_code"),  # Chiang Mai's code, not Patong's
    ({"subdistrict": "999999"}, "subdistrict"),
    ({"name_th": ""}, "name_th"),
    ({"email": "ไม่ใช่อีเมล"}, "email"),
    ({"otop_year": 1999}, "otop_year"),
    ({"members": -3}, "members"),
    ({"kind": "bakery"}, "kind"),
    ({"surprise": 1}, "surprise"),
])
def test_create_rejects_bad_input(world, as_user, change, field):
    before = Entrepreneur.objects.count()
    r = post(as_user(world.admin), "/api/entrepreneurs", VALID | change)
    assert r.status_code == 422, r.content
    body = r.json()
    assert field in body["errors"] and body["errors"][field]
    assert any(d["loc"][-1] == field for d in body["detail"])
    assert Entrepreneur.objects.count() == before


def test_service_error_shape(world, as_user):
    r = post(as_user(world.admin), "/api/entrepreneurs", VALID | {"postal_code": "50200"})
    body = r.json()
    assert body["detail"] == [{"loc": ["body", "postal_code"], "msg": body["errors"]["postal_code"][0], "type": "value_error"}]
    assert "50200" in body["errors"]["postal_code"][0]


def test_duplicate_identifier_is_422(world, as_user):
    client = as_user(world.admin)
    assert post(client, "/api/entrepreneurs", VALID).status_code == 201
    r = post(client, "/api/entrepreneurs", VALID | {"name_th": "กลุ่มซ้ำ"})
    assert r.status_code == 422
    assert Entrepreneur.objects.filter(id_number=VALID["id_number"]).count() == 1


def test_patch_changes_only_given_fields(world, as_user):
    r = patch(as_user(world.admin), f"/api/entrepreneurs/{world.phuket.pk}", {"members": 40, "name_en": "Patong Batik"})
    assert r.status_code == 200, r.content
    world.phuket.refresh_from_db()
    assert world.phuket.members == 40 and world.phuket.name_en == "Patong Batik"
    assert world.phuket.name_th == "กลุ่มวิสาหกิจชุมชนบาติกป่าตอง" and world.phuket.postal_code == "83150"
    assert r.json()["members"] == 40


def test_patch_moving_area_rederives_province(world, as_user):
    r = patch(as_user(world.admin), f"/api/entrepreneurs/{world.phuket.pk}", {"subdistrict": "500101", "postal_code": "50200"})
    assert r.status_code == 200, r.content
    assert r.json()["province"] == "50" and r.json()["centre"] == 1


@pytest.mark.parametrize("change, field", [
    ({"postal_code": "50200"}, "postal_code"),
    ({"subdistrict": "999999"}, "subdistrict"),
    ({"id_number": "0835561000016"}, "id_number"),
    ({"name_th": None}, "name_th"),
])
def test_patch_rejects_bad_input(world, as_user, change, field):
    r = patch(as_user(world.admin), f"/api/entrepreneurs/{world.phuket.pk}", change)
    assert r.status_code == 422
    assert field in r.json()["errors"]
    saved = Entrepreneur.objects.get(pk=world.phuket.pk)
    assert (saved.postal_code, saved.subdistrict_id, saved.id_number, saved.name_th) == (
        "83150", "830202", "0835561000015", "กลุ่มวิสาหกิจชุมชนบาติกป่าตอง")


def test_sales(world, as_user):
    rows = as_user(world.admin).get(f"/api/entrepreneurs/{world.phuket.pk}/sales").json()
    assert [r["month"] for r in rows][:2] == ["2019-01-01", "2019-02-01"] and len(rows) == 21
    assert rows[-1] == {
        "month": "2020-12-01", "shop": "20000.00", "fair": "0.00", "wholesale": "0.00", "online": "0.00",
        "export": "0.00", "total": "20000.00", "thai_tourist_share": "0.000", "foreign_tourist_share": "0.400",
        "is_average": False,
    }
    assert as_user(world.admin).get(f"/api/entrepreneurs/{world.chiangmai.pk}/sales").json() == []


def test_factory_entrepreneur_listed(world, as_user):
    e = entrepreneur(world.admin, name_th="กลุ่มเครื่องปั้นดินเผาบ้านเหมืองกุง")
    names = [i["name_th"] for i in as_user(world.admin).get("/api/entrepreneurs", {"q": "ดินเผา"}).json()["items"]]
    assert names == [e.name_th]


def test_items_name_their_areas_and_centre(world, client):
    client.force_login(world.admin)
    item = client.get("/api/entrepreneurs", {"q": "บาติก"}).json()["items"][0]
    assert {k: item[k] for k in ("subdistrict", "subdistrict_name", "district", "district_name", "province",
                                 "province_name", "centre")} == {
        "subdistrict": "830202", "subdistrict_name": "ป่าตอง", "district": "8302", "district_name": "กะทู้",
        "province": "83", "province_name": "ภูเก็ต", "centre": 10,
    }
