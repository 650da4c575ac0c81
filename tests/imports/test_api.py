"""The API: upload + preview, dry run, then the import quoting the dry run's `confirm`."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.factories import PASSWORD
from tests.imports.files import EXPECTED_REPORT, registry_sheet, to_csv

pytestmark = pytest.mark.django_db


def test_api_upload_preview_check_import_status(client, world, django_capture_on_commit_callbacks):
    assert client.login(username="admin", password=PASSWORD)
    response = client.post("/api/imports/jobs", {"file": SimpleUploadedFile("r.csv", to_csv(registry_sheet())),
                                                 "kind": "entrepreneurs"})
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["header_row"] == 3 and body["rows"][0][0] == 4
    job_id = body["job"]["id"]
    refused = client.post(f"/api/imports/jobs/{job_id}/run", {"dry_run": False}, content_type="application/json")
    assert refused.status_code == 422 and "ทดลอง" in refused.json()["detail"][0]["msg"]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/api/imports/jobs/{job_id}/run", {"dry_run": True}, content_type="application/json")
    checked = client.get(f"/api/imports/jobs/{job_id}").json()
    assert [(i["row"], i["column"], i["code"]) for i in checked["issues"]] == EXPECTED_REPORT
    assert checked["confirm"]
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/api/imports/jobs/{job_id}/run", {"dry_run": False, "confirm": checked["confirm"]},
                    content_type="application/json")
    done = client.get(f"/api/imports/jobs/{job_id}").json()
    assert done["status"] == "done" and done["counts"]["create"] == 4
    assert client.get(f"/api/imports/jobs/{job_id}/report.xlsx").content[:2] == b"PK"
    client.logout()
    assert client.login(username="executive", password=PASSWORD)
    assert client.post("/api/imports/jobs", {"file": SimpleUploadedFile("r.csv", b"a,b\n1,2\n")}).status_code == 403
    assert client.get(f"/api/imports/jobs/{job_id}").status_code in (403, 404)


def test_api_values_for_the_whole_file_and_the_sequence_number(client, world, django_capture_on_commit_callbacks):
    from tests.imports.files import wide_sheet

    rows = [[c for i, c in enumerate(r) if i != 3] for r in wide_sheet(world.chiangmai.id_number)]  # no kind column
    assert client.login(username="officer10", password=PASSWORD)
    job_id = client.post("/api/imports/jobs", {"file": SimpleUploadedFile("w.csv", to_csv(rows))}).json()["job"]["id"]
    lacking = client.post(f"/api/imports/jobs/{job_id}/run", {"dry_run": True}, content_type="application/json")
    assert lacking.status_code == 422
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/api/imports/jobs/{job_id}/run", {"dry_run": True, "defaults": {"kind": "ผู้ผลิตรายเดียว"}},
                    content_type="application/json")
    body = client.get(f"/api/imports/jobs/{job_id}").json()
    assert body["defaults"] == {"kind": "ผู้ผลิตรายเดียว"} and body["status"] == "checked"
    assert [(i["row"], i["seq"], i["code"]) for i in body["issues"]] == [
        (9, "7", "bad_stars"), (10, "8", "conflicts_in_file"), (11, "9", "already_registered")]
