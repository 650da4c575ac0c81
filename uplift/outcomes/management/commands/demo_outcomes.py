from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError

from uplift.access.cli import actor_from_options, add_actor_argument
from uplift.outcomes.demo import demo_outcomes_load


class Command(BaseCommand):
    help = ("Demo programme round on top of demo-data: enrolments and a waitlist, frozen baselines, follow-up "
            "figures, economic value and a causal evaluation, written as --user (checked and audited).")

    def add_arguments(self, parser):
        add_actor_argument(parser)
        parser.add_argument("--treated", type=int, default=600)
        parser.add_argument("--waitlist", type=int, default=400)
        parser.add_argument("--seed", type=int, default=6)
        parser.add_argument("--no-evaluation", action="store_true")

    def handle(self, *args, **o):
        from uplift.programme.models import Activity

        actor = actor_from_options(o)
        if not Activity.objects.exists():
            raise CommandError("load the reference data first: uplift load-reference")
        try:
            out = demo_outcomes_load(actor=actor, treated=o["treated"], waitlist=o["waitlist"], seed=o["seed"],
                                     evaluate=not o["no_evaluation"], progress=self.stdout.write)
        except PermissionDenied as error:
            raise CommandError(str(error)) from None
        self.stdout.write(self.style.SUCCESS(", ".join(f"{k} {v}" for k, v in out.items())))
