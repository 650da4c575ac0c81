"""`uplift standards match | catalogue | remind`."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command


def run(*args) -> str:
    out = StringIO()
    call_command("standards", *args, stdout=out)
    return out.getvalue()


def test_match_in_thai_and_json():
    text = run("match", "--category", "อาหาร", "--name", "กล้วยอบ", "--market", "export")
    assert "ต้องมี" in text and "HACCP" in text and "กล้วยอบ กล้วยตาก" in text
    out = json.loads(run("match", "--category", "beverage", "--name", "ไวน์มะเม่า", "--market", "muslim", "--json"))
    assert {m["standard"]: m["level"] for m in out["matches"]}["HALAL"] == "not_applicable"
    with pytest.raises(CommandError, match="ไม่รู้จักหมวดผลิตภัณฑ์"):
        run("match", "--category", "toys")


def test_catalogue_lists_standards_and_clauses():
    assert "ISO22000" in run("catalogue")
    text = run("catalogue", "HACCP")
    assert "ขั้นตอนที่ 12" in text
    with pytest.raises(CommandError, match="ไม่มีมาตรฐาน"):
        run("catalogue", "ISO14001")


def test_remind_needs_a_user_and_the_right_role(world):
    with pytest.raises(CommandError, match="--user"):
        run("remind")
    with pytest.raises(CommandError):
        run("remind", "--user", "consultant")
    assert "0 reminder(s) sent" in run("remind", "--user", "system", "--date", "2027-01-01")
