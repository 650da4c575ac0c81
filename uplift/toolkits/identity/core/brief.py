"""The design brief: strategy and specification sections as data, their check, and a brief
prefilled from the identity worksheet for the designer to edit."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from .fields import Field, Problem, check_answer
from .reference import load_json
from .worksheet import BriefInputs

BRIEF_FILE = "design_brief_v1.json"


@dataclass(frozen=True)
class Section:
    code: str
    label_th: str
    label_en: str
    fields: tuple[Field, ...]


@dataclass(frozen=True)
class BriefSchema:
    version: str
    sections: tuple[Section, ...]

    @property
    def fields(self) -> tuple[Field, ...]:
        return tuple(f for s in self.sections for f in s.fields)

    def field(self, code: str) -> Field:
        return next(f for f in self.fields if f.code == code)


@dataclass(frozen=True)
class BriefCheck:
    problems: tuple[Problem, ...]

    @property
    def complete(self) -> bool:
        return not self.problems

    def by_section(self, schema: BriefSchema) -> dict[str, tuple[Problem, ...]]:
        return {s.code: tuple(p for p in self.problems if p.field in {f.code for f in s.fields})
                for s in schema.sections}


@cache
def brief_schema() -> BriefSchema:
    data = load_json(BRIEF_FILE)
    return BriefSchema(data["version"], tuple(
        Section(s["code"], s["label_th"], s["label_en"], tuple(Field.from_data(f) for f in s["fields"]))
        for s in data["sections"]))


def check_brief(answers: Mapping[str, Any], schema: BriefSchema | None = None) -> BriefCheck:
    """Every missing, short or malformed field, named in Thai, in the brief's order."""
    schema = schema or brief_schema()
    known = {f.code for f in schema.fields}
    problems = [p for f in schema.fields for p in check_answer(f, answers.get(f.code))]
    problems += [Problem(code, f"ไม่รู้จักช่อง \"{code}\" ในบรีฟงานออกแบบ ({schema.version})",
                         f"unknown brief field {code!r}") for code in answers if code not in known]
    return BriefCheck(tuple(problems))


def prefill_brief(inputs: BriefInputs, schema: BriefSchema | None = None) -> dict[str, Any]:
    """Brief answers from the worksheet summary: a text field gets one "label: items" line per
    entry, a list field gets the items. Fields the worksheet does not feed are left out."""
    schema = schema or brief_schema()
    answers: dict[str, Any] = {}
    for field in schema.fields:
        entries = inputs.entries.get(field.code)
        if not entries or field.kind == "milestones":
            continue
        if field.kind in ("text", "long_text"):
            answers[field.code] = "\n".join(f"{e.label_th}: {', '.join(e.items)}" for e in entries)
        else:
            answers[field.code] = [item for e in entries for item in e.items]
    return answers
