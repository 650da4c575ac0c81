"""End-to-end screening run on demo data: registry → snapshot → exact solve → stored results.

Times each stage of `run_execute` (reading the registry and scoring, the solve in its child
process, the greedy baseline, writing the snapshot) and one explanation, on a scratch
database. Run from the project root, never against real data::

    UPLIFT_VAR_DIR=/tmp/bench-scr .venv/bin/python benchmarks/assignment_pipeline.py [--n 20000]

It migrates the scratch SQLite database, loads reference data and `--n` demo entrepreneurs
(replacing any), creates the demo round (`uplift demo-round`) and runs its default scenario
with regional quotas per centre added.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=2564)
    args = parser.parse_args()
    if "UPLIFT_VAR_DIR" not in os.environ:
        sys.exit("Set UPLIFT_VAR_DIR to a scratch directory.")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "uplift.settings")
    import django

    django.setup()
    from django.core.management import call_command

    from uplift.access import policy
    from uplift.core.reference import reference_load
    from uplift.registry.demo.load import demo_data_load
    from uplift.screening import selectors
    from uplift.screening.execution import run_execute
    from uplift.screening.management.commands.demo_round import demo_round_create
    from uplift.screening.rounds import DEFAULT_PLACES
    from uplift.screening.runs import run_start
    from uplift.screening.scenarios import scenario_update

    call_command("migrate", verbosity=0)
    reference_load(actor=policy.system_actor())
    started = time.perf_counter()
    demo_data_load(actor=policy.system_actor(), n_entrepreneurs=args.n, seed=args.seed, replace=True, accounts=True)
    loaded = time.perf_counter() - started
    from uplift.programme.models import Enrolment, Round

    Enrolment.objects.all().delete()
    Round.objects.all().delete()
    round_ = demo_round_create(actor=_admin())
    scenario = round_.scenarios.first()
    target = max(1100, args.n // 5)
    quotas = {str(c): {"min": 40, "max": max(100, target // 4)} for c in range(1, 12)}
    scale = max(1, args.n // 5000)
    scenario_update(actor=_admin(), scenario_id=scenario.pk, data={
        "quota_level": "centre", "quotas": quotas, "min_selected": target,
        "budget": 30_000_000 * scale, "places": {str(k): v * scale for k, v in DEFAULT_PLACES.items()},
    })
    scenario.refresh_from_db()
    run = run_start(actor=_admin(), scenario_id=scenario.pk, enqueue=False)
    begun = time.perf_counter()
    run = run_execute(run_id=run.pk, in_subprocess=True)
    wall = time.perf_counter() - begun
    pk = run.rows.filter(is_selected=False).values_list("entrepreneur_id", flat=True).first()
    explain_started = time.perf_counter()
    selectors.explanation(user=_admin(), run=run, entrepreneur_id=pk)
    explain = time.perf_counter() - explain_started
    print(json.dumps({
        "entrepreneurs": args.n, "demo_load_seconds": round(loaded, 1), "status": run.status,
        "solver_status": run.solver_status, "selected": run.selected, "objective": run.objective,
        "lp_bound": run.lp_bound, "gap": run.gap, "greedy_objective": run.greedy_objective,
        "run_wall_seconds": round(wall, 2), "timings": run.timings, "explanation_seconds": round(explain, 2),
        "peak_rss_mb_parent": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "peak_rss_mb_solver_child": round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, 1),
    }, indent=2))


def _admin():
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(username="admin")


if __name__ == "__main__":
    main()
