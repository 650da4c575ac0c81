"""`uplift lean oee` on the OEE.com worked example and a second line."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

HEADER = "line,date,planned_minutes,downtime_minutes,ideal_cycle_seconds,total_count,good_count\n"


def run(*args) -> str:
    out = StringIO()
    call_command("lean", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def log_csv(tmp_path):
    path = tmp_path / "log.csv"
    # OEE.com "Calculate OEE" shift on line A, then two simpler shifts
    path.write_text(HEADER + "A,2026-01-05,420,47,1.0,19271,18848\n"
                             "B,2026-01-05,120,60,2.0,1000,900\n"
                             "A,2026-01-06,420,20,1.0,20000,19800\n", encoding="utf-8")
    return str(path)


def test_json_lines_and_total(log_csv):
    out = json.loads(run("oee", "--data", log_csv, "--json"))
    assert [line["line"] for line in out["lines"]] == ["A", "B"]
    b = out["lines"][1]
    # B: A = 60 / 120; P = 1,000 × 2 s / 3,600 s; Q = 0.9; OEE = 900 × 2 / 7,200
    assert (b["availability"], b["performance"], b["quality"], b["oee"]) == (0.5, 0.5556, 0.9, 0.25)
    # total: good ideal seconds (18,848 + 1,800 + 19,800) / planned seconds (960 × 60)
    assert out["total"]["oee"] == round(40_448 / 57_600, 4)
    assert "dates" not in out


def test_by_date_adds_days_and_mura(log_csv):
    out = json.loads(run("oee", "--data", log_csv, "--by", "date", "--json"))
    assert [d["date"] for d in out["dates"]] == ["2026-01-05", "2026-01-06"]
    # daily good output 19,748 and 19,800: mean 19,774, sample SD = 52 / √2 = 36.77 → CV 0.0019
    assert out["mura"]["cv"] == round(52 / 2 ** 0.5 / 19_774, 4) and out["mura"]["days"] == 2


def test_table_is_thai(log_csv):
    text = run("oee", "--data", log_csv, "--by", "date")
    assert "สายการผลิต" in text and "รวม" in text and "5/1/2569" in text and "Mura" in text


def test_bad_row_names_row_and_column(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text(HEADER + "A,2026-01-05,420,47,1.0,19271,18848\nA,2026-01-06,420,47,1.0,100,200\n",
                    encoding="utf-8")
    with pytest.raises(CommandError, match="แถว 3 ช่อง good_count"):
        run("oee", "--data", str(path))
    with pytest.raises(CommandError, match="ไม่พบไฟล์"):
        run("oee", "--data", str(tmp_path / "nope.csv"))
