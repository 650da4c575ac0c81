"""What a wide row carries besides its entrepreneur — product, person, monthly sales — checked a column at a time.

The same contract as `columnar` for entrepreneurs: `rows.parts` is the definition. Here each
column is parsed once per distinct value (or, for amounts, by one polars cast); a row where any
part looks wrong, or that this path does not handle, is checked again by `rows.parts`, whose
records or issues are the answer. Sales come out as one row per (sheet row, month), so a national
file of two yearly averages (24 months × 100,000 rows) stays a few polars columns, never Python objects.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

import polars as pl

from uplift.imports.core import normalise as n
from uplift.imports.core.columnar import _per_value, _text, with_defaults
from uplift.imports.core.rows import LIMITS, SALES_CHANNELS, Issue, _Row, parts

MONEY = pl.Decimal(14, 2)
PRICE = pl.Decimal(12, 2)
SHARE = pl.Decimal(4, 3)
PRODUCT_SCHEMA = {"_row": pl.Int64, "name_th": pl.String, "name_en": pl.String, "category": pl.String,
                  "star_rating": pl.Int64, "star_year": pl.Int64, "unit": pl.String, "price": PRICE}
PERSON_SCHEMA = {"_row": pl.Int64, "name_th": pl.String, "phone": pl.String}
SALES_SCHEMA = {"_row": pl.Int64, "month": pl.Date, **{c: MONEY for c in SALES_CHANNELS},
                "thai_tourist_share": SHARE, "foreign_tourist_share": SHARE, "is_average": pl.Boolean}
_PLAIN_AMOUNT = r"^[0-9]{1,12}(?:\.[0-9]{1,2})?$"


@dataclass
class CheckedParts:
    products: pl.DataFrame = field(default_factory=lambda: pl.DataFrame(schema=PRODUCT_SCHEMA))
    people: pl.DataFrame = field(default_factory=lambda: pl.DataFrame(schema=PERSON_SCHEMA))
    sales: pl.DataFrame = field(default_factory=lambda: pl.DataFrame(schema=SALES_SCHEMA))
    issues: list[Issue] = field(default_factory=list)

    @property
    def bad_rows(self) -> set[int]:
        return {i.row for i in self.issues}


def _part_columns(mapping: dict[int, str], prefix: str) -> dict[str, int]:
    return {f[len(prefix):]: i for i, f in mapping.items() if f.startswith(prefix)}


def _own(frame: pl.DataFrame, columns: dict[str, int]) -> pl.Series:
    if not columns:
        return pl.Series([False] * frame.height)
    return frame.select(pl.any_horizontal([pl.col(f"c{i}").is_not_null() for i in columns.values()])).to_series()


def _values(frame: pl.DataFrame, where: dict[str, int], name: str, parse, dtype):
    if name not in where:
        return pl.Series([None] * frame.height, dtype=dtype), pl.Series([False] * frame.height)
    return _per_value(frame, f"c{where[name]}", parse, dtype)


def _products(frame: pl.DataFrame, where: dict[str, int], present: pl.Series) -> tuple[pl.DataFrame, pl.Series]:
    def col(name: str) -> pl.Expr:
        return _text(pl.col(f"c{where[name]}")) if name in where else pl.lit(None, pl.String)

    flags = []
    category, bad_category = _values(frame, where, "category", n.category, pl.String)
    stars, bad_stars = _values(frame, where, "star_rating", n.stars, pl.Int64)
    year, bad_year = _values(frame, where, "star_year", n.year, pl.Int64)
    date_year, bad_date = _values(frame, where, "star_date", n.year, pl.Int64)
    unit, bad_unit = _values(frame, where, "unit", n.unit, pl.String)
    price, bad_price = _values(frame, where, "price", lambda v: str(n.money(v)), pl.String)
    flags += [bad_category, bad_stars, bad_year, bad_unit, bad_price]
    has_year = frame.select(col("star_year").is_not_null()).to_series() if "star_year" in where else \
        pl.Series([False] * frame.height)
    flags.append(~has_year & bad_date)
    year = year.zip_with(has_year, date_year)
    out = frame.select(
        "_row", col("name_th").alias("name_th"), col("name_en").fill_null("").alias("name_en"),
        pl.lit(category).alias("category"), pl.lit(stars).alias("star_rating"), pl.lit(year).alias("star_year"),
        pl.lit(unit).alias("unit"), pl.lit(price).str.to_decimal(scale=2).cast(PRICE).alias("price"))
    flags += [
        out.get_column("name_th").is_null(),
        (out.get_column("name_th").str.len_chars() > LIMITS["name_th"]).fill_null(False),
        (out.get_column("name_en").str.len_chars() > LIMITS["name_en"]).fill_null(False),
        out.get_column("category").is_null(), out.get_column("unit").is_null(),
        (out.get_column("unit").str.len_chars() > LIMITS["unit"]).fill_null(False),
        out.get_column("price").is_null(),
        ~out.get_column("price").cast(pl.Float64).is_between(0, 1e10, closed="left").fill_null(True),
        (out.get_column("star_rating").is_not_null() & out.get_column("star_year").is_null()),
    ]
    out = out.with_columns(pl.when(pl.col("star_rating").is_not_null()).then(pl.col("star_year"))
                           .otherwise(None).alias("star_year"))
    flagged = pl.select(pl.any_horizontal([pl.lit(f) for f in flags])).to_series() & present
    return out.filter(present & ~flagged), flagged


def _people(frame: pl.DataFrame, where: dict[str, int], present: pl.Series) -> tuple[pl.DataFrame, pl.Series]:
    name = frame.select((_text(pl.col(f"c{where['name_th']}")) if "name_th" in where
                         else pl.lit(None, pl.String)).alias("n")).to_series()
    phone, bad_phone = _values(frame, where, "phone", n.phone, pl.String)
    out = pl.DataFrame({"_row": frame.get_column("_row"), "name_th": name, "phone": phone.fill_null("")})
    flagged = (name.is_null() | (name.str.len_chars() > LIMITS["name_th"]).fill_null(False) | bad_phone) & present
    return out.filter(present & ~flagged), flagged


def _amounts(frame: pl.DataFrame, index: int) -> tuple[pl.Series, pl.Series]:
    """An amount column: plain numbers by one cast, the rest (baht signs, commas, Thai digits) per value."""
    cells = frame.get_column(f"c{index}")
    plain = cells.str.replace_all(",", "").str.strip_chars()
    fast = pl.select(pl.when(plain.str.contains(_PLAIN_AMOUNT)).then(plain).otherwise(None)).to_series()
    rest = pl.DataFrame({"r": pl.select(pl.when(fast.is_null()).then(cells).otherwise(None)).to_series()})

    def amount(value):
        number = n.number(value)
        if not 0 <= number < Decimal("1e12") or number != n.money(number):
            raise n.Bad("slow")
        return str(number)

    slow, failed = _per_value(rest, "r", amount, pl.String)
    return fast.fill_null(slow).str.to_decimal(scale=2).cast(MONEY), failed


def _sales(frame: pl.DataFrame, mapping: dict[int, str]) -> tuple[pl.DataFrame, pl.Series]:
    where = {f: i for i, f in mapping.items()}
    flagged = pl.Series([False] * frame.height)
    shares = {}
    for name in ("thai_tourist_share", "foreign_tourist_share"):
        values, failed = _values(frame, where, name, lambda v: str(n.share(v)), pl.String)
        shares[name] = values.fill_null("0").str.to_decimal(scale=3).cast(SHARE)
        flagged = flagged | failed
    flagged = flagged | ((shares["thai_tourist_share"] + shares["foreign_tourist_share"]) > 1).fill_null(False)
    base = pl.DataFrame({"_row": frame.get_column("_row"), **shares})
    zero = pl.lit(Decimal("0")).cast(MONEY)

    def months_of(value: pl.Series, months: list[dt.date], average: bool) -> pl.LazyFrame:
        """Each row with a value, once per month: the final columns straight away (no wider copy)."""
        return (base.lazy().with_columns(pl.lit(value).cast(MONEY).alias("shop")).filter(pl.col("shop").is_not_null())
                .join(pl.LazyFrame({"month": months}), how="cross")
                .select("_row", "month", "shop", *[zero.alias(c) for c in SALES_CHANNELS if c != "shop"],
                        "thai_tourist_share", "foreign_tourist_share", pl.lit(average).alias("is_average")))

    averages, single = [], []
    for name in sorted(f for f in where if f.startswith(("avg:", "mon:"))):
        value, failed = _amounts(frame, where[name])
        flagged = flagged | failed
        if name.startswith("avg:"):
            averages.append(months_of(value, [dt.date(int(name[4:]), m, 1) for m in range(1, 13)], True))
        else:
            single.append(months_of(value, [dt.date(int(name[4:8]), int(name[9:11]), 1)], False))
    if not averages and not single:
        return pl.DataFrame(schema=SALES_SCHEMA), flagged
    if averages and single:  # a month given by its own column wins over the same month of a yearly average
        given = pl.concat(single).select("_row", "month")
        averages = [piece.join(given, on=["_row", "month"], how="anti") for piece in averages]
    return pl.concat([*averages, *single]).select(list(SALES_SCHEMA)).collect(), flagged


def check_parts(frame: pl.DataFrame, mapping: dict[int, str], headers: list[str],
                defaults: dict[str, str] | None = None) -> CheckedParts:
    """Every row's parts as `rows.parts` gives them; rows with an issue in any part give none."""
    present = _own(frame, _part_columns(mapping, "product."))
    people_present = _own(frame, _part_columns(mapping, "person."))
    filled, filled_mapping, _headers = with_defaults(frame, mapping, headers, defaults)
    products, bad_products = _products(filled, _part_columns(filled_mapping, "product."), present)
    people, bad_people = (_people(filled, _part_columns(filled_mapping, "person."), people_present)
                          if people_present.any() else (pl.DataFrame(schema=PERSON_SCHEMA), people_present))
    sales, bad_sales = _sales(filled, filled_mapping)
    flagged = bad_products | bad_people | bad_sales
    again = frame.filter(flagged)
    redo = ~pl.col("_row").is_in(again.get_column("_row").implode())
    out = CheckedParts(products=products.filter(redo), people=people.filter(redo), sales=sales.filter(redo))
    redone: dict[str, list] = {"products": [], "people": [], "sales": []}
    width = len(headers)
    for row in again.select("_row", *[f"c{i}" for i in range(width)]).iter_rows():
        r = _Row(row[0], list(row[1:]), mapping, headers, defaults)
        found = parts(r)
        if r.issues:
            out.issues.extend(r.issues)
            continue
        if found["product"]:
            redone["products"].append({"_row": row[0], **found["product"]})
        if found["person"]:
            redone["people"].append({"_row": row[0], **found["person"]})
        redone["sales"].extend({"_row": row[0], **s} for s in found["sales"])
    for name, schema in (("products", PRODUCT_SCHEMA), ("people", PERSON_SCHEMA), ("sales", SALES_SCHEMA)):
        if redone[name]:
            extra = pl.DataFrame([{k: record[k] for k in schema} for record in redone[name]], schema=schema)
            setattr(out, name, pl.concat([getattr(out, name), extra]).sort("_row", maintain_order=True))
    return out


def as_parts(result: CheckedParts) -> dict[int, dict]:
    """Row → parts in `rows.parts`' shape (for tests comparing the two paths); rows with issues left out."""
    out: dict[int, dict] = {}

    def slot(row: int) -> dict:
        return out.setdefault(row, {"product": None, "person": None, "sales": []})

    for record in result.products.iter_rows(named=True):
        slot(record.pop("_row"))["product"] = record
    for record in result.people.iter_rows(named=True):
        slot(record.pop("_row"))["person"] = record
    for record in result.sales.sort("_row", "month").iter_rows(named=True):
        slot(record.pop("_row"))["sales"].append(record)
    return out
