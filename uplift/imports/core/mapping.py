"""Which column holds which field: suggested from Thai or English headers and their synonyms.

The synonyms live in `synonyms.json` (versioned). A mapping is `{column index: field}`; per-year
average sales columns ("ยอดขายเฉลี่ยต่อเดือน ปี 2562") map to the field `avg:<CE year>`.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path

THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")
KINDS = ("entrepreneurs", "products", "sales")
_PUNCT = re.compile(r"[\s\-_.:/()\[\]*\"'#]+")
_AVERAGE = re.compile(r"(เฉลี่ย|average|avg).*?((?:25|20)\d\d)|((?:25|20)\d\d).*?(เฉลี่ย|average|avg)")


@lru_cache(maxsize=1)
def synonyms() -> dict:
    return json.loads((Path(__file__).with_name("synonyms.json")).read_text(encoding="utf-8"))


def header_key(text: str) -> str:
    return _PUNCT.sub("", str(text).translate(THAI_DIGITS).lower())


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


def average_year(header: str) -> int | None:
    """The CE year of a per-year average sales column, from a BE or CE year in its header."""
    m = _AVERAGE.search(str(header).translate(THAI_DIGITS).lower())
    if not m:
        return None
    year = int(m.group(2) or m.group(3))
    return year - 543 if year > 2400 else year


def known_header(text: str, kind: str) -> str | None:
    if kind == "sales" and average_year(text):
        return f"avg:{average_year(text)}"
    return _index(kind).get(header_key(text))


def suggest_mapping(headers: list[str], kind: str) -> dict[int, str]:
    """Column index → field, each field used once (the leftmost column that names it wins)."""
    out: dict[int, str] = {}
    used: set[str] = set()
    for i, header in enumerate(headers):
        target = known_header(header, kind) if header else None
        if target and target not in used:
            out[i] = target
            used.add(target)
    return out
