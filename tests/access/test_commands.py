"""Every management command of the project that writes says who is acting: it takes ``--user`` (checked by
the policy, audited), or it is named here with the reason it writes no application data."""

import pytest
from django.core.management import get_commands, load_command_class

WITHOUT_ACTOR = {
    "evaluate": "estimates from a CSV file, prints them",
    "export_price": "price build-up from a CSV or arguments, prints it",
    "pitch_scores": "judge statistics from a CSV file, prints them",
    "db_worker": "runs queued tasks; each task's action names its own actor",
    "ops_probe": "reads the service's health",
    "backup": "pg_dump of the database to a file",
    "carbon footprint": "a footprint from an inventory CSV, printed",
    "identity its": "an interrupted time series from a CSV, printed",
    "identity label-check": "a label checklist from a file, printed",
    "lean oee": "OEE from a production log CSV, printed",
    "standards match": "the standards a product description matches, printed",
    "standards catalogue": "the standards catalogue, printed",
    "jobs_recover": "settles the task queue's own rows (worker heartbeats, task states); each task runs as its actor",
    "restore": "replaces the whole database from a backup: an operator's act below the application",
}


def _project_commands() -> dict[str, str]:
    return {name: app for name, app in get_commands().items() if app.startswith("uplift")}


def _without_user(name: str, app: str) -> list[str]:
    """The command (or its subcommands, as "name sub") that take no ``--user``."""
    parser = load_command_class(app, name).create_parser("uplift", name)
    if "actor_username" in {a.dest for a in parser._actions}:
        return []
    sub = [a for a in parser._actions if a.__class__.__name__ == "_SubParsersAction"]
    if not sub:
        return [name]
    return [f"{name} {key}" for key, p in sub[0].choices.items()
            if "actor_username" not in {a.dest for a in p._actions}]


def test_every_writing_command_takes_an_actor():
    missing = sorted(entry for name, app in _project_commands().items() for entry in _without_user(name, app)
                     if entry not in WITHOUT_ACTOR)
    assert missing == []


@pytest.mark.django_db
def test_a_command_refuses_to_run_without_a_known_actor(monkeypatch):
    from django.core.management import call_command
    from django.core.management.base import CommandError

    monkeypatch.delenv("UPLIFT_CLI_USER", raising=False)
    with pytest.raises(CommandError, match="No active user"):
        call_command("load_reference", "--user", "ไม่มีผู้ใช้นี้")
