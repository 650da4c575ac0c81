"""Side-by-side comparison of two mock-up versions: which label problems the later version fixed,
which it introduced, which remain, and which label elements changed."""

from __future__ import annotations

from dataclasses import asdict, dataclass

from .label import CheckItem, FoodLabel, LabelChecklist


@dataclass(frozen=True)
class FieldChange:
    element: str
    before: object
    after: object


@dataclass(frozen=True)
class Comparison:
    fixed: tuple[CheckItem, ...]
    introduced: tuple[CheckItem, ...]
    remaining: tuple[CheckItem, ...]
    changes: tuple[FieldChange, ...]

    @property
    def better(self) -> bool:
        return len(self.fixed) > len(self.introduced)


def _key(item: CheckItem) -> tuple[str, str]:
    return item.rule_id, item.message_th


def compare_checklists(a: LabelChecklist, b: LabelChecklist) -> tuple[tuple[CheckItem, ...], ...]:
    """(fixed in b, new in b, in both), each a tuple of problems keyed by rule and message."""
    before = {_key(i): i for i in a.problems}
    after = {_key(i): i for i in b.problems}
    return (tuple(i for k, i in before.items() if k not in after),
            tuple(i for k, i in after.items() if k not in before),
            tuple(i for k, i in after.items() if k in before))


def compare(label_a: FoodLabel | None, checklist_a: LabelChecklist | None,
            label_b: FoodLabel | None, checklist_b: LabelChecklist | None) -> Comparison:
    """Version a (earlier) against b; a side without a label description compares as empty."""
    empty = LabelChecklist("", ())
    fixed, introduced, remaining = compare_checklists(checklist_a or empty, checklist_b or empty)
    fields_a = asdict(label_a) if label_a else {}
    fields_b = asdict(label_b) if label_b else {}
    changes = tuple(FieldChange(k, fields_a.get(k), fields_b.get(k))
                    for k in sorted(set(fields_a) | set(fields_b)) if fields_a.get(k) != fields_b.get(k))
    return Comparison(fixed, introduced, remaining, changes)
