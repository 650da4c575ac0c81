from datetime import date, timedelta
from types import SimpleNamespace

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import CommandError, call_command

from tests.factories import entrepreneur
from tests.programme.conftest import at, workshop
from uplift.audit.models import AuditEntry
from uplift.programme import actions
from uplift.programme.models import Attendance, Enrolment, Milestone, Session

pytestmark = pytest.mark.django_db


PHUKET_PLACE = {"subdistrict": "830202", "postal_code": "83150"}
CHIANGMAI_PLACE = {"subdistrict": "501301", "postal_code": "50130"}


def _waitlist(world, ra, n, *, place=PHUKET_PLACE, first_rank=1, label="ภูเก็ต"):
    made = []
    for i in range(n):
        e = entrepreneur(world.admin, name_th=f"กลุ่มรอคิว{label} {i}", **place)
        made.append(Enrolment.objects.create(round_activity=ra, entrepreneur=e, status="waitlisted",
                                             waitlist_rank=first_rank + i))
    return made


def test_illegal_transition_refused_by_the_service(world, programme):
    with pytest.raises(ValidationError) as error:
        actions.enrolment_transition(actor=world.admin, enrolment_id=programme.phuket1.pk, action="accept")
    assert "action" in error.value.message_dict
    programme.phuket1.refresh_from_db()
    assert programme.phuket1.status == "active"


def test_start_creates_dated_milestones(programme):
    milestones = list(Milestone.objects.filter(enrolment=programme.phuket1).select_related("template"))
    assert [m.template.name_en for m in milestones] == ["Product listing drafted", "Online store live", "First online order"]
    assert milestones[0].due_on == date(2026, 12, 2) + timedelta(weeks=3)


def test_withdrawal_offers_the_place_to_the_same_centres_lowest_rank(world, programme):
    """The officer withdraws a Phuket enrolment: the place goes to the next Phuket entrepreneur on the
    waitlist (offered by the system account), not to Chiang Mai's better-ranked one."""
    from uplift.access import policy

    (chiangmai_first,) = _waitlist(world, programme.ra1, 1, place=CHIANGMAI_PLACE, label="เชียงใหม่")
    second, first, third = _waitlist(world, programme.ra1, 3, first_rank=2)
    Enrolment.objects.filter(pk=first.pk).update(waitlist_rank=2)
    Enrolment.objects.filter(pk=second.pk).update(waitlist_rank=3)
    actions.enrolment_transition(actor=world.officer, enrolment_id=programme.phuket1.pk, action="withdraw",
                                 reason="ย้ายที่อยู่", on=date(2026, 12, 20))
    statuses = dict(Enrolment.objects.filter(pk__in=[chiangmai_first.pk, first.pk, second.pk, third.pk, programme.phuket1.pk])
                    .values_list("pk", "status"))
    assert statuses == {chiangmai_first.pk: "waitlisted", first.pk: "offered", second.pk: "waitlisted",
                        third.pk: "waitlisted", programme.phuket1.pk: "withdrawn"}
    phuket1 = Enrolment.objects.get(pk=programme.phuket1.pk)
    assert phuket1.ended_on == date(2026, 12, 20) and phuket1.reason == "ย้ายที่อยู่"
    withdraw = AuditEntry.objects.get(action="withdraw", object_pk=str(programme.phuket1.pk))
    offer = AuditEntry.objects.get(action="offer", object_pk=str(first.pk))
    assert withdraw.actor == world.officer
    assert offer.actor == policy.system_actor() and offer.actor.username == policy.SYSTEM_USERNAME


def test_a_freed_place_waits_when_the_centre_has_no_waitlist(world, programme):
    (chiangmai_waiting,) = _waitlist(world, programme.ra1, 1, place=CHIANGMAI_PLACE, label="เชียงใหม่")
    actions.enrolment_transition(actor=world.officer, enrolment_id=programme.phuket1.pk, action="withdraw",
                                 reason="ปิดกิจการ")
    assert Enrolment.objects.get(pk=chiangmai_waiting.pk).status == "waitlisted"
    assert not AuditEntry.objects.filter(action="offer").exists()


def test_national_promotion_is_for_managers_only(world, programme):
    """Offering free places to the whole round's waitlist: refused to an officer, done by an administrator
    (audited as the administrator), lowest rank first whatever the centre."""
    actions.enrolment_transition(actor=world.officer, enrolment_id=programme.phuket1.pk, action="withdraw",
                                 reason="ปิดกิจการ")  # no one waits in Phuket: the place stays free
    (chiangmai_waiting,) = _waitlist(world, programme.ra1, 1, place=CHIANGMAI_PLACE, label="เชียงใหม่")
    (phuket_waiting,) = _waitlist(world, programme.ra1, 1, first_rank=2)
    with pytest.raises(PermissionDenied):
        actions.waitlist_promote(actor=world.officer, round_activity_id=programme.ra1.pk)
    with pytest.raises(PermissionDenied):
        actions.waitlist_promote(actor=world.consultant, round_activity_id=programme.ra1.pk)
    assert Enrolment.objects.get(pk=chiangmai_waiting.pk).status == "waitlisted"
    offered = actions.waitlist_promote(actor=world.admin, round_activity_id=programme.ra1.pk)
    assert [e.pk for e in offered] == [chiangmai_waiting.pk]
    assert AuditEntry.objects.get(action="offer", object_pk=str(chiangmai_waiting.pk)).actor == world.admin


def test_decline_moves_the_waitlist_and_capacity_holds(world, programme):
    offered = Enrolment.objects.create(round_activity=programme.ra5, entrepreneur=world.phuket, status="offered")
    waiting = _waitlist(world, programme.ra5, 2)
    with pytest.raises(ValidationError):  # the one place is held by the offer
        actions.enrolment_transition(actor=world.admin, enrolment_id=waiting[0].pk, action="offer")
    actions.enrolment_transition(actor=world.admin, enrolment_id=offered.pk, action="decline", reason="ไม่พร้อม")
    assert list(Enrolment.objects.filter(round_activity=programme.ra5, status="offered").values_list("pk", flat=True)) == [waiting[0].pk]
    assert Enrolment.objects.get(pk=waiting[1].pk).status == "waitlisted"


def test_entrepreneur_accepts_own_offer_only(world, programme):
    mine = Enrolment.objects.create(round_activity=programme.ra5, entrepreneur=world.chiangmai, status="offered")
    other = Enrolment.objects.create(round_activity=programme.ra5, entrepreneur=world.phuket, status="waitlisted", waitlist_rank=1)
    actions.enrolment_transition(actor=world.owner, enrolment_id=mine.pk, action="accept")
    with pytest.raises(PermissionDenied):
        actions.enrolment_transition(actor=world.owner, enrolment_id=mine.pk, action="start")
    from django.http import Http404
    with pytest.raises(Http404):
        actions.enrolment_transition(actor=world.owner, enrolment_id=other.pk, action="offer")


def test_double_booking_refused(world, programme):
    workshop(world.admin, programme.cohort_phuket, world.consultant, at(10, 9), at(10, 12))
    with pytest.raises(ValidationError) as error:
        workshop(world.admin, programme.cohort_cm, world.consultant, at(10, 11, 30), at(10, 13), subdistrict="501301")
    assert "staff" in error.value.message_dict
    # touching end to start is fine; another trainer at the same time is fine
    workshop(world.admin, programme.cohort_phuket, world.consultant, at(10, 12), at(10, 13))
    workshop(world.admin, programme.cohort_phuket, world.officer, at(10, 9), at(10, 12))
    assert Session.objects.count() == 3


def test_double_booking_outside_the_scope_names_no_topic_or_time(world, programme):
    """The consultant is booked at a Chiang Mai session the officer of centre 10 cannot see: the refusal
    says only that the person is booked, never the other session's topic or time."""
    workshop(world.admin, programme.cohort_cm, world.consultant, at(10, 9), at(10, 12), subdistrict="501301",
             topic="การย้อมครามเชียงใหม่")
    with pytest.raises(ValidationError) as error:
        workshop(world.officer, programme.cohort_phuket, world.consultant, at(10, 11), at(10, 13))
    message = " ".join(error.value.message_dict["staff"])
    assert "ย้อมคราม" not in message and "09:00" not in message and "10/12" not in message
    # a clash the officer may see is named, so they can move it
    workshop(world.officer, programme.cohort_phuket, world.consultant, at(11, 9), at(11, 12), topic="การถ่ายภาพสินค้า")
    with pytest.raises(ValidationError) as error:
        workshop(world.officer, programme.cohort_phuket, world.consultant, at(11, 10), at(11, 11))
    assert "การถ่ายภาพสินค้า" in " ".join(error.value.message_dict["staff"])


def test_reschedule_into_a_hidden_clash_names_nothing(world, programme):
    workshop(world.admin, programme.cohort_cm, world.consultant, at(10, 9), at(10, 12), subdistrict="501301",
             topic="การย้อมครามเชียงใหม่")
    mine = workshop(world.officer, programme.cohort_phuket, world.consultant, at(11, 9), at(11, 12))[0]
    with pytest.raises(ValidationError) as error:
        actions.session_reschedule(actor=world.officer, session_id=mine.pk, starts_at=at(10, 10), ends_at=at(10, 11))
    assert "ย้อมคราม" not in " ".join(error.value.message_dict["staff"])


def test_weekly_series_checks_every_occurrence(world, programme):
    made = workshop(world.admin, programme.cohort_phuket, world.consultant, at(1, 9), at(1, 12), weeks=4)
    assert [s.starts_at.day for s in made] == [1, 8, 15, 22] and len({s.series for s in made}) == 1
    with pytest.raises(ValidationError):
        workshop(world.admin, programme.cohort_phuket, world.consultant, at(22, 10), at(22, 11))
    workshop(world.admin, programme.cohort_phuket, world.consultant, at(1, 14), at(1, 16))
    with pytest.raises(ValidationError):  # a series whose 2nd week clashes (1 Dec 09-12) is refused whole
        workshop(world.admin, programme.cohort_phuket, world.consultant, at(1, 11) - timedelta(weeks=1),
                 at(1, 12, 30) - timedelta(weeks=1), weeks=3)
    assert Session.objects.count() == 5


def test_reschedule_into_a_clash_refused(world, programme):
    a = workshop(world.admin, programme.cohort_phuket, world.consultant, at(10, 9), at(10, 12))[0]
    b = workshop(world.admin, programme.cohort_phuket, world.consultant, at(11, 9), at(11, 12))[0]
    with pytest.raises(ValidationError):
        actions.session_reschedule(actor=world.admin, session_id=b.pk, starts_at=at(10, 10), ends_at=at(10, 11))
    actions.session_reschedule(actor=world.admin, session_id=a.pk, starts_at=at(10, 8), ends_at=at(10, 11))


def test_consultant_takes_attendance_for_own_entrepreneurs_only(world, programme):
    session = workshop(world.admin, programme.cohort_phuket, world.consultant, at(10, 9), at(10, 12))[0]
    actions.attendance_record(actor=world.consultant, session_id=session.pk,
                               rows=[{"enrolment": programme.phuket1.pk, "status": "late", "hours": "2.5"}])
    row = Attendance.objects.get()
    assert (row.status, str(row.hours)) == ("late", "2.5")
    with pytest.raises(ValidationError):
        actions.attendance_record(actor=world.consultant, session_id=session.pk,
                                   rows=[{"enrolment": programme.cm1.pk, "status": "present"}])
    # taking it again updates, never duplicates
    actions.attendance_record(actor=world.consultant, session_id=session.pk,
                               rows=[{"enrolment": programme.phuket1.pk, "status": "present"}])
    assert Attendance.objects.get().hours == 3


def test_hours_capped_by_session(world, programme):
    session = workshop(world.admin, programme.cohort_phuket, world.consultant, at(10, 9), at(10, 12))[0]
    with pytest.raises(ValidationError):
        actions.attendance_record(actor=world.admin, session_id=session.pk,
                                   rows=[{"enrolment": programme.phuket1.pk, "status": "present", "hours": 4}])


def test_complete_after_required_hours(world, programme):
    s1, s2 = workshop(world.admin, programme.cohort_phuket, world.consultant, at(1, 9), at(1, 12), weeks=2)
    with pytest.raises(ValidationError):
        actions.enrolment_transition(actor=world.admin, enrolment_id=programme.phuket1.pk, action="complete")
    for s in (s1, s2):
        actions.attendance_record(actor=world.admin, session_id=s.pk, rows=[{"enrolment": programme.phuket1.pk, "status": "present"}])
    actions.enrolment_transition(actor=world.admin, enrolment_id=programme.phuket1.pk, action="complete", on=date(2027, 2, 1))


def test_overdue_reminders_sent_once(world, programme, mailoutbox, django_capture_on_commit_callbacks):
    from django.contrib.auth import get_user_model

    from uplift.access import policy

    get_user_model().objects.filter(pk=world.consultant.pk).update(email="consultant@example.com")
    world.phuket.email = "batik@example.com"
    world.phuket.save()
    today = date(2026, 12, 2) + timedelta(weeks=3, days=1)  # the first milestone of both enrolments is a day late
    system = policy.system_actor()
    with pytest.raises(PermissionDenied):
        actions.reminders_send(actor=world.officer, today=today)
    with django_capture_on_commit_callbacks(execute=True):
        assert actions.reminders_send(actor=system, today=today) == 1  # Chiang Mai has no email: claimed, not sent
        assert mailoutbox == []  # the email leaves on commit
    with django_capture_on_commit_callbacks(execute=True):
        assert actions.reminders_send(actor=system, today=today) == 0
        call_command("send_reminders", "--user", "system", "--date", today.isoformat())
    assert len(mailoutbox) == 1
    assert sorted(mailoutbox[0].to) == ["batik@example.com", "consultant@example.com"]
    assert "จัดทำรายการสินค้าออนไลน์" in mailoutbox[0].subject
    assert Milestone.objects.filter(reminded_at__isnull=False).count() == 2
    assert set(AuditEntry.objects.filter(action="remind").values_list("actor__username", flat=True)) == {"system"}
    with pytest.raises(CommandError):
        call_command("send_reminders", "--date", today.isoformat())  # nobody named
    with pytest.raises(CommandError):
        call_command("send_reminders", "--user", "officer10")


def test_done_milestones_are_not_reminded(world, programme, mailoutbox, django_capture_on_commit_callbacks):
    world.phuket.email = "batik@example.com"
    world.phuket.save()
    first = Milestone.objects.filter(enrolment=programme.phuket1).order_by("due_on").first()
    actions.milestone_done(actor=world.consultant, milestone_id=first.pk, on=date(2026, 12, 10))
    with django_capture_on_commit_callbacks(execute=True):
        actions.reminders_send(actor=world.admin, today=date(2027, 1, 1))
    assert mailoutbox == []


def test_reminder_task_runs_as_the_system(world, programme, mailoutbox, django_capture_on_commit_callbacks):
    from uplift.programme.tasks import send_reminders

    world.phuket.email = "batik@example.com"
    world.phuket.save()
    with django_capture_on_commit_callbacks(execute=True):
        assert send_reminders.call(today="2027-01-01") == 1
        assert send_reminders.call(today="2027-01-01") == 0
    assert len(mailoutbox) == 1
    assert AuditEntry.objects.get(action="remind", object_pk=str(
        Milestone.objects.filter(enrolment=programme.phuket1).order_by("due_on").first().pk)).actor.username == "system"


def test_visit_log_checks_files(world, programme):
    from django.core.files.uploadedfile import SimpleUploadedFile

    visit = actions.session_create(actor=world.consultant, data={
        "cohort": programme.cohort_phuket.pk, "kind": "visit", "topic": "เยี่ยมโรงงาน", "starts_at": at(12, 9),
        "ends_at": at(12, 11), "subdistrict": "830202", "entrepreneur": world.phuket.pk})[0]
    assert visit.staff_id == world.consultant.pk
    fake = SimpleUploadedFile("photo.jpg", b"<html>not a photo</html>", content_type="image/jpeg")
    with pytest.raises(ValidationError) as error:
        actions.visit_log_create(actor=world.consultant, session_id=visit.pk, entrepreneur_id=world.phuket.pk,
                                  notes="ตรวจสายการผลิต", files=[fake])
    assert "files" in error.value.message_dict
    exe = SimpleUploadedFile("virus.exe", b"MZ....", content_type="application/octet-stream")
    with pytest.raises(ValidationError):
        actions.visit_log_create(actor=world.consultant, session_id=visit.pk, entrepreneur_id=world.phuket.pk,
                                  notes="x", files=[exe])
    big = SimpleUploadedFile("big.pdf", b"%PDF-1.4" + b"0" * (actions.MAX_UPLOAD_BYTES), content_type="application/pdf")
    with pytest.raises(ValidationError):
        actions.visit_log_create(actor=world.consultant, session_id=visit.pk, entrepreneur_id=world.phuket.pk,
                                  notes="x", files=[big])
    png = SimpleUploadedFile("line.png", b"\x89PNG\r\n\x1a\n" + b"0" * 100, content_type="image/png")
    log = actions.visit_log_create(actor=world.consultant, session_id=visit.pk, entrepreneur_id=world.phuket.pk,
                                    notes="ตรวจสายการผลิต", files=[png],
                                    follow_ups=[{"action": "จัดทำคู่มือ GMP", "due_on": date(2026, 12, 30)}])
    assert log.files.get().size == 108 and log.follow_ups.get().action == "จัดทำคู่มือ GMP"
    with pytest.raises(ValidationError):  # not their entrepreneur
        actions.visit_log_create(actor=world.consultant, session_id=visit.pk, entrepreneur_id=world.chiangmai.pk, notes="x")


def test_consultant_schedules_only_visits_to_own_entrepreneurs(world, programme):
    with pytest.raises(PermissionDenied):
        workshop(world.consultant, programme.cohort_phuket, world.consultant, at(10, 9), at(10, 12))
    with pytest.raises(ValidationError):
        actions.session_create(actor=world.consultant, data={
            "cohort": programme.cohort_cm.pk, "kind": "visit", "topic": "x", "starts_at": at(12, 9),
            "ends_at": at(12, 11), "subdistrict": "501301", "entrepreneur": world.chiangmai.pk})


def test_officer_cannot_keep_the_national_round_plan(world, programme):
    from uplift.programme.models import RoundMilestone

    plan = actions.round_plan_create(actor=world.admin, round_id=programme.round.pk)
    with pytest.raises(PermissionDenied):
        actions.round_milestone_done(actor=world.officer, milestone_id=plan[0].pk)
    with pytest.raises(PermissionDenied):
        actions.round_milestone_done(actor=world.consultant, milestone_id=plan[0].pk)
    assert RoundMilestone.objects.get(pk=plan[0].pk).done_on is None
    done = actions.round_milestone_done(actor=world.admin, milestone_id=plan[0].pk, on=date(2026, 12, 14))
    assert done.done_on == date(2026, 12, 14)
    assert AuditEntry.objects.filter(action="milestone-done", object_pk=str(plan[0].pk), actor=world.admin).exists()


def test_round_plan_figures_are_scoped(world, programme):
    from uplift.programme import selectors

    _round, _plan, national = selectors.round_plan(world.admin, programme.round.pk)
    assert national["national"] and (national["places_holding"], national["places"], national["active"]) == (2, 3, 2)
    for user in (world.officer, world.consultant):  # one Phuket enrolment each sees
        _round, _plan, figures = selectors.round_plan(user, programme.round.pk)
        assert not figures["national"] and figures["places"] is None
        assert (figures["places_holding"], figures["active"], figures["completed"]) == (1, 1, 0)


def test_round_plan(world, programme):
    plan = actions.round_plan_create(actor=world.admin, round_id=programme.round.pk)
    assert plan[-2].due_on == programme.round.starts_on + timedelta(days=90)
    with pytest.raises(ValidationError):
        actions.round_plan_create(actor=world.admin, round_id=programme.round.pk)
    with pytest.raises(PermissionDenied):
        actions.round_plan_create(actor=world.consultant, round_id=programme.round.pk)
    with pytest.raises(PermissionDenied):
        actions.round_plan_create(actor=world.officer, round_id=programme.round.pk)


def test_unknown_place_or_trainer_reported_by_field(world, programme):
    with pytest.raises(ValidationError) as error:
        workshop(world.admin, programme.cohort_phuket, world.consultant, at(10, 9), at(10, 12), subdistrict="999999")
    assert "subdistrict" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        workshop(world.admin, programme.cohort_phuket, SimpleNamespace(pk=987654), at(10, 9), at(10, 12))
    assert "staff" in error.value.message_dict


def test_reminder_task_can_be_queued(world, programme):
    out = __import__("io").StringIO()
    call_command("send_reminders", "--user", "system", "--enqueue", stdout=out)
    assert out.getvalue().startswith("queued ")
