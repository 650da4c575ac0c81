from django.core.management.base import BaseCommand, CommandError

from uplift.outcomes.demo import demo_outcomes_load


class Command(BaseCommand):
    help = ("Demo programme round on top of demo-data: enrolments and a waitlist, frozen baselines, follow-up "
            "figures, economic value and a causal evaluation.")

    def add_arguments(self, parser):
        parser.add_argument("--treated", type=int, default=600)
        parser.add_argument("--waitlist", type=int, default=400)
        parser.add_argument("--seed", type=int, default=6)
        parser.add_argument("--no-evaluation", action="store_true")

    def handle(self, *args, **o):
        from uplift.programme.models import Activity

        if not Activity.objects.exists():
            raise CommandError("load the reference data first: uplift load-reference")
        out = demo_outcomes_load(treated=o["treated"], waitlist=o["waitlist"], seed=o["seed"],
                                 evaluate=not o["no_evaluation"], progress=self.stdout.write)
        self.stdout.write(self.style.SUCCESS(", ".join(f"{k} {v}" for k, v in out.items())))
