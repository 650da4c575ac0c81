"""Programme delivery at national scale on PostgreSQL: the workspaces' query counts and times.

    .venv/bin/python benchmarks/delivery_national.py [--scale 1.0] [--seed 1] [--repeat 5]
        [--database-url postgresql://postgres@127.0.0.1:5432/uplift_delivery_bench] [--reuse]

At --scale 1: 100,000 entrepreneurs (the registry's demo generator), 60,000 enrolments in 7
activities, 500 consultants, 20,000 sessions and 1,000,000 attendance rows, ~270,000 milestones.
Drops and recreates the database, migrates, loads, then for the consultant's, the officer's and the
entrepreneur's pages (workspace, session, overdue) prints: queries, the page's median time and the
median time of the same SQL run bare (the captured statements replayed on a cursor), and their ratio;
last, a bare Django view (/healthz) through the same middleware: the fixed cost of any page.
"""

import argparse
import io
import os
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))


def log(msg: str) -> None:
    print(msg, flush=True)


def load(scale: float, seed: int) -> dict:
    import random
    from decimal import Decimal

    from django.db import connection, transaction
    from django.utils import timezone

    from uplift.access.models import ConsultantAssignment, Role
    from uplift.access import policy
    from uplift.access.actions import user_create
    from uplift.programme.models import (
        Activity, Cohort, Enrolment, EnrolmentCohort, Milestone, MilestoneTemplate, Round, RoundActivity, Session,
    )
    from uplift.registry.demo.load import demo_data_load
    from uplift.registry.models import Entrepreneur

    rng = random.Random(seed)
    n_entrepreneurs = int(100_000 * scale)
    n_enrolments = int(60_000 * scale)
    n_consultants = max(int(500 * scale), 2)
    n_sessions = int(20_000 * scale)
    per_session = 50  # 20,000 × 50 = 1,000,000 attendance rows

    t = time.perf_counter()
    demo_data_load(actor=policy.system_actor(), n_entrepreneurs=n_entrepreneurs, seed=seed, accounts=False)
    log(f"registry: {Entrepreneur.objects.count():,} entrepreneurs in {time.perf_counter() - t:.1f} s")

    t = time.perf_counter()
    today = timezone.localdate()
    with transaction.atomic():
        round_ = Round.objects.create(name="รอบทดสอบระดับประเทศ", starts_on=today - timedelta(days=45),
                                      ends_on=today + timedelta(days=100), budget=Decimal("500000000"),
                                      target_entrepreneurs=n_enrolments, target_value=Decimal("1000000000"))
        activities = list(Activity.objects.order_by("number"))
        ras = [RoundActivity.objects.create(round=round_, activity=a, places=n_enrolments, cost_per_place=Decimal("30000"),
                                            required_hours=12) for a in activities]
        templates = {a.pk: list(MilestoneTemplate.objects.filter(activity=a)) for a in activities}
        people = list(Entrepreneur.objects.values_list("pk", "province__centre_id").order_by("pk"))
        chosen = rng.sample(people, n_enrolments)
        started = today - timedelta(days=40)
        enrolments = Enrolment.objects.bulk_create([
            Enrolment(round_activity=ras[i % 7], entrepreneur_id=pk, status="active", started_on=started)
            for i, (pk, _c) in enumerate(chosen)], batch_size=5000)
        cohorts = {}
        for ra in ras:
            for centre in {c for _p, c in chosen}:
                cohorts[(ra.pk, centre)] = Cohort.objects.create(round_activity=ra, centre_id=centre)
        centre_of = dict(people)
        EnrolmentCohort.objects.bulk_create([
            EnrolmentCohort(enrolment=e, cohort=cohorts[(e.round_activity_id, centre_of[e.entrepreneur_id])])
            for e in enrolments], batch_size=5000)
        Milestone.objects.bulk_create([
            Milestone(enrolment=e, template=t_, due_on=started + timedelta(weeks=t_.due_week))
            for e in enrolments for t_ in templates[ras[[r.pk for r in ras].index(e.round_activity_id)].activity_id]],
            batch_size=10000)
        # consultants: each holds the entrepreneurs of one centre's slice, as in the field
        consultants = [user_create(actor=policy.system_actor(), username=f"consultant{i:03d}", password="x", role=Role.CONSULTANT) for i in range(n_consultants)]
        by_centre = sorted(enrolments, key=lambda e: (centre_of[e.entrepreneur_id] or 0, e.pk))
        share = -(-len(by_centre) // n_consultants)
        ConsultantAssignment.objects.bulk_create([
            ConsultantAssignment(consultant=consultants[i // share], entrepreneur_id=e.entrepreneur_id)
            for i, e in enumerate(by_centre)], batch_size=5000, ignore_conflicts=True)
        owner_of = {e.entrepreneur_id: consultants[i // share] for i, e in enumerate(by_centre)}
    log(f"enrolments {len(enrolments):,}, cohorts {len(cohorts)}, milestones {Milestone.objects.count():,}, "
        f"consultants {n_consultants} in {time.perf_counter() - t:.1f} s")

    # sessions: each in a cohort, run by the consultant of its first member; consultants never double-booked
    t = time.perf_counter()
    members: dict[int, list[int]] = {}
    entrepreneur_of = {}
    for e in by_centre:
        c = cohorts[(e.round_activity_id, centre_of[e.entrepreneur_id])]
        members.setdefault(c.pk, []).append(e.pk)
        entrepreneur_of[e.pk] = e.entrepreneur_id
    cohort_ids = [c for c, m in members.items()]
    weights = [len(members[c]) for c in cohort_ids]
    base = timezone.now().replace(minute=0, second=0, microsecond=0) - timedelta(days=40)
    slot: dict[int, int] = {}
    sessions = []
    cursor_of: dict[int, int] = {}
    for i in range(n_sessions):
        cid = rng.choices(cohort_ids, weights)[0]
        pos = cursor_of.get(cid, 0)
        first = members[cid][pos % len(members[cid])]
        staff = owner_of[entrepreneur_of[first]]
        k = slot.get(staff.pk, 0)
        slot[staff.pk] = k + 1
        starts = base + timedelta(hours=4 * k)  # 4-hour slots: 40 sessions a consultant, no overlap
        sessions.append(Session(cohort_id=cid, kind="workshop", topic=f"อบรม {i}", starts_at=starts,
                                ends_at=starts + timedelta(hours=3), subdistrict_id=None, staff=staff, capacity=60))
        cursor_of[cid] = pos + per_session
    Session.objects.bulk_create(sessions, batch_size=5000)
    log(f"sessions {len(sessions):,} in {time.perf_counter() - t:.1f} s")

    t = time.perf_counter()
    buf = io.StringIO()
    rows = 0
    seen_cursor: dict[int, int] = {}
    for s in sessions:
        m = members[s.cohort_id]
        pos = seen_cursor.get(s.cohort_id, 0)
        take = min(per_session, len(m))
        for j in range(take):
            eid = m[(pos + j) % len(m)]
            status = "present" if rng.random() < 0.85 else ("late" if rng.random() < 0.5 else "absent")
            hours = "3.0" if status == "present" else ("2.0" if status == "late" else "0")
            buf.write(f"{s.pk}\t{eid}\t{status}\t{hours}\t{s.starts_at.isoformat()}\n")
            rows += 1
        seen_cursor[s.cohort_id] = pos + take
    buf.seek(0)
    with connection.cursor() as cur:
        raw = cur.connection
        with raw.cursor().copy(
            "COPY programme_attendance (session_id, enrolment_id, status, hours, recorded_at) FROM STDIN") as copy:
            while chunk := buf.read(1 << 20):
                copy.write(chunk)
        cur.execute("ANALYZE")
    log(f"attendance {rows:,} rows in {time.perf_counter() - t:.1f} s")

    # the three users whose pages are measured
    consultant = max(consultants, key=lambda u: slot.get(u.pk, 0))
    officer = user_create(actor=policy.system_actor(), username="officer-bench", password="x", role=Role.REGIONAL_OFFICER, centres=[10])
    busiest = max(members, key=lambda c: len(members[c]))
    owner = user_create(actor=policy.system_actor(), username="owner-bench", password="x", role=Role.ENTREPRENEUR,
                        entrepreneur=Entrepreneur.objects.get(pk=entrepreneur_of[members[busiest][0]]))
    own_session = Session.objects.filter(staff=consultant).order_by("-starts_at").first()
    return {"consultant": consultant, "officer": officer, "owner": owner, "session": own_session}


def existing() -> dict:
    """The measured users of an earlier load (--reuse)."""
    from django.contrib.auth import get_user_model
    from django.db.models import Count

    from uplift.programme.models import Session

    users = get_user_model().objects
    busiest = Session.objects.values("staff").annotate(n=Count("pk")).order_by("-n", "staff").first()["staff"]
    consultant = users.get(pk=busiest)
    return {"consultant": consultant, "officer": users.get(username="officer-bench"),
            "owner": users.get(username="owner-bench"),
            "session": Session.objects.filter(staff=consultant).order_by("-starts_at").first()}


def measure(user, url: str, repeat: int) -> tuple[int, float, float]:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    client.force_login(user)
    assert client.get(url).status_code == 200, url  # warm
    page_times, sql_times, queries = [], [], 0
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as ctx:
            t = time.perf_counter()
            response = client.get(url)
            page_times.append(time.perf_counter() - t)
        assert response.status_code == 200
        queries = len(ctx.captured_queries)
        statements = [q["sql"] for q in ctx.captured_queries]
        t = time.perf_counter()
        with connection.cursor() as cur:
            for sql in statements:
                cur.execute(sql)
                if cur.description:
                    cur.fetchall()
        sql_times.append(time.perf_counter() - t)
    return queries, statistics.median(page_times) * 1000, statistics.median(sql_times) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", type=float, default=1.0, help="1.0 = 100,000 entrepreneurs, 20,000 sessions, 1,000,000 attendance rows")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--database-url", default="postgresql://postgres@127.0.0.1:5432/uplift_delivery_bench")
    parser.add_argument("--reuse", action="store_true", help="measure the database an earlier run loaded")
    args = parser.parse_args()
    if not args.database_url.startswith(("postgres://", "postgresql://")):
        parser.error("the benchmark recreates a PostgreSQL database; give a postgresql:// URL")

    from national_demo_data import recreate_database

    if not args.reuse:
        recreate_database(args.database_url)
    os.environ["DATABASE_URL"] = args.database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "uplift.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.urls import reverse

    from uplift.access import policy
    from uplift.core.reference import reference_load
    from uplift.programme.models import Attendance, Enrolment, Session

    from django.conf import settings

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]  # the test client, without the test
    # environment's template instrumentation, which copies every context a page renders

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # 500 benchmark accounts
    if args.reuse:
        who = existing()
    else:
        t = time.perf_counter()
        call_command("migrate", verbosity=0)
        reference_load(actor=policy.system_actor())
        log(f"fresh database, migrated, reference data in {time.perf_counter() - t:.1f} s")
        who = load(args.scale, args.seed)
    log(f"rows: enrolments {Enrolment.objects.count():,}, sessions {Session.objects.count():,}, "
        f"attendance {Attendance.objects.count():,}")
    pages = [
        ("consultant", "workspace", who["consultant"], reverse("programme:workspace")),
        ("consultant", "session + roster", who["consultant"], reverse("programme:session", args=[who["session"].pk])),
        ("consultant", "overdue", who["consultant"], reverse("programme:overdue")),
        ("officer", "workspace", who["officer"], reverse("programme:workspace")),
        ("officer", "overdue", who["officer"], reverse("programme:overdue")),
        ("entrepreneur", "workspace", who["owner"], reverse("programme:workspace")),
        ("entrepreneur", "bare view", who["owner"], "/healthz"),
    ]
    log(f"\n{'user':<13}{'page':<18}{'queries':>8}{'page ms':>10}{'bare SQL ms':>13}{'page / SQL':>12}")
    for role, name, user, url in pages:
        queries, page_ms, sql_ms = measure(user, url, args.repeat)
        ratio = f"{page_ms / sql_ms:.2f}" if queries else "–"
        log(f"{role:<13}{name:<18}{queries:>8}{page_ms:>10.1f}{sql_ms:>13.1f}{ratio:>12}")

    from django.db import connection
    from django.test import Client

    from page_parts import page_parts

    log("\nWhat the time besides the SQL is (benchmarks/page_parts.py; ms, medians, under the timers):")
    log(f"{'user':<13}{'page':<18}{'page':>8}{'SQL':>8}{'compile':>9}{'templates':>11}{'rest':>8}")
    for role, name, user, url in pages:
        client = Client()
        client.force_login(user)
        client.get(url)
        p = page_parts(client, connection, url, args.repeat)
        log(f"{role:<13}{name:<18}{p['total']:>8.1f}{p['sql']:>8.1f}{p['compile']:>9.1f}{p['templates']:>11.1f}"
            f"{p['rest']:>8.1f}")
    log("compile: the ORM writing SQL; templates: rendering alone; rest: middleware, session and user, the view, "
        "building querysets, rows into objects. The bare view's line is the cost every page starts from.")


if __name__ == "__main__":
    main()
