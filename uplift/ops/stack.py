"""The production layout on one machine: app servers (scripts/serve.sh), workers (scripts/worker.sh) and
nginx with the repository's deploy/nginx/uplift.conf, all on 127.0.0.1. Used by the stack tests and the
load and fault benchmarks; `python -m uplift.ops.stack --help` runs it by hand. Imports no Django.
"""

import argparse
import os
import re
import shutil
import signal
import socket
import subprocess
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[2]
SITE_CONF = PROJECT / "deploy" / "nginx" / "uplift.conf"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def http_status(url: str, timeout: float = 5.0) -> int:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code
    except OSError:
        return 0


def nginx_conf(root: Path, listen: int, upstreams: list[int]) -> str:
    """The repository's site file inside a minimal nginx.conf, with this stack's ports and paths."""
    site = SITE_CONF.read_text(encoding="utf-8")
    servers = "".join(f"    server 127.0.0.1:{p} max_fails=1 fail_timeout=5s;\n" for p in upstreams)
    site, n = re.subn(r"(upstream uplift_app \{\n(?:.*\n)*?)(?:    server .*\n)+", lambda m: m.group(1) + servers, site)
    assert n == 1, "deploy/nginx/uplift.conf: upstream block not found"
    site = site.replace("listen 80;", f"listen 127.0.0.1:{listen};")
    site = site.replace("/var/log/nginx/uplift.access.log", str(root / "access.log"))
    temp = "".join(f"    {kind}_temp_path {root / kind};\n" for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    return (f"worker_processes 1;\npid {root / 'nginx.pid'};\nerror_log {root / 'error.log'} warn;\n"
            f"events {{ worker_connections 1024; }}\n"
            f"http {{\n    include /etc/nginx/mime.types;\n{temp}{site}\n}}\n")


@dataclass
class Stack:
    root: Path
    env: dict
    app_servers: int = 2
    workers: int = 2
    proxy_port: int = 0
    app_ports: list[int] = field(default_factory=list)
    procs: dict[str, subprocess.Popen] = field(default_factory=dict)
    restarts: int = 0

    def __post_init__(self):
        self.root.mkdir(parents=True, exist_ok=True)
        self.proxy_port = self.proxy_port or free_port()
        self.app_ports = self.app_ports or [free_port() for _ in range(self.app_servers)]

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.proxy_port}"

    def _spawn(self, name: str, argv: list[str], env: dict) -> subprocess.Popen:
        log = open(self.root / f"{name}.log", "ab")
        proc = subprocess.Popen(argv, cwd=PROJECT, env={**os.environ, **self.env, **env}, stdout=log,
                                stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, start_new_session=True)
        log.close()
        self.procs[name] = proc
        return proc

    def start_app(self, i: int) -> subprocess.Popen:
        metrics = self.root / f"metrics-app{i}"
        return self._spawn(f"app{i}", ["bash", "scripts/serve.sh"],
                           {"PORT": str(self.app_ports[i]), "PROMETHEUS_MULTIPROC_DIR": str(metrics)})

    def start_worker(self, i: int) -> subprocess.Popen:
        self.restarts += 1
        return self._spawn(f"worker{i}", ["bash", "scripts/worker.sh", "--no-startup-delay",
                                          "--worker-id", f"worker{i}-{self.restarts}-{os.getpid()}"], {})

    def start_proxy(self) -> subprocess.Popen:
        home = self.root / "nginx"
        home.mkdir(exist_ok=True)
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"):
            (home / kind).mkdir(exist_ok=True)
        os.chmod(home, 0o777)
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"):
            os.chmod(home / kind, 0o777)
        (home / "nginx.conf").write_text(nginx_conf(home, self.proxy_port, self.app_ports), encoding="utf-8")
        return self._spawn("proxy", [shutil.which("nginx") or "/usr/sbin/nginx", "-p", str(home), "-c",
                                     str(home / "nginx.conf"), "-g", "daemon off;"], {})

    def start(self, timeout: float = 120.0) -> "Stack":
        for i in range(self.app_servers):
            self.start_app(i)
        for i in range(self.workers):
            self.start_worker(i)
        self.start_proxy()
        self.wait_apps(timeout)
        return self

    def wait_apps(self, timeout: float = 120.0, which: range | None = None) -> None:
        deadline = time.monotonic() + timeout
        for i in which if which is not None else range(self.app_servers):
            while http_status(f"http://127.0.0.1:{self.app_ports[i]}/healthz") != 200:
                proc = self.procs.get(f"app{i}")
                if proc is not None and proc.poll() is not None:
                    raise RuntimeError(f"app{i} exited: {self.tail(f'app{i}')}")
                if time.monotonic() > deadline:
                    raise TimeoutError(f"app{i} not up: {self.tail(f'app{i}')}")
                time.sleep(0.3)

    def wait_ready(self, timeout: float = 60.0) -> None:
        deadline = time.monotonic() + timeout
        while http_status(f"{self.url}/readyz") != 200:
            if time.monotonic() > deadline:
                raise TimeoutError(f"stack not ready: {self.tail('app0')} {self.tail('worker0')}")
            time.sleep(0.3)

    def kill(self, name: str, sig: int = signal.SIGKILL) -> None:
        """kill -9 the service's main process only (the gunicorn master, the worker), as a crash would."""
        proc = self.procs[name]
        target = proc.pid
        children = _children(proc.pid)
        if name.startswith(("worker", "app")) and children and Path(f"/proc/{proc.pid}/comm").read_text().strip() == "bash":
            target = children[0]
        os.kill(target, sig)

    def alive(self, name: str) -> bool:
        return self.procs[name].poll() is None

    def tail(self, name: str, size: int = 3000) -> str:
        path = self.root / f"{name}.log"
        return path.read_bytes()[-size:].decode("utf-8", "replace") if path.exists() else ""

    def stop(self) -> None:
        for proc in self.procs.values():
            if proc.poll() is None:
                try:
                    os.killpg(proc.pid, signal.SIGTERM)
                except ProcessLookupError:
                    pass
        deadline = time.monotonic() + 20
        for proc in self.procs.values():
            try:
                proc.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                try:
                    os.killpg(proc.pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
                proc.wait(timeout=10)


def _children(pid: int) -> list[int]:
    try:
        text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    except OSError:
        return []
    return [int(p) for p in text.split()]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--app-servers", type=int, default=2)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--port", type=int, default=8080, help="nginx listens on 127.0.0.1:PORT")
    parser.add_argument("--dir", default=str(PROJECT / "var" / "stack"))
    args = parser.parse_args()
    stack = Stack(Path(args.dir), {}, app_servers=args.app_servers, workers=args.workers, proxy_port=args.port)
    try:
        stack.start()
        print(f"stack up: {stack.url} (app servers on {stack.app_ports}; logs in {args.dir}); Ctrl+C stops it")
        signal.pause()
    except KeyboardInterrupt:
        pass
    finally:
        stack.stop()


if __name__ == "__main__":
    main()
