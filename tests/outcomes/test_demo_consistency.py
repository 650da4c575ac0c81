"""The demo round contradicts nothing: hours, dates, places, cohorts and the dashboard's counts agree
(issue 13, "Coherent demo data")."""

from datetime import date

from django.db.models import Count, F, Q, Sum

from tests.factories import entrepreneur, monthly_sales
from uplift.access import policy
from uplift.outcomes.demo import demo_outcomes_load
from uplift.outcomes.figures import programme_figures

GROUPS = [  # (Thai name, subdistrict, postal code): Phuket (centre 10) and Chiang Mai (centre 1)
    *[(f"กลุ่มผ้าบาติกกะทู้ที่ {n}", "830202", "83150") for n in range(1, 8)],
    *[(f"กลุ่มทอผ้าไหมเมืองเชียงใหม่ที่ {n}", "500101", "50200") for n in range(1, 8)],
]


def _load(world):
    for n, (name, subdistrict, postal) in enumerate(GROUPS):
        e = entrepreneur(world.admin, name_th=name, name_en="", subdistrict=subdistrict, postal_code=postal)
        monthly_sales(e, {date(2020 if m > 6 else 2021, m, 1): 40_000 + 1_000 * n for m in range(1, 13)})
    out = demo_outcomes_load(actor=policy.system_actor(), treated=10, waitlist=4, seed=3, evaluate=False,
                             progress=lambda *a: None)
    from uplift.programme.models import Round

    return Round.objects.get(pk=out["round"]), out


def test_demo_round_is_consistent(world, indicators):
    from uplift.programme.models import Attendance, Enrolment, Milestone, RoundActivity, Session
    from uplift.programme.statuses import HOLDS_PLACE

    round_, out = _load(world)
    enrolments = Enrolment.objects.filter(round_activity__round=round_).select_related("round_activity")
    by_status = {s: enrolments.filter(status=s).count()
                 for s in ("offered", "accepted", "waitlisted", "active", "completed")}
    assert by_status["completed"] and by_status["active"] and by_status["waitlisted"]
    assert by_status["offered"] == by_status["accepted"] == 0  # every offer went on through the services
    assert out["cohorts"] and out["sessions"] and out["completed"] == by_status["completed"]

    # hours: a completed enrolment attended at least its activity's required hours, and ended after it started
    attended = dict(Attendance.objects.filter(enrolment__round_activity__round=round_, status__in=("present", "late"))
                    .values("enrolment").annotate(h=Sum("hours")).values_list("enrolment", "h"))
    for e in enrolments.filter(status="completed"):
        assert e.round_activity.required_hours > 0
        assert float(attended.get(e.pk, 0)) >= e.round_activity.required_hours, e
        assert e.ended_on is not None and e.ended_on >= e.started_on
        assert not Milestone.objects.filter(enrolment=e, done_on__isnull=True).exists()
    for e in enrolments.filter(status="active"):
        assert e.ended_on is None
        assert float(attended.get(e.pk, 0)) < e.round_activity.required_hours  # still short of completion

    # dates: every start, end, milestone done and session inside the round
    for e in enrolments.filter(status__in=("active", "completed")):
        assert round_.starts_on <= e.started_on <= round_.ends_on
        assert e.ended_on is None or round_.starts_on <= e.ended_on <= round_.ends_on
    done = Milestone.objects.filter(enrolment__round_activity__round=round_, done_on__isnull=False)
    for m in done.select_related("enrolment"):
        assert m.enrolment.started_on <= m.done_on <= (m.enrolment.ended_on or round_.ends_on)
    sessions = Session.objects.filter(cohort__round_activity__round=round_)
    for s in sessions:
        assert round_.starts_on <= s.starts_at.date() and s.ends_at.date() <= round_.ends_on

    # places: no activity holds more than its places; the waitlist is ranked 1..n within them
    for ra in RoundActivity.objects.filter(round=round_):
        holding = enrolments.filter(round_activity=ra, status__in=HOLDS_PLACE).count()
        assert holding <= ra.places
        ranks = sorted(enrolments.filter(round_activity=ra, status="waitlisted").values_list("waitlist_rank", flat=True))
        assert ranks == list(range(1, len(ranks) + 1)) and len(ranks) <= ra.places
    assert not (set(enrolments.filter(status="waitlisted").values_list("entrepreneur", flat=True))
                & set(enrolments.exclude(status="waitlisted").values_list("entrepreneur", flat=True)))

    # cohorts: every attendance row belongs to an enrolment of its session's cohort; sessions fit their capacity
    assert sessions.exists() and Attendance.objects.filter(session__in=sessions).exists()
    for a in Attendance.objects.filter(session__in=sessions).select_related("session", "enrolment__cohort_link"):
        assert a.enrolment.cohort_link.cohort_id == a.session.cohort_id
        assert a.enrolment.round_activity_id == a.session.cohort.round_activity_id
    over = sessions.annotate(n=Count("attendance")).filter(n__gt=F("capacity"))
    assert not over.exists()
    assert not enrolments.filter(status__in=("active", "completed"), cohort_link__isnull=True).exists()

    # counts: the dashboard's stages are the enrolments by status
    stages = programme_figures(world.admin, round_.pk).stages
    distinct = enrolments.aggregate(
        selected=Count("entrepreneur", distinct=True, filter=Q(status__in=HOLDS_PLACE)),
        waitlisted=Count("entrepreneur", distinct=True, filter=Q(status="waitlisted")),
        active=Count("entrepreneur", distinct=True, filter=Q(status="active")),
        completed=Count("entrepreneur", distinct=True, filter=Q(status="completed")))
    assert {k: stages[k] for k in distinct} == distinct
    assert stages["selected"] == by_status["active"] + by_status["completed"] == 10
    assert stages["waitlisted"] == by_status["waitlisted"] == 4

    # the baseline was frozen for every started enrolment
    from uplift.outcomes.models import Observation

    frozen = set(Observation.objects.filter(round=round_, wave="baseline", frozen=True)
                 .values_list("entrepreneur", flat=True))
    assert set(enrolments.filter(status__in=("active", "completed")).values_list("entrepreneur", flat=True)) <= frozen

