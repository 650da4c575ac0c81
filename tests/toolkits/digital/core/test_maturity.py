"""Maturity scoring on hand-computed answer sets (rules in data/dma_v1.json, "scoring")."""

import math

import pytest

from uplift.toolkits.digital.core.maturity import (
    AnswerOption, InvalidAnswers, Question, Respondent, band_for, combine_respondents, load_questionnaire,
    maturity_change, question_score, respondent_weights, score_answers, validate_answers)

Q = load_questionnaire()

# A village weaving group's owner before support (T0). Question scores in the comments.
OWNER_T0 = {
    "strategy_areas": ["marketing", "customer_service"],  # 0.2 + 0.2 = 0.4
    "strategy_plan": "idea",                                # 0.25
    "strategy_invest": 3,                                   # 3/5 = 0.6
    "strategy_channel_sales": "no",                         # 0
    "strategy_owner": "occasional",                         # 0.25
    "readiness_presence": ["facebook_page", "line_oa"],     # 0.4
    "readiness_channels": ["chat"],                         # 0.25
    "readiness_payments": ["transfer", "promptpay_qr"],     # 0.5
    "readiness_delivery": "post_manual",                    # 0.5
    "readiness_posting": "monthly",                         # 0.5
    "readiness_internet": "yes",                            # 1
    "human_self_skill": 2,                                  # 0.4
    "human_team_skills": ["photo_video"],                   # 0.2
    "human_training": "self",                               # 0.25
    "human_involvement": "no",                              # 0
    "human_mentor": "yes",                                  # 1
    "data_sales_records": "notebook",                       # 0.5
    "data_stock_records": "count",                          # 0.25
    "data_customers": ["contacts"],                         # 0.25
    "data_decisions": 1,                                    # 0.2
    "data_security": ["none"],                              # 0
    "automation_tools": ["none"],                           # 0
    "automation_ai": "aware",                               # 0.25
    "automation_equipment": "no",                           # 0
    "automation_office": 0,                                 # 0
    "automation_receipts": "no",                            # 0
    "green_practices": ["online_meetings"],                 # 0.25
    "green_energy_records": "no",                           # 0
    "green_communication": "no",                            # 0
    "green_device_choice": 1,                               # 0.2
    "green_ewaste": "no",                                   # 0
}
T0_DIMENSIONS = {
    "strategy": 100 * (0.4 + 0.25 + 0.6 + 0 + 0.25) / 5,          # 1.5 / 5 = 30
    "readiness": 100 * (0.4 + 0.25 + 0.5 + 0.5 + 0.5 + 1) / 6,    # 3.15 / 6 = 52.5
    "human": 100 * (0.4 + 0.2 + 0.25 + 0 + 1) / 5,                # 1.85 / 5 = 37
    "data": 100 * (0.5 + 0.25 + 0.25 + 0.2 + 0) / 5,              # 1.2 / 5 = 24
    "automation": 100 * (0 + 0.25 + 0 + 0 + 0) / 5,               # 5
    "green": 100 * (0.25 + 0 + 0 + 0.2 + 0) / 5,                  # 9
}
T0_OVERALL = (30 + 52.5 + 37 + 24 + 5 + 9) / 6                    # 157.5 / 6 = 26.25

# The same owner after support (T1): five answers improved.
OWNER_T1 = OWNER_T0 | {
    "strategy_plan": "written",                        # 0.25 → 0.5: strategy 1.75 / 5 = 35
    "readiness_channels": ["chat", "shopee"],          # 0.25 → 0.5: readiness 3.4 / 6 = 56.67
    "data_sales_records": "spreadsheet",               # 0.5 → 0.75
    "data_security": ["two_factor", "two_admins"],     # 0 → 0.5: data 1.95 / 5 = 39
    "automation_ai": "tried",                          # 0.25 → 0.5: automation 0.5 / 5 = 10
}


def extreme_answers(top: bool) -> dict:
    """Every question at its highest-weight answers (100 everywhere) or at an answer weighing 0."""
    out = {}
    for q in Q.questions:
        if q.kind == "multiple":
            out[q.id] = [a.code for a in q.answers if not a.exclusive] if top else \
                [next(a.code for a in q.answers if a.exclusive)]
        else:
            out[q.id] = max(q.answers, key=lambda a: a.weight).code if top else \
                next(a.code for a in q.answers if a.weight == 0)
    return out


def test_one_respondent_hand_computed():
    score = score_answers(Q, OWNER_T0)
    assert score.dimensions == pytest.approx({"strategy": 30, "readiness": 52.5, "human": 37, "data": 24,
                                              "automation": 5, "green": 9})
    assert score.dimensions == pytest.approx(T0_DIMENSIONS)
    assert score.overall == pytest.approx(T0_OVERALL) == pytest.approx(26.25)
    assert score.questions["readiness_payments"] == pytest.approx(0.5)


def test_extremes_score_0_and_100():
    assert score_answers(Q, extreme_answers(True)).overall == pytest.approx(100)
    assert score_answers(Q, extreme_answers(False)).overall == pytest.approx(0)


def test_multiple_choice_is_capped_at_1():
    q = Question("x", "strategy", "multiple", "ทดสอบ", "test",
                 (AnswerOption("a", "ก", "a", 0.6), AnswerOption("b", "ข", "b", 0.6)))
    assert question_score(q, ["a"]) == pytest.approx(0.6)
    assert question_score(q, ["a", "b"]) == 1.0  # 1.2 capped


def test_validation_names_each_bad_or_missing_answer():
    answers = dict(OWNER_T0)
    del answers["strategy_plan"]
    answers |= {"readiness_presence": ["none", "line_oa"], "human_self_skill": 6, "data_stock_records": "app",
                "data_customers": "contacts", "green_practices": [], "wifi_speed": "yes"}
    errors = {e.question_id: e.reason_th for e in validate_answers(Q, answers)}
    assert errors == {
        "strategy_plan": "ยังไม่ได้ตอบ",
        "readiness_presence": "เลือก 'ยังไม่มี' ร่วมกับคำตอบอื่นไม่ได้",
        "human_self_skill": "ต้องเป็นตัวเลข 0-5 (ได้ 6)",
        "data_stock_records": "ไม่มีตัวเลือก app",
        "data_customers": "ต้องเลือกเป็นรายการคำตอบ",
        "green_practices": "ยังไม่ได้เลือกคำตอบ",
        "wifi_speed": "ไม่มีข้อคำถามนี้ในแบบประเมิน",
    }
    with pytest.raises(InvalidAnswers) as caught:
        score_answers(Q, answers)
    assert len(caught.value.errors) == 7 and "strategy_plan: ยังไม่ได้ตอบ" in str(caught.value)


def test_scale_accepts_the_number_or_its_text():
    assert score_answers(Q, OWNER_T0 | {"strategy_invest": "3"}).overall == pytest.approx(T0_OVERALL)


def test_several_respondents_weighted_by_role():
    # Role weights (data): owner 0.5, successor 0.3, staff 0.2 split over two staff = 0.1 each.
    respondents = [Respondent("owner", OWNER_T0, "นางสมศรี"), Respondent("successor", extreme_answers(True), "นายเอก"),
                   Respondent("staff", extreme_answers(False)), Respondent("staff", extreme_answers(False))]
    combined = combine_respondents(Q, respondents)
    assert combined.weights == pytest.approx((0.5, 0.3, 0.1, 0.1))
    # strategy: 0.5 × 30 + 0.3 × 100 + 0.1 × 0 + 0.1 × 0 = 45; readiness: 0.5 × 52.5 + 30 = 56.25
    assert combined.score.dimensions["strategy"] == pytest.approx(45)
    assert combined.score.dimensions["readiness"] == pytest.approx(56.25)
    assert combined.score.overall == pytest.approx(0.5 * 26.25 + 30)  # 43.125
    # strategy spread over 30, 100, 0, 0: mean 32.5, SD √((2.5² + 67.5² + 32.5² + 32.5²) / 4) = √1668.75
    spread = combined.spread["strategy"]
    assert (spread.min, spread.max, spread.range) == (0, 100, 100)
    assert spread.sd == pytest.approx(math.sqrt(1668.75))  # 40.85


def test_role_weights_renormalise_over_the_roles_present():
    # owner 0.5 and one staff 0.2: 0.5 / 0.7 = 5/7 and 0.2 / 0.7 = 2/7
    assert respondent_weights(Q, ["owner", "staff"]) == pytest.approx((5 / 7, 2 / 7))
    with pytest.raises(ValueError, match="ไม่มีบทบาทผู้ตอบ"):
        respondent_weights(Q, ["owner", "neighbour"])


def test_combined_errors_name_the_respondent():
    bad = dict(OWNER_T0)
    del bad["green_ewaste"]
    with pytest.raises(InvalidAnswers) as caught:
        combine_respondents(Q, [Respondent("owner", OWNER_T0), Respondent("successor", bad, "นายเอก")])
    assert [e.question_id for e in caught.value.errors] == ["2:นายเอก:green_ewaste"]


def test_t0_to_t1_change():
    t0, t1 = score_answers(Q, OWNER_T0), score_answers(Q, OWNER_T1)
    change = maturity_change(Q, t0, t1)
    # strategy 35 − 30; readiness 3.4/6 × 100 − 52.5 = 56.667 − 52.5; data 39 − 24; automation 10 − 5
    assert change.dimensions == pytest.approx({"strategy": 5, "readiness": 340 / 6 - 52.5, "human": 0, "data": 15,
                                               "automation": 5, "green": 0})
    # overall (35 + 56.667 + 37 + 39 + 10 + 9) / 6 − 26.25 = 31.111 − 26.25
    assert change.overall == pytest.approx((35 + 340 / 6 + 37 + 39 + 10 + 9) / 6 - 26.25)
    assert (change.band_t0.code, change.band_t1.code) == ("average", "average")


@pytest.mark.parametrize(("score", "band"), [(0, "basic"), (25, "basic"), (25.1, "average"), (50, "average"),
                                             (50.01, "moderately_advanced"), (75.5, "advanced"), (100, "advanced")])
def test_bands(score, band):
    assert band_for(Q, score).code == band


def test_band_outside_0_100_is_an_error():
    with pytest.raises(ValueError, match="0-100"):
        band_for(Q, 100.5)
