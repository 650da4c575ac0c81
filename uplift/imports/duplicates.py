"""An officer's decision on a likely duplicate: merge the imported values into the registered
entrepreneur, or keep the row as a new entrepreneur. Nothing is merged or created before that.

What the held rows carried (products, people, sales) goes with the decision, to the entrepreneur
merged into or kept, planned and written as the import would have (`plan_parts`, `write`).
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from uplift.access import policy
from uplift.audit.actions import audit_record
from uplift.audit.selectors import id_ranges
from uplift.imports.models import DuplicateCandidate
from uplift.imports.plan_parts import PARTS, from_json, plan_part
from uplift.imports.write import parts_write
from uplift.registry.actions import entrepreneur_create, entrepreneur_update

WHOLE_NUMBERS = ("members", "employees", "otop_year")


def _entrepreneur_data(candidate: DuplicateCandidate) -> dict:
    data = {k: v for k, v in candidate.data.items() if k not in ("id_type", "id_number") and not k.startswith("_")}
    for k in WHOLE_NUMBERS:
        if data.get(k) not in (None, ""):
            data[k] = int(data[k])
    return data


def duplicate_resolve(*, actor, pk: int, action: str) -> DuplicateCandidate:
    """'merge': the imported values overwrite the registered entrepreneur's; 'keep': register a new one."""
    policy.require(actor, "duplicate.resolve")
    if action not in ("merge", "keep"):
        raise ValidationError({"action": _("Unknown action.")})
    with transaction.atomic():
        candidate = policy.visible(actor, DuplicateCandidate).select_for_update(of=("self",)).select_related(
            "job").filter(pk=pk, status=DuplicateCandidate.Status.OPEN).first()
        if candidate is None:
            raise ValidationError(_("No open duplicate %(pk)s within your scope.") % {"pk": pk})
        data = _entrepreneur_data(candidate)
        if action == "merge":
            entrepreneur = entrepreneur_update(actor=actor, pk=candidate.existing_id,
                                               data={k: v for k, v in data.items() if v not in ("", None)})
            candidate.status = DuplicateCandidate.Status.MERGED
        else:
            entrepreneur = entrepreneur_create(actor=actor, data={**data, "id_type": "none", "id_number": ""})
            candidate.status = DuplicateCandidate.Status.KEPT
        carried = candidate.data.get("_parts") or {}
        plans = {name: plan_part(PARTS[name], from_json(PARTS[name], records, entrepreneur.pk, candidate.row))
                 for name, records in carried.items() if name in PARTS}
        created = parts_write(candidate.job, actor, plans, {})
        candidate.decided_by, candidate.decided_at = actor, timezone.now()
        candidate.save(update_fields=["status", "decided_by", "decided_at"])
        audit_record(actor=actor, action=f"duplicate.{action}", obj=candidate, changes={
            "row": candidate.row, "entrepreneur": entrepreneur.pk,
            "created": {label: id_ranges(ids) for label, ids in created.items() if ids}})
    return candidate
