from datetime import date

from django.core.management import call_command

from tests.factories import monthly_sales
from uplift.outcomes.models import EconomicValue, EvaluationResult, Observation


def test_demo_outcomes_builds_a_round_with_value(world, indicators):
    monthly_sales(world.chiangmai, {date(2020, m, 1): 50_000 for m in range(1, 13)})
    call_command("demo_outcomes", "--treated", "1", "--waitlist", "1", "--no-evaluation", "--seed", "1", stdout=open("/dev/null", "w"))
    assert Observation.objects.filter(wave="baseline", frozen=True).exists()
    assert EvaluationResult.objects.count() == 0
    from uplift.programme.models import Enrolment

    statuses = sorted(Enrolment.objects.values_list("status", flat=True))
    assert len(statuses) >= 2 and statuses[-1] == "waitlisted" and statuses[0] in ("active", "completed")
    assert all(v.follow_up_id and v.config_version for v in EconomicValue.objects.all())
