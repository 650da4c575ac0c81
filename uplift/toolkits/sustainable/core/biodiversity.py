"""The local biodiversity register: a species or local ingredient, where and from whom it comes, the
traditional knowledge it carries, consent and agreed terms (Nagoya Protocol Art. 6–7: PIC and MAT),
benefit sharing (Art. 5) and the value products add with it.

`validate` returns every problem at once, each with its field, a Thai message and its legal basis
(`biodiversity_fields_v1.json`), so a form can show them all.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from .reference import biodiversity_fields

SCIENTIFIC_NAME = re.compile(r"^[A-Z][a-z-]+ (× ?)?[a-z-]+\b")
SUBDISTRICT_CODE = re.compile(r"^\d{6}$")


@dataclass(frozen=True)
class Consent:
    """Prior informed consent (PIC) given by the community (provider) to the user (recipient)."""

    date: date | None
    provider: str
    recipient: str
    document: str = ""


@dataclass(frozen=True)
class AgreedTerms:
    """Mutually agreed terms (MAT) between the parties."""

    date: date | None
    parties: tuple[str, ...]
    terms: str
    document: str = ""


@dataclass(frozen=True)
class BenefitSharing:
    share_percent: float
    beneficiaries: tuple[str, ...]
    terms: str = ""


@dataclass(frozen=True)
class ProductValue:
    product: str
    value_added_baht_per_year: float


@dataclass(frozen=True)
class BiodiversityRecord:
    kind: str
    name_th: str
    origin_place: str
    community: str
    traditional_knowledge_involved: bool
    name_en: str = ""
    scientific_name: str = ""
    origin_subdistrict_code: str = ""
    traditional_knowledge: str = ""
    pic: Consent | None = None
    mat: AgreedTerms | None = None
    benefit_sharing: BenefitSharing | None = None
    protections: tuple[str, ...] = ()
    products: tuple[ProductValue, ...] = ()

    @property
    def value_added_baht_per_year(self) -> float:
        return sum(product.value_added_baht_per_year for product in self.products)


@dataclass(frozen=True)
class FieldError:
    field: str
    rule: str
    message: str
    basis: str | None


def _error(field: str, rule: str, **values: str) -> FieldError:
    spec = biodiversity_fields()
    entry = spec["rules"][rule]
    basis = spec["sources"][entry["basis"]] if entry["basis"] else None
    return FieldError(field, rule, entry["message_th"].format(**values), basis)


def validate(record: BiodiversityRecord) -> tuple[FieldError, ...]:
    spec = biodiversity_fields()
    labels = {field["code"]: field["label_th"] for field in spec["fields"]}
    errors = [_error(code, "required", label=labels[code])
              for code in ("name_th", "origin_place", "community") if not getattr(record, code).strip()]
    if record.kind not in {kind["code"] for kind in spec["kinds"]}:
        errors.append(_error("kind", "unknown_kind"))
    if record.kind == "species" and not record.scientific_name.strip():
        errors.append(_error("scientific_name", "species_needs_scientific_name"))
    elif record.scientific_name.strip() and not SCIENTIFIC_NAME.match(record.scientific_name.strip()):
        errors.append(_error("scientific_name", "scientific_name_form"))
    if record.origin_subdistrict_code and not SUBDISTRICT_CODE.match(record.origin_subdistrict_code):
        errors.append(_error("origin_subdistrict_code", "subdistrict_code_form"))
    if record.traditional_knowledge_involved:
        errors += _traditional_knowledge_errors(record)
    if record.benefit_sharing is not None:
        errors += _benefit_sharing_errors(record)
    known = {protection["code"] for protection in spec["protections"]}
    errors += [_error("protections", "unknown_protection", value=code) for code in record.protections
               if code not in known]
    if any(not product.product.strip() or not math.isfinite(product.value_added_baht_per_year)
           or product.value_added_baht_per_year < 0 for product in record.products):
        errors.append(_error("products", "product_value"))
    return tuple(errors)


def _traditional_knowledge_errors(record: BiodiversityRecord) -> list[FieldError]:
    errors = []
    if not record.traditional_knowledge.strip():
        errors.append(_error("traditional_knowledge", "tk_needs_description"))
    pic = record.pic
    if pic is None or pic.date is None or not pic.provider.strip() or not pic.recipient.strip():
        errors.append(_error("pic", "tk_needs_pic"))
    mat = record.mat
    if mat is None or mat.date is None or len([p for p in mat.parties if p.strip()]) < 2 or not mat.terms.strip():
        errors.append(_error("mat", "tk_needs_mat"))
    if record.benefit_sharing is None:
        errors.append(_error("benefit_sharing", "tk_needs_benefit_sharing"))
    return errors


def _benefit_sharing_errors(record: BiodiversityRecord) -> list[FieldError]:
    sharing = record.benefit_sharing
    errors = []
    if record.mat is None and not record.traditional_knowledge_involved:
        errors.append(_error("mat", "benefit_sharing_needs_mat"))
    if not math.isfinite(sharing.share_percent) or not 0 <= sharing.share_percent <= 100:
        errors.append(_error("benefit_sharing", "share_range"))
    if sharing.share_percent > 0 and not any(b.strip() for b in sharing.beneficiaries):
        errors.append(_error("benefit_sharing", "share_needs_beneficiaries"))
    return errors


def record_from_dict(data: dict[str, Any]) -> BiodiversityRecord:
    """A record from plain data (a form, JSON): dates as ISO strings, lists for the tuples."""
    def day(text: str | None) -> date | None:
        return date.fromisoformat(text) if text else None

    pic, mat, sharing = data.get("pic"), data.get("mat"), data.get("benefit_sharing")
    return BiodiversityRecord(
        kind=data["kind"], name_th=data["name_th"], origin_place=data["origin_place"], community=data["community"],
        traditional_knowledge_involved=bool(data["traditional_knowledge_involved"]),
        name_en=data.get("name_en", ""), scientific_name=data.get("scientific_name", ""),
        origin_subdistrict_code=data.get("origin_subdistrict_code", ""),
        traditional_knowledge=data.get("traditional_knowledge", ""),
        pic=Consent(day(pic.get("date")), pic.get("provider", ""), pic.get("recipient", ""), pic.get("document", ""))
        if pic else None,
        mat=AgreedTerms(day(mat.get("date")), tuple(mat.get("parties", ())), mat.get("terms", ""),
                        mat.get("document", "")) if mat else None,
        benefit_sharing=BenefitSharing(float(sharing.get("share_percent", 0)), tuple(sharing.get("beneficiaries", ())),
                                       sharing.get("terms", "")) if sharing else None,
        protections=tuple(data.get("protections", ())),
        products=tuple(ProductValue(p["product"], float(p["value_added_baht_per_year"]))
                       for p in data.get("products", ())),
    )
