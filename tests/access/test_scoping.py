"""Selector-level access matrix: each role sees exactly its entrepreneurs, in lists, counts, search and detail."""

import pytest
from django.http import Http404

from uplift.registry.selectors import (
    EntrepreneurFilters, entrepreneur_get, entrepreneur_list, entrepreneur_monthly_sales, product_list,
)

pytestmark = pytest.mark.django_db

SEES = {
    "administrator": {"phuket", "chiangmai"},
    "executive": {"phuket", "chiangmai"},
    "regional_officer": {"phuket"},
    "consultant": {"phuket"},
    "entrepreneur": {"chiangmai"},
}


@pytest.mark.parametrize("role", sorted(SEES))
def test_each_role_sees_exactly_its_scope(world, role):
    user = world.users()[role]
    records = {"phuket": world.phuket, "chiangmai": world.chiangmai}
    listed = entrepreneur_list(user=user)
    assert {e.pk for e in listed} == {records[k].pk for k in SEES[role]}
    assert listed.count() == len(SEES[role])
    assert {p.entrepreneur_id for p in product_list(user=user)} == {records[k].pk for k in SEES[role]}
    for key, record in records.items():
        searched = entrepreneur_list(user=user, filters=EntrepreneurFilters(q=record.name_th))
        if key in SEES[role]:
            assert entrepreneur_get(user=user, pk=record.pk) == record
            assert list(searched) == [record]
        else:
            with pytest.raises(Http404):
                entrepreneur_get(user=user, pk=record.pk)
            assert not searched.exists()
            assert entrepreneur_monthly_sales(user=user, pk=record.pk) == []


def test_a_user_without_a_role_sees_nothing(world, django_user_model):
    nobody = django_user_model.objects.create_user(username="nobody", password="x")
    assert not entrepreneur_list(user=nobody).exists()


def test_officer_of_two_centres_sees_both(world):
    from uplift.geo.models import RegionalCentre

    world.officer.profile.centres.add(RegionalCentre.objects.get(number=1))
    assert entrepreneur_list(user=world.officer).count() == 2


def test_a_consultants_caseload_is_a_subquery_not_a_parameter_per_entrepreneur(world):
    from tests.outcomes.programme import bulk_entrepreneurs
    from uplift.access import policy
    from uplift.access.actions import consultant_assign
    from uplift.registry.models import Entrepreneur

    def parameters() -> int:
        sql, params = policy.visible(world.consultant, Entrepreneur).query.sql_with_params()
        return len(params)

    before = parameters()
    consultant_assign(actor=world.admin, consultant=world.consultant, entrepreneurs=bulk_entrepreneurs(40))
    assert parameters() == before
    assert policy.visible(world.consultant, Entrepreneur).count() == 41


def test_a_request_that_filters_by_the_caseload_again_reads_the_same_rows(world):
    """Within one request the second filter by a consultant's caseload uses its ids read once (one array
    parameter on PostgreSQL), and finds exactly the rows of the first, never a parameter per entrepreneur."""
    from django.db import connection

    from tests.outcomes.programme import bulk_entrepreneurs
    from uplift.access import policy
    from uplift.access.actions import consultant_assign
    from uplift.registry.models import Entrepreneur

    consultant_assign(actor=world.admin, consultant=world.consultant, entrepreneurs=bulk_entrepreneurs(30))
    with policy.request_scope():
        first = policy.visible(world.consultant, Entrepreneur)
        again = policy.visible(world.consultant, Entrepreneur)
        sql, params = again.query.sql_with_params()
        assert {e.pk for e in first} == {e.pk for e in again} and again.count() == 31
        assert world.chiangmai.pk not in {e.pk for e in again}
    assert len(params) <= len(first.query.sql_with_params()[1])
    if connection.vendor == "postgresql":
        assert "unnest" in sql and "unnest" not in str(first.query)


def test_a_selector_that_will_filter_repeatedly_uses_the_ids_from_the_first_filter(world):
    from django.db import connection

    from uplift.access import policy
    from uplift.registry.models import Entrepreneur

    with policy.request_scope():
        policy.will_filter_repeatedly(world.consultant)
        first = policy.visible(world.consultant, Entrepreneur)
        assert [e.pk for e in first] == [world.phuket.pk]
        if connection.vendor == "postgresql":
            assert "unnest" in str(first.query)
    policy.will_filter_repeatedly(world.consultant)  # outside a request: nothing to remember, nothing changes
    assert "unnest" not in str(policy.visible(world.consultant, Entrepreneur).query)
