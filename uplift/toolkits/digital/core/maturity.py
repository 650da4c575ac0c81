"""Digital maturity scoring modelled on the EU Digital Maturity Assessment for SMEs.

The questionnaire, answer weights, level bands and respondent role weights are data
(`data/dma_v1.json`); the rules below are stated there too ("scoring"):

- a question scores 0–1: the chosen answer's weight (single choice, yes/no, scale 0–5),
  or the sum of the chosen answers' weights capped at 1 (multiple choice);
- a dimension scores 100 × the mean of its question scores; overall = mean of the six;
- several respondents of one business: each role's weight is split equally among the
  respondents in that role and renormalised over the roles present.
"""

from __future__ import annotations

import json
import math
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

QUESTIONNAIRE_FILE = Path(__file__).resolve().parent.parent / "data" / "dma_v1.json"
KINDS = ("single", "multiple", "yesno", "scale")

AnswerValue = str | int | Sequence[str]


@dataclass(frozen=True)
class AnswerOption:
    code: str
    label_th: str
    label_en: str
    weight: float
    exclusive: bool = False


@dataclass(frozen=True)
class Question:
    id: str
    dimension: str
    kind: str
    text_th: str
    text_en: str
    answers: tuple[AnswerOption, ...]

    def option(self, code: str) -> AnswerOption | None:
        return next((a for a in self.answers if a.code == code), None)


@dataclass(frozen=True)
class Dimension:
    code: str
    name_th: str
    name_en: str


@dataclass(frozen=True)
class Band:
    code: str
    name_th: str
    name_en: str
    min: float
    max: float
    confirmed: bool


@dataclass(frozen=True)
class Role:
    code: str
    name_th: str
    name_en: str
    weight: float


@dataclass(frozen=True)
class Questionnaire:
    version: str
    dimensions: tuple[Dimension, ...]
    questions: tuple[Question, ...]
    bands: tuple[Band, ...]
    roles: tuple[Role, ...]

    def question(self, question_id: str) -> Question | None:
        return next((q for q in self.questions if q.id == question_id), None)

    def questions_of(self, dimension: str) -> tuple[Question, ...]:
        return tuple(q for q in self.questions if q.dimension == dimension)

    def role(self, code: str) -> Role | None:
        return next((r for r in self.roles if r.code == code), None)


@dataclass(frozen=True)
class AnswerError:
    question_id: str
    reason_th: str
    reason_en: str


class InvalidAnswers(ValueError):
    def __init__(self, errors: Sequence[AnswerError]):
        self.errors = tuple(errors)
        super().__init__("; ".join(f"{e.question_id}: {e.reason_th}" for e in self.errors))


@dataclass(frozen=True)
class MaturityScore:
    """Question scores 0–1, dimension scores 0–100 and the overall score 0–100."""

    questions: Mapping[str, float]
    dimensions: Mapping[str, float]
    overall: float


@dataclass(frozen=True)
class Respondent:
    role: str
    answers: Mapping[str, AnswerValue]
    name: str = ""


@dataclass(frozen=True)
class Spread:
    min: float
    max: float
    range: float
    sd: float


@dataclass(frozen=True)
class CombinedScore:
    score: MaturityScore
    respondents: tuple[MaturityScore, ...]
    weights: tuple[float, ...]
    spread: Mapping[str, Spread]


@dataclass(frozen=True)
class MaturityChange:
    dimensions: Mapping[str, float]
    overall: float
    band_t0: Band
    band_t1: Band


def load_questionnaire(path: Path = QUESTIONNAIRE_FILE) -> Questionnaire:
    raw = json.loads(Path(path).read_text(encoding="utf-8"))
    questionnaire = Questionnaire(
        version=raw["version"],
        dimensions=tuple(Dimension(d["code"], d["name_th"], d["name_en"]) for d in raw["dimensions"]),
        questions=tuple(
            Question(q["id"], q["dimension"], q["kind"], q["text_th"], q["text_en"],
                     tuple(AnswerOption(a["code"], a["label_th"], a["label_en"], float(a["weight"]),
                                        bool(a.get("exclusive", False))) for a in q["answers"]))
            for q in raw["questions"]),
        bands=tuple(Band(b["code"], b["name_th"], b["name_en"], float(b["min"]), float(b["max"]), bool(b["confirmed"]))
                    for b in raw["bands"]),
        roles=tuple(Role(r["code"], r["name_th"], r["name_en"], float(r["weight"])) for r in raw["respondent_roles"]),
    )
    _check_questionnaire(questionnaire)
    return questionnaire


def _check_questionnaire(q: Questionnaire) -> None:
    dimension_codes = {d.code for d in q.dimensions}
    ids = [question.id for question in q.questions]
    problems = [f"duplicate question id {i}" for i, n in Counter(ids).items() if n > 1]
    for question in q.questions:
        if question.dimension not in dimension_codes:
            problems.append(f"{question.id}: unknown dimension {question.dimension}")
        if question.kind not in KINDS:
            problems.append(f"{question.id}: unknown kind {question.kind}")
        if any(not 0 <= a.weight <= 1 for a in question.answers):
            problems.append(f"{question.id}: answer weights must lie in 0–1")
        if question.kind == "scale" and [a.code for a in question.answers] != [str(v) for v in range(6)]:
            problems.append(f"{question.id}: a scale question has the answers 0–5")
    problems += [f"dimension {d} has no question" for d in dimension_codes if not q.questions_of(d)]
    if q.bands and (q.bands[0].min != 0 or q.bands[-1].max != 100
                    or any(a.max != b.min for a, b in zip(q.bands, q.bands[1:]))):
        problems.append("bands must cover 0–100 without gaps, in order")
    if problems:
        raise ValueError(f"{q.version}: " + "; ".join(problems))


def _error(question_id: str, th: str, en: str) -> AnswerError:
    return AnswerError(question_id, th, en)


def _answer_errors(question: Question, value: AnswerValue) -> list[AnswerError]:
    qid = question.id
    if question.kind == "multiple":
        if isinstance(value, str) or not isinstance(value, Sequence) or not all(isinstance(c, str) for c in value):
            return [_error(qid, "ต้องเลือกเป็นรายการคำตอบ", "expects a list of answers")]
        if not value:
            return [_error(qid, "ยังไม่ได้เลือกคำตอบ", "no answer chosen")]
        unknown = [code for code in value if question.option(code) is None]
        if unknown:
            return [_error(qid, f"ไม่มีตัวเลือก {', '.join(unknown)}", f"no such answer: {', '.join(unknown)}")]
        if len(set(value)) != len(value):
            return [_error(qid, "เลือกคำตอบซ้ำ", "an answer is chosen twice")]
        exclusive = [code for code in value if question.option(code).exclusive]
        if exclusive and len(value) > 1:
            label = question.option(exclusive[0]).label_th
            return [_error(qid, f"เลือก '{label}' ร่วมกับคำตอบอื่นไม่ได้",
                           f"'{exclusive[0]}' cannot be combined with other answers")]
        return []
    code = str(value) if question.kind == "scale" and isinstance(value, int) and not isinstance(value, bool) else value
    if not isinstance(code, str):
        return [_error(qid, "ต้องเลือกคำตอบเดียว", "expects one answer")]
    if question.option(code) is None:
        if question.kind == "scale":
            return [_error(qid, f"ต้องเป็นตัวเลข 0-5 (ได้ {code})", f"must be 0–5 (got {code})")]
        return [_error(qid, f"ไม่มีตัวเลือก {code}", f"no such answer: {code}")]
    return []


def validate_answers(questionnaire: Questionnaire, answers: Mapping[str, AnswerValue]) -> list[AnswerError]:
    """Every problem with one respondent's answers, in questionnaire order, unknown ids last."""
    errors: list[AnswerError] = []
    for question in questionnaire.questions:
        value = answers.get(question.id)
        if value is None:
            errors.append(_error(question.id, "ยังไม่ได้ตอบ", "not answered"))
        else:
            errors += _answer_errors(question, value)
    errors += [_error(qid, "ไม่มีข้อคำถามนี้ในแบบประเมิน", "no such question in this questionnaire")
               for qid in answers if questionnaire.question(qid) is None]
    return errors


def question_score(question: Question, value: AnswerValue) -> float:
    if question.kind == "multiple":
        return min(1.0, sum(question.option(code).weight for code in value))
    return question.option(str(value)).weight


def _score_from_questions(questionnaire: Questionnaire, questions: Mapping[str, float]) -> MaturityScore:
    dimensions = {d.code: 100 * sum(questions[q.id] for q in questionnaire.questions_of(d.code))
                  / len(questionnaire.questions_of(d.code)) for d in questionnaire.dimensions}
    return MaturityScore(questions=questions, dimensions=dimensions,
                         overall=sum(dimensions.values()) / len(dimensions))


def score_answers(questionnaire: Questionnaire, answers: Mapping[str, AnswerValue]) -> MaturityScore:
    """Scores one respondent; raises InvalidAnswers naming every bad or missing answer."""
    errors = validate_answers(questionnaire, answers)
    if errors:
        raise InvalidAnswers(errors)
    return _score_from_questions(questionnaire,
                                 {q.id: question_score(q, answers[q.id]) for q in questionnaire.questions})


def respondent_weights(questionnaire: Questionnaire, roles: Sequence[str]) -> tuple[float, ...]:
    """Each role's weight split equally among its respondents, renormalised over the roles present."""
    unknown = sorted({r for r in roles if questionnaire.role(r) is None})
    if unknown:
        raise ValueError(f"ไม่มีบทบาทผู้ตอบ {', '.join(unknown)} (unknown respondent role)")
    counts = Counter(roles)
    raw = [questionnaire.role(r).weight / counts[r] for r in roles]
    total = sum(raw)
    if total <= 0:
        raise ValueError("น้ำหนักบทบาทผู้ตอบรวมเป็นศูนย์ (role weights sum to zero)")
    return tuple(w / total for w in raw)


def combine_respondents(questionnaire: Questionnaire, respondents: Sequence[Respondent]) -> CombinedScore:
    """One business's score from several respondents (owner, successor, staff).

    Raises InvalidAnswers with each respondent's errors, the question id prefixed by the
    respondent's position (1-based) and name.
    """
    if not respondents:
        raise ValueError("ต้องมีผู้ตอบอย่างน้อย 1 คน (no respondent)")
    errors = [AnswerError(f"{i}{':' + r.name if r.name else ''}:{e.question_id}", e.reason_th, e.reason_en)
              for i, r in enumerate(respondents, start=1) for e in validate_answers(questionnaire, r.answers)]
    if errors:
        raise InvalidAnswers(errors)
    weights = respondent_weights(questionnaire, [r.role for r in respondents])
    scores = tuple(score_answers(questionnaire, r.answers) for r in respondents)
    combined = {q.id: sum(w * s.questions[q.id] for w, s in zip(weights, scores)) for q in questionnaire.questions}
    spread = {}
    for d in questionnaire.dimensions:
        values = [s.dimensions[d.code] for s in scores]
        mean = sum(values) / len(values)
        spread[d.code] = Spread(min=min(values), max=max(values), range=max(values) - min(values),
                                sd=math.sqrt(sum((v - mean) ** 2 for v in values) / len(values)))
    return CombinedScore(score=_score_from_questions(questionnaire, combined), respondents=scores,
                         weights=weights, spread=spread)


def band_for(questionnaire: Questionnaire, score: float) -> Band:
    """The first band, in data order, whose max is at least the score (25 is Basic, 25.1 the next)."""
    if not 0 <= score <= 100:
        raise ValueError(f"คะแนนต้องอยู่ระหว่าง 0-100 (score {score} outside 0–100)")
    return next(b for b in questionnaire.bands if score <= b.max)


def maturity_change(questionnaire: Questionnaire, t0: MaturityScore, t1: MaturityScore) -> MaturityChange:
    """T1 − T0 per dimension and overall, in score points, with the band at each time."""
    return MaturityChange(
        dimensions={d.code: t1.dimensions[d.code] - t0.dimensions[d.code] for d in questionnaire.dimensions},
        overall=t1.overall - t0.overall,
        band_t0=band_for(questionnaire, t0.overall),
        band_t1=band_for(questionnaire, t1.overall),
    )
