"""HS 2022 code finder: English words over the WCO descriptions (`data/hs2022.csv`), Thai words through
keywords kept as data (`data/hs_thai_keywords.csv`), and digits as a code or code prefix.

Ranking, best first: "exact" (a Thai keyword equal to the query, or the code itself), "prefix" (a
keyword that starts with the query or that the query starts with: ผ้า → ผ้าไหม, ผ้าไหมมัดหมี่สีแดง →
ผ้าไหมมัดหมี่; codes under a typed prefix), "word" (a keyword inside the query or the query inside a
keyword; every English word of the query starting a word of the description). Ties go to deeper
levels (subheadings first), then to the code. Thai text is compared without spaces or zero-width
characters, with the decomposed sara am (ํา) composed; tone marks can be ignored on request.

Thailand's tariff adds national digits (8-digit AHTN codes) to HS6: `check_national_code` accepts an
8-digit code whose first six digits are an HS 2022 subheading, for officers to store as data.
"""

import csv
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from .reference import DATA_DIR

RANKS = ("exact", "prefix", "word")
THAI = re.compile(r"[\u0e00-\u0e7f]+")
THAI_GAP = re.compile(r"(?<=[\u0e00-\u0e7f])[\s\u200b]+(?=[\u0e00-\u0e7f])")
LATIN_WORD = re.compile(r"[a-z]+")
TONE_MARKS = dict.fromkeys(map(ord, "\u0e48\u0e49\u0e4a\u0e4b"))
INVISIBLE = re.compile(r"[\s\u200b\u200c\u200d\ufeff]+")


class HsCodeError(ValueError):
    """A code that is not usable; the message is Thai first, then English."""


@dataclass(frozen=True)
class HsEntry:
    code: str
    description: str
    level: int
    parent: str | None


@dataclass(frozen=True)
class HsMatch:
    code: str
    description: str
    level: int
    parents: tuple[HsEntry, ...]
    rank: str
    keyword: str | None = None
    note: str | None = None


@dataclass(frozen=True)
class ThaiKeyword:
    keyword: str
    codes: tuple[str, ...]
    note: str


@cache
def hs_table() -> dict[str, HsEntry]:
    """Chapters, headings and subheadings by code; the file's "TOTAL" row is not a code and is left out."""
    with open(DATA_DIR / "hs2022.csv", encoding="utf-8", newline="") as handle:
        return {row["hscode"]: HsEntry(row["hscode"], row["description"], int(row["level"]),
                                       None if row["parent"] == "TOTAL" else row["parent"])
                for row in csv.DictReader(handle) if row["hscode"].isdigit()}


@cache
def thai_keywords() -> tuple[ThaiKeyword, ...]:
    with open(DATA_DIR / "hs_thai_keywords.csv", encoding="utf-8", newline="") as handle:
        rows = csv.DictReader(line for line in handle if not line.startswith("#"))
        return tuple(ThaiKeyword(r["keyword"], tuple(r["hs6"].split()), r["note"]) for r in rows)


def normalise_thai(text: str, ignore_tones: bool = False) -> str:
    text = INVISIBLE.sub("", unicodedata.normalize("NFC", text)).replace("\u0e4d\u0e32", "\u0e33")
    return text.translate(TONE_MARKS) if ignore_tones else text


def parents(code: str) -> tuple[HsEntry, ...]:
    """Chapter first, down to the entry's direct parent."""
    table, chain = hs_table(), []
    parent = table[code].parent
    while parent is not None:
        chain.append(table[parent])
        parent = table[parent].parent
    return tuple(reversed(chain))


def search_hs(query: str, limit: int = 20, ignore_tones: bool = False) -> list[HsMatch]:
    table = hs_table()
    best: dict[str, tuple[int, int, int, str | None, str | None]] = {}

    def offer(code: str, rank: int, keyword: str | None = None, note: str | None = None, order: int = 0) -> None:
        key = (rank, -len(keyword or ""), order, keyword, note)
        if code in table and (code not in best or key[:3] < best[code][:3]):
            best[code] = key

    for thai in THAI.findall(THAI_GAP.sub("", query)):
        _thai_matches(normalise_thai(thai, ignore_tones), ignore_tones, offer)
    for digits in re.findall(r"\d{2,6}", re.sub(r"[.\s]", "", query)):
        for code in table:
            if code.startswith(digits):
                offer(code, 0 if code == digits else 1)
    words = LATIN_WORD.findall(query.lower())
    if words:
        for entry in table.values():
            described = LATIN_WORD.findall(entry.description.lower())
            if all(any(d.startswith(w) for d in described) for w in words):
                offer(entry.code, 2)
    ordered = sorted(best.items(), key=lambda item: (item[1][0], -table[item[0]].level, *item[1][1:3], item[0]))
    return [HsMatch(code, table[code].description, table[code].level, parents(code), RANKS[rank], keyword, note)
            for code, (rank, _, _, keyword, note) in ordered[:limit]]


def _thai_matches(text: str, ignore_tones: bool, offer: Callable[..., None]) -> None:
    for entry in thai_keywords():
        keyword = normalise_thai(entry.keyword, ignore_tones)
        if keyword == text:
            rank = 0
        elif keyword.startswith(text) or text.startswith(keyword):
            rank = 1
        elif keyword in text or text in keyword:
            rank = 2
        else:
            continue
        for order, code in enumerate(entry.codes):
            offer(code, rank, entry.keyword, entry.note, order)


def check_national_code(code: str) -> HsEntry:
    """The HS 2022 subheading an 8-digit national code extends; refuses anything else."""
    digits = re.sub(r"[.\s-]", "", code or "")
    if not re.fullmatch(r"\d{8}", digits):
        raise HsCodeError(f"รหัสพิกัดระดับประเทศต้องเป็นตัวเลข 8 หลัก: {code!r} / a national code has 8 digits: {code!r}")
    entry = hs_table().get(digits[:6])
    if entry is None or entry.level != 6:
        raise HsCodeError(f"ไม่มีพิกัด HS 2022 {digits[:6]} ที่รหัส {digits} ต่อยอด / "
                          f"{digits} extends {digits[:6]}, which is not an HS 2022 subheading")
    return entry
