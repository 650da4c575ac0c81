"""The lean actions: checked, validated in Thai by field, audited; savings reach outcomes with their origin."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from uplift.audit.models import AuditEntry
from uplift.outcomes.models import Observation
from uplift.toolkits.lean import actions, selectors
from uplift.toolkits.lean.models import Line, Saving, Shift

DAY = date(2026, 1, 5)


def log(actor, enrolment, **overrides):
    data = {"line": "สายบรรจุน้ำพริก", "date": DAY, "shift": "เช้า", "planned_minutes": 420, "downtime_minutes": 47,
            "ideal_cycle_seconds": 1.0, "total_count": 19_271, "good_count": 18_848}
    stops = overrides.pop("stops", ())
    rejects = overrides.pop("rejects", ())
    data.update(overrides)
    return actions.shift_save(actor=actor, enrolment=enrolment, data=data, stops=stops, rejects=rejects)


def test_a_logged_shift_is_measured_as_the_oee_com_example(world, lean):
    shift = log(world.consultant, lean.phuket,
                stops=[{"loss": "breakdown", "minutes": 30, "note": "มอเตอร์ไหม้"}, {"loss": "setup_adjustment", "minutes": 17}],
                rejects=[{"loss": "startup_reject", "count": 123}, {"loss": "production_reject", "count": 300}])
    assert shift.line.name == "สายบรรจุน้ำพริก" and shift.stops.count() == 2 and shift.rejects.count() == 2
    assert AuditEntry.objects.filter(model="lean.Shift", object_pk=str(shift.pk), action="create").exists()
    space = selectors.workspace(world.consultant, lean.phuket)
    # OEE.com "Calculate OEE": A 373/420, P 19,271/22,380, Q 18,848/19,271, OEE 18,848/25,200
    assert round(space.total["availability"], 4) == 0.8881
    assert round(space.total["performance"], 4) == 0.8611
    assert round(space.total["quality"], 4) == 0.9780
    assert round(space.total["oee"], 4) == 0.7479
    steps = {step["code"]: step for step in space.waterfall}
    assert steps["availability_loss"]["minutes"] == 47
    assert {part["code"]: part["minutes"] for part in steps["availability_loss"]["by_loss"]} == {
        "breakdown": 30, "setup_adjustment": 17}
    assert steps["fully_productive"]["minutes"] == pytest.approx(18_848 / 60, abs=0.01)


def test_downtime_left_empty_is_the_sum_of_the_stops(world, lean):
    log(world.consultant, lean.phuket, downtime_minutes=None, stops=[{"loss": "breakdown", "minutes": 40},
                                                                      {"loss": "small_stop", "minutes": 5}])
    space = selectors.workspace(world.consultant, lean.phuket)
    assert space.total["availability"] == pytest.approx(380 / 420)


@pytest.mark.parametrize(("overrides", "field"), [
    ({"good_count": 20_000}, "good_count"),
    ({"planned_minutes": 0}, "planned_minutes"),
    ({"downtime_minutes": 10, "stops": [{"loss": "breakdown", "minutes": 30}]}, "stops"),
    ({"stops": [{"loss": "startup_reject", "minutes": 5}]}, "stops"),
    ({"total_count": 1.5}, "total_count"),
    ({"line": ""}, "line"),
])
def test_impossible_shifts_are_refused_by_field_in_thai(world, lean, overrides, field):
    with pytest.raises(ValidationError) as refused:
        log(world.consultant, lean.phuket, **overrides)
    assert field in refused.value.message_dict
    assert any("\u0e00" <= ch <= "\u0e7f" for ch in " ".join(refused.value.message_dict[field]))
    assert not Shift.objects.exists()


def test_the_same_shift_twice_is_refused(world, lean):
    log(world.consultant, lean.phuket)
    with pytest.raises(ValidationError) as refused:
        log(world.consultant, lean.phuket)
    assert "shift" in refused.value.message_dict


def test_who_may_write(world, lean):
    with pytest.raises(PermissionDenied):
        log(world.owner, lean.chiangmai)  # the entrepreneur reads their own log but does not write it
    with pytest.raises(Http404):
        log(lean.other, lean.phuket)  # an officer of another centre never learns the enrolment exists
    with pytest.raises(Http404):
        log(world.consultant, lean.chiangmai)
    log(world.officer, lean.phuket, shift="บ่าย")
    log(world.admin, lean.phuket, shift="ดึก")
    assert Shift.objects.count() == 2


def test_a_waitlisted_enrolment_has_no_log(world, lean):
    lean.phuket.status = "waitlisted"
    lean.phuket.waitlist_rank = 1
    lean.phuket.save()
    with pytest.raises(ValidationError) as refused:
        log(world.consultant, lean.phuket)
    assert "enrolment" in refused.value.message_dict


def test_owner_sees_only_their_own_rows(world, lean):
    log(world.admin, lean.phuket)
    log(world.admin, lean.chiangmai, line="กี่ทอผ้า", ideal_cycle_seconds=60, total_count=6, good_count=6)
    assert list(selectors.visible(world.owner, Shift).values_list("line__name", flat=True)) == ["กี่ทอผ้า"]
    assert list(selectors.visible(lean.other, Shift).values_list("line__name", flat=True)) == ["กี่ทอผ้า"]
    assert selectors.visible(world.consultant, Shift).count() == 1


def test_timing_studies_and_line_balance_against_takt(world, lean):
    line = actions.line_save(actor=world.consultant, enrolment=lean.phuket, name="สายบรรจุน้ำพริก",
                             available_minutes_per_day=480, breaks_minutes_per_day=60, demand_per_day=840)
    study = actions.timing_save(actor=world.consultant, enrolment=lean.phuket, line="สายบรรจุน้ำพริก", step="ตักน้ำพริก",
                                order=1, kind="stopwatch", splits=[25, 52, 76, 101, 127])
    assert study.laps == [25, 27, 24, 25, 26]
    actions.timing_save(actor=world.consultant, enrolment=lean.phuket, line="สายบรรจุน้ำพริก", step="ปิดฝาและติดฉลาก",
                        order=2, kind="stopwatch", laps=[35, 36, 34])
    tally = actions.timing_save(actor=world.consultant, enrolment=lean.phuket, line="สายบรรจุน้ำพริก",
                                step="ตักน้ำพริก", kind="tally", marks={"value_adding": 7, "waiting": 3})
    assert tally.marks == {"value_adding": 7, "waiting": 3}
    figures = next(f for f in selectors.workspace(world.consultant, lean.phuket).lines if f.line == line)
    # takt = (480 − 60) × 60 / 840 = 30 s; the capping step (35 s) is over takt and is the bottleneck
    assert figures.balance["takt_seconds"] == 30
    assert figures.balance["steps"] == ["ตักน้ำพริก", "ปิดฝาและติดฉลาก"]
    assert figures.balance["over_takt"] == [False, True] and figures.balance["bottleneck"] == "ปิดฝาและติดฉลาก"
    with pytest.raises(ValidationError) as refused:
        actions.timing_save(actor=world.consultant, enrolment=lean.phuket, line="สายบรรจุน้ำพริก", step="ตัก",
                            kind="stopwatch", splits=[10, 5])
    assert "laps" in refused.value.message_dict


def test_waste_log_and_its_pareto(world, lean):
    actions.waste_create(actor=world.consultant, enrolment=lean.phuket, data={
        "date": DAY, "waste": "defects", "description": "ขวดปิดฝาไม่สนิทต้องทิ้ง", "quantity": 40, "unit": "ขวด",
        "baht": 1200})
    actions.waste_create(actor=world.consultant, enrolment=lean.phuket, data={
        "date": DAY, "waste": "motion", "description": "เดินหาช้อนตัก", "quantity": 30, "unit": "นาที", "baht": 300})
    totals = selectors.workspace(world.consultant, lean.phuket).waste
    assert [t.waste for t in totals] == ["defects", "motion"] and totals[0].share_of_baht == pytest.approx(0.8)
    with pytest.raises(ValidationError) as refused:
        actions.waste_create(actor=world.consultant, enrolment=lean.phuket, data={
            "date": DAY, "waste": "laziness", "description": "ไม่ทราบ", "baht": 10})
    assert "waste" in refused.value.message_dict


def two_weeks(actor, enrolment, before_good=(380, 400, 390, 385, 395), after_good=(440, 450, 445, 455, 448)):
    """Five shifts before (OEE ≈ 0.80) and five after (≈ 0.93): 480 planned, 20 down, 60 s cycle."""
    for n, good in enumerate(before_good):
        log(actor, enrolment, date=DAY + timedelta(days=n), planned_minutes=480, downtime_minutes=20,
            ideal_cycle_seconds=60, total_count=good + 20, good_count=good)
    for n, good in enumerate(after_good):
        log(actor, enrolment, date=DAY + timedelta(days=14 + n), planned_minutes=480, downtime_minutes=0,
            ideal_cycle_seconds=60, total_count=good + 5, good_count=good)


PERIODS = {"before_start": DAY, "before_end": DAY + timedelta(days=6),
           "after_start": DAY + timedelta(days=14), "after_end": DAY + timedelta(days=20)}


def test_kaizen_effect_is_a_before_after_interval_on_the_same_log(world, lean):
    two_weeks(world.consultant, lean.phuket)
    card = actions.kaizen_save(actor=world.consultant, enrolment=lean.phuket, data={
        "problem": "ฝาขวดรั่วต้องปิดซ้ำ", "countermeasure": "ทำจิ๊กกดฝาให้แน่นเท่ากันทุกขวด", "owner": "คุณสมใจ",
        "started_on": DAY + timedelta(days=10), "metric": "oee", "baseline_start": DAY,
        "baseline_end": DAY + timedelta(days=6), "after_start": DAY + timedelta(days=14),
        "after_end": DAY + timedelta(days=20)})
    figures = selectors.kaizen_figures(world.consultant, card)
    effect = figures.effect
    assert effect.before_n == effect.after_n == 5
    assert effect.ci_low < effect.difference < effect.ci_high and effect.improved
    assert effect.before_mean == pytest.approx(sum((380, 400, 390, 385, 395)) / 5 / 480)
    with pytest.raises(ValidationError) as refused:
        actions.kaizen_save(actor=world.consultant, enrolment=lean.phuket, data={
            "problem": "ก", "countermeasure": "ข", "owner": "ค", "started_on": DAY, "metric": "oee",
            "baseline_start": DAY, "baseline_end": DAY + timedelta(days=20), "after_start": DAY + timedelta(days=14),
            "after_end": DAY + timedelta(days=20)})
    assert "after_start" in refused.value.message_dict


def test_defect_savings_trace_to_the_shifts_and_reach_outcomes_with_their_origin(world, lean):
    two_weeks(world.consultant, lean.phuket)
    saving = actions.saving_create(actor=world.consultant, enrolment=lean.phuket, rule="defects", data={
        **PERIODS, "pieces_per_month": 10_000, "material_baht_per_piece": 12, "conversion_baht_per_piece": 8,
        "piece_mass_kg": 0.25})
    before_ids = set(Shift.objects.filter(date__lte=PERIODS["before_end"]).values_list("pk", flat=True))
    assert set(saving.before_shifts.values_list("pk", flat=True)) == before_ids
    assert set(saving.result["before_row_ids"]) == before_ids
    before_rate = 100 / (1950 + 100)
    after_rate = 25 / (2238 + 25)
    avoided = (before_rate - after_rate) * 10_000
    assert float(saving.baht_per_month) == pytest.approx(avoided * 20, abs=0.01)

    with pytest.raises(ValidationError) as refused:
        actions.savings_claim_create(actor=world.consultant, enrolment=lean.phuket, savings_ids=[saving.pk], wave="end")
    assert "baseline_production_cost" in refused.value.message_dict

    claim = actions.savings_claim_create(actor=world.consultant, enrolment=lean.phuket, savings_ids=[saving.pk],
                                         wave="end", baselines={"production_cost": 150_000})
    observations = {(o.indicator.code, o.wave): o for o in Observation.objects.filter(entrepreneur=world.phuket)}
    assert {o.origin for o in observations.values()} == {f"lean.SavingsClaim:{claim.pk}"}
    assert float(observations["production_cost", "baseline"].value) == 150_000
    assert float(observations["production_cost", "end"].value) == pytest.approx(150_000 - avoided * 20, abs=0.01)
    assert float(observations["waste_reduced", "end"].value) == pytest.approx(avoided * 0.25, abs=0.01)
    assert observations["production_cost", "end"].source == "verified"

    with pytest.raises(ValidationError):
        actions.shift_delete(actor=world.consultant, shift=Shift.objects.filter(date=DAY).first())
    with pytest.raises(ValidationError):
        actions.saving_delete(actor=world.consultant, saving=saving)


def test_capacity_bound_savings_need_the_productivity_before(world, lean):
    two_weeks(world.consultant, lean.phuket)
    saving = actions.saving_create(actor=world.consultant, enrolment=lean.phuket, rule="capacity_bound", data={
        **PERIODS, "planned_minutes_per_month": 480 * 22, "contribution_margin_baht": 15,
        "worker_hours_per_month": 8 * 22 * 3})
    assert saving.result["observations"][0]["indicator"] == "productivity"
    with pytest.raises(ValidationError) as refused:
        actions.savings_claim_create(actor=world.consultant, enrolment=lean.phuket, savings_ids=[saving.pk], wave="m3")
    assert "baseline_productivity" in refused.value.message_dict
    actions.savings_claim_create(actor=world.consultant, enrolment=lean.phuket, savings_ids=[saving.pk], wave="m3",
                                 baselines={"productivity": 250})
    follow = Observation.objects.get(entrepreneur=world.phuket, indicator__code="productivity", wave="m3")
    assert float(follow.value) == pytest.approx(250 + float(saving.baht_per_month) / (8 * 22 * 3), abs=0.01)


def test_savings_need_shifts_in_both_periods(world, lean):
    log(world.consultant, lean.phuket)
    with pytest.raises(ValidationError) as refused:
        actions.saving_create(actor=world.consultant, enrolment=lean.phuket, rule="demand_bound", data={
            **PERIODS, "demand_pieces_per_month": 5000, "labour_baht_per_hour": 50, "energy_baht_per_hour": 10})
    assert "after_start" in refused.value.message_dict
    assert not Saving.objects.exists()


def test_line_names_are_unique_per_enrolment(world, lean):
    actions.line_save(actor=world.consultant, enrolment=lean.phuket, name="สายทอ")
    with pytest.raises(ValidationError) as refused:
        actions.line_save(actor=world.consultant, enrolment=lean.phuket, name="สายทอ")
    assert "name" in refused.value.message_dict
    assert Line.objects.count() == 1
