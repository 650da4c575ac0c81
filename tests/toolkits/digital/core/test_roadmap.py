"""Gaps to a dated plan (data/roadmap_v1.json); dates worked out by hand in the comments."""

import json
from datetime import date

import pytest

from uplift.toolkits.digital.core.maturity import MaturityScore, load_questionnaire
from uplift.toolkits.digital.core.roadmap import ROADMAP_FILE, build_plan, find_gaps, load_roadmap

Q = load_questionnaire()
R = load_roadmap()
MONDAY = date(2026, 1, 5)


def score(dimensions: dict | None = None, questions: dict | None = None) -> MaturityScore:
    """All dimensions 60 and all questions 1 unless given (only the gaps named fire)."""
    dims = {d.code: 60.0 for d in Q.dimensions} | (dimensions or {})
    return MaturityScore(questions={q.id: 1.0 for q in Q.questions} | (questions or {}), dimensions=dims,
                         overall=sum(dims.values()) / 6)


def test_rules_name_real_questions_and_dimensions():
    assert R.questionnaire == Q.version
    assert {r.question for r in R.rules if r.question} <= {q.id for q in Q.questions}
    assert {r.dimension for r in R.rules if r.dimension} == {d.code for d in Q.dimensions}
    assert {a.dimension for a in R.actions.values()} <= {d.code for d in Q.dimensions}


def test_gaps_fire_below_target_or_question_threshold():
    gaps = find_gaps(R, score({"data": 40}, {"data_security": 0.25, "readiness_presence": 0.4}))
    # data 40 < 50 fires; data_security 0.25 < 0.5 fires; presence 0.4 is not below 0.4
    assert [(g.rule_id, g.score, g.threshold) for g in gaps] == [("gap_data", 40, 50), ("weak_security", 0.25, 0.5)]
    assert find_gaps(R, score({"data": 40}), target=40) == []


def test_dated_plan_two_days_a_week():
    plan = build_plan(R, score({"data": 40}, {"data_security": 0}), start=MONDAY, days_per_week=2)
    # sales_spreadsheet 1 day: days 0→1, week ⌈1/2⌉ = 1, due Sun 11 Jan
    # stock_spreadsheet 3 days (after sales): starts week ⌊1/2⌋ = 0, days → 4, week 2, due 18 Jan
    # customer_list 1: starts week ⌊4/2⌋ = 2 (19 Jan), days → 5, week 3, due 25 Jan
    # account_security 1 (also weak_security): starts week ⌊5/2⌋ = 2, days → 6, week 3, due 25 Jan
    # monthly_review 1 (after sales): starts week 3 (26 Jan), days → 7, week 4, due 1 Feb
    assert [(i.action.id, i.start, i.due, i.week) for i in plan.items] == [
        ("sales_spreadsheet", date(2026, 1, 5), date(2026, 1, 11), 1),
        ("stock_spreadsheet", date(2026, 1, 5), date(2026, 1, 18), 2),
        ("customer_list", date(2026, 1, 19), date(2026, 1, 25), 3),
        ("account_security", date(2026, 1, 19), date(2026, 1, 25), 3),
        ("monthly_review", date(2026, 1, 26), date(2026, 2, 1), 4),
    ]
    assert plan.items[3].reasons == ("gap_data", "weak_security")
    assert (plan.total_days, plan.end) == (7, date(2026, 2, 1))
    assert plan.items[0].action.training_topic in R.topics


def test_larger_gap_first_and_untriggered_prerequisites_taken_as_done():
    plan = build_plan(R, score({"strategy": 45, "green": 20}), start=MONDAY, days_per_week=5)
    ids = [i.action.id for i in plan.items]
    # green's gap 50 − 20 = 30 beats strategy's 5; channel_sales_tracking needs sales_spreadsheet,
    # which no gap asks for, so it is taken as done and not planned
    assert ids == ["energy_log", "green_story", "grouped_delivery", "ewaste",
                   "digital_goals", "assign_digital_lead", "digital_plan", "channel_sales_tracking"]


def test_prerequisite_beats_order(tmp_path):
    raw = json.loads(ROADMAP_FILE.read_text(encoding="utf-8"))
    for action in raw["actions"]:
        if action["id"] == "sales_spreadsheet":
            action["order"] = 99
    path = tmp_path / "roadmap.json"
    path.write_text(json.dumps(raw, ensure_ascii=False), encoding="utf-8")
    ids = [i.action.id for i in build_plan(load_roadmap(path), score({"data": 40}), start=MONDAY,
                                           days_per_week=2).items]
    # customer_list (30) and account_security (40) come before sales_spreadsheet (now 99);
    # stock_spreadsheet (20) and monthly_review (50) must wait for it
    assert ids == ["customer_list", "account_security", "sales_spreadsheet", "stock_spreadsheet", "monthly_review"]


def test_half_a_day_a_week():
    plan = build_plan(R, score(questions={"automation_ai": 0}), start=MONDAY, days_per_week=0.5)
    # ai_content, 1 day at ½ day a week: week ⌈1 / 0.5⌉ = 2, due 5 Jan + 13 days
    assert [(i.action.id, i.week, i.due) for i in plan.items] == [("ai_content", 2, date(2026, 1, 18))]


def test_no_gap_no_plan_and_bad_capacity():
    plan = build_plan(R, score(), start=MONDAY, days_per_week=2)
    assert plan.items == () and plan.end == MONDAY
    with pytest.raises(ValueError, match="มากกว่า 0"):
        build_plan(R, score(), start=MONDAY, days_per_week=0)


def test_a_cycle_or_unknown_action_is_refused(tmp_path):
    raw = json.loads(ROADMAP_FILE.read_text(encoding="utf-8"))
    for action in raw["actions"]:
        if action["id"] == "sales_spreadsheet":
            action["prerequisites"] = ["monthly_review"]
    path = tmp_path / "cycle.json"
    path.write_text(json.dumps(raw), encoding="utf-8")
    with pytest.raises(ValueError, match="cycle"):
        load_roadmap(path)
    raw["rules"][0]["actions"].append("buy_a_robot")
    path.write_text(json.dumps(raw), encoding="utf-8")
    with pytest.raises(ValueError, match="unknown action buy_a_robot"):
        load_roadmap(path)
