"""The certification pipeline as a state machine, certificate number checks, default expiry and
the reminders due before expiry (``certification_v1.json`` and each catalogue file's rule).

The pipeline: gap assessed → corrective actions → pre-audit → applied → audited → certified or
refused (withdrawal possible before a decision). Any move not listed in the data is refused with
a Thai message naming both states; steps are dated and a step may not predate the one before.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache

from .catalogue import StandardSpec
from .reference import load_json

PIPELINE_FILE = "certification_v1.json"
BUDDHIST_ERA_OFFSET = 543


@dataclass(frozen=True)
class State:
    code: str
    name_th: str
    name_en: str
    terminal: bool


@dataclass(frozen=True)
class Pipeline:
    version: str
    states: tuple[State, ...]
    initial: str
    transitions: frozenset[tuple[str, str]]
    reminder_offsets: tuple[int, ...]
    expiry_day_before_anniversary: bool

    def state(self, code: str) -> State:
        for s in self.states:
            if s.code == code:
                return s
        raise KeyError(code)

    def allowed(self, current: str) -> tuple[str, ...]:
        """The states one may move to from ``current``, in the pipeline's order."""
        return tuple(s.code for s in self.states if (current, s.code) in self.transitions)

    def illegal(self) -> tuple[tuple[str, str], ...]:
        """Every pair of states the pipeline does not allow (a state to itself included)."""
        codes = [s.code for s in self.states]
        return tuple((a, b) for a in codes for b in codes if (a, b) not in self.transitions)


class IllegalTransition(ValueError):
    def __init__(self, message_th: str, message_en: str):
        self.message_th = message_th
        super().__init__(message_en)


@cache
def pipeline() -> Pipeline:
    data = load_json(PIPELINE_FILE)
    states = tuple(State(s["code"], s["name_th"], s["name_en"], bool(s["terminal"])) for s in data["states"])
    codes = {s.code for s in states}
    transitions = frozenset((a, b) for a, b in data["transitions"])
    unknown = {c for pair in transitions for c in pair} - codes
    if unknown or data["initial"] not in codes:
        raise ValueError(f"{data['version']}: unknown states {sorted(unknown)}")
    if any(a == b for a, b in transitions) or any(s.terminal and s.code == a for s in states for a, _ in transitions):
        raise ValueError(f"{data['version']}: a state moves to itself or a terminal state moves on")
    offsets = tuple(sorted({int(d) for d in data["reminder_offsets_days"]}, reverse=True))
    return Pipeline(data["version"], states, data["initial"], transitions, offsets,
                    bool(data["expiry_day_before_anniversary"]))


def check_transition(current: str, target: str, *, on: date, last_on: date | None, today: date,
                     flow: Pipeline | None = None) -> None:
    """Refuse (``IllegalTransition``) a move the pipeline does not list, or a date before the previous
    step or in the future."""
    flow = flow or pipeline()
    try:
        here, there = flow.state(current), flow.state(target)
    except KeyError as error:
        raise IllegalTransition(f"ไม่รู้จักสถานะ \"{error.args[0]}\"", f"unknown state {error.args[0]!r}") from None
    if (current, target) not in flow.transitions:
        allowed = ", ".join(flow.state(c).name_th for c in flow.allowed(current)) or "ไม่มี (สิ้นสุดแล้ว)"
        raise IllegalTransition(
            f"เปลี่ยนจาก \"{here.name_th}\" เป็น \"{there.name_th}\" ไม่ได้ (ขั้นต่อไปที่ทำได้: {allowed})",
            f"cannot move from {current} to {target}")
    if on > today:
        raise IllegalTransition(f"วันที่ {_be(on)} ยังมาไม่ถึง", f"{on.isoformat()} is in the future")
    if last_on is not None and on < last_on:
        raise IllegalTransition(f"วันที่ {_be(on)} อยู่ก่อนขั้นตอนก่อนหน้า ({_be(last_on)})",
                                f"{on.isoformat()} is before the previous step {last_on.isoformat()}")


@dataclass(frozen=True)
class NumberCheck:
    ok: bool
    number: str
    message_th: str = ""


def check_number(spec: StandardSpec, text: str, *, today: date) -> NumberCheck:
    """A certificate number against its standard's rule; ``number`` is the normalised form when ok.

    ``pattern``: the whole number matches (อย.: ``XX-X-XXXXX-X-XXXX``; no check digit is documented).
    ``tcps``: ``n/yyyy`` (optionally after "มผช."), the year in Buddhist era between the first
    community product standards and this year. ``free``: any text up to the rule's length.
    """
    rule = spec.number_rule
    number = re.sub(r"\s+", " ", (text or "").strip())
    if not number:
        return NumberCheck(False, number, f"ยังไม่ได้กรอกเลขที่ใบรับรอง{spec.name_th}")
    if rule.kind == "pattern":
        if re.fullmatch(rule.pattern, number):
            return NumberCheck(True, number)
        digits = re.sub(r"\D", "", number)
        hint = (f" ควรเป็น {digits[:2]}-{digits[2]}-{digits[3:8]}-{digits[8]}-{digits[9:]}" if len(digits) == 13
                else f" (มีตัวเลข {len(digits)} หลัก)")
        message = rule.message_th or f"รูปแบบเลขที่ไม่ถูกต้อง ตัวอย่าง {rule.example}"
        return NumberCheck(False, number, f"\"{number}\": {message}{hint}")
    if rule.kind == "tcps":
        match = re.fullmatch(rule.pattern, number)
        if match is None:
            return NumberCheck(False, number, f"\"{number}\": เลขที่ มผช. ต้องอยู่ในรูปแบบ เลขที่/ปี พ.ศ. 4 หลัก เช่น {rule.example}")
        serial, year = int(match.group(1)), int(match.group(2))
        this_year = today.year + BUDDHIST_ERA_OFFSET
        first = rule.first_year_be or 0
        if serial == 0:
            return NumberCheck(False, number, f"\"{number}\": เลขที่มาตรฐานต้องมากกว่า 0")
        if not first <= year <= this_year:
            return NumberCheck(False, number, f"\"{number}\": ปี พ.ศ. {year} ต้องอยู่ระหว่าง {first} ถึง {this_year}"
                               + (" (ใส่ปี ค.ศ. หรือไม่)" if year < first and year + BUDDHIST_ERA_OFFSET <= this_year else ""))
        return NumberCheck(True, f"มผช. {serial}/{year}")
    limit = rule.max_length or 60
    if len(number) > limit:
        return NumberCheck(False, number, f"เลขที่ใบรับรองยาวเกิน {limit} ตัวอักษร")
    return NumberCheck(True, number)


def default_expiry(spec: StandardSpec, issued_on: date, flow: Pipeline | None = None) -> date | None:
    """The anniversary ``validity_years`` after issue (the day before it, by the project's convention);
    None when the standard has no default validity."""
    flow = flow or pipeline()
    if not spec.validity_years:
        return None
    year = issued_on.year + spec.validity_years
    try:
        anniversary = issued_on.replace(year=year)
    except ValueError:
        anniversary = date(year, 3, 1)
    return anniversary - timedelta(days=1) if flow.expiry_day_before_anniversary else anniversary


def check_dates(issued_on: date | None, expires_on: date | None, *, today: date) -> dict[str, str]:
    """Field → Thai problem: issue date missing or in the future, expiry not after issue."""
    problems: dict[str, str] = {}
    if issued_on is None:
        problems["issued_on"] = "ยังไม่ได้กรอกวันที่ออกใบรับรอง"
    elif issued_on > today:
        problems["issued_on"] = f"วันที่ออกใบรับรอง {_be(issued_on)} ยังมาไม่ถึง"
    if issued_on is not None and expires_on is not None and expires_on <= issued_on:
        problems["expires_on"] = f"วันหมดอายุ {_be(expires_on)} ต้องหลังวันที่ออก {_be(issued_on)}"
    return problems


@dataclass(frozen=True)
class ReminderDue:
    """Offsets to mark as sent now (each once), and the days left the one message tells."""

    offsets: tuple[int, ...]
    days_left: int


def reminders_due(expires_on: date | None, today: date, sent: Iterable[int],
                  flow: Pipeline | None = None) -> ReminderDue | None:
    """Which reminders (90/30/7 days before expiry) fall due today and were not sent yet.

    A run that missed days sends one message and marks every offset already passed, so no offset is
    ever sent twice nor a stale one sent late. Nothing after expiry.
    """
    flow = flow or pipeline()
    if expires_on is None:
        return None
    days_left = (expires_on - today).days
    if days_left < 0:
        return None
    done = set(sent)
    due = tuple(o for o in flow.reminder_offsets if days_left <= o and o not in done)
    return ReminderDue(due, days_left) if due else None


def _be(day: date) -> str:
    return f"{day.day}/{day.month}/{day.year + BUDDHIST_ERA_OFFSET}"
