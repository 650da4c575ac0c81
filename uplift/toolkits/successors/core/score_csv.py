"""Long-form pitch scores from CSV text: `pitch,judge,score` with an optional `criterion`.

Every problem names its row (the header is row 1) and column. With a `criterion` column
each criterion must be in the rubric and each score on the rubric's scale; totals (no
criterion column) are taken on whatever scale the organiser used.
"""

from __future__ import annotations

import csv
import io
import math
from dataclasses import dataclass

from .rubric import Rubric

REQUIRED = ("pitch", "judge", "score")


@dataclass(frozen=True)
class ScoreRow:
    pitch: str
    judge: str
    score: float
    criterion: str | None = None
    row: int | None = None


class ScoreFileError(ValueError):
    def __init__(self, row: int, column: str, reason_th: str, reason_en: str):
        self.row, self.column, self.reason_th, self.reason_en = row, column, reason_th, reason_en
        super().__init__(f"แถว {row} คอลัมน์ {column}: {reason_th} (row {row}, column {column}: {reason_en})")


def parse_scores_csv(text: str, rubric: Rubric | None = None) -> list[ScoreRow]:
    """Rows of a score file; `rubric` checks criteria and scale when a `criterion` column is present."""
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff")))
    header = next(reader, None)
    if not header or not any(cell.strip() for cell in header):
        raise ScoreFileError(1, "-", "ไฟล์ว่าง ไม่มีหัวตาราง", "empty file, no header")
    names = [cell.strip().lower() for cell in header]
    for column in REQUIRED:
        if column not in names:
            raise ScoreFileError(1, column, f"ไม่มีคอลัมน์ {column}", f"missing column {column}")
    index = {name: names.index(name) for name in (*REQUIRED, "criterion") if name in names}
    by_criterion = "criterion" in index
    if by_criterion and rubric is None:
        raise ValueError("มีคอลัมน์ criterion ต้องระบุเกณฑ์การให้คะแนน (a criterion column needs a rubric)")
    rows: list[ScoreRow] = []
    seen: dict[tuple, int] = {}
    for number, cells in enumerate(reader, start=2):
        if not any(cell.strip() for cell in cells):
            continue
        values = {name: (cells[i].strip() if i < len(cells) else "") for name, i in index.items()}
        for column in index:
            if not values[column]:
                raise ScoreFileError(number, column, "ค่าว่าง", "empty value")
        try:
            score = float(values["score"])
        except ValueError:
            score = math.nan
        if not math.isfinite(score):
            raise ScoreFileError(number, "score", f"ไม่ใช่ตัวเลข: {values['score']}", f"not a number: {values['score']}")
        criterion = values.get("criterion")
        if by_criterion:
            if rubric.criterion(criterion) is None:
                raise ScoreFileError(number, "criterion", f"ไม่มีเกณฑ์ {criterion} ใน {rubric.version}",
                                     f"no criterion {criterion} in {rubric.version}")
            if not rubric.scale_min <= score <= rubric.scale_max:
                raise ScoreFileError(number, "score", f"คะแนน {score:g} อยู่นอกช่วง {rubric.scale_min:g}-{rubric.scale_max:g}",
                                     f"score {score:g} outside {rubric.scale_min:g}–{rubric.scale_max:g}")
        key = (values["pitch"], values["judge"], criterion)
        if key in seen:
            raise ScoreFileError(number, "criterion" if by_criterion else "judge",
                                 f"ให้คะแนนซ้ำกับแถว {seen[key]}", f"duplicates row {seen[key]}")
        seen[key] = number
        rows.append(ScoreRow(values["pitch"], values["judge"], score, criterion, number))
    if not rows:
        raise ScoreFileError(2, "-", "ไม่มีข้อมูลคะแนน", "no score rows")
    return rows
