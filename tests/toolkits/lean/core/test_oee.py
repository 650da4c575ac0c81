from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from uplift.toolkits.lean.core.oee import (
    OeeDataError,
    Reject,
    Run,
    ShiftRow,
    Stop,
    measure,
    measure_by,
    oee_report,
    teep,
    waterfall,
)

DAY = date(2026, 1, 5)


def test_oee_com_worked_example():
    # OEE.com (Vorne Industries), "Calculate OEE": shift 480 min, short breaks 2 × 15 min, meal 30 min
    # → planned 420 min; down time 47 min → run time 373 min; ideal cycle time 1.0 s;
    # total count 19,271, reject count 423 → good count 18,848.
    # Availability = 373 / 420 = 0.8881; Performance = 19,271 × 1.0 s / (373 × 60 s) = 0.8611;
    # Quality = 18,848 / 19,271 = 0.9780; OEE = 18,848 × 1.0 / (420 × 60) = 0.7479 (= A × P × Q).
    result = measure([ShiftRow.single(1, "สายบรรจุ", DAY, 420, 47, 1.0, 19_271, 18_848)])
    assert round(result.availability, 4) == 0.8881
    assert round(result.performance, 4) == 0.8611
    assert round(result.quality, 4) == 0.9780
    assert round(result.oee, 4) == 0.7479
    assert result.oee == pytest.approx(result.availability * result.performance * result.quality)
    assert result.flags == ()


def test_wikipedia_worked_example():
    # Wikipedia, "Overall equipment effectiveness", worked example (figures as recalled; arithmetic
    # re-derived here): 480-min shift with a 30-min break → 450 min scheduled; 60 min unplanned
    # downtime → 390 min operating; standard rate 1 min per unit; 242 units, 21 defective.
    # A = 390 / 450 = 0.8667; P = 242 × 1 / 390 = 0.6205; Q = 221 / 242 = 0.9132; OEE = 221 / 450 = 0.4911.
    result = measure([ShiftRow.single(1, "สายทอผ้า", DAY, 450, 60, 60.0, 242, 221)])
    assert (round(result.availability, 4), round(result.performance, 4), round(result.quality, 4),
            round(result.oee, 4)) == (0.8667, 0.6205, 0.9132, 0.4911)


def test_willmott_and_mccarthy_tpm_worked_example():
    # Willmott, P. & McCarthy, D. (2001) TPM: A Route to World-Class Performance, Butterworth-Heinemann,
    # ch. 6 "Example OEE calculation" (p. 127), machine Miller 201, Tuesday of week 17: planned
    # availability 910 min, downtime 115 min unplanned stoppages + 12 min changeovers = 127 min →
    # uptime 783 min, availability 783 / 910 = 86.0%; standard cycle time 3 min, 203 completed cycles
    # against 783 / 3 = 261 planned → performance 203 / 261, printed as 77.7% (0.77778, truncated).
    # The example's quality rate is on the next page, not used here: all 203 counted as good.
    row = ShiftRow.single(1, "Miller 201", DAY, 910, None, 180.0, 203, 203,
                          stops=(Stop(115, "breakdown"), Stop(12, "setup_adjustment")))
    result = measure([row])
    assert round(result.availability, 3) == 0.860
    assert result.performance == pytest.approx(203 / 261)
    assert int(result.performance * 1000) / 10 == 77.7


def test_published_calculator_example():
    # waycalculator.com, "Overall Equipment Effectiveness (OEE) Calculator", Example 1: planned
    # 480 min, run 420 min, ideal cycle 1 min, total 400, good 380 → A 0.875, P 0.952, Q 0.95,
    # OEE printed 0.791 from the rounded factors (0.875 × 0.952 × 0.95); unrounded 380 / 480 = 0.79167.
    result = measure([ShiftRow.single(1, "สายทดสอบ", DAY, 480, 60, 60.0, 400, 380)])
    assert (round(result.availability, 3), round(result.performance, 3), round(result.quality, 3),
            round(result.oee, 3)) == (0.875, 0.952, 0.95, 0.792)
    assert result.oee == pytest.approx(380 / 480)


def test_lines_and_total_roll_up_from_sums_not_averages():
    a = ShiftRow.single(1, "A", DAY, 420, 47, 1.0, 19_271, 18_848)  # OEE 18,848 / 25,200 = 0.747937
    b = ShiftRow.single(2, "B", DAY, 120, 60, 2.0, 1_000, 900)  # OEE 900 × 2 / 7,200 = 0.25
    report = oee_report([a, b])
    assert [line.key for line in report.lines] == ["A", "B"]
    # total = (18,848 × 1 + 900 × 2) s / ((420 + 120) × 60) s = 20,648 / 32,400 = 0.637284
    assert report.total.oee == pytest.approx(20_648 / 32_400)
    assert report.total.oee != pytest.approx((0.747937 + 0.25) / 2, abs=1e-3)
    # availability = (373 + 60) / 540; performance = (19,271 + 2,000) / 60 / 433 min
    assert report.total.availability == pytest.approx(433 / 540)
    assert report.total.performance == pytest.approx(21_271 / 60 / 433)
    assert report.total.totals.row_ids == (1, 2)
    assert [d.key for d in report.dates] == [DAY]


shift = st.fixed_dictionaries({
    "planned": st.integers(30, 600),
    "down_share": st.floats(0, 0.9),
    "ideal": st.floats(0.5, 120),
    "speed": st.floats(0.05, 1.0),
    "good_share": st.floats(0, 1),
})


def _row(row_id: int, line: str, s: dict) -> ShiftRow:
    downtime = s["planned"] * s["down_share"]
    total = int((s["planned"] - downtime) * 60 / s["ideal"] * s["speed"])
    return ShiftRow.single(row_id, line, DAY, s["planned"], downtime, s["ideal"], total, int(total * s["good_share"]))


@settings(max_examples=200, deadline=None)
@given(shift, shift)
def test_property_roll_up_equals_the_summed_line(s1, s2):
    a, b = _row(1, "A", s1), _row(2, "B", s2)
    rolled = measure([a, b])
    summed = measure([ShiftRow(3, "A+B", DAY, a.planned_minutes + b.planned_minutes, a.runs + b.runs,
                               a.downtime + b.downtime)])
    for name in ("availability", "performance", "quality", "oee"):
        assert getattr(rolled, name) == pytest.approx(getattr(summed, name), rel=1e-9, abs=1e-12)
    # The roll-up is the planned-time-weighted mean of the lines' OEE; it differs from the plain
    # mean by (p1 − p2)(o1 − o2) / (2 (p1 + p2)): zero only when planned times or OEEs are equal.
    p1, p2, o1, o2 = a.planned_minutes, b.planned_minutes, measure([a]).oee, measure([b]).oee
    assert rolled.oee == pytest.approx((p1 * o1 + p2 * o2) / (p1 + p2), rel=1e-9, abs=1e-12)
    assert rolled.oee - (o1 + o2) / 2 == pytest.approx((p1 - p2) * (o1 - o2) / (2 * (p1 + p2)), abs=1e-12)


def test_mix_of_products_uses_ideal_time_per_product():
    # planned 480, downtime 30 → run 450 min; product 1: 30 s × 400 = 200 min ideal, 380 good;
    # product 2: 60 s × 200 = 200 min, 190 good. P = 400 / 450; Q = (190 + 190) / 400 = 0.95;
    # OEE = 380 / 480 = 0.791667.
    row = ShiftRow(1, "A", DAY, 480, (Run(30, 400, 380, "น้ำพริกเผา"), Run(60, 200, 190, "น้ำพริกนรก")), 30)
    result = measure([row])
    assert result.performance == pytest.approx(400 / 450)
    assert result.quality == pytest.approx(0.95)
    assert result.oee == pytest.approx(380 / 480)


def test_waterfall_by_loss_hand_computed():
    # planned 480; downtime 50 of which breakdown 30 and setup 15 → 5 unattributed; run 430.
    # ideal 30 s × 700 = 350 min → performance loss 80, of which small stops 10, reduced speed 70.
    # rejects 40 × 0.5 min = 20 min: start-up 10 pcs = 5, production 20 pcs = 10, unattributed 5.
    # fully productive 660 × 0.5 = 330 min; OEE = 330 / 480 = 0.6875.
    row = ShiftRow.single(
        7, "เตาอบ", DAY, 480, 50, 30, 700, 660,
        stops=(Stop(30, "breakdown", "มอเตอร์ไหม้"), Stop(15, "setup_adjustment"), Stop(10, "small_stop")),
        rejects=(Reject(10, "startup_reject"), Reject(20, "production_reject")))
    steps = {step.code: step for step in waterfall(measure([row]))}
    assert [s.minutes for s in steps.values()] == pytest.approx([480, 50, 430, 80, 350, 20, 330])
    assert steps["availability_loss"].by_loss == pytest.approx({"breakdown": 30, "setup_adjustment": 15, "unattributed": 5})
    assert steps["performance_loss"].by_loss == pytest.approx({"small_stop": 10, "reduced_speed": 70})
    assert steps["quality_loss"].by_loss == pytest.approx(
        {"startup_reject": 5, "production_reject": 10, "unattributed": 5})
    assert steps["fully_productive"].minutes / 480 == pytest.approx(measure([row]).oee) == pytest.approx(0.6875)
    assert steps["planned"].name_th == "เวลาที่วางแผนผลิต"


def test_downtime_from_stops_when_not_given():
    row = ShiftRow.single(1, "A", DAY, 100, None, 60, 50, 50, stops=(Stop(20, "breakdown"), Stop(5, "small_stop")))
    assert measure([row]).availability == pytest.approx(0.8)  # small stops are a performance loss, not downtime


def test_performance_above_one_is_capped_and_flagged():
    # 120 pieces × 60 s = 120 min of ideal time in 100 min of run time: P would be 1.2.
    row = ShiftRow.single("shift-9", "A", DAY, 100, 0, 60, 120, 114)
    result = measure([row, ShiftRow.single("shift-10", "A", DAY, 100, 0, 60, 50, 50)])
    single = measure([row])
    assert single.performance_raw == pytest.approx(1.2) and single.performance == 1.0
    assert single.oee == pytest.approx(1.0 * 1.0 * 0.95)
    [flag] = result.flags
    assert flag.code == "performance_above_one" and flag.row_ids == ("shift-9",)
    assert "shift-9" in flag.message and "ตรวจเวลารอบมาตรฐาน" in flag.message


@pytest.mark.parametrize("row, field", [
    (ShiftRow.single(4, "A", DAY, 0, 0, 1, 10, 10), "planned_minutes"),
    (ShiftRow.single(4, "A", DAY, 100, 120, 1, 10, 10), "downtime_minutes"),
    (ShiftRow.single(4, "A", DAY, 100, 10, 0, 10, 10), "ideal_cycle_seconds"),
    (ShiftRow.single(4, "A", DAY, 100, 10, 1, -1, 0), "total_count"),
    (ShiftRow.single(4, "A", DAY, 100, 10, 1, 10, 11), "good_count"),
    (ShiftRow.single(4, "A", DAY, 100, 10, 1, 10, 9, stops=(Stop(20, "breakdown"),)), "stops"),
    (ShiftRow.single(4, "A", DAY, 100, 10, 1, 10, 9, stops=(Stop(5, "ขี้เกียจ"),)), "stops"),
    (ShiftRow.single(4, "A", DAY, 100, 10, 1, 10, 9, rejects=(Reject(2, "startup_reject"),)), "rejects"),
    (ShiftRow.single(4, "A", DAY, 100, 100, 1, 10, 9), "downtime_minutes"),
])
def test_validation_names_row_and_field(row, field):
    with pytest.raises(OeeDataError) as error:
        measure([row])
    assert (error.value.row_id, error.value.field) == (4, field)
    assert str(error.value).startswith(f"แถว 4 ช่อง {field}: ")


def test_teep_is_oee_times_utilisation():
    # two lines on one day: calendar 2 × 1,440 = 2,880 min; planned 420 + 480 = 900 → U = 0.3125.
    a = ShiftRow.single(1, "A", DAY, 420, 47, 1.0, 19_271, 18_848)
    b = ShiftRow.single(2, "B", DAY, 480, 0, 60, 400, 400)
    result = teep([a, b])
    assert result.utilisation == pytest.approx(900 / 2880)
    # OEE = (18,848 s + 400 × 60 s) / (900 × 60 s); TEEP = good ideal time / calendar time
    assert result.oee == pytest.approx((18_848 + 24_000) / 54_000)
    assert result.teep == pytest.approx((18_848 + 24_000) / 60 / 2880)
    assert teep([a], calendar_minutes=10_080).utilisation == pytest.approx(420 / 10_080)
    with pytest.raises(ValueError):
        teep([a], calendar_minutes=400)


def test_measure_by_groups_in_order():
    rows = [ShiftRow.single(i, line, date(2026, 1, d), 100, 0, 60, 80, 80)
            for i, (line, d) in enumerate([("B", 6), ("A", 5), ("B", 5)])]
    assert list(measure_by(rows, lambda r: r.line)) == ["A", "B"]
    assert measure_by(rows, lambda r: r.line)["B"].totals.row_ids == (0, 2)
