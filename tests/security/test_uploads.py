"""Uploads are bounded: a file over its kind's size limit and an .xlsx that would expand far beyond its size
(a "zip bomb", made here: 300 MB of shared strings in a ~300 KB file) are refused with a Thai message before
anything parses or stores them, within a stated memory bound."""

import io
import tracemalloc
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from uplift.imports.models import ImportJob
from uplift.security import uploads

MB = 1024 * 1024
CHECK_MEMORY_BOUND = 2 * MB  # Python allocations while checking the bomb (its central directory only)


def zip_bomb(expanded: int = 300 * MB) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as book:
        book.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        book.writestr("xl/workbook.xml", '<?xml version="1.0"?><workbook/>')
        with book.open("xl/sharedStrings.xml", "w") as strings:
            chunk = b"<si><t>" + b"A" * (MB - 15) + b"</t></si>"
            for _ in range(expanded // len(chunk)):
                strings.write(chunk)
    return out.getvalue()


@pytest.fixture(scope="module")
def bomb() -> bytes:
    return zip_bomb()


def test_the_zip_bomb_is_small_and_refused_within_the_memory_bound(bomb):
    assert len(bomb) < 1 * MB
    tracemalloc.start()
    try:
        with pytest.raises(Exception) as refused:
            uploads.check_xlsx(bomb)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    print(f"\nzip bomb: {len(bomb) / 1024:.0f} KB expanding to 300 MB; refused with a peak of "
          f"{peak / 1024:.0f} KB of Python allocations (bound {CHECK_MEMORY_BOUND // 1024} KB)")
    assert "xlsx_bomb" in str(refused.value.error_dict["file"][0].code)
    assert peak < CHECK_MEMORY_BOUND


def test_an_ordinary_workbook_passes():
    from openpyxl import Workbook

    book = Workbook()
    for i in range(2000):
        book.active.append([f"กลุ่มทอผ้าบ้านที่ {i}", "ภูเก็ต", i * 1000])
    out = io.BytesIO()
    book.save(out)
    figures = uploads.check_xlsx(out.getvalue())
    assert figures.worst_ratio < uploads.XLSX_MAX_RATIO


def _upload(client, name: str, data: bytes):
    return client.post("/imports/", {"file": SimpleUploadedFile(name, data), "kind": "entrepreneurs"})


@pytest.fixture
def officer(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    client = Client()
    client.force_login(world.officer)
    return client


def test_the_bomb_is_refused_at_the_upload_page_and_nothing_is_kept(officer, bomb, settings):
    response = _upload(officer, "ทะเบียน.xlsx", bomb)
    assert response.status_code == 200
    assert "ไฟล์ Excel นี้จะขยายเป็น" in response.content.decode()
    assert not ImportJob.objects.exists()
    assert not any(settings.MEDIA_ROOT.rglob("*")) if settings.MEDIA_ROOT.exists() else True


def test_a_csv_over_the_limit_is_refused(officer, settings):
    settings.UPLIFT_UPLOAD_LIMITS = {**settings.UPLIFT_UPLOAD_LIMITS, "csv": 1 * MB}
    big = ("ชื่อกลุ่ม,จังหวัด\n" + "กลุ่มทอผ้า,ภูเก็ต\n" * 60_000).encode()
    response = _upload(officer, "ทะเบียน.csv", big)
    assert "ไฟล์ใหญ่เกิน 1.0" in response.content.decode()
    assert not ImportJob.objects.exists()


def test_a_50_mb_csv_is_refused_with_the_default_limits(officer):
    response = _upload(officer, "ทะเบียน.csv", b"a,b\n" + b"1,2\n" * (50 * MB // 4))
    assert "ไฟล์ใหญ่เกิน" in response.content.decode()
    assert not ImportJob.objects.exists()


def test_the_api_refuses_too(world, bomb):
    from uplift.access.models import ApiToken

    _token, raw = ApiToken.issue(user=world.officer, name="pytest")
    response = Client(HTTP_AUTHORIZATION=f"Bearer {raw}").post(
        "/api/imports/jobs", {"file": SimpleUploadedFile("ทะเบียน.xlsx", bomb), "kind": "entrepreneurs"})
    assert response.status_code == 422 and "file" in response.json()["errors"]
    assert not ImportJob.objects.exists()


def test_the_upload_page_states_the_limits(officer):
    assert "CSV ไม่เกิน 20.0" in officer.get("/imports/").content.decode()
