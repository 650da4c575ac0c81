"""Rows of one file that are one entrepreneur, or likely are."""

import polars as pl

from uplift.imports.core.columnar import RECORD
from uplift.imports.core.groups import group

BASE = {"kind": "individual", "name_th": "กลุ่มบาติก", "name_en": "", "id_type": "none", "id_number": "",
        "otop_year": None, "members": 0, "employees": 0, "address_line": "", "subdistrict": "830202",
        "postal_code": "", "phone": "", "line_id": "", "email": ""}


def records(*rows: dict) -> pl.DataFrame:
    return pl.DataFrame([{"_row": i + 2, **BASE, **r} for i, r in enumerate(rows)],
                        schema={"_row": pl.Int64, **{f: (pl.Int64 if f in ("otop_year", "members", "employees")
                                                         else pl.String) for f in RECORD}})


def test_the_same_identifier_is_one_entrepreneur_and_a_contradiction_is_reported():
    juristic = {"id_type": "juristic", "id_number": "0835561000211"}
    grouped, issues = group(records(juristic, juristic, {**juristic, "members": 5}), {"members": "จำนวนสมาชิก"})
    assert grouped.select("_row", "_anchor").rows() == [(2, 2), (3, 2)]
    assert [(i.row, i.column, i.value, i.code, i.params) for i in issues] == [
        (4, "จำนวนสมาชิก", "5", "conflicts_in_file", {"first": 2, "other": "0"})]


def test_likely_pairs_without_identifier_point_to_the_first():
    grouped, issues = group(records({}, {"name_th": "กลุ่ม บาติก"}, {"name_th": "กลุ่มอื่น", "phone": "081"},
                                    {"name_th": "กลุ่มที่สาม", "phone": "081"}, {}), {})
    assert issues == []
    assert grouped.select("_row", "_anchor", "_like").rows() == [
        (2, 2, None), (3, 3, 2), (4, 4, None), (5, 5, 4), (6, 2, None)]


def test_no_identifier_looks_like_one_with_an_identifier_wherever_it_stands():
    grouped, _issues = group(records({}, {"id_type": "juristic", "id_number": "0835561000211"}), {})
    assert grouped.select("_row", "_like").rows() == [(2, 3), (3, None)]
