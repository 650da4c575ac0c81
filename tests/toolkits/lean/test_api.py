"""/api/toolkits/lean: reads follow scope, writes go through the actions, errors are 403/404/422."""

from tests.toolkits.lean.test_actions import PERIODS, two_weeks
from uplift.outcomes.models import Observation

SHIFT = {"line": "สายบรรจุน้ำพริก", "date": "2026-01-05", "shift": "เช้า", "planned_minutes": 420,
         "downtime_minutes": 47, "ideal_cycle_seconds": 1.0, "total_count": 19271, "good_count": 18848,
         "stops": [{"loss": "breakdown", "minutes": 47}], "rejects": [{"loss": "production_reject", "count": 423}]}


def test_list_and_workspace_follow_scope(client, world, lean):
    client.force_login(world.consultant)
    listing = client.get("/api/toolkits/lean/enrolments").json()
    assert listing["count"] == 1 and listing["items"][0]["entrepreneur_name"] == world.phuket.name_th
    created = client.post(f"/api/toolkits/lean/enrolments/{lean.phuket.pk}/shifts", SHIFT,
                          content_type="application/json")
    assert created.status_code == 201, created.content
    assert created.json()["stops"] == [{"loss": "breakdown", "minutes": 47.0, "note": ""}]
    space = client.get(f"/api/toolkits/lean/enrolments/{lean.phuket.pk}").json()
    assert round(space["total"]["oee"], 4) == 0.7479
    assert [step["code"] for step in space["waterfall"]][:2] == ["planned", "availability_loss"]
    assert client.get(f"/api/toolkits/lean/enrolments/{lean.phuket.pk}/shifts").json()[0]["good_count"] == 18848
    client.force_login(lean.other)
    assert client.get(f"/api/toolkits/lean/enrolments/{lean.phuket.pk}").status_code == 404
    assert client.get(f"/api/toolkits/lean/enrolments/{lean.phuket.pk}/shifts").status_code == 404
    shift_id = created.json()["id"]
    assert client.delete(f"/api/toolkits/lean/shifts/{shift_id}").status_code == 404


def test_errors_are_documented_codes(client, world, lean):
    client.force_login(world.consultant)
    bad = client.post(f"/api/toolkits/lean/enrolments/{lean.phuket.pk}/shifts", SHIFT | {"good_count": 30000},
                      content_type="application/json")
    assert bad.status_code == 422 and "good_count" in bad.json()["errors"]
    client.force_login(world.owner)
    denied = client.post(f"/api/toolkits/lean/enrolments/{lean.chiangmai.pk}/shifts", SHIFT,
                         content_type="application/json")
    assert denied.status_code == 403
    schema = client.get("/api/openapi.json").json()
    codes = schema["paths"]["/api/toolkits/lean/enrolments/{enrolment_id}/shifts"]["post"]["responses"]
    assert {"201", "403", "404", "422"} <= set(codes)


def test_savings_and_claim_through_the_api(client, world, lean):
    two_weeks(world.consultant, lean.phuket)
    client.force_login(world.consultant)
    periods = {k: v.isoformat() for k, v in PERIODS.items()}
    saving = client.post(f"/api/toolkits/lean/enrolments/{lean.phuket.pk}/savings", {
        "rule": "demand_bound", **periods, "demand_pieces_per_month": 8000, "labour_baht_per_hour": 50,
        "energy_baht_per_hour": 15}, content_type="application/json")
    assert saving.status_code == 201, saving.content
    body = saving.json()
    assert len(body["before_shifts"]) == 5 and len(body["after_shifts"]) == 5 and body["baht_per_month"] > 0
    claim = client.post(f"/api/toolkits/lean/enrolments/{lean.phuket.pk}/claims", {
        "savings": [body["id"]], "wave": "end", "baselines": {"production_cost": 90000}},
        content_type="application/json")
    assert claim.status_code == 201, claim.content
    assert claim.json()["origin"] == f"lean.SavingsClaim:{claim.json()['id']}"
    follow = Observation.objects.get(entrepreneur=world.phuket, indicator__code="production_cost", wave="end")
    assert float(follow.value) == round(90000 - body["baht_per_month"], 2)


def test_timing_waste_and_kaizen_endpoints(client, world, lean):
    two_weeks(world.consultant, lean.phuket)
    client.force_login(world.consultant)
    base = f"/api/toolkits/lean/enrolments/{lean.phuket.pk}"
    timing = client.post(f"{base}/timings", {"line": "สายบรรจุน้ำพริก", "step": "ตัก", "kind": "stopwatch",
                                              "splits": [10, 21, 30]}, content_type="application/json")
    assert timing.status_code == 201 and timing.json()["laps"] == [10, 11, 9]
    waste = client.post(f"{base}/waste", {"date": "2026-01-06", "waste": "transport", "description": "ขนวัตถุดิบไกล",
                                          "baht": 80}, content_type="application/json")
    assert waste.status_code == 201
    kaizen = client.post(f"{base}/kaizen", {
        "problem": "ฝารั่ว", "countermeasure": "จิ๊กกดฝา", "owner": "คุณสมใจ", "started_on": "2026-01-12",
        "baseline_start": "2026-01-05", "baseline_end": "2026-01-11", "after_start": "2026-01-19",
        "after_end": "2026-01-25"}, content_type="application/json")
    assert kaizen.status_code == 201 and kaizen.json()["effect"]["improved"] is True
