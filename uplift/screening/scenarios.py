"""Scenarios: one way to select for a round (weights, budget, places, quotas), written and frozen.

``scenario_config`` is what a run solves: everything copied at the start, so later edits of the
round or the scenario never reach a run.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from uplift.access import policy
from uplift.audit.actions import audit_record
from uplift.geo.models import Province, RegionalCentre
from uplift.programme.models import Round
from uplift.screening.candidates import excluded_ids
from uplift.screening.models import Scenario
from uplift.screening.rounds import check_impact_weights, clean_weights
from uplift.screening.selectors import round_weights_of

SCENARIO_FIELDS = ("name", "weights", "budget", "max_per_entrepreneur", "min_selected", "places",
                   "quota_level", "quotas", "time_limit")


def _clean_places(round_: Round, given: dict) -> dict[str, int]:
    numbers = set(round_.activities.values_list("activity__number", flat=True))
    places = {}
    for key, value in (given or {}).items():
        if not str(key).isdigit() or int(key) not in numbers:
            raise ValidationError({"places": _("Activity %(key)s is not in this round.") % {"key": key}})
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise ValidationError({"places": _("Places of activity %(key)s must be a whole number ≥ 0.") % {"key": key}})
        places[str(int(key))] = value
    return places


def _clean_quotas(level: str, quotas: dict) -> dict[str, dict]:
    if level not in Scenario.QuotaLevel.values:
        raise ValidationError({"quota_level": _("Unknown quota level %(level)s.") % {"level": level}})
    if quotas and level == Scenario.QuotaLevel.NONE:
        raise ValidationError({"quotas": _("Choose whether the quotas are per regional centre or per province.")})
    valid = ({str(n) for n in RegionalCentre.objects.values_list("number", flat=True)} if level == "centre"
             else set(Province.objects.values_list("code", flat=True)))
    clean = {}
    for key, bounds in quotas.items():
        if str(key) not in valid:
            raise ValidationError({"quotas": _("%(key)s is not a %(level)s.") % {"key": key, "level": level}})
        if not isinstance(bounds, dict) or set(bounds) - {"min", "max"}:
            raise ValidationError({"quotas": _("The quota of %(key)s is {\"min\": …, \"max\": …}.") % {"key": key}})
        low, high = bounds.get("min") or 0, bounds.get("max")
        if not isinstance(low, int) or low < 0 or (high is not None and (not isinstance(high, int) or high < low)):
            raise ValidationError({"quotas": _("The quota of %(key)s needs 0 ≤ min ≤ max.") % {"key": key}})
        clean[str(key)] = {"min": low, "max": high}
    return clean


def _clean_scenario(round_: Round, data: dict) -> dict:
    unknown = set(data) - set(SCENARIO_FIELDS)
    if unknown:
        raise ValidationError({name: _("Unknown field.") for name in sorted(unknown)})
    out = dict(data)
    if "weights" in out:
        out["weights"] = clean_weights(out["weights"] or {})
        check_impact_weights(round_weights_of(round_).as_dict() | out["weights"])
    if out.get("budget") not in (None, ""):
        try:
            out["budget"] = Decimal(str(out["budget"]))
        except InvalidOperation:
            raise ValidationError({"budget": _("The budget must be a number.")}) from None
    else:
        out["budget"] = None
    out["places"] = _clean_places(round_, out.get("places"))
    level = out.get("quota_level", Scenario.QuotaLevel.NONE)
    out["quotas"] = _clean_quotas(level, out.get("quotas") or {})
    return out


def scenario_create(*, actor, round_id: int, data: dict) -> Scenario:
    policy.require(actor, "scenario.manage")
    round_ = policy.get_visible(actor, Round, round_id)
    clean = _clean_scenario(round_, {"min_selected": 0, **data})
    with transaction.atomic():
        scenario = Scenario(round=round_, created_by=actor, **clean)
        scenario.full_clean(exclude=["round", "created_by", "approved_by"])
        scenario.save()
        audit_record(actor=actor, action="create", obj=scenario, changes={"name": scenario.name})
    return scenario


def scenario_update(*, actor, scenario_id: int, data: dict) -> Scenario:
    policy.require(actor, "scenario.manage")
    scenario = policy.get_visible(actor, Scenario, scenario_id, related=("round",))
    policy.require(actor, "scenario.manage", scenario)
    if scenario.approved_at:
        raise ValidationError({"scenario": _("An approved scenario cannot change.")})
    clean = _clean_scenario(scenario.round, data)
    with transaction.atomic():
        for name, value in clean.items():
            setattr(scenario, name, value)
        scenario.full_clean(exclude=["round", "created_by", "approved_by"])
        scenario.save()
        audit_record(actor=actor, action="update", obj=scenario, changes={k: str(v) for k, v in clean.items()})
    return scenario


def scenario_config(scenario: Scenario) -> dict:
    """Everything a run needs, frozen: later edits of the round or scenario never reach it."""
    round_ = scenario.round
    activities = []
    for ra in round_.activities.select_related("activity").prefetch_related("rules"):
        number = ra.activity.number
        activities.append({
            "number": number, "code": ra.activity.code, "name_th": ra.activity.name_th, "name_en": ra.activity.name_en,
            "round_activity": ra.pk, "places": int(scenario.places.get(str(number), ra.places)),
            "cost": float(ra.cost_per_place), "rules": [r.as_dict() for r in ra.rules.all()],
        })
    weights = round_weights_of(round_).as_dict() | (scenario.weights or {})
    return {
        "activities": activities, "weights": weights,
        "budget": float(scenario.budget if scenario.budget is not None else round_.budget),
        "max_per_entrepreneur": int(scenario.max_per_entrepreneur or round_.max_activities_per_entrepreneur),
        "min_selected": int(scenario.min_selected), "quota_level": scenario.quota_level,
        "quotas": scenario.quotas, "time_limit": int(scenario.time_limit),
        "reference_year": round_.starts_on.year,
        "excluded": excluded_ids(round_),
    }
