"""How personal data looks to someone who may not see it in full (the decision is the access policy's).

``1-2345-xxxxx-xx-3`` for a 13-digit identifier (the group of the province and district offices kept,
the person's own digits hidden), the last four digits of a phone, and an age band instead of a birth year.
"""

from __future__ import annotations

import datetime as dt
import re

HIDDEN = "x"


def mask_identifier(number: str) -> str:
    digits = re.sub(r"\D", "", number or "")
    if not digits:
        return ""
    if len(digits) == 13:
        return f"{digits[0]}-{digits[1:5]}-xxxxx-xx-{digits[12]}"
    return HIDDEN * (len(digits) - 1) + digits[-1]


def mask_phone(phone: str) -> str:
    """Every digit but the last four hidden, the layout kept: ``081-234-5678`` → ``xxx-xxx-5678``."""
    if not phone:
        return ""
    total = sum(ch.isdigit() for ch in phone)
    seen, out = 0, []
    for ch in phone:
        if ch.isdigit():
            seen += 1
            out.append(ch if seen > total - 4 else HIDDEN)
        else:
            out.append(ch)
    return "".join(out)


def age_band(birth_year: int | None, today: dt.date | None = None) -> str:
    """``"40–49"`` for someone born 1980 (in 2026); empty without a year."""
    if not birth_year:
        return ""
    age = (today or dt.date.today()).year - int(birth_year)
    low = max(0, age // 10 * 10)
    return f"{low}–{low + 9}"
