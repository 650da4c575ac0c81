from django.core.management.base import BaseCommand, CommandError

from uplift.outcomes.evaluation import evaluate_csv, format_report
from uplift.outcomes.evaluation.run import ALL_METHODS


class Command(BaseCommand):
    help = (
        "ประมาณผลของโครงการจากไฟล์ CSV ที่เป็นข้อมูลพาเนล (หน่วย × ช่วงเวลา) หรือข้อมูลภาคตัดขวาง (หนึ่งแถวต่อหน่วย "
        "ไม่ต้องมี --time) ด้วยโค้ดเดียวกับแดชบอร์ด / Estimate a treatment effect on a panel (unit × period) or a "
        "cross-section (one row per unit: leave out --time; the method is then 'match' with --covariates or "
        "'means', and the difference-in-differences methods are refused) in a CSV file: prints ATT, SE, 95% CI, "
        "the counts of the data and of the matched sample, the balance table, the pre-trend check and the notes, "
        "or all of it as JSON with --json; --sensitivity adds Rosenbaum bounds and the E-value (matching) or "
        "the relative-magnitudes bound (DiD with an event study)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--data", required=True, help="CSV file: one row per unit × period, or per unit")
        parser.add_argument("--unit", required=True, help="column identifying the unit (clusters the SE)")
        parser.add_argument("--time", help="column with the period; leave out for a cross-section (one row per unit)")
        parser.add_argument("--outcome", required=True, help="column with the outcome")
        parser.add_argument("--treated", required=True,
                            help="column marking treated rows, or with --post the treated group")
        parser.add_argument("--post",
                            help="column marking periods after the start (treated = group × post); needs --time")
        parser.add_argument("--covariates", default="", help="comma-separated columns for matching")
        parser.add_argument("--method", choices=list(ALL_METHODS),
                            help="default: did with --time; without it match (with --covariates) or means")
        parser.add_argument("--bootstrap", type=int, default=200, help="unit-bootstrap draws (0 for none)")
        parser.add_argument("--seed", type=int, default=0)
        parser.add_argument("--sensitivity", action="store_true",
                            help="add Rosenbaum Γ and the E-value (matching) or the relative-magnitudes bound (DiD)")
        parser.add_argument("--json", action="store_true", help="print the full result as JSON")

    def handle(self, *args, **o):
        covariates = tuple(c.strip() for c in o["covariates"].split(",") if c.strip())
        method = o["method"] or ("did" if o["time"] else "match" if covariates else "means")
        try:
            ev = evaluate_csv(o["data"], unit=o["unit"], time=o["time"], outcome=o["outcome"], treated=o["treated"],
                              post=o["post"], covariates=covariates, method=method, bootstrap=o["bootstrap"],
                              seed=o["seed"], sensitivity=o["sensitivity"])
        except FileNotFoundError as error:
            raise CommandError(f"no such file: {o['data']}") from error
        except (ValueError, KeyError) as error:
            raise CommandError(str(error)) from error
        except Exception as error:  # polars column errors and the like: one line, not a traceback
            raise CommandError(f"{type(error).__name__}: {error}") from error
        self.stdout.write(ev.to_json(indent=2) if o["json"] else format_report(ev))
