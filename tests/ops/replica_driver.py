"""Run by tests/ops/test_replica.py in its own process, with DATABASE_URL on a private primary and
DATABASE_REPLICA_URL on its streaming replica. Drives the app with Django's test client and prints, as JSON,
which database answered each dashboard read and what it showed."""

import json
import os
import sys
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "uplift.settings")

import django  # noqa: E402

django.setup()

import psycopg  # noqa: E402
from django.db import connections  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from uplift.geo.models import Subdistrict  # noqa: E402

PRIMARY, REPLICA = os.environ["DATABASE_URL"], os.environ["DATABASE_REPLICA_URL"]
PASSWORD = "otop2563"


def on(url: str, sql: str, *params):
    with psycopg.connect(url, autocommit=True) as db:
        return db.execute(sql, params).fetchone()[0]


def wait_until_replayed(timeout: float = 30) -> None:
    target = on(PRIMARY, "SELECT pg_current_wal_lsn()::text")
    deadline = time.monotonic() + timeout
    while not on(REPLICA, "SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn", target):
        if time.monotonic() > deadline:
            raise SystemExit("the replica did not catch up")
        time.sleep(0.1)


def login(username: str) -> Client:
    client = Client()
    response = client.post("/login/", {"username": username, "password": PASSWORD})
    assert response.status_code == 302, (username, response.status_code)
    return client


def figures(client: Client, *, replica_up: bool = True) -> dict:
    """The dashboard's figures, and whether the entrepreneur table was read on the primary or the replica."""
    with CaptureQueriesContext(connections["default"]) as primary:
        if replica_up:
            with CaptureQueriesContext(connections["replica"]) as replica:
                response = client.get("/api/dashboards/figures")
            replica_sql = [q["sql"] for q in replica.captured_queries]
        else:
            response = client.get("/api/dashboards/figures")
            replica_sql = []
    assert response.status_code == 200, response.content[:500]
    read = lambda sqls: any("registry_entrepreneur" in sql for sql in sqls)  # noqa: E731
    return {"screened": response.json()["stages"]["screened"], "primary": read([q["sql"] for q in primary]),
            "replica": read(replica_sql), "cookie": "uplift_wrote" in client.cookies}


def main() -> None:
    steps = {}
    reader = login("admin")
    wait_until_replayed()
    steps["caught_up"] = figures(reader)

    on(REPLICA, "SELECT pg_wal_replay_pause()")
    writer = login("admin")
    subdistrict = Subdistrict.objects.filter(province__centre__number=10).order_by("code").first()
    created = writer.post("/api/entrepreneurs", {"kind": "community_group", "name_th": "วิสาหกิจชุมชนทดสอบสำเนาฐานข้อมูล",
                                                 "subdistrict": subdistrict.code}, content_type="application/json")
    assert created.status_code == 201, created.content[:500]
    steps["writer_while_replica_paused"] = figures(writer)
    steps["other_reader_while_replica_paused"] = figures(reader)

    on(REPLICA, "SELECT pg_wal_replay_resume()")
    wait_until_replayed()
    steps["writer_after_replay"] = figures(writer)
    print(json.dumps(steps, ensure_ascii=False))
    sys.stdout.flush()

    sys.stdin.readline()
    connections["replica"].close()
    steps = {"replica_down": figures(reader, replica_up=False)}
    print(json.dumps(steps, ensure_ascii=False))


if __name__ == "__main__":
    main()
