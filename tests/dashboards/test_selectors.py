from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.db.models import Sum

from tests.outcomes.programme import bulk_entrepreneurs, enter
from uplift.dashboards.selectors import dashboard_figures, drilldown_entrepreneurs
from uplift.outcomes.actions import economic_value_compute
from uplift.outcomes.models import EconomicValue
from uplift.registry.models import Entrepreneur


def test_regional_officer_figures_equal_a_direct_query_on_their_provinces(world, programme):
    officer = dashboard_figures(world.officer, programme.round.pk)
    national = dashboard_figures(world.executive, programme.round.pk)
    centres = world.officer.profile.centres.all()
    mine = EconomicValue.objects.filter(round=programme.round, entrepreneur__province__centre__in=centres)
    assert officer.projection.achieved == pytest.approx(float(mine.aggregate(t=Sum("amount"))["t"]))
    assert officer.projection.achieved == pytest.approx(12_000)  # Phuket: (11,000 − 10,000) × 12
    assert national.projection.achieved == pytest.approx(12_000 * sum(range(1, 9)))
    assert [p["code"] for p in officer.by_province] == ["83"]
    assert [c["number"] for c in officer.by_centre] == [10]
    assert sum(a["value"] for a in officer.by_activity) == pytest.approx(officer.projection.achieved)
    assert sum(a["value"] for a in officer.by_activity_source) == pytest.approx(officer.projection.achieved)
    assert officer.stages["screened"] == Entrepreneur.objects.filter(province__centre__in=centres).count()
    assert officer.stages["waitlisted"] == 2 and officer.stages["active"] == 1
    assert national.stages["active"] == 8 and national.stages["screened"] == Entrepreneur.objects.count()
    assert officer.evaluation is None and officer.evaluation_scoped_out
    assert officer.target is None and national.target == 5_000_000


def test_consultant_figures_cover_their_assigned_entrepreneurs_and_owners_have_no_dashboard(world, programme):
    consultant = dashboard_figures(world.consultant, programme.round.pk)
    assert consultant.projection.achieved == pytest.approx(12_000) and consultant.stages["screened"] == 1
    assert consultant.target is None
    with pytest.raises(PermissionDenied):
        dashboard_figures(world.owner, programme.round.pk)


def test_drilldown_lists_only_visible_entrepreneurs_behind_a_figure(world, programme):
    rows = list(drilldown_entrepreneurs(world.officer, programme.round.pk))
    assert [e.pk for e in rows] == [world.phuket.pk] and rows[0].value == 12_000
    everyone = drilldown_entrepreneurs(world.executive, programme.round.pk, source="")
    assert everyone.count() == 8
    assert not drilldown_entrepreneurs(world.executive, programme.round.pk, source="lean.KaizenCard").exists()
    assert not drilldown_entrepreneurs(world.executive, None).exists()


def _grow(world, programme, n: int):
    from uplift.programme.models import Enrolment
    from uplift.registry.models import Product

    ents = bulk_entrepreneurs(n, subdistrict="501301", start=1000)
    Enrolment.objects.bulk_create([Enrolment(round_activity=programme.activities[i % 2], entrepreneur=e, status="completed",
                                             started_on=date(2021, 1, 1)) for i, e in enumerate(ents)])
    Product.objects.bulk_create([Product(entrepreneur=e, name_th="สินค้า", category="food", unit="ชิ้น", price=Decimal(10))
                                 for e in ents])
    for e in ents:
        enter(world.admin, e, programme.round, baseline={"sales": 100}, end={"sales": 200})
    economic_value_compute(actor=world.admin, round_id=programme.round.pk)


def test_query_count_does_not_grow_with_the_data(client, world, programme):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from uplift.outcomes.models import FigureSnapshot

    def counted() -> tuple[int, int]:
        FigureSnapshot.objects.all().delete()
        with CaptureQueriesContext(connection) as cold:
            assert client.get("/dashboards/").status_code == 200
        with CaptureQueriesContext(connection) as warm:
            assert client.get("/dashboards/").status_code == 200
        return len(cold), len(warm)

    client.force_login(world.executive)
    small = counted()
    _grow(world, programme, 40)
    large = counted()
    assert large == small
    cold, warm = small
    assert 5 < warm < cold < 35
