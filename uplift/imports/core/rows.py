"""Checking rows: one mapped row → a record of model field values, or issues (row, column, value, reason).

`check_rows` is pure: areas come from geothai, identifiers are checked with python-stdnum. What
needs the database (identifiers already registered elsewhere, the officer's scope) is checked by
`uplift.imports.services`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from stdnum import exceptions as stdnum_errors
from stdnum.th import moa, pin

from uplift.imports.core import normalise as n

EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
LIMITS = {"name_th": 255, "name_en": 255, "address_line": 255, "line_id": 64, "unit": 40}
SALES_CHANNELS = ("shop", "fair", "wholesale", "online", "export")


@dataclass(frozen=True)
class Issue:
    row: int
    column: str
    value: str
    code: str
    params: dict = field(default_factory=dict, compare=False, hash=False)

    def as_tuple(self) -> tuple[int, str, str]:
        return self.row, self.column, self.code


@dataclass
class Checked:
    row: int
    record: dict | None  # None when the row has errors
    issues: list[Issue]
    records: list[dict] = field(default_factory=list)  # sales: one row may give several months
    id_column: str = ""


class _Row:
    def __init__(self, row: int, cells: list, mapping: dict[int, str], headers: list[str]):
        self.row, self.cells, self.headers = row, cells, headers
        self.where = {f: i for i, f in mapping.items() if i < len(cells)}
        self.issues: list[Issue] = []

    def has(self, name: str) -> bool:
        i = self.where.get(name)
        return i is not None and self.cells[i] not in (None, "")

    def raw(self, name: str):
        i = self.where.get(name)
        return None if i is None else self.cells[i]

    def column(self, name: str) -> str:
        i = self.where.get(name)
        return self.headers[i] if i is not None and i < len(self.headers) else name

    def bad(self, name: str, code: str, value=None, **params) -> None:
        shown = n.text(self.raw(name) if value is None else value)
        self.issues.append(Issue(self.row, self.column(name), shown, code, params))

    def get(self, name: str, parse: Callable = n.text, *, required: bool = False, default=None):
        if not self.has(name):
            if required:
                self.bad(name, "required")
            return default
        try:
            value = parse(self.raw(name))
        except n.Bad as error:
            self.bad(name, error.code, **error.params)
            return default
        limit = LIMITS.get(name)
        if limit and isinstance(value, str) and len(value) > limit:
            self.bad(name, "too_long", limit=limit)
            return default
        return value


def identifier_problem(id_type: str, number: str) -> str | None:
    module = pin if id_type == "citizen" else moa
    try:
        module.validate(number)
    except stdnum_errors.InvalidLength:
        return "bad_id_length"
    except stdnum_errors.InvalidChecksum:
        return "bad_id_checksum"
    except stdnum_errors.ValidationError:
        return "bad_id"
    return None


def _identifier(r: _Row) -> tuple[str, str]:
    for name in ("juristic_id", "citizen_id", "id_number"):
        if r.has(name):
            # the number tells its type (juristic person IDs start with 0): sheets mix them in one column
            number = n.digits_of(r.raw(name))
            id_type = "juristic" if number.startswith("0") else "citizen"
            problem = identifier_problem(id_type, number)
            if problem:
                r.bad(name, problem)
                return "none", ""
            return id_type, number
    return "none", ""


def _area(r: _Row) -> tuple[str, str]:
    """(subdistrict code, postal code) from a code column, separate columns or a free-text address."""
    postal = n.digits_of(r.raw("postal_code")) if r.has("postal_code") else ""
    if r.has("subdistrict_code"):
        code = n.digits_of(r.raw("subdistrict_code"))
        if code not in n.postal_codes():
            r.bad("subdistrict_code", "unknown_area", area=code)
            return "", postal
        column, parts = "subdistrict_code", None
    else:
        parts = {k: n.text(r.raw(k)) for k in ("subdistrict", "district", "province")}
        column = "subdistrict"
        if r.has("address"):
            parsed = n.address(r.raw("address"))
            parts = {k: parts[k] or parsed[k] for k in parts}
            postal = postal or parsed["postal_code"]
            if not r.has("subdistrict"):
                column = "address"
        if not parts["subdistrict"]:
            r.bad(column, "area_missing")
            return "", postal
        try:
            code = n.area(parts["subdistrict"], parts["district"], parts["province"], postal)
        except n.Bad as error:
            r.bad(column, error.code, value=" ".join(v for v in parts.values() if v), **error.params)
            return "", postal
    if postal:
        if not re.fullmatch(r"\d{5}", postal):
            r.bad("postal_code", "bad_postal_code", value=postal)
        elif postal not in n.postal_codes()[code]:
            r.bad("postal_code" if r.has("postal_code") else column, "postal_code_mismatch",
                  value=postal, valid=", ".join(n.postal_codes()[code]))
    return code, postal


def entrepreneur(r: _Row) -> dict:
    id_type, number = _identifier(r)
    code, postal = _area(r)
    line = r.get("address_line", default="")
    if not line and r.has("address"):
        line = n.address(r.raw("address"))["address_line"][:255]
    otop_year = r.get("otop_year", n.year)
    if otop_year is None and r.has("otop_date"):
        otop_year = r.get("otop_date", n.year)
    email = r.get("email", default="")
    if email and not EMAIL.match(email):
        r.bad("email", "bad_email")
    return {
        "kind": r.get("kind", n.kind, default="community_group"),
        "name_th": r.get("name_th", required=True, default=""),
        "name_en": r.get("name_en", default=""),
        "id_type": id_type, "id_number": number, "otop_year": otop_year,
        "members": r.get("members", n.whole, default=0), "employees": r.get("employees", n.whole, default=0),
        "address_line": line, "subdistrict": code, "postal_code": postal,
        "phone": r.get("phone", n.phone, default=""), "line_id": r.get("line_id", default=""), "email": email,
    }


def _owner_ref(r: _Row) -> str:
    if r.has("entrepreneur_id"):
        return "id:" + n.digits_of(r.raw("entrepreneur_id"))
    if r.has("entrepreneur_name"):
        return "name:" + n.text(r.raw("entrepreneur_name"))
    r.bad("entrepreneur_id", "required")
    return ""


def product(r: _Row) -> dict:
    star_rating = r.get("star_rating", n.stars)
    star_year = r.get("star_year", n.year)
    if star_year is None and r.has("star_date"):
        star_year = r.get("star_date", n.year)
    if star_rating and not star_year:
        r.bad("star_rating", "star_year_missing")
    price = r.get("price", n.number, required=True)
    if price is not None and (price < 0 or price >= Decimal("1e10")):
        r.bad("price", "out_of_range", low=0, high=10**10)
    return {
        "entrepreneur": _owner_ref(r), "name_th": r.get("name_th", required=True, default=""),
        "name_en": r.get("name_en", default=""), "category": r.get("category", n.category, required=True),
        "star_rating": star_rating, "star_year": star_year if star_rating else None,
        "unit": r.get("unit", required=True, default=""), "price": price,
    }


def sales(r: _Row) -> list[dict]:
    owner = _owner_ref(r)
    shares = {k: r.get(k, n.share, default=Decimal("0")) for k in ("thai_tourist_share", "foreign_tourist_share")}
    if shares["thai_tourist_share"] + shares["foreign_tourist_share"] > 1:
        r.bad("foreign_tourist_share", "shares_over_one")
    out = []
    if r.has("month") or any(r.has(c) for c in SALES_CHANNELS):
        month = r.get("month", n.date, required=True)
        amounts = {c: r.get(c, n.number, default=Decimal("0")) for c in SALES_CHANNELS}
        for c, v in amounts.items():
            if v is not None and v < 0:
                r.bad(c, "out_of_range", low=0, high=10**12)
        if month:
            out.append({"entrepreneur": owner, "month": month.replace(day=1), **amounts, **shares, "is_average": False})
    for name in sorted(f for f in r.where if f.startswith("avg:")):
        value = r.get(name, n.number)
        if value is None:
            continue
        if value < 0:
            r.bad(name, "out_of_range", low=0, high=10**12)
            continue
        y = int(name[4:])
        for m in range(1, 13):
            out.append({"entrepreneur": owner, "month": n.dt.date(y, m, 1), **{c: Decimal("0") for c in SALES_CHANNELS},
                        "shop": value, **shares, "is_average": True})
    if not out and not r.issues:
        r.bad("month", "required")
    return out


CONVERTERS = {"entrepreneurs": entrepreneur, "products": product, "sales": sales}


def check_rows(kind: str, rows: Iterable[tuple[int, list]], mapping: dict[int, str], headers: list[str],
               progress: Callable[[int], None] | None = None, repeated: bool = True) -> list[Checked]:
    """Every row checked; identifiers repeated within the file are errors after their first row.

    Rows are independent, so parts of a file may be checked apart (in parallel) with
    `repeated=False` and the parts joined by `flag_repeated_identifiers`.
    """
    convert = CONVERTERS[kind]
    out: list[Checked] = []
    for i, (number, cells) in enumerate(rows, 1):
        r = _Row(number, cells, mapping, headers)
        result = convert(r)
        if r.issues:
            out.append(Checked(number, None, r.issues))
        elif kind == "sales":
            out.append(Checked(number, None, [], records=result))
        else:
            id_field = next((f for f in ("juristic_id", "citizen_id", "id_number") if r.has(f)), "")
            out.append(Checked(number, result, [], id_column=r.column(id_field) if id_field else ""))
        if progress and i % 1000 == 0:
            progress(i)
    if repeated and kind == "entrepreneurs":
        flag_repeated_identifiers(out)
    return out


def flag_repeated_identifiers(checked: list[Checked]) -> None:
    seen: dict[str, int] = {}
    for c in checked:
        if c.record is None or not c.record["id_number"]:
            continue
        first = seen.setdefault(c.record["id_number"], c.row)
        if first != c.row:
            c.issues.append(Issue(c.row, c.id_column, c.record["id_number"], "duplicate_in_file", {"first": first}))
            c.record = None
