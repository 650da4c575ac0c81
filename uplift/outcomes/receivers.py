"""Outcomes' answers to events: a round's approved selection freezes its evaluation plan; a started enrolment
queues its baseline; saved observations queue their round's value."""

from uplift.outcomes.actions import evaluation_plan_freeze


def on_selection_approved(sender, *, round_id: int, actor, run_id: int | None = None, scenario_id: int | None = None,
                          **kwargs) -> None:
    evaluation_plan_freeze(actor=actor, round_id=round_id, run_id=run_id, scenario_id=scenario_id)


def on_enrolment_started(sender, *, enrolment_id: int, **kwargs) -> None:
    from uplift.outcomes.tasks import freeze_baseline

    freeze_baseline.enqueue(enrolment_id)


def on_observations_saved(sender, *, round_id: int, **kwargs) -> None:
    """Debounced: a recomputation of the round still waiting in the queue reads every figure committed before it
    starts, this one included, so a burst of saves (a consultant's form, a bulk entry, a busy morning) queues one."""
    from uplift.ops.queue import queue_once
    from uplift.outcomes.tasks import recompute_round_value, value_delay

    queue_once(recompute_round_value, round_id, delay=value_delay())
