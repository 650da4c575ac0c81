"""Figures of the successors pages: scores and reliability coefficients without noise."""

from django import template

from uplift.web.templatetags.thai import is_thai

register = template.Library()


@register.filter
def number(value, digits: int = 2) -> str:
    if value in (None, ""):
        return "–"
    return f"{float(value):.{int(digits)}f}"


@register.filter
def get(mapping, key):
    return mapping.get(key) if hasattr(mapping, "get") else None


@register.filter
def interval(item) -> str:
    """A pitch's bootstrap rank interval, "2–4", or a dash."""
    low, high = item.get("rank_low"), item.get("rank_high")
    return "–" if low is None else (str(low) if low == high else f"{low}–{high}")


@register.filter
def percent_of(weight) -> str:
    """A rubric weight (0–1) as a whole percentage."""
    return "–" if weight in (None, "") else f"{float(weight) * 100:.0f}%"


@register.filter
def local(item, stem: str = "") -> str:
    """The Thai or English member of a pair (`name_th`/`name_en`, or `th`/`en` with no stem)."""
    key = f"{stem}_{'th' if is_thai() else 'en'}" if stem else ("th" if is_thai() else "en")
    return item.get(key, "") if hasattr(item, "get") else getattr(item, key, "")
