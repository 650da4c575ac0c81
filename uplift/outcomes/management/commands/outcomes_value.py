from django.core.management.base import BaseCommand, CommandError

from uplift.access.cli import actor_from_options, add_actor_argument
from uplift.outcomes.actions import economic_value_compute


class Command(BaseCommand):
    help = "Recompute the economic value of a round from its observations (configurable components)."

    def add_arguments(self, parser):
        parser.add_argument("round", type=int)
        add_actor_argument(parser)

    def handle(self, *args, **o):
        from django.core.exceptions import PermissionDenied
        from django.http import Http404

        actor = actor_from_options(o)
        try:
            n = economic_value_compute(actor=actor, round_id=o["round"])
        except Http404:
            raise CommandError(f"no round {o['round']}") from None
        except PermissionDenied as error:
            raise CommandError(str(error)) from None
        self.stdout.write(self.style.SUCCESS(f"{n} economic value rows"))
