"""The shipped questionnaire (data/dma_v1.json): shape, sources and what is unconfirmed."""

import json
from collections import Counter

import pytest

from uplift.toolkits.digital.core.maturity import QUESTIONNAIRE_FILE, load_questionnaire

Q = load_questionnaire()


def test_six_dma_dimensions_with_at_least_four_questions_each():
    assert [d.code for d in Q.dimensions] == ["strategy", "readiness", "human", "data", "automation", "green"]
    counts = Counter(q.dimension for q in Q.questions)
    assert min(counts.values()) >= 4 and sum(counts.values()) == len(Q.questions)
    assert {q.kind for q in Q.questions} == {"single", "multiple", "yesno", "scale"}


def test_every_question_reaches_a_full_score_and_has_thai_text():
    for q in Q.questions:
        best = sum(a.weight for a in q.answers) if q.kind == "multiple" else max(a.weight for a in q.answers)
        assert best == pytest.approx(1), q.id
        assert q.text_th and q.text_en and all(a.label_th for a in q.answers)


def test_only_the_basic_band_is_confirmed():
    assert [(b.code, b.min, b.max, b.confirmed) for b in Q.bands][0] == ("basic", 0, 25, True)
    assert not any(b.confirmed for b in Q.bands[1:])


def test_source_and_version_are_recorded():
    raw = json.loads(QUESTIONNAIRE_FILE.read_text(encoding="utf-8"))
    assert raw["version"] == Q.version == "dma_v1"
    assert "Joint Research Centre" in raw["source"]["model"] and raw["adapted_by"]


def test_a_broken_questionnaire_is_refused(tmp_path):
    raw = json.loads(QUESTIONNAIRE_FILE.read_text(encoding="utf-8"))
    raw["questions"][0]["dimension"] = "marketing"
    raw["bands"][1]["min"] = 30
    path = tmp_path / "dma.json"
    path.write_text(json.dumps(raw, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(ValueError, match="unknown dimension marketing.*bands must cover"):
        load_questionnaire(path)
