"""/api/toolkits/identity: reads follow scope, writes go through the actions, errors are 403/404/422."""

from tests.toolkits.identity.conftest import png
from tests.toolkits.identity.core.test_label import CHILLI_PASTE
from tests.toolkits.identity.core.test_worksheet_brief import ANSWERS
from tests.toolkits.identity.test_actions import sales_series

J = "application/json"


def test_worksheet_brief_versions_and_approval(client, world, identity):
    client.force_login(world.consultant)
    base = "/api/toolkits/identity"
    assert client.get(f"{base}/enrolments").json()["count"] == 1
    put = client.put(f"{base}/enrolments/{identity.phuket.pk}/worksheet", {"answers": ANSWERS}, content_type=J)
    assert put.status_code == 200 and put.json()["complete"]
    bad = client.put(f"{base}/enrolments/{identity.phuket.pk}/worksheet", {"answers": {"colours": ["#1"]}},
                     content_type=J)
    assert bad.status_code == 422 and "colours" in bad.json()["errors"]
    brief = client.post(f"{base}/enrolments/{identity.phuket.pk}/briefs",
                        {"title": "ฉลากน้ำพริก", "product": identity.chilli.pk}, content_type=J)
    assert brief.status_code == 201 and brief.json()["food_label"]
    bid = brief.json()["id"]
    assert brief.json()["answers"]["identity_story"]
    v1 = client.post(f"{base}/briefs/{bid}/versions", {"file": png(), "note": "แบบแรก"})
    assert v1.status_code == 201, v1.content
    v2 = client.post(f"{base}/briefs/{bid}/versions", {"file": png(), "note": "แก้ฉลาก"})
    checked = client.put(f"{base}/versions/{v1.json()['id']}/label",
                         CHILLI_PASTE.to_dict() | {"fda_number": ""}, content_type=J).json()
    assert not checked["compliant"] and any(i["rule_id"] == "FL03" and i["status"] == "missing"
                                            for i in checked["items"])
    assert client.put(f"{base}/versions/{v2.json()['id']}/label", CHILLI_PASTE.to_dict(),
                      content_type=J).json()["compliant"]
    compare = client.get(f"{base}/briefs/{bid}/compare?a=1&b=2").json()
    assert [i["rule_id"] for i in compare["fixed"]] == ["FL03"] and "fda_number" in compare["changed"]
    refused = client.post(f"{base}/briefs/{bid}/approve", {"version": 2}, content_type=J)
    assert refused.status_code == 422 and "version" in refused.json()["errors"]
    client.force_login(world.officer)
    refused = client.post(f"{base}/briefs/{bid}/approve", {"version": 1}, content_type=J)
    assert refused.status_code == 422
    approved = client.post(f"{base}/briefs/{bid}/approve", {"version": 2}, content_type=J)
    assert approved.status_code == 200 and approved.json()["approved_version"] == 2
    client.force_login(world.consultant)
    assert client.post(f"{base}/versions/{v1.json()['id']}/comments", {"text": "ดีแล้ว"},
                       content_type=J).status_code == 201
    client.force_login(identity.other)
    assert client.get(f"{base}/briefs/{bid}").status_code == 404
    assert client.get(f"{base}/enrolments/{identity.phuket.pk}/worksheet").status_code == 404


def test_stars_launch_and_claim(client, world, identity):
    client.force_login(world.owner)
    base = "/api/toolkits/identity"
    stars = client.post(f"{base}/enrolments/{identity.chiangmai.pk}/stars", {"scores": {"A1": 5, "C1": 10}},
                        content_type=J)
    assert stars.status_code == 201 and stars.json()["total"] == 15 and stars.json()["bands_confirmed"] is False
    denied = client.post(f"{base}/enrolments/{identity.chiangmai.pk}/launches",
                         {"product": identity.silk.pk, "launch_month": "2026-01"}, content_type=J)
    assert denied.status_code == 403
    client.force_login(world.consultant)
    launch = client.post(f"{base}/enrolments/{identity.phuket.pk}/launches",
                         {"product": identity.batik.pk, "launch_month": "2026-01", "price_before": 450,
                          "price_after": 590}, content_type=J)
    assert launch.status_code == 201, launch.content
    lid = launch.json()["id"]
    months = [{"month": r.month.isoformat()[:7], "sales": r.sales, "price": r.price} for r in sales_series(8_000)]
    result = client.put(f"{base}/launches/{lid}/months", {"months": months}, content_type=J).json()
    assert result["its"]["level_ci"][0] < 8_000 < result["its"]["level_ci"][1]
    claim = client.post(f"{base}/enrolments/{identity.phuket.pk}/claims", {"launches": [lid], "wave": "end"},
                        content_type=J)
    assert claim.status_code == 201 and claim.json()["origin"] == f"identity.OutcomeClaim:{claim.json()['id']}"
    schema = client.get("/api/openapi.json").json()
    codes = schema["paths"]["/api/toolkits/identity/briefs/{brief_id}/approve"]["post"]["responses"]
    assert {"200", "403", "404", "422"} <= set(codes)


def test_label_check_without_storing(client, world):
    client.force_login(world.consultant)
    out = client.post("/api/toolkits/identity/label-check", {"product_name": "ข้าวแต๋น"}, content_type=J).json()
    assert not out["compliant"] and out["rules_version"] == "food_label_rules_v1"
