"""The one place that decides which entrepreneurs a user may see.

Every selector that reads registry data starts from `visible_entrepreneurs(user)` (or filters
a related model by it), so lists, counts, search, detail pages, exports and the API share it.
"""

from django.db.models import Q, QuerySet

from uplift.access.models import Role


def role_of(user) -> str | None:
    if user is None or not user.is_authenticated or not user.is_active:
        return None
    if user.is_superuser:
        return Role.ADMINISTRATOR
    profile = getattr(user, "profile", None)
    return profile.role if profile is not None else None


def entrepreneur_filter(user) -> Q:
    """A Q over Entrepreneur that admits exactly what `user` may see (nothing for no role)."""
    role = role_of(user)
    if role in (Role.ADMINISTRATOR, Role.EXECUTIVE):
        return Q()
    if role == Role.REGIONAL_OFFICER:
        return Q(province__centre__in=user.profile.centres.all())
    if role == Role.CONSULTANT:
        return Q(consultants__consultant=user)
    if role == Role.ENTREPRENEUR and user.profile.entrepreneur_id:
        return Q(pk=user.profile.entrepreneur_id)
    return Q(pk__in=[])


def visible_entrepreneurs(user) -> QuerySet:
    from uplift.registry.models import Entrepreneur

    return Entrepreneur.objects.filter(entrepreneur_filter(user))


def can_edit_registry(user) -> bool:
    return role_of(user) in (Role.ADMINISTRATOR, Role.REGIONAL_OFFICER)
