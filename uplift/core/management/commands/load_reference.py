from django.core.management.base import BaseCommand

from uplift.core.reference import reference_load


class Command(BaseCommand):
    help = "Load reference data: Thai areas from geothai (offline), DIPROM regional centres, standards."

    def handle(self, *args, **options):
        counts = reference_load()
        self.stdout.write(
            f"areas: {counts.provinces} provinces, {counts.districts} districts, {counts.subdistricts} subdistricts"
        )
