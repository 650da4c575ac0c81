"""The ECharts radar data of T0 against T1."""

from uplift.toolkits.digital.core.maturity import load_questionnaire, score_answers
from uplift.toolkits.digital.core.radar import radar_data

from .test_maturity import OWNER_T0, OWNER_T1

Q = load_questionnaire()


def test_indicators_and_series_in_dimension_order():
    data = radar_data(Q, score_answers(Q, OWNER_T0), score_answers(Q, OWNER_T1))
    assert data["indicator"][0] == {"name": "กลยุทธ์ธุรกิจดิจิทัล", "max": 100}
    assert len(data["indicator"]) == 6
    # hand-computed in test_maturity: T0 30, 52.5, 37, 24, 5, 9; T1 35, 56.67, 37, 39, 10, 9
    assert data["series"] == [{"name": "ก่อนพัฒนา (T0)", "value": [30.0, 52.5, 37.0, 24.0, 5.0, 9.0]},
                              {"name": "หลังพัฒนา (T1)", "value": [35.0, 56.7, 37.0, 39.0, 10.0, 9.0]}]


def test_t0_only_in_english():
    data = radar_data(Q, score_answers(Q, OWNER_T0), lang="en")
    assert data["indicator"][5]["name"] == "Green digitalisation"
    assert [s["name"] for s in data["series"]] == ["Before (T0)"]
