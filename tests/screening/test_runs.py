from decimal import Decimal

import numpy as np
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import translation

from uplift.audit.models import AuditEntry
from uplift.programme.models import Enrolment
from uplift.registry.models import MonthlySales
from uplift.screening import execution, selectors
from uplift.screening.approval import scenario_approve
from uplift.screening.models import Run, SnapshotRow
from uplift.screening.needs import needs_record
from uplift.screening.rules import rule_create
from uplift.screening.runs import run_start
from uplift.screening.scenarios import scenario_create
from uplift.screening.signals import selection_approved

pytestmark = pytest.mark.django_db


@pytest.fixture
def scenario(world, programme_round):
    return scenario_create(actor=world.admin, round_id=programme_round.pk, data={"name": "A"})


def test_run_solves_and_stores_the_figures(world, scenario, solve):
    run = solve(scenario)
    assert run.solver_status == "optimal" and run.gap == pytest.approx(0, abs=1e-6)
    assert run.objective == pytest.approx(run.lp_bound) and run.greedy_objective <= run.objective + 1e-9
    rows = {r.entrepreneur_id: r for r in run.rows.all()}
    assert set(rows) == {world.phuket.pk, world.chiangmai.pk}
    phuket = rows[world.phuket.pk]
    assert phuket.sales_drop == pytest.approx(0.8) and phuket.exposure > 0.5
    assert phuket.impact > rows[world.chiangmai.pk].impact
    # 7 activities with one place each, at most 2 per entrepreneur: both selected, 4 places used.
    assert run.selected == 2 and sum(len(r.assigned) for r in rows.values()) == 4
    assert run.objective == pytest.approx(sum(r.value for r in rows.values()))


def test_snapshot_is_frozen_against_registry_edits(world, scenario, solve):
    first = solve(scenario)
    before = list(SnapshotRow.objects.filter(run=first).order_by("id").values())
    explained = selectors.explanation(user=world.admin, run=first, entrepreneur_id=world.phuket.pk)
    MonthlySales.objects.filter(entrepreneur=world.phuket, month__year=2020).update(shop=Decimal(100_000))
    world.phuket.members = 500
    world.phuket.save()
    second = solve(scenario)
    assert list(SnapshotRow.objects.filter(run=first).order_by("id").values()) == before
    again = selectors.explanation(user=world.admin, run=first, entrepreneur_id=world.phuket.pk)
    assert again["parts"] == explained["parts"] and again["row"].impact == explained["row"].impact
    new = second.rows.get(entrepreneur=world.phuket)
    assert new.sales_drop == 0 and new.impact < explained["row"].impact


def test_only_managers_run_and_approve(world, scenario, solve):
    for user in (world.executive, world.officer, world.consultant, world.owner, None):
        with pytest.raises(PermissionDenied):
            run_start(actor=user, scenario_id=scenario.pk)
    assert not Run.objects.exists()
    solve(scenario)
    for user in (world.executive, world.officer):
        with pytest.raises(PermissionDenied):
            scenario_approve(actor=user, scenario_id=scenario.pk)
    with pytest.raises(PermissionDenied):
        selectors.round_list(user=world.owner)


def test_results_and_explanations_are_scoped(world, scenario, solve):
    run = solve(scenario)
    assert set(selectors.run_rows(user=world.officer, run=run).values_list("entrepreneur_id", flat=True)) == {world.phuket.pk}
    assert selectors.run_rows(user=world.admin, run=run).count() == 2
    assert selectors.explanation(user=world.officer, run=run, entrepreneur_id=world.phuket.pk)["selected"]
    with pytest.raises(Http404):
        selectors.explanation(user=world.officer, run=run, entrepreneur_id=world.chiangmai.pk)


def test_explanation_names_the_binding_constraint_and_failed_rules(world, programme_round, solve):
    ra4 = programme_round.activities.get(activity__number=4)
    rule_create(actor=world.admin, round_activity_id=ra4.pk,
                rule={"field": "max_star_rating", "op": "between", "value": [3, 5]})
    scenario = scenario_create(actor=world.admin, round_id=programme_round.pk,
                               data={"name": "one each", "max_per_entrepreneur": 1,
                                     "places": {str(n): 0 for n in range(2, 8)}})
    run = solve(scenario)
    # Only activity 1 has a place: the higher impact (Phuket) takes it, Chiang Mai finds it full.
    assert run.selected == 1
    with translation.override("en"):
        out = selectors.explanation(user=world.admin, run=run, entrepreneur_id=world.chiangmai.pk)
    assert not out["selected"]
    reasons = {line["activity"]["number"]: line["reason"] for line in out["lines"]}
    assert reasons[1] == "Activity 1 is full; your expected benefit ranks 2nd of 2 eligible."
    assert "the highest OTOP star rating of its products is from 3 stars to 5 stars" in reasons[4]
    assert run.rows.get(entrepreneur=world.chiangmai).failed_rules == {"4": [0]}
    with translation.override("th"):
        thai = selectors.explanation(user=world.admin, run=run, entrepreneur_id=world.chiangmai.pk)
    assert thai["lines"][0]["reason"] == "กิจกรรมที่ 1 เต็มแล้ว ประโยชน์ที่คาดว่าจะได้รับของท่านอยู่ลำดับที่ 2 จาก 2 รายที่มีสิทธิ์"
    assert thai["lines"][3]["failed"] == ["ระดับดาว OTOP สูงสุดของผลิตภัณฑ์ ตั้งแต่ 3 ดาว ถึง 5 ดาว"]


def test_approval_is_atomic(world, scenario, monkeypatch, solve):
    run = solve(scenario)
    real = Enrolment.objects.bulk_create
    calls = []

    def failing(objs, *args, **kwargs):
        calls.append(len(objs))
        if len(calls) == 2:  # the waitlist, after the offers were written
            raise RuntimeError("disk full")
        return real(objs, *args, **kwargs)

    monkeypatch.setattr(Enrolment.objects, "bulk_create", failing)
    with pytest.raises(RuntimeError):
        scenario_approve(actor=world.admin, scenario_id=scenario.pk)
    assert calls[0] == 4
    assert not Enrolment.objects.exists()
    scenario.refresh_from_db()
    assert scenario.approved_at is None
    monkeypatch.setattr(Enrolment.objects, "bulk_create", real)
    counts = scenario_approve(actor=world.admin, scenario_id=scenario.pk)
    assert counts["offered"] == 4 and counts["entrepreneurs"] == 2
    offered = Enrolment.objects.filter(status="offered")
    assert offered.count() == 4 and all(e.source == f"screening scenario {scenario.pk} run {run.pk}" for e in offered)
    waitlisted = Enrolment.objects.filter(status="waitlisted").order_by("round_activity", "waitlist_rank")
    assert waitlisted.count() == counts["waitlisted"] and all(e.waitlist_rank == 1 for e in waitlisted)
    with pytest.raises(ValidationError):
        scenario_approve(actor=world.admin, scenario_id=scenario.pk)


def test_approval_is_audited_and_announced_on_commit(world, scenario, solve, django_capture_on_commit_callbacks):
    run = solve(scenario)
    heard = []

    def receiver(sender, **kwargs):
        heard.append(kwargs)

    selection_approved.connect(receiver)
    try:
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            scenario_approve(actor=world.admin, scenario_id=scenario.pk)
        assert heard == []  # nothing is said before the approval has committed
        for callback in callbacks:
            callback()
    finally:
        selection_approved.disconnect(receiver)
    assert heard == [{"signal": selection_approved, "round_id": scenario.round_id, "run_id": run.pk,
                      "scenario_id": scenario.pk, "actor": world.admin}]
    entry = AuditEntry.objects.get(action="approve", model="screening.Scenario", object_pk=str(scenario.pk))
    assert entry.actor == world.admin and entry.changes["run"] == run.pk


def test_waitlist_is_ranked_by_expected_benefit(world, programme_round, solve):
    scenario = scenario_create(actor=world.admin, round_id=programme_round.pk, data={
        "name": "tight", "budget": 20_000, "places": {"1": 3}})
    run = solve(scenario)
    assert run.selected == 1  # the money pays one place
    scenario_approve(actor=world.admin, scenario_id=scenario.pk)
    k = [a["number"] for a in run.config["activities"]].index(1)
    rows = run.rows.all()
    expected = sorted((r for r in rows if r.benefit[k] is not None and 1 not in r.assigned),
                      key=lambda r: (-r.benefit[k], r.entrepreneur_id))
    waiting = Enrolment.objects.filter(status="waitlisted", round_activity__activity__number=1).order_by("waitlist_rank")
    assert [(e.entrepreneur_id, e.waitlist_rank, e.expected_benefit) for e in waiting] == [
        (r.entrepreneur_id, rank, r.benefit[k]) for rank, r in enumerate(expected, start=1)]
    assert len(expected) == 2


def test_quotas_per_centre(world, programme_round, solve):
    scenario = scenario_create(actor=world.admin, round_id=programme_round.pk, data={
        "name": "north only", "quota_level": "centre", "quotas": {"10": {"min": 0, "max": 0}, "1": {"min": 1, "max": 1}}})
    run = solve(scenario)
    assert set(run.rows.filter(is_selected=True).values_list("entrepreneur_id", flat=True)) == {world.chiangmai.pk}
    with pytest.raises(ValidationError) as caught:
        scenario_create(actor=world.admin, round_id=programme_round.pk, data={
            "name": "bad", "quota_level": "centre", "quotas": {"99": {"min": 0, "max": 1}}})
    assert "99" in caught.value.message_dict["quotas"][0]


def test_needs_answers_change_the_expected_benefit(world, scenario, solve):
    base = solve(scenario).rows.get(entrepreneur=world.chiangmai)
    needs_record(actor=world.admin, entrepreneur_id=world.chiangmai.pk,
                 data={"online_presence": 3, "environmental_practice": 3, "has_successor": True})
    after = solve(scenario).rows.get(entrepreneur=world.chiangmai)
    assert after.flags["needs_answered"] and not base.flags["needs_answered"]
    numbers = [a["number"] for a in scenario.latest_run.config["activities"]]
    digital, successor, sustainable = numbers.index(2), numbers.index(3), numbers.index(7)
    assert after.benefit[digital] < base.benefit[digital]  # already online: less to gain
    assert after.benefit[successor] == pytest.approx(5 * base.benefit[successor])  # 1.0 against 0.2
    assert after.benefit[sustainable] < base.benefit[sustainable]


def test_the_solver_subprocess_is_killed_at_the_hard_limit():
    from uplift.screening.core import AssignmentProblem
    from uplift.screening.solver import solve_killable

    rng = np.random.default_rng(1)
    problem = AssignmentProblem(benefit=rng.random((30, 3)), capacity=[5, 5, 5], cost=[1, 1, 1], budget=10,
                                max_per_entrepreneur=2, group=np.zeros(30, int), quota_min=[0], quota_max=[np.inf])
    assert solve_killable(problem, time_limit=0, grace=0).status == "killed"
    solved = solve_killable(problem, time_limit=20)
    assert solved.status == "optimal" and solved.n_selected == 10


def test_a_run_is_queued_for_the_worker_on_commit_not_solved_in_the_request(
        world, scenario, settings, django_capture_on_commit_callbacks):
    from django_tasks_db.models import DBTaskResult

    from uplift.screening.tasks import run_scenario

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        run = run_start(actor=world.admin, scenario_id=scenario.pk)
        assert not DBTaskResult.objects.exists()  # queued only once the run's row has committed
    assert len(callbacks) == 1
    run.refresh_from_db()
    assert run.status == Run.Status.QUEUED and not run.rows.exists()
    queued = DBTaskResult.objects.get(id=run.task_id)
    assert queued.task_path == "uplift.screening.tasks.run_scenario" and queued.args_kwargs["args"] == [run.pk]
    run_scenario.call(run.pk)  # what `uplift db_worker` does with it
    run.refresh_from_db()
    assert run.status == Run.Status.DONE and run.solver_status == "optimal" and run.rows.count() == 2


def test_without_an_exact_solution_in_time_the_greedy_selection_is_kept_and_flagged(
        world, scenario, monkeypatch, solve):
    from uplift.screening import solver

    monkeypatch.setattr(execution, "solve_killable",
                        lambda problem, **kw: solver._failed(problem, "killed", 0.0, "no answer; killed"))
    with translation.override("en"):
        run = solve(scenario)
        assert selectors.run_quality(run) == "A good selection, but how close it is to the best possible is not proven."
    assert run.solver_status == "killed" and run.method == "greedy" and run.gap is None
    assert run.objective == pytest.approx(run.greedy_objective) and run.selected == 2
    assert any("greedy" in note for note in run.notes)
    assert scenario_approve(actor=world.admin, scenario_id=scenario.pk)["offered"] == 4
