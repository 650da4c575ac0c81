"""Checking rows: one mapped row → a record of model field values, or issues (row, column, value, reason).

`check_row` is the definition of what a row means (the column-wise paths `columnar` and `parts`
must agree with it): pure, areas from geothai, identifiers checked with python-stdnum. A wide row
gives its entrepreneur and the product, person and sales it carries (`parts`). What needs the
database (identifiers already registered, the officer's scope, rows repeated in the file) is
judged by `uplift.imports.plan`.
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
    parts: dict | None = None  # entrepreneurs: the product, person and sales the row carries (`parts`)


class _Row:
    """One row's cells by field. `defaults` (raw values for the whole file) stand in for blank or
    unmapped cells; `part("product.")` is the same row seen as the product's fields."""

    def __init__(self, row: int, cells: list, mapping: dict[int, str], headers: list[str],
                 defaults: dict[str, str] | None = None):
        self.row, self.cells, self.headers, self.prefix = row, cells, headers, ""
        self.where = {f: i for i, f in mapping.items() if i < len(cells)}
        self.defaults = defaults or {}
        self.issues: list[Issue] = []

    def part(self, prefix: str) -> _Row:
        view = _Row.__new__(_Row)
        view.row, view.cells, view.headers, view.issues, view.prefix = self.row, self.cells, self.headers, self.issues, prefix
        view.where = {f[len(prefix):]: i for f, i in self.where.items() if f.startswith(prefix)}
        view.defaults = {f[len(prefix):]: v for f, v in self.defaults.items() if f.startswith(prefix)}
        return view

    def own(self, name: str) -> bool:
        """The sheet itself has a value here (not a default)."""
        i = self.where.get(name)
        return i is not None and self.cells[i] not in (None, "")

    def has(self, name: str) -> bool:
        return self.own(name) or self.defaults.get(name) not in (None, "")

    def raw(self, name: str):
        if self.own(name):
            return self.cells[self.where[name]]
        return self.defaults.get(name)

    def column(self, name: str) -> str:
        i = self.where.get(name)
        return self.headers[i] if i is not None and i < len(self.headers) else self.prefix + name

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
    """The producer kind is required: a blank or unmapped kind is an error unless the officer set one
    value for the whole file (`defaults`); it is never guessed."""
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
        "kind": r.get("kind", n.kind, required=True, default=""),
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


def product(r: _Row, *, owned: bool = True) -> dict:
    """A product; `owned`: the row names its entrepreneur (a products sheet) rather than being it (a wide sheet)."""
    star_rating = r.get("star_rating", n.stars)
    star_year = r.get("star_year", n.year)
    if star_year is None and r.has("star_date"):
        star_year = r.get("star_date", n.year)
    if star_rating and not star_year:
        r.bad("star_rating", "star_year_missing")
    price = r.get("price", n.money, required=True)
    if price is not None and (price < 0 or price >= Decimal("1e10")):
        r.bad("price", "out_of_range", low=0, high=10**10)
        price = None
    record = {
        "name_th": r.get("name_th", required=True, default=""),
        "name_en": r.get("name_en", default=""), "category": r.get("category", n.category, required=True),
        "star_rating": star_rating, "star_year": star_year if star_rating else None,
        "unit": r.get("unit", n.unit, required=True, default=""), "price": price,
    }
    return {"entrepreneur": _owner_ref(r), **record} if owned else record


def _amount(r: _Row, name: str) -> Decimal | None:
    value = r.get(name, n.money)
    if value is not None and not 0 <= value < Decimal("1e12"):
        r.bad(name, "out_of_range", low=0, high=10**12)
        return None
    return value


def sales(r: _Row, *, owned: bool = True) -> list[dict]:
    """Monthly sales: a month with amounts by channel, per-year averages (`avg:<year>`, spread over the
    12 months and marked as averages) or per-month totals (`mon:<year>-<month>`); a single figure is
    recorded as shop sales. `owned` as for `product`; a wide row may carry no sales."""
    owner = {"entrepreneur": _owner_ref(r)} if owned else {}
    shares = {k: r.get(k, n.share, default=Decimal("0")) for k in ("thai_tourist_share", "foreign_tourist_share")}
    if shares["thai_tourist_share"] + shares["foreign_tourist_share"] > 1:
        r.bad("foreign_tourist_share", "shares_over_one")
    zero = {c: Decimal("0") for c in SALES_CHANNELS}
    out: dict = {}
    if owned and (r.has("month") or any(r.has(c) for c in SALES_CHANNELS)):
        month = r.get("month", n.date, required=True)
        amounts = {c: _amount(r, c) or Decimal("0") for c in SALES_CHANNELS}
        if month:
            out[month.replace(day=1)] = {**owner, "month": month.replace(day=1), **amounts, **shares,
                                         "is_average": False}
    for name in sorted(f for f in r.where if f.startswith("avg:")):
        value = _amount(r, name)
        if value is not None:
            for m in range(1, 13):
                month = n.dt.date(int(name[4:]), m, 1)
                out.setdefault(month, {**owner, "month": month, **zero, "shop": value, **shares, "is_average": True})
    for name in sorted(f for f in r.where if f.startswith("mon:")):
        value = _amount(r, name)
        if value is not None:
            month = n.dt.date(int(name[4:8]), int(name[9:11]), 1)
            out[month] = {**owner, "month": month, **zero, "shop": value, **shares, "is_average": False}
    if owned and not out and not r.issues:
        r.bad("month", "required")
    return sorted(out.values(), key=lambda s: s["month"])


def parts(r: _Row) -> dict:
    """What else a wide row carries besides its entrepreneur: a product (when any product cell is
    filled), its owner or contact person, and monthly sales. A month given by a per-month column
    wins over the same month of a yearly average."""
    out: dict = {"product": None, "person": None, "sales": sales(r, owned=False)}
    p = r.part("product.")
    if any(p.own(f) for f in p.where):
        out["product"] = product(p, owned=False)
    q = r.part("person.")
    if any(q.own(f) for f in q.where):
        out["person"] = {"name_th": q.get("name_th", required=True, default=""),
                         "phone": q.get("phone", n.phone, default="")}
    return out


CONVERTERS = {"entrepreneurs": entrepreneur, "products": product, "sales": sales}
ID_FIELDS = ("juristic_id", "citizen_id", "id_number")


def check_row(kind: str, number: int, cells: list, mapping: dict[int, str], headers: list[str],
              defaults: dict[str, str] | None = None) -> Checked:
    """The definition of what one row means: its record(s), or its issues."""
    r = _Row(number, cells, mapping, headers, defaults)
    result = CONVERTERS[kind](r)
    extra = parts(r) if kind == "entrepreneurs" else None
    if r.issues:
        return Checked(number, None, r.issues)
    if kind == "sales":
        return Checked(number, None, [], records=result)
    id_field = next((f for f in ID_FIELDS if r.has(f)), "")
    return Checked(number, result, [], id_column=r.column(id_field) if id_field else "", parts=extra)


def check_rows(kind: str, rows: Iterable[tuple[int, list]], mapping: dict[int, str], headers: list[str],
               defaults: dict[str, str] | None = None) -> list[Checked]:
    """Every row checked on its own; rows that repeat an entrepreneur are judged together later
    (`core.groups`)."""
    return [check_row(kind, number, cells, mapping, headers, defaults) for number, cells in rows]
