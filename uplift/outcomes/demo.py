"""A deterministic demo of a programme round delivered through the programme's own services — offers
accepted and started (the start freezes the baseline), cohorts, weekly sessions with attendance,
milestones done, completions with their end dates — then follow-up figures, economic value and a causal
evaluation: for screenshots and hands-on review, on top of `demo-data`.

Every figure agrees with the others: each activity has places for every enrolment it holds, a completed
enrolment attended at least the activity's required hours and has an end date, every date lies inside
the round, and the waitlist of an activity is ranked within its places (tests/outcomes/test_demo_consistency.py).
"""

from __future__ import annotations

import math
import secrets
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import numpy as np
from django.db import transaction

from uplift.access import policy
from uplift.audit.actions import audit_record
from uplift.outcomes.actions import baseline_freeze, economic_value_compute, evaluation_plan_freeze
from uplift.outcomes.models import Indicator, Observation, Wave
from uplift.outcomes.reference import indicators_load

BKK = ZoneInfo("Asia/Bangkok")
ROUND_STARTS, ROUND_ENDS = date(2021, 7, 1), date(2021, 12, 31)
STARTS = (date(2021, 7, 1), date(2021, 8, 1))
SESSIONS_FROM = date(2021, 8, 2)  # a Monday, after every start: the first week's sessions, one a day per trainer
SESSION_HOURS = 6
REQUIRED_HOURS = 30
SOURCE = "demo-outcomes"
# what delivering the round takes; an actor without all of it (a programme manager) delivers as the system
DELIVERY_VERBS = ("enrolment.manage", "enrolment.respond", "cohort.manage", "session.schedule", "attendance.record",
                  "milestone.update", "observation.enter", "user.create")


def _trainer(actor, centre):
    """The centre's demo trainer (a consultant account nobody logs in with), made once."""
    from django.contrib.auth import get_user_model

    from uplift.access.actions import user_create

    username = f"demo-trainer-{centre.number}"
    user = get_user_model().objects.filter(username=username).first()
    return user or user_create(actor=actor, username=username, password=secrets.token_urlsafe(32), role=policy.CONSULTANT,
                               first_name="วิทยากร", last_name=f"ศูนย์ภาค {centre.number}")


def _deliver(*, actor, round_, plan: dict[int, tuple[str, date]], rng, progress) -> dict:
    """Accept and start every offer, run each cohort's weekly sessions with attendance, mark milestones,
    complete the enrolments due to complete: all through the programme's actions, dated inside the round.
    ``plan``: enrolment id → (final status, start date)."""
    from uplift.geo.models import RegionalCentre
    from uplift.programme.actions import attendance_record, enrolment_transition, milestone_done, session_create
    from uplift.programme.models import Cohort, Enrolment, Milestone

    for pk, (_final, start) in plan.items():
        enrolment_transition(actor=actor, enrolment_id=pk, action="accept", on=start - timedelta(days=10))
        enrolment_transition(actor=actor, enrolment_id=pk, action="start", on=start)
    progress(f"{len(plan)} offers accepted and started")

    cohorts = list(Cohort.objects.filter(round_activity__round=round_).select_related("round_activity", "centre")
                   .order_by("centre__number", "round_activity__activity__number"))
    trainers = {c.number: _trainer(actor, c) for c in RegionalCentre.objects.filter(
        pk__in={c.centre_id for c in cohorts}).order_by("number")}
    attended: dict[int, Decimal] = {}
    last_session: dict[int, date] = {}
    n_sessions = 0
    slot: dict[int, int] = {}
    for cohort in cohorts:
        members = list(Enrolment.objects.filter(cohort_link__cohort=cohort).select_related("entrepreneur")
                       .order_by("pk"))
        if not members:
            continue
        ra = cohort.round_activity
        weeks = math.ceil(ra.required_hours / SESSION_HOURS) + 1  # one session to spare: a completer may miss one
        day = slot.get(cohort.centre.number, 0)  # each of a trainer's cohorts on its own weekday: never booked twice
        slot[cohort.centre.number] = day + 1
        first = datetime.combine(SESSIONS_FROM + timedelta(days=day % 7 + 7 * (day // 7) * weeks), time(9), BKK)
        sessions = session_create(actor=actor, weeks=weeks, data={
            "cohort": cohort.pk, "kind": "workshop", "topic": f"{ra.activity.name_th} — อบรมเชิงปฏิบัติการ",
            "starts_at": first, "ends_at": first + timedelta(hours=SESSION_HOURS),
            "subdistrict": members[0].entrepreneur.subdistrict_id,
            "venue": f"ศูนย์ส่งเสริมอุตสาหกรรมภาคที่ {cohort.centre.number}",
            "staff": trainers[cohort.centre.number].pk, "capacity": len(members)})
        n_sessions += len(sessions)
        miss = {m.pk: int(rng.integers(0, weeks)) if plan[m.pk][0] == "completed" and rng.random() < 0.3 else -1
                for m in members}
        for k, session in enumerate(sessions):
            rows = []
            for m in members:
                if plan[m.pk][0] == "completed":
                    present = miss[m.pk] != k
                else:  # still in the programme: some sessions missed, the hours not all done yet
                    present = k < weeks - 2 and rng.random() < 0.8
                rows.append({"enrolment": m.pk, "status": "present" if present else "absent"})
                if present:
                    attended[m.pk] = attended.get(m.pk, Decimal(0)) + session.hours
            attendance_record(actor=actor, session_id=session.pk, rows=rows)
        for m in members:
            last_session[m.pk] = sessions[-1].ends_at.astimezone(BKK).date()
    progress(f"{len(cohorts)} cohorts, {n_sessions} sessions with attendance")

    milestones = list(Milestone.objects.filter(enrolment_id__in=plan).order_by("enrolment_id", "due_on", "pk")
                      .values_list("pk", "enrolment_id", "due_on"))
    done_by: dict[int, date] = {}
    n_done = 0
    for pk, enrolment_id, due in milestones:
        final, start = plan[enrolment_id]
        if final != "completed" and (due > date(2021, 10, 15) or rng.random() < 0.3):
            continue
        on = max(due - timedelta(days=int(rng.integers(0, 8))), start)
        milestone_done(actor=actor, milestone_id=pk, on=on, note="บันทึกจากการติดตามผล (ข้อมูลสาธิต)")
        done_by[enrolment_id] = max(done_by.get(enrolment_id, on), on)
        n_done += 1
    progress(f"{n_done} of {len(milestones)} milestones done")

    completed = 0
    for pk, (final, start) in plan.items():
        if final != "completed":
            continue
        end = max(last_session.get(pk, start), done_by.get(pk, start), start + timedelta(weeks=12))
        end = min(end + timedelta(days=int(rng.integers(1, 21))), ROUND_ENDS)
        enrolment_transition(actor=actor, enrolment_id=pk, action="complete", on=end)
        completed += 1
    progress(f"{completed} enrolments completed")
    return {"sessions": n_sessions, "cohorts": len(cohorts), "milestones_done": n_done, "completed": completed}


def demo_outcomes_load(*, actor, treated: int = 600, waitlist: int = 400, seed: int = 6, evaluate: bool = True,
                       bootstrap: int = 100, progress=print) -> dict:
    """Everything written as `actor` (checked: it creates a round, so `round.manage`), the round audited; an
    actor who may not deliver the round itself (see DELIVERY_VERBS) has the system account deliver it."""
    from uplift.programme.models import Activity, Enrolment, Round, RoundActivity
    from uplift.registry.models import Entrepreneur

    policy.require(actor, "round.manage")
    delivery = actor if all(policy.can(actor, verb) for verb in DELIVERY_VERBS) else policy.system_actor()
    indicators_load()
    rng = np.random.default_rng(seed)
    ids = list(Entrepreneur.objects.filter(sales__isnull=False).distinct().order_by("id").values_list("id", flat=True))
    rng.shuffle(ids)
    chosen, waiting = ids[:treated], ids[treated:treated + waitlist]
    catalogue = list(Activity.objects.order_by("number"))
    # one activity each; an activity's places hold exactly its offers, its waitlist is ranked within them
    offers = {a.pk: [] for a in catalogue}
    for n, ent in enumerate(chosen):
        offers[catalogue[n % len(catalogue)].pk].append(ent)
    used = [a for a in catalogue if offers[a.pk]]
    queue = {a.pk: [] for a in used}
    for n, ent in enumerate(waiting):
        for k in range(len(used)):  # the next activity with a waitlist place left
            a = used[(n + k) % len(used)]
            if len(queue[a.pk]) < len(offers[a.pk]):
                queue[a.pk].append(ent)
                break
    final = {ent: ("completed" if rng.random() < 0.6 else "active", STARTS[0] if rng.random() < 0.7 else STARTS[1])
             for ent in chosen}
    with transaction.atomic():
        round_ = Round.objects.create(
            name="รอบสาธิต 2564/2 (demo)", starts_on=ROUND_STARTS, ends_on=ROUND_ENDS,
            budget=Decimal("120000000"), target_entrepreneurs=treated, target_value=Decimal("500000000"),
        )
        activities = [RoundActivity.objects.create(round=round_, activity=a, places=len(offers[a.pk]),
                                                   cost_per_place=Decimal("20000"), required_hours=REQUIRED_HOURS)
                      for a in used]
        enrolments = []
        for ra in activities:  # as an approved scenario makes them: offers, and a waitlist ranked per activity
            enrolments += [Enrolment(round_activity=ra, entrepreneur_id=ent, status="offered", source=SOURCE)
                           for ent in offers[ra.activity_id]]
            enrolments += [Enrolment(round_activity=ra, entrepreneur_id=ent, status="waitlisted", waitlist_rank=rank,
                                     source=SOURCE) for rank, ent in enumerate(queue[ra.activity_id], start=1)]
        Enrolment.objects.bulk_create(enrolments, batch_size=2000)
        n_waiting = sum(len(q) for q in queue.values())
        audit_record(actor=actor, action="demo_outcomes_load", obj=round_,
                     changes={"treated": treated, "waitlist": waitlist, "waitlisted": n_waiting, "seed": seed,
                              "enrolments": len(enrolments), "delivered_by": delivery.get_username()})
    progress(f"round {round_.pk}: {len(chosen)} offered, {n_waiting} waitlisted")
    plan = evaluation_plan_freeze(actor=actor, round_id=round_.pk)
    progress(f"evaluation plan v{plan.version} frozen, sha256 {plan.sha256[:12]}, MDE {plan.power.get('mde')}")

    schedule = {pk: final[ent] for pk, ent in Enrolment.objects.filter(
        round_activity__round=round_, status="offered").order_by("pk").values_list("pk", "entrepreneur_id")}
    delivered = _deliver(actor=delivery, round_=round_, plan=schedule, rng=rng, progress=progress)

    # the start's signal queues the baseline for the worker; the demo needs it now (the queued job then finds it done)
    seen = set()
    for e in Enrolment.objects.filter(round_activity__round=round_, status__in=("active", "completed")).select_related(
            "round_activity__round", "entrepreneur").order_by("pk"):
        if e.entrepreneur_id not in seen:
            seen.add(e.entrepreneur_id)
            baseline_freeze(actor=delivery, enrolment=e)
    progress(f"baselines frozen for {len(seen)} entrepreneurs")

    indicators = {i.code: i for i in Indicator.objects.all()}
    base = {(o.entrepreneur_id, o.indicator.code): o.value for o in
            Observation.objects.filter(round=round_, wave=Wave.BASELINE).select_related("indicator")}
    rows = []
    sources = ["self", "verified", "document"]
    for ent in sorted(seen):
        if rng.random() < 0.3:
            continue  # no follow-up yet: the projection fills these in
        src = sources[int(rng.integers(0, 3))]
        doc = "ใบกำกับภาษี/รายงานยอดขาย" if src == "document" else ""
        sales0 = float(base.get((ent, "sales"), 0)) or float(rng.uniform(20_000, 80_000))
        emp0 = float(base.get((ent, "employment"), 2))
        cost0 = sales0 * float(rng.uniform(0.5, 0.7))
        prod0 = float(rng.uniform(80, 200))
        hours0 = max(emp0, 1) * 160
        extra_base = {"production_cost": cost0, "productivity": prod0, "worker_hours": hours0}
        for code, v in extra_base.items():
            rows.append(Observation(entrepreneur_id=ent, round=round_, indicator=indicators[code], wave=Wave.BASELINE,
                                    period=date(2021, 6, 1), value=Decimal(f"{v:.2f}"), source="self", frozen=True))
        growth = float(rng.normal(0.12, 0.15))
        follow = {
            "sales": sales0 * (1 + growth), "production_cost": cost0 * (1 - float(rng.uniform(0, 0.08))),
            "productivity": prod0 * (1 + float(rng.normal(0.05, 0.05))), "worker_hours": hours0,
            "employment": emp0 + int(rng.random() < 0.3), "investment": float(rng.choice([0, 0, 0, 15_000, 50_000])),
            "new_products": int(rng.integers(0, 3)), "certificates": int(rng.random() < 0.2),
            "online_sales": sales0 * float(rng.uniform(0.05, 0.3)), "waste_reduced": float(rng.uniform(0, 40)),
        }
        for code, v in follow.items():
            rows.append(Observation(entrepreneur_id=ent, round=round_, indicator=indicators[code], wave=Wave.END,
                                    period=date(2021, 12, 1), value=Decimal(f"{max(v, 0):.2f}"), source=src, document=doc))
    with transaction.atomic():
        Observation.objects.bulk_create(rows, batch_size=2000)
        audit_record(actor=actor, action="demo_observations", obj=round_, changes={"observations": len(rows)})
    progress(f"{len(rows)} observations")
    n_value = economic_value_compute(actor=actor, round_id=round_.pk)
    progress(f"{n_value} economic value rows")
    out = {"round": round_.pk, "observations": len(rows), "economic_value_rows": n_value, **delivered}
    if evaluate:
        from uplift.outcomes.causal import evaluation_run

        rec = evaluation_run(actor=actor, round_id=round_.pk, method="match-did", bootstrap=bootstrap)
        progress(f"evaluation {rec.pk}: ATT {rec.att} SE {rec.se} {rec.error}")
        out["evaluation"] = rec.pk
        cs = evaluation_run(actor=actor, round_id=round_.pk, method="cs", bootstrap=bootstrap)
        progress(f"staggered (Callaway–Sant'Anna) {cs.pk}: ATT {cs.att} SE {cs.se} {cs.error}")
        for ra in activities:  # per activity where the sample allows: a failure is stored with its reason
            evaluation_run(actor=actor, round_id=round_.pk, round_activity_id=ra.pk, method="match-did", bootstrap=0)

    return out
