"""Every request gets an id (the proxy's when it sends one), logged as JSON; a lost database is a 503."""

import json
import logging

import pytest
from django.test import Client

from uplift.ops.logs import ContextFilter, JsonFormatter

pytestmark = pytest.mark.django_db


def test_a_request_id_is_made_and_returned(client):
    response = client.get("/healthz")
    assert len(response["X-Request-ID"]) == 32


def test_the_proxy_request_id_is_kept(client):
    response = client.get("/healthz", headers={"X-Request-ID": "0123456789abcdef0123"})
    assert response["X-Request-ID"] == "0123456789abcdef0123"


def test_a_malformed_request_id_is_replaced(client):
    response = client.get("/healthz", headers={"X-Request-ID": "<script>x</script>"})
    assert response["X-Request-ID"] != "<script>x</script>"
    assert len(response["X-Request-ID"]) == 32


def test_the_request_log_line_is_json_with_the_request_id(world, client, caplog):
    client.force_login(world.officer)
    with caplog.at_level(logging.INFO, logger="uplift.request"):
        response = client.get("/entrepreneurs/", {"q": "บาติก"}, headers={"X-Request-ID": "req-12345678"})
    record = next(r for r in caplog.records if r.name == "uplift.request")
    ContextFilter().filter(record)
    line = json.loads(JsonFormatter().format(record))
    assert line["request_id"] == response["X-Request-ID"] == "req-12345678"
    assert line["status"] == 200 and line["view"] == "entrepreneur-list" and line["method"] == "GET"
    assert line["user_id"] == world.officer.pk
    assert line["queries"] > 0


def test_health_checks_are_not_logged(client, caplog):
    with caplog.at_level(logging.INFO, logger="uplift.request"):
        client.get("/healthz")
    assert not [r for r in caplog.records if r.name == "uplift.request"]


def test_thai_text_stays_readable_in_json_logs():
    record = logging.makeLogRecord({"name": "uplift", "msg": "นำเข้า %s", "args": ("สำเร็จ",), "levelno": 20,
                                    "levelname": "INFO", "entrepreneur": "กลุ่มทอผ้า"})
    line = JsonFormatter().format(record)
    assert "นำเข้า สำเร็จ" in line and json.loads(line)["entrepreneur"] == "กลุ่มทอผ้า"


@pytest.mark.urls("tests.ops.broken_urls")
def test_a_lost_database_is_a_503_to_retry(settings):
    settings.DEBUG = False
    client = Client(raise_request_exception=False)
    page = client.get("/lost/")
    assert page.status_code == 503
    assert page["Retry-After"] == "5"
    assert page["X-Request-ID"] in page.content.decode()
    api = client.get("/api/lost/")
    assert api.status_code == 503 and api.json()["request_id"] == api["X-Request-ID"]


@pytest.mark.urls("tests.ops.broken_urls")
def test_a_session_save_that_lost_the_database_is_a_503_not_a_400(settings):
    settings.DEBUG = False
    client = Client(raise_request_exception=False)
    assert client.get("/session-lost/").status_code == 503
    assert client.get("/bad/").status_code == 400


def test_an_api_error_raised_while_the_database_was_lost_is_a_503(rf):
    from django.db import OperationalError

    from uplift.api import on_server_error

    request = rf.get("/api/entrepreneurs")
    try:
        try:
            raise OperationalError("terminating connection due to administrator command")
        except OperationalError:
            raise RuntimeError("ห่อไว้อีกชั้น")
    except RuntimeError as wrapped:
        response = on_server_error(request, wrapped)
    assert response.status_code == 503 and response["Retry-After"] == "5"
    assert on_server_error(request, RuntimeError("อย่างอื่น")).status_code == 500


def test_a_raw_psycopg_error_counts_as_a_lost_database():
    import psycopg

    from uplift.ops.views import database_lost

    assert database_lost(psycopg.OperationalError("consuming input failed"))
    assert not database_lost(psycopg.errors.UniqueViolation("ซ้ำ"))


@pytest.mark.urls("tests.ops.broken_urls")
def test_other_errors_stay_500(settings):
    settings.DEBUG = False
    assert Client(raise_request_exception=False).get("/broken/").status_code == 500
