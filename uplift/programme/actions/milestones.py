"""Enrolments' milestones: marked done (``milestone.update``) and reminded once when overdue
(``reminders.send``: the daily batch runs as the system account; the emails leave on commit)."""

from datetime import date

from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from uplift.access import policy
from uplift.audit.actions import audit_record
from uplift.programme.models import Milestone
from uplift.programme.statuses import ACTIVE

NOTE_MAX = 2000


def milestone_done(*, actor, milestone_id: int, on: date | None = None, note: str = "", evidence=None) -> Milestone:
    """Mark a milestone done, with an optional note and one evidence file (photo or document)."""
    from uplift.programme.actions.visits import _check_upload

    note = (note or "").strip()
    if len(note) > NOTE_MAX:
        raise ValidationError({"note": _("The note is longer than %(n)s characters.") % {"n": NOTE_MAX}})
    if evidence is not None:
        try:
            _check_upload(evidence)
        except ValidationError as error:
            raise ValidationError({"evidence": error.message_dict["files"]}) from None
    with transaction.atomic():
        milestone = policy.get_visible(actor, Milestone, milestone_id)
        policy.require(actor, "milestone.update", milestone)
        milestone.done_on = on or timezone.localdate()
        milestone.note = note
        fields = ["done_on", "note"]
        if evidence is not None:
            milestone.evidence.save(evidence.name[-100:], evidence, save=False)
            fields.append("evidence")
        milestone.save(update_fields=fields)
        audit_record(actor=actor, action="milestone-done", obj=milestone, changes={
            "done_on": milestone.done_on.isoformat(), "note": note, "evidence": milestone.evidence.name or ""})
    return milestone


def _recipients(milestone: Milestone) -> list[str]:
    entrepreneur = milestone.enrolment.entrepreneur
    emails = {entrepreneur.email} | {p.user.email for p in entrepreneur.accounts.all()}
    emails |= {a.consultant.email for a in entrepreneur.consultants.all()}
    return sorted(e for e in emails if e)


def _reminder(milestone: Milestone) -> dict:
    entrepreneur = milestone.enrolment.entrepreneur
    due = milestone.due_on
    return {
        "subject": f"[OTOP Uplift] เลยกำหนด: {milestone.template.name_th} — {entrepreneur.name_th}",
        "message": (f"เรียน {entrepreneur.name_th}\n\nขั้นตอน \"{milestone.template.name_th}\" ของกิจกรรม "
                    f"{milestone.enrolment.round_activity.activity.name_th} ครบกำหนดเมื่อ "
                    f"{due:%d/%m}/{due.year + 543} แต่ยังไม่ได้บันทึกว่าเสร็จ\n"
                    f"({milestone.template.name_en}, due {due.isoformat()})\n\nOTOP Uplift"),
        "recipient_list": _recipients(milestone),
    }


def reminders_send(*, actor, today: date | None = None) -> int:
    """Email each overdue milestone's entrepreneur and consultants, once per milestone; the count sent."""
    policy.require(actor, "reminders.send")
    today = today or timezone.localdate()
    due = (policy.visible(actor, Milestone, "reminders.send")
           .filter(done_on__isnull=True, reminded_at__isnull=True, due_on__lt=today, enrolment__status=ACTIVE)
           .select_related("template", "enrolment__entrepreneur", "enrolment__round_activity__activity")
           .prefetch_related("enrolment__entrepreneur__accounts__user", "enrolment__entrepreneur__consultants__consultant")
           .order_by("due_on", "pk"))
    sent = 0
    for milestone in due.iterator(chunk_size=500):
        with transaction.atomic():
            # claim the milestone first: a second run (or a parallel worker) finds it taken
            if not Milestone.objects.filter(pk=milestone.pk, reminded_at__isnull=True).update(reminded_at=timezone.now()):
                continue
            email = _reminder(milestone)
            audit_record(actor=actor, action="remind", obj=milestone,
                         changes={"recipients": len(email["recipient_list"])})
            if email["recipient_list"]:
                transaction.on_commit(lambda email=email: send_mail(from_email=None, **email))
                sent += 1
    return sent
