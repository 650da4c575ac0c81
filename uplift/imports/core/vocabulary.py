"""Coded values as officers write them: producer kinds, categories, star words, units (`vocabulary.json`).

Matching is tolerant by design and strict about the unknown:

1. Both sides are folded (`fold`): Unicode NFC and PyThaiNLP's normalisation (mark order, doubled
   marks, sara am), Thai tone marks dropped (ผู้ผลิตรายเดี่ยว = ผู้ผลิตรายเดียว), Thai digits as 0–9,
   spaces and punctuation removed, lower case.
2. A folded value equal to a folded synonym is that synonym's choice.
3. Otherwise (kinds and categories only) the synonyms found inside the value decide: a synonym
   inside a longer one found too is ignored, then the leftmost wins (Thai puts the head word first:
   เครื่องดื่มสมุนไพร is a beverage), then the longest.
4. Nothing found is an error naming the nearest known choices; never a silent default.
"""

from __future__ import annotations

import difflib
import json
import re
import unicodedata
from functools import lru_cache
from pathlib import Path

THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")
_TONES = re.compile("[\u0e48-\u0e4b]")
_NOISE = re.compile(r"[\s\-_.,:;/\\()\[\]{}*\"'#|+&!?~`]+")


@lru_cache(maxsize=1)
def data() -> dict:
    return json.loads(Path(__file__).with_name("vocabulary.json").read_text(encoding="utf-8"))


@lru_cache(maxsize=65536)
def fold(value: str) -> str:
    """The form values are compared in: tone marks, spacing, punctuation, case and digit script ignored."""
    from pythainlp.util import normalize

    text = normalize(unicodedata.normalize("NFC", str(value))).translate(THAI_DIGITS).lower()
    return _NOISE.sub("", _TONES.sub("", text))


class Unknown(ValueError):
    def __init__(self, value: str, nearest: list[str]):
        super().__init__(value)
        self.value, self.nearest = value, nearest


class Vocabulary:
    def __init__(self, table: dict[str, list[str]], *, contained: bool):
        self.contained = contained
        self.label = {canonical: synonyms[0] for canonical, synonyms in table.items()}
        self.index: dict[str, str] = {}
        for canonical, synonyms in table.items():
            for word in (canonical, *synonyms):
                if fold(word):
                    self.index.setdefault(fold(word), canonical)
        self.by_length = sorted(self.index, key=len, reverse=True)

    def match(self, value) -> str:
        key = fold(value)
        if key in self.index:
            return self.index[key]
        if self.contained and key:
            found = [(key.find(w), w) for w in self.by_length if len(w) >= 2 and w in key]
            found = [(at, w) for at, w in found if not any(w != other and w in other for _a, other in found)]
            if found:
                at, word = min(found, key=lambda f: (f[0], -len(f[1])))
                return self.index[word]
        raise Unknown(str(value), self.nearest(key))

    def nearest(self, key: str, n: int = 3) -> list[str]:
        close = difflib.get_close_matches(key, list(self.index), n=10, cutoff=0.4)
        out: list[str] = []
        for word in close:
            label = self.label[self.index[word]]
            if label not in out:
                out.append(label)
        return out[:n] or list(self.label.values())[:n]


@lru_cache(maxsize=8)
def vocabulary(name: str) -> Vocabulary:
    return Vocabulary(data()[name], contained=name in ("kind", "category"))


def defaults() -> dict[str, str]:
    return {k: v for k, v in data()["defaults"].items() if k != "about"}


@lru_cache(maxsize=1)
def not_rated() -> tuple[set[str], tuple[str, ...]]:
    """Folded "not rated" words: the short ones must be the whole value, longer ones may be inside it."""
    words = {fold(w) for w in data()["stars_none"]}
    return words, tuple(w for w in words if len(w) >= 5)


@lru_cache(maxsize=1)
def star_words() -> dict[str, int]:
    return {fold(w): int(n) for n, ws in data()["stars_words"].items() for w in ws}
