"""The identity-discovery worksheet: its fields as data, the check of the answers, and the
summary that feeds the design brief (each field names the brief fields it ``feeds``)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from .fields import Field, Problem, check_answer, is_blank, items_of
from .reference import load_json

WORKSHEET_FILE = "identity_worksheet_v1.json"


@dataclass(frozen=True)
class Worksheet:
    version: str
    fields: tuple[Field, ...]

    def field(self, code: str) -> Field:
        return next(f for f in self.fields if f.code == code)


@dataclass(frozen=True)
class WorksheetCheck:
    problems: tuple[Problem, ...]

    @property
    def complete(self) -> bool:
        return not self.problems


@dataclass(frozen=True)
class Entry:
    """One worksheet answer as it reaches the brief: its field, Thai label and items (a text is one item)."""

    field: str
    label_th: str
    items: tuple[str, ...]


@dataclass(frozen=True)
class BriefInputs:
    """For each brief field code, the worksheet entries that feed it, in worksheet order."""

    worksheet_version: str
    entries: Mapping[str, tuple[Entry, ...]]


@cache
def worksheet() -> Worksheet:
    data = load_json(WORKSHEET_FILE)
    return Worksheet(data["version"], tuple(Field.from_data(row) for row in data["fields"]))


def check_worksheet(answers: Mapping[str, Any], sheet: Worksheet | None = None) -> WorksheetCheck:
    """Every problem of the answers: missing required fields, short texts, bad items, unknown codes."""
    sheet = sheet or worksheet()
    known = {f.code for f in sheet.fields}
    problems = [p for f in sheet.fields for p in check_answer(f, answers.get(f.code))]
    problems += [Problem(code, f"ไม่รู้จักช่อง \"{code}\" ในแบบค้นหาเอกลักษณ์ ({sheet.version})",
                         f"unknown worksheet field {code!r}") for code in answers if code not in known]
    return WorksheetCheck(tuple(problems))


def summarise(answers: Mapping[str, Any], sheet: Worksheet | None = None) -> BriefInputs:
    """Group the non-blank answers by the brief field they feed. A choice gives its option's
    Thai label, unless the option is marked ``to_brief: false`` (e.g. "none")."""
    sheet = sheet or worksheet()
    entries: dict[str, list[Entry]] = {}
    for field in sheet.fields:
        value = answers.get(field.code)
        if is_blank(value):
            continue
        items = _items(field, value)
        for target in field.feeds if items else ():
            entries.setdefault(target, []).append(Entry(field.code, field.label_th, items))
    return BriefInputs(sheet.version, {k: tuple(v) for k, v in entries.items()})


def _items(field: Field, value: Any) -> tuple[str, ...]:
    if field.kind in ("text", "long_text"):
        return (value.strip(),)
    if field.kind == "choice":
        option = field.option(value.strip())
        return (option.label_th,) if option and option.to_brief else ()
    return items_of(value)
