"""The executive dashboard at scale: time of its figures beside the bare SQL, and its query count.

    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/uplift_bench \\
        .venv/bin/python benchmarks/dashboard_national.py [--repeat 5] [--setup --treated 20000 --waitlist 10000]

Runs against a database that already holds the registry (e.g. after benchmarks/national_demo_data.py).
`--setup` first adds a demo round with enrolments, observations, economic value (demo-outcomes,
without the causal evaluation). Prints, for an executive (whole country) and a regional officer:
the selector's time, the whole page's time, the query count, the page's own statements replayed bare
on a cursor (what is left is Python: grouping, the bootstrap, rendering), and one GROUP BY of the value
rows over that actor's own scope (and nationally): the least SQL the value figures need.
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
    from uplift.dashboards.selectors import dashboard_figures
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

    bare_s = timed(bare, args.repeat)
    for label, user, centres in (("executive", executive, None), ("officer (centre 1)", officer, [1])):
        own_s = timed(lambda: bare(centres), args.repeat)
        selector_s = timed(lambda: dashboard_figures(user, round_.pk), args.repeat)
        client = Client()
        client.force_login(user)
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
                    cur.fetchall()

        replay_s = timed(replay, args.repeat)
        page_s = timed(lambda: client.get("/dashboards/"), args.repeat)
        print(f"{label:20s} figures {selector_s * 1000:7.0f} ms   page {page_s * 1000:7.0f} ms   "
              f"queries {len(queries)}   its own statements replayed bare {replay_s * 1000:6.0f} ms "
              f"(page / replay {page_s / replay_s:.1f}x)   one GROUP BY of its scope {own_s * 1000:6.0f} ms "
              f"(page / that {page_s / own_s:.1f}x; national {bare_s * 1000:.0f} ms)")


if __name__ == "__main__":
    main()
