"""National-scale assignment benchmark: 100,000 entrepreneurs × 7 activities, 11 centres.

Each solve runs in its own subprocess, so peak memory (``ru_maxrss``) is that solve's own
and a stalled unreduced solve can be killed. Run from the project root::

    .venv/bin/python benchmarks/assignment_national.py [--n 100000] [--cap 60] [--long-cap 900]

The unreduced model is solved twice: under ``--cap`` (HiGHS may overrun its own limit in
the root LP, hence the kill), and under ``--long-cap`` to measure its time to the optimum.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from uplift.screening.core import AssignmentProblem, greedy_assignment, solve_assignment  # noqa: E402

ACTIVITIES = 7
CENTRES = 11
PLACES = np.array([150, 400, 300, 200, 250, 180, 350])
COST = np.array([18_000, 12_000, 35_000, 45_000, 60_000, 30_000, 25_000], dtype=float)
ELIGIBLE_SHARE = np.array([0.9, 0.8, 0.25, 0.17, 0.6, 0.5, 0.7])


def national_instance(n: int = 100_000, seed: int = 7) -> AssignmentProblem:
    """A synthetic national round: the budget pays ~70% of all places, m = 2, quotas per centre."""
    rng = np.random.default_rng(seed)
    share = rng.dirichlet(np.full(CENTRES, 4.0))
    group = rng.choice(CENTRES, size=n, p=share)
    impact = rng.beta(2.0, 3.0, size=n)
    fit = rng.beta(2.0, 2.0, size=(n, ACTIVITIES))
    eligible = rng.random((n, ACTIVITIES)) < ELIGIBLE_SHARE
    benefit = np.round(impact[:, None] * fit * 1000.0, 1)
    benefit[~eligible] = np.nan
    target = 1_100
    quota_min = np.floor(0.6 * target * share).astype(int)
    quota_max = np.ceil(1.15 * target * share).astype(int)
    return AssignmentProblem(
        benefit=benefit, capacity=PLACES, cost=COST,
        budget=0.7 * float(PLACES @ COST), max_per_entrepreneur=2,
        group=group, quota_min=quota_min, quota_max=quota_max, selected_min=1_000,
    )


def _describe(result) -> dict:
    return {
        "status": result.status, "objective": result.objective, "lp_bound": result.lp_bound,
        "dual_bound": result.dual_bound, "gap": result.gap, "seconds": result.solve_seconds,
        "reduction_seconds": result.reduction_seconds, "selected": result.n_selected,
        "places": int(result.activity_used.sum()), "budget_used": result.budget_used,
        "capacity_bound": result.capacity_bound.tolist(), "budget_bound": result.budget_bound.tolist(),
        "size_full": vars(result.size_full) if result.size_full else None,
        "size_solved": vars(result.size_solved) if result.size_solved else None,
        "notes": list(result.notes),
    }


PHASES = {
    "reduced": dict(lp_bound=False),
    "reduced+lp": dict(lp_bound=True),
    "reduced-0.1%": dict(lp_bound=False, mip_rel_gap=1e-3),
    "unreduced": dict(reduce=False, lp_bound=False),
}


def run_phase(phase: str, n: int, seed: int, cap: float) -> dict:
    problem = national_instance(n, seed)
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    if phase == "greedy":
        result = greedy_assignment(problem)
    else:
        result = solve_assignment(problem, time_limit=cap, **PHASES[phase.split(":")[0]])
    wall = time.perf_counter() - started
    out = _describe(result)
    out.update(phase=phase, wall=wall, rss_before_mib=rss_before / 1024,
               peak_rss_mib=resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    return out


def in_subprocess(phase: str, n: int, seed: int, cap: float, kill_after: float) -> dict:
    command = [sys.executable, __file__, "--phase", phase, "--n", str(n), "--seed", str(seed), "--cap", str(cap)]
    started = time.perf_counter()
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=kill_after, check=False)
    except subprocess.TimeoutExpired:
        return {"phase": phase, "status": "killed", "wall": time.perf_counter() - started}
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    if done.returncode or not lines:
        return {"phase": phase, "status": f"crashed ({done.returncode})", "stderr": done.stderr[-2000:]}
    return json.loads(lines[-1])


def _fmt(value, spec: str = ",.1f") -> str:
    return "—" if value is None else format(value, spec)


def report(n: int, seed: int, cap: float, long_cap: float) -> None:
    print(f"instance: {n:,} entrepreneurs × {ACTIVITIES} activities, {CENTRES} centres, seed {seed}")
    print(f"places {PLACES.tolist()} (total {PLACES.sum():,}), budget 70% of all places, m = 2,"
          " quotas per centre, ≥1,000 selected")
    rows = [in_subprocess(phase, n, seed, 120.0, 300.0) for phase in ("reduced", "reduced+lp", "reduced-0.1%")]
    rows.append(in_subprocess("greedy", n, seed, 0.0, 300.0))
    rows.append(in_subprocess(f"unreduced:{cap:g}s", n, seed, cap, cap + 30.0))
    if long_cap > 0:
        rows.append(in_subprocess(f"unreduced:{long_cap:g}s", n, seed, long_cap, long_cap + 60.0))
    reduced = rows[0]
    full, solved = reduced["size_full"], reduced["size_solved"]
    print("\nmodel sizes   entrepreneurs     pairs   columns      rows   nonzeros")
    for name, size in (("full", full), ("reduced", solved)):
        print(f"  {name:9} {size['entrepreneurs']:>14,} {size['pairs']:>9,} {size['columns']:>9,}"
              f" {size['rows']:>9,} {size['nonzeros']:>10,}")
    print(f"  kept {solved['entrepreneurs'] / full['entrepreneurs']:.1%} of entrepreneurs,"
          f" {solved['pairs'] / full['pairs']:.1%} of pairs; reduction {reduced['reduction_seconds']:.2f} s")
    print("\nphase                 wall s  status      objective       bound     gap   selected places  peak RSS")
    for row in rows:
        bound = row.get("dual_bound") if row.get("dual_bound") is not None else row.get("lp_bound")
        print(f"  {row['phase']:18} {_fmt(row.get('wall'), '7.2f')}  {row['status']:10}"
              f" {_fmt(row.get('objective'), '11,.1f')} {_fmt(bound, '11,.1f')} {_fmt(row.get('gap'), '7.3%')}"
              f" {row.get('selected', '—'):>8} {row.get('places', '—'):>6} {_fmt(row.get('peak_rss_mib'), '6,.0f')} MiB")
    lp = rows[1]
    if lp.get("lp_bound") is not None:
        print(f"\nLP relaxation bound of the reduced model: {lp['lp_bound']:,.2f}")
    greedy = rows[3]
    if reduced.get("objective") and greedy.get("objective"):
        print(f"greedy / optimum = {greedy['objective'] / reduced['objective']:.4f}")
    unreduced = rows[-1]
    if reduced.get("status") == "optimal":
        ratio = unreduced["wall"] / reduced["wall"]
        proven = unreduced.get("status") == "optimal"
        same = proven and abs(unreduced["objective"] - reduced["objective"]) <= 1e-6 * abs(reduced["objective"])
        print(f"speed-up unreduced / reduced to proven optimum: {ratio:,.0f}×"
              + ("" if proven else " (lower bound: the unreduced solve did not finish)")
              + (", same optimum" if same else ""))
        print(f"binding: places {reduced['capacity_bound']}; money left short for {reduced['budget_bound']}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--cap", type=float, default=60.0, help="time cap of the unreduced solve")
    parser.add_argument("--long-cap", type=float, default=900.0,
                        help="second unreduced solve to measure its time to optimum (0 = skip)")
    parser.add_argument("--phase", default=None)
    args = parser.parse_args()
    if args.phase:
        print(json.dumps(run_phase(args.phase, args.n, args.seed, args.cap)))
    else:
        report(args.n, args.seed, args.cap, args.long_cap)


if __name__ == "__main__":
    main()
