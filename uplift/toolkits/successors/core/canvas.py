"""Lean Canvas blocks (LeanStack, CC BY-SA) and their presence and length checks, as data.

Length counts Unicode code points after trimming and collapsing whitespace, so Thai vowel
and tone marks count, as they do in a browser's `maxlength`. An optional block may be
empty; once filled it must meet its limits.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

CANVAS_FILE = Path(__file__).resolve().parent.parent / "data" / "lean_canvas_v1.json"


@dataclass(frozen=True)
class Block:
    code: str
    order: int
    label_th: str
    label_en: str
    prompt_th: str
    prompt_en: str
    required: bool
    min_chars: int
    max_chars: int


@dataclass(frozen=True)
class CanvasSpec:
    version: str
    blocks: tuple[Block, ...]

    def block(self, code: str) -> Block | None:
        return next((b for b in self.blocks if b.code == code), None)


@dataclass(frozen=True)
class BlockError:
    block: str
    reason_th: str
    reason_en: str


def load_canvas(path: Path = CANVAS_FILE) -> CanvasSpec:
    raw = json.loads(Path(path).read_text(encoding="utf-8"))
    blocks = tuple(sorted((Block(b["code"], int(b["order"]), b["label_th"], b["label_en"], b["prompt_th"],
                                 b["prompt_en"], bool(b["required"]), int(b["min_chars"]), int(b["max_chars"]))
                           for b in raw["blocks"]), key=lambda b: b.order))
    bad = [b.code for b in blocks if not 0 <= b.min_chars <= b.max_chars]
    if bad or len({b.code for b in blocks}) != len(blocks):
        raise ValueError(f"{raw['version']}: duplicate blocks or bad limits {', '.join(bad)}")
    return CanvasSpec(version=raw["version"], blocks=blocks)


def text_length(text: str) -> int:
    return len(" ".join(text.split()))


def validate_canvas(spec: CanvasSpec, entries: Mapping[str, str | None]) -> list[BlockError]:
    """Every block that fails, in canvas order, then any unknown block."""
    errors = []
    for block in spec.blocks:
        length = text_length(entries.get(block.code) or "")
        if length == 0:
            if block.required:
                errors.append(BlockError(block.code, f"ยังไม่ได้กรอก '{block.label_th}'", f"'{block.label_en}' is empty"))
        elif length < block.min_chars:
            errors.append(BlockError(block.code,
                                     f"'{block.label_th}' สั้นเกินไป: {length} ตัวอักษร ต้องมีอย่างน้อย {block.min_chars}",
                                     f"'{block.label_en}' too short: {length} characters, at least {block.min_chars}"))
        elif length > block.max_chars:
            errors.append(BlockError(block.code,
                                     f"'{block.label_th}' ยาวเกินไป: {length} ตัวอักษร ได้ไม่เกิน {block.max_chars}",
                                     f"'{block.label_en}' too long: {length} characters, at most {block.max_chars}"))
    errors += [BlockError(code, "ไม่มีช่องนี้ใน Lean Canvas", "no such Lean Canvas block")
               for code in entries if spec.block(code) is None]
    return errors
