"""What happens at a session: attendance (``attendance.record``) and visit logs with photos, documents
and follow-up actions (``visit.log``)."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from uplift.access import policy
from uplift.audit.actions import audit_record
from uplift.programme import selectors
from uplift.programme.models import Attendance, FollowUp, Session, VisitFile, VisitLog
from uplift.registry.models import Entrepreneur

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


def _session(actor, session_id: int, verb: str) -> Session:
    session = policy.get_visible(actor, Session, session_id)
    policy.require(actor, verb, session)
    return session


def attendance_record(*, actor, session_id: int, rows: list[dict]) -> int:
    """Record the attendance of many enrolments at once: [{"enrolment": id, "status": ..., "hours": ...}]."""
    session = _session(actor, session_id, "attendance.record")
    roster = set(selectors.session_roster(actor, session, verb="attendance.record").values_list("pk", flat=True))
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
    session = _session(actor, session_id, "visit.log")
    if not policy.visible(actor, Entrepreneur, "visit.log").filter(pk=entrepreneur_id).exists():
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
