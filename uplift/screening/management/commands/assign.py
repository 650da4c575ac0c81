"""`uplift assign --round R --scenario S --user U`: run a scenario here and now (no worker needed) and report.

The run is started through the same action as the web page's Run button (``runs.run_start``):
checked against the access policy and audited as ``--user`` (``--user system`` for batch work).
"""

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.http import Http404

from uplift.access.cli import actor_from_options, add_actor_argument
from uplift.screening import selectors
from uplift.screening.execution import run_execute
from uplift.screening.runs import run_start


class Command(BaseCommand):
    help = "Solve a screening scenario: select entrepreneurs and assign them to the round's activities."

    def add_arguments(self, parser):
        parser.add_argument("--round", type=int, required=True, help="round id")
        parser.add_argument("--scenario", required=True, help="scenario id or name")
        parser.add_argument("--in-process", action="store_true", help="solve in this process, not a child process")
        add_actor_argument(parser)

    def handle(self, *args, round, scenario, in_process, **options):
        actor = actor_from_options(options)
        try:
            found = selectors.scenario_find(user=actor, round_id=round, ref=scenario)
            if found is None:
                raise CommandError(f"No scenario {scenario!r} in round {round}.")
            run = run_start(actor=actor, scenario_id=found.pk, enqueue=False)
        except (PermissionDenied, Http404) as error:
            raise CommandError(f"{actor.username} may not run this scenario ({error}).") from None
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from None
        in_subprocess = False if in_process else getattr(settings, "SCREENING_SOLVE_IN_SUBPROCESS", True)
        run = run_execute(run_id=run.pk, in_subprocess=in_subprocess)
        self.stdout.write(f"run {run.pk}: {run.status}; {selectors.run_quality(run)}")
        if not selectors.national_figures(actor):
            return
        gap = f"{run.gap:.4%}" if run.gap is not None else "—"
        self.stdout.write(
            f"solver {run.solver_status} ({run.method}); selected {run.selected or 0:,}; "
            f"objective {run.objective or 0:.3f}; LP bound {run.lp_bound or 0:.3f}; gap {gap}; "
            f"greedy {run.greedy_objective or 0:.3f} ({run.greedy_selected or 0:,} selected); "
            f"budget used {run.budget_used or 0:,.0f} of {run.config['budget']:,.0f} baht"
        )
        t = run.timings
        self.stdout.write(f"times (s): prepare {t['prepare']}, solve {t['solve']} (solver {t['solver']}), "
                          f"greedy {t['greedy']}, save {t['save']}, total {t['total']}; "
                          f"pairs {t['pairs_full'] or 0:,} → {t['pairs_solved'] or 0:,} after the reduction")
        if run.notes:
            self.stdout.write("notes: " + "; ".join(run.notes))
