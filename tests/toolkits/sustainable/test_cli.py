"""`uplift carbon footprint` on a hand-computed inventory, across the grid factor switch."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command


def run(*args) -> str:
    out = StringIO()
    call_command("carbon", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def inventory(tmp_path):
    path = tmp_path / "inventory.csv"
    path.write_text("item,category,quantity,unit,factor\n"
                    "ไฟฟ้าเตาอบ,electricity,0.01,MWh,electricity_grid_th\n"
                    "ฟืนเคี่ยวน้ำตาล,firewood,2,kg,firewood\n"
                    "โหลแก้ว,packaging,300,g,glass\n", encoding="utf-8")
    return str(path)


def test_json_total_items_biogenic_and_version(inventory):
    out = json.loads(run("footprint", "--data", inventory, "--on", "2026-01-01", "--json"))
    # 10 kWh × 0.4750 + 2 kg × 0.1476 + 0.3 kg × 0.91 = 4.75 + 0.2952 + 0.273 = 5.3182
    assert out["total_kgco2e"] == pytest.approx(5.3182)
    assert out["biogenic_kgco2"] == pytest.approx(2 * 1.7472)
    assert out["table_version"] == "2026.1" and out["on"] == "2026-01-01"
    assert [i["item"] for i in out["items"]] == ["ไฟฟ้าเตาอบ", "ฟืนเคี่ยวน้ำตาล", "โหลแก้ว"]
    assert out["items"][0]["factor_version"] == "TGO grid EF 2026"


def test_the_day_before_uses_the_old_grid_factor(inventory):
    out = json.loads(run("footprint", "--data", inventory, "--on", "2568-12-31", "--json", "--factors", "2026.1"))
    assert out["on"] == "2025-12-31"
    assert out["items"][0]["kgco2e"] == pytest.approx(4.999)


def test_text_report_is_thai(inventory):
    text = run("footprint", "--data", inventory, "--on", "2026-01-01")
    assert "รวม" in text and "CO2 ชีวภาพ" in text and "1/1/2569" in text and "2026.1" in text


def test_errors_name_row_and_column(tmp_path, inventory):
    path = tmp_path / "bad.csv"
    path.write_text("item,category,quantity,unit,factor\nไฟฟ้า,electricity,10,kg,electricity_grid_th\n",
                    encoding="utf-8")
    with pytest.raises(CommandError, match="แถว 2 ช่อง unit"):
        run("footprint", "--data", str(path), "--on", "2026-01-01")
    with pytest.raises(CommandError, match="1999.1"):
        run("footprint", "--data", inventory, "--factors", "1999.1")
