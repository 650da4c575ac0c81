"""National assignment benchmark (issue 18): the pilot and the national expansion, 100,000 × 7.

Instances (``assignment_instances.py``): m = 2, the budget pays 70% of all places;
``x1-centre`` the pilot's 1,830 places and quotas per regional centre (11); ``x10-centre``,
``x10-province`` (77) and ``x10-both`` ten times the places (~11,000 to select) with quotas
per centre, per province, or both together.

For each instance: the method (``lagrangian``) to a gap ≤ 0.1% and to the proven optimum;
the greedy baseline; the method under a short cap (``--short-cap``: the incumbent and its
proven gap); the previous method (HiGHS on the exactly reduced pair model, no start) and
the unreduced model, both under ``--cap``. Every run has its own subprocess, so peak memory
(``ru_maxrss``) is that run's own and an overrunning baseline is killed. Run from the
project root (about 9 minutes with the default caps, most of it the baselines running into
them; ``--quick`` skips the baselines and takes under a minute)::

    .venv/bin/python benchmarks/assignment_national.py [--n 100000] [--cap 30] [--today-cap 60] [--quick]
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from assignment_instances import PLACES, national_instance  # noqa: E402

from uplift.screening.core import greedy_assignment, solve_assignment  # noqa: E402

INSTANCES = {
    "x1-centre": dict(scale=1, quotas="centre"),
    "x10-centre": dict(scale=10, quotas="centre"),
    "x10-province": dict(scale=10, quotas="province"),
    "x10-both": dict(scale=10, quotas="both"),
}
RUNS = {
    "method 0.1%": dict(mip_rel_gap=1e-3),
    "method optimum": dict(mip_rel_gap=1e-9),
    "method capped": dict(mip_rel_gap=1e-9),
    "previous": dict(method="milp", lp_bound=False, warm_start=False, mip_rel_gap=1e-6),
    "unreduced": dict(reduce=False, lp_bound=False, warm_start=False, mip_rel_gap=1e-6),
}


def run_one(instance: str, run: str, n: int, seed: int, cap: float) -> dict:
    problem = national_instance(n, seed, **INSTANCES[instance])
    started = time.perf_counter()
    result = greedy_assignment(problem) if run == "greedy" else solve_assignment(
        problem, time_limit=cap, threads=1, **RUNS[run])
    wall = time.perf_counter() - started
    return {
        "instance": instance, "run": run, "wall": wall, "status": result.status, "objective": result.objective,
        "bound": result.dual_bound, "lp_bound": result.lp_bound, "gap": result.gap,
        "source": result.incumbent_source, "phases": dict(result.phases), "selected": result.n_selected,
        "places": int(result.activity_used.sum()),
        "size_full": vars(result.size_full) if result.size_full else None,
        "size_solved": vars(result.size_solved) if result.size_solved else None,
        "peak_rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def in_subprocess(instance: str, run: str, n: int, seed: int, cap: float) -> dict:
    command = [sys.executable, __file__, "--one", instance, run, "--n", str(n), "--seed", str(seed), "--cap", str(cap)]
    started = time.perf_counter()
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=cap + 60, check=False)
    except subprocess.TimeoutExpired:
        return {"instance": instance, "run": run, "status": "killed", "wall": time.perf_counter() - started}
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    if done.returncode or not lines:
        return {"instance": instance, "run": run, "status": f"crashed ({done.returncode})", "wall": None,
                "stderr": done.stderr[-2000:]}
    return json.loads(lines[-1])


def _fmt(value, spec: str) -> str:
    return "—" if value is None else format(value, spec)


def report(n: int, seed: int, cap: float, today_cap: float, short_cap: float, quick: bool, only: list[str]) -> None:
    print(f"{n:,} entrepreneurs × 7 activities, m = 2, budget 70% of all places; pilot places {PLACES.sum():,}"
          f" (×10: {10 * PLACES.sum():,}); seed {seed}; HiGHS on 1 thread\n")
    header = (f"{'instance':13} {'run':15} {'wall s':>7} {'status':11} {'objective':>12} {'bound':>12}"
              f" {'gap':>9} {'greedy':>7} {'peak MiB':>8}  where the time goes")
    print(header)
    print("-" * len(header))
    summary = []
    for instance in only or INSTANCES:
        plan = [("method 0.1%", 120.0), ("method optimum", 120.0), ("method capped", short_cap), ("greedy", 0.0)]
        if not quick:
            plan += [("previous", today_cap if instance == "x10-centre" else cap), ("unreduced", cap)]
        rows = {run: in_subprocess(instance, run, n, seed, limit) for run, limit in plan}
        greedy = rows["greedy"].get("objective")
        for run, row in rows.items():
            share = greedy / row["objective"] if greedy and row.get("objective") else None
            phases = " ".join(f"{k} {v:.2f}" for k, v in row.get("phases", {}).items())
            print(f"{instance:13} {run:15} {_fmt(row.get('wall'), '7.2f')} {row['status']:11}"
                  f" {_fmt(row.get('objective'), '12,.1f')} {_fmt(row.get('bound'), '12,.1f')}"
                  f" {_fmt(row.get('gap'), '9.5%')} {_fmt(share, '7.2%')} {_fmt(row.get('peak_rss_mib'), '8,.0f')}"
                  f"  {phases}")
        best = rows["method optimum"]
        full, restricted = best.get("size_full"), best.get("size_solved")
        if full and restricted:
            print(f"{'':13} full pair model {full['entrepreneurs']:,} entrepreneurs, {full['pairs']:,} pairs;"
                  f" last restricted model {restricted['entrepreneurs']:,} free entrepreneurs,"
                  f" {restricted['columns']:,} options")
        summary.append((instance, rows))
    print()
    for instance, rows in summary:
        fast, best = rows["method 0.1%"], rows["method optimum"]
        line = (f"{instance}: ≤ 0.1% in {_fmt(fast.get('wall'), '.2f')} s (gap {_fmt(fast.get('gap'), '.5%')}),"
                f" optimum proven in {_fmt(best.get('wall'), '.2f')} s")
        for name in ("previous", "unreduced"):
            other = rows.get(name)
            if other and other.get("wall") and best.get("wall"):
                proven = other["status"] == "optimal"
                ratio = other["wall"] / best["wall"]
                line += f"; {name} {other['status']} after {other['wall']:.1f} s → {'' if proven else '≥ '}{ratio:.0f}×"
        print(line)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--cap", type=float, default=30.0, help="time cap of the baselines")
    parser.add_argument("--today-cap", type=float, default=60.0, help="cap of the previous method at x10-centre")
    parser.add_argument("--short-cap", type=float, default=0.8, help="cap of the capped run")
    parser.add_argument("--quick", action="store_true", help="skip the previous method and the unreduced model")
    parser.add_argument("--instance", action="append", choices=list(INSTANCES), help="only these instances")
    parser.add_argument("--one", nargs=2, metavar=("INSTANCE", "RUN"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(run_one(args.one[0], args.one[1], args.n, args.seed, args.cap)))
    else:
        report(args.n, args.seed, args.cap, args.today_cap, args.short_cap, args.quick, args.instance or [])


if __name__ == "__main__":
    main()
