"""Backups: the database (pg_dump's custom format, or SQLite's online backup) plus the uploaded files,
with a manifest of every table's row count and a checksum of each registry table, and the restore
that checks them back.

On PostgreSQL the counts and checksums are taken inside the very snapshot pg_dump copies
(`pg_export_snapshot`), so a backup made while people work still matches its manifest exactly.
"""

import datetime as dt
import hashlib
import json
import shutil
import sqlite3
import subprocess
import tarfile
from pathlib import Path
from urllib.parse import urlparse, urlunparse

import psycopg
from django.apps import apps
from django.conf import settings
from django.db import connection

CHECKSUM_APPS = ("registry",)


class RestoreError(Exception):
    pass


def checksum_tables() -> list[str]:
    return sorted({m._meta.db_table for label in CHECKSUM_APPS
                   for m in apps.get_app_config(label).get_models(include_auto_created=True)})


def all_tables() -> list[str]:
    return sorted(connection.introspection.django_table_names(only_existing=True, include_views=False))


def _pg_fingerprint(cursor, tables: list[str], checksummed: list[str]) -> dict:
    rows, sums = {}, {}
    for table in tables:
        cursor.execute(f'SELECT count(*) FROM "{table}"')
        rows[table] = cursor.fetchone()[0]
    for table in checksummed:
        cursor.execute(f'SELECT coalesce(md5(string_agg(md5(t::text), \'\' ORDER BY md5(t::text))), \'\') FROM "{table}" t')
        sums[table] = cursor.fetchone()[0]
    return {"rows": rows, "checksums": sums}


def _sqlite_fingerprint(path: Path, tables: list[str], checksummed: list[str]) -> dict:
    rows, sums = {}, {}
    with sqlite3.connect(path) as db:
        for table in tables:
            rows[table] = db.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]
        for table in checksummed:
            digests = sorted(hashlib.md5(repr(row).encode()).hexdigest() for row in db.execute(f'SELECT * FROM "{table}"'))
            sums[table] = hashlib.md5("".join(digests).encode()).hexdigest() if digests else ""
    return {"rows": rows, "checksums": sums}


def _pg_url(settings_dict: dict) -> str:
    user, password = settings_dict.get("USER") or "", settings_dict.get("PASSWORD") or ""
    auth = f"{user}:{password}@" if password else (f"{user}@" if user else "")
    host, port = settings_dict.get("HOST") or "127.0.0.1", settings_dict.get("PORT") or 5432
    return f"postgresql://{auth}{host}:{port}/{settings_dict['NAME']}"


def backup_create(out: Path, *, keep: int = 0) -> Path:
    """A new folder under `out` holding db.dump (or db.sqlite3), media.tar.gz and manifest.json."""
    target = out / f"uplift-{dt.datetime.now().strftime('%Y%m%d-%H%M%S')}"
    target.mkdir(parents=True)
    tables, checksummed = all_tables(), checksum_tables()
    if connection.vendor == "postgresql":
        url = _pg_url(connection.settings_dict)
        with psycopg.connect(url, autocommit=False) as db, db.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
            fingerprint = _pg_fingerprint(cursor, tables, checksummed)
            subprocess.run(["pg_dump", "--format=custom", "--no-owner", "--no-privileges", f"--snapshot={snapshot}",
                            "--file", str(target / "db.dump"), url], check=True)
        database = "db.dump"
    elif connection.vendor == "sqlite":
        connection.ensure_connection()
        with sqlite3.connect(target / "db.sqlite3") as copy:
            connection.connection.backup(copy)
        fingerprint = _sqlite_fingerprint(target / "db.sqlite3", tables, checksummed)
        database = "db.sqlite3"
    else:
        raise RestoreError(f"no backup for the {connection.vendor} engine")
    media = Path(settings.MEDIA_ROOT)
    files = 0
    with tarfile.open(target / "media.tar.gz", "w:gz") as archive:
        if media.exists():
            for path in sorted(p for p in media.rglob("*") if p.is_file()):
                archive.add(path, arcname=str(path.relative_to(media)))
                files += 1
    manifest = {"created_at": dt.datetime.now(dt.UTC).isoformat(), "engine": connection.vendor, "database": database,
                "media": "media.tar.gz", "media_files": files, **fingerprint}
    (target / "manifest.json").write_text(json.dumps(manifest, indent=1, sort_keys=True), encoding="utf-8")
    if keep:
        for old in sorted(p for p in out.glob("uplift-*") if p.is_dir())[:-keep]:
            shutil.rmtree(old)
    return target


def _pg_admin_url(url: str) -> tuple[str, str]:
    parts = urlparse(url)
    return urlunparse(parts._replace(path="/postgres")), parts.path.lstrip("/")


def restore(source: Path, *, database_url: str, media_root: Path, force: bool = False) -> dict:
    """Restore a backup folder into `database_url` (created when missing) and `media_root`, then check it.

    Refuses a database that already has tables unless `force`. Returns the manifest check
    {"tables": n, "checksums": n, "media_files": n}; raises RestoreError on any difference.
    """
    manifest = json.loads((source / "manifest.json").read_text(encoding="utf-8"))
    tables, checksummed = sorted(manifest["rows"]), sorted(manifest["checksums"])
    if manifest["engine"] == "postgresql":
        admin, name = _pg_admin_url(database_url)
        with psycopg.connect(admin, autocommit=True) as db:
            if not db.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
                db.execute(f'CREATE DATABASE "{name}"')
        with psycopg.connect(database_url) as db:
            existing = db.execute("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'").fetchone()[0]
        if existing and not force:
            raise RestoreError(f"the database {name} already has {existing} tables (restore --force replaces them)")
        subprocess.run(["pg_restore", "--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction",
                        *(["--clean", "--if-exists"] if existing else []), "--dbname", database_url,
                        str(source / manifest["database"])], check=True)
        with psycopg.connect(database_url) as db, db.cursor() as cursor:
            found = _pg_fingerprint(cursor, tables, checksummed)
    else:
        path = Path(database_url.removeprefix("sqlite:///")) if "://" in database_url else Path(database_url)
        if path.exists() and path.stat().st_size and not force:
            raise RestoreError(f"{path} already exists (restore --force replaces it)")
        path.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source / manifest["database"], path)
        found = _sqlite_fingerprint(path, tables, checksummed)
    media_root.mkdir(parents=True, exist_ok=True)
    with tarfile.open(source / manifest["media"], "r:gz") as archive:
        archive.extractall(media_root, filter="data")
    restored_files = sum(1 for p in media_root.rglob("*") if p.is_file())
    wrong = [t for t in tables if found["rows"].get(t) != manifest["rows"][t]]
    wrong += [t for t in checksummed if found["checksums"].get(t) != manifest["checksums"][t]]
    if wrong:
        raise RestoreError(f"restored tables differ from the backup: {', '.join(sorted(set(wrong)))}")
    if restored_files < manifest["media_files"]:
        raise RestoreError(f"{restored_files} files restored of {manifest['media_files']}")
    return {"tables": len(tables), "checksums": len(checksummed), "media_files": manifest["media_files"],
            "rows": sum(manifest["rows"].values())}


def default_database_url() -> str:
    if connection.vendor == "postgresql":
        return _pg_url(connection.settings_dict)
    return str(connection.settings_dict["NAME"])


