"""Export price build-up: worked examples by hand (ICC Incoterms 2020, A5 and A9 of each rule), the order
of the rules as a property, and refusals."""

from datetime import date
from decimal import Decimal as D

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from uplift.toolkits.global_trade.core.fx import FxRate
from uplift.toolkits.global_trade.core.incoterms import (
    CostInputs,
    PriceInputError,
    export_prices,
    incoterms_book,
)

SILK_SCARF = CostInputs(exw=D("450"), margin=D("0.20"), packing=D("15"), inland=D("8"), clearance=D("5"),
                        handling=D("12"), freight=D("40"), insurance_rate=D("0.004"), destination=D("30"),
                        quantity=200)


def test_allocation_of_cost_lines_is_the_documented_incoterms_2020_table():
    # ICC Incoterms 2020, A9/B9: the seller's costs up to each rule's delivery point (module docstring)
    up_to_fca = ["exw_cost", "margin", "packing", "inland", "clearance"]
    expected = {
        "EXW": ["exw_cost", "margin"],
        "FCA": up_to_fca,
        "FOB": [*up_to_fca, "handling"],
        "CFR": [*up_to_fca, "handling", "freight"],
        "CIF": [*up_to_fca, "handling", "freight", "insurance"],
        "CPT": [*up_to_fca, "handling", "freight"],
        "CIP": [*up_to_fca, "handling", "freight", "insurance"],
        "DAP": [*up_to_fca, "handling", "freight", "destination"],
    }
    assert {r.code: list(r.lines) for r in incoterms_book().rules} == expected
    assert incoterms_book().cover == D("1.10")


def test_worked_example_in_baht():
    result = export_prices(SILK_SCARF)
    per_unit = {p.rule: p.per_unit for p in result.prices}
    # EXW = 450 + 450 × 0.20 = 450 + 90 = 540
    assert per_unit["EXW"] == D("540.00")
    # FCA = 540 + packing 15 + inland 8 + clearance 5 = 568
    assert per_unit["FCA"] == D("568.00")
    # FOB = 568 + origin handling 12 = 580
    assert per_unit["FOB"] == D("580.00")
    # CFR = 580 + freight 40 = 620
    assert per_unit["CFR"] == D("620.00")
    # CIF = CFR / (1 − 1.1 × 0.004) = 620 / 0.9956 = 622.7400… → 622.74 (insurance on 110% of CIF, A5)
    assert per_unit["CIF"] == D("622.74")
    # CPT = FCA 568 + handling 12 + freight 40 = 620; CIP = 620 / 0.9956 = 622.74
    assert per_unit["CPT"] == D("620.00")
    assert per_unit["CIP"] == D("622.74")
    # DAP = CPT 620 + destination 30 = 650
    assert per_unit["DAP"] == D("650.00")
    # totals are the rounded unit price × 200: 540 × 200 = 108,000; 622.74 × 200 = 124,548
    assert result.price("EXW").total == D("108000.00")
    assert result.price("CIF").total == D("124548.00")
    assert result.unavailable == ()


def test_cif_lines_show_insurance_and_add_up():
    cif = export_prices(SILK_SCARF).price("CIF")
    lines = {l.code: l.per_unit for l in cif.lines}
    # insurance = 622.74 − 620 = 2.74 ≈ 1.1 × 622.74 × 0.004 = 2.740056
    assert lines["insurance"] == D("2.74")
    assert lines["margin"] == D("90.00")
    assert sum(lines.values()) == cif.per_unit
    assert sum(l.total for l in cif.lines) == cif.total


def test_worked_example_in_dollars_with_a_dated_rate():
    inputs = CostInputs(exw=D("350"), inland=D("35"), packing=D("0"), clearance=D("17.5"), handling=D("7"),
                        freight=D("70"), insurance_rate=D("0.01"), quantity=10)
    result = export_prices(inputs, FxRate("USD", date(2026, 11, 30), D("35.00")))
    assert result.currency == "USD"
    # FOB = 350 + 0 + 35 + 17.5 + 7 = 409.5 baht; 409.5 / 35 = 11.70 USD
    assert result.price("FOB").per_unit == D("11.70")
    # CFR = 409.5 + 70 = 479.5 baht; / 35 = 13.70 USD
    assert result.price("CFR").per_unit == D("13.70")
    # CIF = 479.5 / (1 − 1.1 × 0.01) = 479.5 / 0.989 = 484.8332 baht; / 35 = 13.8524 → 13.85 USD; × 10 = 138.50
    assert result.price("CIF").per_unit == D("13.85")
    assert result.price("CIF").total == D("138.50")


def test_yen_has_no_minor_unit():
    # 100 baht / 0.2365 baht per yen = 422.83 yen → 423 (JPY has 0 decimals, ISO 4217)
    result = export_prices(CostInputs(exw=D("100")), FxRate("JPY", date(2026, 11, 30), D("0.2365")))
    assert result.price("EXW").per_unit == D("423")


def test_rounding_puts_the_difference_on_the_last_line():
    # 0.333 + 0.333 + 0.333 + 0.333 + 0 = 1.332 → 1.33; lines round to 0.33 each (1.32), the last takes +0.01
    fca = export_prices(CostInputs(exw=D("0.333"), packing=D("0.333"), inland=D("0.333"), clearance=D("0.333"))).price("FCA")
    assert fca.per_unit == D("1.33")
    assert [l.per_unit for l in fca.lines] == [D("0.33"), D("0.00"), D("0.33"), D("0.33"), D("0.34")]


def test_missing_inputs_leave_out_only_the_rules_that_need_them():
    result = export_prices(CostInputs(exw=D("100"), packing=D("5"), inland=D("3"), clearance=D("2"), handling=D("1")))
    assert result.computed() == ("EXW", "FCA", "FOB")
    missing = {u.rule: u.missing for u in result.unavailable}
    assert missing["CFR"] == ("freight",)
    assert missing["CIF"] == ("freight", "insurance_rate")
    assert missing["DAP"] == ("freight", "destination")


@pytest.mark.parametrize("field", ["exw", "packing", "inland", "clearance", "handling", "freight", "destination",
                                   "insurance_rate", "margin"])
def test_negative_inputs_are_refused_by_name(field):
    values = {"exw": D("100"), field: D("-1")}
    with pytest.raises(PriceInputError, match="ต้องไม่ติดลบ / must not be negative"):
        CostInputs(**values)


def test_insurance_rate_at_or_above_one_over_cover_is_refused():
    # 1 / 1.1 = 0.90909…: CIF = CFR / (1 − 1.1 × rate) would divide by zero or turn negative
    with pytest.raises(PriceInputError, match=r"ต้องน้อยกว่า 1/1.10 .* must be below 1/1.10"):
        CostInputs(exw=D("100"), insurance_rate=D("0.91"))
    assert CostInputs(exw=D("100"), insurance_rate=D("0.909")).insurance_rate == D("0.909")


@pytest.mark.parametrize("quantity", [0, -3, 1.5, True])
def test_quantity_must_be_a_whole_number_from_one(quantity):
    with pytest.raises(PriceInputError, match="quantity"):
        CostInputs(exw=D("1"), quantity=quantity)


@pytest.mark.parametrize("value, message", [("abc", "not a number"), ("NaN", "finite"), ("Infinity", "finite")])
def test_non_numbers_are_refused(value, message):
    with pytest.raises(PriceInputError, match=message):
        CostInputs(exw=value)


amounts = st.decimals(min_value=0, max_value=1_000_000, places=2, allow_nan=False, allow_infinity=False)


@settings(max_examples=300, deadline=None)
@given(exw=amounts, packing=amounts, inland=amounts, clearance=amounts, handling=amounts, freight=amounts,
       destination=amounts, margin=st.decimals(min_value=0, max_value=5, places=3),
       rate=st.decimals(min_value=0, max_value=D("0.9"), places=4), quantity=st.integers(1, 100_000),
       thb_per_unit=st.decimals(min_value=D("0.01"), max_value=100, places=4) | st.none())
def test_no_rule_is_ever_cheaper_than_the_one_before_it(exw, packing, inland, clearance, handling, freight,
                                                       destination, margin, rate, quantity, thb_per_unit):
    inputs = CostInputs(exw=exw, packing=packing, inland=inland, clearance=clearance, handling=handling,
                        freight=freight, destination=destination, margin=margin, insurance_rate=rate, quantity=quantity)
    fx = None if thb_per_unit is None else FxRate("USD", date(2026, 1, 1), thb_per_unit)
    result = export_prices(inputs, fx)
    for amount in ("per_unit", "total"):
        p = {x.rule: getattr(x, amount) for x in result.prices}
        assert p["EXW"] <= p["FCA"] <= p["FOB"] <= p["CFR"] <= p["CIF"]
        assert p["FCA"] <= p["CPT"] <= p["CIP"]
        assert p["CPT"] <= p["DAP"]


def test_asking_for_a_rule_that_was_not_computed_is_a_key_error():
    with pytest.raises(KeyError):
        export_prices(CostInputs(exw=D("100"))).price("CIF")
