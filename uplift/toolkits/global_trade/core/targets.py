"""Targets (Google Merchant Center, schema.org, marketplaces) and the rule engine that checks a listing
against one. Each target's rules and column map are versioned data in `data/targets/<code>.json`.

Rule kinds: required, max_length (characters), max_count (items in a list), allowed_values,
greater_than, pattern (regular expression), valid_gtin, min_image_size (width × height of every image
or the first), not_less_than_field (e.g. packed weight ≥ net weight), deepest_category (a leaf of the
marketplace's category tree when one is given, otherwise at least `limit` levels). A rule with
severity "error" keeps the listing out of the target's feed; "warning" is advice (a recommendation).
Blank values fail only `required`, so every other rule checks what is there.
"""

import re
from collections.abc import Callable, Collection
from dataclasses import dataclass
from decimal import Decimal
from functools import cache

from .columns import Column
from .gtin import is_valid_gtin
from .listing import Listing, ListingImage, field_value, is_blank
from .reference import DATA_DIR, load_json

CategoryTree = Collection[tuple[str, ...]]


@dataclass(frozen=True)
class Rule:
    code: str
    kind: str
    field: str
    attribute: str
    message_th: str
    message_en: str
    severity: str = "error"
    limit: object = None
    values: tuple[str, ...] = ()
    scope: str = "all"
    other: str = ""
    confirmed: bool = True
    note: str = ""


@dataclass(frozen=True)
class Target:
    code: str
    name_th: str
    name_en: str
    version: str
    source: str
    retrieved: str
    rules: tuple[Rule, ...]
    columns: tuple[Column, ...]
    types: dict[str, str]


@dataclass(frozen=True)
class Issue:
    rule: str
    field: str
    attribute: str
    severity: str
    message_th: str
    message_en: str
    limit: object
    actual: object
    confirmed: bool


@cache
def load_target(code: str) -> Target:
    raw = load_json(f"targets/{code}.json")
    unknown = sorted({r["kind"] for r in raw["rules"]} - CHECKS.keys())
    if unknown:
        raise ValueError(f"targets/{code}.json: unknown rule kinds {unknown}")
    return Target(
        code=raw["code"], name_th=raw["name_th"], name_en=raw["name_en"], version=raw["version"],
        source=raw["source"], retrieved=raw["retrieved"],
        rules=tuple(Rule(**{**r, "values": tuple(r.get("values", ()))}) for r in raw["rules"]),
        columns=tuple(Column(**c) for c in raw.get("columns", ())), types=raw.get("types", {}),
    )


def target_codes() -> tuple[str, ...]:
    return tuple(sorted(p.stem for p in (DATA_DIR / "targets").glob("*.json")))


def check_listing(listing: Listing, target: Target, category_tree: CategoryTree | None = None) -> tuple[Issue, ...]:
    """Every failed rule of `target`, in the data's order; an empty tuple means the listing passes."""
    issues = []
    for rule in target.rules:
        value = field_value(listing, rule.field)
        for actual in CHECKS[rule.kind](rule, value, listing, category_tree):
            issues.append(_issue(rule, actual))
    return tuple(issues)


def errors(issues: Collection[Issue]) -> tuple[Issue, ...]:
    return tuple(i for i in issues if i.severity == "error")


def _issue(rule: Rule, actual: object) -> Issue:
    limit = "×".join(map(str, rule.limit)) if isinstance(rule.limit, list) else rule.limit
    shown = {"limit": limit, "actual": actual, "attribute": rule.attribute}
    return Issue(rule.code, rule.field, rule.attribute, rule.severity, rule.message_th.format(**shown),
                 rule.message_en.format(**shown), limit, actual, rule.confirmed)


def _required(rule: Rule, value: object, *_: object) -> list[object]:
    return [None] if is_blank(value) else []


def _max_length(rule: Rule, value: object, *_: object) -> list[object]:
    return [len(value)] if isinstance(value, str) and len(value) > int(rule.limit) else []


def _max_count(rule: Rule, value: object, *_: object) -> list[object]:
    return [len(value)] if len(value) > int(rule.limit) else []


def _allowed_values(rule: Rule, value: object, *_: object) -> list[object]:
    return [] if is_blank(value) or value in rule.values else [value]


def _greater_than(rule: Rule, value: object, *_: object) -> list[object]:
    return [] if value is None or value > Decimal(str(rule.limit)) else [value]


def _pattern(rule: Rule, value: object, *_: object) -> list[object]:
    return [] if is_blank(value) or re.fullmatch(str(rule.limit), str(value)) else [value]


def _valid_gtin(rule: Rule, value: object, *_: object) -> list[object]:
    return [] if is_blank(value) or is_valid_gtin(str(value)) else [value]


def _min_image_size(rule: Rule, value: object, *_: object) -> list[object]:
    width, height = rule.limit
    images: tuple[ListingImage, ...] = value[:1] if rule.scope == "first" else value
    return [f"{image.width}×{image.height} #{number}" for number, image in enumerate(images, start=1)
            if image.width < width or image.height < height]


def _not_less_than_field(rule: Rule, value: object, listing: Listing, _: object) -> list[object]:
    other = field_value(listing, rule.other)
    return [value] if value is not None and other is not None and value < other else []


def _deepest_category(rule: Rule, value: object, _: Listing, tree: CategoryTree | None) -> list[object]:
    path = tuple(value)
    if not path:
        return []
    if tree is None:
        deep_enough = len(path) >= int(rule.limit)
    else:
        deep_enough = path in tree and not any(len(p) > len(path) and p[:len(path)] == path for p in tree)
    return [] if deep_enough else [" > ".join(path)]


CHECKS: dict[str, Callable[[Rule, object, Listing, CategoryTree | None], list[object]]] = {
    "required": _required, "max_length": _max_length, "max_count": _max_count, "allowed_values": _allowed_values,
    "greater_than": _greater_than, "pattern": _pattern, "valid_gtin": _valid_gtin, "min_image_size": _min_image_size,
    "not_less_than_field": _not_less_than_field, "deepest_category": _deepest_category,
}
