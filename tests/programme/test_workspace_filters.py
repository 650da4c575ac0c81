"""The officer's workspace: filters by round, activity and status, and a control to assign a consultant."""

from datetime import date

from django.urls import reverse

from tests.factories import PASSWORD
from uplift.access.actions import user_create
from uplift.access.models import ConsultantAssignment, Role
from uplift.programme.models import Enrolment


def test_workspace_filters_by_round_activity_and_status(client, world, programme, programme_clock):
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


def test_the_first_page_counts_without_a_count_query_unless_it_is_full(client, world, programme, monkeypatch):
    """The enrolments and overdue milestones are read as the page's rows; the database counts them only when
    the page is full. Paging past a full first page still finds the rest."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from uplift.programme import selectors

    assert client.login(username=world.admin.username, password=PASSWORD)
    url = reverse("programme:workspace")
    client.get(url)
    with CaptureQueriesContext(connection) as roomy:
        space = client.get(url).context["space"]
    assert space.enrolment_count == 2 and len(space.enrolments) == 2
    assert not any('COUNT(*) AS "__count" FROM "programme_enrolment"' in q["sql"] for q in roomy.captured_queries)

    monkeypatch.setattr(selectors, "LIST_LIMIT", 1)
    with CaptureQueriesContext(connection) as full:
        first = client.get(url)
    assert any('COUNT(*) AS "__count" FROM "programme_enrolment"' in q["sql"] for q in full.captured_queries)
    second = client.get(url, {"page": 2})
    shown = [e.pk for e in first.context["space"].enrolments] + [e.pk for e in second.context["space"].enrolments]
    assert first.context["space"].enrolment_count == second.context["space"].enrolment_count == 2
    assert sorted(shown) == sorted([programme.phuket1.pk, programme.cm1.pk])
    assert "page=2" in first.content.decode() and "page=1" in second.content.decode()
    assert client.get(url, {"page": "ก"}).status_code == 200


def test_the_overdue_page_links_each_late_milestone_to_its_enrolment(client, world, programme):
    from uplift.programme.models import Milestone

    Milestone.objects.filter(enrolment__in=[programme.phuket1, programme.cm1]).update(due_on=date(2026, 11, 1))
    assert client.login(username=world.officer.username, password=PASSWORD)
    page = client.get(reverse("programme:overdue")).content.decode()
    assert f'href="{reverse("programme:enrolment", args=[programme.phuket1.pk])}"' in page
    assert reverse("programme:enrolment", args=[programme.cm1.pk]) not in page
    assert world.phuket.name_th in page and world.chiangmai.name_th not in page
    assert "<small>ภูเก็ต</small>" in page and programme.ra1.activity.name_th in page
    assert 'data-label="กิจกรรม"' in page or 'data-label="Activity"' in page


def test_the_overdue_page_counts_all_when_its_list_is_cut(world, programme):
    from uplift.programme import selectors
    from uplift.programme.models import Milestone

    Milestone.objects.filter(enrolment__in=[programme.phuket1, programme.cm1]).update(due_on=date(2026, 11, 1))
    late = Milestone.objects.filter(enrolment__in=[programme.phuket1, programme.cm1]).count()
    rows, count = selectors.overdue_page(world.admin, limit=1)
    assert len(rows) == 1 and count == late
    rows, count = selectors.overdue_page(world.admin, limit=late + 1)
    assert len(rows) == count == late
    rows, count = selectors.overdue_page(world.officer, limit=1)
    assert {m.enrolment_id for m in rows} == {programme.phuket1.pk}
    assert count == Milestone.objects.filter(enrolment=programme.phuket1).count()


def test_cohorts_count_their_members_in_the_readers_scope(client, world, programme):
    from tests.factories import entrepreneur
    from uplift.programme import actions

    extra = entrepreneur(world.admin, name_th="กลุ่มจักสานบ้านกะทู้", subdistrict="830202", postal_code="83150")
    joined = Enrolment.objects.create(round_activity=programme.ra1, entrepreneur=extra, status="offered")
    actions.enrolment_transition(actor=world.admin, enrolment_id=joined.pk, action="accept", on=date(2026, 12, 1))
    actions.enrolment_transition(actor=world.admin, enrolment_id=joined.pk, action="start", on=date(2026, 12, 2))
    joined.refresh_from_db()
    assert joined.cohort_link.cohort == programme.cohort_phuket
    assert client.login(username=world.admin.username, password=PASSWORD)
    counts = {c.pk: c.member_count for c in client.get(reverse("programme:workspace")).context["space"].cohorts}
    assert counts == {programme.cohort_phuket.pk: 2, programme.cohort_cm.pk: 1}
    assert client.login(username=world.officer.username, password=PASSWORD)
    seen = {c.pk: c.member_count for c in client.get(reverse("programme:workspace")).context["space"].cohorts}
    assert seen == {programme.cohort_phuket.pk: 2}
