from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tests.outcomes.programme import enter, make_programme
from uplift.audit.models import AuditEntry
from uplift.outcomes.actions import (
    ObservationIn, baseline_freeze, economic_value_compute, observations_bulk_csv, observations_save, report_request,
)
from uplift.outcomes.models import EconomicValue, Observation, ProgrammeReport
from uplift.outcomes.reference import value_config


def obs(e, round_, **kw):
    data = {"entrepreneur_id": e.pk, "round_id": round_.pk, "indicator": "sales", "wave": "end", "value": "120000",
            "source": "verified"}
    data.update(kw)
    return ObservationIn(**data)


# ---- observations ---------------------------------------------------------------------------

def test_consultant_enters_verified_figures_audited_with_who_and_source(world, indicators):
    p = make_programme(world.phuket, world.chiangmai)
    [saved] = observations_save(actor=world.consultant, items=[obs(world.phuket, p.round)])
    assert saved.entered_by == world.consultant and saved.source == "verified"
    assert saved.period == date(2021, 6, 1)  # end of the round
    entry = AuditEntry.objects.get(model="outcomes.Observation", object_pk=str(saved.pk))
    assert entry.actor == world.consultant and entry.changes["value"] == [None, "120000"]
    observations_save(actor=world.consultant, items=[obs(world.phuket, p.round, value="130,000")])
    assert Observation.objects.get().value == Decimal("130000")
    old, new = AuditEntry.objects.filter(model="outcomes.Observation").order_by("pk").last().changes["value"]
    assert (Decimal(old), new) == (Decimal("120000"), "130000")


def test_saving_a_figure_locks_only_its_own_row_not_the_round(world, indicators):
    """Found under load: the default ordering's joins made FOR UPDATE lock the round's row, so two figures saved at
    once in one round deadlocked against the other's foreign-key check at commit."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    p = make_programme(world.phuket)
    observations_save(actor=world.consultant, items=[obs(world.phuket, p.round)])
    with CaptureQueriesContext(connection) as ctx:
        observations_save(actor=world.consultant, items=[obs(world.phuket, p.round, value="130000")])
    locking = [q["sql"] for q in ctx.captured_queries if "FOR UPDATE" in q["sql"]]
    if connection.features.has_select_for_update_of:
        assert locking and all('FOR UPDATE OF "outcomes_observation"' in sql and "JOIN" not in sql for sql in locking)
    else:
        assert locking == []  # SQLite writes one transaction at a time
    assert Observation.objects.get().value == Decimal("130000")


def test_scope_roles_and_validation(world, indicators):
    p = make_programme(world.phuket, world.chiangmai)
    with pytest.raises(ValidationError) as e:  # the consultant does not see the Chiang Mai group
        observations_save(actor=world.consultant, items=[obs(world.chiangmai, p.round)])
    assert "entrepreneur" in e.value.message_dict and world.chiangmai.name_th not in str(e.value)
    with pytest.raises(ValidationError) as e:  # the officer of centre 10 neither
        observations_save(actor=world.officer, items=[obs(world.chiangmai, p.round)])
    assert "entrepreneur" in e.value.message_dict
    with pytest.raises(ValidationError) as e:  # an owner may self-report, not verify
        observations_save(actor=world.owner, items=[obs(world.chiangmai, p.round)])
    assert "source" in e.value.message_dict
    observations_save(actor=world.owner, items=[obs(world.chiangmai, p.round, source="self")])
    with pytest.raises(PermissionDenied):
        observations_save(actor=world.executive, items=[obs(world.chiangmai, p.round)])
    with pytest.raises(PermissionDenied):
        observations_save(actor=None, items=[obs(world.chiangmai, p.round)])
    with pytest.raises(ValidationError) as e:
        observations_save(actor=world.admin, items=[obs(world.phuket, p.round, source="document", value="abc", wave="m9")])
    assert set(e.value.message_dict) == {"document", "value", "wave"}


def test_origin_must_name_a_record_of_the_same_entrepreneur(world, indicators):
    p = make_programme(world.phuket, world.chiangmai)
    own = f"programme.Enrolment:{p.enrolments[world.phuket.pk].pk}"
    [saved] = observations_save(actor=world.admin, items=[obs(world.phuket, p.round, origin=own)])
    assert saved.origin == own
    for bad in (f"programme.Enrolment:{p.enrolments[world.chiangmai.pk].pk}", "programme.Enrolment:999999",
                "nope.Model:1", "programme.Round:1", "กิจกรรม 6"):
        with pytest.raises(ValidationError) as e:
            observations_save(actor=world.admin, items=[obs(world.phuket, p.round, origin=bad)])
        assert set(e.value.message_dict) == {"origin"}, bad


def test_baseline_is_taken_from_the_registry_and_frozen_at_enrolment(world, indicators):
    p = make_programme(world.phuket)
    # world.phuket sold 100,000 a month in 2019 and 20,000 from April 2020: the 12 months before 2021-01
    created = baseline_freeze(actor=world.admin, enrolment=p.enrolments[world.phuket.pk])
    by_code = {o.indicator.code: o for o in created}
    assert by_code["sales"].value == Decimal("20000.00")
    assert by_code["employment"].value == world.phuket.employees
    assert all(o.frozen and o.source == "registry" and o.wave == "baseline" for o in created)
    with pytest.raises(ValidationError, match="ถูกล็อก"):
        observations_save(actor=world.admin, items=[obs(world.phuket, p.round, wave="baseline", value="99")])
    assert Observation.objects.get(indicator__code="sales", wave="baseline").value == Decimal("20000.00")
    with pytest.raises(PermissionDenied):
        baseline_freeze(actor=world.executive, enrolment=p.enrolments[world.phuket.pk])


def test_bulk_csv_is_all_or_nothing_with_line_numbers(world, indicators):
    p = make_programme(world.phuket, world.chiangmai)
    good = f"entrepreneur_id,indicator,wave,value,source\n{world.phuket.pk},sales,end,150000,verified\n"
    bad = good + f"{world.phuket.pk},nope,end,1,verified\n"
    with pytest.raises(ValidationError) as e:
        observations_bulk_csv(actor=world.admin, round_id=p.round.pk, text=bad)
    assert "line 3: indicator" in e.value.message_dict
    assert not Observation.objects.exists()
    assert len(observations_bulk_csv(actor=world.admin, round_id=p.round.pk, text=good)) == 1
    with pytest.raises(ValidationError, match="ขาดคอลัมน์"):
        observations_bulk_csv(actor=world.admin, round_id=p.round.pk, text="a,b\n1,2\n")


def test_not_enrolled_is_refused(world, indicators):
    p = make_programme(world.phuket)
    with pytest.raises(ValidationError, match="ไม่ได้เข้าร่วม"):
        observations_save(actor=world.admin, items=[obs(world.chiangmai, p.round)])


# ---- economic value -------------------------------------------------------------------------

def test_components_are_computed_from_and_traceable_to_observations(world, indicators):
    p = make_programme(world.phuket)
    r = p.round
    enter(world.admin, world.phuket, r, baseline={"sales": 50_000, "production_cost": 30_000, "productivity": 100,
                                                  "worker_hours": 320, "employment": 3},
          end={"sales": 60_000, "production_cost": 28_000, "productivity": 110, "employment": 4, "investment": 25_000})
    enter(world.admin, world.phuket, r, m3={"sales": 65_000})  # a later follow-up wins
    economic_value_compute(actor=world.admin, round_id=r.pk)
    got = {v.component: v for v in EconomicValue.objects.all()}
    wage = value_config()["annual_wage_baht"]
    assert {k: v.amount for k, v in got.items()} == {
        "increased_sales": Decimal("180000.00"),        # (65,000 − 50,000) × 12
        "reduced_cost": Decimal("24000.00"),            # (30,000 − 28,000) × 12
        "productivity_gain": Decimal("38400.00"),       # (110 − 100) × 320 h × 12
        "new_investment": Decimal("25000.00"),
        "jobs": Decimal(wage),                          # one job × annual wage
    }
    sales = got["increased_sales"]
    assert sales.baseline.value == 50_000 and sales.follow_up.wave == "m3" and sales.follow_up.value == 65_000
    assert sales.detail["delta"] == "15000.00" and sales.origin == ""


def test_value_lines_carry_the_toolkit_record_behind_the_follow_up(world, indicators):
    p = make_programme(world.phuket)
    origin = f"programme.Enrolment:{p.enrolments[world.phuket.pk].pk}"
    enter(world.admin, world.phuket, p.round, baseline={"sales": 10_000})
    enter(world.admin, world.phuket, p.round, origin=origin, end={"sales": 12_000, "investment": 5_000})
    economic_value_compute(actor=world.admin, round_id=p.round.pk)
    assert dict(EconomicValue.objects.values_list("component", "origin")) == {"increased_sales": origin,
                                                                              "new_investment": origin}


def test_value_is_shared_between_an_entrepreneurs_activities(world, indicators):
    from uplift.programme.models import Enrolment

    p = make_programme(world.phuket)
    Enrolment.objects.create(round_activity=p.activities[1], entrepreneur=world.phuket, status="completed")
    enter(world.admin, world.phuket, p.round, baseline={"sales": 10_000}, end={"sales": 11_000})
    economic_value_compute(actor=world.admin, round_id=p.round.pk)
    rows = list(EconomicValue.objects.order_by("enrolment"))
    assert [r.amount for r in rows] == [Decimal("6000.00"), Decimal("6000.00")]
    economic_value_compute(actor=world.admin, round_id=p.round.pk)
    assert EconomicValue.objects.count() == 2


def test_no_follow_up_means_no_value_yet_and_only_some_roles_compute(world, indicators):
    p = make_programme(world.phuket)
    enter(world.admin, world.phuket, p.round, baseline={"sales": 10_000})
    assert economic_value_compute(actor=world.admin, round_id=p.round.pk) == 0
    assert AuditEntry.objects.filter(action="economic_value_compute", actor=world.admin).exists()
    for actor in (world.officer, world.executive, world.consultant, None):
        with pytest.raises(PermissionDenied):
            economic_value_compute(actor=actor, round_id=p.round.pk)


# ---- reports --------------------------------------------------------------------------------

def test_report_request_is_checked_and_audited(world, indicators, django_capture_on_commit_callbacks):
    p = make_programme(world.phuket)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        report = report_request(actor=world.officer, round_id=p.round.pk, month=date(2021, 6, 15))
    assert report.month == date(2021, 6, 1) and len(callbacks) == 1
    assert AuditEntry.objects.get(action="report_request").actor == world.officer
    for actor in (world.consultant, world.owner, None):
        with pytest.raises(PermissionDenied):
            report_request(actor=actor, round_id=p.round.pk, month=date(2021, 6, 1))
    assert ProgrammeReport.objects.count() == 1
