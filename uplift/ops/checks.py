"""Readiness: the database answers, every migration is applied, a worker's heartbeat is recent."""

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor

from uplift.ops.jobs import workers_alive

_migrated: set[str] = set()


def database(alias: str = DEFAULT_DB_ALIAS) -> tuple[bool, str]:
    try:
        with connections[alias].cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as error:  # any failure to reach the database is "not ready", with its reason
        return False, type(error).__name__
    return True, "ok"


def migrations(alias: str = DEFAULT_DB_ALIAS) -> tuple[bool, str]:
    """Remembered once true: a server that saw the schema complete keeps it until restarted by the next deploy."""
    if alias in _migrated:
        return True, "ok"
    try:
        executor = MigrationExecutor(connections[alias])
        pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
    except Exception as error:  # an unreachable database is reported by database()
        return False, type(error).__name__
    if pending:
        return False, f"{len(pending)} pending"
    _migrated.add(alias)
    return True, "ok"


def workers() -> tuple[bool, str]:
    if not settings.UPLIFT_READY_NEEDS_WORKER:
        return True, "not required"
    try:
        alive = workers_alive().count()
    except Exception as error:  # as above
        return False, type(error).__name__
    return (alive > 0), f"{alive} alive"


def replica() -> tuple[bool, str]:
    """Informational: a replica that is down or behind never makes the app unready (the primary answers)."""
    try:
        with connections["replica"].cursor() as cursor:
            cursor.execute("SELECT coalesce(extract(epoch FROM now() - pg_last_xact_replay_timestamp()), 0)")
            lag = float(cursor.fetchone()[0])
    except Exception as error:  # an unreachable replica is reported, not fatal
        return True, f"unreachable ({type(error).__name__}): the primary answers"
    return True, f"replaying, last transaction {lag:.1f} s ago"


def readiness() -> dict[str, tuple[bool, str]]:
    result = {"database": database()}
    if result["database"][0]:
        result["migrations"] = migrations()
        result["workers"] = workers()
    if "replica" in settings.DATABASES:
        result["replica"] = replica()
    return result
