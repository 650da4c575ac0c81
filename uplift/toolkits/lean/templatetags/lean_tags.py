"""Figures of the lean pages: shares as percentages, minutes and baht without noise."""

from django import template

register = template.Library()


@register.filter
def percent(value, digits: int = 1) -> str:
    if value in (None, ""):
        return "–"
    return f"{float(value) * 100:,.{int(digits)}f}%"


@register.filter
def number(value, digits: int = 1) -> str:
    if value in (None, ""):
        return "–"
    text = f"{float(value):,.{int(digits)}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text
