"""Offline presentation checks of a product photo, title and description for chosen marketplaces.

One rulebook across activities 1 and 2: the photo is measured by the activity 1 toolkit's
`measure_image`, and minimum image sizes and title/description lengths are the activity 1
targets' own rules (`global_trade/data/targets/*.json`, checked by its `check_listing`). This
module adds only what those targets do not hold, as data (`data/photo_rules_v1.json`): how white
the photo's edge is, how much of the frame the product fills, and the longest side for zoom.

A blank title or description is not checked (the consultant may check a photo alone); a
photo that cannot be measured is reported as one error.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from uplift.toolkits.global_trade.core.images import ImageMeasure, ImageRefused, measure_image
from uplift.toolkits.global_trade.core.listing import Listing, ListingImage
from uplift.toolkits.global_trade.core.targets import check_listing, load_target

PHOTO_RULES_FILE = Path(__file__).resolve().parent.parent / "data" / "photo_rules_v1.json"
TEXT_FIELDS = ("title_th", "title_en", "description_th", "description_en")
LISTING_KINDS = ("max_length", "min_image_size")
PHOTO_KINDS = ("white_background", "fill", "longest_side")
DEFAULT_WHITE_LEVEL = 245


@dataclass(frozen=True)
class PhotoRule:
    code: str
    kind: str
    min: float
    max: float | None
    white_level: int
    severity: str
    confirmed: bool
    message_th: str
    message_en: str
    source: str


@dataclass(frozen=True)
class Marketplace:
    code: str
    name_th: str
    name_en: str
    listing_target: str | None
    photo_rules: tuple[PhotoRule, ...]


@dataclass(frozen=True)
class PhotoRules:
    version: str
    marketplaces: tuple[Marketplace, ...]

    def marketplace(self, code: str) -> Marketplace | None:
        return next((m for m in self.marketplaces if m.code == code), None)


@dataclass(frozen=True)
class Finding:
    marketplace: str
    rule: str
    field: str
    severity: str
    message_th: str
    message_en: str
    limit: object
    actual: object
    confirmed: bool
    rulebook: str


@dataclass(frozen=True)
class PhotoFacts:
    format: str
    width: int
    height: int
    white_share: float
    fill_share: float
    fill_area_share: float


@dataclass(frozen=True)
class PresentationResult:
    photo: PhotoFacts | None
    findings: tuple[Finding, ...]
    marketplaces: tuple[str, ...]
    version: str

    @property
    def errors(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.severity == "error")

    @property
    def passed(self) -> bool:
        return not self.errors

    def to_dict(self) -> dict:
        return {
            "photo": None if self.photo is None else self.photo.__dict__.copy(),
            "findings": [f.__dict__.copy() for f in self.findings],
            "marketplaces": list(self.marketplaces), "passed": self.passed, "version": self.version,
        }


def load_photo_rules(path: Path = PHOTO_RULES_FILE) -> PhotoRules:
    raw = json.loads(Path(path).read_text(encoding="utf-8"))
    rules = PhotoRules(raw["version"], tuple(
        Marketplace(m["code"], m["name_th"], m["name_en"], m.get("listing_target"), tuple(
            PhotoRule(r["code"], r["kind"], float(r["min"]), None if r.get("max") is None else float(r["max"]),
                      int(r.get("white_level", DEFAULT_WHITE_LEVEL)), r["severity"], bool(r["confirmed"]),
                      r["message_th"], r["message_en"], r["source"])
            for r in m["photo_rules"]))
        for m in raw["marketplaces"]))
    problems = [f"{m.code}.{r.code}: unknown kind {r.kind}" for m in rules.marketplaces for r in m.photo_rules
                if r.kind not in PHOTO_KINDS]
    problems += [f"{m.code}.{r.code}: severity must be error or warning" for m in rules.marketplaces
                 for r in m.photo_rules if r.severity not in ("error", "warning")]
    for m in rules.marketplaces:
        if m.listing_target is not None:
            try:
                load_target(m.listing_target)
            except FileNotFoundError:
                problems.append(f"{m.code}: no activity 1 target {m.listing_target}")
    if problems:
        raise ValueError(f"{rules.version}: " + "; ".join(problems))
    return rules


def _share(value: float) -> str:
    return f"{value:.0%}"


def _photo_findings(market: Marketplace, measures: dict[int, ImageMeasure]) -> list[Finding]:
    out = []
    for rule in market.photo_rules:
        measure = measures[rule.white_level]
        if rule.kind == "white_background":
            actual, failed, limit = measure.border_white_share, measure.border_white_share < rule.min, _share(rule.min)
            shown = _share(actual)
        elif rule.kind == "fill":
            actual = measure.fill_longest_share
            failed = actual < rule.min or (rule.max is not None and actual > rule.max)
            limit = _share(rule.min) if rule.max in (None, 1.0) else f"{_share(rule.min)}–{_share(rule.max)}"
            shown = _share(actual)
        else:
            actual = max(measure.width, measure.height)
            failed, limit, shown = actual < rule.min, int(rule.min), actual
        if failed:
            values = {"actual": shown, "limit": limit}
            out.append(Finding(market.code, rule.code, "photo", rule.severity, rule.message_th.format(**values),
                               rule.message_en.format(**values), limit, shown, rule.confirmed, "digital"))
    return out


def _listing_findings(market: Marketplace, listing: Listing, with_photo: bool) -> list[Finding]:
    if market.listing_target is None:
        return []
    target = load_target(market.listing_target)
    kinds = {rule.code: rule.kind for rule in target.rules}
    fields = {name for name in TEXT_FIELDS if getattr(listing, name).strip()} | ({"images"} if with_photo else set())
    return [Finding(market.code, issue.rule, "photo" if issue.field == "images" else issue.field, issue.severity,
                    issue.message_th, issue.message_en, issue.limit, issue.actual, issue.confirmed,
                    f"global_trade:{target.code}@{target.version}")
            for issue in check_listing(listing, target)
            if kinds[issue.rule] in LISTING_KINDS and issue.field in fields]


def check_presentation(marketplaces: Sequence[str], *, photo: bytes | None = None, title_th: str = "",
                       title_en: str = "", description_th: str = "", description_en: str = "",
                       rules: PhotoRules | None = None) -> PresentationResult:
    """Every finding for the chosen marketplaces, in their order; unknown codes raise ValueError."""
    rules = rules or load_photo_rules()
    chosen = []
    for code in marketplaces:
        market = rules.marketplace(code)
        if market is None:
            raise ValueError(f"ไม่มีตลาด {code} ในเกณฑ์ {rules.version} (unknown marketplace {code})")
        chosen.append(market)
    if not chosen:
        raise ValueError("เลือกตลาดอย่างน้อย 1 แห่ง (choose at least one marketplace)")
    findings: list[Finding] = []
    measures: dict[int, ImageMeasure] = {}
    if photo is not None:
        levels = {DEFAULT_WHITE_LEVEL} | {r.white_level for m in chosen for r in m.photo_rules}
        try:
            measures = {level: measure_image(photo, white_level=level) for level in sorted(levels)}
        except ImageRefused as refused:
            findings.append(Finding("*", "photo_unreadable", "photo", "error", str(refused), str(refused), None, None,
                                    True, "global_trade"))
    base = measures.get(DEFAULT_WHITE_LEVEL)
    images = (ListingImage("photo", base.width, base.height),) if base else ()
    listing = Listing(id="presentation-check", title_th=title_th or "", title_en=title_en or "",
                      description_th=description_th or "", description_en=description_en or "", images=images)
    for market in chosen:
        findings += _listing_findings(market, listing, base is not None)
        if base is not None:
            findings += _photo_findings(market, measures)
    facts = None if base is None else PhotoFacts(base.format, base.width, base.height, base.border_white_share,
                                                  base.fill_longest_share, base.fill_area_share)
    return PresentationResult(facts, tuple(findings), tuple(m.code for m in chosen), rules.version)
