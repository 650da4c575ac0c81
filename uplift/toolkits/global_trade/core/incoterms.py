"""Export price build-up under ICC Incoterms® 2020, in Decimal.

A rule's price is the sum of the cost lines the seller bears up to its delivery point (ICC, Incoterms
2020, publication 723E: article A9/B9 "allocation of costs" of each rule, A5 for insurance). The
allocation is versioned data, `data/incoterms2020.json`, and reads:

    EXW  ex-works cost + margin                (seller's premises, not loaded, not cleared for export)
    FCA  EXW + export packing + inland freight + export clearance
                                               (carrier's place at origin, ready for unloading)
    FOB  FCA + origin handling and loading     (on board at the port of shipment; sea)
    CFR  FOB + main freight                    (to the port of destination; sea)
    CIF  CFR / (1 − 1.1 × rate)                (insurance on 110% of CIF, Institute Cargo Clauses (C), A5)
    CPT  FCA + origin handling + main freight  (to where the main carriage ends; any mode)
    CIP  CPT / (1 − 1.1 × rate)                (insurance on 110% of CIP, Institute Cargo Clauses (A), A5)
    DAP  CPT + destination costs               (named place, ready for unloading, not cleared for import)

"Export packing" is what the transport needs beyond the ordinary packaging already in the ex-works
cost (A8 puts packaging on the seller under every rule). "Margin" is a markup on the ex-works cost.
DAP carries no insurance line: the seller bears the risk to the named place and insures as it wishes.
FAS, DPU and DDP are not computed: they need placing alongside ship, unloading at destination, and
import duties and taxes.

Every input amount is per unit, in baht. An input left out (None) is unknown, not zero: each rule
that needs it is reported as unavailable, naming the input.

Rounding: exact Decimal arithmetic (28 significant digits); only results are rounded, half-up to the
currency's minor unit. Each line is rounded and the last line absorbs the difference so the lines
add up to the rounded unit price; a total is the rounded unit price × quantity, so a quote sheet
multiplies out. A foreign-currency quote divides the exact baht amounts by the rate before rounding.
"""

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import cache

from .fx import FxRate, round_money
from .reference import load_json

BOOK_FILE = "incoterms2020.json"
AMOUNT_INPUTS = ("exw", "packing", "inland", "clearance", "handling", "freight", "destination")


class PriceInputError(ValueError):
    """An input the build-up refuses; the message is Thai first, then English."""


@dataclass(frozen=True)
class Line:
    code: str
    kind: str
    input: str
    name_th: str
    name_en: str


@dataclass(frozen=True)
class Rule:
    code: str
    name_th: str
    name_en: str
    transport: str
    place_th: str
    place_en: str
    lines: tuple[str, ...]


@dataclass(frozen=True)
class IncotermsBook:
    version: str
    source: str
    cover: Decimal
    inputs: dict[str, tuple[str, str]]
    lines: dict[str, Line]
    rules: tuple[Rule, ...]

    def input_label(self, code: str) -> str:
        name_th, name_en = self.inputs[code]
        return f"{name_th} / {name_en}"


@cache
def incoterms_book() -> IncotermsBook:
    raw = load_json(BOOK_FILE)
    return IncotermsBook(
        version=raw["version"], source=raw["source"], cover=Decimal(raw["insurance_cover"]),
        inputs={i["code"]: (i["name_th"], i["name_en"]) for i in raw["inputs"]},
        lines={l["code"]: Line(**l) for l in raw["lines"]},
        rules=tuple(Rule(**{**r, "lines": tuple(r["lines"])}) for r in raw["rules"]),
    )


def _decimal(value: object, code: str, book: IncotermsBook) -> Decimal:
    try:
        number = value if isinstance(value, Decimal) else Decimal(str(value))
    except InvalidOperation as error:
        raise PriceInputError(f"{book.input_label(code)}: ไม่ใช่ตัวเลข / not a number ({value!r})") from error
    if not number.is_finite():
        raise PriceInputError(f"{book.input_label(code)}: ต้องเป็นตัวเลขจำกัด / must be a finite number ({value!r})")
    if number < 0:
        raise PriceInputError(f"{book.input_label(code)}: ต้องไม่ติดลบ / must not be negative ({number})")
    return number


@dataclass(frozen=True)
class CostInputs:
    """Per-unit amounts in baht; `margin` and `insurance_rate` are fractions (0.2 = 20%)."""

    exw: Decimal
    packing: Decimal | None = None
    inland: Decimal | None = None
    clearance: Decimal | None = None
    handling: Decimal | None = None
    freight: Decimal | None = None
    insurance_rate: Decimal | None = None
    destination: Decimal | None = None
    quantity: int = 1
    margin: Decimal = Decimal(0)

    def __post_init__(self) -> None:
        book = incoterms_book()
        for name in (*AMOUNT_INPUTS, "insurance_rate", "margin"):
            value = getattr(self, name)
            if value is not None:
                object.__setattr__(self, name, _decimal(value, name, book))
        if self.exw is None:
            raise PriceInputError(f"{book.input_label('exw')}: ต้องระบุ / is required")
        limit, cover = 1 / book.cover, f"{book.cover * 100:.0f}%"
        if self.insurance_rate is not None and self.insurance_rate >= limit:
            raise PriceInputError(
                f"{book.input_label('insurance_rate')}: ต้องน้อยกว่า 1/{book.cover} (≈ {limit:.4f}) เพราะทุนประกันเท่ากับ "
                f"{cover} ของราคา / must be below 1/{book.cover} (≈ {limit:.4f}) since the cover is {cover} "
                f"of the price ({self.insurance_rate})")
        if isinstance(self.quantity, bool) or not isinstance(self.quantity, int) or self.quantity < 1:
            raise PriceInputError(f"{book.input_label('quantity')}: ต้องเป็นจำนวนเต็มตั้งแต่ 1 / "
                                  f"must be a whole number of at least 1 ({self.quantity!r})")


@dataclass(frozen=True)
class CostLine:
    code: str
    name_th: str
    name_en: str
    per_unit: Decimal
    total: Decimal


@dataclass(frozen=True)
class IncotermPrice:
    rule: str
    name_th: str
    name_en: str
    place_th: str
    place_en: str
    lines: tuple[CostLine, ...]
    per_unit: Decimal
    total: Decimal


@dataclass(frozen=True)
class Unavailable:
    rule: str
    missing: tuple[str, ...]


@dataclass(frozen=True)
class PriceBuildUp:
    currency: str
    quantity: int
    prices: tuple[IncotermPrice, ...]
    unavailable: tuple[Unavailable, ...]
    rate: FxRate | None
    book_version: str

    def price(self, rule: str) -> IncotermPrice:
        """The computed price of `rule`; KeyError when the inputs did not allow it (see `unavailable`)."""
        for price in self.prices:
            if price.rule == rule.upper():
                return price
        raise KeyError(rule)

    def computed(self) -> tuple[str, ...]:
        return tuple(p.rule for p in self.prices)


def export_prices(inputs: CostInputs, rate: FxRate | None = None, book: IncotermsBook | None = None) -> PriceBuildUp:
    """Every rule of the book that the inputs allow, per unit and in total, in baht or in `rate`'s currency."""
    book = book or incoterms_book()
    currency = rate.currency if rate else "THB"
    divisor = rate.thb_per_unit if rate else Decimal(1)
    prices, unavailable = [], []
    for rule in book.rules:
        missing = _missing_inputs(rule, inputs, book)
        if missing:
            unavailable.append(Unavailable(rule.code, missing))
            continue
        exact = [(line, amount / divisor) for line, amount in _exact_lines(rule, inputs, book)]
        prices.append(_settle(rule, exact, currency, inputs.quantity))
    return PriceBuildUp(currency, inputs.quantity, tuple(prices), tuple(unavailable), rate, book.version)


def _missing_inputs(rule: Rule, inputs: CostInputs, book: IncotermsBook) -> tuple[str, ...]:
    needed = dict.fromkeys(book.lines[code].input for code in rule.lines)
    return tuple(name for name in needed if getattr(inputs, name) is None)


def _exact_lines(rule: Rule, inputs: CostInputs, book: IncotermsBook) -> list[tuple[Line, Decimal]]:
    """Insurance grosses up every line before it: insured = cover × price, so price = base / (1 − cover × rate)."""
    exact, base = [], Decimal(0)
    for code in rule.lines:
        line = book.lines[code]
        if line.kind == "amount":
            amount = getattr(inputs, line.input)
        elif line.kind == "markup":
            amount = inputs.exw * getattr(inputs, line.input)
        elif line.kind == "insurance":
            share = book.cover * getattr(inputs, line.input)
            amount = base / (1 - share) - base
        else:
            raise ValueError(f"unknown cost line kind {line.kind!r} in {BOOK_FILE}")
        base += amount
        exact.append((line, amount))
    return exact


def _settle(rule: Rule, exact: list[tuple[Line, Decimal]], currency: str, quantity: int) -> IncotermPrice:
    per_unit = round_money(sum((amount for _, amount in exact), Decimal(0)), currency)
    rounded = [round_money(amount, currency) for _, amount in exact]
    rounded[-1] += per_unit - sum(rounded, Decimal(0))
    lines = tuple(CostLine(line.code, line.name_th, line.name_en, amount, amount * quantity)
                  for (line, _), amount in zip(exact, rounded, strict=True))
    return IncotermPrice(rule.code, rule.name_th, rule.name_en, rule.place_th, rule.place_en, lines,
                         per_unit, per_unit * quantity)
