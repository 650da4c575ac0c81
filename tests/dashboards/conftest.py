import pytest

from tests.outcomes.conftest import _immediate_tasks, indicators  # noqa: F401
from tests.outcomes.programme import bulk_entrepreneurs, enter, make_programme
from uplift.outcomes.actions import economic_value_compute


@pytest.fixture
def programme(world, indicators):  # noqa: F811
    """Phuket (centre 10) and Chiang Mai (centre 1) groups plus 6 more in Chiang Mai, all enrolled with value."""
    extra = bulk_entrepreneurs(6, subdistrict="501301")
    waiting = bulk_entrepreneurs(2, subdistrict="830202", start=50)
    p = make_programme(world.phuket, world.chiangmai, *extra, waitlisted=waiting)
    for n, e in enumerate([world.phuket, world.chiangmai, *extra]):
        enter(world.admin, e, p.round, baseline={"sales": 10_000}, end={"sales": 10_000 + 1_000 * (n + 1)})
    economic_value_compute(actor=world.admin, round_id=p.round.pk)
    return p
