from django.core.management.base import BaseCommand

from uplift.access import policy
from uplift.access.cli import actor_from_options, add_actor_argument
from uplift.core.reference import reference_load


class Command(BaseCommand):
    help = "Load reference data: Thai areas from geothai (offline), DIPROM regional centres, standards (as --user, default system)."

    def add_arguments(self, parser):
        add_actor_argument(parser, default=policy.SYSTEM_USERNAME)

    def handle(self, *args, **options):
        counts = reference_load(actor=actor_from_options(options))
        self.stdout.write(
            f"areas: {counts.provinces} provinces, {counts.districts} districts, {counts.subdistricts} subdistricts"
        )
