"""The deployment files: nginx accepts the repository's proxy config, the systemd units start scripts that exist,
and a production app server refuses to start without a secret key."""

import configparser
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from uplift.ops.stack import PROJECT, nginx_conf

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
UNITS = sorted((PROJECT / "deploy" / "systemd").glob("*.service"))


@pytest.mark.skipif(not Path(NGINX).exists(), reason="nginx is installed by scripts/ensure-system.sh")
def test_nginx_accepts_the_proxy_config(tmp_path):
    conf = tmp_path / "nginx.conf"
    conf.write_text(nginx_conf(tmp_path, 18080, [18001, 18002, 18003]), encoding="utf-8")
    done = subprocess.run([NGINX, "-t", "-p", str(tmp_path), "-c", str(conf)], capture_output=True, text=True, timeout=30)
    assert done.returncode == 0, done.stderr
    text = conf.read_text()
    assert text.count("server 127.0.0.1:1800") == 3 and "listen 127.0.0.1:18080;" in text


def test_the_proxy_config_passes_request_ids_and_never_resends_writes():
    site = (PROJECT / "deploy" / "nginx" / "uplift.conf").read_text(encoding="utf-8")
    assert "proxy_set_header X-Request-ID $request_id;" in site
    assert "proxy_next_upstream error timeout;" in site and "non_idempotent" not in site
    assert "return 503" in site


@pytest.mark.parametrize("unit", UNITS, ids=lambda p: p.name)
def test_units_start_scripts_of_this_repository(unit):
    parser = configparser.ConfigParser(strict=False, interpolation=None)
    parser.read_string(unit.read_text(encoding="utf-8"))
    for command in parser["Service"].get("ExecStart", "").splitlines():
        program = command.split()[0].replace("/srv/uplift/", "")
        assert program.startswith(".venv/bin/") or (PROJECT / program).exists(), program
        if not program.startswith(".venv/"):
            assert os.access(PROJECT / program, os.X_OK), f"{program} is not executable"
    assert parser["Service"]["EnvironmentFile"] == "/etc/uplift/uplift.env"


def test_a_production_app_server_needs_a_secret_key():
    env = {k: v for k, v in os.environ.items() if k not in ("DJANGO_SECRET_KEY", "DJANGO_DEBUG")}
    env.update(UPLIFT_PRODUCTION="1", DJANGO_ALLOWED_HOSTS="uplift.example.go.th")
    done = subprocess.run(["bash", "scripts/serve.sh"], cwd=PROJECT, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode != 0 and "DJANGO_SECRET_KEY" in done.stderr
