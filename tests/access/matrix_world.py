"""A world with one object of every kind on each side of every scope line, for the access matrix.

Built from the models directly (a fixture, not a door under test): the tests' `world` (Phuket in
centre 10, Chiang Mai in centre 1), a few more entrepreneurs in other provinces, a round with its
plan, enrolments, cohorts, sessions, attendance, visits, milestones, a scenario with a run and its
rows, rules, needs, import jobs of two officers, observations, values, an evaluation and reports.
Every entrepreneur and session topic is renamed to a unique sentinel so a leak is a substring.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from types import SimpleNamespace
from zoneinfo import ZoneInfo

from django.core.files.base import ContentFile
from django.db import transaction

from tests.factories import PASSWORD, citizen_id, entrepreneur

BKK = ZoneInfo("Asia/Bangkok")
EXTRA = (  # (subdistrict, postal code): one entrepreneur each in centres 10, 1, 5 and 11
    ("830101", "83000"), ("500101", "50200"), ("400101", "40000"), ("900101", "90000"),
)


def sentinel_name(pk: int) -> str:
    return f"ผู้ประกอบการทดสอบ{pk:05d}ก"


def sentinel_topic(pk: int) -> str:
    return f"หัวข้อทดสอบ{pk:05d}ข"


def _more_entrepreneurs(admin) -> list:
    made = []
    for n, (subdistrict, postal) in enumerate(EXTRA):
        made.append(entrepreneur(admin, name_th=f"กลุ่มเพิ่มเติม {n}", subdistrict=subdistrict, postal_code=postal,
                                 id_type="citizen", id_number=citizen_id(f"1{n:02d}0990012{n}4")))
    return made


def build_matrix_world(world) -> SimpleNamespace:
    from uplift.access import policy
    from uplift.access.actions import consultant_assign, user_create
    from uplift.access.models import Role
    from uplift.geo.models import RegionalCentre
    from uplift.imports.models import ImportJob
    from uplift.outcomes.models import EconomicValue, EvaluationResult, Indicator, Observation, ProgrammeReport
    from uplift.programme.models import (Activity, Attendance, Cohort, Enrolment, EnrolmentCohort, Milestone,
                                         MilestoneTemplate, Round, RoundActivity, RoundMilestone, Session, VisitLog)
    from uplift.registry.models import Entrepreneur
    from uplift.screening.scenarios import scenario_config
    from uplift.screening.models import EligibilityRule, NeedsAssessment, Run, Scenario, SnapshotRow

    admin = world.admin
    manager = user_create(actor=admin, username="manager", password=PASSWORD, role=Role.PROGRAMME_MANAGER)
    officer1 = user_create(actor=admin, username="officer1", password=PASSWORD, role=Role.REGIONAL_OFFICER,
                           centres=[1])
    consultant2 = user_create(actor=admin, username="consultant2", password=PASSWORD, role=Role.CONSULTANT)
    extra = _more_entrepreneurs(admin)
    consultant_assign(actor=admin, consultant=consultant2, entrepreneurs=[world.chiangmai])
    everyone = [world.phuket, world.chiangmai, *extra]

    with transaction.atomic():
        for e in Entrepreneur.objects.all():
            e.name_th = sentinel_name(e.pk)
            e.save(update_fields=["name_th"])
        round_ = Round.objects.create(name="รอบทดสอบสิทธิ์ 2570", starts_on=date(2026, 12, 1),
                                      ends_on=date(2027, 5, 31), budget=Decimal("5000000"),
                                      target_entrepreneurs=100, target_value=Decimal("5000000"))
        activities = {a.number: RoundActivity.objects.create(round=round_, activity=a, places=5,
                                                             cost_per_place=Decimal("20000"), required_hours=6)
                      for a in Activity.objects.all()}
        ra1 = activities[1]
        RoundMilestone.objects.create(round=round_, order=1, name="ประชุมชี้แจง", starts_on=date(2026, 12, 1),
                                      due_on=date(2026, 12, 15))
        template = MilestoneTemplate.objects.filter(activity=ra1.activity).order_by("order").first()
        centres = {}
        enrolments = []
        for e in Entrepreneur.objects.filter(pk__in=[x.pk for x in everyone]).select_related("province__centre"):
            centre = e.province.centre
            enrolment = Enrolment.objects.create(round_activity=ra1, entrepreneur=e, status="active",
                                                 started_on=date(2026, 12, 2))
            enrolments.append(enrolment)
            if centre.pk not in centres:
                cohort = Cohort.objects.create(round_activity=ra1, centre=centre)
                staff = world.consultant if centre.number == 10 else consultant2
                session = Session.objects.create(
                    cohort=cohort, kind="workshop", topic="ชั่วคราว", staff=staff,
                    starts_at=datetime(2026, 12, 10, 9, tzinfo=BKK), ends_at=datetime(2026, 12, 10, 12, tzinfo=BKK))
                session.topic = sentinel_topic(session.pk)
                session.save(update_fields=["topic"])
                centres[centre.pk] = (cohort, session)
            cohort, session = centres[centre.pk]
            EnrolmentCohort.objects.create(enrolment=enrolment, cohort=cohort)
            Attendance.objects.create(session=session, enrolment=enrolment, status="present")
            VisitLog.objects.create(session=session, entrepreneur=e, notes=f"บันทึกการเยี่ยม {e.pk}")
            if template is not None:
                Milestone.objects.create(enrolment=enrolment, template=template, due_on=date(2026, 12, 20))
            NeedsAssessment.objects.get_or_create(entrepreneur=e)
            indicator = Indicator.objects.get(code="sales")
            for wave, value in (("baseline", 40_000), ("end", 52_000)):
                Observation.objects.create(entrepreneur=e, round=round_, indicator=indicator, wave=wave,
                                           period=date(2026, 11, 1), value=Decimal(value), source="self")
            EconomicValue.objects.create(round=round_, enrolment=enrolment, entrepreneur=e, component="sales",
                                         amount=Decimal("12000") + e.pk, month=date(2027, 5, 1),
                                         config_version="test")

        EligibilityRule.objects.create(round_activity=activities[4], field="max_star_rating", op="between",
                                       value=[3, 5])
        scenario = Scenario.objects.create(round=round_, name="สถานการณ์ทดสอบ")
        run = Run.objects.create(scenario=scenario, status=Run.Status.DONE, selected=len(everyone),
                                 budget_used=100_000.0, objective=10.0, created_by=admin,
                                 config=scenario_config(scenario))
        for rank, e in enumerate(Entrepreneur.objects.filter(pk__in=[x.pk for x in everyone])
                                 .select_related("province__centre")):
            SnapshotRow.objects.create(run=run, entrepreneur=e, name_th=e.name_th, province=e.province_id,
                                       centre=e.province.centre.number, impact=0.5 + rank / 100, sales_drop=0.4,
                                       tourist_share=0.3, exposure=0.2, vulnerability=0.1,
                                       benefit=[1.0, None, None, None, None, None, None], assigned=[1], is_selected=True, value=1.0 + rank)
        jobs = {}
        for owner in (world.officer, officer1):
            job = ImportJob(created_by=owner, filename=f"ทะเบียน-{owner.username}.csv", status="done", dry_run=False)
            job.file.save(f"matrix-{owner.username}.csv", ContentFile("ชื่อกลุ่ม,จังหวัด\nกลุ่มทอผ้า,ภูเก็ต\n".encode()), save=False)
            job.save()
            jobs[owner.username] = job
        EvaluationResult.objects.create(round=round_, method="match-did", outcome="sales", att=1000.0, se=10.0,
                                        ci_low=980.0, ci_high=1020.0,
                                        n_treated=3, n_control=3, created_by=admin)
        reports = {u.username: ProgrammeReport.objects.create(round=round_, month=date(2027, 1, 1), requested_by=u)
                   for u in (admin, world.officer)}

    users = {"admin": admin, "manager": manager, "executive": world.executive, "officer10": world.officer,
             "officer1": officer1, "consultant": world.consultant, "consultant2": consultant2, "owner": world.owner}
    assert policy.visible(world.officer, Entrepreneur).count() < Entrepreneur.objects.count()
    assert RegionalCentre.objects.filter(number__in=[1, 10]).count() == 2
    return SimpleNamespace(users=users, round=round_, run=run, scenario=scenario, jobs=jobs, reports=reports)
