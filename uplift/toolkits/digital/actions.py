"""Every write of the digital toolkit: checked by the access policy, validated by `core/` with Thai
messages keyed by field, written and audited in one transaction.

The owner may answer their own assessment and check their own product photos ("toolkit.own");
the rest is the consultant's or officer's ("toolkit.work"). An assessment reaches outcomes only when
a consultant sends it: one `digital_maturity` observation (T0 as the baseline, T1 as a follow-up
wave) with `origin="digital.Assessment:<pk>"`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from uplift.access import policy
from uplift.audit.actions import audit_record
from uplift.outcomes.actions import ObservationIn, observations_save
from uplift.outcomes.models import Observation, Wave
from uplift.programme.models import Enrolment, Milestone
from uplift.registry.models import Product
from uplift.toolkits.digital import selectors
from uplift.toolkits.digital.core import maturity, roadmap
from uplift.toolkits.digital.core.presentation import check_presentation
from uplift.toolkits.digital.models import Assessment, PresentationCheck, Respondent, Roadmap, RoadmapItem
from uplift.web.templatetags.thai import is_thai

ACTIVITY = selectors.ACTIVITY
INDICATOR = "digital_maturity"
MAX_PHOTO_BYTES = 10 * 1024 * 1024
PHOTO_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}  # stored under the format Pillow read, not the name given
FOLLOW_UP_WAVES = (Wave.END, Wave.M3, Wave.M6, Wave.M12)


def _workable(actor, enrolment: Enrolment, verb: str = "toolkit.work") -> None:
    policy.require(actor, verb, enrolment)
    if enrolment.round_activity.activity.code != ACTIVITY:
        raise ValidationError({"enrolment": _("This enrolment is not in the OTOP to Digital 4.0 activity.")})
    if enrolment.status not in selectors.WORKING_STATUSES:
        raise ValidationError({"enrolment": _("The entrepreneur has not taken up this activity yet.")})


def _reason(error) -> str:
    return error.reason_th if is_thai() else error.reason_en


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


# ---- the assessment ----------------------------------------------------------------------------

def clean_answers(answers: Mapping[str, Any]) -> dict[str, Any]:
    """Answers as the core reads them: multiple choice as a list, the rest as one code; blanks dropped."""
    q = selectors.questionnaire()
    out: dict[str, Any] = {}
    for key, value in (answers or {}).items():
        question = q.question(str(key))
        if question is not None and question.kind == "multiple":
            values = [value] if isinstance(value, str) else list(value or [])
            values = [str(v) for v in values if str(v).strip()]
            if values:
                out[str(key)] = values
        elif value not in (None, "", []):
            out[str(key)] = value if isinstance(value, list) else str(value)
    return out


def _validated_answers(answers: Mapping[str, Any]) -> dict[str, Any]:
    cleaned = clean_answers(answers)
    errors: dict[str, list[str]] = {}
    for error in maturity.validate_answers(selectors.questionnaire(), cleaned):
        errors.setdefault(error.question_id, []).append(_reason(error))
    if errors:
        raise ValidationError(errors)
    return cleaned


def combined(assessment: Assessment) -> maturity.CombinedScore | None:
    """The assessment's score from all its respondents (question scores included)."""
    people = [maturity.Respondent(r.role, r.answers, r.name) for r in assessment.respondents.order_by("id")]
    return maturity.combine_respondents(selectors.questionnaire(), people) if people else None


def _recombine(assessment: Assessment) -> None:
    result = combined(assessment)
    if result is None:
        assessment.dimensions, assessment.overall, assessment.band, assessment.spread = {}, None, "", {}
    else:
        q = selectors.questionnaire()
        assessment.dimensions = dict(result.score.dimensions)
        assessment.overall = result.score.overall
        assessment.band = maturity.band_for(q, min(max(result.score.overall, 0), 100)).code
        assessment.spread = {k: {"min": round(s.min, 2), "max": round(s.max, 2), "sd": round(s.sd, 2)}
                             for k, s in result.spread.items()}
    assessment.save()


def respondent_save(*, actor, enrolment: Enrolment, wave: str, role: str, name: str, answers: Mapping[str, Any],
                    respondent: Respondent | None = None) -> Respondent:
    """Add (or correct) one respondent's answers to the enrolment's T0 or T1 assessment.

    The assessment is opened by its first respondent; its combined score is recomputed each time.
    """
    _workable(actor, enrolment, "toolkit.own")
    q = selectors.questionnaire()
    if respondent is not None:
        if respondent.assessment.enrolment_id != enrolment.pk:
            raise ValidationError({"respondent": _("This belongs to another enrolment.")})
        wave = respondent.assessment.wave
    if wave not in Assessment.Wave.values:
        raise ValidationError({"wave": _("Choose T0 (before support) or T1 (after support).")})
    if q.role(role or "") is None:
        raise ValidationError({"role": _("Choose the respondent's role.")})
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": _("Enter the respondent's name.")})
    cleaned = _validated_answers(answers)
    score = maturity.score_answers(q, cleaned)
    with transaction.atomic():
        assessment, created = Assessment.objects.select_for_update(of=("self",)).get_or_create(
            enrolment=enrolment, wave=wave, defaults={"questionnaire": q.version, "created_by": actor})
        if created:
            audit_record(actor=actor, action="create", obj=assessment, changes={"wave": wave, "questionnaire": q.version})
        elif assessment.questionnaire != q.version:
            raise ValidationError({"wave": _("This assessment used another questionnaire version.")})
        is_new = respondent is None
        before = None if is_new else {"role": respondent.role, "name": respondent.name, "answers": respondent.answers}
        respondent = respondent or Respondent(assessment=assessment, created_by=actor)
        respondent.role, respondent.name, respondent.answers = role, name[:100], cleaned
        respondent.dimensions = dict(score.dimensions)
        respondent.overall = score.overall
        respondent.save()
        _recombine(assessment)
        audit_record(actor=actor, action="create" if is_new else "update", obj=respondent, changes={
            "before": before, "after": {"role": role, "name": respondent.name, "answers": cleaned},
            "overall": respondent.overall})
    return respondent


def respondent_delete(*, actor, respondent: Respondent) -> None:
    assessment = respondent.assessment
    _workable(actor, assessment.enrolment)
    with transaction.atomic():
        audit_record(actor=actor, action="delete", obj=respondent, changes={
            "role": respondent.role, "name": respondent.name, "answers": respondent.answers})
        respondent.delete()
        _recombine(assessment)


def assessment_record(*, actor, assessment: Assessment, wave: str | None = None) -> Observation:
    """Send the assessment's overall score to outcomes as a `digital_maturity` observation.

    T0 is the round's baseline; T1 a follow-up wave (the end of the round unless another is named).
    Sending again replaces the figure (unless the baseline was frozen).
    """
    enrolment = assessment.enrolment
    _workable(actor, enrolment)
    if assessment.overall is None:
        raise ValidationError({"assessment": _("No respondent has answered this assessment yet.")})
    if assessment.wave == Assessment.Wave.T0:
        if wave not in (None, "", Wave.BASELINE):
            raise ValidationError({"wave": _("The assessment before support is the baseline.")})
        wave = Wave.BASELINE
    else:
        wave = wave or Wave.END
        if wave not in FOLLOW_UP_WAVES:
            raise ValidationError({"wave": _("Choose a follow-up wave.")})
    value = Decimal(str(round(assessment.overall, 2)))
    item = ObservationIn(entrepreneur_id=enrolment.entrepreneur_id, round_id=enrolment.round_activity.round_id,
                         indicator=INDICATOR, wave=wave, value=value, source=Observation.Source.VERIFIED,
                         origin=assessment.origin, note=_("digital maturity (%(wave)s), %(n)s respondents") % {
                             "wave": assessment.get_wave_display(), "n": assessment.respondents.count()})
    with transaction.atomic():
        observation = observations_save(actor=actor, items=[item])[0]
        assessment.recorded_value, assessment.recorded_wave, assessment.recorded_at = value, wave, timezone.now()
        assessment.save(update_fields=["recorded_value", "recorded_wave", "recorded_at", "updated_at"])
        audit_record(actor=actor, action="record", obj=assessment, changes={
            "indicator": INDICATOR, "wave": wave, "value": str(value), "observation": observation.pk})
    return observation


# ---- the roadmap -------------------------------------------------------------------------------

def _milestone_for(due: date, milestones: list[Milestone]) -> Milestone | None:
    """The first milestone due on or after the item, else the last one: the step it serves."""
    return next((m for m in milestones if m.due_on >= due), milestones[-1] if milestones else None)


def roadmap_build(*, actor, enrolment: Enrolment, starts_on, days_per_week, target=None,
                  wave: str = Assessment.Wave.T0) -> Roadmap:
    """The dated plan from an assessment's gaps, each item tied to the enrolment's milestone it serves.

    Rebuilding keeps what was already done (and its note) for actions still in the plan.
    """
    _workable(actor, enrolment)
    starts_on = _date(starts_on, "starts_on")
    try:
        days = float(days_per_week)
    except (TypeError, ValueError):
        raise ValidationError({"days_per_week": _("Enter a number.")}) from None
    if not 0 < days <= 7:
        raise ValidationError({"days_per_week": _("Working days per week lie between 0 and 7.")})
    book = selectors.roadmap_data()
    try:
        goal = book.default_target if target in (None, "") else float(target)
    except (TypeError, ValueError):
        raise ValidationError({"target": _("Enter a number.")}) from None
    if not 0 < goal <= 100:
        raise ValidationError({"target": _("The target lies between 0 and 100.")})
    assessment = Assessment.objects.filter(enrolment=enrolment, wave=wave).first()
    result = combined(assessment) if assessment else None
    if result is None:
        raise ValidationError({"wave": _("Assess the business first: the plan follows the assessment's gaps.")})
    plan = roadmap.build_plan(book, result.score, start=starts_on, days_per_week=days, target=goal)
    milestones = list(Milestone.objects.filter(enrolment=enrolment).order_by("due_on", "template__order"))
    with transaction.atomic():
        existing = Roadmap.objects.select_for_update().filter(enrolment=enrolment).first()
        kept = {i.action: (i.done_on, i.note) for i in existing.items.all()} if existing else {}
        road = existing or Roadmap(enrolment=enrolment, created_by=actor)
        road.assessment, road.version, road.starts_on = assessment, book.version, starts_on
        road.days_per_week, road.target = days, goal
        road.save()
        road.items.all().delete()
        RoadmapItem.objects.bulk_create([RoadmapItem(
            roadmap=road, step=item.step, action=item.action.id, dimension=item.action.dimension,
            title_th=item.action.title_th, title_en=item.action.title_en, effort=item.action.effort, days=item.days,
            reasons=list(item.reasons), training_topic=item.action.training_topic, starts_on=item.start,
            due_on=item.due, milestone=_milestone_for(item.due, milestones), done_on=kept.get(item.action.id, (None, ""))[0],
            note=kept.get(item.action.id, (None, ""))[1], created_by=actor) for item in plan.items])
        audit_record(actor=actor, action="update" if existing else "create", obj=road, changes={
            "assessment": assessment.pk, "starts_on": starts_on.isoformat(), "days_per_week": days, "target": goal,
            "gaps": [g.rule_id for g in plan.gaps], "actions": [i.action.id for i in plan.items],
            "ends_on": plan.end.isoformat()})
    return road


UNSET = object()


def roadmap_item_update(*, actor, item: RoadmapItem, due_on=UNSET, done_on=UNSET, milestone=UNSET,
                        note=UNSET) -> RoadmapItem:
    """Move an item's due date, mark it done (or not), tie it to another milestone of the enrolment, note it."""
    enrolment = item.roadmap.enrolment
    _workable(actor, enrolment)
    changes: dict[str, Any] = {}
    if due_on is not UNSET:
        item.due_on = _date(due_on, "due_on")
        changes["due_on"] = item.due_on.isoformat()
    if done_on is not UNSET:
        item.done_on = _date(done_on, "done_on", required=False)
        changes["done_on"] = item.done_on.isoformat() if item.done_on else None
    if milestone is not UNSET:
        if milestone is not None and not isinstance(milestone, Milestone):
            milestone = Milestone.objects.filter(pk=milestone).first() if str(milestone).isdigit() else None
            if milestone is None:
                raise ValidationError({"milestone": _("Choose a milestone of this enrolment.")})
        if milestone is not None and milestone.enrolment_id != enrolment.pk:
            raise ValidationError({"milestone": _("Choose a milestone of this enrolment.")})
        item.milestone = milestone
        changes["milestone"] = milestone.pk if milestone else None
    if note is not UNSET:
        item.note = str(note or "").strip()[:255]
        changes["note"] = item.note
    with transaction.atomic():
        item.save()
        audit_record(actor=actor, action="update", obj=item, changes=changes)
    return item


# ---- presentation checks ------------------------------------------------------------------------

def _photo_bytes(upload) -> bytes | None:
    if not upload:
        return None
    if upload.size > MAX_PHOTO_BYTES:
        raise ValidationError({"photo": _("The photo is larger than 10 MB.")})
    upload.seek(0)
    data = upload.read()
    upload.seek(0)
    return data


def presentation_check_create(*, actor, enrolment: Enrolment, marketplaces: Iterable[str], photo=None,
                              title_th: str = "", title_en: str = "", description_th: str = "",
                              description_en: str = "", product: Product | None = None) -> PresentationCheck:
    """Check a product photo and its texts offline against the chosen marketplaces, and keep the result."""
    _workable(actor, enrolment, "toolkit.own")
    if product is not None and product.entrepreneur_id != enrolment.entrepreneur_id:
        raise ValidationError({"product": _("Choose a product of this entrepreneur.")})
    codes = [str(c) for c in marketplaces or ()]
    texts = {"title_th": (title_th or "").strip(), "title_en": (title_en or "").strip(),
             "description_th": (description_th or "").strip(), "description_en": (description_en or "").strip()}
    data = _photo_bytes(photo)
    if data is None and not any(texts.values()):
        raise ValidationError({"photo": _("Add a photo, a title or a description to check.")})
    try:
        result = check_presentation(codes, photo=data, **texts)
    except ValueError as error:
        raise ValidationError({"marketplaces": str(error)}) from None
    unreadable = [f for f in result.findings if f.rule == "photo_unreadable"]
    if unreadable:
        raise ValidationError({"photo": unreadable[0].message_th if is_thai() else unreadable[0].message_en})
    if result.photo is not None and result.photo.format not in PHOTO_FORMATS:
        raise ValidationError({"photo": _("Only JPEG, PNG or WebP photos.")})
    with transaction.atomic():
        check = PresentationCheck(enrolment=enrolment, product=product, marketplaces=list(result.marketplaces),
                                  result=result.to_dict(), passed=result.passed, created_by=actor, **texts)
        if data is not None:
            stem = photo.name.rsplit("/", 1)[-1].rsplit(".", 1)[0][:60] or "photo"
            check.photo.save(f"{stem}.{PHOTO_FORMATS[result.photo.format]}", photo, save=False)
        check.save()
        audit_record(actor=actor, action="create", obj=check, changes={
            "marketplaces": check.marketplaces, "passed": check.passed, "product": product.pk if product else None,
            "findings": [f.rule for f in result.findings]})
    return check


def presentation_check_delete(*, actor, check: PresentationCheck) -> None:
    _workable(actor, check.enrolment, "toolkit.own")
    with transaction.atomic():
        audit_record(actor=actor, action="delete", obj=check, changes={"marketplaces": check.marketplaces,
                                                                       "passed": check.passed})
        if check.photo:
            name = check.photo.name
            transaction.on_commit(lambda: check.photo.storage.delete(name))
        check.delete()
