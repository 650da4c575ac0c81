"""/api/toolkits/successors: the canvas, an event run end to end, results in the CLI's shape, scope and errors."""

import pytest

from tests.toolkits.successors.test_actions import CRITERIA, PUBLISHED_ICC, SHROUT_FLEISS, idea
from uplift.toolkits.successors.models import Pitch, PlanStep

JSON = "application/json"


def test_the_canvas_through_the_api(client, world, successors, canvas):
    client.force_login(world.owner)
    spec = client.get("/api/toolkits/successors/canvas").json()
    assert [b["code"] for b in spec["blocks"]][:2] == ["problem", "existing_alternatives"]
    assert spec["rubric"]["version"] == "rubric_v1"
    base = f"/api/toolkits/successors/enrolments/{successors.chiangmai.pk}"
    bad = client.post(f"{base}/proposals", {"title": "ร้านผ้าไหม", "successor_name": "มะลิ",
                                            "blocks": canvas | {"problem": "สั้น"}}, content_type=JSON)
    assert bad.status_code == 422 and "สั้นเกินไป" in bad.json()["errors"]["problem"][0]
    made = client.post(f"{base}/proposals", {"title": "ร้านผ้าไหม", "successor_name": "มะลิ", "blocks": canvas},
                       content_type=JSON)
    assert made.status_code == 201 and made.json()["latest"]["number"] == 1
    revised = client.post(f"/api/toolkits/successors/proposals/{made.json()['id']}/versions",
                          {"blocks": canvas | {"channels": "TikTok Shop และ LINE OA"}}, content_type=JSON)
    assert revised.status_code == 201 and revised.json()["number"] == 2
    assert client.get(base).json()["proposals"][0]["latest"]["blocks"]["channels"] == "TikTok Shop และ LINE OA"
    assert client.get(f"/api/toolkits/successors/enrolments/{successors.phuket.pk}").status_code == 404


def test_an_event_end_to_end_through_the_api(client, world, successors, canvas):
    client.force_login(world.officer)
    centre = world.phuket.province.centre
    event = client.post("/api/toolkits/successors/events", {
        "round_activity": successors.ra.pk, "centre": centre.pk, "name": "วันนำเสนอทายาทภูเก็ต",
        "held_on": "2026-03-20"}, content_type=JSON)
    assert event.status_code == 201, event.content
    base = f"/api/toolkits/successors/events/{event.json()['id']}"
    for n, enrolment in enumerate(successors.phuket_area):
        idea(world.admin, enrolment, canvas, title=f"แนวคิดที่ {n + 1}")
        assert client.post(f"{base}/pitches", {"enrolment": enrolment.pk}, content_type=JSON).status_code == 201
    judges = []
    for user in successors.judges:
        made = client.post(f"{base}/judges", {"username": user.username}, content_type=JSON)
        assert made.status_code == 201
        judges.append(made.json()["id"])
    pitches = [p["id"] for p in client.get(base).json()["pitches"]]
    for j, user in enumerate(successors.judges):
        client.force_login(user)
        sheet = client.get(f"{base}/sheet").json()
        assert [p["id"] for p in sheet["pitches"]] == pitches
        for i, line in enumerate(SHROUT_FLEISS):
            saved = client.put(f"{base}/scores", {"pitch": pitches[i], "scores": {c: line[j] for c in CRITERIA}},
                               content_type=JSON)
            assert saved.status_code == 200, saved.content
    client.force_login(world.owner)
    assert client.get(f"{base}/sheet").status_code == 404
    assert client.get(f"{base}/results").status_code == 404
    client.force_login(world.officer)
    live = client.get(f"{base}/results").json()
    assert set(live) >= {"icc", "alpha", "ranking", "flagged_judges"}
    published = client.post(f"{base}/publish", {"winners": 2}, content_type=JSON)
    assert published.status_code == 200
    result = published.json()
    assert {form: round(value, 2) for form, value in result["icc"].items()} == PUBLISHED_ICC
    assert set(result["ranking"][0]) >= {"pitch", "score", "rank", "rank_low", "rank_high"}
    assert result["ranking"][0]["title"] == "แนวคิดที่ 5" and result["flagged_judges"] == []
    assert Pitch.objects.filter(winner=True).count() == 2
    winner = Pitch.objects.get(rank=1)
    milestone = winner.enrolment.milestones.order_by("due_on").first()
    step = client.post(f"/api/toolkits/successors/pitches/{winner.pk}/plan",
                       {"title": "ทดลองไลฟ์ขายครั้งแรก", "due_on": "2026-04-10", "milestone": milestone.pk},
                       content_type=JSON)
    assert step.status_code == 201 and PlanStep.objects.get().milestone == milestone
    client.force_login(world.executive)
    assert client.get(f"{base}/results").json()["ranking"][0]["rank"] == 1
    client.force_login(successors.other)
    assert client.get(base).status_code == 404


def test_documented_errors(client, world, successors, canvas):
    client.force_login(world.consultant)
    denied = client.post("/api/toolkits/successors/events", {
        "round_activity": successors.ra.pk, "centre": world.phuket.province.centre_id, "name": "งาน",
        "held_on": "2026-03-20"}, content_type=JSON)
    assert denied.status_code == 403
    schema = client.get("/api/openapi.json").json()
    codes = schema["paths"]["/api/toolkits/successors/events/{event_id}/scores"]["put"]["responses"]
    assert {"200", "403", "404", "422"} <= set(codes)


@pytest.fixture(autouse=True)
def _fewer_draws(monkeypatch):
    from uplift.toolkits.successors.core import judging

    settings = judging.load_judging_settings()
    monkeypatch.setattr(judging, "load_judging_settings", lambda path=None: settings.__class__(
        **{**settings.__dict__, "bootstrap_draws": 200}))


def test_writes_on_objects_outside_the_scope_tell_nothing(client, world, successors, canvas):
    from tests.toolkits.successors.test_actions import event_with_pitches

    event, _seats = event_with_pitches(world, successors, canvas, pitches=2, judges=2)
    proposal = event.pitches.first().proposal
    pitch = event.pitches.first()
    client.force_login(successors.other)
    base = "/api/toolkits/successors"
    for method, url in [("post", f"{base}/enrolments/{successors.phuket.pk}/proposals"),
                        ("post", f"{base}/proposals/{proposal.pk}/versions"),
                        ("post", f"{base}/events/{event.pk}/judges"), ("post", f"{base}/events/{event.pk}/pitches"),
                        ("put", f"{base}/events/{event.pk}/scores"), ("post", f"{base}/events/{event.pk}/status"),
                        ("post", f"{base}/events/{event.pk}/publish"), ("post", f"{base}/pitches/{pitch.pk}/plan")]:
        response = getattr(client, method)(url, data={}, content_type="application/json")
        body = response.json()
        assert response.status_code == 404 or (
            response.status_code == 422 and all(d["loc"][0] == "body" for d in body["detail"])), (method, url, body)
        assert world.phuket.name_th not in response.content.decode()
    for url in (f"{base}/events/{event.pk}", f"{base}/events/{event.pk}/sheet", f"{base}/events/{event.pk}/results"):
        assert client.get(url).status_code == 404
