"""A programme round, the 7 development activities, and who is enrolled in what.

The activities themselves are reference data (data/activities.csv, from the seed's news
release); a round gives each its places, cost per place and required hours.
"""

from decimal import Decimal

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


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
        ACTIVE = "active", pgettext_lazy("enrolment status", "active")
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


# ---- delivery: cohorts, sessions, attendance, visits, milestones, the round's plan ---------------

class Cohort(models.Model):
    """The entrepreneurs of one activity in one regional centre's area, trained together."""

    round_activity = models.ForeignKey(RoundActivity, on_delete=models.CASCADE, related_name="cohorts")
    centre = models.ForeignKey("geo.RegionalCentre", verbose_name=_("regional centre"), on_delete=models.PROTECT,
                               related_name="cohorts")
    name = models.CharField(_("name"), max_length=200, blank=True)

    class Meta:
        ordering = ["round_activity", "centre"]
        verbose_name = _("cohort")
        verbose_name_plural = _("cohorts")
        constraints = [models.UniqueConstraint(fields=["round_activity", "centre"], name="cohort_once_per_centre")]

    def __str__(self) -> str:
        return self.name or f"{self.round_activity.activity} · {self.centre}"


class EnrolmentCohort(models.Model):
    """Which cohort an enrolment belongs to (set when the place is accepted)."""

    enrolment = models.OneToOneField(Enrolment, on_delete=models.CASCADE, related_name="cohort_link")
    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="members")

    class Meta:
        verbose_name = _("cohort member")
        verbose_name_plural = _("cohort members")


class Session(models.Model):
    class Kind(models.TextChoices):
        WORKSHOP = "workshop", _("workshop")
        VISIT = "visit", _("on-site consulting visit")
        CLINIC = "clinic", _("online clinic")

    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="sessions")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    topic = models.CharField(_("topic"), max_length=200)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    subdistrict = models.ForeignKey("geo.Subdistrict", verbose_name=_("place (subdistrict)"), null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")
    venue = models.CharField(_("venue"), max_length=200, blank=True)
    link = models.URLField(_("online link"), blank=True)
    staff = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("trainer or consultant"),
                              on_delete=models.PROTECT, related_name="programme_sessions")
    entrepreneur = models.ForeignKey("registry.Entrepreneur", verbose_name=_("visited entrepreneur"), null=True,
                                     blank=True, on_delete=models.PROTECT, related_name="visits")
    capacity = models.PositiveIntegerField(_("capacity"), default=30, validators=[MinValueValidator(1)])
    series = models.UUIDField(_("series"), null=True, blank=True, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["starts_at", "id"]
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        constraints = [models.CheckConstraint(condition=Q(ends_at__gt=F("starts_at")), name="session_ends_after_start")]
        indexes = [models.Index(fields=["staff", "starts_at"]), models.Index(fields=["cohort", "starts_at"]),
                   models.Index(fields=["ends_at"], name="session_ends_at_idx")]  # upcoming sessions on every workspace

    def __str__(self) -> str:
        return f"{self.topic} ({self.starts_at:%Y-%m-%d %H:%M})"

    @property
    def hours(self) -> Decimal:
        return (Decimal((self.ends_at - self.starts_at).total_seconds()) / 3600).quantize(Decimal("0.1"))


class Attendance(models.Model):
    class Status(models.TextChoices):
        PRESENT = "present", _("present")
        LATE = "late", _("late")
        ABSENT = "absent", _("absent")

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="attendance")
    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="attendance")
    status = models.CharField(_("attendance"), max_length=8, choices=Status.choices)
    hours = models.DecimalField(_("hours"), max_digits=5, decimal_places=1, default=0,
                                validators=[MinValueValidator(0)])
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["session", "enrolment"]
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [
            models.UniqueConstraint(fields=["session", "enrolment"], name="attendance_once_per_session"),
            models.CheckConstraint(condition=Q(hours__gte=0), name="attendance_hours_not_negative"),
        ]
        indexes = [models.Index(fields=["enrolment", "status"])]


class VisitLog(models.Model):
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="visit_logs")
    entrepreneur = models.ForeignKey("registry.Entrepreneur", on_delete=models.PROTECT, related_name="visit_logs")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    notes = models.TextField(_("notes"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("visit log")
        verbose_name_plural = _("visit logs")


class VisitFile(models.Model):
    log = models.ForeignKey(VisitLog, on_delete=models.CASCADE, related_name="files")
    file = models.FileField(_("file"), upload_to="visits/%Y/%m/")
    name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()

    class Meta:
        verbose_name = _("visit file")
        verbose_name_plural = _("visit files")


class FollowUp(models.Model):
    log = models.ForeignKey(VisitLog, on_delete=models.CASCADE, related_name="follow_ups")
    action = models.CharField(_("follow-up action"), max_length=255)
    due_on = models.DateField(_("due on"), null=True, blank=True)
    done_on = models.DateField(_("done on"), null=True, blank=True)

    class Meta:
        ordering = ["due_on", "id"]
        verbose_name = _("follow-up action")
        verbose_name_plural = _("follow-up actions")


class MilestoneTemplate(models.Model):
    """A step every enrolment in an activity goes through (data/milestones.csv)."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="milestone_templates")
    order = models.PositiveSmallIntegerField(_("order"))
    name_th = models.CharField(_("Thai name"), max_length=200)
    name_en = models.CharField(_("English name"), max_length=200)
    due_week = models.PositiveSmallIntegerField(_("due in week"), help_text=_("weeks after the enrolment starts"))

    class Meta:
        ordering = ["activity", "order"]
        verbose_name = _("milestone template")
        verbose_name_plural = _("milestone templates")
        constraints = [models.UniqueConstraint(fields=["activity", "order"], name="milestone_template_order")]

    def __str__(self) -> str:
        return self.name_th


class Milestone(models.Model):
    """One enrolment's milestone, with its due date; reminded once when overdue."""

    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="milestones")
    template = models.ForeignKey(MilestoneTemplate, on_delete=models.PROTECT, related_name="+")
    due_on = models.DateField(_("due on"))
    done_on = models.DateField(_("done on"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    evidence = models.FileField(_("evidence file"), upload_to="milestones/%Y/%m/", blank=True)
    reminded_at = models.DateTimeField(_("reminded at"), null=True, blank=True)

    class Meta:
        ordering = ["enrolment", "template__order"]
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        constraints = [models.UniqueConstraint(fields=["enrolment", "template"], name="milestone_once")]
        indexes = [models.Index(fields=["due_on"], condition=Q(done_on__isnull=True), name="milestone_open_due")]


class RoundMilestone(models.Model):
    """The round's own plan: dated steps (the seed's 90 days)."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="plan")
    order = models.PositiveSmallIntegerField(_("order"))
    name = models.CharField(_("name"), max_length=200)
    starts_on = models.DateField(_("starts on"))
    due_on = models.DateField(_("due on"))
    done_on = models.DateField(_("done on"), null=True, blank=True)

    class Meta:
        ordering = ["round", "order"]
        verbose_name = _("round milestone")
        verbose_name_plural = _("round milestones")
