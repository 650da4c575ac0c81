"""Writes to programme delivery: check, then write and audit in one transaction.

Every read of an enrolment, session or milestone starts from the acting user's scope
(selectors.*_visible), so nobody can act on what they cannot see.
"""

import uuid
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from uplift.access.models import Role
from uplift.access.scoping import role_of, visible_entrepreneurs
from uplift.audit.actions import audit_record
from uplift.geo.models import Subdistrict
from uplift.programme import lifecycle, selectors
from uplift.programme.models import (
    Attendance, Cohort, Enrolment, EnrolmentCohort, FollowUp, Milestone, MilestoneTemplate, Round, RoundActivity,
    RoundMilestone, Session, VisitFile, VisitLog,
)

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
# extension → (content type, magic-bytes check)
UPLOAD_TYPES = {
    "jpg": ("image/jpeg", lambda h: h.startswith(b"\xff\xd8\xff")),
    "jpeg": ("image/jpeg", lambda h: h.startswith(b"\xff\xd8\xff")),
    "png": ("image/png", lambda h: h.startswith(b"\x89PNG\r\n\x1a\n")),
    "webp": ("image/webp", lambda h: h[:4] == b"RIFF" and h[8:12] == b"WEBP"),
    "pdf": ("application/pdf", lambda h: h.startswith(b"%PDF-")),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", lambda h: h.startswith(b"PK\x03\x04")),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", lambda h: h.startswith(b"PK\x03\x04")),
}


def can_manage(user) -> bool:
    """Officers (their region) and administrators run enrolments, cohorts and the round's plan."""
    return role_of(user) in (Role.ADMINISTRATOR, Role.REGIONAL_OFFICER)


def _today() -> date:
    return timezone.localdate()


# ---- enrolments --------------------------------------------------------------------------------

def _holding(round_activity_id: int) -> int:
    return Enrolment.objects.filter(round_activity_id=round_activity_id, status__in=lifecycle.HOLDS_PLACE).count()


def _hours_done(enrolment_id: int) -> float:
    from django.db.models import Sum

    total = Attendance.objects.filter(
        enrolment_id=enrolment_id, status__in=[Attendance.Status.PRESENT, Attendance.Status.LATE]
    ).aggregate(total=Sum("hours"))["total"]
    return float(total or 0)


def _cohort_for(enrolment: Enrolment) -> Cohort:
    centre_id = enrolment.entrepreneur.province.centre_id
    cohort, _created = Cohort.objects.get_or_create(round_activity_id=enrolment.round_activity_id, centre_id=centre_id)
    return cohort


def _apply(actor, enrolment: Enrolment, action: str, *, on: date, reason: str = "") -> Enrolment:
    ra = enrolment.round_activity
    if action == "offer" and _holding(ra.pk) >= ra.places:
        raise ValidationError({"action": _("All %(places)s places of this activity are taken.") % {"places": ra.places}})
    change = lifecycle.transition(
        status=enrolment.status, action=action, on=on, reason=reason, started_on=enrolment.started_on,
        waitlist_rank=enrolment.waitlist_rank,
        hours_done=_hours_done(enrolment.pk) if action == "complete" else 0, required_hours=ra.required_hours,
    )
    before = enrolment.status
    enrolment.status, enrolment.waitlist_rank = change.status, change.waitlist_rank
    enrolment.started_on, enrolment.ended_on = change.started_on, change.ended_on
    if change.reason or action in lifecycle.NEEDS_REASON:
        enrolment.reason = change.reason
    enrolment.save()
    if action in ("accept", "start"):
        EnrolmentCohort.objects.get_or_create(enrolment=enrolment, defaults={"cohort": _cohort_for(enrolment)})
    if action == "start":
        Milestone.objects.bulk_create([
            Milestone(enrolment=enrolment, template=t, due_on=on + timedelta(weeks=t.due_week))
            for t in MilestoneTemplate.objects.filter(activity_id=ra.activity_id)
        ], ignore_conflicts=True)
    audit_record(actor=actor, action=action, obj=enrolment,
                 changes={"status": [before, change.status], "reason": change.reason, "on": on.isoformat()})
    return enrolment


def _promote(actor, round_activity: RoundActivity, on: date) -> list[Enrolment]:
    """Offer free places to the waitlist, lowest rank first."""
    offered = []
    free = round_activity.places - _holding(round_activity.pk)
    if free <= 0:
        return offered
    queue = (Enrolment.objects.select_related("round_activity", "entrepreneur__province")
             .filter(round_activity=round_activity, status=Enrolment.Status.WAITLISTED)
             .order_by("waitlist_rank", "id")[:free])
    for enrolment in queue:
        offered.append(_apply(actor, enrolment, "offer", on=on, reason=_("A place became free.")))
    return offered


def enrolment_transition(*, actor, enrolment_id: int, action: str, reason: str = "", on: date | None = None) -> Enrolment:
    """Move one enrolment through its lifecycle; a freed place goes to the next on the waitlist."""
    role = role_of(actor)
    on = on or _today()
    with transaction.atomic():
        enrolment = selectors.enrolments_visible(actor).select_related("round_activity").filter(pk=enrolment_id).first()
        if enrolment is None:
            raise Http404(_("No such enrolment."))
        if not (can_manage(actor) or (role == Role.ENTREPRENEUR and action in ("accept", "decline"))):
            raise PermissionDenied(_("Your role cannot change this enrolment."))
        # one writer per activity at a time, so places are never over-given
        ra = RoundActivity.objects.select_for_update().get(pk=enrolment.round_activity_id)
        enrolment = Enrolment.objects.select_for_update().select_related("entrepreneur__province").get(pk=enrolment.pk)
        enrolment.round_activity = ra
        _apply(actor, enrolment, action, on=on, reason=reason)
        if action in lifecycle.FREES_PLACE:
            _promote(actor, ra, on)
    return enrolment


def waitlist_promote(*, actor, round_activity_id: int, on: date | None = None) -> list[Enrolment]:
    if not can_manage(actor):
        raise PermissionDenied(_("Your role cannot change this enrolment."))
    with transaction.atomic():
        ra = RoundActivity.objects.select_for_update().get(pk=round_activity_id)
        return _promote(actor, ra, on or _today())


# ---- sessions ----------------------------------------------------------------------------------

SESSION_FIELDS = ("cohort", "kind", "topic", "starts_at", "ends_at", "subdistrict", "venue", "link", "staff",
                  "entrepreneur", "capacity")


def _check_double_booking(session: Session, occurrences: list[tuple[datetime, datetime]]) -> None:
    for starts, ends in occurrences:
        clash = (Session.objects.filter(staff_id=session.staff_id, starts_at__lt=ends, ends_at__gt=starts)
                 .exclude(pk=session.pk).order_by("starts_at").first())
        if clash is not None:
            local = timezone.localtime(clash.starts_at)
            raise ValidationError({"staff": _("%(name)s is already booked at that time: %(topic)s, %(when)s.") % {
                "name": clash.staff.get_full_name() or clash.staff.get_username(), "topic": clash.topic,
                "when": local.strftime("%Y-%m-%d %H:%M")}})


def session_create(*, actor, data: dict, weeks: int = 1) -> list[Session]:
    """One session, or a weekly series of `weeks` sessions; the trainer may not be booked twice at once."""
    unknown = set(data) - set(SESSION_FIELDS)
    if unknown:
        raise ValidationError({name: _("Unknown field.") for name in sorted(unknown)})
    if not 1 <= weeks <= 52:
        raise ValidationError({"weeks": _("A series runs 1 to 52 weeks.")})
    role = role_of(actor)
    if role not in (Role.ADMINISTRATOR, Role.REGIONAL_OFFICER, Role.CONSULTANT):
        raise PermissionDenied(_("Your role cannot schedule sessions."))
    values = {k: v for k, v in data.items() if k not in ("cohort", "staff", "subdistrict", "entrepreneur")}
    session = Session(**values)
    for name in ("cohort", "staff", "subdistrict", "entrepreneur"):
        value = data.get(name)
        setattr(session, f"{name}_id", getattr(value, "pk", value) or None)
    cohort = selectors.cohorts_visible(actor).filter(pk=session.cohort_id).first()
    if cohort is None:
        raise ValidationError({"cohort": _("No such cohort within your scope.")})
    if session.entrepreneur_id and not visible_entrepreneurs(actor).filter(pk=session.entrepreneur_id).exists():
        raise ValidationError({"entrepreneur": _("No such entrepreneur within your scope.")})
    if role == Role.CONSULTANT:
        if session.kind != Session.Kind.VISIT or not session.entrepreneur_id:
            raise PermissionDenied(_("A consultant schedules on-site visits to their own entrepreneurs."))
        if session.staff_id and session.staff_id != actor.pk:
            raise ValidationError({"staff": _("A consultant schedules their own visits.")})
        session.staff_id = actor.pk
    errors = {}
    if session.staff_id is None:
        errors["staff"] = _("Choose the trainer or consultant.")
    if session.kind == Session.Kind.CLINIC and not session.link:
        errors["link"] = _("An online clinic needs its link.")
    if session.kind in (Session.Kind.WORKSHOP, Session.Kind.VISIT) and not session.subdistrict_id:
        errors["subdistrict"] = _("Give the place (subdistrict).")
    if session.starts_at and session.ends_at and session.ends_at <= session.starts_at:
        errors["ends_at"] = _("The session ends before it starts.")
    if session.subdistrict_id and not Subdistrict.objects.filter(code=session.subdistrict_id).exists():
        errors["subdistrict"] = _("Unknown subdistrict code %(code)s.") % {"code": session.subdistrict_id}
    if session.staff_id and not get_user_model().objects.filter(pk=session.staff_id, is_active=True).exists():
        errors["staff"] = _("No such trainer or consultant.")
    if errors:
        raise ValidationError(errors)
    session.full_clean(exclude=["cohort", "staff", "subdistrict", "entrepreneur", "series"])
    series = uuid.uuid4() if weeks > 1 else None
    occurrences = [(session.starts_at + timedelta(weeks=i), session.ends_at + timedelta(weeks=i)) for i in range(weeks)]
    with transaction.atomic():
        # lock the trainer so two bookings cannot pass the overlap check together
        get_user_model().objects.select_for_update().filter(pk=session.staff_id).first()
        _check_double_booking(session, occurrences)
        made = []
        for starts, ends in occurrences:
            s = Session(**{f.attname: getattr(session, f.attname) for f in Session._meta.concrete_fields if f.attname != "id"})
            s.starts_at, s.ends_at, s.series = starts, ends, series
            s.save()
            made.append(s)
        audit_record(actor=actor, action="create", obj=made[0], changes={
            "topic": session.topic, "weeks": weeks, "staff": session.staff_id, "series": str(series) if series else None})
    return made


def session_reschedule(*, actor, session_id: int, starts_at: datetime, ends_at: datetime) -> Session:
    with transaction.atomic():
        session = selectors.sessions_visible(actor).filter(pk=session_id).first()
        if session is None:
            raise Http404(_("No such session."))
        if not (can_manage(actor) or session.staff_id == actor.pk):
            raise PermissionDenied(_("Your role cannot change this session."))
        if ends_at <= starts_at:
            raise ValidationError({"ends_at": _("The session ends before it starts.")})
        get_user_model().objects.select_for_update().filter(pk=session.staff_id).first()
        _check_double_booking(session, [(starts_at, ends_at)])
        before = [session.starts_at.isoformat(), session.ends_at.isoformat()]
        session.starts_at, session.ends_at = starts_at, ends_at
        session.save(update_fields=["starts_at", "ends_at"])
        audit_record(actor=actor, action="update", obj=session, changes={"when": [before, [starts_at.isoformat(), ends_at.isoformat()]]})
    return session


# ---- attendance and visits ---------------------------------------------------------------------

def _editable_session(actor, session_id: int) -> Session:
    session = selectors.sessions_visible(actor).filter(pk=session_id).first()
    if session is None:
        raise Http404(_("No such session."))
    if role_of(actor) not in (Role.ADMINISTRATOR, Role.REGIONAL_OFFICER, Role.CONSULTANT):
        raise PermissionDenied(_("Your role cannot take attendance."))
    return session


def attendance_record(*, actor, session_id: int, rows: list[dict]) -> int:
    """Record the attendance of many enrolments at once: [{"enrolment": id, "status": ..., "hours": ...}]."""
    session = _editable_session(actor, session_id)
    roster = {e.pk: e for e in selectors.session_roster(actor, session)}
    full = session.hours
    errors: dict[str, list[str]] = {}
    records = []
    for i, row in enumerate(rows):
        enrolment_id = int(row.get("enrolment") or 0)
        status = row.get("status")
        if enrolment_id not in roster:
            errors.setdefault(f"rows.{i}.enrolment", []).append(_("Not on this session's list."))
            continue
        if status not in Attendance.Status.values:
            errors.setdefault(f"rows.{i}.status", []).append(_("Choose present, late or absent."))
            continue
        hours = row.get("hours")
        hours = Decimal(0) if status == Attendance.Status.ABSENT else (full if hours in (None, "") else Decimal(str(hours)))
        if hours < 0 or hours > full:
            errors.setdefault(f"rows.{i}.hours", []).append(
                _("Hours run from 0 to the session's %(hours)s.") % {"hours": full})
            continue
        records.append(Attendance(session=session, enrolment_id=enrolment_id, status=status, hours=hours, recorded_by=actor))
    if errors:
        raise ValidationError(errors)
    if len({r.enrolment_id for r in records}) > session.capacity:
        raise ValidationError({"rows": _("More people than the session's capacity of %(n)s.") % {"n": session.capacity}})
    with transaction.atomic():
        Attendance.objects.bulk_create(records, update_conflicts=True, unique_fields=["session", "enrolment"],
                                       update_fields=["status", "hours", "recorded_by", "recorded_at"])
        audit_record(actor=actor, action="attendance", obj=session, changes={
            "rows": [[r.enrolment_id, r.status, str(r.hours)] for r in records]})
    return len(records)


def _check_upload(upload) -> tuple[str, str]:
    name = getattr(upload, "name", "") or ""
    ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if upload.size > MAX_UPLOAD_BYTES:
        raise ValidationError({"files": _("%(name)s is larger than 10 MB.") % {"name": name}})
    if ext not in UPLOAD_TYPES:
        raise ValidationError({"files": _("%(name)s: only photos (JPEG, PNG, WebP) and documents (PDF, DOCX, XLSX).") % {"name": name}})
    content_type, check = UPLOAD_TYPES[ext]
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    if not check(head):
        raise ValidationError({"files": _("%(name)s is not really a .%(ext)s file.") % {"name": name, "ext": ext}})
    return name[-200:], content_type


def visit_log_create(*, actor, session_id: int, entrepreneur_id: int, notes: str, files=(), follow_ups=()) -> VisitLog:
    session = _editable_session(actor, session_id)
    if not visible_entrepreneurs(actor).filter(pk=entrepreneur_id).exists():
        raise ValidationError({"entrepreneur": _("No such entrepreneur within your scope.")})
    if not (notes or "").strip():
        raise ValidationError({"notes": _("Write what was done and found.")})
    checked = [(_check_upload(f), f) for f in files]
    actions = [f for f in follow_ups if (f.get("action") or "").strip()]
    with transaction.atomic():
        log = VisitLog.objects.create(session=session, entrepreneur_id=entrepreneur_id, author=actor, notes=notes.strip())
        for (name, content_type), upload in checked:
            VisitFile.objects.create(log=log, file=upload, name=name, content_type=content_type, size=upload.size)
        FollowUp.objects.bulk_create([FollowUp(log=log, action=f["action"].strip()[:255], due_on=f.get("due_on") or None)
                                      for f in actions])
        audit_record(actor=actor, action="create", obj=log, changes={
            "session": session.pk, "entrepreneur": entrepreneur_id, "files": [n for (n, _t), _f in checked],
            "follow_ups": [f["action"] for f in actions]})
    return log


# ---- milestones and reminders ------------------------------------------------------------------

def milestone_done(*, actor, milestone_id: int, on: date | None = None) -> Milestone:
    with transaction.atomic():
        milestone = selectors.milestones_visible(actor).filter(pk=milestone_id).first()
        if milestone is None:
            raise Http404(_("No such milestone."))
        if role_of(actor) not in (Role.ADMINISTRATOR, Role.REGIONAL_OFFICER, Role.CONSULTANT):
            raise PermissionDenied(_("Your role cannot mark milestones."))
        milestone.done_on = on or _today()
        milestone.save(update_fields=["done_on"])
        audit_record(actor=actor, action="milestone-done", obj=milestone, changes={"done_on": milestone.done_on.isoformat()})
    return milestone


def _recipients(milestone: Milestone) -> list[str]:
    entrepreneur = milestone.enrolment.entrepreneur
    emails = {entrepreneur.email} | {p.user.email for p in entrepreneur.accounts.all()}
    emails |= {a.consultant.email for a in entrepreneur.consultants.all()}
    return sorted(e for e in emails if e)


def reminders_send(*, today: date | None = None) -> int:
    """Email each overdue milestone's entrepreneur and consultants, once per milestone."""
    today = today or _today()
    due = (Milestone.objects.filter(done_on__isnull=True, reminded_at__isnull=True, due_on__lt=today,
                                    enrolment__status=Enrolment.Status.ACTIVE)
           .select_related("template", "enrolment__entrepreneur", "enrolment__round_activity__activity")
           .prefetch_related("enrolment__entrepreneur__accounts__user", "enrolment__entrepreneur__consultants__consultant")
           .order_by("due_on", "pk"))
    sent = 0
    for milestone in due.iterator(chunk_size=500):
        with transaction.atomic():
            # claim the milestone first: a second run (or a parallel worker) finds it taken
            if not Milestone.objects.filter(pk=milestone.pk, reminded_at__isnull=True).update(reminded_at=timezone.now()):
                continue
            recipients = _recipients(milestone)
            if recipients:
                entrepreneur = milestone.enrolment.entrepreneur
                send_mail(
                    subject=f"[OTOP Uplift] เลยกำหนด: {milestone.template.name_th} — {entrepreneur.name_th}",
                    message=(f"เรียน {entrepreneur.name_th}\n\nขั้นตอน \"{milestone.template.name_th}\" ของกิจกรรม "
                             f"{milestone.enrolment.round_activity.activity.name_th} ครบกำหนดเมื่อ "
                             f"{milestone.due_on:%d/%m}/{milestone.due_on.year + 543} แต่ยังไม่ได้บันทึกว่าเสร็จ\n"
                             f"({milestone.template.name_en}, due {milestone.due_on.isoformat()})\n\nOTOP Uplift"),
                    from_email=None, recipient_list=recipients,
                )
                sent += 1
    return sent


# ---- the round's plan --------------------------------------------------------------------------

# The seed's 90 days: (name, first day, last day) counted from the round's start.
DEFAULT_PLAN = (
    ("คัดเลือกและยืนยันผู้เข้าร่วม", 0, 14),
    ("จัดกลุ่มและปฐมนิเทศ", 14, 21),
    ("อบรมเชิงปฏิบัติการและให้คำปรึกษา ณ สถานประกอบการ", 21, 75),
    ("ติดตามความก้าวหน้ากลางรอบ", 45, 50),
    ("ส่งมอบผลงานและปิดกิจกรรม", 75, 90),
    ("ประเมินผลและรายงานผลต่อกรม", 90, 105),
)


def round_plan_create(*, actor, round_id: int) -> list[RoundMilestone]:
    if not can_manage(actor):
        raise PermissionDenied(_("Your role cannot plan the round."))
    with transaction.atomic():
        round_ = Round.objects.select_for_update().get(pk=round_id)
        if round_.plan.exists():
            raise ValidationError({"round": _("This round already has a plan.")})
        made = RoundMilestone.objects.bulk_create([
            RoundMilestone(round=round_, order=i, name=name, starts_on=round_.starts_on + timedelta(days=a),
                           due_on=round_.starts_on + timedelta(days=b))
            for i, (name, a, b) in enumerate(DEFAULT_PLAN, start=1)
        ])
        audit_record(actor=actor, action="plan", obj=round_, changes={"milestones": len(made)})
    return made


def round_milestone_done(*, actor, milestone_id: int, on: date | None = None) -> RoundMilestone:
    if not can_manage(actor):
        raise PermissionDenied(_("Your role cannot plan the round."))
    with transaction.atomic():
        milestone = RoundMilestone.objects.select_for_update().get(pk=milestone_id)
        milestone.done_on = on or _today()
        milestone.save(update_fields=["done_on"])
        audit_record(actor=actor, action="milestone-done", obj=milestone, changes={"done_on": milestone.done_on.isoformat()})
    return milestone
