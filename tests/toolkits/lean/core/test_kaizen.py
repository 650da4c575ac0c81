from datetime import date

import pytest

from uplift.toolkits.lean.core.kaizen import KaizenCard, KaizenDataError, Period, kaizen_effect
from uplift.toolkits.lean.core.oee import ShiftRow

BEFORE_GOOD = [60, 62, 58, 61, 59]
AFTER_GOOD = [70, 72, 68, 71, 69]


def log(line: str = "สายกวน") -> list[ShiftRow]:
    # planned 100 min, no downtime, ideal 60 s, every piece good → per-shift OEE = good / 100
    rows = [ShiftRow.single(f"b{i}", line, date(2026, 1, 5 + i), 100, 0, 60, g, g) for i, g in enumerate(BEFORE_GOOD)]
    rows += [ShiftRow.single(f"a{i}", line, date(2026, 2, 2 + i), 100, 0, 60, g, g) for i, g in enumerate(AFTER_GOOD)]
    return rows


def card(metric: str = "oee", **kwargs) -> KaizenCard:
    return KaizenCard("K1", "ต้องรอน้ำตาลเคี่ยวนาน", "อุ่นน้ำตาลล่วงหน้า", "คุณสมศรี", date(2026, 1, 20),
                      Period(date(2026, 1, 1), date(2026, 1, 31)), Period(date(2026, 2, 1), date(2026, 2, 28)),
                      metric, **kwargs)


def test_welch_interval_hand_computed():
    # before OEE .60 .62 .58 .61 .59 (mean .60), after .70 .72 .68 .71 .69 (mean .70): Δ = 0.10
    # each variance = (0 + 4 + 4 + 1 + 1) / 4 × 10⁻⁴ = 2.5 × 10⁻⁴; SE = √(2.5e-4/5 + 2.5e-4/5) = 0.01
    # Welch df = 8 (equal variances and sizes); t(0.975, 8) = 2.306004 → 0.10 ± 0.02306
    effect = kaizen_effect(card(), log())
    assert effect.method == "welch_t" and effect.confidence == 0.95
    assert effect.difference == pytest.approx(0.10)
    assert effect.ci_low == pytest.approx(0.10 - 2.306004 * 0.01, abs=1e-6)
    assert effect.ci_high == pytest.approx(0.10 + 2.306004 * 0.01, abs=1e-6)
    assert effect.improved
    assert effect.before_rollup == pytest.approx(300 / 500) and effect.after_rollup == pytest.approx(350 / 500)
    assert effect.before_row_ids == ("b0", "b1", "b2", "b3", "b4")
    assert effect.after_row_ids == ("a0", "a1", "a2", "a3", "a4")


def test_output_per_hour_and_only_the_cards_line():
    rows = log() + log("สายบรรจุ")[:3]
    effect = kaizen_effect(card("output_per_hour", line="สายกวน"), rows)
    # good per planned hour = good / (100 / 60): Δ mean = 10 × 0.6 = 6 pieces/hour
    assert effect.difference == pytest.approx(6.0) and effect.before_n == 5


def test_bootstrap_is_seeded():
    first = kaizen_effect(card(), log(), method="bootstrap", seed=7)
    again = kaizen_effect(card(), log(), method="bootstrap", seed=7)
    assert first.method == "bootstrap"
    assert (first.ci_low, first.ci_high) == (again.ci_low, again.ci_high)
    assert first.ci_low < 0.10 < first.ci_high


def test_scrap_rate_better_is_down():
    rows = [ShiftRow.single(f"b{i}", "A", date(2026, 1, 5 + i), 100, 0, 60, 80, 80 - d)
            for i, d in enumerate([8, 9, 7, 8, 10])]
    rows += [ShiftRow.single(f"a{i}", "A", date(2026, 2, 2 + i), 100, 0, 60, 80, 80 - d)
             for i, d in enumerate([2, 3, 1, 2, 2])]
    effect = kaizen_effect(card("scrap_rate"), rows)
    assert effect.better == "down" and effect.difference < 0 and effect.improved


def test_refuses_too_few_shifts():
    with pytest.raises(KaizenDataError, match="อย่างน้อย 5 กะ"):
        kaizen_effect(card(), log()[1:])
