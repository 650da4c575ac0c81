"""The digital actions: scope, Thai errors by question, several respondents combined, T0→T1 in outcomes."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from tests.toolkits.digital.core.test_maturity import extreme_answers
from uplift.audit.models import AuditEntry
from uplift.outcomes.models import Observation
from uplift.toolkits.digital import actions, selectors
from uplift.toolkits.digital.models import Assessment, Respondent, RoadmapItem

T1_OVERALL = (35 + 340 / 6 + 37 + 39 + 10 + 9) / 6  # test_maturity.test_t0_to_t1_change


def answer(actor, enrolment, answers, *, wave="t0", role="owner", name="นางสมศรี ใจดี"):
    return actions.respondent_save(actor=actor, enrolment=enrolment, wave=wave, role=role, name=name, answers=answers)


def test_the_owner_answers_their_own_assessment(world, digital, owner_t0):
    respondent = answer(world.owner, digital.chiangmai, owner_t0)
    assessment = respondent.assessment
    assert (assessment.wave, assessment.questionnaire, assessment.created_by) == ("t0", "dma_v1", world.owner)
    assert respondent.overall == pytest.approx(26.25)
    assert assessment.dimensions == pytest.approx({"strategy": 30, "readiness": 52.5, "human": 37, "data": 24,
                                                   "automation": 5, "green": 9})
    assert assessment.overall == pytest.approx(26.25) and assessment.band == "average"
    assert AuditEntry.objects.filter(model="digital.Respondent", object_pk=str(respondent.pk), action="create").exists()


def test_several_respondents_are_combined_by_role_weight(world, digital, owner_t0):
    answer(world.consultant, digital.phuket, owner_t0)
    answer(world.consultant, digital.phuket, extreme_answers(True), role="successor", name="นายเอก ใจดี")
    assessment = Assessment.objects.get(enrolment=digital.phuket, wave="t0")
    # owner 0.5 and successor 0.3 renormalised: 5/8 × 26.25 + 3/8 × 100
    assert assessment.overall == pytest.approx(5 / 8 * 26.25 + 3 / 8 * 100)
    assert assessment.dimensions["strategy"] == pytest.approx(5 / 8 * 30 + 3 / 8 * 100)
    assert assessment.spread["strategy"] == {"min": 30, "max": 100, "sd": 35.0}
    staff = answer(world.consultant, digital.phuket, extreme_answers(False), role="staff", name="นางสาวบี")
    assessment.refresh_from_db()
    # owner 0.5, successor 0.3, staff 0.2: 0.5 × 26.25 + 0.3 × 100 + 0.2 × 0
    assert assessment.overall == pytest.approx(43.125)
    actions.respondent_delete(actor=world.consultant, respondent=staff)
    assessment.refresh_from_db()
    assert assessment.overall == pytest.approx(5 / 8 * 26.25 + 3 / 8 * 100)


def test_errors_name_each_question_in_thai(world, digital, owner_t0):
    answers = dict(owner_t0)
    del answers["strategy_plan"]
    answers["readiness_presence"] = ["none", "line_oa"]
    with pytest.raises(ValidationError) as refused:
        answer(world.owner, digital.chiangmai, answers)
    errors = refused.value.message_dict
    assert errors["strategy_plan"] == ["ยังไม่ได้ตอบ"]
    assert errors["readiness_presence"] == ["เลือก 'ยังไม่มี' ร่วมกับคำตอบอื่นไม่ได้"]
    with pytest.raises(ValidationError) as refused:
        answer(world.owner, digital.chiangmai, owner_t0, role="neighbour")
    assert "role" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        answer(world.owner, digital.chiangmai, owner_t0, name=" ")
    assert "name" in refused.value.message_dict
    assert not Assessment.objects.exists()


def test_who_may_answer_and_who_may_not(world, digital, owner_t0):
    with pytest.raises(Http404):
        answer(world.owner, digital.phuket, owner_t0)  # another entrepreneur's enrolment
    with pytest.raises(Http404):
        answer(digital.other, digital.phuket, owner_t0)  # an officer of another centre
    with pytest.raises(Http404):
        answer(world.consultant, digital.chiangmai, owner_t0)  # not the consultant's entrepreneur
    with pytest.raises(PermissionDenied):
        answer(world.executive, digital.phuket, owner_t0)  # reads, never writes
    answer(world.officer, digital.phuket, owner_t0)
    respondent = answer(world.owner, digital.chiangmai, owner_t0)
    with pytest.raises(PermissionDenied):
        actions.respondent_delete(actor=world.owner, respondent=respondent)  # deleting is the consultant's


def test_owner_sees_only_their_own(world, digital, owner_t0):
    answer(world.admin, digital.phuket, owner_t0)
    answer(world.owner, digital.chiangmai, owner_t0)
    mine = selectors.visible(world.owner, Respondent)
    assert [r.assessment.enrolment_id for r in mine] == [digital.chiangmai.pk]
    assert selectors.visible(digital.other, Assessment).get().enrolment == digital.chiangmai
    assert selectors.visible(world.consultant, Assessment).get().enrolment == digital.phuket


def test_t0_and_t1_go_to_outcomes_with_their_origin(world, digital, owner_t0, owner_t1):
    answer(world.consultant, digital.phuket, owner_t0)
    answer(world.consultant, digital.phuket, owner_t1, wave="t1")
    t0 = Assessment.objects.get(enrolment=digital.phuket, wave="t0")
    t1 = Assessment.objects.get(enrolment=digital.phuket, wave="t1")
    base = actions.assessment_record(actor=world.consultant, assessment=t0)
    follow = actions.assessment_record(actor=world.consultant, assessment=t1)
    assert (base.indicator.code, base.wave, float(base.value), base.source) == (
        "digital_maturity", "baseline", 26.25, "verified")
    assert (follow.wave, float(follow.value)) == ("end", round(T1_OVERALL, 2))
    assert base.origin == f"digital.Assessment:{t0.pk}" and follow.origin == f"digital.Assessment:{t1.pk}"
    observations = Observation.objects.filter(entrepreneur=world.phuket, indicator__code="digital_maturity")
    by_wave = {o.wave: float(o.value) for o in observations}
    assert by_wave["end"] - by_wave["baseline"] == pytest.approx(T1_OVERALL - 26.25, abs=0.01)
    assert all(o.round_id == digital.round.pk for o in observations)
    space = selectors.workspace(world.consultant, digital.phuket)
    assert space.change.overall == pytest.approx(T1_OVERALL - 26.25)
    assert [s["name"] for s in space.radar["series"]] == ["ก่อนพัฒนา (T0)", "หลังพัฒนา (T1)"]
    assert space.radar["series"][1]["value"][0] == 35.0
    assert not space.t0.stale
    answer(world.consultant, digital.phuket, extreme_answers(True), role="successor", name="นายเอก")
    assert selectors.workspace(world.consultant, digital.phuket).t0.stale


def test_recording_needs_answers_a_follow_up_wave_and_the_work_verb(world, digital, owner_t0):
    respondent = answer(world.owner, digital.chiangmai, owner_t0, wave="t1")
    with pytest.raises(PermissionDenied):
        actions.assessment_record(actor=world.owner, assessment=respondent.assessment)
    with pytest.raises(ValidationError) as refused:
        actions.assessment_record(actor=world.admin, assessment=respondent.assessment, wave="baseline")
    assert "wave" in refused.value.message_dict
    assert actions.assessment_record(actor=world.admin, assessment=respondent.assessment, wave="m6").wave == "m6"


def test_roadmap_from_gaps_dated_and_tied_to_milestones(world, digital, owner_t0):
    answer(world.consultant, digital.phuket, owner_t0)
    road = actions.roadmap_build(actor=world.consultant, enrolment=digital.phuket, starts_on=date(2026, 1, 5),
                                 days_per_week=2)
    items = list(road.items.order_by("step"))
    assert items and [i.step for i in items] == list(range(1, len(items) + 1))
    # data is the weakest dimension below target 50 after automation and green: every item is due on a Sunday
    assert all(i.due_on.weekday() == 6 and i.starts_on.weekday() == 0 for i in items)
    assert items[0].due_on == date(2026, 1, 11) and items[-1].due_on == road.items.latest("due_on").due_on
    milestones = list(digital.phuket.milestones.order_by("due_on"))
    for item in items:
        expected = next((m for m in milestones if m.due_on >= item.due_on), milestones[-1])
        assert item.milestone == expected
    first = items[0]
    actions.roadmap_item_update(actor=world.consultant, item=first, done_on="2026-01-09", note="เปิดเพจแล้ว")
    again = actions.roadmap_build(actor=world.consultant, enrolment=digital.phuket, starts_on=date(2026, 1, 12),
                                  days_per_week=3)
    kept = again.items.get(action=first.action)
    assert (kept.done_on, kept.note) == (date(2026, 1, 9), "เปิดเพจแล้ว") and kept.due_on >= date(2026, 1, 12)
    other_milestone = digital.chiangmai.milestones.first()
    with pytest.raises(ValidationError) as refused:
        actions.roadmap_item_update(actor=world.consultant, item=kept, milestone=other_milestone)
    assert "milestone" in refused.value.message_dict


def test_roadmap_needs_an_assessment_and_sane_capacity(world, digital):
    with pytest.raises(ValidationError) as refused:
        actions.roadmap_build(actor=world.consultant, enrolment=digital.phuket, starts_on="2026-01-05", days_per_week=2)
    assert "wave" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        actions.roadmap_build(actor=world.consultant, enrolment=digital.phuket, starts_on="2026-01-05", days_per_week=9)
    assert "days_per_week" in refused.value.message_dict
    assert not RoadmapItem.objects.exists()
