from django.core.management.base import BaseCommand, CommandError

from uplift.access.cli import actor_from_options, add_actor_argument
from uplift.outcomes.causal import evaluation_run
from uplift.outcomes.evaluation import METHODS


class Command(BaseCommand):
    help = "Run and store the causal evaluation of a round (monthly sales, enrolled vs waitlist) — or of one activity."

    def add_arguments(self, parser):
        parser.add_argument("round", type=int)
        add_actor_argument(parser)
        parser.add_argument("--activity", type=int, help="RoundActivity id")
        parser.add_argument("--method", choices=list(METHODS), default="match-did")
        parser.add_argument("--bootstrap", type=int, default=200)

    def handle(self, *args, **o):
        from django.core.exceptions import PermissionDenied, ValidationError
        from django.http import Http404

        actor = actor_from_options(o)
        try:
            rec = evaluation_run(actor=actor, round_id=o["round"], round_activity_id=o["activity"], method=o["method"],
                                 bootstrap=o["bootstrap"])
        except Http404:
            raise CommandError(f"no round {o['round']}") from None
        except (PermissionDenied, ValidationError) as error:
            raise CommandError(str(error)) from None
        if rec.error:
            raise CommandError(f"evaluation {rec.pk} stored without an estimate: {rec.error}")
        self.stdout.write(f"evaluation {rec.pk}: ATT {rec.att:.2f} (SE {rec.se:.2f}, 95% CI {rec.ci_low:.2f} to "
                          f"{rec.ci_high:.2f}); treated {rec.n_treated}, comparison {rec.n_control}"
                          + ("; PRE-TREND FLAGGED" if rec.pretrend_flagged else "")
                          + f"; {rec.plan_status.replace('_', ' ')}"
                          + (f" against plan v{rec.plan.version} {rec.plan.sha256[:12]}" if rec.plan else " (no frozen plan)"))
