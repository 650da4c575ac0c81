import pytest

from tests.outcomes.programme import enter, make_programme
from uplift.outcomes.actions import economic_value_compute, evaluation_plan_freeze


@pytest.fixture
def p(world, indicators):
    return make_programme(world.phuket, world.chiangmai)


def test_indicators_and_observations_api(client, world, p):
    client.force_login(world.consultant)
    assert {"sales", "co2e_reduced"} <= {i["code"] for i in client.get("/api/outcomes/indicators").json()}
    body = [{"entrepreneur_id": world.phuket.pk, "round_id": p.round.pk, "indicator": "sales", "wave": "end",
             "value": "15000", "source": "verified"}]
    response = client.post("/api/outcomes/observations", body, content_type="application/json")
    assert response.status_code == 201, response.content
    assert response.json()[0]["entered_by"] == "consultant" and response.json()[0]["origin"] == ""
    bad = [{**body[0], "entrepreneur_id": world.chiangmai.pk}]
    response = client.post("/api/outcomes/observations", bad, content_type="application/json")
    assert response.status_code == 422 and "entrepreneur" in response.json()["errors"]
    assert world.chiangmai.name_th not in response.content.decode()
    response = client.post("/api/outcomes/observations", [{**body[0], "extra": 1}], content_type="application/json")
    assert response.status_code == 422
    listed = client.get(f"/api/outcomes/observations?round_id={p.round.pk}").json()
    assert [o["entrepreneur_id"] for o in listed] == [world.phuket.pk]


def test_economic_value_api_is_scoped_and_traceable(client, world, p):
    for e in (world.phuket, world.chiangmai):
        enter(world.admin, e, p.round, baseline={"sales": 10_000}, end={"sales": 11_000})
    economic_value_compute(actor=world.admin, round_id=p.round.pk)
    client.force_login(world.officer)
    data = client.get(f"/api/outcomes/rounds/{p.round.pk}/value").json()
    assert data["total"] == 12_000 and data["by_province"] == [{"key": "83", "value": 12_000}]
    assert data["by_origin"] == [{"key": "", "value": 12_000}]
    trace = client.get(f"/api/outcomes/rounds/{p.round.pk}/value/{world.phuket.pk}").json()
    assert trace[0]["component"] == "increased_sales" and trace[0]["baseline_observation"] and trace[0]["origin"] == ""
    assert client.get(f"/api/outcomes/rounds/{p.round.pk}/value/{world.chiangmai.pk}").status_code == 404


def test_evaluations_api_roles(client, world, p):
    client.force_login(world.officer)
    assert client.get(f"/api/outcomes/rounds/{p.round.pk}/evaluations").status_code == 403
    assert client.post(f"/api/outcomes/rounds/{p.round.pk}/evaluations", {"method": "magic"},
                       content_type="application/json").status_code == 403
    client.force_login(world.admin)
    response = client.post(f"/api/outcomes/rounds/{p.round.pk}/evaluations", {"method": "did", "bootstrap": 0},
                           content_type="application/json")
    assert response.status_code == 201
    body = response.json()
    assert body["error"] and body["plan_status"] == "exploratory" and body["plan_sha256"] is None
    response = client.post(f"/api/outcomes/rounds/{p.round.pk}/evaluations", {"method": "magic"},
                           content_type="application/json")
    assert response.status_code == 422 and "method" in response.json()["errors"]
    assert client.post("/api/outcomes/rounds/999999/evaluations", {"method": "did"},
                       content_type="application/json").status_code == 404


def test_plans_api_lists_versions_and_a_change_is_a_new_version(client, world, p):
    v1 = evaluation_plan_freeze(actor=world.admin, round_id=p.round.pk)
    client.force_login(world.executive)
    [listed] = client.get(f"/api/outcomes/rounds/{p.round.pk}/plans").json()
    assert (listed["version"], listed["sha256"], listed["plan"]["method"]) == (1, v1.sha256, "match-did")
    change = {"changes": {"waves": ["end", "m12"]}, "reason": "ตัดการติดตามผล 3 และ 6 เดือน"}
    assert client.post(f"/api/outcomes/rounds/{p.round.pk}/plans", change,
                       content_type="application/json").status_code == 403
    client.force_login(world.admin)
    response = client.post(f"/api/outcomes/rounds/{p.round.pk}/plans", change, content_type="application/json")
    assert response.status_code == 201, response.content
    assert (response.json()["version"], response.json()["amends_version"]) == (2, 1)
    assert response.json()["plan"]["waves"] == ["end", "m12"] and response.json()["sha256"] != v1.sha256
    client.force_login(world.officer)
    assert client.get(f"/api/outcomes/rounds/{p.round.pk}/plans").status_code == 403
