"""The value follows the data: saving figures recomputes the round's value on commit; starting an
enrolment freezes the baseline from the registry, both as the system account."""

from datetime import date

from django.utils import timezone

from tests.outcomes.programme import enter, make_programme
from uplift.audit.models import AuditEntry
from uplift.outcomes.models import EconomicValue, Observation
from uplift.outcomes.tasks import freeze_baseline, recompute_round_value
from uplift.programme.actions import enrolment_transition


def test_saving_observations_recomputes_the_round_value_on_commit(world, indicators,
                                                                   django_capture_on_commit_callbacks):
    p = make_programme(world.phuket)
    with django_capture_on_commit_callbacks(execute=True):
        enter(world.consultant, world.phuket, p.round, baseline={"sales": 50_000}, end={"sales": 60_000})
    assert EconomicValue.objects.get(component="increased_sales").amount == 120_000
    with django_capture_on_commit_callbacks(execute=True):
        enter(world.consultant, world.phuket, p.round, end={"sales": 70_000})
    assert EconomicValue.objects.get(component="increased_sales").amount == 240_000


def test_a_burst_of_saves_queues_one_recomputation_while_it_waits(world, indicators, settings,
                                                                  django_capture_on_commit_callbacks):
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    p = make_programme(world.phuket)
    for sales in (60_000, 65_000, 70_000):
        with django_capture_on_commit_callbacks(execute=True):
            enter(world.consultant, world.phuket, p.round, end={"sales": sales})
    waiting = DBTaskResult.objects.filter(status="READY", task_path=recompute_round_value.module_path)
    assert waiting.count() == 1 and waiting.get().args_kwargs == {"args": [p.round.pk], "kwargs": {}}
    due_in = (waiting.get().run_after - timezone.now()).total_seconds()
    assert settings.UPLIFT_VALUE_DELAY_SECONDS - 10 < due_in <= settings.UPLIFT_VALUE_DELAY_SECONDS  # a burst, counted once
    DBTaskResult.objects.filter(pk=waiting.get().pk).update(status="RUNNING")
    with django_capture_on_commit_callbacks(execute=True):
        enter(world.consultant, world.phuket, p.round, end={"sales": 75_000})
    assert waiting.count() == 1  # one already running may have read before this save: a new one waits


def test_starting_an_enrolment_freezes_the_baseline_from_the_registry(world, indicators,
                                                                      django_capture_on_commit_callbacks):
    p = make_programme(world.phuket)
    enrolment = p.enrolments[world.phuket.pk]
    enrolment.status, enrolment.started_on = "accepted", None
    enrolment.save()
    with django_capture_on_commit_callbacks(execute=True):
        enrolment_transition(actor=world.officer, enrolment_id=enrolment.pk, action="start", on=date(2021, 1, 4))
    baseline = Observation.objects.get(entrepreneur=world.phuket, indicator__code="sales", wave="baseline")
    assert baseline.frozen and baseline.source == "registry" and baseline.entered_by.username == "system"
    assert AuditEntry.objects.filter(action="baseline_freeze").count() == 1
    assert freeze_baseline.call(enrolment.pk) == 0
    assert Observation.objects.filter(entrepreneur=world.phuket, wave="baseline", indicator__code="sales").count() == 1
