"""`uplift evaluate` on the published organ-donations check (The Effect, ch. 18)."""

import json

import causaldata
import pytest
from django.core.management import CommandError, call_command



@pytest.fixture(scope="module")
def organ_csv(tmp_path_factory):
    data = causaldata.organ_donations.load_pandas().data
    data["California"] = (data["State"] == "California").astype(int)
    data["After"] = (data["Quarter_Num"] >= 4).astype(int)  # Q3 2011, when the policy began
    path = tmp_path_factory.mktemp("organ") / "organ_donations.csv"
    data.to_csv(path, index=False)
    return str(path)


def run(*args) -> str:
    from io import StringIO

    out = StringIO()
    call_command("evaluate", *args, stdout=out)
    return out.getvalue()


def test_cli_reproduces_the_published_did_and_clustered_se(organ_csv):
    text = run("--data", organ_csv, "--unit", "State", "--time", "Quarter_Num", "--outcome", "Rate",
               "--treated", "California", "--post", "After", "--method", "did")
    att_line = next(line for line in text.splitlines() if line.startswith("ATT"))
    se_line = next(line for line in text.splitlines() if line.startswith("SE"))
    assert round(float(att_line.split()[1]), 4) == -0.0225
    assert round(float(se_line.split()[1]), 4) == 0.0067
    assert "units 27 × periods 6 = 162 obs; treated 1, control 26" in text


def test_cli_json(organ_csv):
    out = json.loads(run("--data", organ_csv, "--unit", "State", "--time", "Quarter_Num", "--outcome", "Rate",
                         "--treated", "California", "--post", "After", "--json", "--bootstrap", "0"))
    assert round(out["att"], 4) == -0.0225 and round(out["se"], 4) == 0.0067
    assert out["ci_low"] < out["att"] < out["ci_high"] < 0
    assert (out["n_treated"], out["n_control"]) == (1, 26)


def test_cli_errors_are_one_line(organ_csv, tmp_path):
    with pytest.raises(CommandError, match="no such file"):
        run("--data", str(tmp_path / "nope.csv"), "--unit", "a", "--time", "b", "--outcome", "c", "--treated", "d")
    with pytest.raises(CommandError):
        run("--data", organ_csv, "--unit", "State", "--time", "Quarter_Num", "--outcome", "Nope", "--treated", "California")
