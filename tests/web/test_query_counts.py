import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.web.conftest import make_many


def queries_for(client, **params) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(reverse("entrepreneur-list"), params)
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["admin_client", "officer_client"])
def test_list_query_count_does_not_grow_with_page_size(request, world, who):
    make_many(60)
    client = request.getfixturevalue(who)
    small = queries_for(client, page_size=5)
    large = queries_for(client, page_size=50)
    assert small == large
    response = client.get(reverse("entrepreneur-list"), {"page_size": 50})
    assert len(response.context["page"].object_list) == 50


@pytest.mark.django_db
def test_page_size_is_capped(admin_client):
    make_many(110)
    response = admin_client.get(reverse("entrepreneur-list"), {"page_size": 500})
    assert response.context["page"].paginator.per_page == 100
