from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Consent(models.Model):
    """One decision of an entrepreneur about one purpose, under one version of the notice.

    Rows are never edited: a withdrawal is a new row, so the history of who recorded what and when stays.
    The current state of a purpose is its latest row.
    """

    entrepreneur = models.ForeignKey("registry.Entrepreneur", on_delete=models.CASCADE, related_name="consents")
    purpose = models.CharField(_("purpose"), max_length=32)
    notice_version = models.CharField(_("notice version"), max_length=16)
    given = models.BooleanField(_("given"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                                    related_name="+")
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    note = models.CharField(_("note"), max_length=255, blank=True)

    class Meta:
        ordering = ["entrepreneur", "purpose", "-recorded_at", "-id"]
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        indexes = [models.Index(fields=["entrepreneur", "purpose", "-recorded_at"])]

    def __str__(self) -> str:
        return f"{self.entrepreneur_id} {self.purpose} {'given' if self.given else 'withdrawn'}"
