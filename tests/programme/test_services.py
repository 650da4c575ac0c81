from datetime import date, timedelta
from types import SimpleNamespace

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command

from tests.factories import entrepreneur
from tests.programme.conftest import at, workshop
from uplift.audit.models import AuditEntry
from uplift.programme import services
from uplift.programme.models import Attendance, Enrolment, Milestone, Session

pytestmark = pytest.mark.django_db


def _waitlist(world, ra, n):
    made = []
    for i in range(n):
        e = entrepreneur(world.admin, name_th=f"กลุ่มรอคิว {i}", subdistrict="830202", postal_code="83150")
        made.append(Enrolment.objects.create(round_activity=ra, entrepreneur=e, status="waitlisted", waitlist_rank=i + 1))
    return made


def test_illegal_transition_refused_by_the_service(world, programme):
    with pytest.raises(ValidationError) as error:
        services.enrolment_transition(actor=world.admin, enrolment_id=programme.phuket1.pk, action="accept")
    assert "action" in error.value.message_dict
    programme.phuket1.refresh_from_db()
    assert programme.phuket1.status == "active"


def test_start_creates_dated_milestones(programme):
    milestones = list(Milestone.objects.filter(enrolment=programme.phuket1).select_related("template"))
    assert [m.template.name_en for m in milestones] == ["Product listing drafted", "Online store live", "First online order"]
    assert milestones[0].due_on == date(2026, 12, 2) + timedelta(weeks=3)


def test_withdrawal_offers_the_place_to_the_lowest_rank(world, programme):
    second, first, third = _waitlist(world, programme.ra1, 3)
    Enrolment.objects.filter(pk=first.pk).update(waitlist_rank=1)
    Enrolment.objects.filter(pk=second.pk).update(waitlist_rank=2)
    services.enrolment_transition(actor=world.admin, enrolment_id=programme.cm1.pk, action="withdraw", reason="ย้ายที่อยู่",
                                  on=date(2026, 12, 20))
    statuses = dict(Enrolment.objects.filter(pk__in=[first.pk, second.pk, third.pk, programme.cm1.pk]).values_list("pk", "status"))
    assert statuses == {first.pk: "offered", second.pk: "waitlisted", third.pk: "waitlisted", programme.cm1.pk: "withdrawn"}
    cm1 = Enrolment.objects.get(pk=programme.cm1.pk)
    assert cm1.ended_on == date(2026, 12, 20) and cm1.reason == "ย้ายที่อยู่"
    assert AuditEntry.objects.filter(action="offer", object_pk=str(first.pk)).exists()


def test_decline_moves_the_waitlist_and_capacity_holds(world, programme):
    offered = Enrolment.objects.create(round_activity=programme.ra5, entrepreneur=world.phuket, status="offered")
    waiting = _waitlist(world, programme.ra5, 2)
    with pytest.raises(ValidationError):  # the one place is held by the offer
        services.enrolment_transition(actor=world.admin, enrolment_id=waiting[0].pk, action="offer")
    services.enrolment_transition(actor=world.admin, enrolment_id=offered.pk, action="decline", reason="ไม่พร้อม")
    assert list(Enrolment.objects.filter(round_activity=programme.ra5, status="offered").values_list("pk", flat=True)) == [waiting[0].pk]
    assert Enrolment.objects.get(pk=waiting[1].pk).status == "waitlisted"


def test_entrepreneur_accepts_own_offer_only(world, programme):
    mine = Enrolment.objects.create(round_activity=programme.ra5, entrepreneur=world.chiangmai, status="offered")
    other = Enrolment.objects.create(round_activity=programme.ra5, entrepreneur=world.phuket, status="waitlisted", waitlist_rank=1)
    services.enrolment_transition(actor=world.owner, enrolment_id=mine.pk, action="accept")
    with pytest.raises(PermissionDenied):
        services.enrolment_transition(actor=world.owner, enrolment_id=mine.pk, action="start")
    from django.http import Http404
    with pytest.raises(Http404):
        services.enrolment_transition(actor=world.owner, enrolment_id=other.pk, action="offer")


def test_double_booking_refused(world, programme):
    workshop(world.admin, programme.cohort_phuket, world.consultant, at(10, 9), at(10, 12))
    with pytest.raises(ValidationError) as error:
        workshop(world.admin, programme.cohort_cm, world.consultant, at(10, 11, 30), at(10, 13), subdistrict="501301")
    assert "staff" in error.value.message_dict
    # touching end to start is fine; another trainer at the same time is fine
    workshop(world.admin, programme.cohort_phuket, world.consultant, at(10, 12), at(10, 13))
    workshop(world.admin, programme.cohort_phuket, world.officer, at(10, 9), at(10, 12))
    assert Session.objects.count() == 3


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
        services.session_reschedule(actor=world.admin, session_id=b.pk, starts_at=at(10, 10), ends_at=at(10, 11))
    services.session_reschedule(actor=world.admin, session_id=a.pk, starts_at=at(10, 8), ends_at=at(10, 11))


def test_consultant_takes_attendance_for_own_entrepreneurs_only(world, programme):
    session = workshop(world.admin, programme.cohort_phuket, world.consultant, at(10, 9), at(10, 12))[0]
    services.attendance_record(actor=world.consultant, session_id=session.pk,
                               rows=[{"enrolment": programme.phuket1.pk, "status": "late", "hours": "2.5"}])
    row = Attendance.objects.get()
    assert (row.status, str(row.hours)) == ("late", "2.5")
    with pytest.raises(ValidationError):
        services.attendance_record(actor=world.consultant, session_id=session.pk,
                                   rows=[{"enrolment": programme.cm1.pk, "status": "present"}])
    # taking it again updates, never duplicates
    services.attendance_record(actor=world.consultant, session_id=session.pk,
                               rows=[{"enrolment": programme.phuket1.pk, "status": "present"}])
    assert Attendance.objects.get().hours == 3


def test_hours_capped_by_session(world, programme):
    session = workshop(world.admin, programme.cohort_phuket, world.consultant, at(10, 9), at(10, 12))[0]
    with pytest.raises(ValidationError):
        services.attendance_record(actor=world.admin, session_id=session.pk,
                                   rows=[{"enrolment": programme.phuket1.pk, "status": "present", "hours": 4}])


def test_complete_after_required_hours(world, programme):
    s1, s2 = workshop(world.admin, programme.cohort_phuket, world.consultant, at(1, 9), at(1, 12), weeks=2)
    with pytest.raises(ValidationError):
        services.enrolment_transition(actor=world.admin, enrolment_id=programme.phuket1.pk, action="complete")
    for s in (s1, s2):
        services.attendance_record(actor=world.admin, session_id=s.pk, rows=[{"enrolment": programme.phuket1.pk, "status": "present"}])
    services.enrolment_transition(actor=world.admin, enrolment_id=programme.phuket1.pk, action="complete", on=date(2027, 2, 1))


def test_overdue_reminders_sent_once(world, programme, mailoutbox):
    from django.contrib.auth import get_user_model

    get_user_model().objects.filter(pk=world.consultant.pk).update(email="consultant@example.com")
    world.phuket.email = "batik@example.com"
    world.phuket.save()
    today = date(2026, 12, 2) + timedelta(weeks=3, days=1)  # the first milestone of both enrolments is a day late
    assert services.reminders_send(today=today) == 1  # Chiang Mai has no email address: claimed but not sent
    assert services.reminders_send(today=today) == 0
    call_command("send_reminders", "--date", today.isoformat())
    assert len(mailoutbox) == 1
    assert sorted(mailoutbox[0].to) == ["batik@example.com", "consultant@example.com"]
    assert "จัดทำรายการสินค้าออนไลน์" in mailoutbox[0].subject
    assert Milestone.objects.filter(reminded_at__isnull=False).count() == 2


def test_done_milestones_are_not_reminded(world, programme, mailoutbox):
    world.phuket.email = "batik@example.com"
    world.phuket.save()
    first = Milestone.objects.filter(enrolment=programme.phuket1).order_by("due_on").first()
    services.milestone_done(actor=world.consultant, milestone_id=first.pk, on=date(2026, 12, 10))
    services.reminders_send(today=date(2027, 1, 1))
    assert mailoutbox == []


def test_reminder_task_runs(world, programme, mailoutbox):
    from uplift.programme.tasks import send_reminders

    world.phuket.email = "batik@example.com"
    world.phuket.save()
    assert send_reminders.call(today="2027-01-01") == 1
    assert send_reminders.call(today="2027-01-01") == 0


def test_visit_log_checks_files(world, programme):
    from django.core.files.uploadedfile import SimpleUploadedFile

    visit = services.session_create(actor=world.consultant, data={
        "cohort": programme.cohort_phuket.pk, "kind": "visit", "topic": "เยี่ยมโรงงาน", "starts_at": at(12, 9),
        "ends_at": at(12, 11), "subdistrict": "830202", "entrepreneur": world.phuket.pk})[0]
    assert visit.staff_id == world.consultant.pk
    fake = SimpleUploadedFile("photo.jpg", b"<html>not a photo</html>", content_type="image/jpeg")
    with pytest.raises(ValidationError) as error:
        services.visit_log_create(actor=world.consultant, session_id=visit.pk, entrepreneur_id=world.phuket.pk,
                                  notes="ตรวจสายการผลิต", files=[fake])
    assert "files" in error.value.message_dict
    exe = SimpleUploadedFile("virus.exe", b"MZ....", content_type="application/octet-stream")
    with pytest.raises(ValidationError):
        services.visit_log_create(actor=world.consultant, session_id=visit.pk, entrepreneur_id=world.phuket.pk,
                                  notes="x", files=[exe])
    big = SimpleUploadedFile("big.pdf", b"%PDF-1.4" + b"0" * (services.MAX_UPLOAD_BYTES), content_type="application/pdf")
    with pytest.raises(ValidationError):
        services.visit_log_create(actor=world.consultant, session_id=visit.pk, entrepreneur_id=world.phuket.pk,
                                  notes="x", files=[big])
    png = SimpleUploadedFile("line.png", b"\x89PNG\r\n\x1a\n" + b"0" * 100, content_type="image/png")
    log = services.visit_log_create(actor=world.consultant, session_id=visit.pk, entrepreneur_id=world.phuket.pk,
                                    notes="ตรวจสายการผลิต", files=[png],
                                    follow_ups=[{"action": "จัดทำคู่มือ GMP", "due_on": date(2026, 12, 30)}])
    assert log.files.get().size == 108 and log.follow_ups.get().action == "จัดทำคู่มือ GMP"
    with pytest.raises(ValidationError):  # not their entrepreneur
        services.visit_log_create(actor=world.consultant, session_id=visit.pk, entrepreneur_id=world.chiangmai.pk, notes="x")


def test_consultant_schedules_only_visits_to_own_entrepreneurs(world, programme):
    with pytest.raises(PermissionDenied):
        workshop(world.consultant, programme.cohort_phuket, world.consultant, at(10, 9), at(10, 12))
    with pytest.raises(ValidationError):
        services.session_create(actor=world.consultant, data={
            "cohort": programme.cohort_cm.pk, "kind": "visit", "topic": "x", "starts_at": at(12, 9),
            "ends_at": at(12, 11), "subdistrict": "501301", "entrepreneur": world.chiangmai.pk})


def test_round_plan(world, programme):
    plan = services.round_plan_create(actor=world.admin, round_id=programme.round.pk)
    assert plan[-2].due_on == programme.round.starts_on + timedelta(days=90)
    with pytest.raises(ValidationError):
        services.round_plan_create(actor=world.admin, round_id=programme.round.pk)
    with pytest.raises(PermissionDenied):
        services.round_plan_create(actor=world.consultant, round_id=programme.round.pk)


def test_unknown_place_or_trainer_reported_by_field(world, programme):
    with pytest.raises(ValidationError) as error:
        workshop(world.admin, programme.cohort_phuket, world.consultant, at(10, 9), at(10, 12), subdistrict="999999")
    assert "subdistrict" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        workshop(world.admin, programme.cohort_phuket, SimpleNamespace(pk=987654), at(10, 9), at(10, 12))
    assert "staff" in error.value.message_dict


def test_reminder_task_can_be_queued(world, programme):
    out = __import__("io").StringIO()
    call_command("send_reminders", "--enqueue", stdout=out)
    assert out.getvalue().startswith("queued ")
