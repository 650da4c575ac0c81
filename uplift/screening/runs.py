"""Starting a run: the check, the frozen configuration and the audit here; the solve in the worker.

The solve itself (``execution.run_execute``) is the body of the ``run_scenario`` task, queued on
commit, so a rolled-back start queues nothing and the request never waits for the solver.
"""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from uplift.access import policy
from uplift.audit.actions import audit_record
from uplift.screening.models import Run, Scenario
from uplift.screening.scenarios import scenario_config
from uplift.screening.tasks import run_scenario


def _enqueue(run_id: int) -> None:
    result = run_scenario.enqueue(run_id)
    Run.objects.filter(pk=run_id, task_id="").update(task_id=str(result.id)[:64])


def run_start(*, actor, scenario_id: int, enqueue: bool = True) -> Run:
    """Queue a run of the scenario (``enqueue=False``: the caller solves it in the foreground, as
    ``uplift assign`` does). Either way the run is checked and audited here."""
    policy.require(actor, "run.start")
    scenario = policy.get_visible(actor, Scenario, scenario_id, related=("round",))
    policy.require(actor, "run.start", scenario)
    with transaction.atomic():
        run = Run.objects.create(scenario=scenario, config=scenario_config(scenario), created_by=actor,
                                 progress=_("queued"))
        audit_record(actor=actor, action="run", obj=scenario, changes={"run": run.pk})
        if enqueue:
            transaction.on_commit(lambda: _enqueue(run.pk))
    return run
