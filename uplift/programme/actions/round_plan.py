"""The round's own dated plan (the seed's 90 days): a national plan, kept by ``round_plan.manage``
(administrators and programme managers); officers and consultants read it."""

from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from uplift.access import policy
from uplift.audit.actions import audit_record
from uplift.programme.models import Round, RoundMilestone

# (name, first day, last day) counted from the round's start
DEFAULT_PLAN = (
    ("คัดเลือกและยืนยันผู้เข้าร่วม", 0, 14),
    ("จัดกลุ่มและปฐมนิเทศ", 14, 21),
    ("อบรมเชิงปฏิบัติการและให้คำปรึกษา ณ สถานประกอบการ", 21, 75),
    ("ติดตามความก้าวหน้ากลางรอบ", 45, 50),
    ("ส่งมอบผลงานและปิดกิจกรรม", 75, 90),
    ("ประเมินผลและรายงานผลต่อกรม", 90, 105),
)

REFUSED = gettext_lazy("Only the programme's managers keep the round's plan.")


def round_plan_create(*, actor, round_id: int) -> list[RoundMilestone]:
    with transaction.atomic():
        round_ = policy.get_visible(actor, Round, round_id)
        policy.require(actor, "round_plan.manage", round_, message=str(REFUSED))
        round_ = Round.objects.select_for_update().get(pk=round_.pk)
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
    with transaction.atomic():
        milestone = policy.get_visible(actor, RoundMilestone, milestone_id)
        policy.require(actor, "round_plan.manage", milestone, message=str(REFUSED))
        milestone = RoundMilestone.objects.select_for_update().get(pk=milestone.pk)
        milestone.done_on = on or timezone.localdate()
        milestone.save(update_fields=["done_on"])
        audit_record(actor=actor, action="milestone-done", obj=milestone, changes={"done_on": milestone.done_on.isoformat()})
    return milestone
