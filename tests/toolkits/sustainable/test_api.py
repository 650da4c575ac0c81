"""/api/toolkits/sustainable: reads follow scope, writes go through the actions, errors are 403/404/422."""

from tests.toolkits.sustainable.conftest import BATIK_TOTAL


def test_footprint_through_the_api(client, world, green, batik_items):
    client.force_login(world.consultant)
    assert client.get("/api/toolkits/sustainable/enrolments").json()["count"] == 1
    made = client.post(f"/api/toolkits/sustainable/enrolments/{green.phuket.pk}/footprints", {
        "product": green.batik.pk, "name": "ปี 2569", "functional_unit": "ผ้าบาติก 1 ผืน",
        "reference_date": "2026-02-01"}, content_type="application/json")
    assert made.status_code == 201, made.content
    footprint_id = made.json()["id"]
    for item in batik_items:
        response = client.post(f"/api/toolkits/sustainable/footprints/{footprint_id}/items", item,
                               content_type="application/json")
        assert response.status_code == 201, response.content
    detail = client.get(f"/api/toolkits/sustainable/footprints/{footprint_id}").json()
    assert abs(detail["total_kgco2e"] - BATIK_TOTAL) < 1e-9
    assert detail["result"]["factor_versions"]["electricity_grid_th"] == "TGO grid EF 2026"
    assert detail["hotspots"][0]["item"] == "ผ้าฝ้าย"
    scenario = client.post(f"/api/toolkits/sustainable/footprints/{footprint_id}/scenarios", {
        "name": "ผ้าฝ้ายรีไซเคิล", "changes": [{"item": "ผ้าฝ้าย", "quantity": 0}]}, content_type="application/json")
    assert scenario.status_code == 201 and abs(scenario.json()["result"]["difference_kgco2e"] + 1.0) < 1e-9
    bad = client.post(f"/api/toolkits/sustainable/footprints/{footprint_id}/items",
                      batik_items[0] | {"name": "ผิด", "factor": "unobtainium"}, content_type="application/json")
    assert bad.status_code == 422 and "factor" in bad.json()["errors"]
    client.force_login(green.other)
    assert client.get(f"/api/toolkits/sustainable/footprints/{footprint_id}").status_code == 404
    client.force_login(world.owner)
    denied = client.post(f"/api/toolkits/sustainable/enrolments/{green.chiangmai.pk}/footprints", {
        "product": green.silk.pk, "name": "ปี 2569", "functional_unit": "ผ้าไหม 1 เมตร"}, content_type="application/json")
    assert denied.status_code == 403


def test_factor_table_and_biodiversity_endpoints(client, world, green):
    client.force_login(world.consultant)
    table = client.get("/api/toolkits/sustainable/factors").json()
    grid = [f for f in table["factors"] if f["code"] == "electricity_grid_th"]
    assert table["version"] == "2026.1" and [f["kgco2e_per_unit"] for f in grid] == [0.4999, 0.475]
    assert client.get("/api/toolkits/sustainable/factors?version=1999.1").status_code == 404
    record = client.post(f"/api/toolkits/sustainable/enrolments/{green.phuket.pk}/biodiversity", {
        "kind": "local_ingredient", "name_th": "ครามธรรมชาติ", "origin_place": "บ้านกะทู้", "community": "กลุ่มย้อมครามกะทู้",
        "uses": [{"product": green.batik.pk, "value_added_baht_per_year": 30000}]}, content_type="application/json")
    assert record.status_code == 201, record.content
    assert record.json()["value_added_baht_per_year"] == 30000
    missing = client.post(f"/api/toolkits/sustainable/enrolments/{green.phuket.pk}/biodiversity", {
        "kind": "species", "name_th": "ขมิ้นชัน", "origin_place": "บ้านกะทู้", "community": "ชุมชนกะทู้",
        "traditional_knowledge_involved": True}, content_type="application/json")
    assert missing.status_code == 422
    assert {"scientific_name", "pic", "mat", "benefit_sharing"} <= set(missing.json()["errors"])
    listed = client.get(f"/api/toolkits/sustainable/enrolments/{green.phuket.pk}/biodiversity").json()
    assert [r["name_th"] for r in listed] == ["ครามธรรมชาติ"]
    schema = client.get("/api/openapi.json").json()
    codes = schema["paths"]["/api/toolkits/sustainable/footprints/{footprint_id}/items"]["post"]["responses"]
    assert {"201", "403", "404", "422"} <= set(codes)
