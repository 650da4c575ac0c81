import io

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from uplift.programme.models import Attendance

pytestmark = pytest.mark.django_db


def run(*args) -> str:
    out = io.StringIO()
    call_command("programme", *args, stdout=out)
    return out.getvalue()


def test_cli_needs_a_named_actor(world, programme, monkeypatch):
    monkeypatch.delenv("UPLIFT_CLI_USER", raising=False)
    with pytest.raises(CommandError, match="--user"):
        run("sessions")


def test_cli_writes_are_audited_as_the_named_user(world, programme):
    from uplift.audit.models import AuditEntry

    run("--user", "officer10", "enrolment", str(programme.phuket1.pk), "withdraw", "--reason", "ย้าย")
    assert AuditEntry.objects.get(action="withdraw", object_pk=str(programme.phuket1.pk)).actor == world.officer


def test_cli_round_trip(world, programme, programme_clock, tmp_path):
    out = run("--user", "officer10", "schedule", "--cohort", str(programme.cohort_phuket.pk), "--kind", "workshop",
              "--topic", "บรรจุภัณฑ์", "--start", "2026-12-03T09:00", "--end", "2026-12-03T12:00",
              "--subdistrict", "830202", "--staff", "consultant", "--weeks", "2")
    assert out.startswith("2 session(s)")
    session = int(out.split(": ")[1].split(",")[0])
    with pytest.raises(CommandError, match="staff"):
        run("--user", "officer10", "schedule", "--cohort", str(programme.cohort_phuket.pk), "--kind", "workshop",
            "--topic", "ซ้อน", "--start", "2026-12-10T10:00", "--end", "2026-12-10T11:00", "--subdistrict", "830202",
            "--staff", "consultant")
    assert "1 recorded" in run("--user", "consultant", "attendance", str(session), f"{programme.phuket1.pk}:late:2")
    assert Attendance.objects.get().hours == 2
    with pytest.raises(CommandError):
        run("--user", "consultant", "attendance", str(session), f"{programme.cm1.pk}:present")
    assert "withdrawn" in run("--user", "admin", "enrolment", str(programme.cm1.pk), "withdraw", "--reason", "ย้าย", "--on", "2026-12-20")
    with pytest.raises(CommandError, match="action"):
        run("--user", "admin", "enrolment", str(programme.cm1.pk), "start")
    assert "steps done 0/6" in run("--user", "admin", "plan", str(programme.round.pk), "--create")
    assert "within your scope" in run("--user", "officer10", "plan", str(programme.round.pk))
    with pytest.raises(CommandError):
        run("--user", "officer10", "promote", str(programme.ra1.pk))
    assert run("--user", "admin", "promote", str(programme.ra1.pk)).startswith("0 offered")
    run("--user", "consultant", "export-progress", str(tmp_path / "p.xlsx"))
    rows = list(load_workbook(tmp_path / "p.xlsx").active.iter_rows(values_only=True))
    assert len(rows) == 2
    run("--user", "consultant", "export-attendance", str(tmp_path / "a.xlsx"), "--session", str(session))
    assert len(list(load_workbook(tmp_path / "a.xlsx").active.iter_rows(values_only=True))) == 2
    # milestones fall due from 23 Dec 2026: none overdue yet, none of another consultant's ever
    assert "กลุ่มทอผ้าไหมบ้านสันกำแพง" not in run("--user", "consultant", "overdue")
    assert str(session) in run("--user", "consultant", "sessions")
