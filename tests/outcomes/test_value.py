from decimal import Decimal

import numpy as np
import pytest

from tests.outcomes.programme import make_programme
from uplift.dashboards.selectors import project
from uplift.outcomes.models import EconomicValue, Observation
from uplift.outcomes.services import ObservationIn, economic_value_compute, observations_save, value_config


def enter(actor, e, round_, wave, **values):
    observations_save(actor=actor, items=[
        ObservationIn(entrepreneur_id=e.pk, round_id=round_.pk, indicator=k, wave=wave, value=v, source="verified")
        for k, v in values.items()])


def test_components_are_computed_from_and_traceable_to_observations(world, indicators):
    p = make_programme(world.phuket)
    r = p.round
    enter(world.admin, world.phuket, r, "baseline", sales=50_000, production_cost=30_000, productivity=100,
          worker_hours=320, employment=3)
    enter(world.admin, world.phuket, r, "end", sales=60_000, production_cost=28_000, productivity=110,
          employment=4, investment=25_000)
    enter(world.admin, world.phuket, r, "m3", sales=65_000)  # a later follow-up wins
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
    assert sales.detail["delta"] == "15000.00"


def test_value_is_shared_between_an_entrepreneurs_activities(world, indicators):
    from uplift.programme.models import Enrolment

    p = make_programme(world.phuket)
    Enrolment.objects.create(round_activity=p.activities[1], entrepreneur=world.phuket, status="completed")
    enter(world.admin, world.phuket, p.round, "baseline", sales=10_000)
    enter(world.admin, world.phuket, p.round, "end", sales=11_000)
    economic_value_compute(actor=world.admin, round_id=p.round.pk)
    rows = list(EconomicValue.objects.order_by("enrolment"))
    assert [r.amount for r in rows] == [Decimal("6000.00"), Decimal("6000.00")]
    assert sum(r.amount for r in rows) == Decimal("12000")
    # recomputing replaces rather than adds
    economic_value_compute(actor=world.admin, round_id=p.round.pk)
    assert EconomicValue.objects.count() == 2


def test_no_follow_up_means_no_value_yet(world, indicators):
    p = make_programme(world.phuket)
    enter(world.admin, world.phuket, p.round, "baseline", sales=10_000)
    assert economic_value_compute(actor=world.admin, round_id=p.round.pk) == 0
    assert Observation.objects.count() == 1


def test_projection_adds_the_missing_at_the_mean_with_a_bootstrap_range():
    p = project([100.0, 200.0, 300.0], 3)
    assert p.achieved == 600 and p.projected == pytest.approx(1200)
    assert p.low < p.projected < p.high
    assert 600 + 3 * 100 <= p.low and p.high <= 600 + 3 * 300
    none = project([], 5)
    assert (none.projected, none.n_without_value) == (0, 5)
    same = project([50.0] * 10, 10)
    assert same.low == same.high == same.projected == 1000
    # the interval widens with the spread of the values
    rng = np.random.default_rng(1)
    wide = project(list(rng.normal(100, 50, 50)), 50)
    narrow = project(list(rng.normal(100, 5, 50)), 50)
    assert wide.high - wide.low > narrow.high - narrow.low
