"""A programme round, the 7 development activities, and who is enrolled in what.

The activities themselves are reference data (data/activities.csv, from the seed's news
release); a round gives each its places, cost per place and required hours.
"""

from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Activity(models.Model):
    number = models.PositiveSmallIntegerField(_("number"), unique=True)
    code = models.SlugField(_("code"), max_length=20, unique=True)
    name_th = models.CharField(_("Thai name"), max_length=200)
    name_en = models.CharField(_("English name"), max_length=200)
    description_th = models.TextField(_("Thai description"))
    description_en = models.TextField(_("English description"))
    source = models.CharField(_("source"), max_length=200)

    class Meta:
        ordering = ["number"]
        verbose_name = _("activity")
        verbose_name_plural = _("activities")

    def __str__(self) -> str:
        return f"{self.number}. {self.name_th}"


class Round(models.Model):
    name = models.CharField(_("name"), max_length=200)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    budget = models.DecimalField(_("total budget (baht)"), max_digits=14, decimal_places=2,
                                 validators=[MinValueValidator(0)])
    target_entrepreneurs = models.PositiveIntegerField(_("target number of entrepreneurs"))
    target_value = models.DecimalField(_("target economic value (baht)"), max_digits=16, decimal_places=2,
                                       validators=[MinValueValidator(0)])
    max_activities_per_entrepreneur = models.PositiveSmallIntegerField(
        _("most activities per entrepreneur"), default=2, validators=[MinValueValidator(1)]
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-starts_on", "-id"]
        verbose_name = _("programme round")
        verbose_name_plural = _("programme rounds")

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.starts_on and self.ends_on:
            if self.ends_on < self.starts_on + relativedelta(months=3) or self.ends_on > self.starts_on + relativedelta(months=6):
                raise ValidationError({"ends_on": _("A round runs 3 to 6 months.")})


class RoundActivity(models.Model):
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="activities")
    activity = models.ForeignKey(Activity, on_delete=models.PROTECT, related_name="+")
    places = models.PositiveIntegerField(_("places"))
    cost_per_place = models.DecimalField(_("cost per place (baht)"), max_digits=12, decimal_places=2,
                                         validators=[MinValueValidator(0)])
    required_hours = models.PositiveSmallIntegerField(_("required hours"), default=0)
    duration_weeks = models.PositiveSmallIntegerField(_("duration (weeks)"), default=12)

    class Meta:
        ordering = ["round", "activity__number"]
        verbose_name = _("activity in a round")
        verbose_name_plural = _("activities in a round")
        constraints = [models.UniqueConstraint(fields=["round", "activity"], name="round_activity_once")]

    def __str__(self) -> str:
        return f"{self.round} · {self.activity}"


class Enrolment(models.Model):
    """One entrepreneur in one activity of a round. Waitlisted rows carry their rank."""

    class Status(models.TextChoices):
        WAITLISTED = "waitlisted", _("waitlisted")
        OFFERED = "offered", _("offered")
        ACCEPTED = "accepted", _("accepted")
        DECLINED = "declined", _("declined")
        ACTIVE = "active", _("active")
        COMPLETED = "completed", _("completed")
        WITHDRAWN = "withdrawn", _("withdrawn")

    round_activity = models.ForeignKey(RoundActivity, on_delete=models.PROTECT, related_name="enrolments")
    entrepreneur = models.ForeignKey("registry.Entrepreneur", on_delete=models.PROTECT, related_name="enrolments")
    status = models.CharField(_("status"), max_length=12, choices=Status.choices)
    waitlist_rank = models.PositiveIntegerField(_("waitlist rank"), null=True, blank=True)
    expected_benefit = models.FloatField(_("expected benefit"), null=True, blank=True)
    source = models.CharField(_("created by"), max_length=100, blank=True,
                              help_text=_("e.g. the approved screening scenario"))
    started_on = models.DateField(_("started on"), null=True, blank=True)
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    reason = models.CharField(_("reason"), max_length=255, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["round_activity", "status", "waitlist_rank", "id"]
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        constraints = [
            models.UniqueConstraint(fields=["round_activity", "entrepreneur"], name="enrolment_once_per_activity"),
            models.CheckConstraint(
                condition=Q(status="waitlisted", waitlist_rank__isnull=False) | ~Q(status="waitlisted"),
                name="enrolment_waitlist_has_rank",
            ),
        ]
        indexes = [models.Index(fields=["entrepreneur", "status"])]
