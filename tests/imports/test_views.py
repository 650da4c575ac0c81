"""The wizard pages: upload, mapping, dry run, import quoting the report shown, duplicates."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.factories import PASSWORD
from tests.imports.files import registry_sheet, to_csv
from uplift.imports.models import ImportJob, MappingTemplate
from uplift.registry.models import Entrepreneur

pytestmark = pytest.mark.django_db


def login(client, user):
    assert client.login(username=user.username, password=PASSWORD)
    return client


def test_wizard_upload_map_check_commit(client, world, django_capture_on_commit_callbacks):
    login(client, world.officer)
    response = client.post(reverse("imports:upload"), {
        "file": SimpleUploadedFile("registry.csv", to_csv(registry_sheet())), "kind": "entrepreneurs"})
    job = ImportJob.objects.get()
    assert response.url == reverse("imports:mapping", args=[job.pk])
    page = client.get(response.url).content.decode()
    assert "กลุ่มบาติกบ้านกะทู้" in page and 'value="otop_date" selected' in page
    mapping = {f"col-{i}": f for i, f in job.mapping_dict().items()}
    with django_capture_on_commit_callbacks(execute=True):
        client.post(response.url, {**mapping, "col-4": "", "save_as": "ศูนย์ 10"})
    job.refresh_from_db()
    assert job.status == "checked" and "members" not in job.mapping.values()
    assert MappingTemplate.objects.get().name == "ศูนย์ 10"
    partial = client.get(reverse("imports:job", args=[job.pk]), HTTP_HX_REQUEST="true").content.decode()
    assert partial.startswith('<div id="job-status">') and "<html" not in partial and "every 1s" not in partial
    page = client.get(reverse("imports:job", args=[job.pk])).content.decode()
    assert "กลุ่มเลขผิด" not in page and "0835561000059" in page
    assert f'name="confirm" value="{job.check_token}"' in page
    report = client.get(reverse("imports:report", args=[job.pk]))
    assert report.status_code == 200 and report.content[:2] == b"PK"
    before = Entrepreneur.objects.count()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("imports:run", args=[job.pk]), {"confirm": job.check_token})
    job.refresh_from_db()
    assert job.status == "done" and Entrepreneur.objects.count() == before + 4
    assert client.get(reverse("imports:duplicates")).status_code == 200


def test_the_import_button_is_refused_without_the_reports_token(client, world, django_capture_on_commit_callbacks):
    from tests.imports.runs import run

    job = run(world.officer, to_csv(registry_sheet()), dry_run=True)
    login(client, world.officer)
    before = Entrepreneur.objects.count()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("imports:run", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == "checked" and Entrepreneur.objects.count() == before


def test_an_administrator_sees_an_officers_report_but_checks_again_before_importing(client, world):
    from tests.imports.runs import run

    job = run(world.officer, to_csv(registry_sheet()), dry_run=True)
    page = login(client, world.admin).get(reverse("imports:job", args=[job.pk])).content.decode()
    assert 'id="recheck"' in page and 'id="commit"' not in page and job.check_token not in page


@pytest.mark.parametrize("who", ["executive", "consultant", "owner"])
def test_wizard_refused_to_other_roles(client, world, who):
    login(client, getattr(world, who))
    assert client.get(reverse("imports:upload")).status_code == 403
    assert client.get(reverse("imports:duplicates")).status_code == 403


def test_another_officers_job_is_not_found(client, world):
    from tests.imports.runs import run

    job = run(world.admin, to_csv(registry_sheet()), dry_run=True)
    login(client, world.officer)
    for name in ("imports:job", "imports:mapping", "imports:report"):
        assert client.get(reverse(name, args=[job.pk])).status_code == 404
    assert client.post(reverse("imports:run", args=[job.pk]), {"confirm": job.check_token}).status_code == 404


def test_the_mapping_page_lists_columns_left_out_what_is_still_needed_and_values_for_the_whole_file(client, world):
    from tests.imports.files import WIDE_HEADERS, wide_sheet

    rows = wide_sheet(world.chiangmai.id_number)
    rows[1] = [*WIDE_HEADERS[:3], "ลักษณะการผลิต", *WIDE_HEADERS[4:]]
    login(client, world.officer)
    response = client.post(reverse("imports:upload"), {"file": SimpleUploadedFile("ภูเก็ต.csv", to_csv(rows))})
    page = client.get(response.url).content.decode()
    assert 'id="lacking"' in page and "ประเภทผู้ผลิต" in page
    assert 'id="unmapped"' in page and "ลักษณะการผลิต" in page and "ผู้ผลิตรายเดียว" in page
    assert 'name="default-product.unit"' in page and 'placeholder="ชิ้น"' in page
    assert "90%" in page  # the identifier header matched without its brackets
    job = ImportJob.objects.get()
    mapping = {f"col-{i}": f for i, f in job.mapping_dict().items()}
    client.post(response.url, {**mapping, "default-kind": "อื่นๆ"})  # not a kind: refused, nothing run
    job.refresh_from_db()
    assert job.status == "uploaded"
