"""The access matrix through the pages and the API: a consultant sees and edits only their
entrepreneurs' sessions and attendance, an officer only their region, an entrepreneur only their own."""

import io

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from tests.programme.conftest import at, workshop
from uplift.programme.models import Attendance

pytestmark = pytest.mark.django_db

PHUKET = "กลุ่มวิสาหกิจชุมชนบาติกป่าตอง"
CHIANGMAI = "กลุ่มทอผ้าไหมบ้านสันกำแพง"


@pytest.fixture
def sessions(world, programme):
    officer_cm = None
    phuket = workshop(world.admin, programme.cohort_phuket, world.officer, at(10, 9), at(10, 12))[0]
    cm = workshop(world.admin, programme.cohort_cm, world.admin, at(10, 9), at(10, 12), subdistrict="501301")[0]
    return phuket, cm


def client_for(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


# role → (sees the Phuket session, sees the Chiang Mai session, may take attendance)
MATRIX = {
    "administrator": (True, True, True),
    "executive": (True, True, False),
    "regional_officer": (True, False, True),
    "consultant": (True, False, True),
    "entrepreneur": (False, True, False),
}


@pytest.mark.parametrize("role", MATRIX)
def test_session_pages_and_attendance(world, programme, sessions, role):
    user = world.users()[role]
    sees_phuket, sees_cm, can_take = MATRIX[role]
    c = client_for(user)
    for session, sees, enrolment in ((sessions[0], sees_phuket, programme.phuket1), (sessions[1], sees_cm, programme.cm1)):
        url = reverse("programme:session", args=[session.pk])
        response = c.get(url)
        assert response.status_code == (200 if sees else 404), (role, session.topic)
        posted = c.post(url, {"enrolment": [enrolment.pk], f"status-{enrolment.pk}": "present"})
        saved = Attendance.objects.filter(session=session, enrolment=enrolment).exists()
        if not sees:
            assert posted.status_code == 404 and not saved
        elif can_take:
            assert posted.status_code == 302 and saved
        else:
            assert posted.status_code == 403 and not saved
        Attendance.objects.all().delete()
    # the workspace and API list only what the role may see
    page = c.get(reverse("programme:workspace")).content.decode()
    api = c.get("/api/programme/sessions").json()
    assert {s["id"] for s in api["items"]} == {s.pk for s, ok in zip(sessions, (sees_phuket, sees_cm)) if ok}
    assert (PHUKET in page) == sees_phuket
    assert (CHIANGMAI in page) == (role in ("administrator", "executive", "entrepreneur"))


def test_consultant_does_not_see_other_entrepreneurs_on_a_shared_session(world, programme, sessions):
    """Both entrepreneurs in one cohort: the consultant's roster lists only theirs and cannot record the other."""
    from uplift.programme.models import EnrolmentCohort

    EnrolmentCohort.objects.filter(enrolment=programme.cm1).update(cohort=programme.cohort_phuket)
    c = client_for(world.consultant)
    url = reverse("programme:session", args=[sessions[0].pk])
    page = c.get(url).content.decode()
    assert PHUKET in page and CHIANGMAI not in page
    c.post(url, {"enrolment": [programme.cm1.pk], f"status-{programme.cm1.pk}": "present"})
    assert not Attendance.objects.filter(enrolment=programme.cm1).exists()
    api = c.post(f"/api/programme/sessions/{sessions[0].pk}/attendance", {"rows": [{"enrolment": programme.cm1.pk, "status": "present"}]},
                 content_type="application/json")
    assert api.status_code == 422
    assert not Attendance.objects.filter(enrolment=programme.cm1).exists()


def test_enrolment_pages_scoped(world, programme):
    for role, (sees_phuket, sees_cm, _take) in MATRIX.items():
        c = client_for(world.users()[role])
        assert c.get(reverse("programme:enrolment", args=[programme.phuket1.pk])).status_code == (200 if sees_phuket else 404)
        assert c.get(reverse("programme:enrolment", args=[programme.cm1.pk])).status_code == (200 if sees_cm else 404)


def test_attendance_and_progress_exports_are_scoped(world, programme, sessions):
    from uplift.programme import actions

    actions.attendance_record(actor=world.admin, session_id=sessions[0].pk, rows=[{"enrolment": programme.phuket1.pk, "status": "present"}])
    actions.attendance_record(actor=world.admin, session_id=sessions[1].pk, rows=[{"enrolment": programme.cm1.pk, "status": "late", "hours": 1}])
    c = client_for(world.consultant)
    book = load_workbook(io.BytesIO(c.get(reverse("programme:attendance-export")).content))
    rows = list(book.active.iter_rows(values_only=True))
    assert len(rows) == 2 and rows[1][4] == PHUKET and rows[1][6] == 3
    book = load_workbook(io.BytesIO(client_for(world.admin).get(reverse("programme:progress-export")).content))
    rows = list(book.active.iter_rows(values_only=True))
    assert {r[2] for r in rows[1:]} == {PHUKET, CHIANGMAI}
    hours = {r[2]: r[7] for r in rows[1:]}
    assert hours == {PHUKET: 3, CHIANGMAI: 1}


def test_schedule_form_reports_double_booking(world, programme, sessions):
    c = client_for(world.admin)
    response = c.post(reverse("programme:session-create"), {
        "cohort": programme.cohort_phuket.pk, "kind": "workshop", "topic": "ซ้อน", "starts_at": "2026-12-10T10:00",
        "ends_at": "2026-12-10T11:00", "subdistrict": "830202", "staff": world.officer.pk, "capacity": 10, "weeks": 1})
    assert response.status_code == 200
    assert "already booked" in response.content.decode() or "มีนัดอยู่แล้ว" in response.content.decode()


def test_round_plan_page(world, programme):
    from uplift.programme.models import RoundMilestone

    url = reverse("programme:plan", args=[programme.round.pk])
    officer = client_for(world.officer)
    assert officer.post(url).status_code == 302
    assert not RoundMilestone.objects.exists()  # the national plan is the managers'
    assert client_for(world.admin).post(url).status_code == 302
    page = officer.get(url).content.decode()
    assert "gantt-bar" in page and page.count("gantt-row") == 6
    assert 'name="milestone"' not in page  # no "mark done" for the officer
    step = RoundMilestone.objects.order_by("order").first()
    officer.post(url, {"milestone": step.pk})
    assert RoundMilestone.objects.get(pk=step.pk).done_on is None
    assert 'name="milestone"' in client_for(world.admin).get(url).content.decode()
    assert client_for(world.owner).get(url).status_code == 404


def test_round_plan_page_shows_national_places_only_to_national_roles(world, programme):
    url = reverse("programme:plan", args=[programme.round.pk])
    national = client_for(world.executive).get(url).content.decode()
    scoped = client_for(world.officer).get(url).content.decode()
    assert "2 / 3" in national
    assert "2 / 3" not in scoped and "/ 3<" not in scoped


def test_workspace_queries_do_not_grow(world, programme, django_assert_max_num_queries):
    """Same query count with 1 and with 30 sessions, enrolments and attendance rows."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.factories import entrepreneur
    from uplift.access.actions import consultant_assign
    from uplift.programme import actions
    from uplift.programme.models import Enrolment

    def count(user, url):
        c = client_for(user)
        c.get(url)  # warm caches (session, profile)
        with CaptureQueriesContext(connection) as ctx:
            assert c.get(url).status_code == 200
        return len(ctx.captured_queries)

    urls = [reverse("programme:workspace"), reverse("programme:overdue")]
    first = workshop(world.admin, programme.cohort_phuket, world.officer, at(20, 9), at(20, 12))[0]
    actions.attendance_record(actor=world.admin, session_id=first.pk, rows=[{"enrolment": programme.phuket1.pk, "status": "present"}])
    before = {(u.username, url): count(u, url) for u in (world.consultant, world.officer, world.admin) for url in urls}
    s = workshop(world.admin, programme.cohort_phuket, world.officer, at(1, 9), at(1, 12), weeks=10)
    more = []
    for i in range(15):
        e = entrepreneur(world.admin, name_th=f"กลุ่มภูเก็ต {i}", subdistrict="830202", postal_code="83150")
        consultant_assign(actor=world.admin, consultant=world.consultant, entrepreneurs=[e])
        en = Enrolment.objects.create(round_activity=programme.ra1, entrepreneur=e, status="accepted")
        actions.enrolment_transition(actor=world.admin, enrolment_id=en.pk, action="start")
        more.append(en)
    for session in s:
        actions.attendance_record(actor=world.admin, session_id=session.pk,
                                   rows=[{"enrolment": en.pk, "status": "present"} for en in more])
    after = {(u.username, url): count(u, url) for u in (world.consultant, world.officer, world.admin) for url in urls}
    assert after == before
    session_url = reverse("programme:session", args=[s[0].pk])
    assert count(world.consultant, session_url) <= 12


def test_visit_log_through_the_page(world, programme):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from uplift.programme.models import Session, VisitLog

    visit = Session.objects.create(cohort=programme.cohort_phuket, kind="visit", topic="เยี่ยมโรงงาน", starts_at=at(12, 9),
                                   ends_at=at(12, 10), subdistrict_id="830202", staff=world.consultant, entrepreneur=world.phuket)
    c = client_for(world.consultant)
    page = c.get(reverse("programme:session", args=[visit.pk])).content.decode()
    assert 'enctype="multipart/form-data"' in page
    photo = SimpleUploadedFile("หน้าร้าน.jpg", b"\xff\xd8\xff\xe0" + b"0" * 64, content_type="image/jpeg")
    fake = SimpleUploadedFile("x.png", b"GIF89a", content_type="image/png")
    c.post(reverse("programme:visit-log", args=[visit.pk]), {"entrepreneur": world.phuket.pk, "notes": "x", "files": [fake]})
    assert not VisitLog.objects.exists()
    c.post(reverse("programme:visit-log", args=[visit.pk]), {
        "entrepreneur": world.phuket.pk, "notes": "ตรวจสายการผลิต", "files": [photo], "follow_up": "ติดตั้งมุ้งลวด",
        "follow_up_due": "2026-12-30"})
    log = VisitLog.objects.get()
    assert log.files.get().content_type == "image/jpeg" and log.follow_ups.get().due_on.isoformat() == "2026-12-30"
    assert "ติดตั้งมุ้งลวด" in c.get(reverse("programme:session", args=[visit.pk])).content.decode()
    assert client_for(world.owner).get(reverse("programme:session", args=[visit.pk])).status_code == 404


def test_entrepreneur_accepts_an_offer_on_the_page(world, programme):
    from uplift.programme.models import Enrolment

    offer = Enrolment.objects.create(round_activity=programme.ra5, entrepreneur=world.chiangmai, status="offered")
    c = client_for(world.owner)
    page = c.get(reverse("programme:enrolment", args=[offer.pk])).content.decode()
    assert 'value="accept"' in page and 'value="start"' not in page
    c.post(reverse("programme:enrolment", args=[offer.pk]), {"action": "start"})
    assert Enrolment.objects.get(pk=offer.pk).status == "offered"
    c.post(reverse("programme:enrolment", args=[offer.pk]), {"action": "accept"})
    assert Enrolment.objects.get(pk=offer.pk).status == "accepted"
