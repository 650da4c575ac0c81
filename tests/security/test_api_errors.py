"""The API never answers a bad request with a 500 or a traceback: unknown objects are 404, numbers beyond the
database's range and pages beyond the bound are 422 naming the field, a body that is not an object is refused,
and the OpenAPI document lists every status an operation returns."""

import pytest
from django.test import Client

from uplift.access.models import ApiToken

HUGE = "36893488147419103231"  # 2**65: no database integer holds it


@pytest.fixture
def api(world):
    _token, raw = ApiToken.issue(user=world.admin, name="pytest")
    client = Client(HTTP_AUTHORIZATION=f"Bearer {raw}")
    client.raise_request_exception = False
    return client


@pytest.mark.parametrize("url", [
    f"/api/entrepreneurs/{HUGE}", f"/api/products/{HUGE}", f"/api/entrepreneurs/{HUGE}/sales",
    f"/api/imports/jobs/{HUGE}", f"/api/programme/rounds/{HUGE}/plan", f"/api/outcomes/rounds/{HUGE}/value",
])
def test_huge_ids_are_not_server_errors(api, url):
    response = api.get(url)
    assert response.status_code in (404, 422), (response.status_code, response.content[:300])
    assert response["Content-Type"].startswith("application/json")


@pytest.mark.parametrize("url", ["/api/entrepreneurs", "/api/products", "/api/programme/enrolments",
                                 "/api/toolkits/identity/enrolments"])
def test_huge_page_numbers_are_422_naming_the_page(api, url):
    response = api.get(url, {"page": HUGE})
    assert response.status_code == 422, (response.status_code, response.content[:300])
    assert "page" in response.json()["errors"]


def test_a_path_no_operation_matches_is_a_json_404(api):
    response = api.get("/api/programme/rounds/-1/plan")
    assert response.status_code == 404 and response.json() == {"detail": "Not found."}


def test_a_body_that_is_not_an_object_is_refused(api, world):
    from uplift.imports import jobs

    job = jobs.job_create(actor=world.admin, filename="กลุ่ม.csv",
                          data="ชื่อกลุ่ม,จังหวัด\nกลุ่มทดสอบ,ภูเก็ต\n".encode(), kind="entrepreneurs")
    response = api.post(f"/api/imports/jobs/{job.pk}/run", "[]", content_type="application/json")
    assert response.status_code == 422, response.content[:300]
    job.refresh_from_db()
    assert job.status == "uploaded", "no dry run was started"


def test_an_unforeseen_error_is_a_json_500_without_traceback(api, world, monkeypatch, settings):
    from uplift.registry import selectors

    settings.DEBUG = True  # even so: the API answers in its own shape, the log has the rest

    def broken(**kwargs):
        raise RuntimeError("secret internals")

    monkeypatch.setattr(selectors, "entrepreneur_get", broken)
    response = api.get(f"/api/entrepreneurs/{world.phuket.pk}")
    assert response.status_code == 500
    body = response.content.decode()
    assert "Traceback" not in body and "secret internals" not in body and response.json()["detail"]


def test_the_document_lists_the_error_answers_of_every_operation(api):
    document = api.get("/api/openapi.json").json()
    missing = [f"{method.upper()} {path}: {status}" for path, methods in document["paths"].items()
               for method, operation in methods.items() for status in ("401", "403", "404", "422")
               if status not in operation["responses"]]
    assert missing == []
    page = next(p for p in document["paths"]["/api/entrepreneurs"]["get"]["parameters"] if p["name"] == "page")
    assert page["schema"]["maximum"] <= 100_000
