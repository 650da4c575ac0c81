"""Import jobs, saved column mappings and likely duplicates held for an officer's decision."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    ENTREPRENEURS = "entrepreneurs", _("entrepreneurs (with their products, people and sales)")
    PRODUCTS = "products", _("products")
    SALES = "sales", _("monthly sales")
    OBSERVATIONS = "observations", _("outcome observations (baseline and follow-up indicators)")


class MappingTemplate(models.Model):
    """A saved mapping: header (as compared, see core.mapping.header_key) → field.

    A template belongs to a regional centre: every officer of that centre is offered it, no officer of
    another centre sees it (`access.policy`, verb `import.template`). An administrator's template
    without a centre is seen by administrators only."""

    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("data"), max_length=16, choices=Kind.choices)
    columns = models.JSONField(_("columns"), default=dict)
    centre = models.ForeignKey("geo.RegionalCentre", verbose_name=_("regional centre"), null=True, blank=True,
                               on_delete=models.CASCADE, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["centre", "name"], name="mapping_template_name_per_centre"),
            models.UniqueConstraint(fields=["name"], condition=models.Q(centre__isnull=True),
                                    name="mapping_template_name_without_centre"),
        ]
        verbose_name = _("mapping template")
        verbose_name_plural = _("mapping templates")

    def __str__(self) -> str:
        return self.name


class ImportJob(models.Model):
    class Status(models.TextChoices):
        UPLOADED = "uploaded", _("uploaded")
        QUEUED = "queued", _("queued")
        RUNNING = "running", _("running")
        CHECKED = "checked", _("checked (dry run)")
        DONE = "done", _("imported")
        FAILED = "failed", _("failed")

    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    kind = models.CharField(_("data"), max_length=16, choices=Kind.choices, default=Kind.ENTREPRENEURS)
    file = models.FileField(_("file"), upload_to="imports/%Y/%m/")
    table_file = models.FileField(upload_to="imports/%Y/%m/", blank=True,
                                  help_text="The rows as read (Arrow IPC), so later steps need not parse the sheet again")
    table_meta = models.JSONField(default=dict, blank=True, help_text="headers, header_row, sheet, encoding")
    filename = models.CharField(_("file name"), max_length=255)
    mapping = models.JSONField(_("mapping"), default=dict, help_text="column index (as text) → field")
    defaults = models.JSONField(_("values for the whole file"), default=dict, blank=True,
                                help_text="field → value as written, for fields the sheet lacks or leaves blank")
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.UPLOADED)
    phase = models.CharField(_("phase"), max_length=20, blank=True)
    dry_run = models.BooleanField(_("dry run"), default=True)
    check_token = models.CharField(max_length=32, blank=True, help_text=(
        "Set when a dry run finishes, cleared when the mapping changes: the import must quote it, so only "
        "the report of the current mapping that the importer was shown can be committed"))
    checked_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+", help_text="Whose dry run (scope) the token belongs to")
    rows_total = models.PositiveIntegerField(default=0)
    rows_done = models.PositiveIntegerField(default=0)
    counts = models.JSONField(default=dict, blank=True)
    issues = models.JSONField(default=list, blank=True, help_text="[row, column, value, code, params, sequence]")
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True, help_text="Every saved step; a running job silent for long has died")
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("import")
        verbose_name_plural = _("imports")

    def __str__(self) -> str:
        return f"{self.filename} ({self.get_status_display()})"

    @property
    def percent(self) -> int:
        return int(100 * self.rows_done / self.rows_total) if self.rows_total else 0

    @property
    def active(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.RUNNING)

    def mapping_dict(self) -> dict[int, str]:
        return {int(k): v for k, v in self.mapping.items() if v}


class DuplicateCandidate(models.Model):
    """An imported row without an identifier that looks like a registered entrepreneur: an officer decides."""

    class Status(models.TextChoices):
        OPEN = "open", _("to review")
        MERGED = "merged", _("merged into the registered entrepreneur")
        KEPT = "kept", _("kept as a new entrepreneur")

    job = models.ForeignKey(ImportJob, on_delete=models.CASCADE, related_name="duplicates")
    row = models.PositiveIntegerField(_("row"))
    existing = models.ForeignKey("registry.Entrepreneur", on_delete=models.CASCADE, related_name="+")
    data = models.JSONField(_("imported values"))
    status = models.CharField(_("status"), max_length=8, choices=Status.choices, default=Status.OPEN)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["job", "row"]
        verbose_name = _("likely duplicate")
        verbose_name_plural = _("likely duplicates")
