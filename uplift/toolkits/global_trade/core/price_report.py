"""A price build-up as plain data (JSON, API, quote sheets) and as a Thai/English text table (the CLI)."""

import unicodedata
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from .fx import currency_decimals
from .incoterms import IncotermsBook, PriceBuildUp, incoterms_book


def build_up_to_dict(build_up: PriceBuildUp) -> dict[str, Any]:
    """Amounts as strings, so no float ever touches a price."""
    return {
        "currency": build_up.currency,
        "quantity": build_up.quantity,
        "incoterms_version": build_up.book_version,
        "rate": None if build_up.rate is None else {
            "currency": build_up.rate.currency, "on": build_up.rate.on.isoformat(),
            "thb_per_unit": str(build_up.rate.thb_per_unit)},
        "prices": [{
            "rule": p.rule, "name_th": p.name_th, "name_en": p.name_en, "place_th": p.place_th, "place_en": p.place_en,
            "per_unit": str(p.per_unit), "total": str(p.total),
            "lines": [{"code": l.code, "name_th": l.name_th, "name_en": l.name_en,
                       "per_unit": str(l.per_unit), "total": str(l.total)} for l in p.lines],
        } for p in build_up.prices],
        "unavailable": [{"rule": u.rule, "missing": list(u.missing)} for u in build_up.unavailable],
    }


def format_table(build_up: PriceBuildUp, missing_label: Callable[[str], str] | None = None,
                 book: IncotermsBook | None = None) -> str:
    """One row per rule (per unit, total), then the rules that could not be computed and why."""
    book = book or incoterms_book()
    label = missing_label or book.input_label
    places = currency_decimals(build_up.currency)

    def money(amount: Decimal) -> str:
        return f"{amount:,.{places}f}"

    rows = [("กฎ / Rule", "ต่อหน่วย / Per unit", f"รวม {build_up.quantity:,} หน่วย / Total")]
    rows += [(f"{p.rule} {p.name_th} / {p.name_en}", money(p.per_unit), money(p.total)) for p in build_up.prices]
    widths = [max(_width(row[i]) for row in rows) for i in range(3)]
    out = [f"ราคาส่งออกตาม Incoterms® 2020 / Export prices under Incoterms® 2020 ({build_up.currency})"]
    if build_up.rate:
        out.append(f"อัตราแลกเปลี่ยน / Exchange rate: 1 {build_up.rate.currency} = {build_up.rate.thb_per_unit} THB "
                   f"({build_up.rate.on.isoformat()})")
    for i, row in enumerate(rows):
        out.append("  ".join([_pad(row[0], widths[0]), _pad(row[1], widths[1], right=True),
                              _pad(row[2], widths[2], right=True)]))
        if i == 0:
            out.append("  ".join("-" * w for w in widths))
    for u in build_up.unavailable:
        out.append(f"{u.rule}: คำนวณไม่ได้ ขาด / not computed, missing: {', '.join(label(m) for m in u.missing)}")
    return "\n".join(out)


def _width(text: str) -> int:
    """Columns on a terminal: Thai vowels and tone marks above or below a consonant take none."""
    return sum(unicodedata.category(ch) not in ("Mn", "Me") for ch in text)


def _pad(text: str, width: int, right: bool = False) -> str:
    fill = " " * (width - _width(text))
    return fill + text if right else text + fill
