"""uplift purge-import-files [--days N] --user system: the retention of uploaded import files (cron, daily)."""

from django.conf import settings
from django.core.management.base import BaseCommand

from uplift.access.cli import actor_from_options, add_actor_argument
from uplift.privacy.actions import import_files_purge


class Command(BaseCommand):
    help = "Delete uploaded import files older than the retention period (the jobs and their reports stay)."

    def add_arguments(self, parser):
        add_actor_argument(parser, default="system")
        parser.add_argument("--days", type=int, default=settings.UPLIFT_IMPORT_FILE_RETENTION_DAYS)

    def handle(self, *args, **options):
        done = import_files_purge(actor=actor_from_options(options), days=options["days"])
        self.stdout.write(f"{done} import job(s) had their files deleted (older than {options['days']} days).")
