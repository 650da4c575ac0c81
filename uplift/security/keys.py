"""The secret key: from the environment, or (outside production) one made once for this machine.

No key is built into the code. A machine without ``DJANGO_SECRET_KEY`` makes a random key on first
start and keeps it in ``var/secret-key`` (mode 0600), so sessions survive restarts on a developer's
machine or the demo. Production (``UPLIFT_PRODUCTION=1``) refuses to start without a real key in the
environment: every app server must share one, and a file made on one machine would differ per machine.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

MIN_LENGTH = 50


class MissingSetting(RuntimeError):
    pass


def secret_key(environ, var_dir: Path, *, production: bool) -> str:
    given = environ.get("DJANGO_SECRET_KEY", "")
    if production:
        if len(given) < MIN_LENGTH or len(set(given)) < 5 or given.startswith(("django-insecure", "CHANGE-ME")):
            raise MissingSetting(f"UPLIFT_PRODUCTION=1 needs DJANGO_SECRET_KEY: a random string of at least "
                                 f"{MIN_LENGTH} characters, the same on every app server and worker")
        return given
    return given or machine_key(var_dir / "secret-key")


def machine_key(path: Path) -> str:
    """The key kept in ``path``, made (readable by its owner only) when missing."""
    try:
        key = path.read_text(encoding="ascii").strip()
    except FileNotFoundError:
        key = ""
    if len(key) >= MIN_LENGTH:
        return key
    key = secrets.token_urlsafe(64)
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="ascii") as handle:
        handle.write(key + "\n")
    try:
        os.link(temporary, path)  # the first process to make it wins; the others read its key
    except FileExistsError:
        key = path.read_text(encoding="ascii").strip()
    finally:
        temporary.unlink(missing_ok=True)
    return key


def allowed_hosts(environ, *, production: bool) -> list[str]:
    given = [h.strip() for h in environ.get("DJANGO_ALLOWED_HOSTS", "").split(",") if h.strip()]
    if production:
        if not given or "*" in given:
            raise MissingSetting("UPLIFT_PRODUCTION=1 needs DJANGO_ALLOWED_HOSTS: the site's host names, "
                                 "comma-separated (no '*')")
        return given
    return given or ["127.0.0.1", "localhost", "testserver"]
