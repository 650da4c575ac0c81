import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from tests.outcomes.programme import enter, make_programme
from uplift.outcomes import selectors
from uplift.outcomes.actions import economic_value_compute, evaluation_plan_freeze
from uplift.outcomes.models import EvaluationResult


@pytest.fixture
def p(world, indicators):
    p = make_programme(world.phuket, world.chiangmai)
    for e in (world.phuket, world.chiangmai):
        enter(world.admin, e, p.round, baseline={"sales": 10_000}, end={"sales": 11_000})
    economic_value_compute(actor=world.admin, round_id=p.round.pk)
    return p


def test_observations_and_value_are_read_through_the_policy(world, p):
    assert {o.entrepreneur_id for o in selectors.observations(world.admin, p.round.pk)} == {world.phuket.pk,
                                                                                           world.chiangmai.pk}
    for actor, mine in ((world.officer, world.phuket), (world.consultant, world.phuket), (world.owner, world.chiangmai)):
        assert {o.entrepreneur_id for o in selectors.observations(actor, p.round.pk)} == {mine.pk}
        summary = selectors.value_summary(actor, p.round.pk)
        assert summary["total"] == 12_000 and [r["key"] for r in summary["by_province"]] == [mine.province_id]
    assert selectors.value_summary(world.executive, p.round.pk)["total"] == 24_000
    assert [v.component for v in selectors.value_trace(world.officer, p.round.pk, world.phuket.pk)] == ["increased_sales"]
    with pytest.raises(Http404):
        list(selectors.value_trace(world.officer, p.round.pk, world.chiangmai.pk))


def test_evaluations_and_plans_are_national_figures(world, p):
    EvaluationResult.objects.create(round=p.round, method="did", outcome="sales", att=1.0)
    evaluation_plan_freeze(actor=world.admin, round_id=p.round.pk)
    assert len(selectors.evaluations(world.executive, p.round.pk)) == 1
    assert [v.version for v in selectors.plan_versions(world.executive, p.round.pk)] == [1]
    for actor in (world.officer, world.consultant, world.owner):
        with pytest.raises(PermissionDenied):
            selectors.evaluations(actor, p.round.pk)
        with pytest.raises(PermissionDenied):
            selectors.plan_versions(actor, p.round.pk)
