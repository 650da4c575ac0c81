"""National-scale evaluation: 100,000 entrepreneurs × 36 months, matching + DiD + 200 bootstrap draws.

Run: .venv/bin/python benchmarks/evaluation_national.py [--units N] [--months T] [--draws B]
Target (issue 6): ≤ 10 s on 2 cores. Prints wall time per phase and the process's peak RSS.
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from uplift.outcomes.evaluation import evaluate  # noqa: E402
from uplift.outcomes.evaluation.synthetic import simulate_panel  # noqa: E402


def peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, default=100_000)
    parser.add_argument("--months", type=int, default=36)
    parser.add_argument("--draws", type=int, default=200)
    parser.add_argument("--effect", type=float, default=5.0)
    parser.add_argument("--method", default="match-did", choices=["did", "match", "match-did", "cs"])
    args = parser.parse_args()

    start = time.perf_counter()
    frame = simulate_panel(
        n_units=args.units,
        n_periods=args.months,
        start=args.months // 2,
        effect=args.effect,
        treated_share=0.2,
        selection=1.0,
        x_trend=0.05,
        seed=2026,
    )
    generated = time.perf_counter()
    print(f"data       {frame.height:,} rows ({args.units:,} units × {args.months} months) in {generated - start:.2f} s; "
          f"peak RSS so far {peak_mib():.0f} MiB")

    start, cpu = time.perf_counter(), time.process_time()
    ev = evaluate(
        frame, unit="unit", time="month", outcome="y", treated="group", post="post",
        covariates=("x1", "x2"), method=args.method, bootstrap=args.draws, seed=1,
    )
    elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
    print(f"evaluation {args.method} + event study + {args.draws} bootstrap draws: {elapsed:.2f} s wall, "
          f"{cpu:.2f} s CPU (target ≤ 10 s; {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f})")
    print(f"peak RSS   {peak_mib():.0f} MiB (whole process, data included)")
    print(f"ATT        {ev.att:.4f} (planted {args.effect}), SE {ev.se:.4f}, 95% CI [{ev.ci_low:.4f}, {ev.ci_high:.4f}], "
          f"bootstrap SE {ev.bootstrap_se}")
    print(f"N          treated {ev.n_treated:,}, control {ev.n_control:,}, matched treated {ev.n_matched_treated}, "
          f"matched controls {ev.n_matched_control}, off support {ev.n_off_support}, unmatched {ev.n_unmatched}")
    print("balance    " + ", ".join(f"{r.covariate} {r.smd_before:+.3f}→{r.smd_after:+.3f}" for r in ev.balance))
    if ev.event_study and ev.event_study.pretrend:
        p = ev.event_study.pretrend
        print(f"pre-trend  χ²({p.df}) = {p.statistic:.1f}, p = {p.p_value:.3f}, flagged {p.flagged}")


if __name__ == "__main__":
    main()
