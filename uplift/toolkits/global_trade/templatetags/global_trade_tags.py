"""Template helpers of the OTOP to Global pages: a rule's message and a target's name in the page's language."""

from decimal import Decimal

from django import template

from uplift.web.templatetags.thai import is_thai

from ..convert import image_url

register = template.Library()


@register.filter
def issue_text(issue) -> str:
    """A failed rule's message (a stored check's dict or the core's Issue), "unconfirmed" values said so."""
    read = issue.get if isinstance(issue, dict) else lambda name: getattr(issue, name)
    return read("message_th") if is_thai() else read("message_en")


@register.filter
def named(item) -> str:
    """The Thai or English name of a target, an Incoterms rule (dict) or a cost line."""
    if isinstance(item, dict):
        return item["name_th"] if is_thai() else item["name_en"]
    return item.name_th if is_thai() else item.name_en


@register.filter
def percent(share) -> str:
    if share is None:
        return "–"
    return f"{Decimal(str(share)) * 100:.1f}%"


@register.filter
def money(value) -> str:
    if value in (None, ""):
        return "–"
    amount = Decimal(str(value))
    return f"{amount:,.2f}" if amount != amount.to_integral_value() or "." in str(value) else f"{amount:,.0f}"


@register.filter
def get(mapping, key):
    return mapping.get(key) if mapping else None


@register.filter
def photo_url(image) -> str:
    return image_url(image)
