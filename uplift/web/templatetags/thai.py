"""Dates, months, years and money the way Thai officers read them, or in English when switched."""

import datetime
from decimal import Decimal, InvalidOperation

from django import template
from django.utils import timezone
from django.utils.translation import get_language

register = template.Library()

BE_OFFSET = 543
TH_MONTHS_SHORT = ("ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.", "ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.", "พ.ย.", "ธ.ค.")
TH_MONTHS_LONG = ("มกราคม", "กุมภาพันธ์", "มีนาคม", "เมษายน", "พฤษภาคม", "มิถุนายน",
                  "กรกฎาคม", "สิงหาคม", "กันยายน", "ตุลาคม", "พฤศจิกายน", "ธันวาคม")
EN_MONTHS_SHORT = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
EN_MONTHS_LONG = ("January", "February", "March", "April", "May", "June",
                  "July", "August", "September", "October", "November", "December")


def is_thai() -> bool:
    return (get_language() or "th").split("-")[0] == "th"


def _as_date(value):
    if isinstance(value, datetime.datetime):
        return (timezone.localtime(value) if timezone.is_aware(value) else value).date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, str):
        try:
            return datetime.date.fromisoformat(value[:10])
        except ValueError:
            return None
    return None


@register.filter
def thaidate(value, style: str = "short") -> str:
    """A date in Thai with the Buddhist-era year ("15 มี.ค. 2563"); style "long" spells the month,
    "time" adds the local time of a datetime ("15 มี.ค. 2563 14:05")."""
    day = _as_date(value)
    if day is None:
        return ""
    long = style == "long"
    if is_thai():
        months = TH_MONTHS_LONG if long else TH_MONTHS_SHORT
        text = f"{day.day} {months[day.month - 1]} {day.year + BE_OFFSET}"
    else:
        months = EN_MONTHS_LONG if long else EN_MONTHS_SHORT
        text = f"{day.day} {months[day.month - 1]} {day.year}"
    if style == "time" and isinstance(value, datetime.datetime):
        local = timezone.localtime(value) if timezone.is_aware(value) else value
        text += f" {local:%H:%M}"
    return text


@register.filter
def thaimonth(value) -> str:
    day = _as_date(value)
    if day is None:
        return ""
    if is_thai():
        return f"{TH_MONTHS_SHORT[day.month - 1]} {(day.year + BE_OFFSET) % 100:02d}"
    return f"{EN_MONTHS_SHORT[day.month - 1]} {day.year}"


@register.filter
def be_year(value) -> str:
    if value in (None, ""):
        return ""
    try:
        year = int(value)
    except (TypeError, ValueError):
        return ""
    return str(year + BE_OFFSET if is_thai() else year)


@register.filter
def baht(value) -> str:
    if value in (None, ""):
        return ""
    try:
        amount = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return ""
    amount = amount.quantize(Decimal("0.01"))
    text = f"{amount:,.0f}" if amount == amount.to_integral_value() else f"{amount:,.2f}"
    if is_thai():
        return f"{text} บาท"
    return f"-฿{text[1:]}" if text.startswith("-") else f"฿{text}"


TH_UNITS = {
    "baht": "บาท", "baht/month": "บาท/เดือน", "baht/worker-hour": "บาท/ชั่วโมงแรงงาน", "certificates": "ใบรับรอง",
    "hours/month": "ชั่วโมง/เดือน", "kg/month": "กก./เดือน", "kgCO2e/month": "กก. คาร์บอนเทียบเท่า/เดือน",
    "persons": "คน", "products": "ผลิตภัณฑ์", "score 0-100": "คะแนน (0-100)",
}


@register.filter
def unit_label(value) -> str:
    """An indicator's unit (stored in English, e.g. "baht/month") as a Thai reader says it."""
    text = str(value or "")
    return TH_UNITS.get(text, text) if is_thai() else text
