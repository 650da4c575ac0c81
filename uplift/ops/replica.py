"""Reads of reports and dashboards from a PostgreSQL streaming replica, when one is configured.

``DATABASE_REPLICA_URL`` adds the ``replica`` alias. Only code run inside ``replica_reads(request)`` (or a
view decorated with ``@reads_from_replica``) has its reads routed there; every write, and every read
elsewhere, goes to the primary. Inside, the primary still answers when:

- the request may write (not GET/HEAD/OPTIONS);
- the browser wrote recently and the replica has not replayed that write yet. After each request that
  may write, ``ReplicaWritesMiddleware`` stores the primary's WAL position in a signed cookie; a routed
  request first asks the replica whether it has replayed that far — the writer reads their own writes;
- the replica cannot be reached.

Other readers may see the replica's few seconds of lag: reports and dashboards tolerate it.
"""

from __future__ import annotations

import contextlib
import contextvars
import functools
import logging

from django.conf import settings
from django.core import signing
from django.db import DatabaseError, connections

from uplift.ops import metrics

REPLICA = "replica"
COOKIE = "uplift_wrote"
_SALT = "uplift.ops.replica"
_SAFE = ("GET", "HEAD", "OPTIONS")

_reads_to: contextvars.ContextVar[str | None] = contextvars.ContextVar("uplift_reads_to", default=None)
log = logging.getLogger("uplift.replica")


def configured() -> bool:
    return REPLICA in settings.DATABASES


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        return _reads_to.get()

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db != REPLICA


def written_at(request) -> str | None:
    try:
        return request.get_signed_cookie(COOKIE, default=None, salt=_SALT)
    except signing.BadSignature:
        return None


def _replica_caught_up(lsn: str | None) -> bool:
    try:
        with connections[REPLICA].cursor() as cursor:
            if lsn is None:
                cursor.execute("SELECT true")
            else:
                cursor.execute("SELECT coalesce(pg_last_wal_replay_lsn() >= %s::pg_lsn, true)", [lsn])
            return bool(cursor.fetchone()[0])
    except DatabaseError as error:
        log.warning("replica unavailable, reading from the primary: %s", error.__class__.__name__)
        connections[REPLICA].close()
        return False


def choose(request) -> str | None:
    """The alias this request's reads go to: the replica, or None for the primary."""
    if not configured() or request.method not in _SAFE:
        return None
    return REPLICA if _replica_caught_up(written_at(request)) else None


@contextlib.contextmanager
def replica_reads(request):
    alias = choose(request)
    if configured():
        metrics.REPLICA_READS.labels(database=alias or "default").inc()
    token = _reads_to.set(alias)
    try:
        yield alias or "default"
    finally:
        _reads_to.reset(token)


def reads_from_replica(view):
    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        with replica_reads(request):
            return view(request, *args, **kwargs)
    return wrapped


class ReplicaWritesMiddleware:
    """Remembers, in a signed cookie, how far the primary had written when this browser last wrote."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if configured() and request.method not in _SAFE:
            try:
                with connections["default"].cursor() as cursor:
                    cursor.execute("SELECT pg_current_wal_lsn()::text")
                    lsn = cursor.fetchone()[0]
            except DatabaseError:
                return response
            response.set_signed_cookie(COOKIE, lsn, salt=_SALT, max_age=settings.UPLIFT_REPLICA_READ_YOUR_WRITES,
                                       httponly=True, samesite="Lax", secure=request.is_secure())
        return response
