"""Column maps: how one column of a feed or bulk sheet is read from a listing (versioned in each target's data).

A column names a listing field and, for list fields, which element (`index`), which elements
(`start` onward) and which attribute of each (`attr`, e.g. an image's url). Values are then rendered:
`format` "text" (default), "number" (a Decimal, for spreadsheets), "amount" (money rounded to the
listing currency's minor unit, as text), "price" (amount and currency, "120.00 THB", Google's form) or
"yes_no" (whether the field has a value); `scale` multiplies numbers (grams to kilograms: 0.001);
`unit` appends a unit ("1200 g"); `values` maps codes to the target's words (in_stock →
https://schema.org/InStock). Several values are joined with `join`, or repeated where the format allows
(`many`: one RSS element each).
"""

from dataclasses import dataclass
from decimal import Decimal

from .fx import round_money
from .listing import Listing, field_value, is_blank

Cell = str | Decimal | int | None


@dataclass(frozen=True)
class Column:
    header: str
    field: str
    index: int | None = None
    start: int | None = None
    attr: str | None = None
    format: str = "text"
    scale: str | None = None
    unit: str | None = None
    values: dict[str, str] | None = None
    join: str = ","
    many: bool = False


def column_values(listing: Listing, column: Column) -> list[str | Decimal | int]:
    value = field_value(listing, column.field)
    items = list(value) if isinstance(value, tuple) else [value]
    if isinstance(value, tuple) and column.index is not None:
        items = [items[column.index]] if -len(items) <= column.index < len(items) else []
    elif isinstance(value, tuple) and column.start is not None:
        items = items[column.start:]
    if column.attr:
        items = [getattr(item, column.attr) for item in items]
    items = [item for item in items if not is_blank(item)]
    if column.format == "yes_no":
        return ["yes" if items else "no"]
    return [_render(listing, column, item) for item in items]


def cell(listing: Listing, column: Column) -> Cell:
    values = column_values(listing, column)
    if not values:
        return None
    if len(values) == 1:
        return values[0]
    return column.join.join(str(v) for v in values)


def _render(listing: Listing, column: Column, item: object) -> str | Decimal | int:
    if column.values is not None:
        item = column.values.get(str(item), item)
    if column.scale is not None:
        item = Decimal(str(item)) * Decimal(column.scale)
    if column.format == "number":
        return item if isinstance(item, int | Decimal) else Decimal(str(item))
    if column.format in ("amount", "price"):
        amount = str(round_money(Decimal(str(item)), listing.currency))
        return f"{amount} {listing.currency}" if column.format == "price" else amount
    if column.format != "text":
        raise ValueError(f"unknown column format {column.format!r} for {column.header!r}")
    text = _plain(item)
    return f"{text} {column.unit}" if column.unit else text


def _plain(item: object) -> str:
    return format(item.normalize(), "f") if isinstance(item, Decimal) else str(item)
