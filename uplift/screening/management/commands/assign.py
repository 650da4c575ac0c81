"""`uplift assign --round R --scenario S`: run a scenario here and now (no worker needed) and report."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from uplift.screening.models import Run, Scenario
from uplift.screening.services import run_execute, scenario_config


class Command(BaseCommand):
    help = "Solve a screening scenario: select entrepreneurs and assign them to the round's activities."

    def add_arguments(self, parser):
        parser.add_argument("--round", type=int, required=True, help="round id")
        parser.add_argument("--scenario", required=True, help="scenario id or name")
        parser.add_argument("--in-process", action="store_true", help="solve in this process, not a child process")

    def handle(self, *args, round, scenario, in_process, **options):
        scenarios = Scenario.objects.filter(round_id=round)
        found = scenarios.filter(pk=int(scenario)).first() if str(scenario).isdigit() else scenarios.filter(name=scenario).first()
        if found is None:
            raise CommandError(f"No scenario {scenario!r} in round {round}.")
        run = Run.objects.create(scenario=found, config=scenario_config(found), progress="queued (CLI)")
        in_subprocess = False if in_process else getattr(settings, "SCREENING_SOLVE_IN_SUBPROCESS", True)
        run = run_execute(run_id=run.pk, in_subprocess=in_subprocess)
        gap = f"{run.gap:.4%}" if run.gap is not None else "—"
        self.stdout.write(
            f"run {run.pk}: {run.status} / solver {run.solver_status}; selected {run.selected or 0:,}; "
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
