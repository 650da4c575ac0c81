"""Secure defaults: DEBUG off unless asked, no built-in secret key, production refuses to start half-configured,
`check --deploy` clean, secure cookies and HSTS behind TLS, a CSP with no inline script, short sessions."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "uplift"
PRODUCTION = {"UPLIFT_PRODUCTION": "1", "DJANGO_SECRET_KEY": "k" * 20 + "0123456789abcdefghijklmnopqrstuvwxyz-_ABCDEF",
              "DJANGO_ALLOWED_HOSTS": "uplift.diprom.go.th", "UPLIFT_EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend"}


def _env(**extra) -> dict:
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("DJANGO_", "UPLIFT_PRODUCTION", "UPLIFT_HTTPS")) and k != "DATABASE_URL"}
    env["DJANGO_SETTINGS_MODULE"] = "uplift.settings"
    return env | extra


def _settings(names: str, **extra) -> subprocess.CompletedProcess:
    code = f"from django.conf import settings as s; print({', '.join(f's.{n}' for n in names.split())})"
    return subprocess.run([sys.executable, "-c", "import django; django.setup(); " + code], cwd=ROOT,
                          env=_env(**extra), capture_output=True, text=True, timeout=300)


def test_debug_is_off_unless_asked_for(tmp_path):
    assert _settings("DEBUG", UPLIFT_VAR_DIR=str(tmp_path)).stdout.split() == ["False"]
    assert _settings("DEBUG", UPLIFT_VAR_DIR=str(tmp_path), DJANGO_DEBUG="1").stdout.split() == ["True"]


def test_no_secret_key_is_built_in(tmp_path):
    source = (PACKAGE / "settings.py").read_text(encoding="utf-8")
    assert not re.search(r"DJANGO_SECRET_KEY\"\s*,\s*\"", source), "a fallback key in the settings"
    first = _settings("SECRET_KEY", UPLIFT_VAR_DIR=str(tmp_path)).stdout.strip()
    again = _settings("SECRET_KEY", UPLIFT_VAR_DIR=str(tmp_path)).stdout.strip()
    assert len(first) >= 50 and first == again, "made once per machine and kept"
    assert (tmp_path / "secret-key").stat().st_mode & 0o077 == 0
    assert _settings("SECRET_KEY", UPLIFT_VAR_DIR=str(tmp_path / "other")).stdout.strip() != first


@pytest.mark.parametrize("missing", ["DJANGO_SECRET_KEY", "DJANGO_ALLOWED_HOSTS"])
def test_production_refuses_to_start_without_a_real_key_and_hosts(missing, tmp_path):
    env = {k: v for k, v in PRODUCTION.items() if k != missing} | {"UPLIFT_VAR_DIR": str(tmp_path)}
    done = _settings("DEBUG", **env)
    assert done.returncode != 0 and missing in done.stderr
    weak = _settings("DEBUG", **(PRODUCTION | {"DJANGO_SECRET_KEY": "short", "UPLIFT_VAR_DIR": str(tmp_path)}))
    assert weak.returncode != 0


def test_check_deploy_is_clean_for_the_production_settings(tmp_path):
    done = subprocess.run([sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"], cwd=ROOT,
                          env=_env(**PRODUCTION, UPLIFT_VAR_DIR=str(tmp_path)), capture_output=True, text=True,
                          timeout=300)
    print("\n$ UPLIFT_PRODUCTION=1 uplift check --deploy\n" + done.stdout + done.stderr)
    assert done.returncode == 0 and "no issues" in done.stdout, done.stdout + done.stderr


def test_production_cookies_are_secure_and_hsts_is_on(tmp_path):
    names = "SESSION_COOKIE_SECURE CSRF_COOKIE_SECURE SECURE_SSL_REDIRECT SECURE_HSTS_SECONDS"
    assert _settings(names, **PRODUCTION, UPLIFT_VAR_DIR=str(tmp_path)).stdout.split() == [
        "True", "True", "True", "31536000"]
    assert _settings(names, UPLIFT_VAR_DIR=str(tmp_path)).stdout.split() == ["False", "False", "False", "0"], \
        "the http demo on 127.0.0.1 keeps them off"


def test_sessions_suit_shared_office_computers(settings):
    assert settings.SESSION_COOKIE_AGE <= 30 * 60 and settings.SESSION_EXPIRE_AT_BROWSER_CLOSE
    assert settings.SESSION_MAX_SECONDS <= 12 * 3600


def test_an_idle_session_ends_and_so_does_a_long_one(world, settings, monkeypatch):
    import time

    from uplift.security import sessions

    client = Client()
    client.force_login(world.officer)
    assert client.get("/entrepreneurs/").status_code == 200
    now = time.time()
    monkeypatch.setattr(sessions, "clock", lambda: now + settings.SESSION_MAX_SECONDS + 60)
    assert client.get("/entrepreneurs/").status_code == 302, "past the absolute limit: logged out"
    from django.contrib.sessions.models import Session

    client.force_login(world.officer)
    monkeypatch.setattr(sessions, "clock", lambda: now)
    client.get("/entrepreneurs/")
    row = Session.objects.get(session_key=client.session.session_key)
    from django.utils import timezone

    left = (row.expire_date - timezone.now()).total_seconds()
    assert left <= settings.SESSION_IDLE_SECONDS + 5, "the row expires after the idle time, not 14 days"


def test_pages_carry_a_csp_without_inline_script(world):
    client = Client()
    client.force_login(world.officer)
    response = client.get(f"/entrepreneurs/{world.phuket.pk}/")
    policy = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy.split("script-src")[1].split(";")[0]
    assert "frame-ancestors 'none'" in policy and "object-src 'none'" in policy
    assert not re.search(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>", response.content.decode())


def test_no_template_holds_an_inline_script_or_handler():
    found = []
    for template in PACKAGE.rglob("templates/**/*.html"):
        if template.name.endswith("_pdf.html") or "/pdf/" in str(template):
            continue  # rendered to PDF by WeasyPrint, never served to a browser
        text = template.read_text(encoding="utf-8")
        if re.search(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>", text):
            found.append(f"{template.relative_to(ROOT)}: inline <script>")
        if re.search(r"\son[a-z]+=\"", text) or "javascript:" in text:
            found.append(f"{template.relative_to(ROOT)}: inline handler")
        if re.search(r"https?://[^\"'\s]+\.(?:js|css)\b", text):
            found.append(f"{template.relative_to(ROOT)}: script or style from another site")
    assert found == []
