import dataclasses
import json
import random

import pytest

from uplift.outcomes.evaluation.plan import (
    AnalysisSpec,
    EvaluationPlan,
    canonical_json,
    classify_analysis,
    deviations,
    explain_classification,
    plan_hash,
    planned_analysis,
)

PRIMARY = AnalysisSpec(
    method="match-did", outcome="ยอดขายรายเดือน", covariates=("sales_2019", "online_share_2019"),
    comparison="รายชื่อสำรอง + ผ่านเกณฑ์แต่ไม่ถูกเลือก",
)


def make_plan(**change) -> EvaluationPlan:
    base = dict(
        estimand="ผลเฉลี่ยต่อผู้เข้าร่วม (ATT) ต่อยอดขายรายเดือน",
        outcomes=("ยอดขายรายเดือน", "ยอดขายออนไลน์"),
        comparison_rule="รายชื่อสำรอง + ผ่านเกณฑ์แต่ไม่ถูกเลือก",
        method="match-did",
        covariates=("sales_2019", "online_share_2019"),
        waves=("2565-06", "2565-12"),
        primary=PRIMARY,
        secondary=(
            AnalysisSpec(method="did", outcome="ยอดขายรายเดือน", comparison="รายชื่อสำรอง + ผ่านเกณฑ์แต่ไม่ถูกเลือก"),
            AnalysisSpec(method="match-did", outcome="ยอดขายออนไลน์", covariates=("sales_2019",),
                         comparison="รายชื่อสำรอง + ผ่านเกณฑ์แต่ไม่ถูกเลือก", wave="2565-12"),
        ),
        alpha=0.05,
        power=0.80,
    )
    return EvaluationPlan(**{**base, **change})


def _shuffled(value, rng):
    if isinstance(value, dict):
        items = list(value.items())
        rng.shuffle(items)
        return {k: _shuffled(v, rng) for k, v in items}
    if isinstance(value, list):
        return [_shuffled(v, rng) for v in value]
    return value


def test_hash_is_stable_across_key_order_float_formatting_and_set_order():
    plan = make_plan()
    digest = plan_hash(plan)
    data = plan.as_dict()
    for seed in range(5):
        assert plan_hash(EvaluationPlan.from_dict(_shuffled(data, random.Random(seed)))) == digest
    text = json.dumps(data).replace('"alpha": 0.05', '"alpha": 5e-2').replace('"power": 0.8', '"power": 0.800')
    assert '5e-2' in text and '0.800' in text
    assert plan_hash(EvaluationPlan.from_json(text)) == digest
    assert plan_hash(make_plan(covariates=("online_share_2019", "sales_2019"), power=8e-1)) == digest
    assert EvaluationPlan.from_json(canonical_json(plan)) == plan


def test_canonical_text_and_its_pinned_hash():
    """Stored hashes must stay recomputable: a change here is a change of the canonical form."""
    text = canonical_json(make_plan())
    assert text.startswith('{"alpha":0.05,"comparison_rule":"รายชื่อสำรอง')
    assert " " not in text.replace("รายชื่อสำรอง + ผ่านเกณฑ์แต่ไม่ถูกเลือก", "").replace(
        "ผลเฉลี่ยต่อผู้เข้าร่วม (ATT) ต่อยอดขายรายเดือน", "")
    assert plan_hash(make_plan()) == PINNED_HASH


PINNED_HASH = "83ca4248935dd03f6337f29cf577de083253f3f2970229448dbe967623838291"


def test_any_change_changes_the_hash():
    digest = plan_hash(make_plan())
    assert plan_hash(make_plan(alpha=0.1)) != digest
    assert plan_hash(make_plan(waves=("2565-12", "2565-06"))) != digest
    assert plan_hash(make_plan(secondary=())) != digest
    assert plan_hash(make_plan(estimand="ผลเฉลี่ยต่อผู้เข้าร่วม")) != digest


def test_plan_is_frozen():
    plan = make_plan()
    with pytest.raises(dataclasses.FrozenInstanceError):
        plan.alpha = 0.1
    with pytest.raises(dataclasses.FrozenInstanceError):
        plan.primary.method = "did"


def test_classify_analysis():
    plan = make_plan()
    same = AnalysisSpec(method="match-did", outcome="ยอดขายรายเดือน", covariates=("online_share_2019", "sales_2019"),
                        comparison="รายชื่อสำรอง + ผ่านเกณฑ์แต่ไม่ถูกเลือก", wave="2565-06")
    assert classify_analysis(plan, same) == "as_planned" and planned_analysis(plan, same) == "primary"
    second = dataclasses.replace(plan.secondary[1], wave="2565-12")
    assert classify_analysis(plan, second) == "as_planned" and planned_analysis(plan, second) == "secondary"
    assert classify_analysis(plan, dataclasses.replace(second, wave="2565-06")) == "exploratory"

    other_wave = dataclasses.replace(same, wave="2566-06")
    fewer_covariates = dataclasses.replace(same, covariates=("sales_2019",))
    other_method = dataclasses.replace(same, method="cs")
    for analysis in (other_wave, fewer_covariates, other_method):
        assert classify_analysis(plan, analysis) == "exploratory"
    assert deviations(plan, other_wave) == ("wave",)
    assert deviations(plan, fewer_covariates) == ("covariates",)
    assert "ตัวแปรควบคุม" in explain_classification(plan, fewer_covariates)
    assert explain_classification(plan, same).startswith("เป็นไปตามแผน: การวิเคราะห์หลัก")


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (dict(method="did"), "primary analysis must use"),
        (dict(outcomes=("ยอดขายออนไลน์",)), "not among the plan's outcome"),
        (dict(waves=("2565-06",)), "not among the plan's waves"),
        (dict(alpha=1.5), "alpha must lie"),
        (dict(power=float("nan")), "power must lie"),
        (dict(waves=("2565-06", "2565-06", "2565-12")), "listed twice"),
    ],
)
def test_invalid_plans(change, message):
    with pytest.raises(ValueError, match=message):
        make_plan(**change)
