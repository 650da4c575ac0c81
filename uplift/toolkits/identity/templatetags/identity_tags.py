"""Figures of the identity pages: shares as percentages and amounts without noise."""

from django import template

register = template.Library()


@register.filter
def percent(value, digits: int = 1) -> str:
    if value in (None, ""):
        return "–"
    return f"{float(value) * 100:,.{int(digits)}f}%"


@register.filter
def signed_percent(value, digits: int = 1) -> str:
    if value in (None, ""):
        return "–"
    return f"{float(value) * 100:+,.{int(digits)}f}%"


@register.filter
def number(value, digits: int = 0) -> str:
    if value in (None, ""):
        return "–"
    text = f"{float(value):,.{int(digits)}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


@register.filter
def starbar(value) -> str:
    return "★" * int(value or 0) + "☆" * (5 - int(value or 0))
