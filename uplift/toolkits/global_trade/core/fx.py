"""Currency: dated exchange rates entered by the user, and rounding to a currency's minor unit.

A rate says how many baht one unit of the currency is worth on a date. The rate used for a quote is
the latest one on or before the quote date; with none, the quote is refused rather than guessed.
Minor units (2 for USD, 0 for JPY) come from the Unicode CLDR data in Babel (ISO 4217).
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from babel.numbers import get_currency_precision


class FxError(ValueError):
    """A rate or a rate look-up that cannot be used; the message is Thai first, then English."""


@dataclass(frozen=True)
class FxRate:
    currency: str
    on: date
    thb_per_unit: Decimal

    def __post_init__(self) -> None:
        code = self.currency.strip().upper()
        if len(code) != 3 or not code.isalpha():
            raise FxError(f"รหัสสกุลเงินต้องเป็นตัวอักษร 3 ตัวตาม ISO 4217 / currency code must be 3 letters (ISO 4217): {self.currency!r}")
        try:
            rate = Decimal(str(self.thb_per_unit))
        except InvalidOperation as error:
            raise FxError(f"อัตราแลกเปลี่ยนไม่ใช่ตัวเลข / exchange rate is not a number: {self.thb_per_unit!r}") from error
        if not rate.is_finite() or rate <= 0:
            raise FxError(f"อัตราแลกเปลี่ยนต้องมากกว่า 0 บาท / exchange rate must be above 0 baht: {self.thb_per_unit}")
        object.__setattr__(self, "currency", code)
        object.__setattr__(self, "thb_per_unit", rate)


def pick_rate(rates: Iterable[FxRate], currency: str, quote_date: date) -> FxRate:
    """The latest rate for `currency` dated on or before `quote_date`."""
    code = currency.strip().upper()
    usable = [r for r in rates if r.currency == code and r.on <= quote_date]
    if not usable:
        raise FxError(f"ไม่มีอัตราแลกเปลี่ยน {code} ณ วันที่ {quote_date.isoformat()} หรือก่อนหน้า / "
                      f"no {code} rate dated on or before {quote_date.isoformat()}")
    return max(usable, key=lambda r: r.on)


def currency_decimals(currency: str) -> int:
    return get_currency_precision(currency.strip().upper())


def round_money(amount: Decimal, currency: str) -> Decimal:
    """Half-up to the currency's minor unit (0.01 baht, 1 yen)."""
    return amount.quantize(Decimal(1).scaleb(-currency_decimals(currency)), rounding=ROUND_HALF_UP)
