"""Figures of the digital pages: scores 0–100 with one decimal, changes with their sign."""

from django import template

from uplift.toolkits.digital.selectors import band_name

register = template.Library()


@register.filter
def score(value, digits: int = 1) -> str:
    if value in (None, ""):
        return "–"
    return f"{float(value):.{int(digits)}f}"


@register.filter
def signed(value, digits: int = 1) -> str:
    if value in (None, ""):
        return "–"
    return f"{float(value):+.{int(digits)}f}"


@register.filter
def get(mapping, key):
    return mapping.get(key) if hasattr(mapping, "get") else None


@register.filter
def percent0(value) -> str:
    if value in (None, ""):
        return "–"
    return f"{float(value) * 100:.0f}%"


@register.filter
def band_label(code: str) -> str:
    return band_name(code)
