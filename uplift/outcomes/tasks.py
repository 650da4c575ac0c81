"""Background jobs of outcomes: the economic value follows the observations, recomputed by the system, and the
dashboard's kept figures of every shared scope are counted again right after."""

from django.tasks import task

from uplift.access import policy


@task
def recompute_round_value(round_id: int) -> int:
    from uplift.outcomes.actions import economic_value_compute
    from uplift.outcomes.figures import figures_warm

    rows = economic_value_compute(actor=policy.system_actor(), round_id=round_id)
    figures_warm(round_id)
    return rows


@task
def freeze_baseline(enrolment_id: int) -> int:
    from uplift.outcomes.actions import baseline_freeze
    from uplift.programme.models import Enrolment

    enrolment = Enrolment.objects.select_related("entrepreneur", "round_activity__round").get(pk=enrolment_id)
    return len(baseline_freeze(actor=policy.system_actor(), enrolment=enrolment))
