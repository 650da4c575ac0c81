import numpy as np
import pytest

from uplift.screening.core.impact import PARTS, ImpactInputs, ImpactWeights, impact_scores

NAN = np.nan


def inputs(**overrides):
    base = dict(
        sales_before=[[100.0, 100.0, 100.0], [200.0, 200.0, 200.0]],
        sales_during=[[50.0, 50.0, 50.0], [200.0, 220.0, 260.0]],
        thai_share_before=[[0.2, 0.2, 0.2], [0.0, 0.0, 0.0]],
        foreign_share_before=[[0.3, 0.3, 0.3], [0.0, 0.0, 0.0]],
        province_exposure=[0.8, 0.1],
        members=[10, 0],
        employees=[0, 0],
    )
    base.update(overrides)
    return ImpactInputs(**base)


def test_parts_and_weighted_total():
    scores = impact_scores(inputs(), ImpactWeights(foreign_weight=2.0))
    assert scores.sales_drop.tolist() == pytest.approx([0.5, 0.0])
    assert scores.tourist_share[0] == pytest.approx((0.2 + 2 * 0.3) / 2)
    assert scores.exposure.tolist() == pytest.approx([0.8, 0.1])
    w = ImpactWeights().as_dict()
    expected = sum(w[p] * scores.part(p) for p in PARTS) / sum(w.values())
    np.testing.assert_allclose(scores.total, expected)
    np.testing.assert_allclose(sum(scores.contributions().values()), scores.total)
    for p in PARTS:
        assert np.all((scores.part(p) >= 0) & (scores.part(p) <= 1))


def test_growth_is_no_drop_and_only_paired_months_count():
    scores = impact_scores(inputs(
        sales_before=[[100.0, NAN, 100.0], [100.0, 900.0, 100.0]],
        sales_during=[[40.0, 0.0, 60.0], [100.0, NAN, 100.0]],
    ), ImpactWeights(min_paired_months=2))
    assert scores.sales_drop[0] == pytest.approx(0.5)
    assert scores.paired_months.tolist() == [2, 2]
    assert scores.sales_drop[1] == 0.0 and scores.sales_drop_known[1]


def test_zero_baseline_and_missing_months_are_flagged_not_guessed():
    scores = impact_scores(inputs(
        sales_before=[[0.0, 0.0, 0.0], [100.0, NAN, NAN]],
        sales_during=[[10.0, 20.0, 0.0], [10.0, 10.0, NAN]],
    ))
    assert scores.zero_baseline.tolist() == [True, False]
    assert scores.sales_drop_known.tolist() == [True, False]
    assert scores.sales_drop.tolist() == [0.0, 0.0]
    assert not scores.tourist_share_known[0] and scores.tourist_share[0] == 0.0


def test_tourist_share_is_sales_weighted_and_foreign_weighted():
    data = inputs(
        sales_before=[[100.0, 300.0, NAN], [100.0, 100.0, 100.0]],
        thai_share_before=[[1.0, 0.0, 0.5], [0.0, 0.0, 0.0]],
        foreign_share_before=[[0.0, 1.0, 0.5], [1.0, 1.0, 1.0]],
    )
    scores = impact_scores(data, ImpactWeights(foreign_weight=3.0))
    assert scores.tourist_share[0] == pytest.approx((0.25 + 3 * 0.75) / 3)
    assert scores.tourist_share[1] == pytest.approx(1.0)
    below_one = impact_scores(data, ImpactWeights(foreign_weight=0.5))
    assert below_one.tourist_share[1] == pytest.approx(0.5)


def test_smaller_is_more_vulnerable_and_unknown_size_is_neutral():
    data = inputs(
        sales_before=[[1_000.0] * 3, [NAN] * 3],
        sales_during=[[1_000.0] * 3, [NAN] * 3],
        members=[3, 0], employees=[0, 0],
    )
    scores = impact_scores(data)
    assert scores.size_known.tolist() == [True, False]
    assert scores.vulnerability[1] == 0.5
    big = impact_scores(inputs(members=[300, 0], employees=[50, 0]))
    small = impact_scores(inputs(members=[2, 0], employees=[1, 0]))
    assert small.vulnerability[0] > big.vulnerability[0]


def test_weights_change_the_total_and_are_validated():
    data = inputs()
    only_drop = impact_scores(data, ImpactWeights(1, 0, 0, 0))
    only_exposure = impact_scores(data, ImpactWeights(0, 0, 1, 0))
    np.testing.assert_allclose(only_drop.total, only_drop.sales_drop)
    np.testing.assert_allclose(only_exposure.total, [0.8, 0.1])
    with pytest.raises(ValueError):
        ImpactWeights(0, 0, 0, 0)
    with pytest.raises(ValueError):
        ImpactWeights(sales_drop=-1)
    with pytest.raises(ValueError):
        ImpactWeights(min_paired_months=0)


def test_deterministic_and_row_independent():
    rng = np.random.default_rng(3)
    n, months = 50, 9
    before = rng.uniform(0, 1e5, (n, months))
    before[rng.random((n, months)) < 0.1] = NAN
    thai = rng.uniform(0, 0.5, (n, months))
    data = ImpactInputs(
        sales_before=before, sales_during=before * rng.uniform(0.2, 1.2, (n, months)),
        thai_share_before=thai, foreign_share_before=rng.uniform(0, 0.5, (n, months)),
        province_exposure=rng.random(n), members=rng.integers(0, 50, n), employees=rng.integers(0, 5, n),
    )
    first, second = impact_scores(data), impact_scores(data)
    np.testing.assert_array_equal(first.total, second.total)
    perm = rng.permutation(n)
    shuffled = ImpactInputs(**{
        name: getattr(data, name)[perm] for name in (
            "sales_before", "sales_during", "thai_share_before", "foreign_share_before",
            "province_exposure", "members", "employees",
        )
    })
    np.testing.assert_array_equal(impact_scores(shuffled).total, first.total[perm])
    head = impact_scores(ImpactInputs(**{
        name: getattr(data, name)[:5] for name in (
            "sales_before", "sales_during", "thai_share_before", "foreign_share_before",
            "province_exposure", "members", "employees",
        )
    }))
    np.testing.assert_array_equal(head.total, first.total[:5])


def test_explain_shows_parts_and_results_are_frozen():
    scores = impact_scores(inputs())
    explained = scores.explain(0)
    assert set(explained["parts"]) == set(PARTS)
    assert explained["total"] == pytest.approx(sum(explained["contributions"].values()))
    with pytest.raises(ValueError):
        scores.total[0] = 1.0
    with pytest.raises(AttributeError):
        scores.total = None


@pytest.mark.parametrize("override", [
    dict(province_exposure=[1.2, 0.1]),
    dict(province_exposure=[NAN, 0.1]),
    dict(thai_share_before=[[0.7, 0.2, 0.2], [0.0, 0.0, 0.0]], foreign_share_before=[[0.5, 0.3, 0.3], [0, 0, 0]]),
    dict(sales_before=[[-1.0, 100.0, 100.0], [200.0, 200.0, 200.0]]),
    dict(members=[1, 2, 3]),
])
def test_bad_inputs_are_refused(override):
    with pytest.raises(ValueError):
        inputs(**override)
