"""The CLI only parses, calls the core and prints; it writes nothing, so no database is needed."""

import io
import json

import pytest
from django.core.management import CommandError, call_command

SILK_SCARF = ["--exw", "450", "--margin", "0.2", "--packing", "15", "--inland", "8", "--clearance", "5",
              "--handling", "12", "--freight", "40", "--insurance-rate", "0.004", "--quantity", "200"]


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("export_price", *args, stdout=out)
    return out.getvalue()


def test_json_has_every_computable_rule_per_unit_and_in_total():
    data = json.loads(run(*SILK_SCARF, "--json"))
    prices = {p["rule"]: (p["per_unit"], p["total"]) for p in data["prices"]}
    # EXW = 450 × 1.2 = 540; FOB = 540 + 15 + 8 + 5 + 12 = 580; CIF = (580 + 40) / (1 − 1.1 × 0.004) = 622.74
    assert prices["EXW"] == ("540.00", "108000.00")
    assert prices["FOB"] == ("580.00", "116000.00")
    assert prices["CIF"] == ("622.74", "124548.00")
    assert list(prices) == ["EXW", "FCA", "FOB", "CFR", "CIF", "CPT", "CIP"]
    assert data["unavailable"] == [{"rule": "DAP", "missing": ["destination"]}]


def test_the_table_names_the_missing_flag():
    table = run("--exw", "100", "--packing", "5", "--inland", "3", "--clearance", "2")
    assert "EXW ส่งมอบ ณ สถานที่ของผู้ขาย / Ex Works" in table and "FCA" in table
    assert "FOB: คำนวณไม่ได้ ขาด / not computed, missing: --handling" in table
    assert "CIF: คำนวณไม่ได้ ขาด / not computed, missing: --handling, --freight, --insurance-rate" in table


def test_foreign_currency_uses_the_rate_given():
    data = json.loads(run("--exw", "350", "--currency", "usd", "--rate", "35", "--json"))
    # 350 / 35 = 10.00 USD
    assert data["currency"] == "USD" and data["prices"][0]["per_unit"] == "10.00"
    assert data["rate"]["thb_per_unit"] == "35"


@pytest.mark.parametrize("args, message", [
    (["--exw", "-5"], "ต้องไม่ติดลบ / must not be negative"),
    (["--exw", "100", "--insurance-rate", "0.95"], "must be below 1/1.10"),
    (["--exw", "หนึ่งร้อย"], "not a number"),
    (["--exw", "100", "--currency", "USD"], "--currency and --rate go together"),
    (["--exw", "100", "--currency", "USD", "--rate", "0"], "above 0"),
    (["--exw", "100", "--quantity", "0"], "at least 1"),
    (["--packing", "5"], "--exw"),
])
def test_errors_are_command_errors_with_a_clear_message(args, message):
    with pytest.raises(CommandError, match=message):
        run(*args)
