"""Activity 6 records: the production log of an enrolment (lines, shifts with their stops and rejects),
stopwatch and tally studies, the TIMWOODS waste log, kaizen cards, savings in baht and the claims that
turn savings into outcome observations. Every measure is computed by `core/` from these rows."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import pgettext_lazy

from uplift.outcomes.models import Observation, Wave
from uplift.toolkits.lean.core.reference import losses, measures, savings_rules, wastes

STOP_CHOICES = [(code, loss.name_th) for code, loss in losses().items() if loss.kind == "stop"]
REJECT_CHOICES = [(code, loss.name_th) for code, loss in losses().items() if loss.kind == "reject"]
WASTE_CHOICES = [(code, f"{waste.letter} · {waste.name_th}") for code, waste in wastes().items()]
METRIC_CHOICES = [(metric["code"], metric["name_th"]) for metric in measures()["metrics"]]
RULE_CHOICES = [(code, rule["name_th"]) for code, rule in savings_rules().items()]


class Tracked(models.Model):
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class Line(Tracked):
    """A production line (or workstation) of the enrolled entrepreneur, with what takt needs."""

    enrolment = models.ForeignKey("programme.Enrolment", on_delete=models.CASCADE, related_name="lean_lines")
    name = models.CharField(pgettext_lazy("lean", "line"), max_length=100)
    available_minutes_per_day = models.FloatField(pgettext_lazy("lean", "available minutes per day"), null=True, blank=True)
    breaks_minutes_per_day = models.FloatField(pgettext_lazy("lean", "breaks (minutes per day)"), default=0)
    demand_per_day = models.FloatField(pgettext_lazy("lean", "customer demand per day (pieces)"), null=True, blank=True)

    class Meta:
        ordering = ["enrolment", "name"]
        verbose_name = pgettext_lazy("lean", "production line")
        verbose_name_plural = pgettext_lazy("lean", "production lines")
        constraints = [models.UniqueConstraint(fields=["enrolment", "name"], name="lean_line_once_per_enrolment")]

    def __str__(self) -> str:
        return self.name


class Shift(Tracked):
    """One line × shift of the production log. Downtime left empty is the sum of the availability stops."""

    enrolment = models.ForeignKey("programme.Enrolment", on_delete=models.CASCADE, related_name="lean_shifts")
    line = models.ForeignKey(Line, on_delete=models.PROTECT, related_name="shifts")
    date = models.DateField(pgettext_lazy("lean", "date"))
    shift = models.CharField(pgettext_lazy("lean", "shift"), max_length=30, default="1")
    product = models.CharField(pgettext_lazy("lean", "product"), max_length=200, blank=True)
    planned_minutes = models.FloatField(pgettext_lazy("lean", "planned production time (minutes)"))
    downtime_minutes = models.FloatField(pgettext_lazy("lean", "downtime (minutes)"), null=True, blank=True)
    ideal_cycle_seconds = models.FloatField(pgettext_lazy("lean", "ideal cycle time (seconds per piece)"))
    total_count = models.PositiveIntegerField(pgettext_lazy("lean", "total count"))
    good_count = models.PositiveIntegerField(pgettext_lazy("lean", "good count"))
    note = models.CharField(pgettext_lazy("lean", "note"), max_length=255, blank=True)

    class Meta:
        ordering = ["date", "line__name", "shift", "id"]
        verbose_name = pgettext_lazy("lean", "shift")
        verbose_name_plural = pgettext_lazy("lean", "shifts")
        constraints = [
            models.UniqueConstraint(fields=["line", "date", "shift"], name="lean_shift_once"),
            models.CheckConstraint(condition=Q(good_count__lte=F("total_count")), name="lean_shift_good_le_total"),
        ]
        indexes = [models.Index(fields=["enrolment", "date"])]

    def __str__(self) -> str:
        return f"{self.line} {self.date} {self.shift}"


class Stop(models.Model):
    shift = models.ForeignKey(Shift, on_delete=models.CASCADE, related_name="stops")
    loss = models.CharField(pgettext_lazy("lean", "reason"), max_length=30, choices=STOP_CHOICES)
    minutes = models.FloatField(pgettext_lazy("lean", "minutes"))
    note = models.CharField(pgettext_lazy("lean", "note"), max_length=200, blank=True)

    class Meta:
        ordering = ["shift", "id"]
        verbose_name = pgettext_lazy("lean", "stop")
        verbose_name_plural = pgettext_lazy("lean", "stops")


class Reject(models.Model):
    shift = models.ForeignKey(Shift, on_delete=models.CASCADE, related_name="rejects")
    loss = models.CharField(pgettext_lazy("lean", "reason"), max_length=30, choices=REJECT_CHOICES)
    count = models.PositiveIntegerField(pgettext_lazy("lean", "pieces"))

    class Meta:
        ordering = ["shift", "id"]
        verbose_name = pgettext_lazy("lean", "reject")
        verbose_name_plural = pgettext_lazy("lean", "rejects")


class TimingStudy(Tracked):
    """A consultant's stopwatch laps (seconds) or tally marks for one step of a line."""

    class Kind(models.TextChoices):
        STOPWATCH = "stopwatch", pgettext_lazy("lean", "stopwatch")
        TALLY = "tally", pgettext_lazy("lean", "tally")

    enrolment = models.ForeignKey("programme.Enrolment", on_delete=models.CASCADE, related_name="lean_timings")
    line = models.ForeignKey(Line, on_delete=models.CASCADE, related_name="timings")
    step = models.CharField(pgettext_lazy("lean", "process step"), max_length=100)
    order = models.PositiveSmallIntegerField(pgettext_lazy("lean", "order on the line"), default=1)
    kind = models.CharField(pgettext_lazy("lean", "kind"), max_length=10, choices=Kind.choices)
    laps = models.JSONField(pgettext_lazy("lean", "lap times (seconds)"), default=list, blank=True)
    marks = models.JSONField(pgettext_lazy("lean", "tally marks"), default=dict, blank=True)
    note = models.CharField(pgettext_lazy("lean", "note"), max_length=255, blank=True)

    class Meta:
        ordering = ["line", "order", "-created_at"]
        verbose_name = pgettext_lazy("lean", "timing study")
        verbose_name_plural = pgettext_lazy("lean", "timing studies")


class WasteEntry(Tracked):
    enrolment = models.ForeignKey("programme.Enrolment", on_delete=models.CASCADE, related_name="lean_waste")
    line = models.ForeignKey(Line, null=True, blank=True, on_delete=models.SET_NULL, related_name="waste")
    date = models.DateField(pgettext_lazy("lean", "date"))
    waste = models.CharField(pgettext_lazy("lean", "waste (TIMWOODS)"), max_length=20, choices=WASTE_CHOICES)
    description = models.CharField(pgettext_lazy("lean", "what was seen"), max_length=255)
    quantity = models.FloatField(pgettext_lazy("lean", "quantity"), default=0)
    unit = models.CharField(pgettext_lazy("lean", "unit"), max_length=30, blank=True)
    baht = models.DecimalField(pgettext_lazy("lean", "value (baht)"), max_digits=12, decimal_places=2, default=0)

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = pgettext_lazy("lean", "waste entry")
        verbose_name_plural = pgettext_lazy("lean", "waste entries")


def kaizen_upload_to(instance, filename: str) -> str:
    return f"toolkits/lean/kaizen/{instance.enrolment_id}/{filename}"


class KaizenCard(Tracked):
    """A kaizen card; its effect is measured on the same log, baseline period against the period after."""

    enrolment = models.ForeignKey("programme.Enrolment", on_delete=models.CASCADE, related_name="lean_kaizen")
    line = models.ForeignKey(Line, null=True, blank=True, on_delete=models.SET_NULL, related_name="kaizen")
    problem = models.TextField(pgettext_lazy("lean", "problem"))
    countermeasure = models.TextField(pgettext_lazy("lean", "countermeasure"))
    owner = models.CharField(pgettext_lazy("lean", "owner"), max_length=100)
    started_on = models.DateField(pgettext_lazy("lean", "started on"))
    due_on = models.DateField(pgettext_lazy("lean", "due on"), null=True, blank=True)
    done_on = models.DateField(pgettext_lazy("lean", "done on"), null=True, blank=True)
    metric = models.CharField(pgettext_lazy("lean", "measure of effect"), max_length=20, choices=METRIC_CHOICES, default="oee")
    baseline_start = models.DateField(pgettext_lazy("lean", "baseline from"))
    baseline_end = models.DateField(pgettext_lazy("lean", "baseline to"))
    after_start = models.DateField(pgettext_lazy("lean", "after from"))
    after_end = models.DateField(pgettext_lazy("lean", "after to"))
    before_photo = models.FileField(pgettext_lazy("lean", "photo before"), upload_to=kaizen_upload_to, blank=True)
    after_photo = models.FileField(pgettext_lazy("lean", "photo after"), upload_to=kaizen_upload_to, blank=True)

    class Meta:
        ordering = ["-started_on", "-id"]
        verbose_name = pgettext_lazy("lean", "kaizen card")
        verbose_name_plural = pgettext_lazy("lean", "kaizen cards")
        constraints = [models.CheckConstraint(condition=Q(baseline_end__lt=F("after_start")),
                                              name="lean_kaizen_baseline_before_after")]


class Saving(Tracked):
    """One savings line in baht per month by a rule of the domain facts, kept with the shifts behind it."""

    enrolment = models.ForeignKey("programme.Enrolment", on_delete=models.CASCADE, related_name="lean_savings")
    rule = models.CharField(pgettext_lazy("lean", "rule"), max_length=20, choices=RULE_CHOICES)
    line = models.ForeignKey(Line, null=True, blank=True, on_delete=models.PROTECT, related_name="savings")
    before_start = models.DateField(pgettext_lazy("lean", "before from"))
    before_end = models.DateField(pgettext_lazy("lean", "before to"))
    after_start = models.DateField(pgettext_lazy("lean", "after from"))
    after_end = models.DateField(pgettext_lazy("lean", "after to"))
    inputs = models.JSONField(pgettext_lazy("lean", "inputs"), default=dict)
    result = models.JSONField(pgettext_lazy("lean", "result"), default=dict)
    baht_per_month = models.DecimalField(pgettext_lazy("lean", "baht per month"), max_digits=14, decimal_places=2)
    before_shifts = models.ManyToManyField(Shift, related_name="savings_before")
    after_shifts = models.ManyToManyField(Shift, related_name="savings_after")

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = pgettext_lazy("lean", "saving")
        verbose_name_plural = pgettext_lazy("lean", "savings")


class SavingsClaim(Tracked):
    """Savings sent to outcomes as observations of one wave; `origin` of each is this claim."""

    enrolment = models.ForeignKey("programme.Enrolment", on_delete=models.CASCADE, related_name="lean_claims")
    wave = models.CharField(pgettext_lazy("lean", "wave"), max_length=8, choices=Wave.choices)
    source = models.CharField(pgettext_lazy("lean", "source"), max_length=10, choices=Observation.Source.choices,
                              default=Observation.Source.VERIFIED)
    savings = models.ManyToManyField(Saving, related_name="claims")
    baselines = models.JSONField(pgettext_lazy("lean", "baseline levels"), default=dict)
    values = models.JSONField(pgettext_lazy("lean", "observation values"), default=dict)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = pgettext_lazy("lean", "savings claim")
        verbose_name_plural = pgettext_lazy("lean", "savings claims")

    @property
    def origin(self) -> str:
        return f"lean.SavingsClaim:{self.pk}"
