from django.core.management.base import BaseCommand, CommandError

from uplift.outcomes.services import economic_value_compute


class Command(BaseCommand):
    help = "Recompute the economic value of a round from its observations (configurable components)."

    def add_arguments(self, parser):
        parser.add_argument("round", type=int)

    def handle(self, *args, **o):
        from uplift.programme.models import Round

        if not Round.objects.filter(pk=o["round"]).exists():
            raise CommandError(f"no round {o['round']}")
        n = economic_value_compute(actor=None, round_id=o["round"])
        self.stdout.write(self.style.SUCCESS(f"{n} economic value rows"))
