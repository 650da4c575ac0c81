"""The PDPA's writes and exports: consent records, the data-subject export, erasure, and the import-file retention.

Each checks the access policy and is audited. Erasure anonymises in place: the entrepreneur's row,
products, sales, enrolments and outcomes stay (every aggregate and evaluation keeps its counts), the
audit trail stays whole, and what identifies a person (names of people, ID number, phones, LINE, email,
address line, birth years, the linked accounts' names and logins) is cleared.
"""

from __future__ import annotations

import datetime as dt
import io
import json

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from uplift.access import policy
from uplift.audit.actions import audit_event, audit_record
from uplift.privacy import notices
from uplift.privacy.models import Consent
from uplift.security import cells

ERASED_NAME = "ผู้ประกอบการที่ลบข้อมูลส่วนบุคคลแล้ว"


def consent_record(*, actor, entrepreneur, purpose: str, given: bool, version: str | None = None,
                   note: str = "") -> Consent:
    policy.require(actor, "consent.record", entrepreneur)
    version = version or notices.current()["version"]
    known = {v["version"]: v for v in notices.versions()}
    if version not in known:
        raise ValidationError({"notice_version": _("Unknown version of the privacy notice.")})
    if purpose not in known[version]["purposes"]:
        raise ValidationError({"purpose": _("This version of the notice does not ask for that purpose.")})
    with transaction.atomic():
        consent = Consent.objects.create(entrepreneur=entrepreneur, purpose=purpose, notice_version=version,
                                         given=given, recorded_by=actor, note=note[:255])
        audit_record(actor=actor, action="consent.give" if given else "consent.withdraw", obj=consent,
                     changes={"entrepreneur": entrepreneur.pk, "purpose": purpose, "version": version})
    return consent


def consents_current(entrepreneur) -> dict[str, Consent]:
    """The latest decision per purpose."""
    latest: dict[str, Consent] = {}
    for consent in Consent.objects.filter(entrepreneur=entrepreneur).order_by("purpose", "-recorded_at", "-id"):
        latest.setdefault(consent.purpose, consent)
    return latest


# ---- the data-subject export ------------------------------------------------------------------------

def subject_data(entrepreneur) -> dict[str, list[dict]]:
    """Every row of every model that reaches this entrepreneur (the access policy's paths), and its audit rows."""
    held: dict[str, list[dict]] = {}
    for label, path in sorted(policy.PATHS.items()):
        if path.entrepreneur is None:
            continue
        try:
            model = apps.get_model(label)
        except LookupError:
            continue
        lookup = path.entrepreneur or "pk"
        rows = list(model._default_manager.filter(**{lookup: entrepreneur.pk}).values())
        if rows:
            held[label] = rows
    consents = list(Consent.objects.filter(entrepreneur=entrepreneur).values())
    if consents:
        held["privacy.Consent"] = consents
    AuditEntry = apps.get_model("audit", "AuditEntry")
    held["audit.AuditEntry"] = list(AuditEntry.objects.filter(
        model="registry.Entrepreneur", object_pk=str(entrepreneur.pk)).values("at", "action", "changes"))
    return held


def subject_export(*, actor, entrepreneur) -> tuple[bytes, bytes]:
    """"All we hold on this entrepreneur": (xlsx, JSON), audited."""
    policy.require(actor, "personal.subject_export", entrepreneur)
    held = subject_data(entrepreneur)
    document = {"entrepreneur": entrepreneur.pk, "exported_at": timezone.now(), "notice": notices.current()["version"],
                "data": held}
    as_json = json.dumps(document, cls=DjangoJSONEncoder, ensure_ascii=False, indent=1).encode("utf-8")
    audit_event(actor=actor, action="personal.subject_export", model="registry.Entrepreneur",
                object_pk=entrepreneur.pk, changes={"rows": sum(len(r) for r in held.values()),
                                                    "models": sorted(held)})
    return _workbook(held), as_json


def _workbook(held: dict[str, list[dict]]) -> bytes:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    for label, rows in held.items():
        sheet = book.create_sheet(label.replace(".", " ")[:31])
        columns = list(rows[0])
        sheet.append(columns)
        for row in rows:
            sheet.append(cells.xlsx_row(sheet, [_cell(row[c]) for c in columns]))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _cell(value):
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC).replace(tzinfo=None) if value.tzinfo else value
    if isinstance(value, (dict, list)):
        return json.dumps(value, cls=DjangoJSONEncoder, ensure_ascii=False)
    if value is None or isinstance(value, (str, int, float, dt.date)):
        return value
    return str(value)


# ---- erasure ----------------------------------------------------------------------------------------

def subject_erase(*, actor, entrepreneur, reason: str) -> None:
    """Anonymise one entrepreneur in place (see the module docstring); refused without a reason."""
    policy.require(actor, "personal.erase", entrepreneur)
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Say why (the request's reference), for the audit.")})
    Person = apps.get_model("registry", "Person")
    Profile = apps.get_model("access", "Profile")
    with transaction.atomic():
        entrepreneur.name_th = f"{ERASED_NAME} #{entrepreneur.pk}"
        entrepreneur.name_en = ""
        entrepreneur.id_type, entrepreneur.id_number = "none", ""
        entrepreneur.phone = entrepreneur.line_id = entrepreneur.email = entrepreneur.address_line = ""
        entrepreneur.search_text = ""
        entrepreneur.save(update_fields=["name_th", "name_en", "id_type", "id_number", "phone", "line_id", "email",
                                         "address_line", "search_text", "updated_at"])
        people = Person.objects.filter(entrepreneur=entrepreneur).update(
            name_th="—", name_en="", phone="", birth_year=None, role_note="")
        accounts = list(get_user_model().objects.filter(
            pk__in=Profile.objects.filter(entrepreneur=entrepreneur).values("user_id")))
        for user in accounts:
            user.username = f"erased-{user.pk}"
            user.first_name = user.last_name = user.email = ""
            user.is_active = False
            user.set_unusable_password()
            user.save()
        apps.get_model("imports", "DuplicateCandidate").objects.filter(existing=entrepreneur).delete()
        audit_record(actor=actor, action="personal.erase", obj=entrepreneur,
                     changes={"reason": reason.strip()[:255], "people": people, "accounts": len(accounts)})


# ---- retention of uploaded import files -------------------------------------------------------------

def import_files_purge(*, actor, days: int, now: dt.datetime | None = None) -> int:
    """Delete the uploaded files (and their parsed copies) of imports finished more than ``days`` ago; the
    job, its counts and its problem list stay. Returns how many jobs lost their files."""
    policy.require(actor, "import.run")
    ImportJob = apps.get_model("imports", "ImportJob")
    cutoff = (now or timezone.now()) - dt.timedelta(days=days)
    done = 0
    for job in ImportJob.objects.filter(created_at__lt=cutoff).exclude(status__in=["queued", "running"]):
        if not job.file and not job.table_file:
            continue
        with transaction.atomic():
            for field in (job.file, job.table_file):
                if field:
                    field.delete(save=False)
            job.save(update_fields=["file", "table_file"])
            audit_record(actor=actor, action="import.files_purged", obj=job, changes={"days": days})
        done += 1
    return done
