"""Background jobs of outcomes: the economic value follows the observations, recomputed by the system."""

from django.tasks import task

from uplift.access import policy


@task
def recompute_round_value(round_id: int) -> int:
    from uplift.outcomes.actions import economic_value_compute

    return economic_value_compute(actor=policy.system_actor(), round_id=round_id)


@task
def freeze_baseline(enrolment_id: int) -> int:
    from uplift.outcomes.actions import baseline_freeze
    from uplift.programme.models import Enrolment

    enrolment = Enrolment.objects.select_related("entrepreneur", "round_activity__round").get(pk=enrolment_id)
    return len(baseline_freeze(actor=policy.system_actor(), enrolment=enrolment))
