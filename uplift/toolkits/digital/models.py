"""Activity 2 records: the digital maturity assessment of an enrolment before (T0) and after (T1)
support, each with several respondents; the roadmap planned from its gaps and tracked against the
enrolment's milestones; and offline presentation checks of product photos and titles. Scores are
computed by `core/` from the answers and kept beside them."""

from django.conf import settings
from django.db import models
from django.utils.translation import pgettext_lazy

from uplift.toolkits.digital.core.maturity import load_questionnaire

ROLE_CHOICES = [(role.code, role.name_th) for role in load_questionnaire().roles]


class Tracked(models.Model):
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class Assessment(Tracked):
    """One enrolment's assessment at T0 or T1: the respondents' combined score, recomputed on each change."""

    class Wave(models.TextChoices):
        T0 = "t0", pgettext_lazy("digital", "before support (T0)")
        T1 = "t1", pgettext_lazy("digital", "after support (T1)")

    enrolment = models.ForeignKey("programme.Enrolment", on_delete=models.CASCADE, related_name="digital_assessments")
    wave = models.CharField(pgettext_lazy("digital", "assessment"), max_length=2, choices=Wave.choices)
    questionnaire = models.CharField(pgettext_lazy("digital", "questionnaire version"), max_length=20)
    dimensions = models.JSONField(pgettext_lazy("digital", "dimension scores"), default=dict, blank=True)
    overall = models.FloatField(pgettext_lazy("digital", "overall score"), null=True, blank=True)
    band = models.CharField(pgettext_lazy("digital", "level"), max_length=30, blank=True)
    spread = models.JSONField(pgettext_lazy("digital", "spread between respondents"), default=dict, blank=True)
    recorded_value = models.DecimalField(pgettext_lazy("digital", "value sent to outcomes"), max_digits=6,
                                         decimal_places=2, null=True,
                                         blank=True)
    recorded_wave = models.CharField(pgettext_lazy("digital", "outcome wave"), max_length=8, blank=True)
    recorded_at = models.DateTimeField(pgettext_lazy("digital", "sent to outcomes at"), null=True, blank=True)

    class Meta:
        ordering = ["enrolment", "wave"]
        verbose_name = pgettext_lazy("digital", "digital maturity assessment")
        verbose_name_plural = pgettext_lazy("digital", "digital maturity assessments")
        constraints = [models.UniqueConstraint(fields=["enrolment", "wave"], name="digital_assessment_once_per_wave")]

    def __str__(self) -> str:
        return f"{self.enrolment_id} {self.wave}"

    @property
    def origin(self) -> str:
        return f"digital.Assessment:{self.pk}"


class Respondent(Tracked):
    """One person's answers (owner, successor or staff) and their own score."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="respondents")
    role = models.CharField(pgettext_lazy("digital", "respondent role"), max_length=20, choices=ROLE_CHOICES)
    name = models.CharField(pgettext_lazy("digital", "respondent's name"), max_length=100)
    answers = models.JSONField(pgettext_lazy("digital", "answers"), default=dict)
    dimensions = models.JSONField(pgettext_lazy("digital", "dimension scores"), default=dict)
    overall = models.FloatField(pgettext_lazy("digital", "overall score"))

    class Meta:
        ordering = ["assessment", "id"]
        verbose_name = pgettext_lazy("digital", "respondent")
        verbose_name_plural = pgettext_lazy("digital", "respondents")

    def __str__(self) -> str:
        return self.name


class Roadmap(Tracked):
    """The enrolment's digital plan, built from an assessment's gaps; one per enrolment, rebuilt in place."""

    enrolment = models.OneToOneField("programme.Enrolment", on_delete=models.CASCADE, related_name="digital_roadmap")
    assessment = models.ForeignKey(Assessment, on_delete=models.PROTECT, related_name="roadmaps")
    version = models.CharField(pgettext_lazy("digital", "roadmap version"), max_length=20)
    starts_on = models.DateField(pgettext_lazy("digital", "starts on"))
    days_per_week = models.FloatField(pgettext_lazy("digital", "working days per week"))
    target = models.FloatField(pgettext_lazy("digital", "target score per dimension"))

    class Meta:
        verbose_name = pgettext_lazy("digital", "digital roadmap")
        verbose_name_plural = pgettext_lazy("digital", "digital roadmaps")


class RoadmapItem(Tracked):
    roadmap = models.ForeignKey(Roadmap, on_delete=models.CASCADE, related_name="items")
    step = models.PositiveSmallIntegerField(pgettext_lazy("digital", "step"))
    action = models.CharField(pgettext_lazy("digital", "action"), max_length=60)
    dimension = models.CharField(pgettext_lazy("digital", "dimension"), max_length=20)
    title_th = models.CharField(pgettext_lazy("digital", "Thai title"), max_length=255)
    title_en = models.CharField(pgettext_lazy("digital", "English title"), max_length=255)
    effort = models.CharField(pgettext_lazy("digital", "effort"), max_length=20)
    days = models.FloatField(pgettext_lazy("digital", "working days"))
    reasons = models.JSONField(pgettext_lazy("digital", "gaps behind it"), default=list)
    training_topic = models.CharField(pgettext_lazy("digital", "training topic"), max_length=20, blank=True)
    starts_on = models.DateField(pgettext_lazy("digital", "starts on"))
    due_on = models.DateField(pgettext_lazy("digital", "due on"))
    done_on = models.DateField(pgettext_lazy("digital", "done on"), null=True, blank=True)
    milestone = models.ForeignKey("programme.Milestone", null=True, blank=True, on_delete=models.SET_NULL,
                                  related_name="digital_roadmap_items")
    note = models.CharField(pgettext_lazy("digital", "note"), max_length=255, blank=True)

    class Meta:
        ordering = ["roadmap", "step"]
        verbose_name = pgettext_lazy("digital", "roadmap item")
        verbose_name_plural = pgettext_lazy("digital", "roadmap items")
        constraints = [models.UniqueConstraint(fields=["roadmap", "action"], name="digital_roadmap_action_once")]


def photo_upload_to(instance, filename: str) -> str:
    return f"toolkits/digital/photos/{instance.enrolment_id}/{filename}"


class PresentationCheck(Tracked):
    """A product photo, title and description checked offline against chosen marketplaces' rules."""

    enrolment = models.ForeignKey("programme.Enrolment", on_delete=models.CASCADE, related_name="digital_checks")
    product = models.ForeignKey("registry.Product", null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="digital_checks")
    photo = models.FileField(pgettext_lazy("digital", "photo"), upload_to=photo_upload_to, blank=True)
    title_th = models.CharField(pgettext_lazy("digital", "Thai title"), max_length=500, blank=True)
    title_en = models.CharField(pgettext_lazy("digital", "English title"), max_length=500, blank=True)
    description_th = models.TextField(pgettext_lazy("digital", "Thai description"), blank=True)
    description_en = models.TextField(pgettext_lazy("digital", "English description"), blank=True)
    marketplaces = models.JSONField(pgettext_lazy("digital", "marketplaces"), default=list)
    result = models.JSONField(pgettext_lazy("digital", "result"), default=dict)
    passed = models.BooleanField(pgettext_lazy("digital", "passed"), default=False)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = pgettext_lazy("digital", "presentation check")
        verbose_name_plural = pgettext_lazy("digital", "presentation checks")
