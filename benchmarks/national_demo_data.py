"""Time the national demo data (93,000 entrepreneurs, ~190,000 products, 36 months of sales) on PostgreSQL.

    .venv/bin/python benchmarks/national_demo_data.py [--entrepreneurs 93000] [--seed 1]
        [--database-url postgresql://postgres@127.0.0.1:5432/uplift_bench]

Drops and recreates the database named in the URL, migrates, loads reference data, then loads
the demo data and prints time per phase, rows per second per table and overall, peak memory
(ru_maxrss) and the final row counts.
"""

import argparse
import os
import resource
import sys
import time
from pathlib import Path
from urllib.parse import urlparse, urlunparse

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def recreate_database(url: str) -> None:
    import psycopg

    parts = urlparse(url)
    name = parts.path.lstrip("/")
    admin = urlunparse(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--entrepreneurs", type=int, default=93_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--database-url", default="postgresql://postgres@127.0.0.1:5432/uplift_bench")
    args = parser.parse_args()
    if not args.database_url.startswith(("postgres://", "postgresql://")):
        parser.error("the benchmark recreates a PostgreSQL database; give a postgresql:// URL")

    recreate_database(args.database_url)
    os.environ["DATABASE_URL"] = args.database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "uplift.settings")
    import django

    django.setup()
    from django.core.management import call_command

    from uplift.access import policy
    from uplift.core.reference import reference_load
    from uplift.registry.demo.load import Step, demo_data_load
    from uplift.registry.models import Entrepreneur, MonthlySales, Person, Product, ProductStandard

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    reference_load(actor=policy.system_actor())
    print(f"fresh database, migrated, reference data loaded in {time.perf_counter() - started:.1f} s")

    steps: list[Step] = []

    def progress(step: Step) -> None:
        if step.done:
            steps.append(step)
        else:
            print(f"  {step.name}: {step.rows:,} rows …", flush=True)

    started = time.perf_counter()
    counts = demo_data_load(actor=policy.system_actor(), n_entrepreneurs=args.entrepreneurs, seed=args.seed, replace=False, progress=progress)
    total_seconds = time.perf_counter() - started

    tables = {"entrepreneurs", "people", "products", "standards", "sales"}
    write_seconds = sum(s.seconds for s in steps if s.name in tables)
    rows = sum(counts[t] for t in tables)
    print(f"\n{'phase':<14}{'rows':>12}{'seconds':>10}{'rows/s':>12}")
    for s in steps:
        rate = f"{s.rows / s.seconds:,.0f}" if s.rows and s.seconds else ""
        print(f"{s.name:<14}{s.rows:>12,}{s.seconds:>10.2f}{rate:>12}")
    print(f"{'write (all)':<14}{rows:>12,}{write_seconds:>10.2f}{rows / write_seconds:>12,.0f}")
    print(f"{'overall':<14}{rows:>12,}{total_seconds:>10.2f}{rows / total_seconds:>12,.0f}")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(f"\npeak memory (ru_maxrss): {peak / 1024:,.0f} MiB")
    final = {m._meta.db_table: m.objects.count() for m in (Entrepreneur, Person, Product, ProductStandard, MonthlySales)}
    print("final row counts: " + ", ".join(f"{k} {v:,}" for k, v in final.items()))
    provinces = Entrepreneur.objects.values("province").distinct().count()
    print(f"provinces with entrepreneurs: {provinces}")


if __name__ == "__main__":
    main()
