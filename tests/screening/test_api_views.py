import pytest

from django.utils import translation

from uplift.programme.models import Enrolment
from uplift.screening import selectors
from uplift.screening.scenarios import scenario_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, world):
    client.force_login(world.admin)
    return client


def test_api_scenario_flow(admin_client, world, programme_round, django_capture_on_commit_callbacks):
    base = "/api/screening"
    assert admin_client.get(f"{base}/rounds").json()[0]["id"] == programme_round.pk
    detail = admin_client.get(f"{base}/rounds/{programme_round.pk}").json()
    assert [a["number"] for a in detail["activities"]] == list(range(1, 8))
    bad = admin_client.post(f"{base}/rounds/{programme_round.pk}/scenarios", {"name": "x", "weights": {"luck": 1}},
                            content_type="application/json")
    assert bad.status_code == 422 and "luck" in bad.json()["errors"]["weights"][0]
    ids = []
    for name, weights in (("A", {}), ("B", {"exposure": 2.0})):
        created = admin_client.post(f"{base}/rounds/{programme_round.pk}/scenarios", {"name": name, "weights": weights},
                                    content_type="application/json")
        assert created.status_code == 201
        ids.append(created.json()["id"])
        with django_capture_on_commit_callbacks(execute=True):
            started = admin_client.post(f"{base}/scenarios/{ids[-1]}/run")
        assert started.status_code == 202
        status = admin_client.get(f"{base}/runs/{started.json()['id']}").json()
        assert status["status"] == "done" and status["solver_status"] == "optimal", status["notes"]
    runs = [admin_client.get(f"{base}/scenarios/{pk}").json()["latest_run"]["id"] for pk in ids]
    results = admin_client.get(f"{base}/runs/{runs[0]}/results?page_size=1").json()
    assert results["count"] == 2 and len(results["items"]) == 1
    compared = admin_client.get(f"{base}/compare?a={runs[0]}&b={runs[1]}").json()
    assert compared["counts"]["both"] == 2 and compared["a"]["objective"] > 0
    why = admin_client.get(f"{base}/runs/{runs[0]}/explanations/{world.phuket.pk}").json()
    assert why["selected"] and len(why["activities"]) == 7 and why["parts"][0]["name"] == "sales_drop"
    assert admin_client.post(f"{base}/scenarios/{ids[0]}/approve").json()["offered"] == 4
    assert Enrolment.objects.filter(status="offered").count() == 4


def test_api_reads_are_scoped_and_writes_need_a_manager(client, world, programme_round, solve):
    scenario = scenario_create(actor=world.admin, round_id=programme_round.pk, data={"name": "A"})
    run = solve(scenario)
    client.force_login(world.officer)
    assert client.post(f"/api/screening/scenarios/{scenario.pk}/run").status_code == 403
    items = client.get(f"/api/screening/runs/{run.pk}/results").json()["items"]
    assert [i["entrepreneur"] for i in items] == [world.phuket.pk]
    assert client.get(f"/api/screening/runs/{run.pk}/explanations/{world.chiangmai.pk}").status_code == 404
    client.force_login(world.owner)
    assert client.get("/api/screening/rounds").status_code == 403


def test_pages_render(admin_client, world, programme_round, django_capture_on_commit_callbacks):
    ra = programme_round.activities.get(activity__number=4)
    page = admin_client.get("/screening/")
    assert page.status_code == 200 and programme_round.name in page.content.decode()
    response = admin_client.post(f"/screening/rounds/{programme_round.pk}/preview/", {
        "round_activity": ra.pk, "field": "max_star_rating", "op": "between", "value": "[3, 5]"})
    assert "<strong>1</strong>" in response.content.decode()
    response = admin_client.post(f"/screening/rounds/{programme_round.pk}/preview/", {
        "round_activity": ra.pk, "field": "max_star_rating", "op": "between", "value": "[3, 9]"})
    assert "9 is impossible" in response.content.decode() or "9" in response.content.decode()
    response = admin_client.post(f"/screening/rounds/{programme_round.pk}/scenarios/new/", {
        "name": "หน้าเว็บ", "sales_drop": 0.4, "tourist_share": 0.25, "exposure": 0.2, "vulnerability": 0.15,
        "foreign_weight": 2, "min_selected": 0, "quota_level": "none", "quotas": "", "time_limit": 30, "places_1": 2})
    assert response.status_code == 302
    scenario = programme_round.scenarios.get(name="หน้าเว็บ")
    assert scenario.places == {"1": 2}
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(f"/screening/scenarios/{scenario.pk}/run/")
    run = scenario.latest_run
    detail = admin_client.get(f"/screening/scenarios/{scenario.pk}/").content.decode()
    assert f"/screening/runs/{run.pk}/explain/{world.phuket.pk}/" in detail
    assert 'data-testid="selected">2<' in detail and 'data-testid="run-details"' in detail
    for jargon in ("LP bound", "greedy", "optimal ·"):
        assert jargon not in detail.split('data-testid="run-details"')[0]
    assert admin_client.get(f"/screening/runs/{run.pk}/status/")["HX-Refresh"] == "true"
    assert admin_client.get(f"/screening/runs/{run.pk}/explain/{world.chiangmai.pk}/").status_code == 200
    assert admin_client.get(f"/screening/explain/{world.chiangmai.pk}/").status_code == 302
    assert admin_client.get(f"/screening/rounds/{programme_round.pk}/compare/?a={scenario.pk}&b={scenario.pk}").status_code == 200
    assert admin_client.get(f"/screening/runs/{run.pk}/spread.json").json()["centres"]
    admin_client.post(f"/screening/scenarios/{scenario.pk}/approve/")
    scenario.refresh_from_db()
    assert scenario.approved_at is not None


def test_needs_api_validates_and_is_scoped(client, world):
    client.force_login(world.officer)
    url = f"/api/screening/needs/{world.phuket.pk}"
    bad = client.put(url, {"online_presence": 7}, content_type="application/json")
    assert bad.status_code == 422 and "online_presence" in bad.json()["errors"]
    ok = client.put(url, {"online_presence": 2, "has_successor": True}, content_type="application/json")
    assert ok.status_code == 200 and ok.json()["online_presence"] == 2
    assert client.put(f"/api/screening/needs/{world.chiangmai.pk}", {"online_presence": 1},
                      content_type="application/json").status_code == 404
    client.force_login(world.executive)
    assert client.put(url, {"online_presence": 1}, content_type="application/json").status_code == 403


def test_needs_page_saves_answers(client, world):
    from uplift.screening.models import NeedsAssessment

    client.force_login(world.consultant)
    url = f"/screening/needs/{world.phuket.pk}/"
    page = client.get(url)
    assert page.status_code == 200 and world.phuket.name_th in page.content.decode()
    response = client.post(url, {"online_presence": "3", "standards_held": "", "production_problems": "2",
                                 "has_successor": "unknown", "environmental_practice": ""})
    assert response.status_code == 302
    needs = NeedsAssessment.objects.get(entrepreneur=world.phuket)
    assert (needs.online_presence, needs.standards_held, needs.production_problems, needs.has_successor) == (3, None, 2, None)
    assert client.get(f"/screening/needs/{world.chiangmai.pk}/").status_code == 404


def test_officer_sees_no_national_figure_or_rank(client, world, programme_round, solve):
    """officer10 (centre 10: Phuket) reads a national run of 2 selected as their area's 1 of 1."""
    scenario = scenario_create(actor=world.admin, round_id=programme_round.pk, data={"name": "ทั้งประเทศ"})
    run = solve(scenario)
    assert run.selected == 2
    client.force_login(world.officer)
    status = client.get(f"/api/screening/runs/{run.pk}").json()
    for national in ("selected", "budget_used", "objective", "lp_bound", "greedy_objective", "timings", "notes"):
        assert national not in status
    assert status["in_your_area"] == {"selected": 1, "places": 2, "budget_used": 40_000.0}
    results = client.get(f"/api/screening/runs/{run.pk}/results").json()
    assert results["count"] == 1 and "selected" not in results["run"]
    why = client.get(f"/api/screening/runs/{run.pk}/explanations/{world.phuket.pk}").json()
    assert (why["impact_rank"], why["cohort"], why["ranks_among"]) == (1, 1, "your_area")
    assert all(a["eligible_count"] <= 1 for a in why["activities"])
    compared = client.get(f"/api/screening/compare?a={run.pk}&b={run.pk}").json()
    assert "selected" not in compared["a"] and compared["counts"]["both"] == 1
    detail = client.get(f"/screening/scenarios/{scenario.pk}/").content.decode()
    assert 'data-testid="selected"' not in detail and 'data-testid="run-details"' not in detail
    assert 'data-testid="selected-in-area">1<' in detail
    with translation.override("en"):
        reasons = [line["reason"] for line in selectors.explanation(
            user=world.officer, run=run, entrepreneur_id=world.phuket.pk)["lines"]]
        assert all("of 2" not in reason for reason in reasons)
        assert any("1st of 1 eligible in your area" in reason for reason in reasons)
        page = client.get(f"/screening/runs/{run.pk}/explain/{world.phuket.pk}/", HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200
    admin_why = selectors.explanation(user=world.admin, run=run, entrepreneur_id=world.phuket.pk)
    assert admin_why["cohort"] == 2 and admin_why["national"]


def test_consultant_reads_only_their_assigned_entrepreneurs_figures(client, world, programme_round, solve):
    scenario = scenario_create(actor=world.admin, round_id=programme_round.pk, data={"name": "ที่ปรึกษา"})
    run = solve(scenario)
    summary = selectors.run_summary(user=world.consultant, run=run)
    assert summary["selected"] is None and summary["area"]["selected"] == 1
    assert selectors.run_summary(user=world.executive, run=run)["selected"] == 2
