import pytest
from django.test import Client

from tests.programme.conftest import at, workshop
from uplift.programme.models import Session

pytestmark = pytest.mark.django_db


def client_for(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


def test_schedule_series_and_double_booking_through_the_api(world, programme):
    c = client_for(world.officer)
    body = {"cohort": programme.cohort_phuket.pk, "kind": "workshop", "topic": "ถ่ายภาพสินค้า",
            "starts_at": "2026-12-01T09:00:00+07:00", "ends_at": "2026-12-01T12:00:00+07:00", "subdistrict": "830202",
            "staff": world.consultant.pk, "capacity": 15, "weeks": 3}
    made = c.post("/api/programme/sessions", body, content_type="application/json")
    assert made.status_code == 201, made.json()
    assert len(made.json()) == 3 and len({s["series"] for s in made.json()}) == 1
    clash = c.post("/api/programme/sessions", {**body, "weeks": 1, "starts_at": "2026-12-15T11:00:00+07:00",
                                                 "ends_at": "2026-12-15T13:00:00+07:00"}, content_type="application/json")
    assert clash.status_code == 422 and "staff" in clash.json()["errors"]
    # the officer of centre 10 cannot schedule for the Chiang Mai cohort
    other = c.post("/api/programme/sessions", {**body, "cohort": programme.cohort_cm.pk, "weeks": 1,
                                                "starts_at": "2027-01-05T09:00:00+07:00", "ends_at": "2027-01-05T10:00:00+07:00"},
                   content_type="application/json")
    assert other.status_code == 422 and "cohort" in other.json()["errors"]


def test_transition_through_the_api(world, programme):
    c = client_for(world.admin)
    url = f"/api/programme/enrolments/{programme.phuket1.pk}/transition"
    bad = c.post(url, {"action": "accept"}, content_type="application/json")
    assert bad.status_code == 422 and "action" in bad.json()["errors"]
    no_reason = c.post(url, {"action": "withdraw"}, content_type="application/json")
    assert no_reason.status_code == 422 and "reason" in no_reason.json()["errors"]
    ok = c.post(url, {"action": "withdraw", "reason": "ปิดกิจการ", "on": "2026-12-20"}, content_type="application/json")
    assert ok.status_code == 200 and ok.json()["status"] == "withdrawn" and ok.json()["ended_on"] == "2026-12-20"
    assert client_for(world.consultant).post(
        f"/api/programme/enrolments/{programme.cm1.pk}/transition", {"action": "withdraw", "reason": "x"},
        content_type="application/json").status_code == 404


def test_attendance_progress_and_milestones_through_the_api(world, programme):
    session = workshop(world.admin, programme.cohort_phuket, world.consultant, at(10, 9), at(10, 12))[0]
    c = client_for(world.consultant)
    roster = c.get(f"/api/programme/sessions/{session.pk}/attendance").json()
    assert [r["enrolment"] for r in roster] == [programme.phuket1.pk] and roster[0]["status"] is None
    saved = c.post(f"/api/programme/sessions/{session.pk}/attendance",
                   {"rows": [{"enrolment": programme.phuket1.pk, "status": "late", "hours": "2"}]}, content_type="application/json")
    assert saved.status_code == 200 and saved.json()[0]["status"] == "late"
    enrolments = c.get("/api/programme/enrolments").json()
    assert enrolments["count"] == 1 and float(enrolments["items"][0]["hours_done"]) == 2.0
    milestones = c.get(f"/api/programme/enrolments/{programme.phuket1.pk}/milestones").json()
    assert len(milestones) == 3
    done = c.post(f"/api/programme/milestones/{milestones[0]['id']}/done", {"on": "2026-12-15"}, content_type="application/json")
    assert done.json()["done_on"] == "2026-12-15"
    assert client_for(world.owner).get(f"/api/programme/sessions/{session.pk}").status_code == 404


def test_visit_log_upload_through_the_api(world, programme):
    from django.core.files.uploadedfile import SimpleUploadedFile

    visit = Session.objects.create(cohort=programme.cohort_phuket, kind="visit", topic="เยี่ยม", starts_at=at(12, 9),
                                   ends_at=at(12, 10), subdistrict_id="830202", staff=world.consultant, entrepreneur=world.phuket)
    c = client_for(world.consultant)
    ok = c.post(f"/api/programme/sessions/{visit.pk}/visit-logs", {
        "entrepreneur": world.phuket.pk, "notes": "ตรวจโรงงาน", "follow_up": "ซ่อมหลังคา",
        "files": [SimpleUploadedFile("a.pdf", b"%PDF-1.7 test", content_type="application/pdf")]})
    assert ok.status_code == 201, ok.content
    assert ok.json()["files"] == ["a.pdf"] and ok.json()["follow_ups"] == ["ซ่อมหลังคา"]
    bad = c.post(f"/api/programme/sessions/{visit.pk}/visit-logs", {
        "entrepreneur": world.phuket.pk, "notes": "x",
        "files": [SimpleUploadedFile("a.pdf", b"MZ not a pdf", content_type="application/pdf")]})
    assert bad.status_code == 422 and "files" in bad.json()["errors"]


def test_round_plan_through_the_api(world, programme):
    c = client_for(world.admin)
    made = c.post(f"/api/programme/rounds/{programme.round.pk}/plan")
    assert made.status_code == 201 and len(made.json()["milestones"]) == 6
    assert client_for(world.owner).get(f"/api/programme/rounds/{programme.round.pk}/plan").status_code == 404


def test_double_booking_refusal_through_the_api_names_no_hidden_session(world, programme):
    workshop(world.admin, programme.cohort_cm, world.consultant, at(10, 9), at(10, 12), subdistrict="501301",
             topic="การย้อมครามเชียงใหม่")
    clash = client_for(world.officer).post("/api/programme/sessions", {
        "cohort": programme.cohort_phuket.pk, "kind": "workshop", "topic": "ถ่ายภาพสินค้า",
        "starts_at": "2026-12-10T10:00:00+07:00", "ends_at": "2026-12-10T11:00:00+07:00", "subdistrict": "830202",
        "staff": world.consultant.pk}, content_type="application/json")
    assert clash.status_code == 422 and "staff" in clash.json()["errors"]
    body = clash.content.decode()
    assert "ย้อมคราม" not in body and "09:00" not in body


def test_national_waitlist_promotion_through_the_api(world, programme):
    from uplift.programme.models import Enrolment

    url = f"/api/programme/round-activities/{programme.ra5.pk}/waitlist/promote"
    waiting = Enrolment.objects.create(round_activity=programme.ra5, entrepreneur=world.chiangmai, status="waitlisted",
                                       waitlist_rank=1)
    assert client_for(world.officer).post(url, {}, content_type="application/json").status_code == 403
    assert Enrolment.objects.get(pk=waiting.pk).status == "waitlisted"
    done = client_for(world.admin).post(url, {}, content_type="application/json")
    assert done.status_code == 200 and done.json() == {"offered": [waiting.pk]}
