"""Every write of the standards toolkit: checked by the access policy, validated by `core/` with
Thai messages keyed by field, written and audited in one transaction.

A certificate is recorded only by `certificate_record`, which moves the certification to
"certified", writes the registry's standards-held row and the `certificates` observation whose
origin is the certificate (`standards.Certificate:<pk>`). Expiry reminders (90/30/7 days) are sent
once each by `certificate_reminders_send`, the mail leaving on commit.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta
from typing import Any

from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from uplift.access import policy
from uplift.audit.actions import audit_record
from uplift.outcomes.actions import ObservationIn, observations_save, wave_period
from uplift.outcomes.models import Observation, Wave
from uplift.programme.models import Enrolment
from uplift.registry.models import Product, ProductStandard
from uplift.toolkits.standards.core import certification as cert_core
from uplift.toolkits.standards.core.catalogue import standard as standard_spec
from uplift.toolkits.standards.core.gap import (
    AssessmentError, ClauseAnswer, CorrectiveAction as PlanAction, Severity, Status, assess, check_plan,
)
from uplift.toolkits.standards.models import (
    Assessment, Certificate, CertificateReminder, Certification, CertificationStep, ClauseResult, CorrectiveAction,
    Evidence,
)

ACTIVITY = "standards"
WORKING_STATUSES = ("accepted", "active", "completed")
MAX_EVIDENCE_BYTES = 10 * 1024 * 1024
MAGIC = {"jpg": (b"\xff\xd8\xff",), "jpeg": (b"\xff\xd8\xff",), "png": (b"\x89PNG",), "webp": (b"RIFF",),
         "pdf": (b"%PDF",)}
CONTENT_TYPES = {"jpg": "image/jpeg", "jpeg": "image/jpeg", "png": "image/png", "webp": "image/webp",
                 "pdf": "application/pdf"}
FOLLOW_UP_WAVES = (Wave.END, Wave.M3, Wave.M6, Wave.M12)
STATUS_VALUES = frozenset(s.value for s in Status)
SEVERITY_VALUES = frozenset(s.value for s in Severity)


def _check(actor, enrolment: Enrolment, verb: str = "toolkit.work") -> None:
    policy.require(actor, verb, enrolment)
    if enrolment.round_activity.activity.code != ACTIVITY:
        raise ValidationError({"enrolment": _("This enrolment is not in the quality and standards activity.")})
    if enrolment.status not in WORKING_STATUSES:
        raise ValidationError({"enrolment": _("The entrepreneur has not taken up this activity yet.")})


def _date(value, field: str, *, required: bool = True) -> date | None:
    if isinstance(value, date):
        return value
    if value in (None, ""):
        if required:
            raise ValidationError({field: _("This field is required.")})
        return None
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise ValidationError({field: _("Enter a date as YYYY-MM-DD.")}) from None


def _spec(code: str, field: str = "standard"):
    try:
        return standard_spec(code)
    except KeyError:
        raise ValidationError({field: _("Choose a standard of the catalogue.")}) from None


def _today() -> date:
    return timezone.localdate()


# ---- gap assessment -----------------------------------------------------------------------------

def assessment_start(*, actor, enrolment: Enrolment, product: Product, standard: str,
                     assessed_on=None) -> Assessment:
    _check(actor, enrolment)
    if product is None or product.entrepreneur_id != enrolment.entrepreneur_id:
        raise ValidationError({"product": _("Choose a product of this entrepreneur.")})
    spec = _spec(standard)
    on = _date(assessed_on, "assessed_on", required=False) or _today()
    if on > _today():
        raise ValidationError({"assessed_on": _("The date cannot be in the future.")})
    with transaction.atomic():
        record = Assessment.objects.create(enrolment=enrolment, product=product, standard=spec.code,
                                           catalogue_version=spec.version, assessed_on=on, created_by=actor)
        audit_record(actor=actor, action="create", obj=record, changes={
            "product": product.pk, "standard": spec.code, "catalogue": spec.version, "assessed_on": on.isoformat()})
    return record


def spec_of(assessment: Assessment):
    spec = standard_spec(assessment.standard)
    if spec.version != assessment.catalogue_version:
        raise ValidationError({"standard": _("The catalogue of this standard has changed since the assessment "
                                             "was started: start a new assessment.")})
    return spec


def result_of(assessment: Assessment, results=None):
    """The core's scores over the stored clause results."""
    rows = results if results is not None else assessment.results.all()
    return assess(spec_of(assessment), [ClauseAnswer(r.clause_id, Status(r.status), r.note) for r in rows])


def assessment_record(*, actor, assessment: Assessment, results: Mapping[str, Mapping[str, Any]]) -> Assessment:
    """Record clause results (clause id → {status, note}); the score and readiness are recomputed."""
    _check(actor, assessment.enrolment)
    spec = spec_of(assessment)
    known = {c.id for c in spec.clauses}
    errors: dict[str, list[str]] = {}
    clean: dict[str, tuple[Status, str]] = {}
    for clause_id, data in results.items():
        if clause_id not in known:
            errors[clause_id] = [_("No such clause in this standard.")]
            continue
        status = data.get("status") or ""
        if status == "":
            continue
        if status not in STATUS_VALUES:
            errors[clause_id] = [_("Choose met, partly, not met or not applicable.")]
            continue
        clean[clause_id] = (Status(status), str(data.get("note") or "").strip())
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        existing = {r.clause_id: r for r in assessment.results.select_for_update(of=("self",))}
        changes = {}
        for clause_id, (status, note) in clean.items():
            row = existing.get(clause_id)
            if row is not None and row.status == status and row.note == note:
                continue
            changes[clause_id] = [row.status if row else None, status.value]
            if row is None:
                existing[clause_id] = ClauseResult.objects.create(assessment=assessment, clause_id=clause_id,
                                                                  status=status, note=note, updated_by=actor)
            else:
                row.status, row.note, row.updated_by = status, note, actor
                row.save(update_fields=["status", "note", "updated_by", "updated_at"])
        try:
            result = result_of(assessment, existing.values())
        except AssessmentError as error:
            raise ValidationError({"results": str(error)}) from None
        assessment.score = result.score
        assessment.readiness = result.readiness.code if result.readiness else ""
        assessment.save(update_fields=["score", "readiness", "updated_at"])
        audit_record(actor=actor, action="assess", obj=assessment, changes={
            "clauses": changes, "score": result.score, "readiness": assessment.readiness})
    return assessment


def evidence_add(*, actor, assessment: Assessment, clause_id: str, file) -> Evidence:
    """A file backing one clause (photo, record, test report); the entrepreneur may add their own."""
    _check(actor, assessment.enrolment, "toolkit.own")
    if clause_id not in {c.id for c in spec_of(assessment).clauses}:
        raise ValidationError({"clause_id": _("No such clause in this standard.")})
    if not file:
        raise ValidationError({"file": _("Choose a file.")})
    name = getattr(file, "name", "") or ""
    ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if ext not in MAGIC:
        raise ValidationError({"file": _("Only photos (JPEG, PNG, WebP) or PDF files.")})
    if file.size > MAX_EVIDENCE_BYTES:
        raise ValidationError({"file": _("The file is larger than %(mb)d MB.") % {"mb": MAX_EVIDENCE_BYTES // 2 ** 20}})
    file.seek(0)
    head = file.read(8)
    file.seek(0)
    if not any(head.startswith(m) for m in MAGIC[ext]):
        raise ValidationError({"file": _("The file's content does not match its name.")})
    with transaction.atomic():
        record = Evidence(assessment=assessment, clause_id=clause_id, name=name[-200:],
                          content_type=CONTENT_TYPES[ext], size=file.size, created_by=actor)
        record.file.save(name[-60:], file, save=False)
        record.save()
        audit_record(actor=actor, action="create", obj=record, changes={"clause": clause_id, "name": record.name,
                                                                        "size": record.size})
    return record


def evidence_delete(*, actor, evidence: Evidence) -> None:
    _check(actor, evidence.assessment.enrolment, "toolkit.own")
    with transaction.atomic():
        audit_record(actor=actor, action="delete", obj=evidence, changes={"clause": evidence.clause_id,
                                                                          "name": evidence.name})
        storage, name = evidence.file.storage, evidence.file.name
        evidence.delete()
        transaction.on_commit(lambda: storage.delete(name))


# ---- corrective-action plan -------------------------------------------------------------------

def plan_action(row: CorrectiveAction) -> PlanAction:
    return PlanAction(row.clause_id, Severity(row.severity), row.action, row.owner, row.due_on, row.done_on,
                      row.root_cause)


def action_save(*, actor, assessment: Assessment, data: Mapping[str, Any],
                action: CorrectiveAction | None = None) -> CorrectiveAction:
    """A line of the plan for one gap: what, who, by when (after the assessment), how severe."""
    _check(actor, assessment.enrolment)
    if action is not None and action.assessment_id != assessment.pk:
        raise ValidationError({"action": _("This belongs to another assessment.")})
    result = result_of(assessment)
    gap = {g.clause.id: g for g in result.gaps}
    clause_id = str(data.get("clause_id") or "")
    if clause_id not in gap:
        raise ValidationError({"clause_id": _("Choose a clause assessed as partly or not met.")})
    severity = str(data.get("severity") or gap[clause_id].suggested_severity.value)
    if severity not in SEVERITY_VALUES:
        raise ValidationError({"severity": _("Choose minor or major.")})
    line = PlanAction(clause_id, Severity(severity), str(data.get("action") or "").strip(),
                      str(data.get("owner") or "").strip(), _date(data.get("due_on"), "due_on"),
                      _date(data.get("done_on"), "done_on", required=False), str(data.get("root_cause") or "").strip())
    field_of = {"no_action_text": "action", "no_owner": "owner", "due_not_after_assessment": "due_on",
                "done_before_assessment": "done_on", "unknown_clause": "clause_id"}
    errors: dict[str, list[str]] = {}
    for problem in check_plan(result, [line], assessment.assessed_on):
        if problem.code in field_of:
            errors.setdefault(field_of[problem.code], []).append(problem.message_th)
    if line.done_on and line.done_on > _today():
        errors.setdefault("done_on", []).append(_("The date cannot be in the future."))
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        created = action is None
        action = action or CorrectiveAction(assessment=assessment, created_by=actor)
        action.clause_id, action.severity, action.action, action.owner = clause_id, severity, line.action[:2000], \
            line.owner[:100]
        action.due_on, action.done_on, action.root_cause = line.due_on, line.done_on, line.root_cause
        action.save()
        audit_record(actor=actor, action="create" if created else "update", obj=action, changes={
            "clause": clause_id, "severity": severity, "owner": action.owner, "due_on": line.due_on.isoformat(),
            "done_on": line.done_on.isoformat() if line.done_on else None})
    return action


def action_done(*, actor, action: CorrectiveAction, done_on=None) -> CorrectiveAction:
    """Mark a corrective action done; the entrepreneur may do it for their own plan."""
    _check(actor, action.assessment.enrolment, "toolkit.own")
    on = _date(done_on, "done_on", required=False) or _today()
    if on < action.assessment.assessed_on or on > _today():
        raise ValidationError({"done_on": _("The date must fall between the assessment and today.")})
    with transaction.atomic():
        action.done_on = on
        action.save(update_fields=["done_on", "updated_at"])
        audit_record(actor=actor, action="done", obj=action, changes={"done_on": on.isoformat()})
    return action


def plan_problems(assessment: Assessment):
    return check_plan(result_of(assessment), [plan_action(a) for a in assessment.actions.all()],
                      assessment.assessed_on)


# ---- certification pipeline -----------------------------------------------------------------------

def certification_start(*, actor, assessment: Assessment, on=None) -> Certification:
    """Open the pipeline at "gap assessed" for the assessment's product and standard (every clause assessed)."""
    _check(actor, assessment.enrolment)
    if not result_of(assessment).complete:
        raise ValidationError({"assessment": _("Assess every clause before starting the certification.")})
    open_states = [s.code for s in cert_core.pipeline().states if not s.terminal]
    if Certification.objects.filter(enrolment=assessment.enrolment, product=assessment.product,
                                    standard=assessment.standard, state__in=open_states).exists():
        raise ValidationError({"assessment": _("This product already has an open certification for this standard.")})
    on = _date(on, "on", required=False) or _today()
    if on < assessment.assessed_on or on > _today():
        raise ValidationError({"on": _("The date must fall between the assessment and today.")})
    flow = cert_core.pipeline()
    with transaction.atomic():
        record = Certification.objects.create(
            enrolment=assessment.enrolment, product=assessment.product, standard=assessment.standard,
            assessment=assessment, state=flow.initial, pipeline_version=flow.version, created_by=actor)
        CertificationStep.objects.create(certification=record, from_state="", to_state=flow.initial, on=on,
                                         note=_("started from the gap assessment"), created_by=actor)
        audit_record(actor=actor, action="create", obj=record, changes={
            "assessment": assessment.pk, "standard": assessment.standard, "state": flow.initial})
    return record


def _last_on(certification: Certification) -> date | None:
    step = certification.steps.order_by("-on", "-id").first()
    return step.on if step else None


def _move(actor, certification: Certification, target: str, on: date, note: str) -> None:
    """Inside the caller's transaction: record the step and the new state."""
    before = certification.state
    CertificationStep.objects.create(certification=certification, from_state=before, to_state=target, on=on,
                                     note=note[:300], created_by=actor)
    certification.state = target
    certification.save(update_fields=["state", "updated_at"])
    audit_record(actor=actor, action="transition", obj=certification, changes={
        "from": before, "to": target, "on": on.isoformat(), "note": note})


def certification_advance(*, actor, certification: Certification, to_state: str, on=None,
                          note: str = "") -> Certification:
    """Move the certification one step along the pipeline; anything the pipeline does not list is refused.

    Going to pre-audit needs a corrective-action plan covering every gap; "certified" is reached only by
    recording the certificate."""
    _check(actor, certification.enrolment)
    on = _date(on, "on", required=False) or _today()
    try:
        cert_core.check_transition(certification.state, to_state, on=on, last_on=_last_on(certification),
                                   today=_today())
    except cert_core.IllegalTransition as error:
        raise ValidationError({"to_state": error.message_th}) from None
    if to_state == "certified":
        raise ValidationError({"to_state": _("Record the certificate to mark the product certified.")})
    if to_state == "pre_audit" and certification.assessment is not None:
        problems = plan_problems(certification.assessment)
        if problems:
            raise ValidationError({"to_state": [_("The corrective-action plan is not ready:")]
                                   + [p.message_th for p in problems]})
    with transaction.atomic():
        locked = Certification.objects.select_for_update().get(pk=certification.pk)
        if locked.state != certification.state:
            raise ValidationError({"to_state": _("Someone else moved this certification: reload the page.")})
        _move(actor, locked, to_state, on, (note or "").strip())
    certification.refresh_from_db()
    return certification


def _wave_for(enrolment: Enrolment, issued_on: date) -> tuple[str, date]:
    """The first follow-up wave whose month is not before the issue month (the last wave after that)."""
    round_ = enrolment.round_activity.round
    month = issued_on.replace(day=1)
    for wave in FOLLOW_UP_WAVES:
        period = wave_period(enrolment.started_on, round_.ends_on, wave)
        if month <= period:
            return wave, period
    return Wave.M12, wave_period(enrolment.started_on, round_.ends_on, Wave.M12)


def certificate_record(*, actor, certification: Certification, number: str, issued_on, expires_on=None,
                       on=None) -> Certificate:
    """Record the certificate: audited → certified, the registry's standards held, and the `certificates`
    observation (the enrolment's certificates issued by the wave's month) traced to this certificate."""
    _check(actor, certification.enrolment)
    spec = _spec(certification.standard)
    today = _today()
    on = _date(on, "on", required=False) or today
    checked = cert_core.check_number(spec, number, today=today)
    errors: dict[str, list[str]] = {} if checked.ok else {"number": [checked.message_th]}
    try:
        cert_core.check_transition(certification.state, "certified", on=on, last_on=_last_on(certification),
                                   today=today)
    except cert_core.IllegalTransition as error:
        errors["to_state"] = [error.message_th]
    issued = _date(issued_on, "issued_on")
    expires = _date(expires_on, "expires_on", required=False)
    if expires is None and issued is not None:
        expires = cert_core.default_expiry(spec, issued)
    for field, message in cert_core.check_dates(issued, expires, today=today).items():
        errors.setdefault(field, []).append(message)
    if errors:
        raise ValidationError(errors)
    enrolment = certification.enrolment
    wave, period = _wave_for(enrolment, issued)
    with transaction.atomic():
        locked = Certification.objects.select_for_update().get(pk=certification.pk)
        if locked.state != certification.state:
            raise ValidationError({"to_state": _("Someone else moved this certification: reload the page.")})
        held = ProductStandard.objects.filter(product=locked.product, standard_id=spec.code).first()
        before = None if held is None else {"number": held.number, "issued_on": held.issued_on.isoformat(),
                                             "expires_on": held.expires_on.isoformat() if held.expires_on else None}
        held = held or ProductStandard(product=locked.product, standard_id=spec.code)
        held.number, held.issued_on, held.expires_on = checked.number, issued, expires
        held.save()
        audit_record(actor=actor, action="update" if before else "create", obj=held, changes={
            "before": before, "number": checked.number, "issued_on": issued.isoformat(),
            "expires_on": expires.isoformat() if expires else None, "by": "standards.certificate_record"})
        try:
            with transaction.atomic():
                certificate = Certificate.objects.create(certification=locked, number=checked.number,
                                                         issued_on=issued, expires_on=expires, product_standard=held,
                                                         created_by=actor)
        except IntegrityError:
            raise ValidationError({"number": _("This certification already has its certificate.")}) from None
        _move(actor, locked, "certified", on, _("certificate %(number)s") % {"number": checked.number})
        count = Certificate.objects.filter(certification__enrolment=enrolment,
                                           issued_on__lt=period + relativedelta(months=1)).count()
        observations_save(actor=actor, items=[ObservationIn(
            entrepreneur_id=enrolment.entrepreneur_id, round_id=enrolment.round_activity.round_id,
            indicator="certificates", wave=wave, value=count, source=Observation.Source.DOCUMENT,
            document=f"{spec.code} {checked.number}", origin=certificate.origin,
            note=_("certificates recorded by the standards toolkit up to this wave"))])
        audit_record(actor=actor, action="create", obj=certificate, changes={
            "number": checked.number, "issued_on": issued.isoformat(),
            "expires_on": expires.isoformat() if expires else None, "wave": wave, "certificates": count})
    certification.refresh_from_db()
    return certificate


# ---- expiry reminders ------------------------------------------------------------------------------

def _recipients(certificate: Certificate) -> list[str]:
    entrepreneur = certificate.certification.enrolment.entrepreneur
    emails = {entrepreneur.email} | {p.user.email for p in entrepreneur.accounts.all()}
    emails |= {a.consultant.email for a in entrepreneur.consultants.all()}
    return sorted(e for e in emails if e)


def _reminder(certificate: Certificate, days_left: int) -> dict[str, Any]:
    certification = certificate.certification
    entrepreneur = certification.enrolment.entrepreneur
    spec = standard_spec(certification.standard)
    expires = certificate.expires_on
    return {
        "subject": f"[OTOP Uplift] ใบรับรอง{spec.name_th}จะหมดอายุใน {days_left} วัน — {certification.product.name_th}",
        "message": (f"เรียน {entrepreneur.name_th}\n\nใบรับรอง{spec.name_th} เลขที่ {certificate.number} ของผลิตภัณฑ์ "
                    f"\"{certification.product.name_th}\" จะหมดอายุวันที่ {expires.day}/{expires.month}/"
                    f"{expires.year + 543} (อีก {days_left} วัน) โปรดเตรียมยื่นต่ออายุกับ{spec.issuer_th}\n"
                    f"({spec.name_en} certificate {certificate.number} expires on {expires.isoformat()})\n\nOTOP Uplift"),
        "recipient_list": _recipients(certificate),
    }


def certificate_reminders_send(*, actor, today: date | None = None) -> int:
    """Email each certificate's entrepreneur and consultants 90, 30 and 7 days before expiry, once per
    offset (a run that missed days sends one message and marks the passed offsets); the count of emails."""
    policy.require(actor, "reminders.send")
    today = today or _today()
    flow = cert_core.pipeline()
    horizon = today + timedelta(days=max(flow.reminder_offsets))
    due = (policy.visible(actor, Certificate, "reminders.send")
           .filter(expires_on__isnull=False, expires_on__gte=today, expires_on__lte=horizon)
           .select_related("certification__product", "certification__enrolment__entrepreneur")
           .prefetch_related("reminders", "certification__enrolment__entrepreneur__accounts__user",
                             "certification__enrolment__entrepreneur__consultants__consultant")
           .order_by("expires_on", "pk"))
    sent = 0
    for certificate in due:
        reminder = cert_core.reminders_due(certificate.expires_on, today,
                                           [r.offset_days for r in certificate.reminders.all()], flow)
        if reminder is None:
            continue
        with transaction.atomic():
            email = _reminder(certificate, reminder.days_left)
            try:
                with transaction.atomic():
                    for offset in reminder.offsets:
                        CertificateReminder.objects.create(certificate=certificate, offset_days=offset,
                                                           recipients=len(email["recipient_list"]))
            except IntegrityError:
                continue
            audit_record(actor=actor, action="remind", obj=certificate, changes={
                "offsets": list(reminder.offsets), "days_left": reminder.days_left,
                "recipients": len(email["recipient_list"])})
            if email["recipient_list"]:
                transaction.on_commit(lambda email=email: send_mail(from_email=None, **email))
                sent += 1
    return sent
