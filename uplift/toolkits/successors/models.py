"""Activity 3 records: a successor's idea as a Lean Canvas in versions with attachments; pitch events
with their judges, the pitches presented and each judge's rubric scores; the published results kept
on the event and on each pitch; and the winner's plan, tied to the enrolment's milestones.

Who sees a judge's page: a judge is a user the organiser names; the judge reaches the event's
pitches through their own judge row (the access path `staff="user"`), which is how a consultant on
the panel scores pitches of entrepreneurs not assigned to them. Pitches, scores and the plan hang
off an enrolment, so every other reader is scoped by its entrepreneur as usual.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import pgettext_lazy


class Tracked(models.Model):
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class Proposal(Tracked):
    """A successor's idea to lift the business with information technology."""

    enrolment = models.ForeignKey("programme.Enrolment", on_delete=models.CASCADE, related_name="successor_proposals")
    title = models.CharField(pgettext_lazy("successors", "idea"), max_length=200)
    successor_name = models.CharField(pgettext_lazy("successors", "successor's name"), max_length=100)

    class Meta:
        ordering = ["-updated_at", "-id"]
        verbose_name = pgettext_lazy("successors", "idea proposal")
        verbose_name_plural = pgettext_lazy("successors", "idea proposals")

    def __str__(self) -> str:
        return self.title

    @property
    def latest(self):
        return self.versions.order_by("-number").first()


class ProposalVersion(models.Model):
    """One saved state of the canvas; a change makes a new version, earlier ones are kept."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField(pgettext_lazy("successors", "version"))
    canvas = models.CharField(pgettext_lazy("successors", "canvas version"), max_length=30)
    blocks = models.JSONField(pgettext_lazy("successors", "canvas blocks"), default=dict)
    note = models.CharField(pgettext_lazy("successors", "what changed"), max_length=255, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["proposal", "-number"]
        verbose_name = pgettext_lazy("successors", "canvas version")
        verbose_name_plural = pgettext_lazy("successors", "canvas versions")
        constraints = [models.UniqueConstraint(fields=["proposal", "number"], name="successors_version_once")]


def attachment_upload_to(instance, filename: str) -> str:
    return f"toolkits/successors/attachments/{instance.proposal.enrolment_id}/{filename}"


class ProposalAttachment(Tracked):
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(pgettext_lazy("successors", "file"), upload_to=attachment_upload_to)
    name = models.CharField(pgettext_lazy("successors", "file name"), max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()

    class Meta:
        ordering = ["proposal", "id"]
        verbose_name = pgettext_lazy("successors", "attachment")
        verbose_name_plural = pgettext_lazy("successors", "attachments")


class PitchEvent(Tracked):
    """A pitch day of activity 3 in one round: a regional centre's (or, without a centre, national)."""

    class Status(models.TextChoices):
        OPEN = "open", pgettext_lazy("successors", "open for scoring")
        CLOSED = "closed", pgettext_lazy("successors", "scoring closed")
        PUBLISHED = "published", pgettext_lazy("successors", "results published")

    round_activity = models.ForeignKey("programme.RoundActivity", on_delete=models.PROTECT, related_name="+")
    centre = models.ForeignKey("geo.RegionalCentre", verbose_name=pgettext_lazy("successors", "regional centre"),
                               null=True, blank=True,
                               on_delete=models.PROTECT, related_name="+")
    name = models.CharField(pgettext_lazy("successors", "name"), max_length=200)
    held_on = models.DateField(pgettext_lazy("successors", "held on"))
    venue = models.CharField(pgettext_lazy("successors", "venue"), max_length=200, blank=True)
    rubric = models.JSONField(pgettext_lazy("successors", "rubric"), default=dict)
    rubric_version = models.CharField(pgettext_lazy("successors", "rubric version"), max_length=40)
    status = models.CharField(pgettext_lazy("successors", "status"), max_length=10, choices=Status.choices,
                              default=Status.OPEN)
    winners = models.PositiveSmallIntegerField(pgettext_lazy("successors", "number of winners"), default=1)
    seed = models.PositiveIntegerField(pgettext_lazy("successors", "bootstrap seed"), default=0)
    results = models.JSONField(pgettext_lazy("successors", "published results"), default=dict, blank=True)
    published_at = models.DateTimeField(pgettext_lazy("successors", "published at"), null=True, blank=True)

    class Meta:
        ordering = ["-held_on", "-id"]
        verbose_name = pgettext_lazy("successors", "pitch event")
        verbose_name_plural = pgettext_lazy("successors", "pitch events")

    def __str__(self) -> str:
        return self.name


class Judge(Tracked):
    event = models.ForeignKey(PitchEvent, on_delete=models.CASCADE, related_name="judges")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    name = models.CharField(pgettext_lazy("successors", "judge's name"), max_length=100)

    class Meta:
        ordering = ["event", "id"]
        verbose_name = pgettext_lazy("successors", "judge")
        verbose_name_plural = pgettext_lazy("successors", "judges")
        constraints = [models.UniqueConstraint(fields=["event", "user"], name="successors_judge_once")]

    def __str__(self) -> str:
        return self.name


class Pitch(Tracked):
    """One enrolment's pitch at an event, with the canvas version presented and, once published, its result."""

    event = models.ForeignKey(PitchEvent, on_delete=models.CASCADE, related_name="pitches")
    enrolment = models.ForeignKey("programme.Enrolment", on_delete=models.PROTECT, related_name="successor_pitches")
    proposal = models.ForeignKey(Proposal, null=True, blank=True, on_delete=models.SET_NULL, related_name="pitches")
    version = models.ForeignKey(ProposalVersion, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    order = models.PositiveSmallIntegerField(pgettext_lazy("successors", "order"))
    title = models.CharField(pgettext_lazy("successors", "idea"), max_length=200)
    score = models.FloatField(pgettext_lazy("successors", "normalised score"), null=True, blank=True)
    raw_mean = models.FloatField(pgettext_lazy("successors", "raw mean score"), null=True, blank=True)
    rank = models.PositiveSmallIntegerField(pgettext_lazy("successors", "rank"), null=True, blank=True)
    rank_low = models.PositiveSmallIntegerField(pgettext_lazy("successors", "rank interval from"), null=True, blank=True)
    rank_high = models.PositiveSmallIntegerField(pgettext_lazy("successors", "rank interval to"), null=True, blank=True)
    winner = models.BooleanField(pgettext_lazy("successors", "winner"), default=False)

    class Meta:
        ordering = ["event", "order", "id"]
        verbose_name = pgettext_lazy("successors", "pitch")
        verbose_name_plural = pgettext_lazy("successors", "pitches")
        constraints = [models.UniqueConstraint(fields=["event", "enrolment"], name="successors_pitch_once")]

    def __str__(self) -> str:
        return self.title


class Score(models.Model):
    """One judge's score of one rubric criterion for one pitch."""

    pitch = models.ForeignKey(Pitch, on_delete=models.CASCADE, related_name="scores")
    judge = models.ForeignKey(Judge, on_delete=models.CASCADE, related_name="scores")
    criterion = models.CharField(pgettext_lazy("successors", "criterion"), max_length=40)
    value = models.FloatField(pgettext_lazy("successors", "score"))
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["pitch", "judge", "criterion"]
        verbose_name = pgettext_lazy("successors", "score")
        verbose_name_plural = pgettext_lazy("successors", "scores")
        constraints = [models.UniqueConstraint(fields=["pitch", "judge", "criterion"], name="successors_score_once")]


class PlanStep(Tracked):
    """A step of a winning idea's plan, due by a date and tied to one of the enrolment's milestones."""

    enrolment = models.ForeignKey("programme.Enrolment", on_delete=models.CASCADE, related_name="successor_plan")
    pitch = models.ForeignKey(Pitch, on_delete=models.CASCADE, related_name="plan")
    order = models.PositiveSmallIntegerField(pgettext_lazy("successors", "order"))
    title = models.CharField(pgettext_lazy("successors", "step"), max_length=255)
    due_on = models.DateField(pgettext_lazy("successors", "due on"))
    done_on = models.DateField(pgettext_lazy("successors", "done on"), null=True, blank=True)
    milestone = models.ForeignKey("programme.Milestone", null=True, blank=True, on_delete=models.SET_NULL,
                                  related_name="successor_plan_steps")

    class Meta:
        ordering = ["enrolment", "order", "id"]
        verbose_name = pgettext_lazy("successors", "plan step")
        verbose_name_plural = pgettext_lazy("successors", "plan steps")
