"""Transitional: the old scoping helpers, now answered by ``uplift.access.policy``. Removed once no app imports it."""

from uplift.access import policy
from uplift.access.policy import role_of  # noqa: F401


def entrepreneur_filter(user):
    from uplift.registry.models import Entrepreneur

    q = policy.scope_filter(user, Entrepreneur)
    return q if q is not None else policy.NOTHING


def visible_entrepreneurs(user):
    from uplift.registry.models import Entrepreneur

    return policy.visible(user, Entrepreneur)


def can_edit_registry(user) -> bool:
    return policy.can(user, "entrepreneur.update")
