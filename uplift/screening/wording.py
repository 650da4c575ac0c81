"""Screening in the programme's words: rules, weights, quotas and a run's result as sentences.

Pure functions (no database): whatever names a sentence needs (standards, provinces, centres,
kinds, categories) come in ``names``, a mapping ``{"standards": {code: name}, ...}`` built once
by the caller (``rules.rule_names()``). Officers read "ยังไม่ได้รับมาตรฐานผลิตภัณฑ์ชุมชน (มผช.)",
not ``holds_standard:TCPS eq False``.
"""

from __future__ import annotations

import math

from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

BE_OFFSET = 543
PROVEN_GAP = 1e-6

SUBJECTS = {
    "max_star_rating": gettext_lazy("the highest OTOP star rating of its products"),
    "online_share": gettext_lazy("the share of its 2019 sales made online"),
    "tourist_share": gettext_lazy("the share of its 2019 sales bought by tourists"),
    "foreign_tourist_share": gettext_lazy("the share of its 2019 sales bought by foreign tourists"),
    "members": gettext_lazy("the number of members"),
    "employees": gettext_lazy("the number of employees"),
    "otop_year": gettext_lazy("the year it registered as OTOP"),
}

WEIGHT_LABELS = {
    "sales_drop": gettext_lazy("the sales drop"),
    "tourist_share": gettext_lazy("the tourist share of sales"),
    "exposure": gettext_lazy("the province's tourism exposure"),
    "vulnerability": gettext_lazy("size and vulnerability"),
}


def _thai() -> bool:
    return (get_language() or "th").split("-")[0] == "th"


def _number(value) -> str:
    value = float(value)
    return f"{int(value):,}" if value == int(value) else f"{value:,.2f}".rstrip("0").rstrip(".")


def _value(field: str, value) -> str:
    if field == "max_star_rating":
        return _("%(n)s stars") % {"n": _number(value)}
    if field.endswith("_share"):
        return f"{_number(float(value) * 100)}%"
    if field in ("members", "employees"):
        return _("%(n)s people") % {"n": _number(value)}
    if field == "otop_year":
        year = int(value)
        return _("year %(year)s") % {"year": year + BE_OFFSET if _thai() else year}
    return _number(value)


def _comparison(op: str, subject, field: str, value) -> str:
    if op == "between":
        return _("%(subject)s is from %(low)s to %(high)s") % {
            "subject": subject, "low": _value(field, value[0]), "high": _value(field, value[1])}
    template = {
        "eq": _("%(subject)s is %(value)s"), "ne": _("%(subject)s is not %(value)s"),
        "lt": _("%(subject)s is below %(value)s"), "lte": _("%(subject)s is at most %(value)s"),
        "gt": _("%(subject)s is above %(value)s"), "gte": _("%(subject)s is at least %(value)s"),
    }[op]
    return template % {"subject": subject, "value": _value(field, value)}


def _either(labels: list[str]) -> str:
    if len(labels) <= 1:
        return "".join(labels)
    return ", ".join(labels[:-1]) + " " + _("or") + " " + labels[-1]


def _choice(base: str, op: str, value, names: dict) -> str:
    values = value if isinstance(value, list) else [value]
    key = {"kind": "kinds", "category": "categories", "province": "provinces", "centre": "centres"}[base]
    labels = [str(names.get(key, {}).get(str(v), v)) for v in values]
    positive = op in ("eq", "in")
    template = {
        ("kind", True): _("is a %(values)s"), ("kind", False): _("is not a %(values)s"),
        ("category", True): _("has a product in %(values)s"), ("category", False): _("has no product in %(values)s"),
        ("province", True): _("is in the province of %(values)s"),
        ("province", False): _("is outside the province of %(values)s"),
        ("centre", True): _("is in the area of %(values)s"), ("centre", False): _("is outside the area of %(values)s"),
    }[(base, positive)]
    return template % {"values": _either(labels)}


def rule_sentence(rule: dict, names: dict | None = None) -> str:
    """One eligibility rule as a sentence about the entrepreneur ("has a successor aged 18–45 …")."""
    names = names or {}
    field, op, value = str(rule["field"]), rule["op"], rule["value"]
    base, _sep, param = field.partition(":")
    if base == "has_successor_aged_18_45":
        yes = bool(value) if op == "eq" else not bool(value)
        return (_("has a successor aged 18–45 when the round starts") if yes
                else _("has no successor aged 18–45 when the round starts"))
    if base == "holds_standard":
        standard = names.get("standards", {}).get(param, param)
        yes = bool(value) if op == "eq" else not bool(value)
        return (_("holds %(standard)s") if yes else _("does not hold %(standard)s yet")) % {"standard": standard}
    if base in ("kind", "category", "province", "centre"):
        return _choice(base, op, value, names)
    if base in SUBJECTS:
        return _comparison(op, SUBJECTS[base], base, value)
    return f"{field} {op} {value}"


def weights_sentences(weights: dict) -> list[str]:
    """What the impact score counts, each part as its share of the score, and the foreign-tourist weight."""
    parts = {name: float(weights.get(name, 0)) for name in WEIGHT_LABELS}
    total = sum(parts.values()) or 1.0
    out = [_("%(part)s counts for %(share)s%% of the impact score") % {
        "part": WEIGHT_LABELS[name], "share": _number(round(100 * w / total, 1))} for name, w in parts.items()]
    if "foreign_weight" in weights:
        out.append(_("a foreign tourist counts %(times)s times a Thai tourist") % {
            "times": _number(weights["foreign_weight"])})
    return out


def quota_sentence(level: str, key: str, bounds: dict, names: dict | None = None) -> str:
    names = names or {}
    if level == "centre":
        area = names.get("centres", {}).get(str(key), _("regional centre %(n)s") % {"n": key})
    else:
        area = _("province %(name)s") % {"name": names.get("provinces", {}).get(str(key), key)}
    low, high = bounds.get("min") or 0, bounds.get("max")
    if high is None:
        return _("%(area)s: at least %(min)s entrepreneurs") % {"area": area, "min": f"{low:,}"}
    return _("%(area)s: at least %(min)s and at most %(max)s entrepreneurs") % {
        "area": area, "min": f"{low:,}", "max": f"{high:,}"}


def result_quality(*, objective, gap, method: str, status: str) -> str:
    """How good the selection is, in words: proven best, within x% of the best possible, or unproven."""
    if objective is None:
        if status == "infeasible":
            return _("No selection can meet all of these rules together.")
        return _("No selection was found within the time limit.")
    if method == "greedy" or gap is None:
        return _("A good selection, but how close it is to the best possible is not proven.")
    if gap <= PROVEN_GAP:
        return _("The best possible (proven)")
    percent = math.ceil(max(gap, 0.0) * 100 * 100) / 100
    return _("Within %(gap)s%% of the best possible") % {"gap": _number(percent)}
