"""Outcomes: indicators (reference data), observations per entrepreneur × round × wave,
economic value traceable to the observations behind it, and stored causal evaluations."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Indicator(models.Model):
    class Direction(models.TextChoices):
        UP = "up", _("higher is better")
        DOWN = "down", _("lower is better")

    class Frequency(models.TextChoices):
        MONTHLY = "monthly", _("monthly")
        FOLLOW_UP = "follow_up", _("at each follow-up")
        YEARLY = "yearly", _("yearly")

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name_th = models.CharField(_("Thai name"), max_length=200)
    name_en = models.CharField(_("English name"), max_length=200)
    unit = models.CharField(_("unit"), max_length=40)
    direction = models.CharField(_("desired direction"), max_length=4, choices=Direction.choices)
    frequency = models.CharField(_("frequency"), max_length=10, choices=Frequency.choices)
    version = models.CharField(_("catalogue version"), max_length=20)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")

    def __str__(self) -> str:
        return self.name_th


class Wave(models.TextChoices):
    BASELINE = "baseline", _("baseline (at enrolment)")
    END = "end", _("end of round")
    M3 = "m3", _("3 months after")
    M6 = "m6", _("6 months after")
    M12 = "m12", _("12 months after")


WAVE_MONTHS = {Wave.END: 0, Wave.M3: 3, Wave.M6: 6, Wave.M12: 12}


class Observation(models.Model):
    class Source(models.TextChoices):
        SELF_REPORTED = "self", _("self-reported")
        VERIFIED = "verified", _("consultant-verified")
        DOCUMENT = "document", _("document attached")
        REGISTRY = "registry", _("registry record")

    entrepreneur = models.ForeignKey("registry.Entrepreneur", on_delete=models.CASCADE, related_name="observations")
    round = models.ForeignKey("programme.Round", on_delete=models.CASCADE, related_name="observations")
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="observations")
    wave = models.CharField(_("wave"), max_length=8, choices=Wave.choices)
    period = models.DateField(_("period (month)"), help_text=_("first day of the month observed"))
    value = models.DecimalField(_("value"), max_digits=16, decimal_places=2)
    source = models.CharField(_("source"), max_length=10, choices=Source.choices)
    document = models.CharField(_("document reference"), max_length=255, blank=True)
    note = models.CharField(_("note"), max_length=255, blank=True)
    origin = models.CharField(
        _("origin"), max_length=120, blank=True,
        help_text=_("the toolkit record that produced this figure, as app.Model:pk (empty when entered by hand)"))
    frozen = models.BooleanField(_("frozen"), default=False, help_text=_("baselines are frozen at enrolment"))
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    entered_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["entrepreneur", "round", "indicator__order", "wave"]
        verbose_name = _("observation")
        verbose_name_plural = _("observations")
        constraints = [
            models.UniqueConstraint(fields=["entrepreneur", "round", "indicator", "wave"], name="observation_once_per_wave"),
        ]
        indexes = [models.Index(fields=["round", "wave"]), models.Index(fields=["round", "-entered_at"], name="obs_round_latest")]

    def __str__(self) -> str:
        return f"{self.entrepreneur_id} {self.indicator_id} {self.wave} = {self.value}"


class EconomicValue(models.Model):
    """One component of one entrepreneur's value in one round, shared across their activities.

    `amount` is the entrepreneur's component value × `share` (1 / number of their
    enrolments in the round), so sums by activity add up to the round total.
    """

    round = models.ForeignKey("programme.Round", on_delete=models.CASCADE, related_name="+")
    enrolment = models.ForeignKey("programme.Enrolment", on_delete=models.CASCADE, related_name="+")
    entrepreneur = models.ForeignKey("registry.Entrepreneur", on_delete=models.CASCADE, related_name="+")
    component = models.CharField(_("component"), max_length=40)
    amount = models.DecimalField(_("amount (baht)"), max_digits=16, decimal_places=2)
    share = models.FloatField(_("share"), default=1.0)
    month = models.DateField(_("month realised"))
    baseline = models.ForeignKey(Observation, null=True, on_delete=models.SET_NULL, related_name="+")
    follow_up = models.ForeignKey(Observation, null=True, on_delete=models.SET_NULL, related_name="+")
    origin = models.CharField(
        _("origin"), max_length=120, blank=True,
        help_text=_("the toolkit record behind the follow-up figure, as app.Model:pk (empty when entered by hand)"))
    detail = models.JSONField(default=dict)
    config_version = models.CharField(max_length=20)
    computed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["round", "entrepreneur", "component"]
        verbose_name = _("economic value")
        verbose_name_plural = _("economic values")
        indexes = [models.Index(fields=["round", "component"]), models.Index(fields=["entrepreneur", "round"])]


class FrozenPlanError(Exception):
    pass


FROZEN_FIELDS = frozenset({"round", "round_id", "version", "canonical", "sha256", "power", "amends", "amends_id",
                           "reason", "frozen_at"})


class FrozenQuerySet(models.QuerySet):
    """Bulk updates may only let go of a deleted run or user (SET_NULL); the plan itself never changes."""

    def update(self, **kwargs):
        if FROZEN_FIELDS & set(kwargs):
            raise FrozenPlanError(_("A frozen evaluation plan cannot be changed: freeze a new version instead."))
        return super().update(**kwargs)


class EvaluationPlan(models.Model):
    """One frozen version of a round's pre-registered evaluation plan. Rows are never changed:
    a change is a new version that names the one it amends and why."""

    round = models.ForeignKey("programme.Round", on_delete=models.CASCADE, related_name="+")
    version = models.PositiveSmallIntegerField(_("version"))
    canonical = models.TextField(_("plan (canonical JSON)"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    power = models.JSONField(_("power at approval"), default=dict)
    run = models.ForeignKey("screening.Run", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    amends = models.ForeignKey("self", null=True, blank=True, on_delete=models.RESTRICT, related_name="+")
    reason = models.CharField(_("reason for the change"), max_length=500, blank=True)
    frozen_at = models.DateTimeField(_("frozen at"))
    frozen_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    objects = FrozenQuerySet.as_manager()

    class Meta:
        ordering = ["round", "-version"]
        verbose_name = _("evaluation plan")
        verbose_name_plural = _("evaluation plans")
        constraints = [models.UniqueConstraint(fields=["round", "version"], name="evaluation_plan_version_once")]

    def save(self, *args, **kwargs):
        if self.pk is not None or kwargs.get("force_update"):
            raise FrozenPlanError(_("A frozen evaluation plan cannot be changed: freeze a new version instead."))
        super().save(*args, **kwargs)


class EvaluationResult(models.Model):
    class PlanStatus(models.TextChoices):
        AS_PLANNED = "as_planned", _("as planned")
        EXPLORATORY = "exploratory", _("exploratory")

    round = models.ForeignKey("programme.Round", on_delete=models.CASCADE, related_name="+")
    round_activity = models.ForeignKey("programme.RoundActivity", null=True, blank=True, on_delete=models.CASCADE,
                                       related_name="+")
    method = models.CharField(max_length=12)
    outcome = models.CharField(max_length=40)
    att = models.FloatField(null=True)
    se = models.FloatField(null=True)
    ci_low = models.FloatField(null=True)
    ci_high = models.FloatField(null=True)
    n_treated = models.PositiveIntegerField(default=0)
    n_control = models.PositiveIntegerField(default=0)
    pretrend_flagged = models.BooleanField(null=True)
    error = models.TextField(blank=True)
    result = models.JSONField(default=dict)
    spec = models.JSONField(default=dict, help_text="method, outcome, covariates used, comparison rule, wave")
    plan = models.ForeignKey(EvaluationPlan, null=True, blank=True, on_delete=models.RESTRICT, related_name="+")
    plan_status = models.CharField(_("against the plan"), max_length=12, choices=PlanStatus.choices, blank=True)
    plan_role = models.CharField(max_length=10, blank=True, help_text="primary or secondary, when as planned")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("evaluation")
        verbose_name_plural = _("evaluations")


class ProgrammeReport(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("being prepared")
        READY = "ready", _("ready")
        FAILED = "failed", _("failed")

    round = models.ForeignKey("programme.Round", on_delete=models.CASCADE, related_name="+")
    month = models.DateField(_("report month"))
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.PENDING)
    pdf = models.BinaryField(null=True, editable=False)
    xlsx = models.BinaryField(null=True, editable=False)
    error = models.TextField(blank=True)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("programme report")
        verbose_name_plural = _("programme reports")


class FigureSnapshot(models.Model):
    """A round's dashboard figures over one scope (``policy.scope_key``), derived data kept while its inputs
    are unchanged: ``inputs`` fingerprints the scope's value rows and enrolments in the round, and a
    snapshot older than ``figures.SNAPSHOT_MAX_AGE`` is recomputed (the registry's categories and provinces)."""

    round = models.ForeignKey("programme.Round", on_delete=models.CASCADE, related_name="+")
    scope = models.CharField(max_length=200)
    inputs = models.CharField(max_length=200)
    computed_at = models.DateTimeField()
    figures = models.JSONField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["round", "scope"], name="figure_snapshot_once_per_scope")]
