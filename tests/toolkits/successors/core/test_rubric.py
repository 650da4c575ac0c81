"""The default pitch rubric (data/rubric_v1.json) and rubric checks."""

import json

import pytest

from uplift.toolkits.successors.core.rubric import RUBRIC_FILE, load_rubric


def test_default_rubric_weights_sum_to_one_and_it_says_what_it_is():
    rubric = load_rubric()
    assert sum(c.weight for c in rubric.criteria) == pytest.approx(1)
    assert (rubric.scale_min, rubric.scale_max) == (1, 10)
    assert all(c.name_th and c.descriptor_th for c in rubric.criteria)
    assert json.loads(RUBRIC_FILE.read_text(encoding="utf-8"))["status"] == "project default, not a DIPROM rubric"


def test_weights_not_summing_to_one_are_refused(tmp_path):
    raw = json.loads(RUBRIC_FILE.read_text(encoding="utf-8"))
    raw["criteria"][0]["weight"] = 0.3
    path = tmp_path / "rubric.json"
    path.write_text(json.dumps(raw), encoding="utf-8")
    with pytest.raises(ValueError, match="sum to 1.1"):
        load_rubric(path)
    path.write_text("{not json", encoding="utf-8")
    with pytest.raises(ValueError, match="อ่านเกณฑ์การให้คะแนนไม่ได้"):
        load_rubric(path)
