import csv
from datetime import date
from pathlib import Path

import pytest

from uplift.toolkits.lean.core.oee import ShiftRow
from uplift.toolkits.lean.core.reference import savings_rules
from uplift.toolkits.lean.core.savings import capacity_bound, defects, demand_bound

INDICATORS = Path(__file__).resolve().parents[4] / "uplift" / "outcomes" / "data" / "indicators.csv"

# before: planned 400, downtime 40, ideal 30 s, 600 made, 570 good → OEE = 570 × 0.5 / 400 = 0.7125
# after:  planned 400, downtime 20, ideal 30 s, 700 made, 686 good → OEE = 686 × 0.5 / 400 = 0.8575
BEFORE = [ShiftRow.single("r1", "สายบรรจุ", date(2026, 1, 5), 400, 40, 30, 600, 570)]
AFTER = [ShiftRow.single("r2", "สายบรรจุ", date(2026, 3, 2), 400, 20, 30, 700, 686)]


def test_capacity_bound():
    # ΔOEE 0.145 × 8,800 min × 60 / 30 s = 2,552 extra pieces × 12 baht = 30,624 baht/month;
    # over 704 worker-hours a month: +43.5 baht/worker-hour
    line = capacity_bound(BEFORE, AFTER, planned_minutes_per_month=8_800, contribution_margin_baht=12,
                          worker_hours_per_month=704)
    assert (line.before, line.after) == (pytest.approx(0.7125), pytest.approx(0.8575))
    assert line.inputs["extra_pieces_per_month"] == pytest.approx(2_552)
    assert line.baht_per_month == pytest.approx(30_624)
    [observation] = line.observations
    assert (observation.indicator, observation.unit, observation.kind) == ("productivity", "baht/worker-hour", "change")
    assert observation.value == pytest.approx(43.5)
    assert (line.before_row_ids, line.after_row_ids, observation.source_row_ids) == (("r1",), ("r2",), ("r1", "r2"))
    assert line.rule == "capacity_bound" and "ΔOEE" in line.formula


def test_demand_bound():
    # planned minutes per good piece: 400 / 570 before, 400 / 686 after; Δ = 400 × 116 / (570 × 686)
    # = 46,400 / 391,020 min; × 10,000 pieces / 60 = 19.7773 h × (150 + 50) baht = 3,955.47 baht/month
    line = demand_bound(BEFORE, AFTER, demand_pieces_per_month=10_000, labour_baht_per_hour=150,
                        energy_baht_per_hour=50)
    hours = 10_000 * 46_400 / 391_020 / 60
    assert line.inputs["hours_saved_per_month"] == pytest.approx(hours)
    assert line.baht_per_month == pytest.approx(hours * 200) == pytest.approx(3_955.47, abs=0.01)
    [observation] = line.observations
    assert (observation.indicator, observation.unit, observation.value) == (
        "production_cost", "baht/month", pytest.approx(-3_955.47, abs=0.01))


def test_defects():
    # scrap 30 / 600 = 0.05 before, 14 / 700 = 0.02 after: Δ 0.03 × 15,000 pieces = 450 pieces avoided
    # × (8 + 4) baht = 5,400 baht/month; × 0.25 kg = 112.5 kg/month of waste avoided
    line = defects(BEFORE, AFTER, pieces_per_month=15_000, material_baht_per_piece=8, conversion_baht_per_piece=4,
                   piece_mass_kg=0.25)
    assert (line.before, line.after) == (pytest.approx(0.05), pytest.approx(0.02))
    assert line.baht_per_month == pytest.approx(5_400)
    observations = {o.indicator: o for o in line.observations}
    assert observations["production_cost"].value == pytest.approx(-5_400)
    assert observations["waste_reduced"].value == pytest.approx(112.5)
    assert observations["waste_reduced"].kind == "level"


def test_a_worse_after_period_is_a_negative_saving():
    line = capacity_bound(AFTER, BEFORE, planned_minutes_per_month=8_800, contribution_margin_baht=12,
                          worker_hours_per_month=704)
    assert line.baht_per_month == pytest.approx(-30_624)


def test_rule_indicators_match_the_outcome_catalogue():
    lines = INDICATORS.read_text(encoding="utf-8").splitlines()
    catalogue = {row["code"]: row["unit"] for row in csv.DictReader(line for line in lines if not line.startswith("#"))}
    for rule in savings_rules().values():
        for spec in rule["observations"]:
            assert catalogue[spec["indicator"]] == spec["unit"]
