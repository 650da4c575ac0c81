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
    from uplift.outcomes.tasks import recompute_round_value

    if not _waiting(recompute_round_value, round_id):
        recompute_round_value.enqueue(round_id)


def _waiting(task, *args) -> bool:
    from django.tasks import task_backends
    from django_tasks_db.backend import DatabaseBackend
    from django_tasks_db.models import DBTaskResult

    if not isinstance(task_backends[task.backend], DatabaseBackend):
        return False

    return DBTaskResult.objects.ready().filter(task_path=task.module_path,
                                               args_kwargs={"args": list(args), "kwargs": {}}).exists()
