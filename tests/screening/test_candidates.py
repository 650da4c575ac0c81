"""Candidate verification before the solve: who may confirm or exclude, the reason, the audit, the scoped list
and counts, and runs leaving the excluded out."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.urls import reverse

from tests.factories import PASSWORD
from uplift.access.actions import user_create
from uplift.access.models import Role
from uplift.audit.models import AuditEntry
from uplift.screening import candidates, selectors
from uplift.screening.candidates import candidate_review
from uplift.screening.models import CandidateReview
from uplift.screening.scenarios import scenario_config, scenario_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def manager(world):
    return user_create(actor=world.admin, username="manager", password=PASSWORD, role=Role.PROGRAMME_MANAGER)


def test_officer_confirms_and_excludes_in_their_region_only(world, programme_round):
    review = candidate_review(actor=world.officer, round_id=programme_round.pk, entrepreneur_id=world.phuket.pk,
                              decision="confirmed")
    assert review.decision == "confirmed" and review.by == world.officer
    with pytest.raises(Http404):
        candidate_review(actor=world.officer, round_id=programme_round.pk, entrepreneur_id=world.chiangmai.pk,
                         decision="excluded", reason="ข้อมูลไม่ครบ")
    assert not CandidateReview.objects.filter(entrepreneur=world.chiangmai).exists()
    review = candidate_review(actor=world.officer, round_id=programme_round.pk, entrepreneur_id=world.phuket.pk,
                              decision="excluded", reason="ปิดกิจการแล้ว")
    assert review.decision == "excluded" and review.reason == "ปิดกิจการแล้ว"
    assert CandidateReview.objects.filter(entrepreneur=world.phuket).count() == 1
    entries = AuditEntry.objects.filter(action="verify")
    assert entries.count() == 2 and all(e.actor_id == world.officer.pk for e in entries)
    assert candidate_review(actor=world.officer, round_id=programme_round.pk, entrepreneur_id=world.phuket.pk,
                            decision="pending") is None
    assert not CandidateReview.objects.exists()


def test_exclusion_needs_a_reason_and_other_roles_may_not(world, programme_round, manager):
    with pytest.raises(ValidationError) as error:
        candidate_review(actor=world.officer, round_id=programme_round.pk, entrepreneur_id=world.phuket.pk,
                         decision="excluded", reason="  ")
    assert "reason" in error.value.message_dict
    with pytest.raises(ValidationError):
        candidate_review(actor=world.officer, round_id=programme_round.pk, entrepreneur_id=world.phuket.pk,
                         decision="maybe")
    for user in (world.executive, world.consultant, world.owner, None):
        with pytest.raises((PermissionDenied, Http404)):
            candidate_review(actor=user, round_id=programme_round.pk, entrepreneur_id=world.phuket.pk,
                             decision="confirmed")
    for user in (manager, world.admin):
        candidate_review(actor=user, round_id=programme_round.pk, entrepreneur_id=world.chiangmai.pk,
                         decision="confirmed")
    assert CandidateReview.objects.get().by == world.admin


def test_list_and_counts_are_scoped(world, programme_round, manager):
    candidate_review(actor=manager, round_id=programme_round.pk, entrepreneur_id=world.chiangmai.pk,
                     decision="excluded", reason="ไม่ผ่านเกณฑ์")
    officer_rows = list(candidates.candidates(user=world.officer, round_=programme_round))
    assert [r.pk for r in officer_rows] == [world.phuket.pk]
    officer_counts = candidates.counts_by_centre(user=world.officer, round_=programme_round)
    assert [(c["number"], c["pending"], c["excluded"]) for c in officer_counts] == [(10, 1, 0)]
    counts = {c["number"]: c for c in candidates.counts_by_centre(user=manager, round_=programme_round)}
    assert counts[1]["excluded"] == 1 and counts[10]["pending"] == 1
    assert [r.pk for r in candidates.candidates(user=manager, round_=programme_round, status="excluded")] == [
        world.chiangmai.pk]
    assert [r.pk for r in candidates.candidates(user=manager, round_=programme_round, q="บาติก")] == [world.phuket.pk]
    assert [r.pk for r in candidates.candidates(user=manager, round_=programme_round,
                                                province=world.chiangmai.province_id)] == [world.chiangmai.pk]
    assert candidates.counts_by_centre(user=world.executive, round_=programme_round) == []
    with pytest.raises(PermissionDenied):
        candidates.candidates(user=world.consultant, round_=programme_round)
    parts = candidates.score_parts(programme_round, officer_rows)
    assert 0 < parts[world.phuket.pk]["total"] <= 1 and parts[world.phuket.pk]["sales_drop"] == pytest.approx(0.8)


def test_excluded_entrepreneur_is_never_selected(world, programme_round, solve):
    scenario = scenario_create(actor=world.admin, round_id=programme_round.pk, data={"name": "ก"})
    candidate_review(actor=world.officer, round_id=programme_round.pk, entrepreneur_id=world.phuket.pk,
                     decision="excluded", reason="ปิดกิจการแล้ว")
    assert scenario_config(scenario)["excluded"] == [world.phuket.pk]
    run = solve(scenario)
    assert run.config["excluded"] == [world.phuket.pk]
    phuket = run.rows.get(entrepreneur=world.phuket)
    assert not phuket.is_selected and phuket.assigned == [] and all(b is None for b in phuket.benefit)
    assert run.rows.get(entrepreneur=world.chiangmai).is_selected and run.selected == 1
    explained = selectors.explanation(user=world.admin, run=run, entrepreneur_id=world.phuket.pk)
    assert "ถูกตัดออกในการตรวจสอบผู้สมัคร" in " ".join(line["reason"] for line in explained["lines"])
    # a later undo reaches only later runs: this one stays frozen
    candidate_review(actor=world.officer, round_id=programme_round.pk, entrepreneur_id=world.phuket.pk,
                     decision="pending")
    run.refresh_from_db()
    assert run.config["excluded"] == [world.phuket.pk]
    assert solve(scenario).rows.get(entrepreneur=world.phuket).is_selected


def test_pages_as_officer(client, world, programme_round):
    client.force_login(world.officer)
    url = reverse("screening:candidates", args=[programme_round.pk])
    page = client.get(url)
    assert page.status_code == 200
    body = page.content.decode()
    assert world.phuket.name_th in body and world.chiangmai.name_th not in body
    response = client.post(reverse("screening:candidate-review", args=[programme_round.pk, world.phuket.pk]),
                           {"decision": "excluded", "reason": "", "q": "บาติก"})
    assert response.status_code == 302 and "q=" in response["Location"]
    assert not CandidateReview.objects.exists()
    client.post(reverse("screening:candidate-review", args=[programme_round.pk, world.phuket.pk]),
                {"decision": "excluded", "reason": "ปิดกิจการแล้ว"})
    assert CandidateReview.objects.get().decision == "excluded"
    assert client.post(reverse("screening:candidate-review", args=[programme_round.pk, world.chiangmai.pk]),
                       {"decision": "confirmed"}).status_code == 404
    round_page = client.get(reverse("screening:round", args=[programme_round.pk])).content.decode()
    assert 'data-testid="round-candidate-counts"' in round_page
    client.force_login(world.consultant)
    assert client.get(url).status_code == 403


def test_no_review_after_the_round_is_approved(world, programme_round, solve):
    from uplift.screening.approval import scenario_approve

    scenario = scenario_create(actor=world.admin, round_id=programme_round.pk, data={"name": "อนุมัติ"})
    solve(scenario)
    scenario_approve(actor=world.admin, scenario_id=scenario.pk)
    with pytest.raises(ValidationError):
        candidate_review(actor=world.officer, round_id=programme_round.pk, entrepreneur_id=world.phuket.pk,
                         decision="confirmed")
    assert not CandidateReview.objects.exists()
