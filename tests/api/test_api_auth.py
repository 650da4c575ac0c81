"""Who gets in: bearer tokens from `issue-token`, sessions with CSRF for writes, nobody else."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client

from uplift.access.models import ApiToken
from uplift.registry.models import Entrepreneur

pytestmark = pytest.mark.django_db

NEW_PHUKET = {"kind": "sme", "name_th": "บริษัทขนมเต้าส้มภูเก็ต", "subdistrict": "830202", "postal_code": "83150"}


def issue(username: str, name: str = "แดชบอร์ดจังหวัด") -> str:
    out, err = StringIO(), StringIO()
    call_command("issue_token", username, "--name", name, "--user", "admin", stdout=out, stderr=err)
    return out.getvalue().strip()


@pytest.mark.parametrize("url", ["/api/entrepreneurs", "/api/products", "/api/entrepreneurs/1", "/api/products/1"])
def test_anonymous_gets_401(world, url):
    assert Client().get(url).status_code == 401


def test_anonymous_write_gets_401_not_csrf_403(world):
    r = Client(enforce_csrf_checks=True).post("/api/entrepreneurs", NEW_PHUKET, content_type="application/json")
    assert r.status_code == 401


def test_issued_token_works_as_bearer(world):
    raw = issue("officer10")
    token = ApiToken.objects.get(user=world.officer)
    assert token.name == "แดชบอร์ดจังหวัด" and token.digest == ApiToken.digest_of(raw) and raw not in token.digest
    assert token.last_used_at is None

    r = Client().get("/api/entrepreneurs", HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert r.status_code == 200
    assert [i["name_th"] for i in r.json()["items"]] == [world.phuket.name_th]
    token.refresh_from_db()
    assert token.last_used_at is not None


@pytest.mark.parametrize("header", ["Bearer not-a-real-token", "Bearer ", "Token abc", "Basic b2ZmaWNlcjEwOng="])
def test_wrong_token_gets_401(world, header):
    issue("officer10")
    assert Client().get("/api/entrepreneurs", HTTP_AUTHORIZATION=header).status_code == 401


def test_token_of_inactive_user_gets_401(world):
    raw = issue("officer10")
    world.officer.is_active = False
    world.officer.save()
    assert Client().get("/api/entrepreneurs", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 401


def test_bearer_write_needs_no_csrf(world):
    raw = issue("officer10")
    client = Client(enforce_csrf_checks=True)
    r = client.post("/api/entrepreneurs", NEW_PHUKET, content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert r.status_code == 201, r.content


def test_issue_token_for_unknown_user_fails(world):
    with pytest.raises(CommandError):
        issue("nobody")
    assert not ApiToken.objects.exists()


def test_session_write_needs_csrf_token(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.officer)
    assert client.get("/api/entrepreneurs").status_code == 200  # reads need no CSRF token

    r = client.post("/api/entrepreneurs", NEW_PHUKET, content_type="application/json")
    assert r.status_code == 403
    assert not Entrepreneur.objects.filter(name_th=NEW_PHUKET["name_th"]).exists()

    secret = "k" * 32
    client.cookies["csrftoken"] = secret
    r = client.post("/api/entrepreneurs", NEW_PHUKET, content_type="application/json", HTTP_X_CSRFTOKEN=secret)
    assert r.status_code == 201, r.content
    assert Entrepreneur.objects.filter(name_th=NEW_PHUKET["name_th"]).count() == 1


def test_docs_and_schema_are_served(world):
    assert Client().get("/api/docs").status_code == 200
    schema = Client().get("/api/openapi.json").json()
    assert {"/api/entrepreneurs", "/api/entrepreneurs/{entrepreneur_id}", "/api/entrepreneurs/{entrepreneur_id}/sales",
            "/api/products", "/api/products/{product_id}"} <= set(schema["paths"])
    assert {"BearerTokenAuth", "SessionAuth"} <= set(schema["components"]["securitySchemes"])


def test_uplift_issue_token_command_line(world, capsys, monkeypatch):
    from django.db import connections

    from uplift.cli import main

    # run_from_argv closes every connection when done, which would end the test's transaction.
    monkeypatch.setattr(connections, "close_all", lambda: None)
    main(["uplift", "issue-token", "consultant", "--name", "รายงานที่ปรึกษา", "--user", "admin"])
    raw = capsys.readouterr().out.strip()
    r = Client().get(f"/api/entrepreneurs/{world.phuket.pk}", HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert r.status_code == 200 and r.json()["name_th"] == world.phuket.name_th
    assert Client().get(f"/api/entrepreneurs/{world.chiangmai.pk}", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 404
