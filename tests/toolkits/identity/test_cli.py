"""`uplift identity its` on a planted change, and `uplift identity label-check`."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from tests.toolkits.identity.core.test_label import CHILLI_PASTE
from tests.toolkits.identity.test_actions import sales_series


def run(*args) -> str:
    out = StringIO()
    call_command("identity", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def series_csv(tmp_path):
    path = tmp_path / "sales.csv"
    path.write_text("month,sales,price\n" + "".join(f"{r.month:%Y-%m},{r.sales:.2f},{r.price:g}\n"
                                                    for r in sales_series(8_000)), encoding="utf-8")
    return str(path)


def test_its_json_covers_the_planted_change(series_csv):
    out = json.loads(run("its", "--data", series_csv, "--launch", "2026-01", "--json"))
    assert out["level_ci"][0] < 8_000 < out["level_ci"][1] and out["verdict"] == "increase"
    assert (out["n_before"], out["n_after"]) == (12, 12) and out["price_after"] == 590


def test_its_text_is_thai_and_errors_name_the_row(series_csv, tmp_path):
    text = run("its", "--data", series_csv, "--launch", "2569-01", "--hac")
    assert "เปิดตัว 1/2569" in text and "ช่วงความเชื่อมั่น 95%" in text
    bad = tmp_path / "bad.csv"
    bad.write_text("month,sales\n2026-01,100\n2026-02,ไม่ทราบ\n", encoding="utf-8")
    with pytest.raises(CommandError, match="แถว 3 ช่อง sales"):
        run("its", "--data", str(bad), "--launch", "2026-02")
    with pytest.raises(CommandError, match="ข้อมูลสั้นเกินไป"):
        run("its", "--data", series_csv, "--launch", "2025-02")
    with pytest.raises(CommandError, match="ไม่พบไฟล์"):
        run("its", "--data", str(tmp_path / "none.csv"), "--launch", "2026-01")


def test_label_check(tmp_path):
    path = tmp_path / "label.json"
    path.write_text(json.dumps(CHILLI_PASTE.to_dict() | {"fda_number": ""}, ensure_ascii=False), encoding="utf-8")
    text = run("label-check", "--data", str(path))
    assert "✗ FL03 ไม่มีเลขสารบบอาหาร (อย.)" in text and "ขาดหรือไม่ถูกต้อง 1 รายการ" in text
    out = json.loads(run("label-check", "--data", str(path), "--json"))
    assert out["compliant"] is False
