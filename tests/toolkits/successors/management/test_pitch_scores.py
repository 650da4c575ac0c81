"""`uplift pitch-scores` on the Shrout & Fleiss (1979) Table 2 matrix and on bad files."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

SHROUT_FLEISS = [[9, 2, 5, 8], [6, 1, 3, 2], [8, 4, 6, 8], [7, 1, 2, 6], [10, 5, 6, 9], [6, 2, 4, 7]]
PITCHES = ["แอปจองโฮมสเตย์", "ร้านผ้าไหมออนไลน์", "QR ย้อนกลับ", "ไลฟ์ขายน้ำพริก", "ระบบสต็อก", "เพจสมุนไพร"]
JUDGES = ["ครูสมชาย", "คุณนภา", "คุณวิทย์", "อาจารย์ปราณี"]


def run(*args) -> str:
    out = StringIO()
    call_command("pitch_scores", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def totals_csv(tmp_path):
    path = tmp_path / "scores.csv"
    lines = ["pitch,judge,score"] + [f"{PITCHES[i]},{JUDGES[j]},{v}" for i, line in enumerate(SHROUT_FLEISS)
                                     for j, v in enumerate(line)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return str(path)


def test_json_has_the_promised_shape_and_the_published_icc(totals_csv):
    out = json.loads(run("--data", totals_csv, "--json", "--bootstrap", "200", "--seed", "4"))
    assert list(out)[:4] == ["icc", "alpha", "ranking", "flagged_judges"]
    assert list(out["icc"]) == ["ICC1", "ICC2", "ICC3", "ICC1k", "ICC2k", "ICC3k"]
    # Shrout & Fleiss (1979) Table 2: .17, .29, .71, .44, .62, .91
    assert [round(v, 2) for v in out["icc"].values()] == [0.17, 0.29, 0.71, 0.44, 0.62, 0.91]
    assert set(out["ranking"][0]) == {"pitch", "score", "rank", "rank_low", "rank_high"}
    assert out["ranking"][0]["pitch"] == "ระบบสต็อก" and out["flagged_judges"] == []
    assert isinstance(out["alpha"], float)
    assert all(p["rank_low"] <= p["rank"] <= p["rank_high"] for p in out["ranking"])


def test_readable_table_in_thai_and_english(totals_csv):
    text = run("--data", totals_csv, "--bootstrap", "50")
    assert "ความน่าเชื่อถือระหว่างกรรมการ (inter-rater reliability)" in text
    assert "ICC(3,1)  ICC3     0.715" in text
    assert "อันดับ (ranking, normalised scores)" in text and "ระบบสต็อก" in text


def test_criterion_scores_use_the_default_rubric(tmp_path):
    # every criterion = the S&F total, so each weighted total equals it (weights sum to 1)
    criteria = ["problem_customer", "it_solution", "feasibility", "business_impact", "presentation"]
    lines = ["pitch,judge,criterion,score"] + [f"{PITCHES[i]},{JUDGES[j]},{c},{v}"
                                               for i, line in enumerate(SHROUT_FLEISS)
                                               for j, v in enumerate(line) for c in criteria]
    path = tmp_path / "criteria.csv"
    path.write_text("\n".join(lines), encoding="utf-8")
    out = json.loads(run("--data", str(path), "--json", "--bootstrap", "0"))
    assert round(out["icc"]["ICC3"], 2) == 0.71 and out["versions"]["rubric"] == "rubric_v1"


def test_custom_rubric_and_windows_874_file(tmp_path):
    rubric = tmp_path / "rubric.json"
    rubric.write_text(json.dumps({"version": "งานวันที่ 1", "scale": {"min": 0, "max": 5}, "criteria": [
        {"code": "idea", "name_th": "แนวคิด", "name_en": "Idea", "weight": 0.75},
        {"code": "pitch", "name_th": "การนำเสนอ", "name_en": "Pitch", "weight": 0.25}]}), encoding="utf-8")
    # idea 4, pitch 2 → .75 × 4 + .25 × 2 = 3.5; idea 2, pitch 4 → 1.5 + 1 = 2.5
    rows = [("ก", "ครูสมชาย", 4, 2), ("ข", "ครูสมชาย", 2, 4), ("ก", "คุณนภา", 5, 1), ("ข", "คุณนภา", 1, 5)]
    text = "pitch,judge,criterion,score\n" + "".join(f"{p},{j},idea,{a}\n{p},{j},pitch,{b}\n" for p, j, a, b in rows)
    data = tmp_path / "cp874.csv"
    data.write_bytes(text.encode("cp874"))
    out = json.loads(run("--data", str(data), "--rubric", str(rubric), "--json", "--bootstrap", "0"))
    assert out["raw_means"] == {"ก": (3.5 + 4.0) / 2, "ข": (2.5 + 2.0) / 2}  # คุณนภา: 4.0 and 2.0
    assert [p["pitch"] for p in out["ranking"]] == ["ก", "ข"]


@pytest.mark.parametrize(("content", "message"), [
    ("pitch,judge,score\nก,ครูสมชาย,8\nก,คุณนภา,แปด\n", "แถว 3 คอลัมน์ score"),
    ("pitch,score\nก,8\n", "แถว 1 คอลัมน์ judge"),
    ("pitch,judge,criterion,score\nก,ครูสมชาย,design,8\n", "แถว 2 คอลัมน์ criterion"),
    ("pitch,judge,score\nก,ครูสมชาย,8\n", "อย่างน้อย 2 ผลงาน"),
])
def test_bad_files_are_one_line_errors(tmp_path, content, message):
    path = tmp_path / "bad.csv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(CommandError, match=message):
        run("--data", str(path), "--json")


def test_missing_file(tmp_path):
    with pytest.raises(CommandError, match="ไม่พบไฟล์"):
        run("--data", str(tmp_path / "nope.csv"))
