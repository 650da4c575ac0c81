"""The job's life: who may upload and run, the dry run before every import, the audit's actor, the reaper."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import timezone, translation

from tests.imports.files import EXPECTED_REPORT, HEADERS, registry_sheet, to_csv, to_xlsx
from tests.imports.runs import report, run
from uplift.audit.models import AuditEntry
from uplift.imports import jobs, selectors
from uplift.imports.models import ImportJob
from uplift.registry.models import Entrepreneur

pytestmark = pytest.mark.django_db


def test_cp874_csv_gives_the_exact_report_and_dry_run_writes_nothing(world):
    before = Entrepreneur.objects.count()
    job = run(world.admin, to_csv(registry_sheet(), "cp874"), dry_run=True)
    assert report(job) == EXPECTED_REPORT
    assert job.status == ImportJob.Status.CHECKED and job.check_token and job.checked_by == world.admin
    assert job.counts == {"rows": 8, "accepted": 4, "rejected": 4, "create": 4, "update": 0, "unchanged": 0,
                          "duplicates": 0, "under_review": 0}
    assert Entrepreneur.objects.count() == before


def test_only_administrators_and_officers_import(world):
    for user in (world.executive, world.consultant, world.owner):
        with pytest.raises(PermissionDenied):
            jobs.job_create(actor=user, filename="x.csv", data=to_csv(registry_sheet()))
    with pytest.raises(PermissionDenied):
        jobs.job_create(actor=None, filename="x.csv", data=to_csv(registry_sheet()))


def test_an_officer_cannot_run_another_officers_job(world):
    from tests.factories import PASSWORD
    from uplift.access.actions import user_create
    from uplift.access.models import Role

    other = user_create(actor=world.admin, username="officer10b", password=PASSWORD, role=Role.REGIONAL_OFFICER,
                        centres=[10])
    job = jobs.job_create(actor=world.officer, filename="ทะเบียน.csv", data=to_csv(registry_sheet()))
    with pytest.raises(Http404):
        jobs.job_run(actor=other, job=job, dry_run=True)
    with pytest.raises(Http404):
        selectors.job_get(other, job.pk)


def test_no_import_without_the_dry_run_its_actor_saw(world):
    job = jobs.job_create(actor=world.officer, filename="ทะเบียน.csv", data=to_csv(registry_sheet()))
    with pytest.raises(ValidationError, match=r"ตรวจสอบไฟล์ \(ทดลอง\) ก่อนนำเข้า"):
        jobs.job_run(actor=world.officer, job=job, dry_run=False)
    job = jobs.job_run(actor=world.officer, job=job, dry_run=True)
    with pytest.raises(ValidationError):
        jobs.job_run(actor=world.officer, job=job, dry_run=False, confirm="not-the-token")
    token = job.check_token
    jobs.mapping_set(actor=world.officer, job=job, mapping=job.mapping_dict())  # the mapping changed: check again
    with pytest.raises(ValidationError):
        jobs.job_run(actor=world.officer, job=job, dry_run=False, confirm=token)
    with pytest.raises(ValidationError):  # an administrator re-running it checks it with their own scope first
        jobs.job_run(actor=world.admin, job=jobs.job_run(actor=world.officer, job=job, dry_run=True), dry_run=False,
                     confirm=job.check_token)
    assert Entrepreneur.objects.filter(name_th="กลุ่มบาติกบ้านกะทู้").count() == 0


def test_an_administrator_rerunning_an_officers_job_is_credited_in_the_audit(world):
    job = run(world.officer, to_csv(registry_sheet()), dry_run=True)
    again = jobs.job_run(actor=world.admin, job=job, dry_run=True)
    done = jobs.job_run(actor=world.admin, job=again, dry_run=False, confirm=again.check_token)
    assert done.status == ImportJob.Status.DONE and done.created_by == world.officer
    entry = AuditEntry.objects.get(action="import", object_pk=str(job.pk))
    assert entry.actor == world.admin


def test_later_steps_read_the_rows_stored_at_upload_not_the_sheet(world):
    job = jobs.job_create(actor=world.admin, filename="registry.xlsx", data=to_xlsx(registry_sheet()))
    job.file.delete(save=True)  # a worker or the mapping page must not need to parse the sheet again
    again = ImportJob.objects.get(pk=job.pk)
    preview = selectors.job_preview(again)
    assert preview["headers"] == HEADERS and preview["rows_total"] == 8 and preview["header_row"] == 3
    assert preview["rows"][0][0] == 4 and preview["rows"][0][1][1] == "กลุ่มบาติกบ้านกะทู้"
    assert report(jobs.job_run(job=again, actor=world.admin, dry_run=True)) == EXPECTED_REPORT


def test_an_import_whose_process_died_is_marked_failed_not_left_running(world):
    dead = jobs.job_create(actor=world.admin, filename="registry.csv", data=to_csv(registry_sheet()))
    alive = jobs.job_create(actor=world.admin, filename="registry.csv", data=to_csv(registry_sheet()))
    ImportJob.objects.filter(pk__in=[dead.pk, alive.pk]).update(status=ImportJob.Status.RUNNING, phase="writing")
    ImportJob.objects.filter(pk=dead.pk).update(updated_at=timezone.now() - dt.timedelta(hours=1))
    with translation.override("th"):
        assert jobs.jobs_fail_stale(actor=world.admin) == 1
    dead.refresh_from_db()
    alive.refresh_from_db()
    assert (dead.status, dead.phase) == (ImportJob.Status.FAILED, "") and "ไม่มีข้อมูลใดถูกบันทึก" in dead.error
    assert alive.status == ImportJob.Status.RUNNING
    assert AuditEntry.objects.get(action="import.stale", object_pk=str(dead.pk)).actor == world.admin

    polled = jobs.job_create(actor=world.admin, filename="registry.csv", data=to_csv(registry_sheet()))
    ImportJob.objects.filter(pk=polled.pk).update(status=ImportJob.Status.RUNNING,
                                                  updated_at=timezone.now() - dt.timedelta(hours=1))
    assert jobs.job_fail_if_stale(actor=world.admin, job=ImportJob.objects.get(pk=alive.pk)).status == "running"
    assert jobs.job_fail_if_stale(actor=world.admin, job=ImportJob.objects.get(pk=polled.pk)).status == "failed"


def test_an_officer_reaps_only_their_own_jobs(world):
    theirs = jobs.job_create(actor=world.admin, filename="registry.csv", data=to_csv(registry_sheet()))
    ImportJob.objects.filter(pk=theirs.pk).update(status=ImportJob.Status.RUNNING,
                                                  updated_at=timezone.now() - dt.timedelta(hours=1))
    assert jobs.jobs_fail_stale(actor=world.officer) == 0
    assert ImportJob.objects.get(pk=theirs.pk).status == ImportJob.Status.RUNNING
