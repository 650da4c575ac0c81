"""Every write of the successors toolkit: checked by the access policy, validated by `core/` with Thai
messages keyed by field, written and audited in one transaction.

- The canvas is the successor's own work ("toolkit.own": the entrepreneur's account may write it).
- Events are organised by whoever may work on the event's regional centre ("toolkit.work" on the
  event: officers of the centre, administrators); a national event (no centre) by administrators.
- A judge scores as themself ("toolkit.work" on their own judge row); the organiser may enter a
  judge's paper sheet on their behalf. Scores are kept per criterion of the event's rubric.
- Publishing stores the fair results on the event and each pitch; the winners' plans are written
  by the consultant ("toolkit.work" on the enrolment), each step tied to one of its milestones.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from uplift.access import policy
from uplift.audit.actions import audit_record
from uplift.programme.models import Enrolment, Milestone, RoundActivity
from uplift.toolkits.successors import selectors
from uplift.toolkits.successors.core import canvas, rubric
from uplift.toolkits.successors.models import (
    Judge, Pitch, PitchEvent, PlanStep, Proposal, ProposalAttachment, ProposalVersion, Score,
)
from uplift.web.templatetags.thai import is_thai

ACTIVITY = selectors.ACTIVITY
MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024
ATTACHMENT_TYPES = {
    "pdf": (b"%PDF",), "png": (b"\x89PNG",), "jpg": (b"\xff\xd8\xff",), "jpeg": (b"\xff\xd8\xff",),
    "pptx": (b"PK\x03\x04",), "docx": (b"PK\x03\x04",), "xlsx": (b"PK\x03\x04",),
}


def _workable(actor, enrolment: Enrolment, verb: str = "toolkit.work") -> None:
    policy.require(actor, verb, enrolment)
    if enrolment.round_activity.activity.code != ACTIVITY:
        raise ValidationError({"enrolment": _("This enrolment is not in the OTOP successors activity.")})
    if enrolment.status not in selectors.WORKING_STATUSES:
        raise ValidationError({"enrolment": _("The entrepreneur has not taken up this activity yet.")})


def _text(value, field: str, limit: int, *, message: str) -> str:
    text = " ".join(str(value or "").split())
    if not text:
        raise ValidationError({field: message})
    return text[:limit]


def _date(value, field: str, *, required: bool = True) -> date | None:
    if isinstance(value, str) and value:
        try:
            value = date.fromisoformat(value)
        except ValueError:
            raise ValidationError({field: _("Enter a date as YYYY-MM-DD.")}) from None
    if not value:
        if required:
            raise ValidationError({field: _("This field is required.")})
        return None
    if not isinstance(value, date):
        raise ValidationError({field: _("Enter a date as YYYY-MM-DD.")})
    return value


# ---- the idea as a Lean Canvas ---------------------------------------------------------------------

def _validated_blocks(blocks: Mapping[str, Any]) -> dict[str, str]:
    spec = selectors.canvas_spec()
    entries = {str(k): str(v or "").strip() for k, v in (blocks or {}).items()}
    errors: dict[str, list[str]] = {}
    for error in canvas.validate_canvas(spec, entries):
        errors.setdefault(error.block, []).append(error.reason_th if is_thai() else error.reason_en)
    if errors:
        raise ValidationError(errors)
    return {b.code: entries[b.code] for b in spec.blocks if entries.get(b.code)}


def proposal_create(*, actor, enrolment: Enrolment, title: str, successor_name: str, blocks: Mapping[str, Any],
                    note: str = "") -> Proposal:
    """A new idea with its first canvas version; every block is checked for presence and length."""
    _workable(actor, enrolment, "toolkit.own")
    title = _text(title, "title", 200, message=_("Name the idea."))
    successor_name = _text(successor_name, "successor_name", 100, message=_("Enter the successor's name."))
    cleaned = _validated_blocks(blocks)
    with transaction.atomic():
        proposal = Proposal.objects.create(enrolment=enrolment, title=title, successor_name=successor_name,
                                           created_by=actor)
        version = ProposalVersion.objects.create(proposal=proposal, number=1, canvas=selectors.canvas_spec().version,
                                                 blocks=cleaned, note=(note or "").strip()[:255], created_by=actor)
        audit_record(actor=actor, action="create", obj=proposal, changes={
            "title": title, "successor_name": successor_name, "version": version.number, "blocks": cleaned})
    return proposal


def proposal_revise(*, actor, proposal: Proposal, blocks: Mapping[str, Any], title: str | None = None,
                    successor_name: str | None = None, note: str = "") -> ProposalVersion:
    """A new canvas version (the earlier ones are kept); an unchanged canvas adds no version."""
    _workable(actor, proposal.enrolment, "toolkit.own")
    cleaned = _validated_blocks(blocks)
    with transaction.atomic():
        proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
        latest = proposal.latest
        changes: dict[str, Any] = {}
        if title is not None:
            proposal.title = _text(title, "title", 200, message=_("Name the idea."))
            changes["title"] = proposal.title
        if successor_name is not None:
            proposal.successor_name = _text(successor_name, "successor_name", 100,
                                            message=_("Enter the successor's name."))
            changes["successor_name"] = proposal.successor_name
        proposal.save()
        if latest is not None and latest.blocks == cleaned:
            if changes:
                audit_record(actor=actor, action="update", obj=proposal, changes=changes)
            return latest
        version = ProposalVersion.objects.create(
            proposal=proposal, number=(latest.number if latest else 0) + 1, canvas=selectors.canvas_spec().version,
            blocks=cleaned, note=(note or "").strip()[:255], created_by=actor)
        audit_record(actor=actor, action="update", obj=proposal, changes=changes | {
            "version": version.number, "changed": sorted(k for k in set(cleaned) | set(latest.blocks if latest else {})
                                                         if cleaned.get(k) != (latest.blocks if latest else {}).get(k))})
    return version


def attachment_add(*, actor, proposal: Proposal, upload) -> ProposalAttachment:
    _workable(actor, proposal.enrolment, "toolkit.own")
    if not upload:
        raise ValidationError({"file": _("Choose a file.")})
    name = (getattr(upload, "name", "") or "").rsplit("/", 1)[-1]
    ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if upload.size > MAX_ATTACHMENT_BYTES:
        raise ValidationError({"file": _("The file is larger than 10 MB.")})
    if ext not in ATTACHMENT_TYPES:
        raise ValidationError({"file": _("Only PDF, PNG, JPEG, PowerPoint, Word or Excel files.")})
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if not head.startswith(ATTACHMENT_TYPES[ext]):
        raise ValidationError({"file": _("This file is not what its name says.")})
    with transaction.atomic():
        attachment = ProposalAttachment(proposal=proposal, name=name[-200:], size=upload.size, created_by=actor,
                                        content_type=getattr(upload, "content_type", "") or "application/octet-stream")
        attachment.file.save(name[-80:], upload, save=False)
        attachment.save()
        audit_record(actor=actor, action="create", obj=attachment, changes={"name": attachment.name,
                                                                            "size": attachment.size})
    return attachment


def attachment_delete(*, actor, attachment: ProposalAttachment) -> None:
    _workable(actor, attachment.proposal.enrolment, "toolkit.own")
    with transaction.atomic():
        audit_record(actor=actor, action="delete", obj=attachment, changes={"name": attachment.name})
        name = attachment.file.name
        storage = attachment.file.storage
        attachment.delete()
        transaction.on_commit(lambda: storage.delete(name))


# ---- pitch events ------------------------------------------------------------------------------------

def _organiser(actor, event: PitchEvent) -> None:
    policy.require(actor, "toolkit.work", event, message=_("Only the event's organisers can do this."))


def _rubric_data(book: rubric.Rubric) -> dict[str, Any]:
    return {"version": book.version, "scale": {"min": book.scale_min, "max": book.scale_max},
            "criteria": [{"code": c.code, "name_th": c.name_th, "name_en": c.name_en, "weight": c.weight,
                          "descriptor_th": c.descriptor_th, "descriptor_en": c.descriptor_en} for c in book.criteria]}


def event_create(*, actor, round_activity: RoundActivity, name: str, held_on, centre=None, venue: str = "",
                 rubric_book: rubric.Rubric | None = None, winners: int = 1) -> PitchEvent:
    """A pitch day of the successors activity of a round, with its rubric frozen on it."""
    if round_activity.activity.code != ACTIVITY:
        raise ValidationError({"round_activity": _("Choose the successors activity of a round.")})
    event = PitchEvent(round_activity=round_activity, centre=centre, created_by=actor)
    _organiser(actor, event)
    event.name = _text(name, "name", 200, message=_("Name the event."))
    event.held_on = _date(held_on, "held_on")
    event.venue = (venue or "").strip()[:200]
    try:
        event.winners = int(winners)
    except (TypeError, ValueError):
        raise ValidationError({"winners": _("Enter a whole number.")}) from None
    if event.winners < 1:
        raise ValidationError({"winners": _("At least one winner.")})
    book = rubric_book or selectors.default_rubric()
    event.rubric, event.rubric_version = _rubric_data(book), book.version
    event.seed = int(timezone.now().timestamp()) % 100_000
    with transaction.atomic():
        event.save()
        audit_record(actor=actor, action="create", obj=event, changes={
            "name": event.name, "held_on": event.held_on.isoformat(), "centre": centre.pk if centre else None,
            "round_activity": round_activity.pk, "rubric": book.version, "winners": event.winners})
    return event


def judge_add(*, actor, event: PitchEvent, user, name: str = "") -> Judge:
    """Seat a user on the panel; they must be able to work on the event's centre (or be national staff)."""
    _organiser(actor, event)
    if event.status != PitchEvent.Status.OPEN:
        raise ValidationError({"user": _("Judges are added while the event is open.")})
    if user is None or not policy.can(user, "toolkit.work"):
        raise ValidationError({"user": _("This account cannot judge: it needs a staff role.")})
    name = " ".join((name or user.get_full_name() or user.username).split())[:100]
    try:
        with transaction.atomic():
            judge = Judge.objects.create(event=event, user=user, name=name, created_by=actor)
            if not policy.can(user, "toolkit.work", judge):
                raise ValidationError({"user": _("This account works in another regional centre.")})
            audit_record(actor=actor, action="create", obj=judge, changes={"user": user.pk, "name": name})
    except IntegrityError:
        raise ValidationError({"user": _("Already on the panel.")}) from None
    return judge


def pitch_add(*, actor, event: PitchEvent, enrolment: Enrolment, proposal: Proposal | None = None) -> Pitch:
    """Put an enrolment's idea on the event's programme, with the canvas version it presents."""
    _organiser(actor, event)
    policy.require(actor, "toolkit.view", enrolment)
    if event.status != PitchEvent.Status.OPEN:
        raise ValidationError({"enrolment": _("Pitches are added while the event is open.")})
    if enrolment.round_activity_id != event.round_activity_id:
        raise ValidationError({"enrolment": _("The entrepreneur is not enrolled in this round's successors activity.")})
    if enrolment.status not in selectors.WORKING_STATUSES:
        raise ValidationError({"enrolment": _("The entrepreneur has not taken up this activity yet.")})
    if event.centre_id and enrolment.entrepreneur.province.centre_id != event.centre_id:
        raise ValidationError({"enrolment": _("The entrepreneur belongs to another regional centre.")})
    if proposal is None:
        proposal = Proposal.objects.filter(enrolment=enrolment).order_by("-updated_at", "-id").first()
    elif proposal.enrolment_id != enrolment.pk:
        raise ValidationError({"proposal": _("This belongs to another enrolment.")})
    if proposal is None:
        raise ValidationError({"proposal": _("The successor has no idea proposal yet.")})
    version = proposal.latest
    try:
        with transaction.atomic():
            order = (Pitch.objects.filter(event=event).aggregate(n=Max("order"))["n"] or 0) + 1
            pitch = Pitch.objects.create(event=event, enrolment=enrolment, proposal=proposal, version=version,
                                         order=order, title=proposal.title, created_by=actor)
            audit_record(actor=actor, action="create", obj=pitch, changes={
                "event": event.pk, "proposal": proposal.pk, "version": version.number if version else None})
    except IntegrityError:
        raise ValidationError({"enrolment": _("Already on the programme.")}) from None
    return pitch


def scores_save(*, actor, judge: Judge, pitch: Pitch, values: Mapping[str, Any]) -> list[Score]:
    """A judge's scores of one pitch, criterion by criterion on the event's rubric scale.

    The judge scores as themself; the organiser may enter a judge's paper sheet. Only while open.
    """
    event = judge.event
    if judge.user_id != getattr(actor, "pk", None) or not policy.can(actor, "toolkit.work", judge):
        _organiser(actor, event)
    if pitch.event_id != event.pk:
        raise ValidationError({"pitch": _("This pitch is not on this event's programme.")})
    if event.status != PitchEvent.Status.OPEN:
        raise ValidationError({"pitch": _("Scoring is closed for this event.")})
    book = selectors.event_rubric(event)
    unknown = [code for code in values if book.criterion(str(code)) is None]
    if unknown:
        raise ValidationError({str(unknown[0]): _("No such criterion in this event's rubric.")})
    clean: dict[str, float] = {}
    errors: dict[str, list[str]] = {}
    for criterion in book.criteria:
        value = values.get(criterion.code)
        if value in (None, ""):
            continue
        try:
            number = float(str(value).replace(",", "."))
        except ValueError:
            number = math.nan
        if not math.isfinite(number) or not book.scale_min <= number <= book.scale_max:
            errors[criterion.code] = [_("Score %(min)s to %(max)s.") % {"min": f"{book.scale_min:g}",
                                                                       "max": f"{book.scale_max:g}"}]
            continue
        clean[criterion.code] = number
    if errors:
        raise ValidationError(errors)
    if not clean:
        raise ValidationError({book.criteria[0].code: _("Give at least one score.")})
    with transaction.atomic():
        saved = []
        for code, number in clean.items():
            score, _created = Score.objects.update_or_create(
                pitch=pitch, judge=judge, criterion=code, defaults={"value": number, "entered_by": actor})
            saved.append(score)
        audit_record(actor=actor, action="score", obj=pitch, changes={
            "judge": judge.pk, "scores": clean, "on_behalf": judge.user_id != actor.pk})
    return saved


def event_status(*, actor, event: PitchEvent, status: str) -> PitchEvent:
    """Close scoring, or reopen it before the results are published."""
    _organiser(actor, event)
    if status not in (PitchEvent.Status.OPEN, PitchEvent.Status.CLOSED):
        raise ValidationError({"status": _("Open or close scoring; publishing has its own step.")})
    if event.status == PitchEvent.Status.PUBLISHED:
        raise ValidationError({"status": _("The results are published: the event is final.")})
    with transaction.atomic():
        before, event.status = event.status, status
        event.save(update_fields=["status", "updated_at"])
        audit_record(actor=actor, action="update", obj=event, changes={"status": [before, status]})
    return event


def event_publish(*, actor, event: PitchEvent, winners: int | None = None) -> PitchEvent:
    """Compute the fair results from the complete scores and publish them: the event keeps the whole
    result, each pitch its rank, interval and normalised score; the top `winners` ranks win."""
    _organiser(actor, event)
    if event.status == PitchEvent.Status.PUBLISHED:
        raise ValidationError({"status": _("The results are already published.")})
    try:
        winners = event.winners if winners in (None, "") else int(winners)
    except (TypeError, ValueError):
        raise ValidationError({"winners": _("Enter a whole number.")}) from None
    if winners < 1:
        raise ValidationError({"winners": _("At least one winner.")})
    _rows, partial = selectors.complete_rows(event)
    try:
        result = selectors.analyse(event)
    except ValueError as error:
        raise ValidationError({"status": str(error)}) from None
    data = result.to_dict() | {"partial_cells": [list(p) for p in partial]}
    by_pitch = {item.pitch: item for item in result.ranking}
    with transaction.atomic():
        for pitch in Pitch.objects.select_for_update(of=("self",)).filter(event=event):
            item = by_pitch.get(str(pitch.pk))
            pitch.score = item.score if item else None
            pitch.raw_mean = item.raw_mean if item else None
            pitch.rank = item.rank if item else None
            pitch.rank_low, pitch.rank_high = (item.rank_low, item.rank_high) if item else (None, None)
            pitch.winner = bool(item and item.rank <= winners)
            pitch.save()
        event.results, event.winners, event.status = data, winners, PitchEvent.Status.PUBLISHED
        event.published_at = timezone.now()
        event.save()
        audit_record(actor=actor, action="publish", obj=event, changes={
            "winners": winners, "ranking": [[i["pitch"], i["rank"]] for i in data["ranking"]],
            "icc": data["icc"], "alpha": data["alpha"], "flagged_judges": data["flagged_judges"]})
    return event


# ---- the winner's plan -----------------------------------------------------------------------------

def _milestone(enrolment: Enrolment, milestone) -> Milestone | None:
    if milestone in (None, ""):
        return None
    if not isinstance(milestone, Milestone):
        milestone = Milestone.objects.filter(pk=milestone).first() if str(milestone).isdigit() else None
    if milestone is None or milestone.enrolment_id != enrolment.pk:
        raise ValidationError({"milestone": _("Choose a milestone of this enrolment.")})
    return milestone


def plan_step_save(*, actor, pitch: Pitch, title: str, due_on, milestone=None, done_on=None,
                   step: PlanStep | None = None) -> PlanStep:
    """A step of a winning idea's plan, dated and tied to one of the enrolment's milestones."""
    enrolment = pitch.enrolment
    _workable(actor, enrolment)
    if not pitch.winner:
        raise ValidationError({"pitch": _("Only a winning idea gets a plan here.")})
    if step is not None and step.pitch_id != pitch.pk:
        raise ValidationError({"step": _("This belongs to another enrolment.")})
    title = _text(title, "title", 255, message=_("Describe the step."))
    due = _date(due_on, "due_on")
    done = _date(done_on, "done_on", required=False)
    linked = _milestone(enrolment, milestone)
    with transaction.atomic():
        created = step is None
        if created:
            order = (PlanStep.objects.filter(pitch=pitch).aggregate(n=Max("order"))["n"] or 0) + 1
            step = PlanStep(enrolment=enrolment, pitch=pitch, order=order, created_by=actor)
        step.title, step.due_on, step.done_on, step.milestone = title, due, done, linked
        step.save()
        audit_record(actor=actor, action="create" if created else "update", obj=step, changes={
            "title": title, "due_on": due.isoformat(), "done_on": done.isoformat() if done else None,
            "milestone": linked.pk if linked else None})
    return step


def plan_step_delete(*, actor, step: PlanStep) -> None:
    _workable(actor, step.enrolment)
    with transaction.atomic():
        audit_record(actor=actor, action="delete", obj=step, changes={"title": step.title})
        step.delete()

