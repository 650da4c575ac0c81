from django.core.management.base import BaseCommand, CommandError

from uplift.access.cli import actor_from_options, add_actor_argument

from uplift.outcomes.services import economic_value_compute


class Command(BaseCommand):
    help = "Recompute the economic value of a round from its observations (configurable components)."

    def add_arguments(self, parser):
        parser.add_argument("round", type=int)
        add_actor_argument(parser)

    def handle(self, *args, **o):
        from uplift.programme.models import Round

        if not Round.objects.filter(pk=o["round"]).exists():
            raise CommandError(f"no round {o['round']}")
        n = economic_value_compute(actor=actor_from_options(o), round_id=o["round"])
        self.stdout.write(self.style.SUCCESS(f"{n} economic value rows"))
