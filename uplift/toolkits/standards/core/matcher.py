"""Which standards a product needs (required) or would gain from (recommended), and which are
ruled out (not_applicable), from ``matcher_v1.csv``: rows by OTOP category, product-type
keywords and target market, each with its reason. ``*`` matches any category or market; an
empty keyword list matches any product of the category. For one standard, a not_applicable
row wins over required, and required over recommended.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from typing import Literal

from .catalogue import TcpsProductType, tcps_candidates
from .reference import load_csv

MATCHER_FILE = "matcher_v1.csv"
CATEGORIES_FILE = "categories_v1.csv"
MARKETS_FILE = "markets_v1.csv"
ANY = "*"

Level = Literal["required", "recommended", "not_applicable"]
LEVEL_RANK: dict[str, int] = {"recommended": 1, "required": 2, "not_applicable": 3}


@dataclass(frozen=True)
class ProductProfile:
    """``category``: a code (food, beverage, textile, household, herbal) or its Thai name;
    ``name`` and ``keywords`` are searched for the rows' product-type keywords."""

    category: str
    name: str = ""
    keywords: tuple[str, ...] = ()
    markets: frozenset[str] = field(default_factory=lambda: frozenset({"domestic"}))


@dataclass(frozen=True)
class Reason:
    rule: str
    market: str
    reason_th: str
    reason_en: str
    confirmed: bool


@dataclass(frozen=True)
class StandardMatch:
    standard: str
    level: Level
    reasons: tuple[Reason, ...]


@dataclass(frozen=True)
class MatchResult:
    matcher_version: str
    category: str
    markets: frozenset[str]
    matches: tuple[StandardMatch, ...]
    tcps_types: tuple[TcpsProductType, ...]

    def level(self, level: Level) -> tuple[StandardMatch, ...]:
        return tuple(m for m in self.matches if m.level == level)

    @property
    def required(self) -> tuple[StandardMatch, ...]:
        return self.level("required")

    @property
    def recommended(self) -> tuple[StandardMatch, ...]:
        return self.level("recommended")

    @property
    def not_applicable(self) -> tuple[StandardMatch, ...]:
        return self.level("not_applicable")


@dataclass(frozen=True)
class _Row:
    rule: str
    categories: frozenset[str]
    keywords: tuple[str, ...]
    markets: frozenset[str]
    standard: str
    level: Level
    reason_th: str
    reason_en: str
    confirmed: bool


@cache
def categories() -> dict[str, str]:
    return {r["code"]: r["name_th"] for r in load_csv(CATEGORIES_FILE)}


@cache
def markets() -> dict[str, str]:
    return {r["code"]: r["name_th"] for r in load_csv(MARKETS_FILE)}


@cache
def _rows() -> tuple[_Row, ...]:
    rows = []
    for r in load_csv(MATCHER_FILE):
        if r["level"] not in LEVEL_RANK:
            raise ValueError(f"{MATCHER_FILE} {r['rule']}: unknown level {r['level']!r}")
        row = _Row(r["rule"], frozenset(r["category"].split("|")), tuple(k for k in r["keywords"].split("|") if k),
                   frozenset(r["market"].split("|")), r["standard"], r["level"], r["reason_th"], r["reason_en"],
                   r["confirmed"] == "true")
        unknown = (row.categories - set(categories()) - {ANY}) | (row.markets - set(markets()) - {ANY})
        if unknown:
            raise ValueError(f"{MATCHER_FILE} {row.rule}: unknown category or market {sorted(unknown)}")
        rows.append(row)
    return tuple(rows)


def category_code(category: str) -> str:
    text = category.strip()
    if text in categories():
        return text
    for code, name_th in categories().items():
        if text == name_th:
            return code
    raise ValueError(f"ไม่รู้จักหมวดผลิตภัณฑ์ \"{category}\" (ใช้ {', '.join(categories().values())})")


def match_standards(product: ProductProfile) -> MatchResult:
    category = category_code(product.category)
    unknown = sorted(product.markets - set(markets()))
    if unknown:
        raise ValueError(f"ไม่รู้จักตลาด {', '.join(unknown)} (ใช้ {', '.join(markets())})")
    text = " ".join((product.name, *product.keywords)).lower()
    hits: dict[str, list[tuple[_Row, str]]] = {}
    for row in _rows():
        if ANY not in row.categories and category not in row.categories:
            continue
        if row.keywords and not any(k.lower() in text for k in row.keywords):
            continue
        market = ANY if ANY in row.markets else next((m for m in sorted(row.markets) if m in product.markets), None)
        if market is None:
            continue
        hits.setdefault(row.standard, []).append((row, market))
    matches = []
    for standard, rows in hits.items():
        level = max((r.level for r, _ in rows), key=LEVEL_RANK.__getitem__)
        matches.append(StandardMatch(standard, level, tuple(
            Reason(r.rule, m, r.reason_th, r.reason_en, r.confirmed) for r, m in rows if r.level == level)))
    matches.sort(key=lambda m: (-LEVEL_RANK[m.level], m.standard))
    return MatchResult(MATCHER_FILE.removesuffix(".csv"), category, frozenset(product.markets), tuple(matches),
                       tcps_candidates(category, text))

