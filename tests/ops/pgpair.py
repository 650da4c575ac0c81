"""A private PostgreSQL 15 primary and its streaming replica made with pg_basebackup, on free loopback ports."""

import os
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import psycopg

from benchmarks.pgcluster import _as_owner, _bin


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def url(port: int, database: str = "postgres") -> str:
    return f"postgresql://postgres@127.0.0.1:{port}/{database}"


class Pair:
    def __init__(self):
        self.root = Path(tempfile.mkdtemp(prefix="uplift-pgpair-", dir="/var/tmp"))
        if os.geteuid() == 0:
            shutil.chown(self.root, "postgres", "postgres")
        self.primary_dir, self.replica_dir = self.root / "primary", self.root / "replica"
        self.primary_port, self.replica_port = free_port(), free_port()

    def _ctl(self, data: Path, port: int, action: str, mode: str = "fast") -> None:
        argv = [_bin("pg_ctl"), "-D", str(data), "-l", str(data.parent / f"{data.name}.log"), "-w", "-t", "60"]
        if action == "start":
            argv += ["-o", f"-p {port} -k /tmp -c listen_addresses=127.0.0.1 -c max_connections=40 "
                           "-c shared_buffers=32MB -c jit=off -c fsync=off"]
        else:
            argv += ["-m", mode]
        _as_owner([*argv, action], stdout=subprocess.DEVNULL)

    def start_primary(self) -> None:
        _as_owner([_bin("initdb"), "-D", str(self.primary_dir), "-A", "trust", "-U", "postgres", "-E", "UTF8",
                   "--locale=C.UTF-8"], stdout=subprocess.DEVNULL)
        self._ctl(self.primary_dir, self.primary_port, "start")

    def start_replica(self) -> None:
        """A hot standby cloned from the primary as it is now, streaming from then on."""
        _as_owner([_bin("pg_basebackup"), "-D", str(self.replica_dir), "-R", "-X", "stream", "-c", "fast",
                   "-h", "127.0.0.1", "-p", str(self.primary_port), "-U", "postgres"])
        self._ctl(self.replica_dir, self.replica_port, "start")
        deadline = time.monotonic() + 30
        while True:
            try:
                with psycopg.connect(url(self.replica_port), autocommit=True) as db:
                    assert db.execute("SELECT pg_is_in_recovery()").fetchone()[0]
                    return
            except psycopg.OperationalError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)

    def stop_replica(self) -> None:
        self._ctl(self.replica_dir, self.replica_port, "stop", mode="immediate")

    def stop(self) -> None:
        for data, port in ((self.replica_dir, self.replica_port), (self.primary_dir, self.primary_port)):
            if (data / "postmaster.pid").exists():
                self._ctl(data, port, "stop", mode="immediate")
        shutil.rmtree(self.root, ignore_errors=True)
