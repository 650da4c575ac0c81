"""Activity 4 records: the identity worksheet and its photos, design briefs with their versioned
mock-ups, review comments pinned to a version and the approval, OTOP star self-scores, product
launches with their monthly sales, and the claims that send results to outcomes."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from uplift.outcomes.models import Observation, Wave


class Tracked(models.Model):
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class Worksheet(Tracked):
    """The identity-discovery worksheet of an enrolment; answers keyed by the field codes of its version."""

    enrolment = models.OneToOneField("programme.Enrolment", on_delete=models.CASCADE, related_name="identity_worksheet")
    version = models.CharField(_("worksheet version"), max_length=40)
    answers = models.JSONField(_("answers"), default=dict)
    complete = models.BooleanField(_("complete"), default=False)

    class Meta:
        verbose_name = _("identity worksheet")
        verbose_name_plural = _("identity worksheets")


def photo_upload_to(instance, filename: str) -> str:
    return f"toolkits/identity/photos/{instance.enrolment_id}/{filename}"


class Photo(Tracked):
    enrolment = models.ForeignKey("programme.Enrolment", on_delete=models.CASCADE, related_name="identity_photos")
    image = models.FileField(_("photo"), upload_to=photo_upload_to)
    caption = models.CharField(_("caption"), max_length=200, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("worksheet photo")
        verbose_name_plural = _("worksheet photos")


class Brief(Tracked):
    """A design brief for one product's packaging; its mock-ups are numbered versions, one approved."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        REVIEW = "review", _("in review")
        APPROVED = "approved", _("approved")

    enrolment = models.ForeignKey("programme.Enrolment", on_delete=models.CASCADE, related_name="identity_briefs")
    product = models.ForeignKey("registry.Product", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    title = models.CharField(_("title"), max_length=200)
    version = models.CharField(_("brief version"), max_length=40)
    answers = models.JSONField(_("answers"), default=dict)
    complete = models.BooleanField(_("complete"), default=False)
    food_label = models.BooleanField(_("food label to check"), default=False)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    approved_version = models.ForeignKey("MockupVersion", null=True, blank=True, on_delete=models.PROTECT,
                                         related_name="+")
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("design brief")
        verbose_name_plural = _("design briefs")
        constraints = [models.CheckConstraint(
            condition=Q(status="approved", approved_version__isnull=False) | ~Q(status="approved"),
            name="identity_brief_approved_has_version")]

    def __str__(self) -> str:
        return self.title


def mockup_upload_to(instance, filename: str) -> str:
    return f"toolkits/identity/mockups/{instance.brief.enrolment_id}/{instance.brief_id}/v{instance.number}-{filename}"


class MockupVersion(Tracked):
    """One version of a brief's mock-up (image or PDF), kept for good, with the label read off it."""

    brief = models.ForeignKey(Brief, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField(_("version"))
    file = models.FileField(_("mock-up file"), upload_to=mockup_upload_to)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField(default=0)
    note = models.CharField(_("what changed"), max_length=300, blank=True)
    label = models.JSONField(_("label as printed"), null=True, blank=True)
    label_result = models.JSONField(_("label checklist"), null=True, blank=True)
    label_rules_version = models.CharField(_("label rules version"), max_length=40, blank=True)

    class Meta:
        ordering = ["brief", "number"]
        verbose_name = _("mock-up version")
        verbose_name_plural = _("mock-up versions")
        constraints = [models.UniqueConstraint(fields=["brief", "number"], name="identity_version_once")]

    def __str__(self) -> str:
        return f"{self.brief} v{self.number}"

    @property
    def is_image(self) -> bool:
        return self.content_type.startswith("image/")


class ReviewComment(Tracked):
    """A review comment pinned to one version, optionally at a point of the image (x, y in percent)."""

    version = models.ForeignKey(MockupVersion, on_delete=models.CASCADE, related_name="comments")
    text = models.TextField(_("comment"))
    x = models.FloatField(_("across (%)"), null=True, blank=True)
    y = models.FloatField(_("down (%)"), null=True, blank=True)
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)

    class Meta:
        ordering = ["version", "created_at", "id"]
        verbose_name = _("review comment")
        verbose_name_plural = _("review comments")


class StarAssessment(Tracked):
    """An OTOP Product Champion self-score, kept with the criteria version it was scored on."""

    enrolment = models.ForeignKey("programme.Enrolment", on_delete=models.CASCADE, related_name="identity_stars")
    product = models.ForeignKey("registry.Product", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    criteria_version = models.CharField(_("criteria version"), max_length=40)
    scores = models.JSONField(_("scores"), default=dict)
    holds_legal_standard = models.BooleanField(_("holds a legal product standard"), null=True, blank=True)
    total = models.FloatField(_("total points"))
    stars = models.PositiveSmallIntegerField(_("stars"))

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("star self-score")
        verbose_name_plural = _("star self-scores")


class Launch(Tracked):
    """A product relaunched with its new design: the launch month and list prices before and after."""

    enrolment = models.ForeignKey("programme.Enrolment", on_delete=models.CASCADE, related_name="identity_launches")
    product = models.ForeignKey("registry.Product", on_delete=models.PROTECT, related_name="+")
    brief = models.ForeignKey(Brief, null=True, blank=True, on_delete=models.SET_NULL, related_name="launches")
    launch_month = models.DateField(_("launch month"))
    price_before = models.DecimalField(_("price before (baht)"), max_digits=12, decimal_places=2, null=True, blank=True)
    price_after = models.DecimalField(_("price after (baht)"), max_digits=12, decimal_places=2, null=True, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        ordering = ["-launch_month", "-id"]
        verbose_name = _("product launch")
        verbose_name_plural = _("product launches")
        constraints = [models.UniqueConstraint(fields=["enrolment", "product"], name="identity_launch_once")]


class LaunchMonth(models.Model):
    """One month of the relaunched product's sales (baht) and price (baht per unit)."""

    launch = models.ForeignKey(Launch, on_delete=models.CASCADE, related_name="months")
    month = models.DateField(_("month"))
    sales = models.DecimalField(_("sales (baht)"), max_digits=14, decimal_places=2)
    price = models.DecimalField(_("price (baht)"), max_digits=12, decimal_places=2, null=True, blank=True)
    units = models.DecimalField(_("units sold"), max_digits=12, decimal_places=2, null=True, blank=True)

    class Meta:
        ordering = ["launch", "month"]
        verbose_name = _("month of sales")
        verbose_name_plural = _("months of sales")
        constraints = [models.UniqueConstraint(fields=["launch", "month"], name="identity_month_once")]


class OutcomeClaim(Tracked):
    """Launches sent to outcomes for one wave: `new_products` counted, `sales` their monthly level after launch."""

    enrolment = models.ForeignKey("programme.Enrolment", on_delete=models.CASCADE, related_name="identity_claims")
    wave = models.CharField(_("wave"), max_length=8, choices=Wave.choices)
    source = models.CharField(_("source"), max_length=10, choices=Observation.Source.choices,
                              default=Observation.Source.VERIFIED)
    launches = models.ManyToManyField(Launch, related_name="claims")
    values = models.JSONField(_("observation values"), default=dict)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("outcome claim")
        verbose_name_plural = _("outcome claims")

    @property
    def origin(self) -> str:
        return f"identity.OutcomeClaim:{self.pk}"
