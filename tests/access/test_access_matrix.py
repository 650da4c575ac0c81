"""The access matrix through every door: web list, count, search, detail, chart data, and the API.

For every role, an entrepreneur outside its scope is absent everywhere, and one inside is present.
"""

import pytest

from tests.access.test_scoping import SEES

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("role", sorted(SEES))
def test_every_door_agrees(world, client, role):
    client.force_login(world.users()[role])
    records = {"phuket": world.phuket, "chiangmai": world.chiangmai}

    page = client.get("/entrepreneurs/")
    html = page.content.decode()
    assert page.context["page"].paginator.count == len(SEES[role])
    api = client.get("/api/entrepreneurs").json()
    assert api["count"] == len(SEES[role])

    for key, record in records.items():
        visible = key in SEES[role]
        assert (record.name_th in html) is visible
        searched = client.get("/entrepreneurs/", {"q": record.name_th})
        assert searched.context["page"].paginator.count == int(visible)
        assert (client.get("/api/entrepreneurs", {"q": record.name_th}).json()["count"]) == int(visible)
        assert (record.pk in {i["id"] for i in api["items"]}) is visible
        expected = 200 if visible else 404
        assert client.get(f"/entrepreneurs/{record.pk}/").status_code == expected
        assert client.get(f"/entrepreneurs/{record.pk}/sales.json").status_code == expected
        assert client.get(f"/api/entrepreneurs/{record.pk}").status_code == expected
        product_ids = {p.pk for p in record.products.all()}
        listed = {i["id"] for i in client.get("/api/products").json()["items"]}
        assert (product_ids <= listed) is visible and (not (product_ids & listed)) is (not visible)
