from uplift.outcomes.evaluation.plan import plan_hash
from uplift.outcomes.models import Indicator
from uplift.outcomes.plans import ACTIVITY_RULE, ROUND_RULE, template_plan
from uplift.outcomes.reference import COMPARISON, ENROLLED, INDICATORS_FILE, SELECTED, indicators_load, plan_template
from uplift.registry.slump import slump_window


def test_indicators_load_from_the_versioned_file_and_is_idempotent(db):
    assert indicators_load() == indicators_load() == Indicator.objects.count()
    codes = set(Indicator.objects.values_list("code", flat=True))
    assert {"sales", "production_cost", "productivity", "employment", "online_sales", "export_sales", "new_products",
            "certificates", "waste_reduced", "co2e_reduced"} <= codes
    cost = Indicator.objects.get(code="production_cost")
    assert (cost.direction, cost.unit, cost.frequency) == ("down", "baht/month", "monthly")
    assert cost.version == INDICATORS_FILE.read_text(encoding="utf-8").split()[2]


def test_the_plan_template_is_a_valid_plan_whose_codes_are_described():
    plan = template_plan()
    assert plan.primary.method == plan.method == "match-did" and plan.outcomes == ("sales",)
    assert {plan.comparison_rule, *(s.comparison for s in plan.secondary)} == {ROUND_RULE, ACTIVITY_RULE}
    rules = plan_template()["comparison_rules"]
    assert all(rules[code]["th"] and rules[code]["en"] for code in (ROUND_RULE, ACTIVITY_RULE))
    assert plan_hash(plan) == plan_hash(template_plan())


def test_status_groups_and_the_slump_window_are_defined_once():
    assert set(ENROLLED) < set(SELECTED) and not set(COMPARISON) & set(SELECTED)
    slump = slump_window()
    assert slump.pre_slump_year == 2019 and len(slump.pre_slump) == 12
    assert [m.month for m in slump.before] == [m.month for m in slump.during] == list(range(4, 13))
    assert slump.start.isoformat() == "2020-03-01"
