"""Screening: per-round impact weights, eligibility rules as data, needs answers, scenarios,
their runs, and each run's frozen impact snapshot (one row per entrepreneur)."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class RoundWeights(models.Model):
    """The round's default impact weights; a scenario may override them."""

    round = models.OneToOneField("programme.Round", on_delete=models.CASCADE, related_name="impact_weights")
    sales_drop = models.FloatField(_("weight of the sales drop"), default=0.40, validators=[MinValueValidator(0)])
    tourist_share = models.FloatField(_("weight of the tourist share"), default=0.25, validators=[MinValueValidator(0)])
    exposure = models.FloatField(_("weight of the province's tourism exposure"), default=0.20,
                                 validators=[MinValueValidator(0)])
    vulnerability = models.FloatField(_("weight of size and vulnerability"), default=0.15,
                                      validators=[MinValueValidator(0)])
    foreign_weight = models.FloatField(_("weight of foreign tourists against Thai"), default=2.0,
                                       validators=[MinValueValidator(0)])

    class Meta:
        verbose_name = _("impact weights")
        verbose_name_plural = _("impact weights")

    def as_dict(self) -> dict[str, float]:
        return {f: getattr(self, f) for f in ("sales_drop", "tourist_share", "exposure", "vulnerability", "foreign_weight")}


class EligibilityRule(models.Model):
    """One condition an entrepreneur must meet to take an activity; all rules of an activity must hold."""

    round_activity = models.ForeignKey("programme.RoundActivity", on_delete=models.CASCADE, related_name="rules")
    field = models.CharField(_("field"), max_length=60)
    op = models.CharField(_("operator"), max_length=10)
    value = models.JSONField(_("value"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["round_activity", "id"]
        verbose_name = _("eligibility rule")
        verbose_name_plural = _("eligibility rules")

    def as_dict(self) -> dict:
        return {"field": self.field, "op": self.op, "value": self.value}


class NeedsAssessment(models.Model):
    """The short self-assessment; an empty answer falls back to the registry-derived default."""

    entrepreneur = models.OneToOneField("registry.Entrepreneur", on_delete=models.CASCADE, related_name="needs")
    online_presence = models.PositiveSmallIntegerField(
        _("online presence (0 none – 3 strong)"), null=True, blank=True, validators=[MaxValueValidator(3)])
    standards_held = models.PositiveSmallIntegerField(_("standards held"), null=True, blank=True)
    production_problems = models.PositiveSmallIntegerField(
        _("production problems (0 none – 3 severe)"), null=True, blank=True, validators=[MaxValueValidator(3)])
    has_successor = models.BooleanField(_("has a successor"), null=True, blank=True)
    environmental_practice = models.PositiveSmallIntegerField(
        _("environmental practice (0 none – 3 established)"), null=True, blank=True, validators=[MaxValueValidator(3)])
    answered_on = models.DateField(_("answered on"), auto_now=True)

    class Meta:
        verbose_name = _("needs assessment")
        verbose_name_plural = _("needs assessments")


class Scenario(models.Model):
    class QuotaLevel(models.TextChoices):
        NONE = "none", _("no regional quotas")
        CENTRE = "centre", _("per regional centre")
        PROVINCE = "province", _("per province")

    round = models.ForeignKey("programme.Round", on_delete=models.CASCADE, related_name="scenarios")
    name = models.CharField(_("name"), max_length=200)
    weights = models.JSONField(_("impact weights"), default=dict, blank=True,
                               help_text=_("empty = the round's weights"))
    budget = models.DecimalField(_("budget (baht)"), max_digits=14, decimal_places=2, null=True, blank=True,
                                 validators=[MinValueValidator(0)], help_text=_("empty = the round's budget"))
    max_per_entrepreneur = models.PositiveSmallIntegerField(
        _("most activities per entrepreneur"), null=True, blank=True, validators=[MinValueValidator(1)],
        help_text=_("empty = the round's maximum"))
    min_selected = models.PositiveIntegerField(_("select at least"), default=0)
    places = models.JSONField(_("places overrides"), default=dict, blank=True,
                              help_text=_("activity number → places"))
    quota_level = models.CharField(_("quotas"), max_length=10, choices=QuotaLevel.choices, default=QuotaLevel.NONE)
    quotas = models.JSONField(_("quotas"), default=dict, blank=True,
                              help_text=_("centre number or province code → {min, max}"))
    time_limit = models.PositiveSmallIntegerField(_("time limit (seconds)"), default=60,
                                                  validators=[MinValueValidator(1), MaxValueValidator(600)])
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")

    class Meta:
        ordering = ["round", "id"]
        verbose_name = _("scenario")
        verbose_name_plural = _("scenarios")

    def __str__(self) -> str:
        return self.name

    @property
    def latest_run(self):
        return self.runs.order_by("-id").first()


class Run(models.Model):
    """One solve of a scenario: its figures, and (in SnapshotRow) the frozen inputs and the assignment."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("queued")
        RUNNING = "running", _("running")
        DONE = "done", _("done")
        FAILED = "failed", _("failed")

    scenario = models.ForeignKey(Scenario, on_delete=models.CASCADE, related_name="runs")
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    task_id = models.CharField(max_length=64, blank=True)
    progress = models.CharField(_("progress"), max_length=200, blank=True)
    config = models.JSONField(default=dict, help_text="The frozen configuration: activities, budget, quotas, weights.")
    solver_status = models.CharField(_("solver status"), max_length=20, blank=True)
    method = models.CharField(_("method"), max_length=10, blank=True,
                              help_text="milp, or greedy when the exact solve found no solution in its time limit")
    objective = models.FloatField(_("objective"), null=True)
    lp_bound = models.FloatField(_("LP bound"), null=True)
    dual_bound = models.FloatField(_("MIP bound"), null=True)
    gap = models.FloatField(_("gap"), null=True)
    greedy_objective = models.FloatField(_("greedy objective"), null=True)
    greedy_selected = models.PositiveIntegerField(null=True)
    selected = models.PositiveIntegerField(_("selected"), null=True)
    budget_used = models.FloatField(_("budget used"), null=True)
    capacity_bound = models.JSONField(default=list)
    budget_bound = models.JSONField(default=list)
    timings = models.JSONField(default=dict)
    notes = models.JSONField(default=list)
    error = models.TextField(blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True)

    class Meta:
        ordering = ["-id"]
        verbose_name = _("run")
        verbose_name_plural = _("runs")

    @property
    def finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)


class SnapshotRow(models.Model):
    """One entrepreneur as a run saw it: frozen copies, never recomputed from the registry."""

    run = models.ForeignKey(Run, on_delete=models.CASCADE, related_name="rows")
    entrepreneur = models.ForeignKey("registry.Entrepreneur", null=True, on_delete=models.SET_NULL, related_name="+")
    name_th = models.CharField(max_length=255)
    province = models.CharField(max_length=2)
    centre = models.PositiveSmallIntegerField(null=True)
    category = models.CharField(max_length=12, blank=True)
    impact = models.FloatField()
    sales_drop = models.FloatField()
    tourist_share = models.FloatField()
    exposure = models.FloatField()
    vulnerability = models.FloatField()
    flags = models.JSONField(default=dict)
    benefit = models.JSONField(help_text="Per activity of the run's config: expected benefit, null = ineligible.")
    failed_rules = models.JSONField(default=dict, help_text="activity number → the rules not met")
    assigned = models.JSONField(default=list, help_text="activity numbers taken")
    greedy_assigned = models.JSONField(default=list)
    is_selected = models.BooleanField(default=False)
    value = models.FloatField(default=0)

    class Meta:
        ordering = ["run", "-value", "id"]
        indexes = [models.Index(fields=["run", "is_selected", "-value"]), models.Index(fields=["run", "entrepreneur"])]


class CandidateReview(models.Model):
    """A regional officer's (or manager's) verification of one candidate for one round, before the solve:
    confirmed, or excluded with a reason. No row = pending. Runs freeze the excluded ids at their start."""

    class Decision(models.TextChoices):
        CONFIRMED = "confirmed", _("confirmed")
        EXCLUDED = "excluded", _("excluded")

    round = models.ForeignKey("programme.Round", on_delete=models.CASCADE, related_name="candidate_reviews")
    entrepreneur = models.ForeignKey("registry.Entrepreneur", on_delete=models.CASCADE, related_name="candidate_reviews")
    decision = models.CharField(_("decision"), max_length=10, choices=Decision.choices)
    reason = models.TextField(_("reason"), blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(_("reviewed at"), auto_now=True)

    class Meta:
        ordering = ["round", "entrepreneur"]
        verbose_name = _("candidate review")
        verbose_name_plural = _("candidate reviews")
        constraints = [models.UniqueConstraint(fields=["round", "entrepreneur"], name="candidate_review_once")]
