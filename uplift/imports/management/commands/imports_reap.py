"""`uplift imports-reap --user NAME`: mark imports whose process was stopped mid-way as failed (cron: --user system)."""

import datetime as dt

from django.core.management.base import BaseCommand

from uplift.access.cli import actor_from_options, add_actor_argument
from uplift.imports.jobs import STALE_AFTER, jobs_fail_stale


class Command(BaseCommand):
    help = "Mark imports left 'running' by a stopped process as failed (nothing of them was written)."

    def add_arguments(self, parser):
        parser.add_argument("--minutes", type=int, default=int(STALE_AFTER.total_seconds() // 60),
                            help="silent for this long means stopped (default %(default)s)")
        add_actor_argument(parser)

    def handle(self, *args, minutes: int, **options):
        count = jobs_fail_stale(actor=actor_from_options(options), stale_after=dt.timedelta(minutes=minutes))
        self.stdout.write(f"{count} stopped import(s) marked failed")
