"""An import process killed with SIGKILL while writing leaves the database exactly as it was.

The CLI runs in a subprocess against its own database, a copy of the test database (a SQLite
file made with the backup API, or a PostgreSQL database created from the test database as
template); UPLIFT_IMPORT_TEST_PAUSE slows the writing so the test can kill it after some
batches went into the (uncommitted) transaction.
"""

import os
import re
import signal
import sqlite3
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

import pytest
from django.db import connection

from tests.imports.files import HEADERS, PATONG, juristic_id, to_csv

ROOT = Path(__file__).resolve().parents[2]
UPLIFT = str(Path(sys.executable).with_name("uplift"))
ROWS = 4100  # batches of 2000: two written, the third still to come when the process is killed


def _sheet() -> bytes:
    rows = [HEADERS] + [[str(i), f"กลุ่มทดสอบที่ {i}", juristic_id(f"0835{i:08d}"), "15/03/2563", "10", PATONG, "", "ผู้ผลิตรายเดียว"]
                        for i in range(ROWS)]
    return to_csv(rows, "utf-8")


@pytest.fixture
def database_url(transactional_db, areas, tmp_path):
    """A migrated database with the reference data, that a subprocess can open."""
    if connection.vendor == "postgresql":
        import psycopg

        params = connection.settings_dict
        name = f"uplift_kill_{uuid.uuid4().hex[:8]}"
        admin_url = f"postgresql://{params['USER']}@{params['HOST'] or '127.0.0.1'}:{params['PORT'] or 5432}"
        connection.close()  # a template database must have no other sessions
        with psycopg.connect(f"{admin_url}/postgres", autocommit=True) as c:
            # idle connections left by earlier live-server threads of this test run would block the copy
            c.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s AND state = 'idle'"
                      " AND pid <> pg_backend_pid()", [params["NAME"]])
            try:
                c.execute(f'CREATE DATABASE "{name}" TEMPLATE "{params["NAME"]}"')
            except psycopg.errors.ObjectInUse:
                c.execute(f'CREATE DATABASE "{name}"')
                env = {**os.environ, "DATABASE_URL": f"{admin_url}/{name}", "UPLIFT_VAR_DIR": str(tmp_path)}
                for command in (["migrate", "-v0"], ["load-reference"]):
                    subprocess.run([UPLIFT, *command], env=env, cwd=ROOT, check=True, capture_output=True)
        yield f"{admin_url}/{name}", lambda sql: _pg_scalar(f"{admin_url}/{name}", sql)
        with psycopg.connect(f"{admin_url}/postgres", autocommit=True) as c:
            c.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    else:
        path = tmp_path / "kill.sqlite3"
        connection.ensure_connection()
        with sqlite3.connect(path) as copy:
            connection.connection.backup(copy)
        yield f"sqlite:///{path}", lambda sql: _sqlite_scalar(path, sql)


def _pg_scalar(url, sql):
    import psycopg

    with psycopg.connect(url) as c:
        return c.execute(sql).fetchone()[0]


def _sqlite_scalar(path, sql):
    with sqlite3.connect(path, timeout=30) as c:
        return c.execute(sql).fetchone()[0]


def test_sigkill_mid_import_leaves_row_counts_as_before(database_url, tmp_path):
    url, scalar = database_url
    env = {**os.environ, "DATABASE_URL": url, "UPLIFT_VAR_DIR": str(tmp_path), "DJANGO_SETTINGS_MODULE": "uplift.settings",
           "UPLIFT_IMPORT_TEST_PAUSE": "0.5"}
    path = tmp_path / "big.csv"
    path.write_bytes(_sheet())
    counts = "SELECT (SELECT COUNT(*) FROM registry_entrepreneur) * 1000000 + (SELECT COUNT(*) FROM audit_auditentry WHERE action <> 'import.upload')"
    before = scalar(counts)

    process = subprocess.Popen([UPLIFT, "import", str(path), "--mapping", "auto", "--user", "system"], env=env, cwd=ROOT,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    seen = bytearray()
    reader = threading.Thread(target=lambda: [seen.extend(chunk) for chunk in iter(lambda: process.stderr.read1(256), b"")],
                              daemon=True)
    reader.start()
    deadline = time.monotonic() + 60
    written = 0
    while time.monotonic() < deadline and process.poll() is None:
        found = re.findall(rb"writing\s+\[[#.]+\]\s+([\d,]+)/", bytes(seen))
        written = int(found[-1].replace(b",", b"")) if found else 0
        if written >= 2000:  # at least one batch is in the transaction, more are to come
            break
        time.sleep(0.05)
    assert process.poll() is None, f"the import ended before it could be killed: {bytes(seen)[-500:]!r}"
    assert 0 < written < ROWS
    os.kill(process.pid, signal.SIGKILL)
    process.wait(timeout=10)
    assert process.returncode == -signal.SIGKILL
    assert scalar(counts) == before
    assert scalar("SELECT COUNT(*) FROM registry_entrepreneur") == 0
