"""Reads of dashboards from a real streaming replica (a second PostgreSQL cluster made with pg_basebackup),
with the writer reading their own writes, and the primary answering when the replica is gone."""

import json
import os
import subprocess

import pytest

from tests.ops.pgpair import Pair, url
from uplift.ops.stack import PROJECT

POSTGRES = os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://"))
pytestmark = [pytest.mark.stack, pytest.mark.skipif(not POSTGRES, reason="replication is PostgreSQL's")]


@pytest.fixture(scope="module")
def pair(tmp_path_factory):
    pair = Pair()
    try:
        pair.start_primary()
        env = {**os.environ, "DATABASE_URL": url(pair.primary_port, "postgres"), "DJANGO_SECRET_KEY": "replica-" + "ทดสอบ".encode().hex(),
               "DJANGO_DEBUG": "0", "DJANGO_ALLOWED_HOSTS": "testserver", "UPLIFT_VAR_DIR": str(tmp_path_factory.mktemp("var"))}
        env.pop("DATABASE_REPLICA_URL", None)
        for argv in (["migrate", "--noinput", "-v0"], ["load-reference"], ["demo-data", "--entrepreneurs", "30", "--seed", "2563"]):
            done = subprocess.run([str(PROJECT / ".venv" / "bin" / "uplift"), *argv], cwd=PROJECT, env=env,
                                  capture_output=True, text=True, timeout=900)
            assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
        pair.start_replica()
        pair.env = {**env, "DATABASE_REPLICA_URL": url(pair.replica_port, "postgres")}
        yield pair
    finally:
        pair.stop()


@pytest.fixture(scope="module")
def observed(pair):
    driver = subprocess.Popen([str(PROJECT / ".venv" / "bin" / "python"), "-m", "tests.ops.replica_driver"], cwd=PROJECT,
                              env=pair.env, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        first = driver.stdout.readline()
        assert first, driver.stderr.read()[-3000:]
        pair.stop_replica()
        driver.stdin.write("\n")
        driver.stdin.flush()
        second = driver.stdout.readline()
        assert second, driver.stderr.read()[-3000:]
        assert driver.wait(timeout=60) == 0
    finally:
        driver.kill()
    return {**json.loads(first), **json.loads(second)}


def test_a_caught_up_replica_answers_the_dashboard(observed):
    step = observed["caught_up"]
    assert step["replica"] and not step["primary"]
    assert step["screened"] > 0


def test_the_writer_reads_their_own_write_from_the_primary_while_the_replica_lags(observed):
    before = observed["caught_up"]["screened"]
    writer = observed["writer_while_replica_paused"]
    assert writer["cookie"] and writer["primary"] and not writer["replica"]
    assert writer["screened"] == before + 1


def test_another_reader_sees_the_replica_as_it_is_a_real_lagging_copy(observed):
    other = observed["other_reader_while_replica_paused"]
    assert other["replica"] and not other["primary"]
    assert other["screened"] == observed["caught_up"]["screened"]


def test_once_replayed_the_writer_reads_from_the_replica_again(observed):
    step = observed["writer_after_replay"]
    assert step["replica"] and not step["primary"]
    assert step["screened"] == observed["caught_up"]["screened"] + 1


def test_with_the_replica_down_the_primary_answers(observed):
    step = observed["replica_down"]
    assert step["primary"] and step["screened"] == observed["caught_up"]["screened"] + 1
