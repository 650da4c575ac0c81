"""Rounds as screening sets them up: a round with the seven activities, and its impact weights."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from uplift.access import policy
from uplift.audit.actions import audit_record
from uplift.programme.models import Activity, Round, RoundActivity
from uplift.screening.core import ImpactWeights
from uplift.screening.models import RoundWeights

DEFAULT_PLACES = {1: 200, 2: 300, 3: 100, 4: 250, 5: 200, 6: 150, 7: 150}
DEFAULT_COST = {1: 25_000, 2: 15_000, 3: 20_000, 4: 30_000, 5: 35_000, 6: 25_000, 7: 20_000}
WEIGHT_NAMES = ("sales_drop", "tourist_share", "exposure", "vulnerability", "foreign_weight")
ROUND_FIELDS = {"name", "starts_on", "ends_on", "budget", "target_entrepreneurs", "target_value",
                "max_activities_per_entrepreneur"}


def clean_weights(data: dict) -> dict[str, float]:
    unknown = set(data) - set(WEIGHT_NAMES)
    if unknown:
        raise ValidationError({"weights": _("Unknown weights: %(names)s.") % {"names": ", ".join(sorted(unknown))}})
    out = {}
    for name, value in data.items():
        try:
            out[name] = float(value)
        except (TypeError, ValueError):
            raise ValidationError({"weights": _("Weight %(name)s must be a number.") % {"name": name}}) from None
    return out


def check_impact_weights(values: dict[str, float]) -> ImpactWeights:
    try:
        return ImpactWeights(**values)
    except ValueError as error:
        raise ValidationError({"weights": str(error)}) from None


def round_create(*, actor, data: dict, activities: dict[int, dict] | None = None) -> Round:
    """A round with all seven activities (places and cost per place from `activities` or defaults)."""
    policy.require(actor, "round.manage")
    activities = activities or {}
    known = dict(policy.visible(actor, Activity).values_list("number", "pk"))
    if not known:
        raise ValidationError({"activities": _("No activities loaded: run `uplift load-reference` first.")})
    unknown = set(activities) - set(known)
    if unknown:
        raise ValidationError({"activities": _("Unknown activity numbers: %(numbers)s.") % {
            "numbers": ", ".join(map(str, sorted(unknown)))}})
    unknown_fields = set(data) - ROUND_FIELDS
    if unknown_fields:
        raise ValidationError({name: _("Unknown field.") for name in sorted(unknown_fields)})
    with transaction.atomic():
        round_ = Round(**data)
        round_.full_clean()
        round_.save()
        for number, activity_pk in sorted(known.items()):
            given = activities.get(number, {})
            row = RoundActivity(round=round_, activity_id=activity_pk,
                                places=given.get("places", DEFAULT_PLACES.get(number, 100)),
                                cost_per_place=given.get("cost_per_place", DEFAULT_COST.get(number, 20_000)))
            row.full_clean(exclude=["round"])
            row.save()
        RoundWeights.objects.create(round=round_)
        audit_record(actor=actor, action="create", obj=round_, changes={"name": round_.name})
    return round_


def round_weights_update(*, actor, round_id: int, data: dict) -> RoundWeights:
    policy.require(actor, "round.manage")
    round_ = policy.get_visible(actor, Round, round_id)
    values = clean_weights(data)
    with transaction.atomic():
        weights = RoundWeights.objects.select_for_update().filter(round=round_).first() or RoundWeights(round=round_)
        values = weights.as_dict() | values
        check_impact_weights(values)
        for name, value in values.items():
            setattr(weights, name, value)
        weights.full_clean(exclude=["round"])
        weights.save()
        audit_record(actor=actor, action="update", obj=weights, changes=values)
    return weights
