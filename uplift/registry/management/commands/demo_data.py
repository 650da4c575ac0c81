import time

from django.core.management.base import BaseCommand, CommandError

from uplift.access import policy
from uplift.access.cli import actor_from_options, add_actor_argument
from uplift.registry.demo.load import DemoDataError, Step, demo_data_load


class Command(BaseCommand):
    help = (
        "Load deterministic national demo data: entrepreneurs in all 77 provinces, their people, products, "
        "standards and monthly sales 2019-2021, plus demo accounts (password otop2563)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--entrepreneurs", type=int, default=5000, help="how many entrepreneurs (national: 93000)")
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--replace", action="store_true", help="delete the registry's entrepreneurs first")
        add_actor_argument(parser, default=policy.SYSTEM_USERNAME)
        parser.add_argument("--no-accounts", action="store_true", help="do not create the demo accounts")

    def handle(self, *args, **options):
        if options["entrepreneurs"] < 1 or options["seed"] < 0:
            raise CommandError("--entrepreneurs must be at least 1 and --seed not negative.")
        started = time.perf_counter()
        try:
            counts = demo_data_load(
                actor=actor_from_options(options), n_entrepreneurs=options["entrepreneurs"], seed=options["seed"], replace=options["replace"],
                accounts=not options["no_accounts"], progress=self._progress,
            )
        except DemoDataError as error:
            raise CommandError(str(error)) from error
        seconds = time.perf_counter() - started
        rows = sum(v for k, v in counts.items() if k != "accounts")
        self.stdout.write(self.style.SUCCESS(
            ", ".join(f"{v:,} {k}" for k, v in counts.items()) + f" in {seconds:.1f} s ({rows / seconds:,.0f} rows/s)"
        ))

    def _progress(self, step: Step) -> None:
        rate = f", {step.rows / step.seconds:,.0f} rows/s" if step.rows and step.seconds else ""
        mark = "" if step.done else " …"
        self.stdout.write(f"  {step.name}: {step.rows:,} rows in {step.seconds:.1f} s{rate}{mark}")
