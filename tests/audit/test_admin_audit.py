import pytest

from uplift.audit.models import AuditEntry
from uplift.geo.models import Province, RegionalCentre

pytestmark = pytest.mark.django_db


def test_admin_correction_of_a_province_centre_is_audited(world, client):
    client.force_login(world.admin)
    krabi = Province.objects.get(name_th="กระบี่")
    response = client.post(f"/admin/geo/province/{krabi.pk}/change/", {
        "code": krabi.code, "name_th": krabi.name_th, "name_en": krabi.name_en,
        "centre": RegionalCentre.objects.get(number=11).pk,
    })
    assert response.status_code == 302
    krabi.refresh_from_db()
    assert krabi.centre.number == 11
    entry = AuditEntry.objects.get(model="geo.Province", object_pk=krabi.pk)
    assert entry.action == "admin-update" and entry.actor == world.admin
    assert list(entry.changes) == ["centre"]


def test_admin_entrepreneur_pages_render(world, client):
    client.force_login(world.admin)
    assert client.get("/admin/registry/entrepreneur/").status_code == 200
    page = client.get(f"/admin/registry/entrepreneur/{world.phuket.pk}/change/")
    assert page.status_code == 200
    assert "กลุ่มวิสาหกิจชุมชนบาติกป่าตอง" in page.content.decode()
