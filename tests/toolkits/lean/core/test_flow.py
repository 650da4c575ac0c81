import pytest

from uplift.toolkits.lean.core.flow import Step, cycles_from_splits, line_balance, mura, takt_time, tally, timing


def test_takt_time():
    # 480-min shift less 60 min of breaks = 420 min = 25,200 s for 840 pieces → 30 s per piece
    takt = takt_time(480, 840, breaks_minutes=60)
    assert takt.seconds_per_piece == 30
    with pytest.raises(ValueError):
        takt_time(480, 0)


def test_line_balance_against_takt():
    steps = [Step("ล้างวัตถุดิบ", 25), Step("กวน", 30), Step("บรรจุ", 20), Step("ติดฉลาก", 35)]
    balance = line_balance(steps, takt_seconds=30)
    # efficiency = Σ cycle / (n × max) = 110 / (4 × 35) = 0.785714; minimum stations = ⌈110 / 30⌉ = 4
    assert balance.balance_efficiency == pytest.approx(110 / 140)
    assert balance.balance_delay == pytest.approx(30 / 140)
    assert balance.bottleneck == "ติดฉลาก" and balance.line_cycle_seconds == 35
    assert balance.minimum_stations == 4
    assert [s.over_takt for s in balance.steps] == [False, False, False, True]
    assert balance.steps[1].load == 1.0
    assert balance.chart() == {"steps": ["ล้างวัตถุดิบ", "กวน", "บรรจุ", "ติดฉลาก"], "cycle_seconds": [25, 30, 20, 35],
                               "over_takt": [False, False, False, True], "bottleneck": "ติดฉลาก", "takt_seconds": 30}


def test_mura_states_its_sd():
    # daily output 100, 120, 80, 100: mean 100, Σ(x − mean)² = 800
    # sample SD = √(800 / 3) = 16.3299 → CV 0.1633; population SD = √(800 / 4) = 14.1421 → CV 0.1414
    sample = mura([100, 120, 80, 100])
    assert (sample.sd_kind, round(sample.cv, 4)) == ("sample", 0.1633)
    population = mura([100, 120, 80, 100], sd_kind="population")
    assert (population.sd_kind, round(population.cv, 4)) == ("population", 0.1414)
    with pytest.raises(ValueError):
        mura([100])


def test_stopwatch_laps_and_iqr_outliers():
    cycles = cycles_from_splits([30, 61, 90, 122, 180, 211])
    assert cycles == (30, 31, 29, 32, 58, 31)
    result = timing(cycles)
    # sorted 29 30 31 31 32 58; linear quartiles: Q1 = 30 + 0.25 × 1 = 30.25, Q3 = 31 + 0.75 × 1 = 31.75
    # IQR 1.5 → fences 30.25 − 2.25 = 28.0 and 31.75 + 2.25 = 34.0 → lap 4 (58 s) is an outlier
    assert (result.q1, result.q3, result.low_fence, result.high_fence) == (30.25, 31.75, 28.0, 34.0)
    assert result.outliers == (4,)
    assert result.mean == pytest.approx(211 / 6) and result.median == 31
    assert result.mean_without_outliers == pytest.approx(153 / 5)
    with pytest.raises(ValueError):
        cycles_from_splits([30, 20])


def test_tally():
    counts = tally(["รอ", "ทำงาน", "ทำงาน", "เดิน", "ทำงาน", "รอ"])
    assert [(c.category, c.count) for c in counts] == [("ทำงาน", 3), ("รอ", 2), ("เดิน", 1)]
    assert counts[0].share == 0.5
