from datetime import date

import pytest
from django.core.management import CommandError, call_command

from tests.factories import monthly_sales
from uplift.audit.models import AuditEntry
from uplift.outcomes.models import EconomicValue, EvaluationPlan, EvaluationResult, Observation


def test_demo_outcomes_builds_a_round_with_value_as_the_named_actor(world, indicators):
    monthly_sales(world.chiangmai, {date(2020, m, 1): 50_000 for m in range(1, 13)})
    with pytest.raises(CommandError, match="--user"):
        call_command("demo_outcomes", "--treated", "1", "--waitlist", "1", "--no-evaluation", stdout=open("/dev/null", "w"))
    with pytest.raises(CommandError):  # an executive may not create a round
        call_command("demo_outcomes", "--user", "executive", "--treated", "1", "--waitlist", "1", "--no-evaluation",
                     stdout=open("/dev/null", "w"))
    call_command("demo_outcomes", "--user", "system", "--treated", "1", "--waitlist", "1", "--no-evaluation", "--seed", "1",
                 stdout=open("/dev/null", "w"))
    assert Observation.objects.filter(wave="baseline", frozen=True).exists()
    assert EvaluationResult.objects.count() == 0 and EvaluationPlan.objects.get().version == 1
    from uplift.programme.models import Enrolment

    statuses = sorted(Enrolment.objects.values_list("status", flat=True))
    assert len(statuses) >= 2 and statuses[-1] == "waitlisted" and statuses[0] in ("active", "completed")
    assert all(v.follow_up_id and v.config_version for v in EconomicValue.objects.all())
    actions = set(AuditEntry.objects.filter(actor__username="system").values_list("action", flat=True))
    assert {"demo_outcomes_load", "evaluation_plan_freeze", "baseline_freeze", "economic_value_compute"} <= actions
