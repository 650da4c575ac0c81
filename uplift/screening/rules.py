"""Eligibility rules as data: `{"field", "op", "value"}` over a whitelist of derived attributes,
and the two writes on them (``rule_create``, ``rule_delete``).

A rule is checked against the whitelist before it is stored — an unknown field, an operator
the field does not take, or a value it can never have (7 stars, a share of 1.5, a standard
code not in the catalogue, "between 5 and 3") is refused with a message naming it. Rules are
evaluated vectorised over a `Cohort` (see `cohort`), so one code path serves the preview
counts, the runs and the explanations. People read them as sentences (``describe``).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from uplift.access import policy
from uplift.audit.actions import audit_record
from uplift.programme.models import RoundActivity
from uplift.screening.models import EligibilityRule
from uplift.screening.wording import rule_sentence

NUMERIC_OPS = ("eq", "ne", "lt", "lte", "gt", "gte", "between")
CHOICE_OPS = ("eq", "ne", "in", "not_in")
BOOL_OPS = ("eq",)
OP_LABELS = {
    "eq": gettext_lazy("is"), "ne": gettext_lazy("is not"), "lt": gettext_lazy("is below"),
    "lte": gettext_lazy("is at most"), "gt": gettext_lazy("is above"), "gte": gettext_lazy("is at least"),
    "between": gettext_lazy("is from … to …"), "in": gettext_lazy("is one of"), "not_in": gettext_lazy("is none of"),
}


@dataclass(frozen=True)
class FieldSpec:
    kind: str  # int, share, bool, choice
    label: object
    low: float | None = None
    high: float | None = None
    choices: str = ""  # the context key of the allowed values


FIELDS: dict[str, FieldSpec] = {
    "max_star_rating": FieldSpec("int", gettext_lazy("highest OPC star rating of a product (0 = unrated)"), 0, 5),
    "has_successor_aged_18_45": FieldSpec("bool", gettext_lazy("has a successor aged 18–45 at the round's start")),
    "holds_standard": FieldSpec("bool", gettext_lazy("holds a standard")),
    "online_share": FieldSpec("share", gettext_lazy("share of 2019 sales made online"), 0, 1),
    "tourist_share": FieldSpec("share", gettext_lazy("share of 2019 sales bought by tourists"), 0, 1),
    "foreign_tourist_share": FieldSpec("share", gettext_lazy("share of 2019 sales bought by foreign tourists"), 0, 1),
    "members": FieldSpec("int", gettext_lazy("members"), 0, None),
    "employees": FieldSpec("int", gettext_lazy("employees"), 0, None),
    "otop_year": FieldSpec("int", gettext_lazy("OTOP registration year (CE)"), 2001, 2100),
    "kind": FieldSpec("choice", gettext_lazy("kind of entrepreneur"), choices="kinds"),
    "category": FieldSpec("choice", gettext_lazy("has a product in the category"), choices="categories"),
    "province": FieldSpec("choice", gettext_lazy("province (DOPA code)"), choices="provinces"),
    "centre": FieldSpec("choice", gettext_lazy("regional centre number"), choices="centres"),
}


def rule_context() -> dict[str, set]:
    from uplift.geo.models import Province, RegionalCentre
    from uplift.registry.models import Entrepreneur, Product, Standard

    return {
        "kinds": set(Entrepreneur.Kind.values), "categories": set(Product.Category.values),
        "provinces": set(Province.objects.values_list("code", flat=True)),
        "centres": {str(n) for n in RegionalCentre.objects.values_list("number", flat=True)},
        "standards": set(Standard.objects.values_list("code", flat=True)),
    }


def split_field(field: str) -> tuple[str, str]:
    base, _sep, param = str(field).partition(":")
    return base, param


def _number(field: str, spec: FieldSpec, value) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ValidationError({"value": _("%(field)s needs a number, not %(value)r.") % {"field": field, "value": value}})
    if spec.kind == "int" and value != int(value):
        raise ValidationError({"value": _("%(field)s takes whole numbers, not %(value)s.") % {"field": field, "value": value}})
    if (spec.low is not None and value < spec.low) or (spec.high is not None and value > spec.high):
        bounds = f"{spec.low if spec.low is not None else '−∞'}–{spec.high if spec.high is not None else '∞'}"
        raise ValidationError({"value": _("%(value)s is impossible for %(field)s, which lies in %(bounds)s.") % {
            "value": value, "field": field, "bounds": bounds}})
    return value


def validate_rule(rule: dict, context: dict[str, set] | None = None) -> dict:
    """The rule, normalised, or a ValidationError naming the field, operator or value at fault."""
    if not isinstance(rule, dict) or set(rule) - {"field", "op", "value"} or "field" not in rule or "op" not in rule:
        raise ValidationError({"field": _("A rule is {\"field\", \"op\", \"value\"}.")})
    context = context if context is not None else rule_context()
    field, op, value = str(rule["field"]).strip(), str(rule["op"]).strip(), rule.get("value")
    base, param = split_field(field)
    spec = FIELDS.get(base)
    if spec is None:
        raise ValidationError({"field": _("Unknown field %(field)s; the fields are %(known)s.") % {
            "field": field, "known": ", ".join(f + (":CODE" if f == "holds_standard" else "") for f in FIELDS)}})
    if base == "holds_standard":
        if param not in context["standards"]:
            raise ValidationError({"field": _("Unknown standard %(code)s in %(field)s.") % {"code": param or "—", "field": field}})
    elif param:
        raise ValidationError({"field": _("Unknown field %(field)s; only holds_standard takes a code.") % {"field": field}})
    ops = {"int": NUMERIC_OPS, "share": NUMERIC_OPS, "bool": BOOL_OPS, "choice": CHOICE_OPS}[spec.kind]
    if op not in ops:
        raise ValidationError({"op": _("Operator %(op)s does not apply to %(field)s; use one of %(ops)s.") % {
            "op": op, "field": field, "ops": ", ".join(ops)}})
    if spec.kind == "bool":
        if not isinstance(value, bool):
            raise ValidationError({"value": _("%(field)s is true or false, not %(value)r.") % {"field": field, "value": value}})
    elif spec.kind in ("int", "share"):
        if op == "between":
            if not isinstance(value, (list, tuple)) or len(value) != 2:
                raise ValidationError({"value": _("between needs two numbers [low, high] for %(field)s.") % {"field": field}})
            low, high = (_number(field, spec, v) for v in value)
            if low > high:
                raise ValidationError({"value": _("Impossible range for %(field)s: %(low)s is above %(high)s.") % {
                    "field": field, "low": low, "high": high}})
            value = [low, high]
        else:
            value = _number(field, spec, value)
    else:
        allowed = context[spec.choices]
        values = value if op in ("in", "not_in") else [value]
        if not isinstance(values, (list, tuple)) or not values:
            raise ValidationError({"value": _("%(op)s needs a list of values for %(field)s.") % {"op": op, "field": field}})
        values = [str(v) for v in values]
        unknown = [v for v in values if v not in allowed]
        if unknown:
            raise ValidationError({"value": _("%(value)s is not a possible %(field)s.") % {
                "value": ", ".join(unknown), "field": field}})
        value = values if op in ("in", "not_in") else values[0]
    return {"field": field, "op": op, "value": value}


def rule_names() -> dict[str, dict[str, str]]:
    """The names a rule sentence needs: standards, kinds, categories, provinces, centres."""
    from uplift.geo.models import Province, RegionalCentre
    from uplift.registry.models import Entrepreneur, Product, Standard

    return {
        "standards": dict(Standard.objects.values_list("code", "name_th")),
        "kinds": {k: str(v) for k, v in Entrepreneur.Kind.choices},
        "categories": {k: str(v) for k, v in Product.Category.choices},
        "provinces": dict(Province.objects.values_list("code", "name_th")),
        "centres": {str(n): name for n, name in RegionalCentre.objects.values_list("number", "name_th")},
    }


def describe(rule: dict, names: dict | None = None) -> str:
    """The rule as a sentence about the entrepreneur (see ``wording.rule_sentence``)."""
    return rule_sentence(rule, names if names is not None else rule_names())


def evaluate(rule: dict, cohort) -> np.ndarray:
    """Boolean mask over the cohort: who meets the (validated) rule."""
    base, param = split_field(rule["field"])
    op, value = rule["op"], rule["value"]
    if base == "holds_standard":
        column = cohort.holds_standard(param)
    elif base == "category":
        values = value if isinstance(value, list) else [value]
        has_any = np.zeros(cohort.n, dtype=bool)
        for category in values:
            has_any |= cohort.has_category(category)
        return has_any if op in ("eq", "in") else ~has_any
    else:
        column = cohort.attribute(base)
    if op == "eq":
        return column == value if FIELDS[base].kind != "choice" else column.astype(str) == str(value)
    if op == "ne":
        return column.astype(str) != str(value) if FIELDS[base].kind == "choice" else column != value
    if op == "in":
        return np.isin(column.astype(str), value)
    if op == "not_in":
        return ~np.isin(column.astype(str), value)
    if op == "between":
        return (column >= value[0]) & (column <= value[1])
    return {"lt": np.less, "lte": np.less_equal, "gt": np.greater, "gte": np.greater_equal}[op](column, value)


def eligible_mask(rules: list[dict], cohort) -> np.ndarray:
    mask = np.ones(cohort.n, dtype=bool)
    for rule in rules:
        mask &= evaluate(rule, cohort)
    return mask


# ---- writes -----------------------------------------------------------------------------------

def rule_create(*, actor, round_activity_id: int, rule: dict) -> EligibilityRule:
    policy.require(actor, "round.manage")
    round_activity = policy.get_visible(actor, RoundActivity, round_activity_id)
    policy.require(actor, "round.manage", round_activity)
    clean = validate_rule(rule)
    with transaction.atomic():
        stored = EligibilityRule.objects.create(round_activity=round_activity, **clean)
        audit_record(actor=actor, action="create", obj=stored, changes=clean)
    return stored


def rule_delete(*, actor, rule_id: int) -> None:
    policy.require(actor, "round.manage")
    rule = policy.get_visible(actor, EligibilityRule, rule_id)
    policy.require(actor, "round.manage", rule)
    with transaction.atomic():
        audit_record(actor=actor, action="delete", obj=rule, changes=rule.as_dict())
        rule.delete()
