import numpy as np
import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from tests.outcomes.programme import bulk_entrepreneurs, enter, make_programme
from uplift.outcomes.actions import economic_value_compute
from uplift.outcomes.figures import causal_total, programme_figures, project, source_kind
from uplift.outcomes.models import EvaluationResult


def test_projection_adds_the_missing_at_the_mean_with_a_bootstrap_range():
    p = project([100.0, 200.0, 300.0], 3)
    assert p.achieved == 600 and p.projected == pytest.approx(1200)
    assert p.low < p.projected < p.high
    assert 600 + 3 * 100 <= p.low and p.high <= 600 + 3 * 300
    none = project([], 5)
    assert (none.projected, none.n_without_value) == (0, 5)
    same = project([50.0] * 10, 10)
    assert same.low == same.high == same.projected == 1000
    rng = np.random.default_rng(1)
    wide = project(list(rng.normal(100, 50, 50)), 50)
    narrow = project(list(rng.normal(100, 5, 50)), 50)
    assert wide.high - wide.low > narrow.high - narrow.low


def test_causal_total_is_att_times_twelve_times_treated():
    ev = EvaluationResult(att=500.0, ci_low=-10.0, ci_high=700.0, n_treated=8)
    assert causal_total(ev) == {"value": 48_000, "low": -960, "high": 67_200, "covers_zero": True}
    assert causal_total(None) is None and causal_total(EvaluationResult(att=None)) is None


@pytest.fixture
def attributed(world, indicators):
    """Phuket's sales figure came from a toolkit record (its enrolment stands in for one); Chiang Mai's by hand."""
    p = make_programme(world.phuket, world.chiangmai)
    origin = f"programme.Enrolment:{p.enrolments[world.phuket.pk].pk}"
    for e in (world.phuket, world.chiangmai):
        enter(world.admin, e, p.round, baseline={"sales": 10_000})
    enter(world.admin, world.phuket, p.round, origin=origin, end={"sales": 12_000})
    enter(world.admin, world.chiangmai, p.round, end={"sales": 11_000})
    economic_value_compute(actor=world.admin, round_id=p.round.pk)
    return p, origin


def test_value_split_by_activity_and_source_adds_up(world, attributed):
    p, origin = attributed
    f = programme_figures(world.executive, p.round.pk)
    assert source_kind(origin) == "programme.Enrolment"
    assert {(r["source"], r["value"]) for r in f.by_source} == {("programme.Enrolment", 24_000), ("", 12_000)}
    assert sum(r["value"] for r in f.by_activity_source) == pytest.approx(f.projection.achieved) == 36_000
    assert {(r["number"], r["source"]) for r in f.by_activity_source} == {(1, "programme.Enrolment"), (5, "")}
    [record] = f.by_record
    assert record["origin"] == origin and record["value"] == 24_000 and record["label"] != origin


def test_officer_sees_only_their_provinces_and_no_national_figures(world, attributed):
    p, _origin = attributed
    EvaluationResult.objects.create(round=p.round, method="did", outcome="sales", att=500.0, se=100.0, ci_low=300.0,
                                    ci_high=700.0, n_treated=2, n_control=2)
    officer = programme_figures(world.officer, p.round.pk)
    assert officer.target is None and officer.evaluation is None and officer.causal is None and officer.plan is None
    assert officer.evaluation_scoped_out and not officer.whole_programme
    assert officer.projection.achieved == 24_000 and [r["code"] for r in officer.by_province] == ["83"]
    executive = programme_figures(world.executive, p.round.pk)
    assert executive.target == 5_000_000 and executive.causal["value"] == 500 * 12 * 2
    consultant = programme_figures(world.consultant, p.round.pk)
    assert consultant.projection.achieved == 24_000 and consultant.stages["screened"] == 1
    with pytest.raises(PermissionDenied):
        programme_figures(world.owner, p.round.pk)


def test_causal_estimate_per_activity_is_the_latest_by_preferred_method(world, attributed):
    p, _origin = attributed
    ra = p.activities[0]
    EvaluationResult.objects.create(round=p.round, round_activity=ra, method="did", outcome="sales", att=100.0,
                                    ci_low=50.0, ci_high=150.0, n_treated=3, n_control=3)
    EvaluationResult.objects.create(round=p.round, round_activity=ra, method="match-did", outcome="sales", att=200.0,
                                    ci_low=-20.0, ci_high=420.0, n_treated=3, n_control=3, plan_status="as_planned")
    got = programme_figures(world.executive, p.round.pk).causal_by_activity
    assert set(got) == {ra.activity.number}
    assert got[ra.activity.number]["method"] == "match-did" and got[ra.activity.number]["per_year"]["value"] == 7_200


def test_entrepreneurs_counted_are_the_visible_ones(world, indicators):
    extra = bulk_entrepreneurs(3, subdistrict="501301")
    p = make_programme(world.phuket, *extra)
    assert programme_figures(world.officer, p.round.pk).stages["active"] == 1
    assert programme_figures(world.executive, p.round.pk).stages["active"] == 4


def _shared_scopes():
    from uplift.outcomes.models import FigureSnapshot

    return sorted(FigureSnapshot.objects.values_list("scope", flat=True))


def test_a_shared_scope_reads_its_kept_figures_back_unchanged(world, attributed, django_assert_max_num_queries):
    p, _origin = attributed
    cold = programme_figures(world.executive, p.round.pk).as_dict()
    officer_cold = programme_figures(world.officer, p.round.pk).as_dict()
    assert _shared_scopes() == ["all", f"region:{world.officer.profile.centres.get().pk}"]
    with django_assert_max_num_queries(15):
        warm = programme_figures(world.executive, p.round.pk).as_dict()
    assert warm == cold and programme_figures(world.officer, p.round.pk).as_dict() == officer_cold
    assert officer_cold["achieved"] == 24_000 and cold["achieved"] == 36_000


def test_kept_figures_follow_new_observations_once_counted_and_enrolment_changes(world, attributed):
    from uplift.programme.actions.enrolments import enrolment_transition

    p, _origin = attributed
    before = programme_figures(world.executive, p.round.pk)
    assert before.projection.achieved == 36_000
    enter(world.admin, world.chiangmai, p.round, end={"sales": 15_000})
    waiting = programme_figures(world.executive, p.round.pk)
    assert (waiting.projection.achieved, waiting.data_as_of) == (36_000, before.data_as_of)
    economic_value_compute(actor=world.admin, round_id=p.round.pk)
    assert programme_figures(world.executive, p.round.pk).recounting
    from uplift.outcomes.tasks import recompute_round_value

    recompute_round_value.call(p.round.pk)
    counted = programme_figures(world.executive, p.round.pk)
    assert counted.projection.achieved == 36_000 + 12 * 4_000 and counted.data_as_of > before.data_as_of
    enrolment_transition(actor=world.admin, enrolment_id=p.enrolments[world.chiangmai.pk].pk, action="complete")
    behind = programme_figures(world.executive, p.round.pk)
    assert behind.recounting and behind.stages["completed"] == 0 and behind.counted_at == counted.counted_at
    from uplift.outcomes.figures import warm_figures

    assert warm_figures.call(p.round.pk) == ["all"]  # Chiang Mai's enrolment is outside the officer's region
    recounted = programme_figures(world.executive, p.round.pk)
    assert not recounted.recounting and recounted.stages["completed"] == 1 and recounted.counted_at > counted.counted_at
    assert warm_figures.call(p.round.pk) == []


def test_a_reader_behind_the_inputs_queues_one_recount(world, attributed, settings, django_capture_on_commit_callbacks):
    from django_tasks_db.models import DBTaskResult

    from uplift.programme.actions.enrolments import enrolment_transition

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    p, _origin = attributed
    programme_figures(world.executive, p.round.pk)
    enrolment_transition(actor=world.admin, enrolment_id=p.enrolments[world.chiangmai.pk].pk, action="complete")
    for _ in range(3):
        with django_capture_on_commit_callbacks(execute=True):
            assert programme_figures(world.executive, p.round.pk).recounting
    queued = DBTaskResult.objects.filter(task_path="uplift.outcomes.figures.warm_figures")
    assert [(r.args_kwargs["args"], r.priority) for r in queued] == [([p.round.pk], 20)]


def test_kept_figures_are_recomputed_once_they_are_old(world, attributed):
    from uplift.outcomes.figures import SNAPSHOT_MAX_AGE
    from uplift.outcomes.models import FigureSnapshot
    from uplift.registry.models import Entrepreneur

    p, _origin = attributed
    screened = programme_figures(world.executive, p.round.pk).stages["screened"]
    bulk_entrepreneurs(2, subdistrict="501301")
    assert programme_figures(world.executive, p.round.pk).stages["screened"] == screened
    FigureSnapshot.objects.update(computed_at=timezone.now() - SNAPSHOT_MAX_AGE)
    old = programme_figures(world.executive, p.round.pk)
    assert old.recounting and old.stages["screened"] == screened
    from uplift.outcomes.figures import warm_figures

    warm_figures.call(p.round.pk)
    assert programme_figures(world.executive, p.round.pk).stages["screened"] == screened + 2 == Entrepreneur.objects.count()


def test_personal_scopes_are_counted_each_time_and_never_kept(world, attributed):
    p, _origin = attributed
    assert programme_figures(world.consultant, p.round.pk).projection.achieved == 24_000
    assert _shared_scopes() == []


def test_the_value_job_leaves_every_shared_scope_counted(world, attributed):
    from uplift.outcomes.tasks import recompute_round_value

    p, _origin = attributed
    recompute_round_value.call(p.round.pk)
    assert _shared_scopes() == ["all", f"region:{world.officer.profile.centres.get().pk}"]
    assert programme_figures(world.officer, p.round.pk).projection.achieved == 24_000


def test_the_monthly_report_counts_now_rather_than_show_figures_behind(world, attributed):
    from uplift.programme.actions.enrolments import enrolment_transition

    p, _origin = attributed
    programme_figures(world.executive, p.round.pk)
    enrolment_transition(actor=world.admin, enrolment_id=p.enrolments[world.chiangmai.pk].pk, action="complete")
    now = programme_figures(world.executive, p.round.pk, current=True)
    assert not now.recounting and now.stages["completed"] == 1
    assert not programme_figures(world.executive, p.round.pk).recounting


def test_a_change_outside_a_region_leaves_its_kept_figures_current(world, attributed):
    from uplift.programme.actions.enrolments import enrolment_transition

    p, _origin = attributed
    before = programme_figures(world.officer, p.round.pk).as_dict()
    programme_figures(world.executive, p.round.pk)
    enrolment_transition(actor=world.admin, enrolment_id=p.enrolments[world.chiangmai.pk].pk, action="complete")
    after = programme_figures(world.officer, p.round.pk)
    assert not after.recounting and after.as_dict() == before and before["counted_at"] is None
    assert programme_figures(world.executive, p.round.pk).recounting


def test_kept_stages_read_back_in_the_programme_order(world, attributed):
    from uplift.outcomes.models import FigureSnapshot

    p, _origin = attributed
    fresh = list(programme_figures(world.executive, p.round.pk).stages)
    kept = FigureSnapshot.objects.get(scope="all")
    kept.figures["stages"] = dict(reversed(list(kept.figures["stages"].items())))  # as jsonb may hand them back
    kept.save()
    assert list(programme_figures(world.executive, p.round.pk).stages) == fresh == [
        "screened", "selected", "waitlisted", "active", "completed"]
