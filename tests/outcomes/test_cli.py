"""`uplift evaluate` on the published organ-donations check (The Effect, ch. 18)."""

import json
from io import StringIO

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


@pytest.fixture(scope="module")
def cross_section_csv(tmp_path_factory):
    """One row per entrepreneur, no time column, Thai headers."""
    import numpy as np
    import pandas as pd

    rng = np.random.default_rng(22)
    n = 600
    x = rng.normal(size=n)
    treated = rng.random(n) < 1 / (1 + np.exp(-1.2 * x))
    frame = pd.DataFrame({
        "รหัสผู้ประกอบการ": [f"OTOP-{i:04d}" for i in range(n)],
        "ยอดขายเฉลี่ย": 20_000 + 4_000 * x + 6_000 * treated + rng.normal(scale=2_000, size=n),
        "เข้าร่วม": treated.astype(int),
        "ยอดขาย2562": x,
    })
    path = tmp_path_factory.mktemp("xs") / "cross_section.csv"
    frame.to_csv(path, index=False, encoding="utf-8")
    return str(path)


XS = ("--unit", "รหัสผู้ประกอบการ", "--outcome", "ยอดขายเฉลี่ย", "--treated", "เข้าร่วม")


def test_cli_cross_section_without_time(cross_section_csv):
    text = run("--data", cross_section_csv, *XS, "--covariates", "ยอดขาย2562", "--bootstrap", "0")
    assert text.startswith("Method      match")
    assert "units 600 × periods 1 = 600 obs (cross-section, one row per unit)" in text
    matched = next(line for line in text.splitlines() if line.startswith("Matched"))
    estimated = next(line for line in text.splitlines() if line.startswith("Estimated"))
    treated, controls = (int(w.strip(",;")) for w in matched.split()[2:5:2])
    assert estimated.split()[2] == str(treated + controls)
    assert "ยอดขาย2562: " in text and "SMD" in text and "Note        cross-section" in text

    out = json.loads(run("--data", cross_section_csv, *XS, "--covariates", "ยอดขาย2562", "--bootstrap", "0", "--json"))
    assert (out["n_units"], out["n_periods"], out["n_obs"]) == (600, 1, 600)
    assert out["n_obs_used"] == out["n_matched_treated"] + out["n_matched_control"]
    assert {r["covariate"] for r in out["balance"]} == {"ยอดขาย2562", "propensity score (logit)"}
    assert any("cross-section" in note for note in out["notes"])
    assert 5_000 < out["att"] < 7_000


def test_cli_cross_section_defaults_and_refusals(cross_section_csv):
    assert run("--data", cross_section_csv, *XS, "--bootstrap", "0").startswith("Method      means")
    with pytest.raises(CommandError, match="needs a time column"):
        run("--data", cross_section_csv, *XS, "--method", "did")
    with pytest.raises(CommandError, match="--post"):
        run("--data", cross_section_csv, *XS, "--post", "เข้าร่วม", "--method", "means")


def test_cli_sensitivity(cross_section_csv, organ_csv):
    text = run("--data", cross_section_csv, *XS, "--covariates", "ยอดขาย2562", "--bootstrap", "0", "--sensitivity")
    assert "Rosenbaum, Wilcoxon signed-rank" in text and "critical Γ" in text and "E-value" in text
    assert "ปัจจัยที่ไม่ได้วัด" in text
    did_text = run("--data", organ_csv, "--unit", "State", "--time", "Quarter_Num", "--outcome", "Rate",
                   "--treated", "California", "--post", "After", "--bootstrap", "0", "--sensitivity")
    assert "Relative magnitudes" in did_text and "breakdown M̄" in did_text
    out = json.loads(run("--data", organ_csv, "--unit", "State", "--time", "Quarter_Num", "--outcome", "Rate",
                         "--treated", "California", "--post", "After", "--bootstrap", "0", "--sensitivity", "--json"))
    assert out["sensitivity"]["relative_magnitudes"]["max_pre_violation"] > 0


def test_round_commands_refuse_to_run_without_an_actor_and_are_audited(world, indicators):
    from tests.outcomes.programme import enter, make_programme
    from uplift.audit.models import AuditEntry

    p = make_programme(world.phuket)
    enter(world.admin, world.phuket, p.round, baseline={"sales": 10_000}, end={"sales": 12_000})
    for command in ("outcomes_value", "evaluate_round"):
        with pytest.raises(CommandError, match="--user"):
            call_command(command, str(p.round.pk), stdout=open("/dev/null", "w"))
        with pytest.raises(CommandError):
            call_command(command, str(p.round.pk), "--user", "officer10", stdout=open("/dev/null", "w"))
    out = StringIO()
    call_command("outcomes_value", str(p.round.pk), "--user", "system", stdout=out)
    assert "1 economic value rows" in out.getvalue()
    with pytest.raises(CommandError, match="stored without an estimate"):  # no comparison group: stored, said
        call_command("evaluate_round", str(p.round.pk), "--user", "admin", "--method", "did", "--bootstrap", "0",
                     stdout=open("/dev/null", "w"))
    with pytest.raises(CommandError, match="no round"):
        call_command("evaluate_round", "999999", "--user", "admin", stdout=open("/dev/null", "w"))
    assert set(AuditEntry.objects.filter(actor__username__in=("system", "admin")).values_list("action", flat=True)) >= {
        "economic_value_compute", "evaluate"}
