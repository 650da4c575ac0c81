"""Deterministic national demo data: entrepreneurs, their people, products and standards held.

Pure: numpy and the data files beside this module, no Django, so it is tested and timed on its
own and the loader only writes what it returns. Rows refer to each other by position (an
entrepreneur's index, a product's index); the loader turns positions into primary keys.

Each part draws from its own stream of one SeedSequence, so the same (n, seed, subdistricts)
gives the same data, and changing how products are drawn does not reshuffle the names.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path

import numpy as np
from stdnum.th import moa, pin

from uplift.registry.demo.sales import SalesModel, sales_model

DATA_DIR = Path(__file__).parent
KINDS = ("community_group", "community_enterprise", "individual", "sme")
KIND_SHARES = (0.40, 0.15, 0.43, 0.02)
PRODUCTS_PER_ENTREPRENEUR = (0.34, 0.36, 0.21, 0.09)
STAR_SHARES = {5: 0.020, 4: 0.035, 3: 0.035, 2: 0.012, 1: 0.006}
STAR_YEARS = (2016, 2018, 2019)
OTOP_YEARS = np.arange(2002, 2022)
MUSLIM_MAJORITY_PROVINCES = ("90", "91", "94", "95", "96")
LANDLINE_AREA = {"1": "3", "2": "3", "3": "4", "4": "4", "5": "5", "6": "5", "7": "3", "8": "7", "9": "7"}
MAIL_DOMAINS = ("gmail.com", "hotmail.com", "yahoo.co.th")
STREAMS = ("areas", "entrepreneurs", "people", "products", "standards", "sales")


@dataclass(frozen=True)
class SubdistrictRecord:
    code: str
    province: str
    postal_codes: tuple[str, ...]


@dataclass
class Entrepreneurs:
    kind: list[str]
    name_th: list[str]
    name_en: list[str]
    id_type: list[str]
    id_number: list[str]
    otop_year: np.ndarray
    members: np.ndarray
    employees: np.ndarray
    address_line: list[str]
    subdistrict: list[str]
    province: list[str]
    postal_code: list[str]
    phone: list[str]
    line_id: list[str]
    email: list[str]

    def __len__(self) -> int:
        return len(self.kind)


@dataclass
class People:
    entrepreneur: np.ndarray
    role: list[str]
    role_note: list[str]
    name_th: list[str]
    name_en: list[str]
    birth_year: np.ndarray
    phone: list[str]

    def __len__(self) -> int:
        return len(self.role)


@dataclass
class Products:
    entrepreneur: np.ndarray
    base: list[str]
    name_th: list[str]
    name_en: list[str]
    category: list[str]
    star_rating: list[int | None]
    star_year: list[int | None]
    unit: list[str]
    price: np.ndarray

    def __len__(self) -> int:
        return len(self.name_th)


@dataclass
class ProductStandards:
    product: list[int]
    standard: list[str]
    number: list[str]
    issued_on: list[date]
    expires_on: list[date | None]

    def __len__(self) -> int:
        return len(self.product)


@dataclass
class DemoData:
    seed: int
    entrepreneurs: Entrepreneurs
    people: People
    products: Products
    standards: ProductStandards
    sales: SalesModel = field(repr=False)


@lru_cache(maxsize=1)
def vocab() -> dict:
    return json.loads((DATA_DIR / "vocab.json").read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def province_tourism() -> dict[str, float]:
    lines = (DATA_DIR / "province_tourism.csv").read_text(encoding="utf-8").splitlines()
    rows = [line.split(",") for line in lines if line and not line.startswith("#")]
    return {code: float(exposure) for code, _name, exposure in rows[1:]}


def as_records(subdistricts: Iterable) -> list[SubdistrictRecord]:
    """Accept records or (code, province, postal codes) tuples; postal codes a sequence or "a,b"."""
    out = []
    for s in subdistricts:
        if not isinstance(s, SubdistrictRecord):
            code, province, postal = s
            postal = tuple(postal.split(",")) if isinstance(postal, str) else tuple(postal)
            s = SubdistrictRecord(code, province, postal)
        out.append(s)
    return sorted(out, key=lambda r: r.code)


def demo_generate(n_entrepreneurs: int, seed: int, subdistricts: Iterable) -> DemoData:
    if seed < 0 or n_entrepreneurs < 0:
        raise ValueError("The seed and the number of entrepreneurs must not be negative.")
    records = [r for r in as_records(subdistricts) if r.postal_codes]
    if not records:
        raise ValueError("No subdistricts with postal codes to place entrepreneurs in.")
    streams = dict(zip(STREAMS, (np.random.default_rng(s) for s in np.random.SeedSequence(seed).spawn(len(STREAMS)))))
    areas = _place(n_entrepreneurs, records, streams["areas"])
    kinds = _shares_exactly(n_entrepreneurs, KIND_SHARES, streams["entrepreneurs"])
    activity = _activities(n_entrepreneurs, streams["entrepreneurs"])
    owners = _owners(kinds, streams["people"])
    entrepreneurs = _entrepreneurs(kinds, activity, areas, records, owners, streams["entrepreneurs"])
    people = _people(owners, entrepreneurs, streams["people"])
    products = _products(kinds, activity, streams["products"])
    standards = _standards(products, entrepreneurs, streams["standards"])
    exposure = np.array([province_tourism().get(p, 0.05) for p in entrepreneurs.province])
    sales = sales_model(np.array([KINDS.index(k) for k in kinds]), exposure, seed, streams["sales"])
    return DemoData(seed, entrepreneurs, people, products, standards, sales)


def _shares_exactly(n: int, shares: Sequence[float], rng: np.random.Generator) -> list[str]:
    """Kinds in the given proportions to the unit (largest remainder), in random order."""
    counts = _largest_remainder(n, np.asarray(shares))
    kinds = np.repeat(np.arange(len(shares)), counts)
    rng.shuffle(kinds)
    return [KINDS[k] for k in kinds]


def _largest_remainder(n: int, weights: np.ndarray) -> np.ndarray:
    exact = n * weights / weights.sum()
    counts = np.floor(exact).astype(int)
    rest = n - counts.sum()
    counts[np.argsort(-(exact - counts), kind="stable")[:rest]] += 1
    return counts


def _place(n: int, records: list[SubdistrictRecord], rng: np.random.Generator) -> np.ndarray:
    """Subdistrict index per entrepreneur; provinces get shares by their number of subdistricts,
    and every province at least one entrepreneur once there are enough of them."""
    provinces = sorted({r.province for r in records})
    by_province = {p: [i for i, r in enumerate(records) if r.province == p] for p in provinces}
    weights = np.array([len(by_province[p]) for p in provinces], dtype=float)
    if n >= len(provinces):
        counts = 1 + _largest_remainder(n - len(provinces), weights)
    else:
        counts = np.bincount(rng.choice(len(provinces), size=n, p=weights / weights.sum()), minlength=len(provinces))
    placed = np.concatenate(
        [np.asarray(by_province[p])[rng.integers(0, len(by_province[p]), size=c)] for p, c in zip(provinces, counts)]
    )
    rng.shuffle(placed)
    return placed


def _activities(n: int, rng: np.random.Generator) -> np.ndarray:
    v = vocab()
    categories = list(v["category_weights"])
    cat_p = np.array([v["category_weights"][c] for c in categories])
    cat = rng.choice(len(categories), size=n, p=cat_p / cat_p.sum())
    out = np.empty(n, dtype=int)
    for ci, c in enumerate(categories):
        idx = [i for i, a in enumerate(v["activities"]) if a["category"] == c]
        w = np.array([v["activities"][i]["weight"] for i in idx], dtype=float)
        mask = cat == ci
        out[mask] = np.asarray(idx)[rng.choice(len(idx), size=mask.sum(), p=w / w.sum())]
    return out


@lru_cache(maxsize=None)
def _items(key: str, region: str = "") -> tuple[tuple[str, str], ...]:
    """A vocabulary map as (Thai, English) pairs; brands add those of the province's region."""
    mapping = dict(vocab()[key])
    if key == "brands":
        mapping |= vocab()["regional_brands"].get(region, {})
    return tuple(mapping.items())


def _pick(rng: np.random.Generator, key: str, region: str = "") -> tuple[str, str]:
    items = _items(key, region)
    return items[rng.integers(len(items))]


def _weighted(rng: np.random.Generator, forms: list[dict]) -> dict:
    cumulative = np.cumsum([f["weight"] for f in forms])
    return forms[int(np.searchsorted(cumulative, rng.random() * cumulative[-1], side="right"))]


@dataclass
class _Person:
    title_th: str
    title_en: str
    given: tuple[str, str]
    surname: tuple[str, str]
    female: bool
    birth_year: int

    @property
    def name_th(self) -> str:
        return f"{self.title_th}{self.given[0]} {self.surname[0]}"

    @property
    def name_en(self) -> str:
        return f"{self.title_en} {self.given[1]} {self.surname[1]}"


def _owners(kinds: list[str], rng: np.random.Generator) -> list[_Person]:
    v = vocab()
    female_p = {"community_group": 0.8, "community_enterprise": 0.7, "individual": 0.6, "sme": 0.45}
    owners = []
    for kind in kinds:
        female = rng.random() < female_p[kind]
        if female:
            title = v["titles"]["female"] if rng.random() < 0.78 else v["titles"]["young_female"]
        else:
            title = v["titles"]["male"]
        given = _pick(rng, "given_female" if female else "given_male")
        owners.append(_Person(title[0], title[1], given, _pick(rng, "surnames"), female, 2021 - int(rng.integers(32, 73))))
    return owners


def _village(rng: np.random.Generator) -> tuple[str, str]:
    first, second = _pick(rng, "village_first"), _pick(rng, "village_second")
    return f"บ้าน{first[0]}{second[0]}", f"Ban {first[1]} {second[1]}"


def _name(kind: str, activity: dict, province: str, owner: _Person, rng: np.random.Generator) -> tuple[str, str]:
    v = vocab()
    if kind in ("community_group", "community_enterprise"):
        form = _weighted(rng, v["group_forms"][kind])
        village = _village(rng)
        return (form["th"].format(activity=activity["th"], village=village[0]),
                form["en"].format(activity=activity["en"], village=village[1]))
    if kind == "individual" and rng.random() < 0.5:
        return owner.name_th, owner.name_en
    if kind == "individual":
        form = _weighted(rng, v["group_forms"]["shop"])
        elder, nick = _pick(rng, "elders"), _pick(rng, "nicknames")
        return (form["th"].format(shop=activity["shop_th"], elder=elder[0], nickname=nick[0]),
                form["en"].format(shop=activity["shop_en"], elder=elder[1], nickname=nick[1]))
    form = _weighted(rng, v["group_forms"]["sme"])
    brand = _pick(rng, "brands", province[0])
    return (form["th"].format(brand=brand[0], shop=activity["shop_th"]),
            form["en"].format(brand=brand[1], shop=activity["shop_en"]))


def _digits(rng: np.random.Generator, k: int) -> str:
    return f"{rng.integers(10**k):0{k}d}"


def _identifier(kind: str, name_th: str, province: str, otop_year: int, rng: np.random.Generator) -> tuple[str, str]:
    """Citizen IDs for individuals and some groups (the chair's); juristic IDs laid out like DBD's
    (0, province, 5 company or 3 partnership, BE year, serial) for SMEs, an illustrative 0993…
    number for registered community enterprises; many groups have none."""
    if kind == "individual" or (kind == "community_group" and rng.random() < 0.3):
        stem = str(rng.integers(1, 9)) + _digits(rng, 11)
        return "citizen", stem + pin.calc_check_digit(stem)
    if kind == "sme":
        registered = max(2002, otop_year - int(rng.integers(0, 8))) + 543
        form = "3" if name_th.startswith("ห้างหุ้นส่วน") else "5"
        stem = f"0{province}{form}{registered % 1000:03d}{_digits(rng, 5)}"
        return "juristic", stem + moa.calc_check_digit(stem)
    if kind == "community_enterprise" and rng.random() < 0.85:
        stem = "099300" + _digits(rng, 6)
        return "juristic", stem + moa.calc_check_digit(stem)
    return "none", ""


def _phones(provinces: Sequence[str], rng: np.random.Generator, mobile_share: float = 0.65) -> list[str]:
    n = len(provinces)
    mobile = rng.random(n) < mobile_share
    prefix = rng.choice([6, 8, 9], size=n) * 10 + rng.integers(0, 10, size=n)
    area = rng.integers(2, 10, size=n)
    a, b, c = rng.integers(0, 1000, size=n), rng.integers(0, 10000, size=n), rng.integers(0, 1000, size=n)
    return [
        f"0{prefix[i]}-{a[i]:03d}-{b[i]:04d}" if mobile[i]
        else f"02-{a[i]:03d}-{b[i]:04d}" if p == "10"
        else f"0{LANDLINE_AREA[p[0]]}{area[i]}-{a[i]:03d}-{c[i]:03d}"
        for i, p in enumerate(provinces)
    ]


def _slug(name_en: str) -> str:
    return "".join(re.findall(r"[a-z]+", name_en.lower())[:3])[:24] or "otop"


def _entrepreneurs(kinds, activity, areas, records, owners, rng) -> Entrepreneurs:
    v = vocab()
    n = len(kinds)
    year_w = 1.0 / (1.0 + 0.12 * (OTOP_YEARS - OTOP_YEARS[0]))
    otop_year = rng.choice(OTOP_YEARS, size=n, p=year_w / year_w.sum())
    cols: dict[str, list] = {k: [] for k in (
        "name_th", "name_en", "id_type", "id_number", "address_line", "subdistrict", "province",
        "postal_code", "phone", "line_id", "email")}
    provinces = [records[a].province for a in areas]
    phones = _phones(provinces, rng)
    members = np.empty(n, dtype=int)
    employees = np.empty(n, dtype=int)
    seen: set[str] = set()
    for i, kind in enumerate(kinds):
        rec = records[areas[i]]
        name_th, name_en = _name(kind, v["activities"][activity[i]], rec.province, owners[i], rng)
        id_type, id_number = _identifier(kind, name_th, rec.province, int(otop_year[i]), rng)
        while id_number in seen:
            id_type, id_number = _identifier(kind, name_th, rec.province, int(otop_year[i]), rng)
        if id_number:
            seen.add(id_number)
        if kind in ("community_group", "community_enterprise"):
            members[i], employees[i] = rng.integers(10, 81), rng.integers(0, 11)
        elif kind == "individual":
            members[i], employees[i] = rng.integers(1, 4), rng.integers(0, 6)
        else:
            members[i], employees[i] = rng.integers(2, 8), rng.integers(5, 61)
        house = f"{rng.integers(1, 250)}" + (f"/{rng.integers(1, 20)}" if rng.random() < 0.15 else "")
        address = f"{house} ซอย {rng.integers(1, 120)}" if rec.province == "10" else f"{house} หมู่ {rng.integers(1, 16)}"
        cols["name_th"].append(name_th)
        cols["name_en"].append(name_en)
        cols["id_type"].append(id_type)
        cols["id_number"].append(id_number)
        cols["address_line"].append(address)
        cols["subdistrict"].append(rec.code)
        cols["province"].append(rec.province)
        cols["postal_code"].append(rec.postal_codes[rng.integers(len(rec.postal_codes))])
        cols["phone"].append(phones[i])
        cols["line_id"].append(f"@{_slug(name_en)[:16]}{rng.integers(10, 1000)}" if rng.random() < 0.3 else "")
        cols["email"].append(
            f"{_slug(name_en)}{rng.integers(1, 100)}@{MAIL_DOMAINS[rng.integers(3)]}" if rng.random() < 0.12 else ""
        )
    return Entrepreneurs(kind=list(kinds), otop_year=otop_year, members=members, employees=employees, **cols)


def _people(owners: list[_Person], entrepreneurs: Entrepreneurs, rng: np.random.Generator) -> People:
    v = vocab()
    owner_note = {"community_group": "ประธานกลุ่ม", "community_enterprise": "ประธานวิสาหกิจชุมชน",
                  "individual": "เจ้าของ", "sme": "กรรมการผู้จัดการ"}
    ent, role, note, name_th, name_en, birth, phone = [], [], [], [], [], [], []
    owner_phones = _phones(entrepreneurs.province, rng, mobile_share=1.0)
    heir_phones = _phones(entrepreneurs.province, rng, mobile_share=1.0)
    for i, owner in enumerate(owners):
        ent.append(i)
        role.append("owner")
        note.append(owner_note[entrepreneurs.kind[i]])
        name_th.append(owner.name_th)
        name_en.append(owner.name_en)
        birth.append(owner.birth_year)
        phone.append(owner_phones[i])
        if rng.random() >= 0.3:
            continue
        female = rng.random() < 0.5
        title = v["titles"]["young_female" if female else "male"]
        given = _pick(rng, "given_young_female" if female else "given_young_male")
        family = rng.random() < 0.7
        surname = owner.surname if family else _pick(rng, "surnames")
        heir = _Person(title[0], title[1], given, surname, female, int(rng.integers(1976, 2004)))
        ent.append(i)
        role.append("successor")
        note.append(("ลูกสาว" if female else "ลูกชาย") if family else "หลาน" if rng.random() < 0.5 else "สมาชิก")
        name_th.append(heir.name_th)
        name_en.append(heir.name_en)
        birth.append(heir.birth_year)
        phone.append(heir_phones[i] if rng.random() < 0.6 else "")
    return People(np.asarray(ent), role, note, name_th, name_en, np.asarray(birth), phone)


def _nice_price(p: float) -> float:
    step = 5 if p < 100 else 10 if p < 1000 else 50
    return float(max(step, round(p / step) * step))


def _products(kinds: list[str], activity: np.ndarray, rng: np.random.Generator) -> Products:
    v = vocab()
    counts = rng.choice(np.arange(1, 5), size=len(kinds), p=PRODUCTS_PER_ENTREPRENEUR)
    by_category: dict[str, list[str]] = {}
    for a in v["activities"]:
        pool = by_category.setdefault(a["category"], [])
        pool += [p for p in a["products"] if p not in pool]
    total = int(counts.sum())
    star_p = np.array([*STAR_SHARES.values(), 1 - sum(STAR_SHARES.values())])
    stars = np.array([*STAR_SHARES, 0])[rng.choice(len(star_p), size=total, p=star_p)]
    star_years = np.asarray(STAR_YEARS)[rng.choice(len(STAR_YEARS), size=total, p=[0.3, 0.3, 0.4])]
    variant = np.where(rng.random(total) < 0.35, rng.integers(0, 1 << 20, size=total), -1)
    price_at = rng.random(total)
    turn = rng.integers(0, 1 << 20, size=(len(kinds), 2))
    ent = np.repeat(np.arange(len(kinds)), counts)
    bases, name_th, name_en, category, unit, price = [], [], [], [], [], []
    for i, count in enumerate(counts):
        act = v["activities"][activity[i]]
        cat = act["category"]
        own, more = act["products"], by_category[cat]
        pool = _rotated(own, turn[i, 0]) + [p for p in _rotated(more, turn[i, 1]) if p not in own]
        for base in pool[:count]:
            k = len(bases)
            en, unit_th, lo, hi, _tcps = v["products"][base]
            th_name, en_name = base, en
            if variant[k] >= 0:
                options = v["product_variants"][cat]
                extra = options[variant[k] % len(options)]
                if extra[0] not in base:
                    th_name, en_name = f"{base}{extra[0]}", f"{en}, {extra[1]}"
            bases.append(base)
            name_th.append(th_name)
            name_en.append(en_name)
            category.append(cat)
            unit.append(unit_th)
            price.append(_nice_price(lo * (hi / lo) ** price_at[k]))
    rating = [int(s) if s else None for s in stars]
    year = [int(y) if s else None for s, y in zip(stars, star_years)]
    return Products(ent, bases, name_th, name_en, category, rating, year, unit, np.asarray(price))


def _rotated(items: list, by: int) -> list:
    by %= len(items)
    return items[by:] + items[:by]


def _years_after(d: date, years: int) -> date:
    return d.replace(year=d.year + years, day=28 if (d.month, d.day) == (2, 29) else d.day)


def _standards(products: Products, entrepreneurs: Entrepreneurs, rng: np.random.Generator) -> ProductStandards:
    """มผช. for some products (most rated ones: OPC entry needs a standard), อย. for much food and
    drink, halal mostly in the Muslim-majority south, GMP mostly for SMEs."""
    v = vocab()
    out = ProductStandards([], [], [], [], [])
    n = len(products)
    u = rng.random((n, 4))
    first, fda_first, last = date(2015, 1, 1), date(2010, 1, 1), date(2021, 12, 31)
    issued = [[first + timedelta(days=int(d)) for d in rng.integers(0, (last - first).days + 1, size=n)] for _ in range(3)]
    fda_issued = [fda_first + timedelta(days=int(d)) for d in rng.integers(0, (last - fda_first).days + 1, size=n)]
    serial = rng.integers(0, 100_000, size=(n, 3))
    kind_digits = rng.integers(1, 3, size=(n, 2))

    def add(p: int, code: str, number: str, on: date, years: int | None) -> None:
        out.product.append(p)
        out.standard.append(code)
        out.number.append(number)
        out.issued_on.append(on)
        out.expires_on.append(_years_after(on, years) - timedelta(days=1) if years else None)

    for p in range(n):
        e = int(products.entrepreneur[p])
        province, kind = entrepreneurs.province[e], entrepreneurs.kind[e]
        rated = products.star_rating[p] is not None
        edible = products.category[p] in ("food", "beverage")
        if u[p, 0] < (0.7 if rated else 0.18):
            add(p, "TCPS", v["products"][products.base[p]][4], issued[0][p], 3)
        if not edible:
            continue
        if u[p, 1] < (0.8 if rated or kind == "sme" else 0.4):
            on = fda_issued[p]
            premises = f"{serial[p, 0] % 1000:03d}{(on.year + 543) % 100:02d}"
            add(p, "FDA", f"{province}-{kind_digits[p, 0]}-{premises}-{kind_digits[p, 1]}-{serial[p, 1] % 10000:04d}", on, None)
        if u[p, 2] < (0.35 if province in MUSLIM_MAJORITY_PROVINCES else 0.03):
            on = issued[1][p]
            add(p, "HALAL", f"กอท. {serial[p, 2]:05d}/{on.year + 543}", on, 1)
        if u[p, 3] < (0.4 if kind == "sme" else 0.03):
            on = issued[2][p]
            add(p, "GMP", f"GMP {province}-{serial[p, 1]:05d}/{on.year + 543}", on, 3)
    return out
