from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.db.models import Sum
from django.test.utils import CaptureQueriesContext

from tests.outcomes.programme import bulk_entrepreneurs, make_programme
from uplift.dashboards.selectors import dashboard_figures
from uplift.outcomes.models import EconomicValue, EvaluationResult
from uplift.outcomes.services import ObservationIn, economic_value_compute, observations_save
from uplift.registry.models import Entrepreneur


def enter(actor, e, round_, **pairs):
    items = []
    for wave, values in pairs.items():
        items += [ObservationIn(entrepreneur_id=e.pk, round_id=round_.pk, indicator=k, wave=wave, value=v, source="verified")
                  for k, v in values.items()]
    observations_save(actor=actor, items=items)


@pytest.fixture
def programme(world, indicators):
    """Phuket (centre 10) and Chiang Mai (centre 1) groups plus 6 more in Chiang Mai, all enrolled with value."""
    extra = bulk_entrepreneurs(6, subdistrict="501301")
    waiting = bulk_entrepreneurs(2, subdistrict="830202", start=50)
    p = make_programme(world.phuket, world.chiangmai, *extra, waitlisted=waiting)
    for n, e in enumerate([world.phuket, world.chiangmai, *extra]):
        enter(world.admin, e, p.round, baseline={"sales": 10_000}, end={"sales": 10_000 + 1_000 * (n + 1)})
    economic_value_compute(actor=world.admin, round_id=p.round.pk)
    return p


def test_regional_officer_figures_equal_a_direct_query_on_their_provinces(world, programme):
    officer = dashboard_figures(world.officer, programme.round.pk)
    national = dashboard_figures(world.executive, programme.round.pk)
    mine = EconomicValue.objects.filter(round=programme.round, entrepreneur__province__centre__in=world.officer.profile.centres.all())
    assert officer.projection.achieved == pytest.approx(float(mine.aggregate(t=Sum("amount"))["t"]))
    assert officer.projection.achieved == pytest.approx(12_000)  # Phuket: (11,000 − 10,000) × 12
    assert national.projection.achieved == pytest.approx(12_000 * sum(range(1, 9)))
    assert [p["code"] for p in officer.by_province] == ["83"]
    assert [c["number"] for c in officer.by_centre] == [10]
    assert sum(a["value"] for a in officer.by_activity) == pytest.approx(officer.projection.achieved)
    in_scope = Entrepreneur.objects.filter(province__centre__in=world.officer.profile.centres.all())
    assert officer.stages["screened"] == in_scope.count()
    assert officer.stages["waitlisted"] == 2 and officer.stages["active"] == 1
    assert national.stages["active"] == 8 and national.stages["screened"] == Entrepreneur.objects.count()
    assert officer.evaluation is None and officer.evaluation_scoped_out


def test_dashboard_page_shows_figures_and_drills_down(client, world, programme):
    EvaluationResult.objects.create(round=programme.round, method="did", outcome="sales", att=500.0, se=100.0,
                                    ci_low=300.0, ci_high=700.0, n_treated=8, n_control=2, pretrend_flagged=False)
    client.force_login(world.executive)
    page = client.get("/dashboards/").content.decode()
    assert "5,000,000 บาท" in page  # the target
    assert "432,000 บาท" in page    # achieved: 12,000 × 36
    assert "48,000 บาท" in page     # caused: 500 × 12 × 8
    assert f"/entrepreneurs/?centre=10" in page and "thailand-provinces.geo.json" in page
    drill = client.get(f"/dashboards/entrepreneurs/?round={programme.round.pk}&centre=10").content.decode()
    assert world.phuket.name_th in drill and world.chiangmai.name_th not in drill
    drill = client.get(f"/dashboards/entrepreneurs/?round={programme.round.pk}&stage=waitlisted").content.decode()
    assert "ผู้ประกอบการทดสอบ 50" in drill and world.phuket.name_th not in drill


def test_officer_page_hides_the_national_causal_estimate(client, world, programme):
    EvaluationResult.objects.create(round=programme.round, method="did", outcome="sales", att=500.0, se=100.0,
                                    ci_low=300.0, ci_high=700.0, n_treated=8, n_control=2)
    client.force_login(world.officer)
    page = client.get("/dashboards/").content.decode()
    assert "12,000 บาท" in page and "432,000" not in page and "48,000" not in page


def test_api_figures_are_scoped_too(client, world, programme):
    client.force_login(world.officer)
    data = client.get(f"/api/dashboards/figures?round_id={programme.round.pk}").json()
    assert data["achieved"] == pytest.approx(12_000) and [p["code"] for p in data["by_province"]] == ["83"]


def _grow(world, programme, n: int):
    ents = bulk_entrepreneurs(n, subdistrict="501301", start=1000)
    from uplift.programme.models import Enrolment

    Enrolment.objects.bulk_create([Enrolment(round_activity=programme.activities[i % 2], entrepreneur=e, status="completed",
                                             started_on=date(2021, 1, 1)) for i, e in enumerate(ents)])
    from uplift.registry.models import Product

    Product.objects.bulk_create([Product(entrepreneur=e, name_th="สินค้า", category="food", unit="ชิ้น", price=Decimal(10))
                                 for e in ents])
    for e in ents:
        enter(world.admin, e, programme.round, baseline={"sales": 100}, end={"sales": 200})
    economic_value_compute(actor=world.admin, round_id=programme.round.pk)


def test_query_count_does_not_grow_with_the_data(client, world, programme):
    client.force_login(world.executive)
    with CaptureQueriesContext(connection) as small:
        assert client.get("/dashboards/").status_code == 200
    _grow(world, programme, 40)
    with CaptureQueriesContext(connection) as large:
        assert client.get("/dashboards/").status_code == 200
    assert len(large) == len(small)
    assert 5 < len(small) < 20
