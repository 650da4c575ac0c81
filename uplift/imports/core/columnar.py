"""Checking entrepreneur rows column by column: a fast path, with the per-row check as the rule.

A national sheet has 100,000 rows, and checking each row in Python costs more than reading the
whole file. Here every column is normalised at once with polars: the usual date forms are parsed
as a column, the usual "ต.… อ.… จ.…" address is joined to geothai's subdistricts by their names
in geothai's normal form, and other values that repeat (kinds, member counts, unusual dates and
areas) are parsed once per distinct value by the same parsers the per-row check uses.

The contract: a row this path accepts gets exactly the record `rows.entrepreneur` would give it;
a row where any column looks wrong, or that this path does not handle, is checked again by
`rows.entrepreneur`, whose record or issues are the answer. So `rows.entrepreneur` stays the one
definition of what a row means, and this module only makes the common, clean row fast. The
identifier check digit is computed here for a whole column at once with python-stdnum's formula;
any number it doubts goes to stdnum itself (tests compare the two over many numbers, and both
paths over generated untidy sheets).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

import polars as pl

from uplift.imports.core import normalise as n
from uplift.imports.core.rows import LIMITS, Checked, Issue, _area, _Row, entrepreneur

THAI_DIGITS = list("๐๑๒๓๔๕๖๗๘๙")
ARABIC_DIGITS = list("0123456789")
ID_FIELDS = ("juristic_id", "citizen_id", "id_number")
AREA_FIELDS = ("subdistrict_code", "subdistrict", "district", "province", "address", "postal_code")
RECORD = ("kind", "name_th", "name_en", "id_type", "id_number", "otop_year", "members", "employees", "address_line",
          "subdistrict", "postal_code", "phone", "line_id", "email")
SCHEMA = {"_row": pl.Int64, "kind": pl.String, "name_th": pl.String, "name_en": pl.String, "id_type": pl.String,
          "id_number": pl.String, "otop_year": pl.Int64, "members": pl.Int64, "employees": pl.Int64,
          "address_line": pl.String, "subdistrict": pl.String, "postal_code": pl.String, "phone": pl.String,
          "line_id": pl.String, "email": pl.String, "_id_column": pl.String}
_THREE_PARTS = (r"^(?<s>(?:ต\.|ตำบล|แขวง)\s*\S.*?)\s(?<d>(?:อ\.|อำเภอ|เขต)\s*\S.*?)\s(?<p>(?:จ\.|จังหวัด)\s*\S.*?)"
                r"(?:\s(?<z>[0-9]{5}))?$")
_MARKER = r"(?:^|\s)(?:ตำบล|ต\.|แขวง|อำเภอ|อ\.|เขต|จังหวัด|จ\.)"
_SEPARATOR_ONWARDS = r"\s*(?:,|/|หรือ|;).*$"
_EMAIL = r"^[^@\s]+@[^@\s]+\.[^@\s]+$"


@dataclass
class CheckedFrame:
    records: pl.DataFrame  # accepted rows: `_row`, the record's fields, `_id_column`
    issues: list[Issue]


def _arabic(e: pl.Expr) -> pl.Expr:
    return e.str.replace_many(THAI_DIGITS, ARABIC_DIGITS)


def _text(e: pl.Expr) -> pl.Expr:
    return e.str.replace_all(r"\s+", " ").str.strip_chars()


def _per_value(frame: pl.DataFrame, column: str, parse: Callable, dtype) -> tuple[pl.Series, pl.Series]:
    """`parse` once per distinct cell: (values, failed) per row; a blank cell is (null, False)."""
    values, failed = {}, {}
    for cell in frame.get_column(column).drop_nulls().unique().to_list():
        try:
            values[cell], failed[cell] = parse(cell), False
        except n.Bad:
            values[cell], failed[cell] = None, True
    cells = frame.get_column(column)
    return (cells.replace_strict(values, default=None, return_dtype=dtype),
            cells.replace_strict(failed, default=False, return_dtype=pl.Boolean))


def _years(frame: pl.DataFrame, column: str) -> tuple[pl.Series, pl.Series]:
    """`normalise.year` for a column: 2563, 15/03/2563, 2563-03-15 and 15 มี.ค. 63 at once, the rest per value."""
    c = pl.col(column)
    dmy = c.str.extract_groups(r"^(?<d>[0-9]{1,2})/(?<m>[0-9]{1,2})/(?<y>[0-9]{4})$")
    ymd = c.str.extract_groups(r"^(?<y>[0-9]{4})-(?<m>[0-9]{1,2})-(?<d>[0-9]{1,2})$")
    words = c.str.extract_groups(r"^(?<d>[0-9]{1,2}) (?<w>[^0-9\s]+) (?<y>[0-9]{2}|[0-9]{4})$")
    month = words.struct.field("w").str.replace_all(".", "", literal=True).str.to_lowercase().replace_strict(
        n._MONTH_KEYS, default=None, return_dtype=pl.Int64)
    parts = frame.select(
        pl.coalesce(dmy.struct.field("y"), ymd.struct.field("y"), words.struct.field("y")).cast(pl.Int64).alias("y"),
        pl.coalesce(dmy.struct.field("m").cast(pl.Int64), ymd.struct.field("m").cast(pl.Int64), month).alias("m"),
        pl.coalesce(dmy.struct.field("d"), ymd.struct.field("d"), words.struct.field("d")).cast(pl.Int64).alias("d"),
        c.str.contains(r"^[0-9]{4}$").fill_null(False).alias("bare"), c.cast(pl.Int64, strict=False).alias("year"),
    )
    y = pl.col("y")
    y = pl.when(y < 100).then(y + 2500).otherwise(y)
    y = pl.when(y > 2400).then(y - n.BE_OFFSET).otherwise(y)
    bare = pl.col("year")
    bare = pl.when(bare > 2400).then(bare - n.BE_OFFSET).otherwise(bare)
    valid = pl.format("{}-{}-{}", y, pl.col("m"), pl.col("d")).str.to_date("%Y-%m-%d", strict=False).is_not_null()
    fast = parts.select(
        pl.when(pl.col("bare")).then(bare)
        .when(valid).then(y).otherwise(None).alias("v")).to_series()
    fast = fast.zip_with(fast.is_between(2001, 2100), pl.Series([None], dtype=pl.Int64))
    rest = frame.select(pl.when(fast.is_null()).then(c).alias("r"))
    values, failed = _per_value(rest, "r", n.year, pl.Int64)
    return fast.fill_null(values), failed


def _check_digit_ok(digits: pl.Expr) -> pl.Expr:
    """python-stdnum's th.pin/th.moa rule: 13 digits, the last = (1 − Σ(2 − i)·dᵢ mod 11) mod 10."""
    total = pl.sum_horizontal([digits.str.slice(i, 1).cast(pl.Int64, strict=False) * (13 - i) for i in range(12)])
    check = (11 - total % 11) % 10
    last = digits.str.slice(12, 1).cast(pl.Int64, strict=False)
    citizen_ok = ~digits.str.starts_with("9")  # a citizen number starting 0 is read as juristic
    return ((digits.str.len_chars() == 13) & (check == last) & citizen_ok).fill_null(False)


def _phone(cells: pl.Series) -> tuple[pl.Series, pl.Series]:
    """`normalise.phone` for a whole column: (formatted number, bad). Each step is materialised."""
    def step(expr: pl.Expr) -> pl.Series:
        return pl.select(expr.alias("d")).to_series()

    d = step(_arabic(_text(pl.lit(cells))).str.replace(_SEPARATOR_ONWARDS, "").str.replace_all(r"\D", ""))
    col = pl.lit(d)
    d = step(pl.when(col.str.starts_with("66") & col.str.len_chars().is_in([10, 11]))
             .then(pl.lit("0") + col.str.slice(2)).otherwise(col))
    col = pl.lit(d)
    d = step(pl.when(col.str.len_chars().is_in([8, 9]) & ~col.str.starts_with("0")).then(pl.lit("0") + col)
             .otherwise(col))
    col, length = pl.lit(d), pl.lit(d).str.len_chars()
    bad = step(~col.str.starts_with("0") | ~length.is_in([9, 10])) & cells.is_not_null()
    bangkok = pl.concat_str([col.str.slice(0, 2), col.str.slice(2, 3), col.str.slice(5)], separator="-")
    other = pl.concat_str([col.str.slice(0, 3), col.str.slice(3, 3), col.str.slice(6)], separator="-")
    formatted = step(pl.when((length == 9) & col.str.starts_with("02")).then(bangkok).otherwise(other))
    return formatted, bad.fill_null(False)


def _geothai_normal(e: pl.Expr) -> pl.Expr:
    """geothai's `normalize` (short form, lower case, marks, level word) for a whole column."""
    return (e.str.replace(r"^\s*(?:จ|อ|ต)\.\s*", "").str.to_lowercase().str.replace_all(r"[\s.'-]", "")
            .str.replace(r"^(?:จังหวัด|อำเภอ|เขต|ตำบล|แขวง|กิ่งอำเภอ)", ""))


@lru_cache(maxsize=1)
def _area_names() -> pl.DataFrame:
    """Every subdistrict whose (subdistrict, district, province) names, in geothai's normal form, are
    unique: its code and postal codes (" 83150 83120 ")."""
    import geothai

    columns: dict[str, list] = {"s": [], "d": [], "p": [], "code": [], "postal_codes": []}
    for p in geothai.provinces():
        for d in geothai.districts(p.code):
            for s in geothai.subdistricts(d.code):
                for key, value in (("s", s.name_th), ("d", d.name_th), ("p", p.name_th), ("code", s.code),
                                   ("postal_codes", f" {' '.join(s.postal_codes)} ")):
                    columns[key].append(value)
    frame = pl.DataFrame(columns).with_columns(_geothai_normal(pl.col(k)) for k in ("s", "d", "p"))
    return frame.filter(pl.len().over("s", "d", "p") == 1)


def _areas_by_name(rest: pl.Series) -> pl.DataFrame:
    """The common address "ต.… อ.… จ.… 12345": the three parts, each with its marker as `normalise.address`
    cuts them, put in geothai's normal form and joined to the subdistricts: code, postal code.

    Rows of another shape, with a part matching no subdistrict or more than one, or with a postal
    code the subdistrict does not use, get nulls and go to `rows._area`.
    """
    parts = pl.DataFrame({"rest": rest}).select(
        pl.col("rest").str.extract_groups(_THREE_PARTS).struct.unnest(),
        (pl.col("rest").str.count_matches(_MARKER) == 3).alias("three"))
    keyed = parts.select(*[_geothai_normal(pl.col(k)).alias(k) for k in ("s", "d", "p")], "z", "three")
    found = keyed.join(_area_names(), on=["s", "d", "p"], how="left", maintain_order="left")
    fits = found.select((pl.col("code").is_not_null() & pl.col("three").fill_null(False)
                         & (pl.col("z").is_null() | pl.col("postal_codes").str.contains(" " + pl.col("z") + " ",
                                                                                          literal=True))
                         ).fill_null(False)).to_series()
    nothing = pl.Series([None], dtype=pl.String)
    return pl.DataFrame({"code": found.get_column("code").zip_with(fits, nothing),
                         "postal": found.get_column("z").fill_null("").zip_with(fits, nothing)})


def _split_addresses(cells: pl.Series) -> pl.DataFrame:
    """Each free-text address (Thai digits as 0–9, spaces collapsed) cut at its first ต./อ./จ. marker:
    `line` before it (the house number, moo, road), `rest` from it on (null when there is no marker)."""
    address = pl.select(_arabic(_text(pl.lit(cells))).alias("a")).to_series()
    cut = pl.DataFrame({"a": address}).select(
        pl.when(~pl.col("a").str.contains("\x00", literal=True))
        .then(pl.col("a").str.replace(_MARKER, "\x00$0")).str.split_exact("\x00", 1).struct.unnest())
    rest = cut.get_column("field_1")
    line = cut.get_column("field_0").zip_with(rest.is_not_null(), pl.Series([None], dtype=pl.String))
    return pl.DataFrame({"address": address, "line": line, "rest": rest})


def _areas(frame: pl.DataFrame, where: dict[str, int], headers: list[str],
           split: pl.DataFrame | None = None) -> pl.DataFrame:
    """`rows._area` once per distinct combination of area cells: subdistrict code, postal code, failed.

    A free-text address is keyed by the part from its first ต./อ./จ. marker on (the house number
    before it does not change the area), so 100,000 addresses are matched as a few thousand; the
    usual "ต.… อ.… จ.…" address whose names are geothai's own is matched by a join first.
    """
    present = [f for f in AREA_FIELDS if f in where]
    if not present:
        return pl.DataFrame({"code": [""] * frame.height, "postal": [""] * frame.height,
                             "area_failed": [True] * frame.height})
    keys = frame.select([pl.col(f"c{where[f]}").alias(f) for f in present])
    if "address" in present:
        keys = keys.with_columns(pl.coalesce(split.get_column("rest").str.strip_chars(), pl.col("address"))
                                 .alias("address"))
    if present == ["address"]:
        distinct = keys.get_column("address").unique()
        found = pl.concat([pl.DataFrame({"address": distinct}), _areas_by_name(distinct)], how="horizontal")
        by_name = keys.join(found, on="address", how="left", nulls_equal=True, maintain_order="left").select(
            "code", "postal")
    else:
        by_name = pl.DataFrame({"code": [None] * frame.height, "postal": [None] * frame.height},
                               schema={"code": pl.String, "postal": pl.String})
    unresolved = by_name.get_column("code").is_null()
    out = {"code": [], "postal": [], "area_failed": []}
    distinct = keys.filter(unresolved).unique()
    names = {f: i for i, f in enumerate(present)}
    columns = [headers[where[f]] for f in present]
    for cells in distinct.iter_rows():
        r = _Row(0, list(cells), {i: f for f, i in names.items()}, columns)
        code, postal = _area(r)
        out["code"].append(code)
        out["postal"].append(postal)
        out["area_failed"].append(bool(r.issues))
    table = pl.concat([distinct, pl.DataFrame(out, schema={"code": pl.String, "postal": pl.String,
                                                           "area_failed": pl.Boolean})], how="horizontal")
    slow = keys.join(table, on=present, how="left", nulls_equal=True, maintain_order="left")
    return pl.DataFrame({
        "code": by_name.get_column("code").fill_null(slow.get_column("code")),
        "postal": by_name.get_column("postal").fill_null(slow.get_column("postal")),
        "area_failed": slow.get_column("area_failed").fill_null(False) & unresolved,
    })


def with_defaults(frame: pl.DataFrame, mapping: dict[int, str], headers: list[str],
                  defaults: dict[str, str] | None) -> tuple[pl.DataFrame, dict[int, str], list[str]]:
    """The frame with each default (a value for the whole file) in its field's blank cells, or as a
    column of its own (headed by the field's name) when no column holds the field: what `rows._Row`
    reads with `defaults`, as columns."""
    mapping, headers = dict(mapping), list(headers)
    where = {f: i for i, f in mapping.items() if i < len(headers)}
    for name, value in (defaults or {}).items():
        if value in (None, ""):
            continue
        if name in where:
            frame = frame.with_columns(pl.col(f"c{where[name]}").fill_null(value))
        else:
            i = len(headers)
            frame = frame.with_columns(pl.lit(value, pl.String).alias(f"c{i}"))
            mapping[i], where[name] = name, i
            headers.append(name)
    return frame, mapping, headers


def check_entrepreneurs(frame: pl.DataFrame, mapping: dict[int, str], headers: list[str],
                        defaults: dict[str, str] | None = None) -> CheckedFrame:
    """Every row of `frame` (`_row`, c0…cN as text) checked as `rows.entrepreneur` would, with the
    file's `defaults`; rows repeating an entrepreneur are judged later (`core.groups`)."""
    entrepreneur_defaults = {k: v for k, v in (defaults or {}).items() if "." not in k}
    frame, mapping, headers = with_defaults(frame, mapping, headers, entrepreneur_defaults)
    where = {f: i for i, f in mapping.items() if i < len(headers)}

    blank = pl.Series("blank", [None] * frame.height, dtype=pl.String)

    def cell(name: str) -> pl.Expr:
        return pl.col(f"c{where[name]}") if name in where else pl.lit(blank)

    flags: list[pl.Expr] = []
    columns: dict[str, pl.Expr | pl.Series] = {"_row": pl.col("_row")}

    def text_field(name: str, *, required: bool = False) -> None:
        value = _text(cell(name))
        if required:
            flags.append(value.is_null())
        if name in LIMITS:
            flags.append((value.str.len_chars() > LIMITS[name]).fill_null(False))
        columns[name] = value.fill_null("")

    text_field("name_th", required=True)
    text_field("name_en")
    text_field("line_id")
    text_field("email")
    flags.append((pl.col(f"c{where['email']}").is_not_null() & ~_text(cell("email")).str.contains(_EMAIL))
                 .fill_null(False) if "email" in where else pl.lit(False))

    if "kind" in where:  # required: blank is an error (the file's default, if any, is in the blanks already)
        values, failed = _per_value(frame, f"c{where['kind']}", n.kind, pl.String)
        columns["kind"] = values.fill_null("")
        flags.extend([pl.lit(failed), cell("kind").is_null()])
    else:
        columns["kind"] = pl.lit("")
        flags.append(pl.lit(True))
    for name in ("members", "employees"):
        if name in where:
            values, failed = _per_value(frame, f"c{where[name]}", n.whole, pl.Int64)
            columns[name] = values.fill_null(0)
            flags.append(pl.lit(failed))
        else:
            columns[name] = pl.lit(0)

    year = pl.lit(None, pl.Int64)
    for name in ("otop_date", "otop_year"):  # otop_year wins; the date fills in where the year is blank
        if name in where:
            values, failed = _years(frame, f"c{where[name]}")
            year = pl.when(cell(name).is_not_null()).then(pl.lit(values)).otherwise(year)
            flags.append(pl.lit(failed))
    columns["otop_year"] = year

    ids = [f for f in ID_FIELDS if f in where]
    raw_id = pl.lit(frame.select(pl.coalesce([cell(f) for f in ids]).alias("i")).to_series() if ids
                    else pl.Series("i", [None] * frame.height, dtype=pl.String))
    digits = pl.lit(frame.select(_arabic(_text(raw_id)).str.replace_all(r"\D", "").alias("d")).to_series())
    id_column = pl.lit("")
    for f in reversed(ids):
        id_column = pl.when(cell(f).is_not_null()).then(pl.lit(headers[where[f]])).otherwise(id_column)
    columns["id_type"] = (pl.when(raw_id.is_null()).then(pl.lit("none"))
                          .when(digits.str.starts_with("0")).then(pl.lit("juristic")).otherwise(pl.lit("citizen")))
    columns["id_number"] = pl.when(raw_id.is_null()).then(pl.lit("")).otherwise(digits)
    columns["_id_column"] = id_column
    flags.append(pl.lit(frame.select((raw_id.is_not_null() & ~_check_digit_ok(digits)).alias("f")).to_series()))

    phone_cells = frame.select(cell("phone").alias("p")).to_series()
    phone, bad_phone = _phone(phone_cells)
    columns["phone"] = pl.when(pl.lit(phone_cells).is_null()).then(pl.lit("")).otherwise(pl.lit(phone))
    flags.append(pl.lit(bad_phone))

    split = _split_addresses(frame.get_column(f"c{where['address']}")) if "address" in where else None
    areas = _areas(frame, where, headers, split)
    columns["subdistrict"] = pl.lit(areas.get_column("code"))
    columns["postal_code"] = pl.lit(areas.get_column("postal"))
    flags.append(pl.lit(areas.get_column("area_failed")))

    line = _text(cell("address_line"))
    flags.append((line.str.len_chars() > LIMITS["address_line"]).fill_null(False))
    if "address" in where:
        address = pl.lit(split.get_column("address"))
        before_marker = pl.lit(split.get_column("line")).str.strip_chars(" ,")
        unmarked = split.filter(pl.col("rest").is_null()).get_column("address").drop_nulls().unique()
        lines = {v: n.address(v)["address_line"] for v in unmarked.to_list()}
        from_address = pl.coalesce(before_marker, address.replace_strict(lines, default=None)).str.slice(0, 255)
        line = pl.coalesce(line, from_address)
    columns["address_line"] = line.fill_null("")

    flagged = pl.any_horizontal([f.fill_null(True) for f in flags])
    checked = frame.with_columns(_flagged=flagged).select(
        "_flagged", *[(v if isinstance(v, pl.Expr) else pl.lit(v)).alias(k) for k, v in columns.items()])
    clean = checked.filter(~pl.col("_flagged")).select(list(SCHEMA)).cast(SCHEMA)

    issues: list[Issue] = []
    again = frame.filter(checked.get_column("_flagged"))
    width = len(headers)
    redone = []
    for row in again.select("_row", *[f"c{i}" for i in range(width)]).iter_rows():
        r = _Row(row[0], list(row[1:]), mapping, headers)
        record = entrepreneur(r)
        if r.issues:
            issues.extend(r.issues)
        else:
            id_field = next((f for f in ID_FIELDS if r.has(f)), "")
            redone.append({"_row": row[0], **record, "_id_column": r.column(id_field) if id_field else ""})
    records = pl.concat([clean, pl.DataFrame(redone, schema=SCHEMA)]).sort("_row") if redone else clean
    issues.sort(key=lambda i: i.row)
    return CheckedFrame(records=records, issues=issues)


def as_checked(result: CheckedFrame) -> list[Checked]:
    """The per-row shape (`rows.check_rows`' result), for tests comparing the two paths."""
    out = [Checked(row["_row"], {k: row[k] for k in RECORD}, [], id_column=row["_id_column"])
           for row in result.records.iter_rows(named=True)]
    by_row: dict[int, list[Issue]] = {}
    for issue in result.issues:
        by_row.setdefault(issue.row, []).append(issue)
    out.extend(Checked(row, None, issues) for row, issues in by_row.items())
    return sorted(out, key=lambda c: c.row)
