import json
from datetime import date
from decimal import Decimal as D

from uplift.toolkits.global_trade.core.fx import FxRate
from uplift.toolkits.global_trade.core.incoterms import CostInputs, export_prices
from uplift.toolkits.global_trade.core.price_report import build_up_to_dict, format_table

INPUTS = CostInputs(exw=D("450"), packing=D("15"), inland=D("8"), clearance=D("5"), handling=D("12"), quantity=1000)


def test_dict_keeps_amounts_as_exact_strings_and_survives_json():
    data = json.loads(json.dumps(build_up_to_dict(export_prices(INPUTS))))
    fob = next(p for p in data["prices"] if p["rule"] == "FOB")
    # FOB = 450 + 15 + 8 + 5 + 12 = 490; × 1,000 = 490,000
    assert (fob["per_unit"], fob["total"]) == ("490.00", "490000.00")
    assert [l["code"] for l in fob["lines"]] == ["exw_cost", "margin", "packing", "inland", "clearance", "handling"]
    assert {"rule": "CFR", "missing": ["freight"]} in data["unavailable"]
    assert data["incoterms_version"] == "2020.1" and data["rate"] is None


def test_table_is_thai_and_english_and_names_what_is_missing():
    table = format_table(export_prices(INPUTS, FxRate("USD", date(2026, 11, 30), D("35"))),
                         missing_label=lambda code: f"--{code}")
    assert "ราคาส่งออก" in table and "Export prices" in table and "(USD)" in table
    assert "1 USD = 35 THB (2026-11-30)" in table
    # FOB 490 baht / 35 = 14.00 USD; × 1,000 = 14,000.00
    assert any(line.startswith("FOB ส่งมอบบนเรือ / Free On Board") and line.split()[-2:] == ["14.00", "14,000.00"]
               for line in table.splitlines())
    assert "CIF: คำนวณไม่ได้ ขาด / not computed, missing: --freight, --insurance_rate" in table
