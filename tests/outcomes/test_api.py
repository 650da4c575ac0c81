import pytest

from tests.dashboards.test_dashboard import enter
from tests.outcomes.programme import make_programme
from uplift.outcomes.services import economic_value_compute


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
    assert response.json()[0]["entered_by"] == "consultant"
    bad = [{**body[0], "entrepreneur_id": world.chiangmai.pk}]
    response = client.post("/api/outcomes/observations", bad, content_type="application/json")
    assert response.status_code == 422 and "entrepreneur" in response.json()["errors"]
    listed = client.get(f"/api/outcomes/observations?round_id={p.round.pk}").json()
    assert [o["entrepreneur_id"] for o in listed] == [world.phuket.pk]


def test_economic_value_api_is_scoped_and_traceable(client, world, p):
    for e in (world.phuket, world.chiangmai):
        enter(world.admin, e, p.round, baseline={"sales": 10_000}, end={"sales": 11_000})
    economic_value_compute(actor=world.admin, round_id=p.round.pk)
    client.force_login(world.officer)
    data = client.get(f"/api/outcomes/rounds/{p.round.pk}/value").json()
    assert data["total"] == 12_000 and data["by_province"] == [{"key": "83", "value": 12_000}]
    trace = client.get(f"/api/outcomes/rounds/{p.round.pk}/value/{world.phuket.pk}").json()
    assert trace[0]["component"] == "increased_sales" and trace[0]["baseline_observation"]
    assert client.get(f"/api/outcomes/rounds/{p.round.pk}/value/{world.chiangmai.pk}").status_code == 404


def test_evaluations_api_roles(client, world, p):
    client.force_login(world.officer)
    assert client.get(f"/api/outcomes/rounds/{p.round.pk}/evaluations").status_code == 403
    client.force_login(world.admin)
    response = client.post(f"/api/outcomes/rounds/{p.round.pk}/evaluations", {"method": "did", "bootstrap": 0},
                           content_type="application/json")
    assert response.status_code == 201
    assert response.json()["error"]  # no comparison group in this round: stored with its reason
    response = client.post(f"/api/outcomes/rounds/{p.round.pk}/evaluations", {"method": "magic"},
                           content_type="application/json")
    assert response.status_code == 422
