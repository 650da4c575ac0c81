"""Form fields described as data (the worksheet and the brief), and the checks of one answer.

A field's kind decides the shape of its answer: ``text``/``long_text``/``choice`` a string,
``list``/``colours``/``photos`` a sequence of strings, ``milestones`` a sequence of
:class:`Milestone` (or ``{"name", "due"}`` mappings with an ISO date).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

KINDS = frozenset({"text", "long_text", "list", "choice", "colours", "photos", "milestones"})
HEX_COLOUR = re.compile(r"^#[0-9A-Fa-f]{6}$")


@dataclass(frozen=True)
class Option:
    code: str
    label_th: str
    label_en: str
    to_brief: bool = True


@dataclass(frozen=True)
class Field:
    code: str
    kind: str
    required: bool
    label_th: str
    label_en: str
    prompt_th: str
    prompt_en: str
    min_length: int = 0
    min_items: int = 0
    max_items: int | None = None
    options: tuple[Option, ...] = ()
    feeds: tuple[str, ...] = ()

    @classmethod
    def from_data(cls, row: Mapping[str, Any]) -> Field:
        if row["kind"] not in KINDS:
            raise ValueError(f"field {row['code']}: unknown kind {row['kind']!r}")
        return cls(
            code=row["code"], kind=row["kind"], required=bool(row["required"]),
            label_th=row["label_th"], label_en=row["label_en"],
            prompt_th=row["prompt_th"], prompt_en=row["prompt_en"],
            min_length=int(row.get("min_length", 0)), min_items=int(row.get("min_items", 0)),
            max_items=row.get("max_items"),
            options=tuple(Option(o["code"], o["label_th"], o["label_en"], bool(o.get("to_brief", True)))
                          for o in row.get("options", ())),
            feeds=tuple(row.get("feeds", ())),
        )

    def option(self, code: str) -> Option | None:
        return next((o for o in self.options if o.code == code), None)


@dataclass(frozen=True)
class Milestone:
    name: str
    due: date


@dataclass(frozen=True)
class Problem:
    field: str
    message_th: str
    message_en: str


def milestones_of(value: Any) -> tuple[Milestone, ...]:
    """Milestones from dataclasses or ``{"name", "due"}`` mappings; ``ValueError`` on bad dates."""
    out = []
    for item in value:
        if isinstance(item, Milestone):
            out.append(item)
            continue
        due = item.get("due")
        out.append(Milestone(str(item.get("name", "")).strip(),
                             due if isinstance(due, date) else date.fromisoformat(str(due))))
    return tuple(out)


def items_of(value: Any) -> tuple[str, ...]:
    return tuple(str(v).strip() for v in value if str(v).strip())


def is_blank(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, Sequence):
        return not any(v for v in value if not isinstance(v, str) or v.strip())
    return False


def check_answer(field: Field, value: Any) -> list[Problem]:
    """Problems of one answer, each naming the field in Thai; a blank optional answer has none."""
    label = field.label_th
    if is_blank(value):
        if field.required:
            return [Problem(field.code, f"ยังไม่ได้กรอก \"{label}\"", f"'{field.label_en}' is missing")]
        return []
    if field.kind in ("text", "long_text", "choice"):
        if not isinstance(value, str):
            return [_bad_shape(field)]
        return _check_text(field, value.strip())
    if isinstance(value, str) or not isinstance(value, Sequence):
        return [_bad_shape(field)]
    if field.kind == "milestones":
        return _check_milestones(field, value)
    return _check_items(field, items_of(value))


def _bad_shape(field: Field) -> Problem:
    return Problem(field.code, f"\"{field.label_th}\": รูปแบบคำตอบไม่ถูกต้อง",
                   f"'{field.label_en}': the answer has the wrong shape")


def _check_text(field: Field, text: str) -> list[Problem]:
    if field.kind == "choice":
        if field.option(text) is None:
            return [Problem(field.code, f"\"{field.label_th}\": ไม่มีตัวเลือก \"{text}\"",
                            f"'{field.label_en}': no option {text!r}")]
        return []
    if len(text) < field.min_length:
        return [Problem(field.code,
                        f"\"{field.label_th}\" สั้นเกินไป: {len(text)} ตัวอักษร ต้องมีอย่างน้อย {field.min_length} ตัวอักษร",
                        f"'{field.label_en}' is too short: {len(text)} characters, at least {field.min_length}")]
    return []


def _check_items(field: Field, items: tuple[str, ...]) -> list[Problem]:
    problems = []
    if len(items) < field.min_items:
        problems.append(Problem(field.code,
                                f"\"{field.label_th}\" มี {len(items)} รายการ ต้องมีอย่างน้อย {field.min_items} รายการ",
                                f"'{field.label_en}' has {len(items)} items, at least {field.min_items}"))
    if field.max_items is not None and len(items) > field.max_items:
        problems.append(Problem(field.code,
                                f"\"{field.label_th}\" มี {len(items)} รายการ ใส่ได้ไม่เกิน {field.max_items} รายการ",
                                f"'{field.label_en}' has {len(items)} items, at most {field.max_items}"))
    if field.kind == "colours":
        problems += [Problem(field.code, f"\"{field.label_th}\": รหัสสี \"{c}\" ไม่ถูกต้อง ใช้ชื่อสีหรือรูปแบบ #RRGGBB",
                             f"'{field.label_en}': colour code {c!r} is not #RRGGBB")
                     for c in items if c.startswith("#") and not HEX_COLOUR.match(c)]
    return problems


def _check_milestones(field: Field, value: Sequence[Any]) -> list[Problem]:
    try:
        milestones = milestones_of(value)
    except (ValueError, TypeError, AttributeError):
        return [Problem(field.code, f"\"{field.label_th}\": วันที่ไม่ถูกต้อง (ใช้รูปแบบ ปปปป-ดด-วว ค.ศ.)",
                        f"'{field.label_en}': a date is not an ISO date")]
    problems = _check_items(field, tuple(m.name or "?" for m in milestones))
    problems += [Problem(field.code, f"\"{field.label_th}\": มีขั้นตอนที่ไม่มีชื่อ (ครบกำหนด {_be(m.due)})",
                         f"'{field.label_en}': a milestone due {m.due.isoformat()} has no name")
                 for m in milestones if not m.name]
    problems += [Problem(field.code, f"\"{field.label_th}\": \"{b.name}\" ({_be(b.due)}) มาก่อน \"{a.name}\" ({_be(a.due)})",
                         f"'{field.label_en}': '{b.name}' is dated before '{a.name}'")
                 for a, b in zip(milestones, milestones[1:]) if b.due < a.due]
    return problems


def _be(day: date) -> str:
    return f"{day.day}/{day.month}/{day.year + 543}"
