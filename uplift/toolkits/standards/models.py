"""Activity 5 records: gap assessments of a product against a standard (clause results, evidence
files, the corrective-action plan), certifications moving through the pipeline, the certificates
they end in and the expiry reminders sent for them. Scores and states are decided by `core/`."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from uplift.toolkits.standards.core.catalogue import catalogue
from uplift.toolkits.standards.core.certification import pipeline
from uplift.toolkits.standards.core.gap import SEVERITY_TH, STATUS_TH, Severity, Status

STANDARD_CHOICES = [(code, spec.name_th) for code, spec in sorted(catalogue().items())]
STATUS_CHOICES = [(s.value, STATUS_TH[s]) for s in Status]
SEVERITY_CHOICES = [(s.value, SEVERITY_TH[s]) for s in Severity]
STATE_CHOICES = [(s.code, s.name_th) for s in pipeline().states]


class Tracked(models.Model):
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class Assessment(Tracked):
    """A gap assessment of one product against one standard, scored on the catalogue version it names."""

    enrolment = models.ForeignKey("programme.Enrolment", on_delete=models.CASCADE, related_name="standards_assessments")
    product = models.ForeignKey("registry.Product", on_delete=models.PROTECT, related_name="+")
    standard = models.CharField(_("standard"), max_length=16, choices=STANDARD_CHOICES)
    catalogue_version = models.CharField(_("catalogue version"), max_length=40)
    assessed_on = models.DateField(_("assessed on"))
    score = models.FloatField(_("score"), null=True, blank=True)
    readiness = models.CharField(_("readiness"), max_length=20, blank=True)

    class Meta:
        ordering = ["-assessed_on", "-id"]
        verbose_name = _("gap assessment")
        verbose_name_plural = _("gap assessments")

    def __str__(self) -> str:
        return f"{self.product} · {self.standard}"


class ClauseResult(models.Model):
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="results")
    clause_id = models.CharField(_("clause"), max_length=20)
    status = models.CharField(_("result"), max_length=16, choices=STATUS_CHOICES)
    note = models.TextField(_("note"), blank=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["assessment", "id"]
        verbose_name = _("clause result")
        verbose_name_plural = _("clause results")
        constraints = [models.UniqueConstraint(fields=["assessment", "clause_id"], name="standards_clause_once")]


def evidence_upload_to(instance, filename: str) -> str:
    return f"toolkits/standards/evidence/{instance.assessment.enrolment_id}/{instance.assessment_id}/{filename}"


class Evidence(Tracked):
    """A file backing one clause of an assessment (photo, record, test report)."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="evidence")
    clause_id = models.CharField(_("clause"), max_length=20)
    file = models.FileField(_("file"), upload_to=evidence_upload_to)
    name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["assessment", "clause_id", "id"]
        verbose_name = _("evidence file")
        verbose_name_plural = _("evidence files")


class CorrectiveAction(Tracked):
    """One line of the corrective-action plan (CAPA): the gap it closes, who does what by when."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="actions")
    clause_id = models.CharField(_("clause"), max_length=20)
    severity = models.CharField(_("severity"), max_length=10, choices=SEVERITY_CHOICES)
    action = models.TextField(_("action"))
    owner = models.CharField(_("owner"), max_length=100)
    due_on = models.DateField(_("due on"))
    done_on = models.DateField(_("done on"), null=True, blank=True)
    root_cause = models.TextField(_("root cause"), blank=True)

    class Meta:
        ordering = ["assessment", "due_on", "id"]
        verbose_name = _("corrective action")
        verbose_name_plural = _("corrective actions")


class Certification(Tracked):
    """A product's way to one standard's certificate, as a state of the pipeline with dated steps."""

    enrolment = models.ForeignKey("programme.Enrolment", on_delete=models.CASCADE,
                                  related_name="standards_certifications")
    product = models.ForeignKey("registry.Product", on_delete=models.PROTECT, related_name="+")
    standard = models.CharField(_("standard"), max_length=16, choices=STANDARD_CHOICES)
    assessment = models.ForeignKey(Assessment, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="certifications")
    state = models.CharField(_("state"), max_length=20, choices=STATE_CHOICES)
    pipeline_version = models.CharField(_("pipeline version"), max_length=40)

    class Meta:
        ordering = ["-updated_at", "-id"]
        verbose_name = _("certification")
        verbose_name_plural = _("certifications")


class CertificationStep(models.Model):
    certification = models.ForeignKey(Certification, on_delete=models.CASCADE, related_name="steps")
    from_state = models.CharField(_("from"), max_length=20, blank=True)
    to_state = models.CharField(_("to"), max_length=20, choices=STATE_CHOICES)
    on = models.DateField(_("date"))
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["certification", "on", "id"]
        verbose_name = _("certification step")
        verbose_name_plural = _("certification steps")


class Certificate(Tracked):
    """The certificate a certification ended in; it writes the registry's standards-held row."""

    certification = models.OneToOneField(Certification, on_delete=models.PROTECT, related_name="certificate")
    number = models.CharField(_("certificate number"), max_length=60)
    issued_on = models.DateField(_("issued on"))
    expires_on = models.DateField(_("expires on"), null=True, blank=True)
    product_standard = models.ForeignKey("registry.ProductStandard", null=True, blank=True,
                                         on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["expires_on", "id"]
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")

    @property
    def origin(self) -> str:
        return f"standards.Certificate:{self.pk}"


class CertificateReminder(models.Model):
    """A reminder n days before expiry, recorded once: its row is the claim that it was sent."""

    certificate = models.ForeignKey(Certificate, on_delete=models.CASCADE, related_name="reminders")
    offset_days = models.PositiveSmallIntegerField(_("days before expiry"))
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True)
    recipients = models.PositiveSmallIntegerField(_("recipients"), default=0)

    class Meta:
        ordering = ["certificate", "-offset_days"]
        verbose_name = _("expiry reminder")
        verbose_name_plural = _("expiry reminders")
        constraints = [models.UniqueConstraint(fields=["certificate", "offset_days"], name="standards_reminder_once")]
