"""An import whose worker was lost is failed by the one job reaper at once, not after 30 minutes of silence."""

import pytest
from django.db import transaction

from uplift.imports.models import ImportJob
from uplift.imports.receivers import import_lost

pytestmark = pytest.mark.django_db


def test_an_import_whose_worker_died_is_failed_with_a_reason(world):
    job = ImportJob.objects.create(created_by=world.officer, filename="ผู้ประกอบการ.csv", file="imports/x.csv",
                                   status=ImportJob.Status.RUNNING)
    with transaction.atomic():
        import_lost(None, task_path="uplift.imports.tasks.run_import", args=[job.pk, world.officer.pk, False],
                    requeued=False, job_id="งาน-1")
    job.refresh_from_db()
    assert job.status == ImportJob.Status.FAILED and job.finished_at is not None
    assert job.error
    from uplift.audit.models import AuditEntry
    assert AuditEntry.objects.filter(action="import.lost", object_pk=str(job.pk)).exists()


def test_a_finished_import_is_left_alone(world):
    job = ImportJob.objects.create(created_by=world.officer, filename="ผู้ประกอบการ.csv", file="imports/x.csv",
                                   status=ImportJob.Status.DONE)
    with transaction.atomic():
        import_lost(None, task_path="uplift.imports.tasks.run_import", args=[job.pk, world.officer.pk, False],
                    requeued=False)
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE
