"""`uplift backup [--out DIR] [--keep N]`: the database and uploaded files into a new dated folder, with a manifest."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from uplift.ops.backup import backup_create


class Command(BaseCommand):
    help = "Back up the database (pg_dump, or SQLite's online backup) and the uploaded files, with row counts and checksums."

    def add_arguments(self, parser):
        parser.add_argument("--out", default=str(Path(settings.VAR_DIR) / "backups"))
        parser.add_argument("--keep", type=int, default=0, help="then delete all but the newest N backups (0: keep all)")

    def handle(self, *args, out, keep, **options):
        target = backup_create(Path(out), keep=keep)
        self.stdout.write(str(target))
