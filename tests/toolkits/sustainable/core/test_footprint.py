from datetime import date

import pytest

from uplift.toolkits.sustainable.core.footprint import (
    Change,
    FootprintDataError,
    Item,
    footprint,
    hotspots,
    monte_carlo,
    reduction_label_check,
    scenario,
)
from uplift.toolkits.sustainable.core.factors import table_from_dict
from uplift.toolkits.sustainable.core.reference import read_json

ON = date(2026, 2, 1)


@pytest.mark.parametrize("item, expected", [
    # materials: 0.5 kg cane sugar × 0.55 kgCO2e/kg
    (Item("น้ำตาลทราย", "materials", 0.5, "kg", "sugar_cane"), 0.5 * 0.55),
    # electricity: 0.01 MWh = 10 kWh × 0.4750 (TGO 2026)
    (Item("ไฟฟ้าเตาอบ", "electricity", 0.01, "MWh", "electricity_grid_th"), 10 * 0.4750),
    # fuels: 2 L diesel × 2.770; 500 g LPG = 0.5 kg × 3.1689
    (Item("ดีเซลรถไถ", "fuels", 2, "L", "diesel"), 2 * 2.770),
    (Item("แก๊สหุงต้ม", "fuels", 500, "g", "lpg"), 0.5 * 3.1689),
    # firewood: 2 kg × 0.1476 (CH4 + N2O only)
    (Item("ฟืนเคี่ยวน้ำตาล", "firewood", 2, "kg", "firewood"), 2 * 0.1476),
    # transport: 50 kg over 120 km = 6 t·km × 0.60 (pickup)
    (Item("ส่งของด้วยรถกระบะ", "transport", 6, "tkm", "freight_road_pickup"), 6 * 0.60),
    # packaging: 300 g glass jar = 0.3 kg × 0.91
    (Item("โหลแก้ว", "packaging", 300, "g", "glass"), 0.3 * 0.91),
    # waste: 0.2 kg to landfill × 0.45
    (Item("เศษวัตถุดิบ", "waste", 0.2, "kg", "waste_landfill_mixed"), 0.2 * 0.45),
    # end of life: the 300 g jar thrown away by the customer, 0.3 kg to landfill × 0.45
    (Item("โหลแก้วหลังใช้", "end_of_life", 300, "g", "waste_landfill_mixed"), 0.3 * 0.45),
])
def test_each_category_hand_computed(item, expected):
    result = footprint([item], on=ON)
    assert result.total_kgco2e == pytest.approx(expected)
    assert result.boundary == ("cradle_to_grave" if item.category == "end_of_life" else "cradle_to_gate")
    assert result.by_category[0].category == item.category and result.items[0].share == 1.0


def test_biogenic_upstream_and_versions_are_reported_separately():
    items = [Item("ไฟฟ้า", "electricity", 10, "kWh", "electricity_grid_th"), Item("ฟืน", "firewood", 2, "kg", "firewood"),
             Item("ทิ้งโหลแก้ว", "end_of_life", 0.3, "kg", "waste_landfill_mixed")]
    result = footprint(items, on=ON)
    # 4.75 + 0.2952 + 0.3 × 0.45 = 5.1802; biogenic 2 × 1.7472 = 3.4944; upstream 10 × 0.0812 = 0.812
    assert result.total_kgco2e == pytest.approx(5.1802)
    assert result.biogenic_kgco2 == pytest.approx(3.4944) and result.upstream_kgco2e == pytest.approx(0.812)
    assert result.boundary == "cradle_to_grave"
    assert result.table_version == "2026.1"
    assert result.factor_versions["electricity_grid_th"] == "TGO grid EF 2026"
    assert set(result.unconfirmed_factors) == {"firewood", "waste_landfill_mixed"}
    with_upstream = footprint(items, on=ON, include_upstream=True)
    assert with_upstream.total_kgco2e == pytest.approx(5.1802 + 0.812)


def test_factor_version_switch_at_valid_from():
    item = [Item("ไฟฟ้า", "electricity", 10, "kWh", "electricity_grid_th")]
    before, after = footprint(item, on=date(2025, 12, 31)), footprint(item, on=date(2026, 1, 1))
    assert before.total_kgco2e == pytest.approx(4.999) and after.total_kgco2e == pytest.approx(4.750)
    assert before.factor_versions != after.factor_versions


def test_per_functional_unit():
    # a month's inventory for 200 jars: 400 kWh × 0.4750 / 200 = 0.95 kgCO2e per jar
    result = footprint([Item("ไฟฟ้า", "electricity", 400, "kWh", "electricity_grid_th")], on=ON,
                       functional_unit="1 โหล (500 ก.)", functional_units=200)
    assert result.total_kgco2e == pytest.approx(0.95) and result.items[0].quantity == 2


INVENTORY = [
    Item("ไฟฟ้าเตาอบ", "electricity", 10, "kWh", "electricity_grid_th"),  # 4.75
    Item("น้ำตาลทราย", "materials", 2, "kg", "sugar_cane"),  # 1.10
    Item("โหลแก้ว", "packaging", 0.5, "kg", "glass"),  # 0.455
    Item("ฟืน", "firewood", 1, "kg", "firewood"),  # 0.1476
]


def test_hotspots_pareto():
    spots = hotspots(footprint(INVENTORY, on=ON))
    total = 4.75 + 1.10 + 0.455 + 0.1476
    assert [s.item for s in spots] == ["ไฟฟ้าเตาอบ", "น้ำตาลทราย", "โหลแก้ว", "ฟืน"]
    # cumulative: 4.75 / 6.4526 = 73.6% (< 80%, continue), + 1.10 → 90.7% (crosses 80%): two items make 80%
    assert spots[0].cumulative_share == pytest.approx(4.75 / total)
    assert spots[1].cumulative_share == pytest.approx(5.85 / total)
    assert [s.in_pareto for s in spots] == [True, True, False, False]


def test_scenario_that_removes_the_hotspot():
    # solar panels replace the oven's grid electricity: −4.75 kgCO2e, the sugar becomes the hotspot
    result = scenario(INVENTORY, [Change("ไฟฟ้าเตาอบ", quantity=0)], on=ON)
    assert result.difference_kgco2e == pytest.approx(-4.75)
    assert result.new.total_kgco2e == pytest.approx(1.10 + 0.455 + 0.1476)
    assert result.difference_share == pytest.approx(-4.75 / 6.4526)
    assert hotspots(result.new)[0].item == "น้ำตาลทราย"
    switched = scenario(INVENTORY, [Change("โหลแก้ว", quantity=40, unit="g", factor="pet")], on=ON)
    # glass 0.5 kg × 0.91 = 0.455 → PET 0.04 kg × 2.15 = 0.086
    assert switched.difference_kgco2e == pytest.approx(0.086 - 0.455)
    with pytest.raises(FootprintDataError):
        scenario(INVENTORY, [Change("ไม่มี", quantity=1)], on=ON)


@pytest.mark.parametrize("current, eligible", [(4.905, False), (4.900, True)])
def test_reduction_label_at_1_9_and_2_0_percent(current, eligible):
    # base 5.000: 4.905 is 1.9% lower (not enough), 4.900 is 2.0% lower (enough)
    check = reduction_label_check(5.0, current)
    assert check.eligible is eligible and check.min_reduction == 0.02
    assert check.reduction == pytest.approx((5.0 - current) / 5.0)


def test_reduction_label_benchmark_alternative():
    assert reduction_label_check(5.0, 4.95, benchmark_kgco2e=5.0).eligible
    assert not reduction_label_check(5.0, 4.95, benchmark_kgco2e=4.9).eligible


def test_monte_carlo_interval_contains_point_and_is_seeded():
    items = INVENTORY[:-1] + [Item("ฟืน", "firewood", 1, "kg", "firewood", quantity_low=0.8, quantity_high=1.5)]
    first = monte_carlo(items, on=ON, seed=2569, draws=5000)
    again = monte_carlo(items, on=ON, seed=2569, draws=5000)
    other = monte_carlo(items, on=ON, seed=1, draws=5000)
    assert first.low_kgco2e < first.point_kgco2e < first.high_kgco2e
    assert first == again and other.low_kgco2e != first.low_kgco2e
    assert first.percentiles == (2.5, 97.5)


def test_monte_carlo_without_ranges_is_the_point():
    data = read_json("emission_factors/factors_2026.1.json")
    for row in data["factors"]:
        row["uncertainty"] |= {"low": row["kgco2e_per_unit"], "high": row["kgco2e_per_unit"]}
    result = monte_carlo([Item("ไฟฟ้า", "electricity", 10, "kWh", "electricity_grid_th")], on=ON,
                         table=table_from_dict(data), draws=100)
    assert result.low_kgco2e == result.high_kgco2e == pytest.approx(4.75)


@pytest.mark.parametrize("item, field", [
    (Item("ไฟฟ้า", "electricity", 10, "kg", "electricity_grid_th", row=4), "unit"),
    (Item("ไฟฟ้า", "electricity", 10, "kWh", "solar_th", row=4), "factor"),
    (Item("ไฟฟ้า", "energy", 10, "kWh", "electricity_grid_th", row=4), "category"),
    (Item("ไฟฟ้า", "electricity", -1, "kWh", "electricity_grid_th", row=4), "quantity"),
])
def test_errors_name_row_and_field(item, field):
    with pytest.raises(FootprintDataError) as error:
        footprint([item], on=ON)
    assert (error.value.row, error.value.field) == (4, field)


def test_monte_carlo_draws_a_shared_factor_once_per_iteration():
    # two items on the grid factor move together: the same interval as one item of their sum
    split = [Item("ไฟฟ้าเตา", "electricity", 5, "kWh", "electricity_grid_th"),
             Item("ไฟฟ้าซีล", "electricity", 5, "kWh", "electricity_grid_th")]
    whole = [Item("ไฟฟ้า", "electricity", 10, "kWh", "electricity_grid_th")]
    a, b = monte_carlo(split, on=ON, seed=3, draws=2000), monte_carlo(whole, on=ON, seed=3, draws=2000)
    assert (a.low_kgco2e, a.high_kgco2e) == pytest.approx((b.low_kgco2e, b.high_kgco2e))
