"""PDPA: national IDs, phones and birth years masked for the roles that do not need them, an explicit audited
reveal for the consultant, audited exports (who, what, how many rows, which filter), consent records, the
data-subject export and erasure that keeps aggregates and the audit trail."""

import csv
import io
import json

import pytest
from django.test import Client

from uplift.audit.models import AuditEntry
from uplift.privacy import actions as privacy
from uplift.privacy.models import Consent
from uplift.registry.models import MonthlySales, Person

PHUKET_ID = "0835561000015"
PHUKET_PHONE = "076-123-456"


@pytest.fixture
def people(world):
    Person.objects.create(entrepreneur=world.phuket, role="owner", name_th="นางสมศรี ใจดี", birth_year=1975,
                          phone="081-555-0199")


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _page(user, entrepreneur) -> str:
    return _client(user).get(f"/entrepreneurs/{entrepreneur.pk}/").content.decode()


def test_executives_and_consultants_see_masks(world, people):
    for user in (world.executive, world.consultant):
        html = _page(user, world.phuket)
        assert PHUKET_ID not in html and "0-8355-xxxxx-xx-5" in html
        assert PHUKET_PHONE not in html and "xxx-xx3-456" in html
        assert "2518" not in html, "the birth year (BE) is hidden; an age band shows"


def test_the_officer_of_the_region_sees_them_in_full(world, people):
    html = _page(world.officer, world.phuket)
    assert PHUKET_ID in html and PHUKET_PHONE in html and "2518" in html


def test_the_consultant_reveals_on_purpose_and_it_is_audited(world, people):
    response = _client(world.consultant).post(f"/entrepreneurs/{world.phuket.pk}/reveal/")
    assert response.status_code == 200 and PHUKET_ID in response.content.decode()
    entry = AuditEntry.objects.get(action="personal.reveal")
    assert entry.actor == world.consultant and entry.object_pk == str(world.phuket.pk)
    assert "id_number" in entry.changes["fields"]


def test_an_executive_cannot_reveal(world, people):
    response = _client(world.executive).post(f"/entrepreneurs/{world.phuket.pk}/reveal/")
    assert response.status_code == 403
    assert not AuditEntry.objects.filter(action="personal.reveal").exists()


def test_the_api_masks_too_and_reveals_with_an_audit(world, people):
    body = _client(world.executive).get(f"/api/entrepreneurs/{world.phuket.pk}").json()
    assert body["personal_masked"] and body["id_number"] == "0-8355-xxxxx-xx-5" and body["phone"] == "xxx-xx3-456"
    assert body["people"][0]["birth_year"] is None and body["people"][0]["age_band"]
    revealed = _client(world.consultant).get(f"/api/entrepreneurs/{world.phuket.pk}", {"reveal": "true"}).json()
    assert revealed["id_number"] == PHUKET_ID and not revealed["personal_masked"]
    assert AuditEntry.objects.filter(action="personal.reveal", actor=world.consultant).count() == 1


def test_exports_are_masked_for_executives_and_audited(world):
    response = _client(world.executive).get("/imports/export/entrepreneurs.csv", {"province": "83"})
    text = response.content.decode("utf-8-sig")
    assert PHUKET_ID not in text and PHUKET_PHONE not in text
    entry = AuditEntry.objects.get(action="export", actor=world.executive)
    assert entry.changes["rows"] == 1 and entry.changes["filters"] == {"province": "83", "sort": "name"}
    assert entry.changes["masked"] is True and entry.changes["format"] == "csv"


def test_the_officer_export_is_in_full_and_audited(world):
    response = _client(world.officer).get("/imports/export/entrepreneurs.xlsx")
    assert response.status_code == 200
    entry = AuditEntry.objects.get(action="export", actor=world.officer)
    assert entry.changes["masked"] is False and entry.changes["format"] == "xlsx"


def test_programme_and_report_exports_are_audited(world):
    _client(world.officer).get("/programme/export/progress.xlsx")
    assert AuditEntry.objects.filter(action="export", actor=world.officer, model="programme.Enrolment").exists()


def test_consent_is_recorded_and_withdrawn_with_its_notice_version(world):
    privacy.consent_record(actor=world.officer, entrepreneur=world.phuket, purpose="contact", given=True)
    privacy.consent_record(actor=world.officer, entrepreneur=world.phuket, purpose="contact", given=False)
    current = privacy.consents_current(world.phuket)["contact"]
    assert current.given is False and current.notice_version == "2569-1" and current.recorded_by == world.officer
    assert Consent.objects.filter(entrepreneur=world.phuket).count() == 2, "history kept"
    assert AuditEntry.objects.filter(action="consent.withdraw").exists()
    page = _client(world.officer).get(f"/privacy/entrepreneurs/{world.phuket.pk}/").content.decode()
    assert "ถอนความยินยอมแล้ว" in page


def test_an_executive_cannot_record_consent(world):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        privacy.consent_record(actor=world.executive, entrepreneur=world.phuket, purpose="contact", given=True)


def test_the_data_subject_export_holds_everything_and_is_audited(world, people):
    response = _client(world.officer).get(f"/privacy/entrepreneurs/{world.phuket.pk}/data.json")
    document = json.loads(response.content)
    data = document["data"]
    assert data["registry.Entrepreneur"][0]["id_number"] == PHUKET_ID
    assert {"registry.Person", "registry.Product", "registry.MonthlySales"} <= set(data)
    assert len(data["registry.MonthlySales"]) == 21
    xlsx = _client(world.officer).get(f"/privacy/entrepreneurs/{world.phuket.pk}/data.xlsx")
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"
    assert AuditEntry.objects.filter(action="personal.subject_export", actor=world.officer).count() == 2


def test_the_owner_may_download_their_own_data_but_no_one_elses(world):
    owner = _client(world.owner)
    assert owner.get(f"/privacy/entrepreneurs/{world.chiangmai.pk}/data.json").status_code == 200
    assert owner.get(f"/privacy/entrepreneurs/{world.phuket.pk}/data.json").status_code == 404


def test_erasure_keeps_aggregates_and_the_audit_trail(world, people):
    sales = MonthlySales.objects.filter(entrepreneur=world.phuket).count()
    audit_before = AuditEntry.objects.count()
    privacy.subject_erase(actor=world.admin, entrepreneur=world.phuket, reason="คำขอเลขที่ 12/2569")
    world.phuket.refresh_from_db()
    assert world.phuket.id_number == "" and world.phuket.phone == "" and "ลบข้อมูล" in world.phuket.name_th
    assert not Person.objects.filter(entrepreneur=world.phuket).exclude(name_th="—").exists()
    assert Person.objects.get(entrepreneur=world.phuket).birth_year is None
    assert MonthlySales.objects.filter(entrepreneur=world.phuket).count() == sales
    assert world.phuket.products.count() == 1 and world.phuket.province_id == "83"
    assert AuditEntry.objects.count() == audit_before + 1


def test_only_an_administrator_erases(world):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        privacy.subject_erase(actor=world.officer, entrepreneur=world.phuket, reason="x")


def test_old_import_files_are_deleted_after_the_retention_period(world, settings, tmp_path):
    import datetime as dt

    from uplift.access import policy
    from uplift.imports import jobs
    from uplift.imports.models import ImportJob

    settings.MEDIA_ROOT = tmp_path
    job = jobs.job_create(actor=world.officer, filename="กลุ่ม.csv", data="ชื่อกลุ่ม,จังหวัด\nกลุ่มทดสอบ,ภูเก็ต\n".encode())
    ImportJob.objects.filter(pk=job.pk).update(created_at=dt.datetime(2020, 1, 1, tzinfo=dt.UTC))
    path = tmp_path / job.file.name
    assert path.exists()
    assert privacy.import_files_purge(actor=policy.system_actor(), days=90) == 1
    assert not path.exists() and ImportJob.objects.filter(pk=job.pk).exists()
