"""Small template helpers for the registry pages."""

import datetime

from django import template

from uplift.access import policy
from uplift.web.templatetags.thai import is_thai

register = template.Library()


@register.filter
def role_label(user) -> str:
    return policy.role_label(user)


@register.filter
def age(birth_year) -> str:
    return str(datetime.date.today().year - int(birth_year)) if birth_year else ""


@register.filter
def stars(count) -> str:
    return "★" * int(count) if count else ""


@register.filter
def expired(held) -> bool:
    return bool(held.expires_on and held.expires_on < datetime.date.today())


BANGKOK = "10"


@register.filter
def district_label(entrepreneur) -> str:
    district = entrepreneur.subdistrict.district
    if not is_thai():
        return district.name_en
    return f"{'เขต' if entrepreneur.province_id == BANGKOK else 'อ.'}{district.name_th}"


@register.filter
def full_address(entrepreneur) -> str:
    sub = entrepreneur.subdistrict
    district, province = sub.district, entrepreneur.province
    bangkok = entrepreneur.province_id == BANGKOK
    if is_thai():
        parts = [
            entrepreneur.address_line,
            f"{'แขวง' if bangkok else 'ต.'}{sub.name_th}",
            f"{'เขต' if bangkok else 'อ.'}{district.name_th}",
            province.name_th if bangkok else f"จ.{province.name_th}",
            entrepreneur.postal_code,
        ]
    else:
        parts = [entrepreneur.address_line, sub.name_en, district.name_en, province.name_en, entrepreneur.postal_code]
    return " ".join(p for p in parts if p)
