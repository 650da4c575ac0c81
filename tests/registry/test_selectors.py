"""Registry reads start from the policy: exports need their own verb and hold only the actor's scope."""

import pytest
from django.core.exceptions import PermissionDenied

from uplift.registry.selectors import EntrepreneurFilters, entrepreneur_export_list

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("role", "keys"), [
    ("administrator", {"phuket", "chiangmai"}), ("executive", {"phuket", "chiangmai"}),
    ("regional_officer", {"phuket"}), ("consultant", {"phuket"}),
])
def test_export_rows_are_the_actors_scope(world, role, keys):
    user = world.users()[role]
    rows = entrepreneur_export_list(user=user)
    assert {e.pk for e in rows} == {getattr(world, k).pk for k in keys}
    asked_for_chiangmai = entrepreneur_export_list(user=user, filters=EntrepreneurFilters(province="50"))
    assert {e.pk for e in asked_for_chiangmai} == ({world.chiangmai.pk} if "chiangmai" in keys else set())


@pytest.mark.parametrize("actor", ["entrepreneur", None])
def test_export_is_refused_without_the_verb(world, actor):
    with pytest.raises(PermissionDenied):
        entrepreneur_export_list(user=world.users()[actor] if actor else None)
