"""The production stack on PostgreSQL: two app servers (gunicorn) behind nginx and two workers on one database.

Runs once, in the PostgreSQL pass of CI: it starts real processes on 127.0.0.1, sends a short, bounded
smoke load through the proxy, kills a worker in the middle of a job and an app server under requests.
"""

import os
import re
import shutil
import subprocess
import time
import urllib.parse
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import psycopg
import pytest

from tests.ops.client import Browser
from uplift.ops.stack import PROJECT, Stack, http_status

POSTGRES = os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://"))
pytestmark = [pytest.mark.stack, pytest.mark.skipif(not POSTGRES, reason="the stack runs on PostgreSQL only")]

PASSWORD = "otop2563"
SECRET = "stack-test-" + "ทดสอบการทำงานหลายเครื่อง".encode().hex()


def _run(env: dict, *argv: str, timeout: float = 600) -> str:
    done = subprocess.run([str(PROJECT / ".venv" / "bin" / "uplift"), *argv], cwd=PROJECT, env={**os.environ, **env},
                          capture_output=True, text=True, timeout=timeout)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    return done.stdout


def _until(condition, timeout: float, message: str, every: float = 0.25):
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        assert time.monotonic() < deadline, message
        time.sleep(every)


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    assert shutil.which("nginx") or Path("/usr/sbin/nginx").exists(), "nginx missing: scripts/ensure-system.sh installs it"
    server = os.environ["DATABASE_URL"].rsplit("/", 1)[0]
    name = f"uplift_stack_{uuid.uuid4().hex[:8]}"
    url = f"{server}/{name}"
    with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    root = tmp_path_factory.mktemp("stack")
    env = {"DATABASE_URL": url, "DJANGO_SECRET_KEY": SECRET, "DJANGO_DEBUG": "0",
           "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost", "UPLIFT_VAR_DIR": str(root / "var"),
           "UPLIFT_WEB_WORKERS": "2", "UPLIFT_WORKER_HEARTBEAT": "0.5", "UPLIFT_WORKER_LEASE": "4",
           "UPLIFT_LOG_FORMAT": "json"}
    running = Stack(root / "run", env, app_servers=2, workers=2)
    try:
        statics = subprocess.Popen([str(PROJECT / ".venv" / "bin" / "uplift"), "collectstatic", "--noinput", "-v0"],
                                   cwd=PROJECT, env={**os.environ, **env})
        _run(env, "migrate", "--noinput", "-v0")
        _run(env, "load-reference")
        _run(env, "demo-data", "--entrepreneurs", "30", "--seed", "2563")
        assert statics.wait(timeout=600) == 0
        running.start(timeout=300)
        running.wait_ready(timeout=120)
        running.db = url
        yield running
    finally:
        running.stop()
        with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

def _rows(stack, sql: str, *params):
    with psycopg.connect(stack.db) as db:
        return db.execute(sql, params).fetchall()


def test_ready_with_two_workers_and_hashed_compressed_static(stack):
    browser = Browser(stack.url)
    ready = browser.request("/readyz")
    assert ready.status == 200 and b'"2 alive"' in ready.body
    login = browser.request("/login/")
    asset = re.search(rb'/static/[^"]+\.[0-9a-f]{12}\.(?:css|js)', login.body)
    assert asset, "templates link hashed static files"
    static = browser.request(asset.group(0).decode(), headers={"Accept-Encoding": "gzip"})
    assert static.status == 200
    assert static.headers.get("Content-Encoding") == "gzip"
    assert "immutable" in static.headers.get("Cache-Control", "")


def test_the_proxys_request_id_reaches_the_app_and_its_log(stack):
    reply = Browser(stack.url).request("/login/")
    request_id = reply.headers["X-Request-ID"]
    assert re.fullmatch(r"[0-9a-f]{32}", request_id)
    _until(lambda: request_id in (stack.root / "nginx" / "access.log").read_text(), 10, "nginx logs the same id")
    _until(lambda: any(request_id in stack.tail(f"app{i}", 200_000) for i in range(2)), 10, "the app logs the same id")


def test_smoke_load_through_the_proxy_on_both_app_servers(stack):
    officer = Browser(stack.url)
    assert officer.login("officer10", PASSWORD)
    consultant = Browser(stack.url)
    assert consultant.login("consultant", PASSWORD)
    search = "/entrepreneurs/?q=" + urllib.parse.quote("กลุ่ม")
    visits = [(officer, "/entrepreneurs/"), (officer, search), (officer, "/dashboards/"), (officer, "/programme/"),
              (consultant, "/entrepreneurs/"), (consultant, "/programme/"), (consultant, "/healthz")]

    def visit(i: int) -> int:
        who, path = visits[i % len(visits)]
        return who.request(path).status

    with ThreadPoolExecutor(max_workers=4) as pool:
        statuses = list(pool.map(visit, range(120)))
    assert statuses.count(200) == len(statuses), {s: statuses.count(s) for s in set(statuses)}
    log = (stack.root / "nginx" / "access.log").read_text()
    served = {f"127.0.0.1:{port}" for port in stack.app_ports if f'"upstream":"127.0.0.1:{port}"' in log}
    assert len(served) == 2, "both app servers answered, with the same sessions"


def test_jobs_spread_over_two_workers_each_runs_once(stack):
    tokens = [f"ชุด-{i}-{uuid.uuid4().hex[:6]}" for i in range(24)]
    env = {**stack.env}
    script = ("from uplift.ops.tasks import probe\n"
              f"for t in {tokens!r}:\n    probe.enqueue(t, 0.2)\n")
    _run(env, "shell", "-c", script)
    finished = lambda: _rows(stack, "SELECT count(*) FROM ops_probeevent WHERE kind='finish' AND token = ANY(%s)",
                             tokens)[0][0] == len(tokens)
    _until(finished, 90, "all probe jobs finish")
    rows = _rows(stack, "SELECT token, kind, count(*), count(DISTINCT worker_id) FROM ops_probeevent "
                        "WHERE token = ANY(%s) GROUP BY token, kind", tokens)
    assert all(count == 1 for _t, _k, count, _w in rows), "no job started or finished twice"
    workers = _rows(stack, "SELECT count(DISTINCT worker_id) FROM ops_probeevent WHERE token = ANY(%s)", tokens)[0][0]
    assert workers == 2


def test_a_worker_killed_mid_job_the_job_finishes_once(stack):
    token = f"ฆ่า-{uuid.uuid4().hex[:8]}"
    job_id = _run(stack.env, "ops-probe", "--token", token, "--seconds", "12").split()[1]
    started = _until(lambda: _rows(stack, "SELECT worker_id FROM ops_probeevent WHERE token=%s AND kind='start'", token),
                     60, "a worker starts the job")
    victim = next(name for name in ("worker0", "worker1") if started[0][0].startswith(f"{name}-"))
    stack.kill(victim)
    stack.procs[victim].wait(timeout=10)
    stack.start_worker(int(victim[-1]))
    _until(lambda: _rows(stack, "SELECT 1 FROM ops_probeevent WHERE token=%s AND kind='finish'", token), 90,
           "the job is handed to a live worker and finishes")
    time.sleep(1)
    events = _rows(stack, "SELECT kind, worker_id FROM ops_probeevent WHERE token=%s ORDER BY at", token)
    assert [kind for kind, _w in events] == ["start", "start", "finish"], (events, victim, stack.tail("worker0"),
                                                                          stack.tail("worker1"))
    assert events[0][1] != events[2][1]
    status, worker_ids = _rows(stack, "SELECT status, worker_ids FROM django_tasks_database_dbtaskresult WHERE id=%s",
                               job_id)[0]
    assert status == "SUCCESSFUL" and len(worker_ids) == 2
    assert not _rows(stack, "SELECT id FROM django_tasks_database_dbtaskresult WHERE status IN ('RUNNING', 'READY')")


def test_an_app_server_killed_the_proxy_keeps_answering_and_it_comes_back(stack):
    browser = Browser(stack.url)
    stack.kill("app0")
    stack.procs["app0"].wait(timeout=10)
    statuses = [browser.request("/healthz").status for _ in range(40)]
    assert set(statuses) == {200}, statuses
    stack.start_app(0)
    stack.wait_apps(timeout=300, which=range(1))
    assert http_status(f"http://127.0.0.1:{stack.app_ports[0]}/readyz") == 200


def _descendants(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            found += [int(p) for p in (task / "children").read_text().split()]
        except OSError:
            pass
    return found


def _cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return ""


def _selection(stack, run_id: int) -> tuple:
    objective, status, notes = _rows(stack, "SELECT objective, solver_status, error FROM screening_run WHERE id=%s", run_id)[0]
    assert objective is not None, (status, notes)
    rows = _rows(stack, "SELECT entrepreneur_id, assigned::text FROM screening_snapshotrow WHERE run_id=%s AND is_selected "
                        "ORDER BY entrepreneur_id", run_id)
    return round(objective, 6), rows


def test_a_solve_killed_with_its_worker_is_failed_by_the_reaper_and_reruns_to_the_same_result(stack):
    _run(stack.env, "demo-data", "--replace", "--entrepreneurs", "3000", "--seed", "2564", "--no-accounts")
    _run(stack.env, "demo-round")
    scenario = _rows(stack, "SELECT id FROM screening_scenario ORDER BY id LIMIT 1")[0][0]
    start = ("from django.contrib.auth import get_user_model\n"
             "from uplift.screening.runs import run_start\n"
             "from uplift.screening.execution import run_execute\n"
             "from uplift.screening.scenarios import scenario_update\n"
             "admin = get_user_model().objects.get(username='admin')\n"
             f"scenario_update(actor=admin, scenario_id={scenario}, data={{'min_selected': 0}})\n"
             f"run = run_start(actor=admin, scenario_id={scenario}, enqueue=%s)\n"
             "%s\n"
             "print('RUN', run.pk)\n")
    foreground = int(_run(stack.env, "shell", "-c", start % ("False", "run_execute(run_id=run.pk)")).split("RUN")[1])
    expected = _selection(stack, foreground)
    assert expected[1], "the demo round selects someone"

    for _attempt in range(3):  # the kill must land while the run is RUNNING; a run that finished first is tried again
        queued = int(_run(stack.env, "shell", "-c", start % ("True", "")).split("RUN")[1])
        task = _until(lambda: _rows(stack, "SELECT t.status, t.worker_ids FROM screening_run r "
                                           "JOIN django_tasks_database_dbtaskresult t ON t.id::text = r.task_id "
                                           "WHERE r.id=%s AND t.status <> 'READY'", queued), 60, "a worker takes the solve",
                      every=0.01)
        status, worker_ids = task[0]
        if status != "RUNNING":
            continue
        victim = next(name for name in ("worker0", "worker1") if worker_ids[-1].startswith(f"{name}-"))
        pid = stack.procs[victim].pid
        if Path(f"/proc/{pid}/comm").read_text().strip() == "bash":
            pid = _descendants(pid)[0]
        children = _descendants(pid)
        stack.kill(victim)
        stack.procs[victim].wait(timeout=10)
        if _rows(stack, "SELECT status FROM screening_run WHERE id=%s", queued)[0][0] != "done":
            break
        stack.start_worker(int(victim[-1]))
    else:
        pytest.fail("three runs finished before the worker could be killed")
    _until(lambda: not any(Path(f"/proc/{c}").exists() and "zombie" not in Path(f"/proc/{c}/status").read_text()
                           for c in children), 10, f"the worker's children {children} die with it")

    failed = _until(lambda: _rows(stack, "SELECT status, error FROM screening_run WHERE id=%s AND status='failed'", queued),
                    60, "the reaper marks the run failed within a minute")
    assert "Run the scenario again" in failed[0][1] or "อีกครั้ง" in failed[0][1]
    assert _rows(stack, "SELECT t.status FROM screening_run r JOIN django_tasks_database_dbtaskresult t "
                        "ON t.id::text = r.task_id WHERE r.id=%s", queued)[0][0] == "FAILED"

    stack.start_worker(int(victim[-1]))
    again = int(_run(stack.env, "shell", "-c", start % ("True", "")).split("RUN")[1])
    _until(lambda: _rows(stack, "SELECT 1 FROM screening_run WHERE id=%s AND status='done'", again), 120,
           "the re-run finishes")
    assert _selection(stack, again) == expected
