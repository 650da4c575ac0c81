"""Who may see what: a role per user, the centres of a regional officer, consultants' assignments."""

import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    ADMINISTRATOR = "administrator", _("administrator")
    PROGRAMME_MANAGER = "programme_manager", _("programme manager")
    EXECUTIVE = "executive", _("executive")
    REGIONAL_OFFICER = "regional_officer", _("regional officer")
    CONSULTANT = "consultant", _("consultant")
    ENTREPRENEUR = "entrepreneur", _("entrepreneur")
    SYSTEM = "system", _("system (batch work)")


class Profile(models.Model):
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile")
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    centres = models.ManyToManyField(
        "geo.RegionalCentre", verbose_name=_("regional centres"), blank=True, related_name="officers"
    )
    entrepreneur = models.ForeignKey(
        "registry.Entrepreneur", verbose_name=_("own entrepreneur record"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="accounts",
    )

    class Meta:
        verbose_name = _("user profile")
        verbose_name_plural = _("user profiles")

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_display()})"


class ConsultantAssignment(models.Model):
    consultant = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="assignments")
    entrepreneur = models.ForeignKey("registry.Entrepreneur", on_delete=models.CASCADE, related_name="consultants")
    assigned_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("consultant assignment")
        verbose_name_plural = _("consultant assignments")
        constraints = [
            models.UniqueConstraint(fields=["consultant", "entrepreneur"], name="assignment_unique_pair")
        ]


class ApiToken(models.Model):
    """A bearer token for the REST API; only its SHA-256 digest is stored."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=100)
    digest = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    @staticmethod
    def digest_of(raw: str) -> str:
        return hashlib.sha256(raw.encode()).hexdigest()

    @classmethod
    def issue(cls, *, user, name: str) -> tuple["ApiToken", str]:
        raw = secrets.token_urlsafe(32)
        return cls.objects.create(user=user, name=name, digest=cls.digest_of(raw)), raw
