"""The production stack under a 60-second mixed load, and under faults during that load. Loopback only.

    .venv/bin/pip install -e ".[bench]"
    .venv/bin/python benchmarks/pgcluster.py start            # a private PostgreSQL on 127.0.0.1:5440
    DATABASE_URL=postgresql://postgres@127.0.0.1:5440/uplift_load .venv/bin/python benchmarks/national_demo_data.py \
        --database-url postgresql://postgres@127.0.0.1:5440/uplift_load
    DATABASE_URL=postgresql://postgres@127.0.0.1:5440/uplift_load .venv/bin/uplift demo-round --solve
    DATABASE_URL=postgresql://postgres@127.0.0.1:5440/uplift_load .venv/bin/uplift demo-outcomes --user system
    .venv/bin/python benchmarks/load_stack.py [--users 20] [--seconds 60] [--faults]

Starts two app servers (gunicorn), nginx and two workers on the database, runs locust (benchmarks/
locustfile.py) for --seconds with --users officers and consultants who never pause (capacity), then the same users against a bare
Django view (/healthz) for the ratio. Throughput and latency are the steady state's, after the last user
has logged in and discovered its records (each login is a deliberate second of PBKDF2); the whole run's
rate is printed beside it. With --faults, during the load it kills -9 one app server (restarted
5 s later, as systemd would), kills -9 a worker in the middle of a probe job (restarted), and restarts
PostgreSQL; then it checks that every acknowledged write is in the database, that no job ran twice and
none is stuck, and that failed requests were 503s (or connection resets) inside the outage windows.
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

import psycopg

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from pgcluster import DEFAULT_DIR, pg_ctl  # noqa: E402
from uplift.ops.stack import PROJECT, Stack  # noqa: E402

LOCUST = PROJECT / ".venv" / "bin" / "locust"
UPLIFT = PROJECT / ".venv" / "bin" / "uplift"


def percentile(values: list[float], p: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def run_locust(stack: Stack, users: int, seconds: int, classes: list[str], out: Path) -> dict:
    acks, trace = out / "acks.json", out / "trace.json"
    env = {**os.environ, "UPLIFT_LOAD_ACKS": str(acks), "UPLIFT_LOAD_TRACE": str(trace), "UPLIFT_LOAD_THINK": "0"}
    argv = [str(LOCUST), "-f", str(PROJECT / "benchmarks" / "locustfile.py"), "--headless", "-u", str(users),
            "-r", str(max(1, users // 2)), "-t", f"{seconds}s", "--host", stack.url, "--stop-timeout", "10",
            "--only-summary", "--loglevel", "WARNING", *classes]
    with open(out / "locust.log", "wb") as log:
        subprocess.run(argv, cwd=PROJECT, env=env, stdout=log, stderr=subprocess.STDOUT, timeout=seconds + 180)
    rows = json.loads(trace.read_text()) if trace.exists() else []
    warm = [r for r in rows if "discover" in r[1] or r[1].startswith("login")]
    measured = [r for r in rows if r not in warm]
    # Steady state: after the last user has logged in (a login is a deliberate second of PBKDF2) and looked around.
    warm_until = max((r[0] for r in warm), default=min((r[0] for r in rows), default=0))
    steady = [r for r in measured if r[0] >= warm_until]
    ok = [r for r in measured if 200 <= r[2] < 400]
    span = max((r[0] for r in measured), default=0) - min((r[0] for r in measured), default=0) or seconds
    steady_ok = [r for r in steady if 200 <= r[2] < 400]
    steady_span = max((r[0] for r in steady), default=0) - warm_until or seconds
    latencies = [r[3] for r in steady_ok]
    return {"requests": len(measured), "rps_whole_run": round(len(ok) / span, 1),
            "warm_up_s": round(warm_until - min((r[0] for r in rows), default=0), 1),
            "steady_requests": len(steady), "rps": round(len(steady_ok) / steady_span, 1),
            "errors": len(measured) - len(ok),
            "p50_ms": percentile(latencies, 50), "p95_ms": percentile(latencies, 95), "p99_ms": percentile(latencies, 99),
            "by_status": _count(r[2] for r in measured), "by_name": _by_name(steady_ok), "trace": rows,
            "acks": json.loads(acks.read_text()) if acks.exists() else []}


def _by_name(rows: list) -> dict:
    names: dict = {}
    for r in rows:
        names.setdefault(r[1], []).append(r[3])
    return {n: {"n": len(v), "p50_ms": percentile(v, 50), "p95_ms": percentile(v, 95)} for n, v in sorted(names.items())}


def _count(values) -> dict:
    counts: dict = {}
    for v in values:
        counts[str(v)] = counts.get(str(v), 0) + 1
    return counts


def lost_writes(db: str, acks: list[dict]) -> dict:
    observations = {a["id"] for a in acks if a["kind"] == "observation"}
    attendance = {(a["session"], a["enrolment"]) for a in acks if a["kind"] == "attendance"}
    with psycopg.connect(db) as conn:
        found = {r[0] for r in conn.execute("SELECT id FROM outcomes_observation WHERE id = ANY(%s)", [list(observations)])}
        present = {(s, e) for s, e in conn.execute("SELECT session_id, enrolment_id FROM programme_attendance "
                                                   "WHERE session_id = ANY(%s)", [list({s for s, _ in attendance})])}
    return {"acked_observations": len(observations), "lost_observations": len(observations - found),
            "acked_attendance": len(attendance), "lost_attendance": len(attendance - present)}


class Faults(threading.Thread):
    """The fault schedule, relative to the load's start; records each outage window."""

    def __init__(self, stack: Stack, db: str, seconds: int, data_dir: Path):
        super().__init__(daemon=True)
        self.stack, self.db, self.seconds, self.data_dir = stack, db, seconds, data_dir
        self.windows: list[tuple[str, float, float]] = []
        self.tokens: list[str] = []
        self.started = time.time()

    def _mark(self, name: str, begin: float) -> None:
        self.windows.append((name, round(begin - self.started, 2), round(time.time() - self.started, 2)))

    def enqueue_probe(self) -> None:
        """Queued before the load, long enough to be mid-way when its worker is killed."""
        token = f"fault-{uuid.uuid4().hex[:8]}"
        self.tokens.append(token)
        subprocess.run([str(UPLIFT), "ops-probe", "--token", token, "--seconds", str(int(self.seconds * 0.5))],
                       cwd=PROJECT, env={**os.environ, **self.stack.env}, check=True, capture_output=True, timeout=300)

    def run(self) -> None:
        at = lambda s: time.sleep(max(0.0, self.started + s - time.time()))  # noqa: E731
        at(self.seconds * 0.15)
        begin = time.time()
        self.stack.kill("app0")
        self.stack.procs["app0"].wait(timeout=30)
        time.sleep(5)
        self.stack.start_app(0)
        self.stack.wait_apps(timeout=300, which=range(1))
        self._mark("app server 0 killed -9, restarted after 5 s", begin)

        at(self.seconds * 0.35)
        begin = time.time()
        victim = self._wait_start(self.tokens[0])
        if victim:
            self.stack.kill(victim)
            self.stack.procs[victim].wait(timeout=30)
            self.stack.start_worker(int(victim[-1]))
        self._mark(f"{victim or 'no worker'} killed -9 mid-job, restarted", begin)

        at(self.seconds * 0.55)
        begin = time.time()
        pg_ctl("restart", self.data_dir, int(self.db.split(":")[-1].split("/")[0]))
        self._mark("PostgreSQL restarted (fast)", begin)

    def _wait_start(self, token: str) -> str:
        deadline = time.time() + 60
        while time.time() < deadline:
            with psycopg.connect(self.db) as conn:
                row = conn.execute("SELECT worker_id FROM ops_probeevent WHERE token=%s AND kind='start'", [token]).fetchone()
            if row:
                return next((n for n in ("worker0", "worker1") if row[0].startswith(f"{n}-")), "")
            time.sleep(0.2)
        return ""


def jobs_settled(db: str, tokens: list[str], timeout: float) -> dict:
    deadline = time.time() + timeout
    while True:
        with psycopg.connect(db) as conn:
            finishes = dict(conn.execute("SELECT token, count(*) FROM ops_probeevent WHERE kind='finish' AND token = ANY(%s) "
                                         "GROUP BY token", [tokens]).fetchall())
            stuck = conn.execute("SELECT count(*) FROM django_tasks_database_dbtaskresult "
                                 "WHERE status IN ('RUNNING', 'READY')").fetchone()[0]
        if (all(finishes.get(t) for t in tokens) and not stuck) or time.time() > deadline:
            return {"probe_jobs": len(tokens), "finished_once": sum(1 for t in tokens if finishes.get(t) == 1),
                    "run_twice": sum(1 for t in tokens if finishes.get(t, 0) > 1), "stuck": stuck}
        time.sleep(1)


def outage_failures(trace: list, windows: list, started_offset: float, grace: float = 15.0) -> dict:
    failed = [r for r in trace if not 200 <= r[2] < 400]
    inside = [r for r in failed if any(b - 1 <= r[0] - started_offset <= e + grace for _n, b, e in windows)]
    by_window = {name: sum(1 for r in failed if b - 1 <= r[0] - started_offset <= e + grace) for name, b, e in windows}
    return {"failed": len(failed), "inside_outages": len(inside), "outside_outages": len(failed) - len(inside),
            "failed_by_window": by_window, "failed_by_status": _count(r[2] for r in failed),
            "last_failure_s": max((r[0] - started_offset for r in failed), default=None),
            # the request ids to look up in the app servers' logs (run/app*.log) for anything but a 503
            "not_503": [{"at_s": round(r[0] - started_offset, 2), "name": r[1], "status": r[2],
                         "request_id": r[4] if len(r) > 4 else ""} for r in failed if r[2] != 503][:20]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", default="postgresql://postgres@127.0.0.1:5440/uplift_load")
    parser.add_argument("--pgdata", type=Path, default=DEFAULT_DIR, help="the private cluster restarted by --faults")
    parser.add_argument("--users", type=int, default=16, help="concurrent users, each without pauses")
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--web-workers", type=int, default=2, help="gunicorn processes per app server "
                        "(2 measured best for two app servers on one 2-core machine: docs/deploy.md §9)")
    parser.add_argument("--faults", action="store_true")
    parser.add_argument("--skip-bare", action="store_true")
    args = parser.parse_args()
    assert args.database_url.split("@")[-1].startswith(("127.0.0.1", "localhost")), "loopback only"

    root = Path(tempfile.mkdtemp(prefix="uplift-load-"))
    env = {"DATABASE_URL": args.database_url, "DJANGO_SECRET_KEY": "load-" + uuid.uuid4().hex * 2,
           "DJANGO_DEBUG": "0", "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost", "UPLIFT_VAR_DIR": str(root / "var"),
           "UPLIFT_WEB_WORKERS": str(args.web_workers), "UPLIFT_WORKER_HEARTBEAT": "1", "UPLIFT_WORKER_LEASE": "6",
           "UPLIFT_REQUEST_LOG_LEVEL": "WARNING"}
    for command in (["migrate", "--noinput", "-v0"], ["collectstatic", "--noinput", "-v0"]):
        subprocess.run([str(UPLIFT), *command], cwd=PROJECT, env={**os.environ, **env}, check=True)
    with psycopg.connect(args.database_url, autocommit=True) as conn:  # planner statistics of freshly loaded data,
        autovacuum = conn.execute("SHOW autovacuum").fetchone()[0]  # which a cluster with autovacuum off never has
        conn.execute("ANALYZE")
    stack = Stack(root / "run", env, app_servers=2, workers=2)
    report: dict = {"users": args.users, "seconds": args.seconds, "app_servers": 2,
                    "web_workers_each": args.web_workers, "workers": 2, "cores": os.cpu_count(),
                    "autovacuum": autovacuum, "analyzed_before": True}
    try:
        stack.start(timeout=300)
        stack.wait_ready(timeout=120)
        print(f"stack up at {stack.url}; logs in {root}", flush=True)
        faults = Faults(stack, args.database_url, args.seconds, args.pgdata) if args.faults else None
        load_started = time.time()
        if faults:
            faults.enqueue_probe()
            load_started = time.time()
            faults.started = load_started + 5
            faults.start()
        mixed = run_locust(stack, args.users, args.seconds, ["Officer", "Consultant"], root)
        report["mixed"] = {k: v for k, v in mixed.items() if k not in ("trace", "acks")}
        report["writes"] = lost_writes(args.database_url, mixed["acks"])
        if faults:
            faults.join(timeout=300)
            report["faults"] = faults.windows
            report["failures"] = outage_failures(mixed["trace"], faults.windows, faults.started - load_started)
            report["jobs"] = jobs_settled(args.database_url, faults.tokens, timeout=90)
        if not args.skip_bare:
            (root / "bare").mkdir()
            bare = run_locust(stack, args.users, max(20, args.seconds // 3), ["Bare"], root / "bare")
            report["bare"] = {k: v for k, v in bare.items() if k not in ("trace", "acks")}
            report["ratio_to_bare"] = round(report["mixed"]["rps"] / bare["rps"], 3) if bare["rps"] else None
    finally:
        stack.stop()
    print(json.dumps(report, indent=1, ensure_ascii=False))


if __name__ == "__main__":
    main()
