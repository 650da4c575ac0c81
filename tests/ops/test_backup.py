"""`uplift backup` then `uplift restore` into a new database: equal row counts, equal registry checksums, the files back."""

import json
import uuid

import psycopg
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from uplift.ops.backup import _pg_url, checksum_tables

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def uploads(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    photo = settings.MEDIA_ROOT / "toolkits" / "global_trade" / "images" / "ผ้าบาติก.jpg"
    photo.parent.mkdir(parents=True)
    photo.write_bytes(b"\xff\xd8\xff\xe0 batik")
    return photo


def _backup(tmp_path, capsys) -> tuple:
    call_command("backup", "--out", str(tmp_path / "backups"))
    folder = tmp_path / "backups" / capsys.readouterr().out.strip().rsplit("/", 1)[-1]
    return folder, json.loads((folder / "manifest.json").read_text(encoding="utf-8"))


def test_the_manifest_counts_rows_and_sums_every_registry_table(world, uploads, tmp_path, capsys):
    folder, manifest = _backup(tmp_path, capsys)
    assert manifest["rows"]["registry_entrepreneur"] == 2
    assert sorted(manifest["checksums"]) == checksum_tables()
    assert manifest["checksums"]["registry_entrepreneur"]
    assert manifest["media_files"] == 1


@pytest.mark.skipif("connection.vendor != 'sqlite'")
def test_sqlite_round_trip(world, uploads, tmp_path, capsys):
    folder, manifest = _backup(tmp_path, capsys)
    target, media = tmp_path / "restored.sqlite3", tmp_path / "restored-media"
    call_command("restore", str(folder), "--database-url", str(target), "--media-root", str(media))
    assert "registry checksums" in capsys.readouterr().out
    assert (media / uploads.relative_to(uploads.parents[3])).read_bytes() == uploads.read_bytes()
    with pytest.raises(CommandError, match="already exists"):
        call_command("restore", str(folder), "--database-url", str(target), "--media-root", str(media))


@pytest.mark.skipif("connection.vendor != 'postgresql'")
def test_postgresql_round_trip_into_a_new_database(world, uploads, tmp_path, capsys):
    folder, manifest = _backup(tmp_path, capsys)
    assert (folder / "db.dump").stat().st_size > 0
    name = f"test_uplift_restore_{uuid.uuid4().hex[:8]}"
    source_url = _pg_url(connection.settings_dict)
    target_url = source_url.rsplit("/", 1)[0] + f"/{name}"
    media = tmp_path / "restored-media"
    try:
        call_command("restore", str(folder), "--database-url", target_url, "--media-root", str(media))
        with psycopg.connect(source_url) as source, psycopg.connect(target_url) as target:
            for table in ("registry_entrepreneur", "registry_product", "registry_monthlysales", "audit_auditrecord"):
                if table not in manifest["rows"]:
                    continue
                query = f'SELECT count(*), md5(coalesce(string_agg(t::text, \'|\' ORDER BY t::text), \'\')) FROM "{table}" t'
                assert source.execute(query).fetchone() == target.execute(query).fetchone()
        assert (media / uploads.relative_to(uploads.parents[3])).exists()
        with pytest.raises(CommandError, match="already has"):
            call_command("restore", str(folder), "--database-url", target_url, "--media-root", str(media))
    finally:
        with psycopg.connect(source_url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
