"""The screening commands act as a named, checked and audited user, like the web pages."""

import pytest
from django.core.management import CommandError, call_command

from uplift.audit.models import AuditEntry
from uplift.screening.models import Run
from uplift.screening.scenarios import scenario_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def scenario(world, programme_round):
    return scenario_create(actor=world.admin, round_id=programme_round.pk, data={"name": "บรรทัดคำสั่ง"})


def test_assign_refuses_without_a_user(scenario, monkeypatch):
    monkeypatch.delenv("UPLIFT_CLI_USER", raising=False)
    with pytest.raises(CommandError, match="--user"):
        call_command("assign", "--round", str(scenario.round_id), "--scenario", str(scenario.pk), "--in-process")
    assert not Run.objects.exists()


def test_assign_refuses_a_user_the_policy_refuses(world, scenario):
    with pytest.raises(CommandError):
        call_command("assign", "--round", str(scenario.round_id), "--scenario", str(scenario.pk), "--in-process",
                     "--user", world.officer.username)
    assert not Run.objects.exists()


def test_assign_with_a_user_runs_through_run_start_and_is_audited(world, scenario, capsys):
    call_command("assign", "--round", str(scenario.round_id), "--scenario", scenario.name, "--in-process",
                 "--user", "admin")
    run = Run.objects.get()
    assert run.status == Run.Status.DONE and run.created_by == world.admin
    entry = AuditEntry.objects.get(action="run", model="screening.Scenario", object_pk=str(scenario.pk))
    assert entry.actor == world.admin and entry.changes == {"run": run.pk}
    out = capsys.readouterr().out
    assert f"run {run.pk}: done" in out and "solver optimal" in out


def test_demo_round_runs_as_the_named_user_or_the_system_account(world, areas, capsys):
    from uplift.access import policy
    from uplift.programme.models import Round

    call_command("demo_round", "--user", "admin")
    round_ = Round.objects.get()
    assert AuditEntry.objects.get(action="create", model="programme.Round").actor == world.admin
    round_.delete()
    call_command("demo_round")
    system = policy.system_actor()
    assert AuditEntry.objects.filter(action="create", model="programme.Round", actor=system).count() == 1
