"""A deterministic demo of a programme round with enrolments, follow-up figures, economic value
and a causal evaluation — for screenshots and hands-on review, on top of `demo-data`."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import numpy as np
from django.db import transaction

from uplift.access import policy
from uplift.audit.actions import audit_record
from uplift.outcomes.actions import baseline_freeze, economic_value_compute, evaluation_plan_freeze
from uplift.outcomes.models import Indicator, Observation, Wave
from uplift.outcomes.reference import indicators_load


def demo_outcomes_load(*, actor, treated: int = 600, waitlist: int = 400, seed: int = 6, evaluate: bool = True,
                       bootstrap: int = 100, progress=print) -> dict:
    """Everything written as `actor` (checked: it creates a round, so `round.manage`), the round audited."""
    from uplift.programme.models import Activity, Enrolment, Round, RoundActivity
    from uplift.registry.models import Entrepreneur

    policy.require(actor, "round.manage")
    indicators_load()
    rng = np.random.default_rng(seed)
    with transaction.atomic():
        round_ = Round.objects.create(
            name="รอบสาธิต 2564/2 (demo)", starts_on=date(2021, 7, 1), ends_on=date(2021, 12, 31),
            budget=Decimal("120000000"), target_entrepreneurs=treated, target_value=Decimal("500000000"),
        )
        activities = [RoundActivity.objects.create(round=round_, activity=a, places=max(treated // 7 + 1, 1),
                                                   cost_per_place=Decimal("20000"), required_hours=30)
                      for a in Activity.objects.all()]
        ids = list(Entrepreneur.objects.filter(sales__isnull=False).distinct().order_by("id").values_list("id", flat=True))
        rng.shuffle(ids)
        chosen, waiting = ids[:treated], ids[treated:treated + waitlist]
        enrolments = []
        for n, ent in enumerate(chosen):
            ra = activities[n % len(activities)]
            status = "completed" if rng.random() < 0.6 else "active"
            start = date(2021, 7, 1) if rng.random() < 0.7 else date(2021, 8, 1)
            enrolments.append(Enrolment(round_activity=ra, entrepreneur_id=ent, status=status, started_on=start,
                                        source="demo-outcomes"))
            if rng.random() < 0.15:  # some take a second activity
                other = activities[(n + 3) % len(activities)]
                enrolments.append(Enrolment(round_activity=other, entrepreneur_id=ent, status=status, started_on=start,
                                            source="demo-outcomes"))
        for rank, ent in enumerate(waiting, start=1):
            enrolments.append(Enrolment(round_activity=activities[rank % len(activities)], entrepreneur_id=ent,
                                        status="waitlisted", waitlist_rank=rank, source="demo-outcomes"))
        Enrolment.objects.bulk_create(enrolments, batch_size=2000)
        audit_record(actor=actor, action="demo_outcomes_load", obj=round_,
                     changes={"treated": treated, "waitlist": waitlist, "seed": seed, "enrolments": len(enrolments)})
    progress(f"round {round_.pk}: {treated} enrolled, {waitlist} waitlisted")
    plan = evaluation_plan_freeze(actor=actor, round_id=round_.pk)
    progress(f"evaluation plan v{plan.version} frozen, sha256 {plan.sha256[:12]}, MDE {plan.power.get('mde')}")

    seen = set()
    for e in Enrolment.objects.filter(round_activity__round=round_, status__in=("active", "completed")).select_related(
            "round_activity__round", "entrepreneur"):
        if e.entrepreneur_id not in seen:
            seen.add(e.entrepreneur_id)
            baseline_freeze(actor=actor, enrolment=e)
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
    out = {"round": round_.pk, "observations": len(rows), "economic_value_rows": n_value}
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
