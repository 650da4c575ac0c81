"""The officer's workspace: filters by round, activity and status, and a control to assign a consultant."""

from datetime import date

from django.urls import reverse

from tests.factories import PASSWORD
from uplift.access.actions import user_create
from uplift.access.models import ConsultantAssignment, Role
from uplift.programme.models import Enrolment


def test_workspace_filters_by_round_activity_and_status(client, world, programme):
    Enrolment.objects.create(round_activity=programme.ra5, entrepreneur=world.phuket, status="waitlisted",
                             waitlist_rank=1)
    assert client.login(username=world.admin.username, password=PASSWORD)
    url = reverse("programme:workspace")
    page = client.get(url, {"round": programme.round.pk, "activity": 1}).content.decode()
    assert reverse("programme:enrolment", args=[programme.phuket1.pk]) in page
    page = client.get(url, {"status": "waitlisted"}).content.decode()
    assert reverse("programme:enrolment", args=[programme.phuket1.pk]) not in page
    assert 'name="status"' in page and 'name="round"' in page and 'name="activity"' in page
    page = client.get(url, {"activity": 5}).content.decode()
    assert reverse("programme:enrolment", args=[programme.cm1.pk]) not in page


def test_officer_assigns_a_consultant_where_the_workspace_warns(client, world, programme):
    ConsultantAssignment.objects.filter(entrepreneur=world.phuket).delete()
    kru = user_create(actor=world.admin, username="kru_somchai", password=PASSWORD, role=Role.CONSULTANT)
    assert client.login(username=world.officer.username, password=PASSWORD)
    page = client.get(reverse("programme:workspace")).content.decode()
    assert reverse("programme:consultant-assign") in page and f'value="{programme.phuket1.pk}"' in page
    response = client.post(reverse("programme:consultant-assign"),
                           {"enrolment": programme.phuket1.pk, "consultant": kru.pk})
    assert response.status_code == 302
    assert ConsultantAssignment.objects.filter(consultant=kru, entrepreneur=world.phuket).exists()
    client.post(reverse("programme:consultant-assign"), {"enrolment": programme.cm1.pk, "consultant": kru.pk})
    assert not ConsultantAssignment.objects.filter(consultant=kru, entrepreneur=world.chiangmai).exists()
