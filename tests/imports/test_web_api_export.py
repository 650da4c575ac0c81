"""The wizard pages, the API and the scoped export."""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from tests.factories import PASSWORD
from tests.imports.files import EXPECTED_REPORT, registry_sheet, to_csv
from uplift.imports.models import ImportJob, MappingTemplate
from uplift.registry.models import Entrepreneur

pytestmark = pytest.mark.django_db


def login(client, user):
    assert client.login(username=user.username, password=PASSWORD)
    return client


def test_wizard_upload_map_check_commit(client, world):
    login(client, world.officer)
    response = client.post(reverse("imports:upload"), {
        "file": SimpleUploadedFile("registry.csv", to_csv(registry_sheet())), "kind": "entrepreneurs"})
    job = ImportJob.objects.get()
    assert response.url == reverse("imports:mapping", args=[job.pk])
    page = client.get(response.url).content.decode()
    assert "กลุ่มบาติกบ้านกะทู้" in page and 'value="otop_date" selected' in page
    mapping = {f"col-{i}": f for i, f in job.mapping_dict().items()}
    response = client.post(response.url, {**mapping, "col-4": "", "save_as": "ศูนย์ 10"})
    job.refresh_from_db()
    assert job.status == "checked" and "members" not in job.mapping.values()
    assert MappingTemplate.objects.get().name == "ศูนย์ 10"
    partial = client.get(reverse("imports:job", args=[job.pk]), HTTP_HX_REQUEST="true").content.decode()
    assert partial.startswith('<div id="job-status">') and "<html" not in partial and "every 1s" not in partial
    page = client.get(reverse("imports:job", args=[job.pk])).content.decode()
    assert "กลุ่มเลขผิด" not in page and "0835561000059" in page
    report = client.get(reverse("imports:report", args=[job.pk]))
    assert report.status_code == 200 and report.content[:2] == b"PK"
    before = Entrepreneur.objects.count()
    client.post(reverse("imports:run", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == "done" and Entrepreneur.objects.count() == before + 4
    assert client.get(reverse("imports:duplicates")).status_code == 200


@pytest.mark.parametrize("who", ["executive", "consultant", "owner"])
def test_wizard_refused_to_other_roles(client, world, who):
    login(client, getattr(world, who))
    assert client.get(reverse("imports:upload")).status_code == 403


def test_api_upload_preview_run_status(client, world):
    login(client, world.admin)
    response = client.post("/api/imports/jobs", {"file": SimpleUploadedFile("r.csv", to_csv(registry_sheet())),
                                                 "kind": "entrepreneurs"})
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["header_row"] == 3 and body["rows"][0][0] == 4
    job_id = body["job"]["id"]
    response = client.post(f"/api/imports/jobs/{job_id}/run", {"dry_run": True}, content_type="application/json")
    assert [(i["row"], i["column"], i["code"]) for i in response.json()["issues"]] == EXPECTED_REPORT
    response = client.post(f"/api/imports/jobs/{job_id}/run", {"dry_run": False}, content_type="application/json")
    assert response.json()["status"] == "done"
    assert client.get(f"/api/imports/jobs/{job_id}").json()["counts"]["create"] == 4
    assert client.get(f"/api/imports/jobs/{job_id}/report.xlsx").content[:2] == b"PK"
    client.logout()
    login(client, world.executive)
    assert client.post("/api/imports/jobs", {"file": SimpleUploadedFile("r.csv", b"a,b\n1,2\n")}).status_code == 403


def _csv_rows(content: bytes) -> list[list[str]]:
    assert content.startswith("\ufeff".encode())
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))


def test_export_stays_within_scope_with_thai_headers(client, world):
    login(client, world.officer)
    rows = _csv_rows(client.get(reverse("imports:export", args=["csv"])).content)
    assert rows[0][:4] == ["ชื่อกลุ่ม/ผู้ประกอบการ", "ชื่อภาษาอังกฤษ", "ประเภท", "เลขประจำตัว"]
    names = [r[0] for r in rows[1:]]
    assert names == ["กลุ่มวิสาหกิจชุมชนบาติกป่าตอง"]
    book = load_workbook(io.BytesIO(client.get(reverse("imports:export", args=["xlsx"]), {"province": "50"}).content))
    assert [c.value for c in book.active[1]][0] == "ชื่อกลุ่ม/ผู้ประกอบการ"
    assert book.active.max_row == 1  # Chiang Mai asked for: nothing outside the scope
    api_rows = _csv_rows(client.get("/api/imports/export/entrepreneurs.csv").content)
    assert "กลุ่มทอผ้าไหมบ้านสันกำแพง" not in str(api_rows)


def test_export_buddhist_era_dates_optional(client, world):
    login(client, world.admin)
    be = _csv_rows(client.get(reverse("imports:export", args=["csv"]), {"q": "บาติก"}).content)
    ce = _csv_rows(client.get(reverse("imports:export", args=["csv"]), {"q": "บาติก", "be": "0"}).content)
    year_col = be[0].index("ปีที่ขึ้นทะเบียน OTOP")
    assert (be[1][year_col], ce[1][year_col]) == ("2559", "2016")
    date_col = be[0].index("วันที่บันทึก")
    assert be[1][date_col].endswith(str(Entrepreneur.objects.get(pk=world.phuket.pk).created_at.year + 543))
    assert len(be) == 2
    book = load_workbook(io.BytesIO(client.get(reverse("imports:export", args=["xlsx"]), {"be": "0"}).content))
    assert book.active.max_row == 3
