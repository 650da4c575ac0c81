"""Which column holds which field: suggested from Thai or English headers, with a score.

The synonyms live in `synonyms.json` (versioned). A mapping is `{column index: field}`. Headers
are matched in steps, each scored lower than the one before:

1.0  the header, folded (`vocabulary.fold`: tone marks, spaces, punctuation, case ignored), is a synonym;
     per-year average sales ("ยอดขายเฉลี่ยต่อเดือน ปี 2562" → `avg:<CE year>`) and per-month sales
     ("ยอดขาย ม.ค. 62" → `mon:<CE year>-<month>`) are read from the header's words and year;
0.9  the same without bracketed parts and line breaks ("เลขประจำตัว (บัตรประชาชน/นิติบุคคล)");
0.85 and without unit words (บาท, คน, %, ร้อยละ …);
0.8  every part around '/' or 'หรือ' names the same field (identifiers of either kind: `id_number`);
0.5–0.8 a synonym of four letters or more begins the header (longer shares score higher);
≤0.7 a close spelling (difflib), scaled by its similarity.

`suggest` keeps suggestions scoring at least `SUGGEST_AT`, each field once, the best score first.
"""

from __future__ import annotations

import difflib
import json
import re
from functools import lru_cache
from pathlib import Path

from uplift.imports.core.normalise import THAI_MONTHS, ce_year
from uplift.imports.core.vocabulary import THAI_DIGITS, fold

KINDS = ("entrepreneurs", "products", "sales", "observations")
SUGGEST_AT = 0.6
ID_FIELDS = {"id_number", "juristic_id", "citizen_id", "entrepreneur_id"}
_BRACKETS = re.compile(r"[(\[{（][^)\]}）]*[)\]}）]")
_UNITS = re.compile(r"(บาท|baht|thb|฿|คน|ราย|ร้อยละ|เปอร์เซ็นต์|percent|%|หน่วย\s*:?\s*บาท)", re.I)
_SPLIT = re.compile(r"\s*(?:/|\\|หรือ|\bor\b|\n)\s*", re.I)
_AVERAGE = re.compile(r"(เฉลี่ย|average|avg).*?((?:25|20)\d\d)|((?:25|20)\d\d).*?(เฉลี่ย|average|avg)")
_MONTH_WORDS = sorted((w for w in THAI_MONTHS if "." in w or len(w) >= 5), key=len, reverse=True)
_MONTH = re.compile(r"(?:^|[\s(])(" + "|".join(re.escape(w) for w in _MONTH_WORDS) + r"|"
                    r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?)\s*"
                    r"(?:พ\.ศ\.|ค\.ศ\.|ปี)?\s*((?:25|20)?\d\d)\b", re.I)


@lru_cache(maxsize=1)
def synonyms() -> dict:
    return json.loads((Path(__file__).with_name("synonyms.json")).read_text(encoding="utf-8"))


def header_key(text: str) -> str:
    """A header as compared (and as saved in mapping templates)."""
    return fold(str(text))


@lru_cache(maxsize=8)
def _index(kind: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for target, names in synonyms()[kind].items():
        out.setdefault(header_key(target), target)
        for name in names:
            out.setdefault(header_key(name), target)
    return out


def fields(kind: str) -> list[str]:
    return list(synonyms()[kind])


def is_sales_column(field: str) -> bool:
    return field.startswith(("avg:", "mon:"))


def average_year(header: str) -> int | None:
    """The CE year of a per-year average sales column, from a BE or CE year in its header."""
    m = _AVERAGE.search(" ".join(str(header).translate(THAI_DIGITS).lower().split()))
    if not m:
        return None
    year = int(m.group(2) or m.group(3))
    return year - 543 if year > 2400 else year


def month_of(header: str) -> str | None:
    """'YYYY-MM' (CE) of a per-month sales column: a month word and a BE or CE year ("ม.ค. 62", "มกราคม 2563")."""
    text = " ".join(str(header).translate(THAI_DIGITS).split())
    m = _MONTH.search(text)
    if not m:
        return None
    word = m.group(1).lower()
    month = THAI_MONTHS.get(word) or THAI_MONTHS.get(word.rstrip(".")[:3])
    year = ce_year(int(m.group(2)))
    if not month or not 2001 <= year <= 2100:
        return None
    return f"{year:04d}-{month:02d}"


def _sales_field(header: str, kind: str) -> str | None:
    if kind not in ("sales", "entrepreneurs"):
        return None
    if year := average_year(header):
        return f"avg:{year}"
    if month := month_of(header):
        return f"mon:{month}"
    return None


def header_match(header: str, kind: str) -> tuple[str, float] | None:
    """(field, score) for one header, or None (see the module for the steps)."""
    if not header or not str(header).strip():
        return None
    header = str(header)
    if sales := _sales_field(header, kind):
        return sales, 1.0
    index = _index(kind)
    key = header_key(header)
    if key in index:
        return index[key], 1.0
    bare = _BRACKETS.sub(" ", header.replace("\n", " "))
    for text, score in ((bare, 0.9), (_UNITS.sub(" ", bare), 0.85)):
        if header_key(text) in index:
            return index[header_key(text)], score
    parts = [index.get(header_key(p)) for p in _SPLIT.split(bare) if header_key(p)]
    if len(parts) > 1 and all(parts):
        if len(set(parts)) == 1:
            return parts[0], 0.8
        if set(parts) <= ID_FIELDS:
            return ("entrepreneur_id" if "entrepreneur_id" in index.values() else "id_number"), 0.8
    key = header_key(_UNITS.sub(" ", bare)) or key
    prefixes = [k for k in index if len(k) >= 4 and key.startswith(k) and k != key]
    if prefixes:
        best = max(prefixes, key=len)
        return index[best], round(0.5 + 0.3 * len(best) / len(key), 2)
    close = difflib.get_close_matches(key, list(index), n=1, cutoff=0.82)
    if close:
        return index[close[0]], round(0.7 * difflib.SequenceMatcher(None, key, close[0]).ratio(), 2)
    return None


def known_header(text: str, kind: str) -> str | None:
    found = header_match(text, kind)
    return found[0] if found and found[1] >= SUGGEST_AT else None


def suggest(headers: list[str], kind: str) -> dict[int, tuple[str, float]]:
    """Column index → (field, score): each field once, given to the column that names it best
    (the leftmost among equals); sales columns (`avg:`, `mon:`) are each their own field."""
    found = [(i, m) for i, h in enumerate(headers) if (m := header_match(h, kind)) and m[1] >= SUGGEST_AT]
    out: dict[int, tuple[str, float]] = {}
    used: set[str] = set()
    for i, (target, score) in sorted(found, key=lambda f: (-f[1][1], f[0])):
        if target not in used:
            out[i] = (target, score)
            used.add(target)
    return dict(sorted(out.items()))


def suggest_mapping(headers: list[str], kind: str) -> dict[int, str]:
    return {i: target for i, (target, _score) in suggest(headers, kind).items()}


REQUIRED = {  # kind → alternatives, each a tuple of fields of which one must be mapped (or given for the file)
    "entrepreneurs": [("name_th",), ("kind",), ("subdistrict_code", "subdistrict", "address")],
    "products": [("entrepreneur_id", "entrepreneur_name"), ("name_th",), ("category",)],
    "sales": [("entrepreneur_id", "entrepreneur_name")],
    "observations": [("entrepreneur_id", "entrepreneur_name"), ("indicator",), ("wave",), ("value",)],
}
REQUIRED_WITH = {  # a part's fields, once any of the part is mapped
    "product.": [("product.name_th",), ("product.category",)],
    "person.": [("person.name_th",)],
}
DEFAULTABLE = {
    "entrepreneurs": ("kind", "product.category", "product.unit", "product.price", "product.star_year"),
    "products": ("category", "unit", "price", "star_year"),
    "sales": (),
    "observations": ("round", "indicator", "wave", "period", "source"),
}


def missing(kind: str, mapped: set[str], defaults: dict[str, str]) -> list[tuple[str, ...]]:
    """The required fields no column holds and no value for the whole file gives (alternatives as tuples)."""
    given = set(mapped) | {f for f, v in defaults.items() if v not in (None, "")}
    needs = list(REQUIRED[kind])
    for prefix, more in REQUIRED_WITH.items():
        if any(f.startswith(prefix) for f in mapped):
            needs += more
    if kind == "sales" and not ({"month"} & mapped or any(is_sales_column(f) for f in mapped)):
        needs.append(("month",))
    return [alternatives for alternatives in needs if not given & set(alternatives)]


def kind_defaults(kind: str, documented: dict[str, str]) -> dict[str, str]:
    """The documented defaults (`vocabulary.json`) as the kind's fields (a products sheet's `unit` is `product.unit`)."""
    if kind == "products":
        return {f.removeprefix("product."): v for f, v in documented.items() if f.startswith("product.")}
    return {f: v for f, v in documented.items() if f in DEFAULTABLE[kind]}
