from datetime import date

import pytest

from uplift.toolkits.sustainable.core.factors import (
    FactorError,
    UnitError,
    available_versions,
    convert,
    load_table,
    table_from_dict,
)
from uplift.toolkits.sustainable.core.reference import read_json


def test_grid_factor_switches_at_its_valid_from_date():
    # TGO: 0.4750 kgCO2e/kWh from 1 Jan 2026 (upstream 0.0812 beside it); 0.4999 until 31 Dec 2025
    table = load_table("2026.1")
    old = table.pick("electricity_grid_th", date(2025, 12, 31))
    new = table.pick("electricity_grid_th", date(2026, 1, 1))
    assert (old.kgco2e_per_unit, old.version, old.accepted_until) == (0.4999, "TGO grid EF 0.4999", date(2026, 3, 31))
    assert (new.kgco2e_per_unit, new.upstream_kgco2e_per_unit, new.version) == (0.4750, 0.0812, "TGO grid EF 2026")


def test_every_factor_has_its_fields_and_a_source():
    table = load_table()
    for factor in table.factors:
        assert factor.source and factor.version and factor.name_th and factor.unit
        assert factor.uncertainty.low <= factor.kgco2e_per_unit <= factor.uncertainty.high
    assert table.pick("firewood", date(2026, 1, 1)).biogenic_kgco2_per_unit == 1.7472
    assert {"pet", "hdpe", "paper_cardboard", "glass", "aluminium", "cotton_yarn", "silk_yarn", "sugar_cane",
            "rice_milled", "diesel", "lpg", "freight_road_truck"} <= set(table.codes)


def test_firewood_non_co2_factor_is_the_ipcc_arithmetic():
    # IPCC 2006 Vol. 2 Ch. 2 Table 2.4, wood: CH4 300 kg/TJ, N2O 4 kg/TJ, CO2 112,000 kg/TJ; NCV 15.6 TJ/Gg
    # per kg: 1.56e-5 TJ → CH4 0.00468 kg × 28 + N2O 6.24e-5 kg × 265 = 0.147576; CO2 1.7472 kg biogenic
    factor = load_table().pick("firewood", date(2026, 1, 1))
    assert factor.kgco2e_per_unit == round(300 * 1.56e-5 * 28 + 4 * 1.56e-5 * 265, 4)
    assert factor.biogenic_kgco2_per_unit == round(112_000 * 1.56e-5, 4)
    assert not factor.confirmed


def test_unknown_code_version_or_date():
    table = load_table()
    with pytest.raises(FactorError, match="coconut"):
        table.pick("coconut", date(2026, 1, 1))
    with pytest.raises(FactorError, match="1999.1"):
        load_table("1999.1")
    assert available_versions()[-1] == table.version


def test_overlapping_windows_are_refused():
    data = read_json("emission_factors/factors_2026.1.json")
    data["factors"][0] = data["factors"][0] | {"valid_to": "2026-01-01"}
    with pytest.raises(FactorError, match="overlap"):
        table_from_dict(data)


@pytest.mark.parametrize("quantity, unit, to, expected", [
    (0.2, "MWh", "kWh", 200), (500, "g", "kg", 0.5), (3, "หน่วย", "kWh", 3), (1500, "kg*km", "tonne*km", 1.5),
    (2, "tkm", "tonne*km", 2), (250, "ml", "L", 0.25), (1.2, "t", "kg", 1200),
])
def test_units_are_converted_with_pint(quantity, unit, to, expected):
    assert convert(quantity, unit, to) == pytest.approx(expected)


def test_incompatible_units_say_so():
    with pytest.raises(UnitError, match="'kWh' แปลงเป็น 'kg' ไม่ได้"):
        convert(1, "kWh", "kg")
    with pytest.raises(UnitError, match="ไม่รู้จักหน่วย"):
        convert(1, "กระบุง", "kg")
