"""A private PostgreSQL cluster for the load and fault benchmarks (they restart it; the shared one on 5432 is
never touched). Debian's PostgreSQL binaries, run as the `postgres` account when started by root.

    .venv/bin/python benchmarks/pgcluster.py start|stop|restart|status [--dir /var/tmp/uplift-bench-pg] [--port 5440]
"""

import argparse
import glob
import os
import subprocess
from pathlib import Path

DEFAULT_DIR = Path(os.environ.get("UPLIFT_BENCH_PGDATA", "/var/tmp/uplift-bench-pg"))
DEFAULT_PORT = int(os.environ.get("UPLIFT_BENCH_PGPORT", "5440"))


def _bin(name: str) -> str:
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), key=lambda p: int(p.split("/")[4]))
    if not found:
        raise SystemExit("PostgreSQL server binaries not found (apt-get install postgresql)")
    return found[-1]


def _as_owner(argv: list[str], **kwargs) -> subprocess.CompletedProcess:
    if os.geteuid() == 0:
        argv = ["runuser", "-u", "postgres", "--", *argv]
    return subprocess.run(argv, check=True, **kwargs)


def url(port: int = DEFAULT_PORT, database: str = "postgres") -> str:
    return f"postgresql://postgres@127.0.0.1:{port}/{database}"


def init(data: Path = DEFAULT_DIR) -> None:
    if (data / "PG_VERSION").exists():
        return
    data.mkdir(parents=True, exist_ok=True)
    if os.geteuid() == 0:
        subprocess.run(["chown", "postgres:postgres", str(data)], check=True)
    _as_owner([_bin("initdb"), "-D", str(data), "-A", "trust", "-U", "postgres", "-E", "UTF8", "--locale=C.UTF-8"],
              stdout=subprocess.DEVNULL)


def pg_ctl(action: str, data: Path = DEFAULT_DIR, port: int = DEFAULT_PORT, mode: str = "fast") -> None:
    options = f"-p {port} -k /tmp -c listen_addresses=127.0.0.1 -c max_connections=200 -c shared_buffers=512MB -c jit=off"
    argv = [_bin("pg_ctl"), "-D", str(data), "-l", str(data / "server.log"), "-w", "-t", "60"]
    if action in ("start", "restart"):
        argv += ["-o", options]
    if action in ("stop", "restart"):
        argv += ["-m", mode]
    _as_owner([*argv, action])


def running(data: Path = DEFAULT_DIR) -> bool:
    return (data / "postmaster.pid").exists()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("action", choices=["start", "stop", "restart", "status"])
    parser.add_argument("--dir", type=Path, default=DEFAULT_DIR)
    parser.add_argument("--port", type=int, default=DEFAULT_PORT)
    args = parser.parse_args()
    if args.action == "status":
        print(f"{args.dir}: {'running' if running(args.dir) else 'stopped'} ({url(args.port)})")
        return
    if args.action == "start":
        init(args.dir)
        if running(args.dir):
            return
    pg_ctl(args.action, args.dir, args.port)


if __name__ == "__main__":
    main()
