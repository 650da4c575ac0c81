"""Figures of the standards pages: scores as percentages."""

from django import template

register = template.Library()


@register.filter
def percent(value, digits: int = 0) -> str:
    if value in (None, ""):
        return "–"
    return f"{float(value) * 100:,.{int(digits)}f}%"
