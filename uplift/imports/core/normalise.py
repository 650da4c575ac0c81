"""Turning what officers type into values: Thai digits, baht amounts, BE/CE dates, phones, addresses.

Each parser returns the value or raises `Bad(code, **params)`; the code names the reason in the
row report (the Django side translates it).
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation
from functools import lru_cache


from uplift.imports.core.vocabulary import THAI_DIGITS, Unknown, fold, not_rated, star_words, vocabulary

EXCEL_EPOCH = dt.date(1899, 12, 30)
BE_OFFSET = 543


class Bad(ValueError):
    def __init__(self, code: str, **params):
        super().__init__(code)
        self.code, self.params = code, params


_THAI_DIGIT = re.compile("[๐-๙]")


def arabic(value: str) -> str:
    """Thai digits (๐–๙) as 0–9; most cells have none, so look before translating."""
    return value.translate(THAI_DIGITS) if _THAI_DIGIT.search(value) else value


def text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(str(value).split())


def digits_of(value) -> str:
    return re.sub(r"\D", "", arabic(text(value)))


_NUMBER_NOISE = re.compile(r"(บาท|baht|฿|thb|,|\s|คน|ราย)", re.I)


def number(value) -> Decimal:
    if isinstance(value, bool):
        raise Bad("not_a_number")
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        return Decimal(repr(value))
    raw = _NUMBER_NOISE.sub("", arabic(text(value)))
    if raw in ("", "-"):
        raise Bad("not_a_number")
    try:
        return Decimal(raw)
    except InvalidOperation as error:
        raise Bad("not_a_number") from error


def money(value) -> Decimal:
    """An amount in baht to the satang (2 places), as the registry stores it."""
    amount = number(value)
    if not amount.is_finite() or abs(amount) >= Decimal("1e15"):
        raise Bad("out_of_range", low=0, high=10**12)
    return amount.quantize(Decimal("0.01"))


def whole(value, *, low: int = 0, high: int = 10**9) -> int:
    n = number(value)
    if n != n.to_integral_value():
        raise Bad("not_a_whole_number")
    if not low <= n <= high:
        raise Bad("out_of_range", low=low, high=high)
    return int(n)


THAI_MONTHS = {
    "มกราคม": 1, "ม.ค.": 1, "มค": 1, "กุมภาพันธ์": 2, "ก.พ.": 2, "กพ": 2, "มีนาคม": 3, "มี.ค.": 3, "มีค": 3,
    "เมษายน": 4, "เม.ย.": 4, "เมย": 4, "พฤษภาคม": 5, "พ.ค.": 5, "พค": 5, "มิถุนายน": 6, "มิ.ย.": 6, "มิย": 6,
    "กรกฎาคม": 7, "ก.ค.": 7, "กค": 7, "สิงหาคม": 8, "ส.ค.": 8, "สค": 8, "กันยายน": 9, "ก.ย.": 9, "กย": 9,
    "ตุลาคม": 10, "ต.ค.": 10, "ตค": 10, "พฤศจิกายน": 11, "พ.ย.": 11, "พย": 11, "ธันวาคม": 12, "ธ.ค.": 12, "ธค": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}
_MONTH_KEYS = {k.replace(".", ""): v for k, v in THAI_MONTHS.items()}


def ce_year(year: int, *, two_digit_be: bool = True) -> int:
    """A year as written → CE: 2563 → 2020; 2020 → 2020; two digits are Buddhist era (63 → 2563 → 2020)."""
    if year < 100:
        year = 2500 + year if two_digit_be else 2000 + year
    if year > 2400:
        year -= BE_OFFSET
    return year


def _make(y: int, m: int, d: int) -> dt.date:
    try:
        return dt.date(ce_year(y), m, d)
    except ValueError as error:
        raise Bad("not_a_date") from error


_DMY = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{2}|\d{4})$")
_YMD = re.compile(r"^(\d{4})[/.\-](\d{1,2})[/.\-](\d{1,2})$")
_MY = re.compile(r"^(\d{1,2})[/.\-](\d{4})$")
_TIME = re.compile(r"\s\d{1,2}:\d{2}(?::\d{2})?$")
_SERIAL = re.compile(r"^[1-7]\d{4}$")
_WORDS = re.compile(r"^(?:(\d{1,2})\s*)?([^\d\s]+\.?[^\d\s]*\.?)\s*(\d{2}|\d{4})$")


def date(value) -> dt.date:
    """BE or CE: 15/03/2563, 2563-03-15, 15 มี.ค. 63, 15 มีนาคม 2563, มี.ค. 2563, Excel date cells and serials."""
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return value.replace(year=ce_year(value.year)) if value.year > 2400 else value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if 1 <= value < 80000:  # an Excel serial day that arrived as a number
            return EXCEL_EPOCH + dt.timedelta(days=int(value))
        raise Bad("not_a_date")
    raw = arabic(text(value))
    raw = re.sub(r"^(วันที่|ที่)\s*", "", raw).replace("พ.ศ.", "").replace("ค.ศ.", "").strip()
    raw = _TIME.sub("", re.sub(r"\s+", " ", raw))
    if _SERIAL.match(raw):  # an Excel date cell without a date format, read as text
        return EXCEL_EPOCH + dt.timedelta(days=int(raw))
    if m := _DMY.match(raw):
        return _make(int(m[3]), int(m[2]), int(m[1]))
    if m := _YMD.match(raw):
        return _make(int(m[1]), int(m[2]), int(m[3]))
    if m := _MY.match(raw):
        return _make(int(m[2]), int(m[1]), 1)
    if m := _WORDS.match(raw):
        month = _MONTH_KEYS.get(m[2].replace(".", "").lower()) or _MONTH_KEYS.get(m[2].replace(".", "").lower()[:3])
        if month:
            return _make(int(m[3]), month, int(m[1] or 1))
    raise Bad("not_a_date")


def year(value) -> int:
    """A year (BE or CE) or any date form → CE year."""
    if isinstance(value, (dt.date, dt.datetime)):
        return date(value).year
    raw = arabic(text(value))
    if re.fullmatch(r"(พ\.ศ\.|ค\.ศ\.)?\s*\d{4}", raw):
        y = ce_year(int(re.sub(r"\D", "", raw)))
    else:
        y = date(value).year
    if not 2001 <= y <= 2100:
        raise Bad("year_out_of_range", low=2001 + BE_OFFSET, high=2100 + BE_OFFSET)
    return y


def phone(value) -> str:
    """Thai numbers in the usual layout: 081-234-5678 (mobile), 02-123-4567 (Bangkok), 076-123-456."""
    raw = arabic(text(value))
    raw = re.split(r"\s*(?:,|/|หรือ|;)\s*", raw)[0]  # first of several numbers
    d = re.sub(r"\D", "", raw)
    if d.startswith("66") and len(d) in (10, 11):
        d = "0" + d[2:]
    if len(d) in (8, 9) and not d.startswith("0"):  # a leading zero lost to a number cell
        d = "0" + d
    if not d.startswith("0") or len(d) not in (9, 10):
        raise Bad("bad_phone")
    if len(d) == 10:
        return f"{d[:3]}-{d[3:6]}-{d[6:]}"
    if d.startswith("02"):
        return f"{d[:2]}-{d[2:5]}-{d[5:]}"
    return f"{d[:3]}-{d[3:6]}-{d[6:]}"


_MARK = re.compile(r"(?:^|(?<=\s))(ตำบล|ต\.|แขวง|อำเภอ|อ\.|เขต|จังหวัด|จ\.)\s*")
_PART = {"ตำบล": "subdistrict", "ต.": "subdistrict", "แขวง": "subdistrict", "อำเภอ": "district", "อ.": "district",
         "เขต": "district", "จังหวัด": "province", "จ.": "province"}
_POSTAL = re.compile(r"(?:^|\s)(\d{5})\s*$")


def address(value) -> dict[str, str]:
    """'12 หมู่ 4 ต.ศรีภูมิ อ.เมืองเชียงใหม่ จ.เชียงใหม่ 50200' → line, subdistrict, district, province, postal code.

    A part runs from its marker (ต./ตำบล/แขวง, อ./อำเภอ/เขต, จ./จังหวัด, after a space) to the
    next marker, so names with spaces or dots ("ต.จ.ป.ร.", "ปอภาร (ปอพาน)") stay whole.
    """
    return dict(_address(arabic(text(value))))


@lru_cache(maxsize=256)
def _address(raw: str) -> tuple:
    out = {"address_line": "", "subdistrict": "", "district": "", "province": "", "postal_code": ""}
    if m := _POSTAL.search(raw):
        out["postal_code"] = m.group(1)
        raw = raw[:m.start()].rstrip()
    marks = list(_MARK.finditer(raw))
    out["address_line"] = (raw[:marks[0].start()] if marks else raw).strip(" ,")
    for i, m in enumerate(marks):
        end = marks[i + 1].start() if i + 1 < len(marks) else len(raw)
        name = _PART[m.group(1)]
        if not out[name]:
            out[name] = raw[m.start():end].strip(" ,")
    if not out["province"]:
        for name in ("subdistrict", "district"):
            head, _sep, tail = out[name].rpartition(" ")
            if head and ("กรุงเทพ" in tail or tail.startswith("กทม")):
                out[name], out["province"] = head, "กรุงเทพมหานคร"
    return tuple(out.items())


@lru_cache(maxsize=65536)
def area(subdistrict: str, district: str = "", province: str = "", postal_code: str = "") -> str:
    """The DOPA subdistrict code of an address, via geothai's matcher; a postal code is a hint only."""
    import geothai

    if not subdistrict:
        raise Bad("area_missing")
    found = []
    bare = re.sub(r"^(ตำบล|ต\.|แขวง)\s*", "", subdistrict)
    for name in dict.fromkeys((subdistrict, bare, bare.split(" (")[0])):  # "ต.จ.ป.ร.", "ปอภาร (ปอพาน)"
        found = geothai.match(name, district=district or None, province=province or None,
                              postal_code=postal_code or None)
        if not found and postal_code:
            found = geothai.match(name, district=district or None, province=province or None)
        if found:
            break
    if not found:
        nearest = nearest_areas(bare.split(" (")[0], district, province, postal_code)
        if nearest:
            raise Bad("unknown_area", area=subdistrict, nearest="; ".join(nearest))
        raise Bad("unknown_area", area=subdistrict)
    if len(found) > 1:
        raise Bad("ambiguous_area", area=subdistrict, count=len(found))
    return found[0].subdistrict.code


def edit_distance(a: str, b: str) -> int:
    """Levenshtein distance (insertions, deletions, substitutions each 1)."""
    if len(a) < len(b):
        a, b = b, a
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]


_AREA_PREFIX = re.compile(r"^(ตำบล|ต\.|แขวง|อำเภอ|อ\.|เขต|จังหวัด|จ\.)\s*")


def _area_key(name: str) -> str:
    from uplift.imports.core.vocabulary import fold

    return fold(_AREA_PREFIX.sub("", text(name)))


@lru_cache(maxsize=1)
def _area_tree() -> tuple:
    """(province key, district key, subdistrict key, subdistrict name, district name, postal codes) of every subdistrict."""
    import geothai

    return tuple((_area_key(p.name_th), _area_key(d.name_th), _area_key(s.name_th), s.name_th, d.name_th,
                  tuple(s.postal_codes))
                 for p in geothai.provinces() for d in geothai.districts(p.code) for s in geothai.subdistricts(d.code))


def nearest_areas(subdistrict: str, district: str = "", province: str = "", postal_code: str = "",
                  n: int = 3) -> list[str]:
    """The subdistricts nearest to an unknown name, within the stated district (else the stated province, else
    the postal code's area): fewest edits on the folded Thai names (tone marks, spaces and prefixes such as
    ต./อ./จ. ignored), a subdistrict of the row's postal code first among equals. Each as
    "name (district, postal codes)"; a postal code of the row that fits is marked ✓. Nothing stated: none."""
    key = _area_key(subdistrict)
    if not key:
        return []
    tree = _area_tree()
    pk, dk = _area_key(province), _area_key(district)
    candidates = [t for t in tree if (not pk or t[0] == pk) and (not dk or t[1] == dk)] if (pk or dk) else []
    if not candidates and pk:
        candidates = [t for t in tree if t[0] == pk]
    if not candidates and postal_code:
        candidates = [t for t in tree if postal_code in t[5]]
    limit = max(2, len(key) // 2)
    scored = sorted((edit_distance(key, t[2]), postal_code not in t[5], t[3], t) for t in candidates)
    out = []
    for distance, _other_postal, _name, t in scored:
        if distance > limit or len(out) == n:
            break
        codes = " ".join(f"{c} ✓" if c == postal_code else c for c in t[5])
        out.append(f"{t[3]} ({t[4]}, {codes})")
    return out


@lru_cache(maxsize=1)
def postal_codes() -> dict[str, tuple[str, ...]]:
    import geothai

    return {s.code: tuple(s.postal_codes) for p in geothai.provinces() for d in geothai.districts(p.code)
            for s in geothai.subdistricts(d.code)}


def _choice(name: str):
    def parse(value) -> str:
        try:
            return vocabulary(name).match(text(value))
        except Unknown as error:
            raise Bad("unknown_choice", choices=", ".join(error.nearest)) from None
    parse.__name__ = name
    return parse


kind = _choice("kind")
category = _choice("category")


def unit(value) -> str:
    """A known unit's usual spelling (กก. → กิโลกรัม); any other unit as written (units are free text)."""
    raw = text(value)
    try:
        return vocabulary("unit").match(raw)
    except Unknown:
        return raw


def stars(value) -> int | None:
    """'4', '4 ดาว', '★★★★', 'สี่ดาว' → 4; 'ไม่ได้รับ', 'ยังไม่ได้รับการคัดสรร', '-', '' → None (not rated)."""
    raw = arabic(text(value)).lower()
    key = fold(raw)
    whole, inside = not_rated()
    if key in whole or any(w in key for w in inside):
        return None
    if raw.count("★") or raw.count("*"):
        n = raw.count("★") + raw.count("*")
    elif m := re.search(r"\d+", raw):
        n = int(m[0])
    else:
        n = next((v for w, v in star_words().items() if w in key), 0)
    if not 1 <= n <= 5:
        raise Bad("bad_stars")
    return n


def share(value) -> Decimal:
    """A share as 0.4, 40 or 40% → Decimal('0.400')."""
    raw = text(value).replace("%", "")
    n = number(raw)
    if n > 1:
        n = n / 100
    if not 0 <= n <= 1:
        raise Bad("out_of_range", low=0, high=100)
    return n.quantize(Decimal("0.001"))
