"""Without a replica nothing changes: every read and write stays on the primary and no cookie is set."""

import pytest
from django.test import RequestFactory

from uplift.ops import replica

pytestmark = pytest.mark.django_db


def test_without_a_replica_reads_stay_on_the_primary():
    request = RequestFactory().get("/dashboards/")
    with replica.replica_reads(request) as alias:
        assert alias == "default"
        assert replica.ReplicaRouter().db_for_read(None) is None


def test_the_router_never_writes_or_migrates_on_the_replica():
    router = replica.ReplicaRouter()
    assert router.db_for_write(None) == "default"
    assert router.allow_migrate("replica", "registry") is False
    assert router.allow_migrate("default", "registry") is True


def test_a_write_sets_no_cookie_without_a_replica(client, world):
    client.force_login(world.officer)
    response = client.post("/entrepreneurs/new/", {"name_th": "กลุ่มทดสอบ"})
    assert replica.COOKIE not in response.cookies


def test_a_forged_cookie_is_ignored():
    request = RequestFactory().get("/dashboards/", HTTP_COOKIE=f"{replica.COOKIE}=0/FFFFFFFF")
    assert replica.written_at(request) is None
