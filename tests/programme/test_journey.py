"""Records linked: the entrepreneur page shows their programme journey, each part read through the policy."""

from decimal import Decimal

from django.urls import reverse

from tests.factories import PASSWORD
from uplift.outcomes.models import EconomicValue, Indicator, Observation
from uplift.outcomes.reference import indicators_load


def _page(client, user, entrepreneur):
    assert client.login(username=user.username, password=PASSWORD)
    return client.get(reverse("entrepreneur-detail", args=[entrepreneur.pk]))


def _figures(world, programme):
    indicators_load()
    obs = Observation.objects.create(entrepreneur=world.phuket, round=programme.round, indicator=Indicator.objects.get(code="sales"),
                                      wave="baseline",
                                     period=programme.round.starts_on, value=Decimal("50000"), source="verified")
    EconomicValue.objects.create(round=programme.round, enrolment=programme.phuket1, entrepreneur=world.phuket,
                                 component="increased_sales", amount=Decimal("180000"), month=programme.round.ends_on,
                                 baseline=obs, config_version="ทดสอบ")


def test_officer_sees_enrolments_milestones_figures_and_value_with_links(client, world, programme):
    _figures(world, programme)
    html = _page(client, world.officer, world.phuket).content.decode()
    assert reverse("programme:enrolment", args=[programme.phuket1.pk]) in html
    assert programme.round.name in html
    assert reverse("outcomes:observations", args=[programme.round.pk, world.phuket.pk]) in html
    assert "ยอดขายที่เพิ่มขึ้น" in html and "180,000" in html
    assert 'id="h-journey-milestones"' in html and 'id="h-attended"' in html


def test_owner_sees_own_journey_and_nothing_of_another(client, world, programme):
    html = _page(client, world.owner, world.chiangmai).content.decode()
    assert reverse("programme:enrolment", args=[programme.cm1.pk]) in html
    assert reverse("programme:enrolment", args=[programme.phuket1.pk]) not in html


def test_consultant_reads_only_their_entrepreneur_journey(client, world, programme):
    assert client.login(username=world.consultant.username, password=PASSWORD)
    assert client.get(reverse("entrepreneur-detail", args=[world.chiangmai.pk])).status_code == 404
    html = client.get(reverse("entrepreneur-detail", args=[world.phuket.pk])).content.decode()
    assert reverse("programme:enrolment", args=[programme.phuket1.pk]) in html


def test_enrolment_page_links_to_the_entrepreneur_and_their_outcomes(client, world, programme):
    assert client.login(username=world.officer.username, password=PASSWORD)
    html = client.get(reverse("programme:enrolment", args=[programme.phuket1.pk])).content.decode()
    assert reverse("entrepreneur-detail", args=[world.phuket.pk]) in html
    assert reverse("outcomes:observations", args=[programme.round.pk, world.phuket.pk]) in html


def test_milestone_done_with_a_note_and_an_evidence_file(client, world, programme):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from uplift.audit.models import AuditEntry
    from uplift.programme.models import Milestone

    step = Milestone.objects.filter(enrolment=programme.phuket1).order_by("due_on").first()
    url = reverse("programme:enrolment", args=[programme.phuket1.pk])
    assert client.login(username=world.consultant.username, password=PASSWORD)
    assert 'name="note"' in client.get(url).content.decode()
    fake = SimpleUploadedFile("รูป.png", b"GIF89a", content_type="image/png")
    client.post(url, {"milestone": step.pk, "note": "ถ่ายภาพสินค้าแล้ว", "evidence": fake})
    step.refresh_from_db()
    assert step.done_on is None
    png = SimpleUploadedFile("รูป.png", b"\x89PNG\r\n\x1a\n" + b"0" * 100, content_type="image/png")
    assert client.post(url, {"milestone": step.pk, "note": "ถ่ายภาพสินค้าแล้ว", "evidence": png}).status_code == 302
    step.refresh_from_db()
    assert step.done_on and step.note == "ถ่ายภาพสินค้าแล้ว" and step.evidence
    assert AuditEntry.objects.filter(action="milestone-done").last().changes["note"] == "ถ่ายภาพสินค้าแล้ว"
    page = client.get(url).content.decode()
    evidence = reverse("programme:milestone-evidence", args=[step.pk])
    assert "ถ่ายภาพสินค้าแล้ว" in page and evidence in page
    assert client.get(evidence).status_code == 200
    client.logout()
    assert client.login(username=world.owner.username, password=PASSWORD)
    assert client.get(evidence).status_code == 404
