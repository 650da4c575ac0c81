"""Background jobs of outcomes: the economic value follows the observations, recomputed by the system, and the
dashboard's kept figures of every shared scope are counted again right after.

Priorities order the one queue: what a person is looking at now (the dashboard's figures, counted again by
``figures.warm_figures`` at priority 20, and the round's value) goes before the bulk work an approval or an
import leaves behind (thousands of baselines to freeze).

The value of a whole round takes seconds to count, so saves queue it ``UPLIFT_VALUE_DELAY_SECONDS`` later:
a busy morning of figures from many consultants is counted a few times a minute, not once per save, and the
workers keep their cores for the people using the pages."""

from datetime import timedelta

from django.conf import settings
from django.tasks import task

from uplift.access import policy

VALUE_PRIORITY = 10
BULK_PRIORITY = -10


def value_delay() -> timedelta:
    return timedelta(seconds=settings.UPLIFT_VALUE_DELAY_SECONDS)


@task(priority=VALUE_PRIORITY)
def recompute_round_value(round_id: int) -> int:
    from uplift.outcomes.actions import economic_value_compute
    from uplift.outcomes.figures import figures_warm

    rows = economic_value_compute(actor=policy.system_actor(), round_id=round_id)
    figures_warm(round_id)
    return rows


@task(priority=BULK_PRIORITY)
def freeze_baseline(enrolment_id: int) -> int:
    from uplift.outcomes.actions import baseline_freeze
    from uplift.programme.models import Enrolment

    enrolment = Enrolment.objects.select_related("entrepreneur", "round_activity__round").get(pk=enrolment_id)
    return len(baseline_freeze(actor=policy.system_actor(), enrolment=enrolment))
