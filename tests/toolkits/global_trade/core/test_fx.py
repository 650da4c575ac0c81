from datetime import date
from decimal import Decimal as D

import pytest

from uplift.toolkits.global_trade.core.fx import FxError, FxRate, currency_decimals, pick_rate, round_money

RATES = [FxRate("USD", date(2026, 11, 1), D("36.10")), FxRate("USD", date(2026, 11, 20), D("35.40")),
         FxRate("USD", date(2026, 12, 5), D("34.90")), FxRate("EUR", date(2026, 11, 25), D("38.20"))]


def test_the_latest_rate_on_or_before_the_quote_date_is_used():
    assert pick_rate(RATES, "usd", date(2026, 11, 30)).thb_per_unit == D("35.40")
    assert pick_rate(RATES, "USD", date(2026, 11, 20)).thb_per_unit == D("35.40")
    assert pick_rate(RATES, "USD", date(2026, 12, 5)).thb_per_unit == D("34.90")


def test_no_rate_on_or_before_the_date_is_refused():
    with pytest.raises(FxError, match="ไม่มีอัตราแลกเปลี่ยน EUR .* no EUR rate dated on or before 2026-11-24"):
        pick_rate(RATES, "EUR", date(2026, 11, 24))
    with pytest.raises(FxError, match="no JPY rate"):
        pick_rate(RATES, "JPY", date(2026, 12, 31))


@pytest.mark.parametrize("currency, rate, message", [
    ("US", D("35"), "3 letters"), ("U$D", D("35"), "3 letters"), ("USD", D("0"), "above 0"),
    ("USD", D("-1"), "above 0"), ("USD", "x", "not a number")])
def test_bad_rates_are_refused(currency, rate, message):
    with pytest.raises(FxError, match=message):
        FxRate(currency, date(2026, 1, 1), rate)


def test_rounding_is_half_up_to_the_minor_unit():
    assert currency_decimals("THB") == 2 and currency_decimals("JPY") == 0
    assert round_money(D("2.345"), "THB") == D("2.35")
    assert round_money(D("2.5"), "JPY") == D("3")
