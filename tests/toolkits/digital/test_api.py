"""/api/toolkits/digital: reads follow scope, writes go through the actions, errors are 403/404/422."""

import pytest

from tests.toolkits.digital.test_views import png
from uplift.outcomes.models import Observation


def test_questionnaire_and_a_respondent_through_the_api(client, world, digital, owner_t0, owner_t1):
    client.force_login(world.consultant)
    q = client.get("/api/toolkits/digital/questionnaire").json()
    assert q["version"] == "dma_v1" and len(q["dimensions"]) == 6 and len(q["questions"]) == 31
    base = f"/api/toolkits/digital/enrolments/{digital.phuket.pk}"
    created = client.post(f"{base}/respondents", {"wave": "t0", "role": "owner", "name": "นางสมศรี",
                                                  "answers": owner_t0}, content_type="application/json")
    assert created.status_code == 201, created.content
    assert created.json()["overall"] == pytest.approx(26.25)
    client.post(f"{base}/respondents", {"wave": "t1", "role": "owner", "name": "นางสมศรี", "answers": owner_t1},
                content_type="application/json")
    assert client.post(f"{base}/record", {"wave": "t0"}, content_type="application/json").status_code == 201
    follow = client.post(f"{base}/record", {"wave": "t1", "outcome_wave": "m3"}, content_type="application/json")
    assert follow.status_code == 201 and follow.json()["wave"] == "m3"
    assert follow.json()["origin"].startswith("digital.Assessment:")
    assert Observation.objects.filter(indicator__code="digital_maturity").count() == 2
    space = client.get(base).json()
    assert [a["wave"] for a in space["assessments"]] == ["t0", "t1"]
    assert space["change"]["overall"] == pytest.approx(4.8611, abs=1e-3)
    assert len(space["radar"]["series"]) == 2 and len(space["milestones"]) == 3
    road = client.post(f"{base}/roadmap", {"starts_on": "2026-01-05", "days_per_week": 2},
                       content_type="application/json")
    assert road.status_code == 201 and road.json()["items"][0]["due_on"] == "2026-01-11"
    item = road.json()["items"][0]["id"]
    done = client.patch(f"/api/toolkits/digital/roadmap-items/{item}", {"done_on": "2026-01-10"},
                        content_type="application/json")
    assert done.status_code == 200 and done.json()["done_on"] == "2026-01-10"
    check = client.post(f"{base}/checks", {"marketplaces": ["amazon"], "photo": png((900, 900), (0, 0, 899, 899)),
                                           "title_th": "ผ้าบาติก"})
    assert check.status_code == 201, check.content
    assert check.json()["passed"] is False  # a product filling the frame has no white edge for Amazon


def test_scope_and_documented_errors(client, world, digital, owner_t0):
    client.force_login(world.consultant)
    base = f"/api/toolkits/digital/enrolments/{digital.phuket.pk}"
    bad = client.post(f"{base}/respondents", {"role": "owner", "name": "ก", "answers": {"strategy_plan": "x"}},
                      content_type="application/json")
    assert bad.status_code == 422 and bad.json()["errors"]["strategy_plan"] == ["ไม่มีตัวเลือก x"]
    assert client.get(f"/api/toolkits/digital/enrolments/{digital.chiangmai.pk}").status_code == 404
    client.force_login(world.owner)
    own = client.post(f"/api/toolkits/digital/enrolments/{digital.chiangmai.pk}/respondents",
                      {"role": "owner", "name": "คุณแม่บุญมี", "answers": owner_t0}, content_type="application/json")
    assert own.status_code == 201
    denied = client.post(f"/api/toolkits/digital/enrolments/{digital.chiangmai.pk}/record", {"wave": "t0"},
                         content_type="application/json")
    assert denied.status_code == 403
    assert client.delete(f"/api/toolkits/digital/respondents/{own.json()['id']}").status_code == 403
    client.force_login(digital.other)
    assert client.get(base).status_code == 404
    listing = client.get("/api/toolkits/digital/enrolments").json()
    assert [i["entrepreneur_name"] for i in listing["items"]] == [world.chiangmai.name_th]
    schema = client.get("/api/openapi.json").json()
    codes = schema["paths"]["/api/toolkits/digital/enrolments/{enrolment_id}/respondents"]["post"]["responses"]
    assert {"201", "403", "404", "422"} <= set(codes)


def test_writes_on_objects_outside_the_scope_tell_nothing(client, world, digital, owner_t0):
    from uplift.toolkits.digital import actions

    respondent = actions.respondent_save(actor=world.admin, enrolment=digital.phuket, wave="t0", role="owner",
                                         name="นางสมศรี", answers=owner_t0)
    road = actions.roadmap_build(actor=world.admin, enrolment=digital.phuket, starts_on="2026-01-05", days_per_week=2)
    item = road.items.first()
    client.force_login(digital.other)
    base = "/api/toolkits/digital"
    for method, url in [("post", f"{base}/enrolments/{digital.phuket.pk}/respondents"),
                        ("put", f"{base}/respondents/{respondent.pk}"), ("delete", f"{base}/respondents/{respondent.pk}"),
                        ("post", f"{base}/enrolments/{digital.phuket.pk}/record"),
                        ("post", f"{base}/enrolments/{digital.phuket.pk}/roadmap"),
                        ("patch", f"{base}/roadmap-items/{item.pk}"),
                        ("post", f"{base}/enrolments/{digital.phuket.pk}/checks")]:
        response = getattr(client, method)(url, data={}, content_type="application/json")
        body = response.json()
        assert response.status_code == 404 or (
            response.status_code == 422 and all(d["loc"][0] == "body" for d in body["detail"])), (method, url, body)
        assert world.phuket.name_th not in response.content.decode()
