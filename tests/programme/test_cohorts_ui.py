"""Delivery without dead ends: cohorts opened in the UI, a visit scheduled without choosing a cohort."""

from datetime import date

from django.urls import reverse

from tests.factories import PASSWORD
from uplift.audit.models import AuditEntry
from uplift.programme.models import Cohort, Enrolment, EnrolmentCohort, Session


def _login(client, user):
    assert client.login(username=user.username, password=PASSWORD)
    return client


def test_officer_opens_their_centres_cohort_and_its_members_join(client, world, programme):
    e = Enrolment.objects.create(round_activity=programme.ra5, entrepreneur=world.phuket, status="active",
                                 started_on=date(2026, 12, 2))
    _login(client, world.officer)
    assert reverse("programme:cohort-create") in client.get(reverse("programme:workspace")).content.decode()
    centre = world.phuket.province.centre
    response = client.post(reverse("programme:cohort-create"),
                           {"round_activity": programme.ra5.pk, "centre": centre.pk, "name": "รุ่นภูเก็ต 1"})
    assert response.status_code == 302
    cohort = Cohort.objects.get(round_activity=programme.ra5, centre=centre)
    assert cohort.name == "รุ่นภูเก็ต 1" and EnrolmentCohort.objects.get(enrolment=e).cohort == cohort
    assert AuditEntry.objects.filter(model="programme.Cohort", object_pk=str(cohort.pk), actor=world.officer).exists()
    again = client.post(reverse("programme:cohort-create"), {"round_activity": programme.ra5.pk, "centre": centre.pk})
    assert again.status_code == 200 and Cohort.objects.filter(round_activity=programme.ra5).count() == 1
    other = world.chiangmai.province.centre
    client.post(reverse("programme:cohort-create"), {"round_activity": programme.ra5.pk, "centre": other.pk})
    assert not Cohort.objects.filter(centre=other, round_activity=programme.ra5).exists()


def test_consultant_and_owner_cannot_open_cohorts(client, world, programme):
    assert _login(client, world.consultant).get(reverse("programme:cohort-create")).status_code == 403
    client.logout()
    assert _login(client, world.owner).get(reverse("programme:cohort-create")).status_code == 403


def test_consultant_schedules_a_visit_without_choosing_a_cohort(client, world, programme):
    e = Enrolment.objects.create(round_activity=programme.ra5, entrepreneur=world.phuket, status="active",
                                 started_on=date(2026, 12, 3))
    _login(client, world.consultant)
    form = client.get(reverse("programme:session-create") + "?kind=visit").content.decode()
    assert world.phuket.name_th in form and world.chiangmai.name_th not in form
    response = client.post(reverse("programme:session-create"), {
        "cohort": "", "kind": "visit", "topic": "เยี่ยมให้คำปรึกษา", "starts_at": "2026-12-15T10:00",
        "ends_at": "2026-12-15T11:00", "subdistrict": "830202", "entrepreneur": world.phuket.pk, "capacity": 1,
        "weeks": 1})
    assert response.status_code == 302, response.content.decode()[:2000]
    visit = Session.objects.get(topic="เยี่ยมให้คำปรึกษา")
    assert visit.staff == world.consultant and visit.entrepreneur == world.phuket
    assert visit.cohort == EnrolmentCohort.objects.get(enrolment=e).cohort
