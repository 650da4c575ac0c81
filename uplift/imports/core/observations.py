"""Outcome observation sheets, one row at a time: whose figure, which indicator, which wave, which month, what value.

Pure (no Django): the indicator catalogue is passed in as rows of (code, Thai name, English name),
the words for waves and sources come from `observations.json` (versioned). A row becomes

    {"entrepreneur": "id:<13 digits>" | "name:<Thai name>", "province": <as written or "">,
     "round": <as written or "">, "indicator": <code>, "wave": <Wave value>, "period": date | None,
     "value": Decimal, "source": "self" | "verified" | "document", "document": str, "note": str}

or issues (row, column, value, reason code). Which entrepreneur, round and existing observation a
row names is judged with the database by `uplift.imports.plan_observations`.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterable
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

from uplift.imports.core import normalise as n
from uplift.imports.core.rows import Checked, _Row
from uplift.imports.core.vocabulary import Unknown, Vocabulary

NEGATIVE_ALLOWED = ("investment",)  # as uplift.outcomes.actions.NEGATIVE_ALLOWED
LIMITS = {"document": 255, "note": 255}
_YM = re.compile(r"^(\d{4})[/.\-](\d{1,2})$")
_BRACKETS = re.compile(r"\s*[(\[（][^)\]）]*[)\]）]")


@lru_cache(maxsize=1)
def data() -> dict:
    return json.loads(Path(__file__).with_name("observations.json").read_text(encoding="utf-8"))


@lru_cache(maxsize=4)
def _vocabulary(name: str) -> Vocabulary:
    return Vocabulary(data()[name], contained=False)


def _choice(name: str, value) -> str:
    try:
        return _vocabulary(name).match(n.text(value))
    except Unknown as error:
        raise n.Bad("unknown_choice", choices=", ".join(error.nearest)) from None


def wave(value) -> str:
    """ก่อนเริ่ม → baseline, เดือนที่ 3 → m3, … (`observations.json`)."""
    return _choice("wave", value)


def source(value) -> str:
    return _choice("source", value)


def default_source() -> str:
    return data()["defaults"]["source"]


Catalogue = tuple[tuple[str, str, str], ...]  # (code, Thai name, English name)


@lru_cache(maxsize=4)
def indicators(catalogue: Catalogue) -> Vocabulary:
    """The catalogue's indicators by code, Thai name (with and without its bracketed part), English name
    and the further names of `observations.json`; the Thai name is shown as the choice."""
    extra = data()["indicator"]
    table = {code: [name_th, _BRACKETS.sub("", name_th), name_en, code, *extra.get(code, ())]
             for code, name_th, name_en in catalogue}
    return Vocabulary(table, contained=False)


def indicator(value, catalogue: Catalogue) -> str:
    try:
        return indicators(catalogue).match(n.text(value))
    except Unknown as error:
        raise n.Bad("unknown_choice", choices=", ".join(error.nearest)) from None


def period(value) -> dt.date:
    """The month observed, B.E. or C.E.: มี.ค. 2563, มีนาคม 63, 03/2563, 2020-03, 15/03/2563, date cells."""
    raw = n.arabic(n.text(value)) if isinstance(value, str) else value
    if isinstance(raw, str) and (m := _YM.match(raw)):
        return n._make(int(m[1]), int(m[2]), 1)
    month = n.date(value).replace(day=1)
    if not 2001 <= month.year <= 2100:
        raise n.Bad("year_out_of_range", low=2001 + n.BE_OFFSET, high=2100 + n.BE_OFFSET)
    return month


def _owner(r: _Row) -> str:
    if r.has("entrepreneur_id"):
        return "id:" + n.digits_of(r.raw("entrepreneur_id"))
    if r.has("entrepreneur_name"):
        return "name:" + n.text(r.raw("entrepreneur_name"))
    r.bad("entrepreneur_id", "required")
    return ""


def observation(r: _Row, catalogue: Catalogue) -> dict:
    code = r.get("indicator", lambda v: indicator(v, catalogue), required=True)
    value = r.get("value", n.number, required=True)
    if value is not None:
        if not value.is_finite() or abs(value) >= Decimal("1e14"):
            r.bad("value", "out_of_range", low=0, high=10**14)
            value = None
        elif value < 0 and code is not None and code not in NEGATIVE_ALLOWED:
            r.bad("value", "negative_value")
            value = None
        else:
            value = value.quantize(Decimal("0.01"))
    kind = r.get("source", source, default=default_source())
    document = r.get("document", default="")
    if kind == "document" and not document:
        r.bad("document", "document_required")
    for name, limit in LIMITS.items():
        if r.has(name) and len(n.text(r.raw(name))) > limit:
            r.bad(name, "too_long", limit=limit)
    return {"entrepreneur": _owner(r), "province": r.get("province", default=""), "round": r.get("round", default=""),
            "indicator": code, "wave": r.get("wave", wave, required=True), "period": r.get("period", period),
            "value": value, "source": kind, "document": document[:255], "note": r.get("note", default="")[:255]}


def check_observation_rows(rows: Iterable[tuple[int, list]], mapping: dict[int, str], headers: list[str],
                           defaults: dict[str, str] | None, catalogue: Catalogue) -> list[Checked]:
    out = []
    for number, cells in rows:
        r = _Row(number, cells, mapping, headers, defaults)
        record = observation(r, catalogue)
        out.append(Checked(number, None, r.issues) if r.issues else Checked(number, record, []))
    return out
