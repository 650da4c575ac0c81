"""Figures of the sustainable pages: kgCO2e and shares without noise."""

from django import template

register = template.Library()


@register.filter
def percent(value, digits: int = 1) -> str:
    if value in (None, ""):
        return "–"
    return f"{float(value) * 100:,.{int(digits)}f}%"


@register.filter
def kg(value, digits: int = 3) -> str:
    if value in (None, ""):
        return "–"
    return f"{float(value):,.{int(digits)}f}"
