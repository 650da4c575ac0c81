"""/healthz answers while the process lives; /readyz only when the database, the schema and a worker are there."""

import pytest

from uplift.ops import jobs

pytestmark = pytest.mark.django_db


def test_healthz_answers_without_the_database(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_readyz_waits_for_a_worker_heartbeat(client):
    response = client.get("/readyz")
    assert response.status_code == 503
    checks = response.json()["checks"]
    assert checks["database"]["ok"] and checks["migrations"]["ok"]
    assert checks["workers"] == {"ok": False, "detail": "0 alive"}

    jobs.heartbeat_start("ผู้ทำงาน-1")
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json()["status"] == "ready"


def test_readyz_ignores_workers_when_told(client, settings):
    settings.UPLIFT_READY_NEEDS_WORKER = False
    assert client.get("/readyz").status_code == 200


def test_readyz_reports_a_silent_worker_as_not_alive(client, settings):
    jobs.heartbeat_start("ผู้ทำงาน-เงียบ")
    settings.UPLIFT_WORKER_LEASE = 0.0
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["workers"]["ok"] is False


def test_readyz_says_503_when_the_database_is_gone(client, monkeypatch):
    from uplift.ops import checks

    monkeypatch.setattr(checks, "database", lambda alias="default": (False, "OperationalError"))
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"] == {"database": {"ok": False, "detail": "OperationalError"}}
