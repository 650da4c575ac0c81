from django.core.management.base import BaseCommand, CommandError

from uplift.outcomes.evaluation import METHODS, evaluate_csv, format_report


class Command(BaseCommand):
    help = ("Estimate a treatment effect on any panel or cross-section in a CSV file (the same code the dashboard "
            "uses): prints ATT, SE, 95% CI, N, balance and the pre-trend check, or JSON with --json.")

    def add_arguments(self, parser):
        parser.add_argument("--data", required=True, help="CSV file, one row per unit × period")
        parser.add_argument("--unit", required=True, help="column identifying the unit (clusters the SE)")
        parser.add_argument("--time", required=True, help="column with the period")
        parser.add_argument("--outcome", required=True, help="column with the outcome")
        parser.add_argument("--treated", required=True,
                            help="column marking treated rows, or with --post the treated group")
        parser.add_argument("--post", help="column marking periods after the start (treated = group × post)")
        parser.add_argument("--covariates", default="", help="comma-separated columns for matching")
        parser.add_argument("--method", choices=[m for m in METHODS], default="did")
        parser.add_argument("--bootstrap", type=int, default=200, help="unit-bootstrap draws (0 for none)")
        parser.add_argument("--seed", type=int, default=0)
        parser.add_argument("--json", action="store_true", help="print the full result as JSON")

    def handle(self, *args, **o):
        covariates = tuple(c.strip() for c in o["covariates"].split(",") if c.strip())
        try:
            ev = evaluate_csv(o["data"], unit=o["unit"], time=o["time"], outcome=o["outcome"], treated=o["treated"],
                              post=o["post"], covariates=covariates, method=o["method"], bootstrap=o["bootstrap"],
                              seed=o["seed"])
        except FileNotFoundError as error:
            raise CommandError(f"no such file: {o['data']}") from error
        except (ValueError, KeyError) as error:
            raise CommandError(str(error)) from error
        except Exception as error:  # polars column errors and the like: one line, not a traceback
            raise CommandError(f"{type(error).__name__}: {error}") from error
        self.stdout.write(ev.to_json(indent=2) if o["json"] else format_report(ev))
