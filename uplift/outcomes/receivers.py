"""Outcomes' answers to other apps' events: a round's approved selection freezes its evaluation plan."""

from uplift.outcomes.actions import evaluation_plan_freeze


def on_selection_approved(sender, *, round_id: int, actor, run_id: int | None = None, scenario_id: int | None = None,
                          **kwargs) -> None:
    evaluation_plan_freeze(actor=actor, round_id=round_id, run_id=run_id, scenario_id=scenario_id)
