"""A large .xlsx is parsed in a child process under a memory cap (issue 11; `uplift.imports.capped_read`).

The refusal is shown with a workbook made here: an ordinary sheet of Thai groups plus 300 MB of shared
strings packed into ~4 MB (80 times), so it passes the upload pre-check at its default bounds (400 MB
inflated, 100 times) and only the parse cap stops it. (The zip bomb of tests/security/test_uploads.py
does not serve: the pre-check refuses it at 1,000 times, and calamine rejects it before inflating
anything, having no workbook parts.) The child's cap is lowered to 150 MB, which an ordinary workbook
reads within, and the web process's own peak memory is measured around the upload.
"""

import io
import random
import resource
import sys
import tempfile
import time
import zipfile
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import translation

from tests.imports.files import registry_sheet, to_csv, to_xlsx
from uplift.imports import capped_read, jobs
from uplift.imports.core.read import ReadError, read_table
from uplift.imports.models import ImportJob
from uplift.security import uploads

pytestmark = pytest.mark.django_db

MB = 1024 * 1024
INFLATED = 300 * MB
LOW_CAP = 150 * MB
PARENT_GROWTH_BOUND = 64 * MB  # the web process's peak may grow by this much, against the 300 MB inflated
NAME = "ชื่อกลุ่ม/ผู้ประกอบการ"
GROUPS = [[NAME, "จังหวัด", "โทรศัพท์", "จำนวนสมาชิก"]] + [
    [f"กลุ่มทอผ้าไหมบ้านสันกำแพง {i}", "เชียงใหม่", "053-123-456", str(20 + i)] for i in range(30)]
TOO_MUCH_MEMORY = "การอ่านไฟล์นี้ต้องใช้หน่วยความจำเกินกว่าที่เซิร์ฟเวอร์กำหนด"


def inflating_workbook(inflated: int = INFLATED, seed: int = 2563) -> bytes:
    """GROUPS as a workbook whose xl/sharedStrings.xml inflates to `inflated` bytes, ~80 times its packed size.

    Written a chunk at a time, so building it costs this process a megabyte or two, not `inflated`."""
    rng = random.Random(seed)
    word = "กลุ่มทอผ้าไหมบ้านสันกำแพง".encode()
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(to_xlsx(GROUPS))) as source, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as book:
        for info in source.infolist():
            book.writestr(info.filename, source.read(info))
        with book.open("xl/sharedStrings.xml", "w") as strings:
            strings.write(b'<?xml version="1.0" encoding="UTF-8"?>'
                          b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">')
            written = 0
            while written < inflated:  # a digit run every 400 bytes keeps deflate under 100 times
                chunk = b"".join([b"<si><t>", *(word * 12 + b"%06d" % rng.randrange(10**6) for _ in range(2600)),
                                  b"</t></si>"])
                strings.write(chunk)
                written += len(chunk)
            strings.write(b"</sst>")
    return out.getvalue()


@pytest.fixture(scope="module")
def heavy() -> bytes:
    return inflating_workbook()


@pytest.fixture
def officer(world):
    client = Client()
    client.force_login(world.officer)
    return client


@pytest.fixture(autouse=True)
def _private_tmp(monkeypatch, tmp_path):
    """The child's temporary folders go under tmp_path/tmp, checked empty after each test."""
    folder = tmp_path / "tmp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    yield
    assert list(folder.iterdir()) == []


@pytest.fixture
def children(monkeypatch):
    """The reads that went to a child process."""
    calls = []
    real = capped_read.read_in_child

    def spy(data, filename, kind, **limits):
        calls.append((filename, limits))
        return real(data, filename, kind, **limits)

    monkeypatch.setattr(capped_read, "read_in_child", spy)
    return calls


def _upload(client, name: str, data: bytes):
    return client.post("/imports/", {"file": SimpleUploadedFile(name, data), "kind": "entrepreneurs"})


def _stored(settings) -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


@pytest.mark.parametrize("rows,first_sheet_empty", [(GROUPS, False), (registry_sheet(), True)],
                         ids=["groups", "registry-with-title-totals-and-an-empty-first-sheet"])
def test_a_workbook_read_in_the_child_is_the_table_read_here(settings, children, rows, first_sheet_empty):
    settings.UPLIFT_PARSE_IN_CHILD_FROM = 0
    data = to_xlsx(rows, first_sheet_empty=first_sheet_empty)
    started = time.perf_counter()
    here = read_table(data, "ทะเบียน.xlsx", "entrepreneurs")
    read_here = time.perf_counter() - started
    started = time.perf_counter()
    there = capped_read.read_upload(data, "ทะเบียน.xlsx", "entrepreneurs")
    read_there = time.perf_counter() - started
    print(f"\n{len(data) / 1024:.0f} KB workbook: {read_here * 1000:.0f} ms here, "
          f"{read_there * 1000:.0f} ms in a child")
    assert len(children) == 1
    assert there.headers == here.headers and any(h.startswith("ชื่อกลุ่ม") for h in there.headers)
    assert there.rows == here.rows and len(there) == len(here) > 0
    assert (there.sheet, there.header_row, there.encoding) == (here.sheet, here.header_row, here.encoding)
    assert there.frame.schema == here.frame.schema and there.frame.equals(here.frame)


def test_small_workbooks_and_csv_are_read_here(settings, children, officer):
    assert settings.UPLIFT_PARSE_IN_CHILD_FROM == 20 * MB
    assert _upload(officer, "กลุ่ม.xlsx", to_xlsx(GROUPS)).status_code == 302
    assert _upload(officer, "กลุ่ม.csv", to_csv(GROUPS)).status_code == 302
    settings.UPLIFT_PARSE_IN_CHILD_FROM = 0
    assert _upload(officer, "กลุ่ม.csv", to_csv(GROUPS)).status_code == 302  # a small CSV stays here
    assert children == [] and ImportJob.objects.count() == 3


def test_a_csv_past_its_threshold_is_read_in_a_child_the_same(settings, children):
    data = to_csv(GROUPS)
    here = read_table(data, "กลุ่ม.csv", "entrepreneurs")
    settings.UPLIFT_PARSE_CSV_IN_CHILD_FROM = len(data) - 1
    there = capped_read.read_upload(data, "กลุ่ม.csv", "entrepreneurs")
    assert len(children) == 1
    assert (there.headers, there.rows, there.encoding) == (here.headers, here.rows, here.encoding)


def _kb(field: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) * 1024
    raise LookupError(field)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="RLIMIT_DATA and /proc/self are Linux's")
def test_a_workbook_inflating_past_the_cap_is_refused_and_nothing_is_kept(settings, world, officer, heavy, children):
    figures = uploads.check_xlsx(heavy)  # within the pre-check's default bounds
    assert figures.uncompressed > INFLATED > LOW_CAP and figures.worst_ratio < uploads.XLSX_MAX_RATIO
    assert len(heavy) < 5 * MB
    settings.UPLIFT_PARSE_MEMORY_LIMIT = LOW_CAP

    # the web process's high-water mark, reset to its current size (Linux ≥ 4.0), then read after the upload
    Path("/proc/self/clear_refs").write_text("5")
    before, maxrss_before = _kb("VmRSS"), resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    response = _upload(officer, "ทะเบียนเชียงใหม่.xlsx", heavy)
    peak, maxrss_after = _kb("VmHWM"), resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    print(f"\n{len(heavy) / MB:.1f} MB workbook inflating to {figures.uncompressed / MB:.0f} MB, cap "
          f"{LOW_CAP / MB:.0f} MB: web process RSS {before / MB:.0f} MB, peak during the upload {peak / MB:.0f} MB "
          f"(+{(peak - before) / MB:.0f} MB, bound +{PARENT_GROWTH_BOUND / MB:.0f} MB); ru_maxrss "
          f"{maxrss_before / MB:.0f} → {maxrss_after / MB:.0f} MB")

    assert response.status_code == 200
    page = response.content.decode()
    assert "อ่านไฟล์ไม่ได้" in page and TOO_MUCH_MEMORY in page
    assert len(children) == 1 and children[0][1]["limit"] == LOW_CAP
    assert not ImportJob.objects.exists()
    assert _stored(settings) == []
    assert peak - before < PARENT_GROWTH_BOUND

    with translation.override("en"), pytest.raises(ReadError, match=r"needs more memory than the server allows "
                                                                    r"\(150\.0\sMB\)"):
        jobs.job_create(actor=world.officer, filename="ทะเบียน.xlsx", data=heavy)
    assert not ImportJob.objects.exists() and _stored(settings) == []


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="RLIMIT_DATA is Linux's")
def test_an_ordinary_workbook_reads_within_the_low_cap(settings, officer, children):
    """So the refusal above is the file's doing, not a child that cannot start under 150 MB."""
    settings.UPLIFT_PARSE_IN_CHILD_FROM, settings.UPLIFT_PARSE_MEMORY_LIMIT = 0, LOW_CAP
    assert _upload(officer, "กลุ่ม.xlsx", to_xlsx(GROUPS)).status_code == 302
    job = ImportJob.objects.get()
    assert job.rows_total == len(GROUPS) - 1 and job.table_meta["headers"][0] == NAME
    assert len(children) == 1


def _not_a_workbook() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("บันทึก.txt", "ไม่ใช่สมุดงาน")
    return out.getvalue()


def _empty_workbook() -> bytes:
    from openpyxl import Workbook

    out = io.BytesIO()
    Workbook().save(out)
    return out.getvalue()


@pytest.mark.parametrize("data", [_not_a_workbook(), _empty_workbook()], ids=["zip-without-workbook", "no-data"])
def test_an_unreadable_workbook_gives_the_childs_read_error(settings, world, children, data):
    settings.UPLIFT_PARSE_IN_CHILD_FROM = 0
    with pytest.raises(ReadError) as here:
        read_table(data, "ทะเบียน.xlsx", "entrepreneurs")
    with pytest.raises(ReadError) as there:
        jobs.job_create(actor=world.officer, filename="ทะเบียน.xlsx", data=data)
    assert str(there.value) == str(here.value)
    assert "memory" not in str(there.value)
    assert len(children) == 1 and not ImportJob.objects.exists()


def test_a_child_past_its_time_is_stopped(settings, world, children):
    settings.UPLIFT_PARSE_IN_CHILD_FROM, settings.UPLIFT_PARSE_TIMEOUT = 0, 0.01
    with translation.override("th"), pytest.raises(ReadError, match="การอ่านไฟล์นี้ใช้เวลาเกิน 0.01 วินาที"):
        jobs.job_create(actor=world.officer, filename="ทะเบียน.xlsx", data=to_xlsx(GROUPS))
    assert not ImportJob.objects.exists()
