"""/api/toolkits/standards: reads follow scope, writes go through the actions, errors are 403/404/422."""

from tests.toolkits.standards.test_actions import FDA_CLAUSES
from uplift.outcomes.models import Observation

J = "application/json"


def test_catalogue_and_match(client, world, standards):
    client.force_login(world.consultant)
    codes = [s["code"] for s in client.get("/api/toolkits/standards/catalogue").json()]
    assert {"TCPS", "FDA", "GMP", "HACCP", "HALAL", "ISO9001", "ISO22000"} == set(codes)
    match = client.get("/api/toolkits/standards/match?category=food&name=แหนม&markets=muslim").json()
    assert {m["standard"]: m["level"] for m in match["matches"]}["HALAL"] == "not_applicable"
    assert client.get("/api/toolkits/standards/match?category=ของเล่น").status_code == 422


def test_assessment_to_certificate_through_the_api(client, world, standards):
    client.force_login(world.consultant)
    base = "/api/toolkits/standards"
    assert client.get(f"{base}/enrolments").json()["count"] == 1
    created = client.post(f"{base}/enrolments/{standards.phuket.pk}/assessments",
                          {"product": standards.chilli.pk, "standard": "FDA", "assessed_on": "2026-02-02"},
                          content_type=J)
    assert created.status_code == 201, created.content
    aid = created.json()["id"]
    results = {c: {"status": "met"} for c in FDA_CLAUSES} | {"PD4": {"status": "partly", "note": "รอผลแล็บ"}}
    scored = client.put(f"{base}/assessments/{aid}/results", {"results": results}, content_type=J).json()
    assert scored["score"] == 15.5 / 16 and scored["complete"] and scored["gaps"][0]["clause"] == "PD4"
    assert scored["plan_problems"][0]["code"] == "no_action"
    action = client.post(f"{base}/assessments/{aid}/actions", {"clause_id": "PD4", "action": "ส่งตัวอย่างตรวจ",
                                                                "owner": "คุณสมศรี", "due_on": "2026-03-01"},
                         content_type=J)
    assert action.status_code == 201 and action.json()["severity"] == "minor"
    cert = client.post(f"{base}/enrolments/{standards.phuket.pk}/certifications",
                       {"assessment": aid, "on": "2026-02-02"}, content_type=J)
    assert cert.status_code == 201 and cert.json()["state"] == "gap_assessed"
    cid = cert.json()["id"]
    illegal = client.post(f"{base}/certifications/{cid}/advance", {"to_state": "applied", "on": "2026-02-03"},
                          content_type=J)
    assert illegal.status_code == 422 and "to_state" in illegal.json()["errors"]
    for state in ("corrective_actions", "pre_audit", "applied", "audited"):
        step = client.post(f"{base}/certifications/{cid}/advance", {"to_state": state, "on": "2026-03-01"},
                           content_type=J)
        assert step.status_code == 200, step.content
    bad = client.post(f"{base}/certifications/{cid}/certificate", {"number": "10-1-123", "issued_on": "2026-04-01"},
                      content_type=J)
    assert bad.status_code == 422 and "number" in bad.json()["errors"]
    done = client.post(f"{base}/certifications/{cid}/certificate",
                       {"number": "10-1-12345-1-0001", "issued_on": "2026-04-01"}, content_type=J)
    assert done.status_code == 201 and done.json()["state"] == "certified"
    origin = done.json()["certificate"]["origin"]
    assert Observation.objects.get(indicator__code="certificates", entrepreneur=world.phuket).origin == origin
    client.force_login(standards.other)
    assert client.get(f"{base}/assessments/{aid}").status_code == 404
    assert client.get(f"{base}/certifications/{cid}").status_code == 404


def test_errors_are_documented_codes(client, world, standards):
    client.force_login(world.owner)
    denied = client.post(f"/api/toolkits/standards/enrolments/{standards.chiangmai.pk}/assessments",
                         {"product": standards.silk.pk, "standard": "TCPS"}, content_type=J)
    assert denied.status_code == 403
    schema = client.get("/api/openapi.json").json()
    codes = schema["paths"]["/api/toolkits/standards/certifications/{certification_id}/advance"]["post"]["responses"]
    assert {"200", "403", "404", "422"} <= set(codes)
