"""The successors actions: the canvas in versions, events organised within a centre, judges scoring on
their own seat, fair results published on the event, and the winner's plan tied to milestones."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404

from tests.toolkits.successors.conftest import IDEAS
from uplift.audit.models import AuditEntry
from uplift.geo.models import RegionalCentre
from uplift.toolkits.successors import actions, selectors
from uplift.toolkits.successors.models import Pitch, PitchEvent, Proposal, ProposalVersion, Score

# Shrout & Fleiss (1979), Table 2: 6 targets × 4 judges. Published: ICC(1,1) .17, ICC(2,1) .29, ICC(3,1) .71,
# ICC(1,4) .44, ICC(2,4) .62, ICC(3,4) .91 (hand computation in core/test_reliability.py).
SHROUT_FLEISS = [[9, 2, 5, 8], [6, 1, 3, 2], [8, 4, 6, 8], [7, 1, 2, 6], [10, 5, 6, 9], [6, 2, 4, 7]]
PUBLISHED_ICC = {"ICC1": 0.17, "ICC2": 0.29, "ICC3": 0.71, "ICC1k": 0.44, "ICC2k": 0.62, "ICC3k": 0.91}
CRITERIA = ("problem_customer", "it_solution", "feasibility", "business_impact", "presentation")


def centre_of(enrolment):
    return enrolment.entrepreneur.province.centre


def idea(actor, enrolment, canvas, title="ไลฟ์ขายผ้าบาติก"):
    return actions.proposal_create(actor=actor, enrolment=enrolment, title=title, successor_name="นายเอก ใจดี",
                                   blocks=canvas)


def event_with_pitches(world, successors, canvas, *, pitches=6, judges=4):
    """An event of the Phuket centre with the six Phuket ideas on its programme and four judges."""
    event = actions.event_create(actor=world.officer, round_activity=successors.ra, centre=centre_of(successors.phuket),
                                 name="วันนำเสนอแนวคิดทายาท OTOP ภูเก็ต", held_on=date(2026, 3, 20), venue="ศาลากลาง")
    for n, enrolment in enumerate(successors.phuket_area[:pitches]):
        idea(world.admin, enrolment, canvas, title=IDEAS[n])
        actions.pitch_add(actor=world.officer, event=event, enrolment=enrolment)
    seats = [actions.judge_add(actor=world.officer, event=event, user=user) for user in successors.judges[:judges]]
    return event, seats


def score_matrix(event, seats, matrix):
    """Each judge gives every criterion the matrix value, so the weighted total is that value."""
    pitches = list(event.pitches.order_by("order"))
    for i, line in enumerate(matrix):
        for j, value in enumerate(line):
            if value is not None:
                actions.scores_save(actor=seats[j].user, judge=seats[j], pitch=pitches[i],
                                    values={c: value for c in CRITERIA})
    return pitches


def test_the_successor_writes_the_canvas_in_versions(world, successors, canvas):
    proposal = idea(world.owner, successors.chiangmai, canvas)
    assert proposal.latest.number == 1 and proposal.latest.blocks["channels"] == canvas["channels"]
    assert proposal.latest.canvas == "lean_canvas_v1" and "unfair_advantage" not in proposal.latest.blocks
    version = actions.proposal_revise(actor=world.owner, proposal=proposal,
                                      blocks=canvas | {"unfair_advantage": "ภูมิปัญญาการทอผ้าไหมของหมู่บ้าน"},
                                      note="เพิ่มความได้เปรียบ")
    assert version.number == 2 and ProposalVersion.objects.filter(proposal=proposal).count() == 2
    same = actions.proposal_revise(actor=world.owner, proposal=proposal,
                                   blocks=canvas | {"unfair_advantage": "ภูมิปัญญาการทอผ้าไหมของหมู่บ้าน"})
    assert same.number == 2
    assert AuditEntry.objects.filter(model="successors.Proposal", object_pk=str(proposal.pk)).count() == 2


def test_each_block_is_checked_in_thai(world, successors, canvas):
    with pytest.raises(ValidationError) as refused:
        idea(world.owner, successors.chiangmai, canvas | {"problem": "", "channels": "LINE", "revenue_streams": "ก" * 301})
    errors = refused.value.message_dict
    assert errors["problem"] == ["ยังไม่ได้กรอก 'ปัญหา'"]
    assert errors["channels"] == ["'ช่องทางเข้าถึงลูกค้า' สั้นเกินไป: 4 ตัวอักษร ต้องมีอย่างน้อย 10"]
    assert "ยาวเกินไป" in errors["revenue_streams"][0]
    with pytest.raises(ValidationError) as refused:
        actions.proposal_create(actor=world.owner, enrolment=successors.chiangmai, title=" ", successor_name="ก",
                                blocks=canvas)
    assert "title" in refused.value.message_dict
    assert not Proposal.objects.exists()


def test_who_may_write_the_canvas(world, successors, canvas):
    with pytest.raises(Http404):
        idea(world.owner, successors.phuket, canvas)
    with pytest.raises(Http404):
        idea(world.consultant, successors.chiangmai, canvas)
    with pytest.raises(PermissionDenied):
        idea(world.executive, successors.phuket, canvas)
    idea(successors.other, successors.chiangmai, canvas)
    idea(world.consultant, successors.phuket, canvas)
    assert [p.enrolment for p in selectors.visible(world.owner, Proposal)] == [successors.chiangmai]


def test_attachments_are_checked_by_content(world, successors, canvas):
    proposal = idea(world.owner, successors.chiangmai, canvas)
    pdf = SimpleUploadedFile("แผนธุรกิจ.pdf", b"%PDF-1.7\n" + b"0" * 100, content_type="application/pdf")
    attachment = actions.attachment_add(actor=world.owner, proposal=proposal, upload=pdf)
    assert attachment.file.name.startswith(f"toolkits/successors/attachments/{successors.chiangmai.pk}/")
    with pytest.raises(ValidationError) as refused:
        actions.attachment_add(actor=world.owner, proposal=proposal,
                               upload=SimpleUploadedFile("ไวรัส.pdf", b"MZ\x90\x00", content_type="application/pdf"))
    assert "file" in refused.value.message_dict
    with pytest.raises(ValidationError):
        actions.attachment_add(actor=world.owner, proposal=proposal,
                               upload=SimpleUploadedFile("x.exe", b"MZ", content_type="application/octet-stream"))


def test_events_are_organised_within_a_centre(world, successors):
    phuket_centre = centre_of(successors.phuket)
    args = {"round_activity": successors.ra, "name": "วันนำเสนอ", "held_on": "2026-03-20"}
    with pytest.raises(PermissionDenied):
        actions.event_create(actor=world.consultant, centre=phuket_centre, **args)
    with pytest.raises(PermissionDenied):
        actions.event_create(actor=successors.other, centre=phuket_centre, **args)
    with pytest.raises(PermissionDenied):
        actions.event_create(actor=world.officer, centre=None, **args)  # a national event is the administrators'
    event = actions.event_create(actor=world.officer, centre=phuket_centre, **args)
    assert event.rubric_version == "rubric_v1" and len(event.rubric["criteria"]) == 5
    assert actions.event_create(actor=world.admin, centre=None, **args).centre is None
    assert list(selectors.events(successors.other)) == []
    assert list(selectors.events(world.consultant)) == []


def test_panel_and_programme_checks(world, successors, canvas):
    event, seats = event_with_pitches(world, successors, canvas, pitches=2, judges=2)
    with pytest.raises(ValidationError) as refused:
        actions.judge_add(actor=world.officer, event=event, user=successors.other)
    assert "user" in refused.value.message_dict  # works in another centre
    with pytest.raises(ValidationError):
        actions.judge_add(actor=world.officer, event=event, user=world.owner)  # no staff role
    with pytest.raises(ValidationError):
        actions.judge_add(actor=world.officer, event=event, user=world.officer)  # already seated
    idea(world.owner, successors.chiangmai, canvas)
    with pytest.raises(ValidationError) as refused:
        actions.pitch_add(actor=world.admin, event=event, enrolment=successors.chiangmai)
    assert "enrolment" in refused.value.message_dict
    with pytest.raises(Http404):
        actions.pitch_add(actor=world.officer, event=event, enrolment=successors.chiangmai)
    pitch = event.pitches.first()
    assert (pitch.order, pitch.version.number) == (1, 1)


def test_judges_score_their_own_seat_and_only_while_open(world, successors, canvas):
    event, seats = event_with_pitches(world, successors, canvas, pitches=3, judges=3)
    pitches = list(event.pitches.order_by("order"))
    consultant_seat = seats[1]
    # the consultant judges pitches of entrepreneurs not assigned to them, through the judge row
    assert pitches[2].enrolment.entrepreneur != world.phuket
    actions.scores_save(actor=world.consultant, judge=consultant_seat, pitch=pitches[2],
                        values={"problem_customer": 7, "it_solution": "8.5"})
    assert [row.values for row in selectors.judge_sheet(consultant_seat)][2] == {"problem_customer": 7,
                                                                               "it_solution": 8.5}
    with pytest.raises(Http404):
        actions.scores_save(actor=world.consultant, judge=seats[2], pitch=pitches[0], values={"feasibility": 5})
    with pytest.raises(ValidationError) as refused:
        actions.scores_save(actor=world.consultant, judge=consultant_seat, pitch=pitches[0],
                            values={"feasibility": 11, "presentation": 0})
    assert set(refused.value.message_dict) == {"feasibility", "presentation"}
    actions.scores_save(actor=world.officer, judge=seats[2], pitch=pitches[0], values={"feasibility": 6})  # paper sheet
    assert Score.objects.get(judge=seats[2]).entered_by == world.officer
    actions.event_status(actor=world.officer, event=event, status="closed")
    with pytest.raises(ValidationError):
        actions.scores_save(actor=world.consultant, judge=consultant_seat, pitch=pitches[0], values={"feasibility": 5})


def test_published_results_match_shrout_and_fleiss(world, successors, canvas):
    event, seats = event_with_pitches(world, successors, canvas)
    pitches = score_matrix(event, seats, SHROUT_FLEISS)
    with pytest.raises(Http404):
        actions.event_publish(actor=world.consultant, event=event)  # a judge, but the event is not theirs to run
    with pytest.raises(PermissionDenied):
        actions.event_publish(actor=world.executive, event=event)  # sees every event, organises none
    actions.event_publish(actor=world.officer, event=event, winners=1)
    event.refresh_from_db()
    assert event.status == PitchEvent.Status.PUBLISHED and event.published_at
    assert {form: round(value, 2) for form, value in event.results["icc"].items()} == PUBLISHED_ICC
    assert event.results["flagged_judges"] == []
    for pitch in pitches:
        pitch.refresh_from_db()
    # target 5 (10, 5, 6, 9) is every judge's top pitch, target 2 (6, 1, 3, 2) the bottom one
    assert (pitches[4].rank, pitches[4].winner, pitches[1].rank) == (1, True, 6)
    assert [p.winner for p in pitches].count(True) == 1
    assert all(p.rank_low <= p.rank <= p.rank_high for p in pitches)
    assert pitches[4].raw_mean == pytest.approx(7.5)
    with pytest.raises(ValidationError):
        actions.scores_save(actor=world.officer, judge=seats[0], pitch=pitches[0], values={"feasibility": 5})


def test_a_constant_added_to_one_judge_leaves_the_normalised_ranking_unchanged(world, successors, canvas):
    event, seats = event_with_pitches(world, successors, canvas)
    score_matrix(event, seats, SHROUT_FLEISS)
    before = selectors.analyse(event, draws=100).to_dict()
    # judge 2 (scores 1–5) becomes lenient by +4 points on every criterion
    score_matrix(event, seats, [[None, line[1] + 4, None, None] for line in SHROUT_FLEISS])
    after = selectors.analyse(event, draws=100).to_dict()
    assert before["raw_means"] != after["raw_means"]
    assert ([(p["pitch"], p["rank"], p["rank_low"], p["rank_high"]) for p in before["ranking"]]
            == [(p["pitch"], p["rank"], p["rank_low"], p["rank_high"]) for p in after["ranking"]])


def test_partly_scored_cells_wait_and_too_few_scores_cannot_publish(world, successors, canvas):
    event, seats = event_with_pitches(world, successors, canvas, pitches=2, judges=2)
    with pytest.raises(ValidationError) as refused:
        actions.event_publish(actor=world.officer, event=event)
    assert "status" in refused.value.message_dict
    pitches = list(event.pitches.order_by("order"))
    actions.scores_save(actor=world.officer, judge=seats[0], pitch=pitches[0], values={"feasibility": 5})
    rows, partial = selectors.complete_rows(event)
    assert rows == [] and partial == [(pitches[0].pk, seats[0].pk)]


def test_the_winner_gets_a_plan_tied_to_milestones(world, successors, canvas):
    event, seats = event_with_pitches(world, successors, canvas)
    pitches = score_matrix(event, seats, SHROUT_FLEISS)
    actions.event_publish(actor=world.officer, event=event)
    winner = Pitch.objects.get(winner=True)
    loser = pitches[1]
    milestone = winner.enrolment.milestones.order_by("due_on")[1]
    step = actions.plan_step_save(actor=world.officer, pitch=winner, title="ติดตั้ง LINE OA และระบบสต็อก",
                                  due_on="2026-02-28", milestone=milestone.pk)
    assert (step.enrolment, step.milestone, step.order) == (winner.enrolment, milestone, 1)
    with pytest.raises(ValidationError) as refused:
        actions.plan_step_save(actor=world.officer, pitch=loser, title="ทดลอง", due_on="2026-02-28")
    assert "pitch" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        actions.plan_step_save(actor=world.officer, pitch=winner, title="ทดลอง", due_on="2026-02-28",
                               milestone=loser.enrolment.milestones.first().pk)
    assert "milestone" in refused.value.message_dict
    done = actions.plan_step_save(actor=world.officer, pitch=winner, step=step, title=step.title, due_on=step.due_on,
                                  milestone=milestone, done_on=date(2026, 2, 20))
    assert done.done_on == date(2026, 2, 20)
    assert RegionalCentre.objects.get(pk=event.centre_id).number == 10
