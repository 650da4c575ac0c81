"""The standards catalogue: one JSON file per standard under ``data/catalogue/``, each with its
sections and clauses (id, Thai and English text, weight, evidence hint), editions, sources,
certificate number rule and default validity. Codes are the registry's (``registry/data/standards.csv``).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

from .reference import DATA_DIR, load_csv, load_json

CATALOGUE_DIR = "catalogue"
TCPS_PRODUCTS_FILE = "catalogue/tcps_products_v1.csv"
NUMBER_RULE_KINDS = frozenset({"pattern", "tcps", "free"})


@dataclass(frozen=True)
class Clause:
    id: str
    section_id: str
    text_th: str
    text_en: str
    weight: float
    evidence_th: str


@dataclass(frozen=True)
class Section:
    id: str
    title_th: str
    title_en: str
    clauses: tuple[Clause, ...]


@dataclass(frozen=True)
class NumberRule:
    kind: str
    pattern: str = ""
    first_year_be: int | None = None
    max_length: int | None = None
    example: str = ""
    message_th: str = ""


@dataclass(frozen=True)
class StandardSpec:
    code: str
    version: str
    name_th: str
    name_en: str
    issuer_th: str
    sections: tuple[Section, ...]
    number_rule: NumberRule
    validity_years: int | None
    validity_confirmed: bool
    validity_note: str
    editions: tuple[dict[str, Any], ...]
    sources: tuple[dict[str, Any], ...]

    @property
    def clauses(self) -> tuple[Clause, ...]:
        return tuple(c for s in self.sections for c in s.clauses)

    def clause(self, clause_id: str) -> Clause:
        for c in self.clauses:
            if c.id == clause_id:
                return c
        raise KeyError(clause_id)


@dataclass(frozen=True)
class TcpsProductType:
    category: str
    product_type_th: str
    product_type_en: str
    standard_number: str
    keywords: tuple[str, ...]
    confirmed: bool
    note: str


def parse_standard(data: dict[str, Any]) -> StandardSpec:
    sections = tuple(
        Section(s["id"], s["title_th"], s["title_en"], tuple(
            Clause(c["id"], s["id"], c["text_th"], c["text_en"], float(c["weight"]), c["evidence_th"])
            for c in s["clauses"]))
        for s in data["sections"])
    ids = [c.id for s in sections for c in s.clauses]
    if len(ids) != len(set(ids)) or len({s.id for s in sections}) != len(sections):
        raise ValueError(f"{data['version']}: duplicate section or clause ids")
    if any(c.weight <= 0 for s in sections for c in s.clauses):
        raise ValueError(f"{data['version']}: clause weights must be positive")
    cert = data["certificate"]
    rule = cert["number_rule"]
    if rule["kind"] not in NUMBER_RULE_KINDS:
        raise ValueError(f"{data['version']}: unknown number rule {rule['kind']!r}")
    return StandardSpec(
        code=data["code"], version=data["version"], name_th=data["name_th"], name_en=data["name_en"],
        issuer_th=data["issuer_th"], sections=sections,
        number_rule=NumberRule(rule["kind"], rule.get("pattern", ""), rule.get("first_year_be"),
                               rule.get("max_length"), rule.get("example", ""), rule.get("message_th", "")),
        validity_years=cert["validity_years"], validity_confirmed=bool(cert["validity_confirmed"]),
        validity_note=cert.get("validity_note", ""),
        editions=tuple(data["editions"]), sources=tuple(data["sources"]),
    )


@cache
def catalogue() -> dict[str, StandardSpec]:
    specs = [parse_standard(load_json(f"{CATALOGUE_DIR}/{p.name}"))
             for p in sorted((DATA_DIR / CATALOGUE_DIR).glob("*.json"))]
    by_code = {s.code: s for s in specs}
    if len(by_code) != len(specs):
        raise ValueError("two catalogue files share a standard code")
    return by_code


def standard(code: str) -> StandardSpec:
    try:
        return catalogue()[code]
    except KeyError:
        raise KeyError(f"ไม่มีมาตรฐาน \"{code}\" ในแคตตาล็อก") from None


@cache
def tcps_product_types() -> tuple[TcpsProductType, ...]:
    return tuple(TcpsProductType(r["category"], r["product_type_th"], r["product_type_en"], r["standard_number"],
                                 tuple(k for k in r["keywords"].split("|") if k), r["confirmed"] == "true", r["note"])
                 for r in load_csv(TCPS_PRODUCTS_FILE))


def tcps_candidates(category: str, text: str) -> tuple[TcpsProductType, ...]:
    """Community product standard types of the category whose keywords occur in ``text``."""
    lowered = text.lower()
    return tuple(t for t in tcps_product_types()
                 if t.category == category and any(k.lower() in lowered for k in t.keywords))
