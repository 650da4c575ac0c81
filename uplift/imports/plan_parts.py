"""Planning the records that hang from an entrepreneur: products, people, monthly sales.

One function for all three (and for the products and sales sheets): records come as a polars
frame with `_row` (the sheet row), `_ent` (the entrepreneur's key, or minus the row of a new
entrepreneur of this file) and the model's fields. Within the file, a record given twice for the
same entrepreneur and key (product name, person's name, month) is one record when both say the
same, and a conflict reported on the later row otherwise. Against the registry, each record is
created, updated (with its changes, for the audit) or unchanged.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import polars as pl

from uplift.imports.core.parts import PERSON_SCHEMA, PRODUCT_SCHEMA, SALES_SCHEMA
from uplift.imports.core.rows import Issue
from uplift.registry.models import MonthlySales, Person, Product

PRODUCT_FIELDS = ("name_en", "category", "star_rating", "star_year", "unit", "price")
SALES_FIELDS = (*MonthlySales.CHANNELS, "thai_tourist_share", "foreign_tourist_share", "is_average")


@dataclass(frozen=True)
class PartSpec:
    name: str
    model: type
    key: tuple[str, ...]
    fields: tuple[str, ...]
    schema: dict
    constant: dict = field(default_factory=dict)  # set on create, part of the match (a person is the owner)


PARTS = {
    "products": PartSpec("products", Product, ("name_th",), PRODUCT_FIELDS, PRODUCT_SCHEMA),
    "people": PartSpec("people", Person, ("name_th",), ("phone",), PERSON_SCHEMA,
                       {"role": Person.Role.OWNER, "role_note": "", "name_en": "", "birth_year": None}),
    "sales": PartSpec("sales", MonthlySales, ("month",), SALES_FIELDS, SALES_SCHEMA),
}


@dataclass
class PartPlan:
    create: pl.DataFrame
    update: list = field(default_factory=list)  # (instance, changes)
    unchanged: int = 0

    def counts(self) -> dict:
        return {"create": self.create.height, "update": len(self.update), "unchanged": self.unchanged}


def chunks(items, size: int = 5000):
    items = list(items)
    for i in range(0, len(items), size):
        yield items[i:i + size]


def conflicts(spec: PartSpec, frame: pl.DataFrame, column: Callable[[dict], str]) -> tuple[pl.DataFrame, list[Issue]]:
    """The frame with each (entrepreneur, key) once, and an issue on every later row that says otherwise."""
    group = ["_ent", *spec.key]
    if frame.is_empty():
        return frame, []
    # one 64-bit hash per row is far lighter than comparing the keys themselves; a collision only sends
    # those rows to the exact comparison below
    key = pl.col(group[0]).hash(1)
    for i, name in enumerate(group[1:], 2):
        key = key.xor(pl.col(name).hash(i))
    keys = frame.select(key.sort()).to_series()
    if not (keys == keys.shift(1)).any():  # the usual case: nothing given twice (2.4 M sales rows stay as they are)
        return frame, []
    del keys
    repeated = frame.select(key.is_duplicated()).to_series()
    once, twice = frame.filter(~repeated), frame.filter(repeated)
    kept, issues = _conflicts(spec, twice, column, group)
    return pl.concat([once, kept]), issues


def _conflicts(spec: PartSpec, frame: pl.DataFrame, column: Callable[[dict], str], group: list[str]):
    marked = frame.sort("_row").with_columns(pl.col("_row").first().over(group).alias("_first"))
    differs = pl.any_horizontal([pl.col(f).ne_missing(pl.col(f).first().over(group)) for f in spec.fields])
    bad = marked.filter(differs)
    issues: dict[tuple, Issue] = {}
    for r in bad.iter_rows(named=True):  # once per row and column (twelve months of one average are one cell)
        issue = Issue(r["_row"], column(r), _text(r[spec.key[0]]), f"{spec.name}_conflict", {"first": r["_first"]})
        issues.setdefault((issue.row, issue.column), issue)
    issues = list(issues.values())
    return marked.filter(pl.col("_row") == pl.col("_first")).drop("_first"), issues


def _existing(spec: PartSpec, owners: list[int]) -> pl.DataFrame:
    """The registered records of these entrepreneurs: pk, `_ent`, key and fields, typed as the file's."""
    names = ["pk", "entrepreneur_id", *spec.key, *spec.fields]
    rows = []
    queryset = spec.model.objects.filter(**{k: v for k, v in spec.constant.items() if k == "role"})
    for chunk in chunks(owners, 900):
        rows.extend(queryset.filter(entrepreneur_id__in=chunk).values_list(*names))
    schema = {"_pk": pl.Int64, "_ent": pl.Int64, **{k: spec.schema[k] for k in (*spec.key, *spec.fields)}}
    return pl.DataFrame(rows, schema=schema, orient="row")


def plan_part(spec: PartSpec, frame: pl.DataFrame) -> PartPlan:
    """Created, updated or unchanged against the registry (records of new entrepreneurs are all created)."""
    known = frame.filter(pl.col("_ent") > 0)
    existing = _existing(spec, sorted(set(known.get_column("_ent").to_list())))
    joined = known.join(existing, on=["_ent", *spec.key], how="left", suffix="_was")
    matched = joined.filter(pl.col("_pk").is_not_null())
    same = pl.all_horizontal([pl.col(f).eq_missing(pl.col(f"{f}_was")) for f in spec.fields])
    if known.is_empty():  # all for new entrepreneurs: created as they are, no copy of a large frame
        return PartPlan(create=frame)
    plan = PartPlan(create=pl.concat([frame.filter(pl.col("_ent") < 0),
                                      joined.filter(pl.col("_pk").is_null()).select(frame.columns)]))
    plan.unchanged = matched.filter(same).height
    for r in matched.filter(~same).iter_rows(named=True):
        changes = {f: [_text(r[f"{f}_was"]), _text(r[f])] for f in spec.fields if r[f] != r[f"{f}_was"]}
        obj = spec.model(pk=r["_pk"], entrepreneur_id=r["_ent"], **{k: r[k] for k in (*spec.key, *spec.fields)})
        plan.update.append((obj, changes))
    return plan


def _text(value) -> str:
    return "" if value is None else str(value)


def empty(spec: PartSpec) -> pl.DataFrame:
    return pl.DataFrame(schema={"_row": pl.Int64, "_ent": pl.Int64, **{k: v for k, v in spec.schema.items()
                                                                        if k != "_row"}})


def as_frame(spec: PartSpec, records: list[dict]) -> pl.DataFrame:
    """Records (`_row`, `_ent` and the fields) from the per-row check as a part frame."""
    if not records:
        return empty(spec)
    schema = empty(spec).schema
    return pl.DataFrame([{k: r.get(k) for k in schema} for r in records], schema=schema)


def from_json(spec: PartSpec, records: list[dict], ent: int, row: int) -> pl.DataFrame:
    """Records kept as JSON (a held likely duplicate's) back as a part frame for entrepreneur `ent`."""
    if not records:
        return empty(spec)
    schema = empty(spec).schema
    text = pl.DataFrame([{k: None if r.get(k) is None else str(r.get(k)) for k in schema if not k.startswith("_")}
                         for r in records], schema={k: pl.String for k in schema if not k.startswith("_")})

    def typed(name: str, dtype) -> pl.Expr:
        column = pl.col(name)
        if dtype == pl.Date:
            return column.str.to_date("%Y-%m-%d")
        if isinstance(dtype, pl.Decimal):
            return column.str.to_decimal(scale=dtype.scale).cast(dtype)
        if dtype == pl.Boolean:
            return column == "True"
        return column.cast(dtype)

    return text.select(pl.lit(row, pl.Int64).alias("_row"), pl.lit(ent, pl.Int64).alias("_ent"),
                       *[typed(k, v).alias(k) for k, v in schema.items() if not k.startswith("_")])
