"""`uplift restore BACKUP_DIR [--database-url URL] [--media-root DIR] [--force]`: restore a backup and check it."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from uplift.ops.backup import RestoreError, default_database_url, restore


class Command(BaseCommand):
    help = ("Restore a backup folder made by `uplift backup` into a database (created when missing) and a media "
            "folder, then check every table's row count and the registry tables' checksums against its manifest.")

    def add_arguments(self, parser):
        parser.add_argument("backup")
        parser.add_argument("--database-url", default="", help="default: this installation's database")
        parser.add_argument("--media-root", default="", help="default: this installation's MEDIA_ROOT")
        parser.add_argument("--force", action="store_true", help="replace what the target database already holds")

    def handle(self, *args, backup, database_url, media_root, force, **options):
        try:
            result = restore(Path(backup), database_url=database_url or default_database_url(),
                             media_root=Path(media_root or settings.MEDIA_ROOT), force=force)
        except RestoreError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"restored and checked: {result['tables']} tables ({result['rows']} rows), "
                          f"{result['checksums']} registry checksums, {result['media_files']} files")
