"""Choices for the list filters and the subdistrict lookup, limited to what the user may see."""

from django.db.models import Exists, OuterRef, Q

from uplift.access import policy
from uplift.geo.models import Province, RegionalCentre, Subdistrict
from uplift.registry.models import Entrepreneur


def filter_options(user) -> tuple[list[RegionalCentre], list[Province]]:
    """The provinces the user's entrepreneur scope covers (a regional officer's whole centres, even
    provinces without entrepreneurs yet) and those of the entrepreneurs the user sees; their centres."""
    covered = policy.visible(user, Province, "entrepreneur.view").values("pk")
    holding = policy.visible(user, Entrepreneur).filter(province_id=OuterRef("pk"))
    provinces = list(Province.objects.filter(Q(pk__in=covered) | Exists(holding)).select_related("centre"))
    centre_ids = {p.centre_id for p in provinces if p.centre_id}
    return list(RegionalCentre.objects.filter(pk__in=centre_ids)), provinces


def subdistrict_search(user, query: str, limit: int = 15) -> list[Subdistrict]:
    query = query.strip()
    if not query:
        return []
    qs = policy.visible(user, Subdistrict).select_related("district", "province")
    if query.isdigit():
        qs = qs.filter(code__startswith=query)
    else:
        words = query.split()
        qs = qs.filter(Q(name_th__startswith=words[0]) | Q(name_en__istartswith=words[0]))
        for word in words[1:]:
            qs = qs.filter(Q(district__name_th__startswith=word) | Q(province__name_th__startswith=word)
                           | Q(district__name_en__istartswith=word) | Q(province__name_en__istartswith=word))
    return list(qs.order_by("name_th", "code")[:limit])
