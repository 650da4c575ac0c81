"""Approving a scenario: its latest solved run becomes the round's offers and waitlists, all or nothing.

Once committed, ``signals.selection_approved`` tells other apps (outcomes freezes its evaluation plan).
"""

from __future__ import annotations

import logging

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from uplift.access import policy
from uplift.audit.actions import audit_record
from uplift.programme.models import Enrolment
from uplift.screening.models import Run, Scenario
from uplift.screening.signals import selection_approved

SOURCE = "screening scenario {scenario} run {run}"
log = logging.getLogger(__name__)


def _offers_and_waitlist(run: Run, source: str) -> tuple[list[Enrolment], list[Enrolment]]:
    """The waitlist of an activity holds the eligible entrepreneurs not offered it, by expected
    benefit (ties by entrepreneur id), at most as many as the activity has places."""
    activities = run.config["activities"]
    rows = list(run.rows.filter(entrepreneur__isnull=False).values_list("entrepreneur_id", "benefit", "assigned"))
    offers = []
    for entrepreneur_id, benefit, assigned in rows:
        for k, activity in enumerate(activities):
            if activity["number"] in assigned:
                offers.append(Enrolment(round_activity_id=activity["round_activity"], entrepreneur_id=entrepreneur_id,
                                        status=Enrolment.Status.OFFERED, expected_benefit=benefit[k], source=source))
    waitlist = []
    for k, activity in enumerate(activities):
        waiting = sorted((-benefit[k], pk) for pk, benefit, assigned in rows
                         if benefit[k] is not None and activity["number"] not in assigned)
        for rank, (negative, pk) in enumerate(waiting[: activity["places"]], start=1):
            waitlist.append(Enrolment(round_activity_id=activity["round_activity"], entrepreneur_id=pk,
                                      status=Enrolment.Status.WAITLISTED, waitlist_rank=rank,
                                      expected_benefit=-negative, source=source))
    return offers, waitlist


def scenario_approve(*, actor, scenario_id: int) -> dict[str, int]:
    """Offers for the assignment of the scenario's latest run and a ranked waitlist per activity."""
    policy.require(actor, "scenario.approve")
    policy.get_visible(actor, Scenario, scenario_id)
    with transaction.atomic():
        scenario = Scenario.objects.select_for_update().select_related("round").get(pk=scenario_id)
        policy.require(actor, "scenario.approve", scenario)
        if Scenario.objects.filter(round=scenario.round, approved_at__isnull=False).exists():
            raise ValidationError({"scenario": _("A scenario of this round is already approved.")})
        run = scenario.runs.order_by("-id").first()
        if run is None or run.status != Run.Status.DONE or run.objective is None:
            raise ValidationError({"scenario": _("Run the scenario to a solution before approving it.")})
        if Enrolment.objects.filter(round_activity__round=scenario.round).exists():
            raise ValidationError({"scenario": _("This round already has enrolments.")})
        offers, waitlist = _offers_and_waitlist(run, SOURCE.format(scenario=scenario.pk, run=run.pk))
        Enrolment.objects.bulk_create(offers, batch_size=2000)
        Enrolment.objects.bulk_create(waitlist, batch_size=2000)
        scenario.approved_at = timezone.now()
        scenario.approved_by = actor
        scenario.save(update_fields=["approved_at", "approved_by"])
        counts = {"offered": len(offers), "waitlisted": len(waitlist),
                  "entrepreneurs": len({e.entrepreneur_id for e in offers})}
        audit_record(actor=actor, action="approve", obj=scenario, changes={"run": run.pk, **counts})
        sent = {"round_id": scenario.round_id, "run_id": run.pk, "scenario_id": scenario.pk, "actor": actor}
        transaction.on_commit(lambda: _announce(sent))
    return counts


def _announce(sent: dict) -> None:
    for receiver, outcome in selection_approved.send_robust(sender=Scenario, **sent):
        if isinstance(outcome, Exception):
            log.error("selection_approved receiver %r failed for scenario %s", receiver, sent["scenario_id"],
                      exc_info=outcome)
