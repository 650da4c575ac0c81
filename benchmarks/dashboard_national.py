"""The executive dashboard at scale: time of its figures beside the bare SQL, and its query count.

    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/uplift_bench \\
        .venv/bin/python benchmarks/dashboard_national.py [--repeat 5] [--setup --treated 20000 --waitlist 10000]

Runs against a database that already holds the registry (e.g. after benchmarks/national_demo_data.py).
`--setup` first adds a demo round with enrolments, observations, economic value (demo-outcomes,
without the causal evaluation). For an executive (whole country) and a regional officer it prints:

- one GROUP BY of the value rows over that actor's own scope: the least SQL the value figures need;
- the page cold: the figures counted from the rows (what the value job does once per change, see
  ``outcomes.figures``), and its ratio to that GROUP BY;
- the page as readers get it: the kept figures of the scope read back, with its query count, the
  page's own statements replayed bare on a cursor, and what is left (Python: labels, rendering).
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "uplift.settings")

BARE_SQL = """
SELECT p.code, c.number, ra.activity_id, v.component, SUM(v.amount), COUNT(DISTINCT v.entrepreneur_id)
FROM outcomes_economicvalue v
JOIN registry_entrepreneur e ON e.id = v.entrepreneur_id
JOIN geo_province p ON p.code = e.province_id
LEFT JOIN geo_regionalcentre c ON c.id = p.centre_id
JOIN programme_enrolment en ON en.id = v.enrolment_id
JOIN programme_roundactivity ra ON ra.id = en.round_activity_id
WHERE v.round_id = %s AND (%s::int[] IS NULL OR c.number = ANY(%s::int[]))
GROUP BY p.code, c.number, ra.activity_id, v.component
"""


def timed(fn, repeat):
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--setup", action="store_true")
    parser.add_argument("--treated", type=int, default=20_000)
    parser.add_argument("--waitlist", type=int, default=10_000)
    args = parser.parse_args()

    import django

    django.setup()
    from django.conf import settings

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client

    from uplift.access.models import Role
    from uplift.access import policy
    from uplift.access.actions import user_create
    from uplift.outcomes.models import EconomicValue
    from uplift.programme.models import Round
    from uplift.registry.models import Entrepreneur

    if args.setup:
        from uplift.outcomes.demo import demo_outcomes_load

        t = time.perf_counter()
        demo_outcomes_load(actor=policy.system_actor(), treated=args.treated, waitlist=args.waitlist, evaluate=False)
        print(f"setup: {time.perf_counter() - t:.1f} s")
    round_ = Round.objects.first()
    if round_ is None:
        sys.exit("no round: run with --setup")
    if connection.vendor == "postgresql":
        with connection.cursor() as cur:
            cur.execute("ANALYZE")  # the planner's statistics of freshly loaded rows, as autovacuum would keep them
    users = get_user_model().objects
    executive = users.filter(username="bench-executive").first() or user_create(
        actor=policy.system_actor(), username="bench-executive", password="bench-only-2563", role=Role.EXECUTIVE)
    officer = users.filter(username="bench-officer").first() or user_create(
        actor=policy.system_actor(), username="bench-officer", password="bench-only-2563", role=Role.REGIONAL_OFFICER, centres=[1])
    print(f"entrepreneurs {Entrepreneur.objects.count():,}, economic value rows "
          f"{EconomicValue.objects.filter(round=round_).count():,}, database {connection.vendor}")

    def bare(centres=None):
        with connection.cursor() as cur:
            cur.execute(BARE_SQL, [round_.pk, centres, centres])
            cur.fetchall()

    from uplift.outcomes.models import FigureSnapshot

    bare_s = timed(bare, args.repeat)
    print(f"one GROUP BY of the national value rows: {bare_s * 1000:.0f} ms")
    print(f"{'page':<20}{'GROUP BY ms':>12}{'cold ms':>9}{'cold ×':>8}{'page ms':>9}{'page ×':>8}{'queries':>8}"
          f"{'its SQL ms':>11}{'Python ms':>10}")
    for label, user, centres in (("executive", executive, None), ("officer (centre 1)", officer, [1])):
        own_s = timed(lambda: bare(centres), args.repeat)
        client = Client()
        client.force_login(user)

        def cold():
            FigureSnapshot.objects.all().delete()
            assert client.get("/dashboards/").status_code == 200

        cold_s = timed(cold, args.repeat)
        queries = []

        def count(execute, sql, params, many, context):
            queries.append((sql, params))
            return execute(sql, params, many, context)

        with connection.execute_wrapper(count):
            assert client.get("/dashboards/").status_code == 200

        def replay():
            with connection.cursor() as cur:
                for sql, params in queries:
                    cur.execute(sql, params)
                    if cur.description:
                        cur.fetchall()

        replay_s = timed(replay, args.repeat)
        page_s = timed(lambda: client.get("/dashboards/"), args.repeat)
        print(f"{label:<20}{own_s * 1000:>12.0f}{cold_s * 1000:>9.0f}{cold_s / own_s:>8.1f}{page_s * 1000:>9.1f}"
              f"{page_s / own_s:>8.2f}{len(queries):>8}{replay_s * 1000:>11.1f}{(page_s - replay_s) * 1000:>10.1f}")


if __name__ == "__main__":
    main()
