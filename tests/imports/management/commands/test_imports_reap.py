"""`uplift imports-reap`: as a named actor, audited."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from tests.imports.files import registry_sheet, to_csv
from uplift.audit.models import AuditEntry
from uplift.imports import jobs
from uplift.imports.models import ImportJob

pytestmark = pytest.mark.django_db


def test_reaps_as_the_system_account_and_refuses_nobody(world, capsys, monkeypatch):
    dead = jobs.job_create(actor=world.officer, filename="registry.csv", data=to_csv(registry_sheet()))
    ImportJob.objects.filter(pk=dead.pk).update(status=ImportJob.Status.RUNNING,
                                                updated_at=timezone.now() - dt.timedelta(hours=1))
    monkeypatch.delenv("UPLIFT_CLI_USER", raising=False)
    with pytest.raises(CommandError):
        call_command("imports_reap")
    call_command("imports_reap", "--user", "system")
    assert "1 stopped import(s) marked failed" in capsys.readouterr().out
    assert AuditEntry.objects.get(action="import.stale").actor.username == "system"
