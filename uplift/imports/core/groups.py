"""Rows of one file that are the same entrepreneur, or likely are.

Wide sheets list an entrepreneur once per product, so rows repeat:

* **The same identifier** in several rows is one entrepreneur. A later row must say the same as
  the first in every entrepreneur column; where it differs, each differing column is reported
  ("differs from row N, which has the same identifier") and that row is left out.
* **No identifier, every entrepreneur value equal**: the same entrepreneur listed again.
* **No identifier, a likely pair**: the same name (folded: tone marks, spaces, punctuation and case
  ignored) or the same phone, in the same subdistrict, as another entrepreneur of the file with an
  identifier, or as an earlier one without: never created twice silently, never merged silently;
  the plan holds it for an officer's review against that one.

`group` marks each accepted row with `_anchor` (the first row of its entrepreneur) and, on the
anchor of a likely pair, `_like` (the anchor it looks like).
"""

from __future__ import annotations

import re
import unicodedata

import polars as pl

from uplift.imports.core.rows import Issue

COMPARED = ("kind", "name_th", "name_en", "id_type", "id_number", "otop_year", "members", "employees", "address_line",
            "subdistrict", "postal_code", "phone", "line_id", "email")
_TONES = "[\u0e48-\u0e4b]"
_NOISE = r"[\s\-_.,:;/\\()\[\]{}*\"'#|+&!?~`]+"


def name_key(expr: pl.Expr) -> pl.Expr:
    """A column of names as compared for likely pairs: NFC, lower case, no tone marks, spaces or punctuation."""
    return expr.str.normalize("NFC").str.to_lowercase().str.replace_all(_TONES, "").str.replace_all(_NOISE, "")


def name_key_of(name: str) -> str:
    """`name_key` for one name (a registered entrepreneur's)."""
    return re.sub(_NOISE, "", re.sub(_TONES, "", unicodedata.normalize("NFC", name).lower()))


def group(records: pl.DataFrame, columns: dict[str, str]) -> tuple[pl.DataFrame, list[Issue]]:
    """`records` (accepted rows: `_row` and the entrepreneur fields) with `_anchor` and `_like`; rows that
    contradict an earlier row with their identifier are left out and reported (`columns`: field → header)."""
    records = records.sort("_row")
    has_id = pl.col("id_number") != ""
    differs = records.select(
        "_row", pl.col("_row").first().over("id_number").alias("_first"),
        *[(has_id & pl.col(f).ne_missing(pl.col(f).first().over("id_number"))).alias(f"_d_{f}") for f in COMPARED],
        *[pl.col(f).first().over("id_number").alias(f"_o_{f}") for f in COMPARED], *COMPARED)
    conflict = differs.select(pl.any_horizontal([f"_d_{f}" for f in COMPARED])).to_series()
    issues = []
    for row in differs.filter(conflict).iter_rows(named=True):
        for f in COMPARED:
            if row[f"_d_{f}"]:
                issues.append(Issue(row["_row"], columns.get(f, f), _shown(row[f]), "conflicts_in_file",
                                    {"first": row["_first"], "other": _shown(row[f"_o_{f}"])}))
    records = records.filter(~conflict)
    anchored = records.with_columns(
        pl.when(has_id).then(pl.col("_row").first().over("id_number"))
        .otherwise(pl.col("_row").first().over(list(COMPARED))).alias("_anchor"))
    return anchored.with_columns(_like_column(anchored)), issues


def _shown(value) -> str:
    return "" if value is None else str(value)


def _like_column(records: pl.DataFrame) -> pl.Series:
    anchors = records.filter(pl.col("_row") == pl.col("_anchor")).select(
        "_row", (pl.col("id_number") != "").alias("_has_id"), "subdistrict",
        name_key(pl.col("name_th")).alias("_name"), pl.col("phone").str.replace_all(r"\D", "").alias("_phone"))
    like: dict[int, int] = {}
    for key in ("_name", "_phone"):
        keyed = anchors.filter(pl.col(key) != "").with_columns(
            pl.col("_row").filter(pl.col("_has_id")).min().over(key, "subdistrict").alias("_with_id"),
            pl.col("_row").filter(~pl.col("_has_id")).min().over(key, "subdistrict").alias("_first_without"))
        for row, has_id, with_id, first_without in keyed.select(
                "_row", "_has_id", "_with_id", "_first_without").iter_rows():
            if has_id:
                continue
            targets = [t for t in (with_id, first_without) if t is not None and t != row]
            if targets:
                like[row] = min(min(targets), like.get(row, min(targets)))
    for row in list(like):
        seen = {row}
        while like[row] in like and like[row] not in seen:  # to the first of a chain
            seen.add(like[row])
            like[row] = like[like[row]]
    return records.select(pl.col("_anchor").replace_strict(like, default=None, return_dtype=pl.Int64)
                          .alias("_like")).to_series()
