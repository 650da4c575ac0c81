"""Choices for the list filters and the subdistrict lookup, limited to what the user may see."""

from django.db.models import Q

from uplift.access.models import Role
from uplift.access.scoping import role_of, visible_entrepreneurs
from uplift.geo.models import Province, RegionalCentre, Subdistrict


def filter_options(user) -> tuple[list[RegionalCentre], list[Province]]:
    role = role_of(user)
    if role in (Role.ADMINISTRATOR, Role.EXECUTIVE):
        return list(RegionalCentre.objects.all()), list(Province.objects.all())
    in_scope = Q(pk__in=visible_entrepreneurs(user).values("province_id"))
    if role == Role.REGIONAL_OFFICER:
        in_scope |= Q(centre__in=user.profile.centres.all())
    provinces = list(Province.objects.filter(in_scope).select_related("centre"))
    centre_ids = {p.centre_id for p in provinces if p.centre_id}
    return list(RegionalCentre.objects.filter(pk__in=centre_ids)), provinces


def subdistrict_search(query: str, limit: int = 15) -> list[Subdistrict]:
    query = query.strip()
    if not query:
        return []
    qs = Subdistrict.objects.select_related("district", "province")
    if query.isdigit():
        qs = qs.filter(code__startswith=query)
    else:
        words = query.split()
        qs = qs.filter(Q(name_th__startswith=words[0]) | Q(name_en__istartswith=words[0]))
        for word in words[1:]:
            qs = qs.filter(Q(district__name_th__startswith=word) | Q(province__name_th__startswith=word)
                           | Q(district__name_en__istartswith=word) | Q(province__name_en__istartswith=word))
    return list(qs.order_by("name_th", "code")[:limit])
