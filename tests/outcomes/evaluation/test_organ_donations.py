"""The published check: California's 2011 active-choice organ-donation policy (The Effect, ch. 18)."""

import numpy as np
import causaldata
import pytest

from uplift.outcomes.evaluation import evaluate
from uplift.outcomes.evaluation.did import did, twfe_panelols
from uplift.outcomes.evaluation.panel import build_panel



@pytest.fixture(scope="module")
def organ():
    data = causaldata.organ_donations.load_pandas().data
    data["California"] = data["State"] == "California"
    data["After"] = data["Quarter_Num"] >= 4  # Quarter_Num 4 is Q32011, when the policy began
    return data


def test_twfe_did_reproduces_published_estimate_and_state_clustered_se(organ):
    ev = evaluate(organ, unit="State", time="Quarter_Num", outcome="Rate", treated="California", post="After")
    assert abs(ev.att + 0.0225) < 0.0005
    assert abs(ev.se - 0.0067) < 0.0005
    assert round(ev.att, 4) == -0.0225
    assert round(ev.se, 4) == 0.0067
    assert (ev.n_units, ev.n_periods, ev.n_obs, ev.n_treated, ev.n_control) == (27, 6, 162, 1, 26)
    assert ev.ci_low < ev.att < ev.ci_high < 0
    assert any("only 1 treated unit" in note for note in ev.notes)


def test_row_level_treatment_column_gives_the_same_estimate(organ):
    organ = organ.assign(Treated=organ["California"] & organ["After"])
    ev = evaluate(organ, unit="State", time="Quarter_Num", outcome="Rate", treated="Treated", bootstrap=0)
    assert ev.att == pytest.approx(-0.022459, abs=1e-6)


def test_fast_path_equals_panelols_and_dummy_ols(organ):
    import pandas as pd
    import statsmodels.formula.api as smf

    panel = build_panel(organ, unit="State", time="Quarter_Num", outcome="Rate", treated="California", post="After")
    fast = did(panel)
    library = twfe_panelols(panel.y, panel.d[..., None])
    np.testing.assert_allclose(fast.coef, library.coef, rtol=1e-10)
    np.testing.assert_allclose(fast.cov, library.cov, rtol=1e-8)

    organ = organ.assign(D=(organ["California"] & organ["After"]).astype(float))
    ols = smf.ols("Rate ~ D + C(State) + C(Quarter_Num)", organ).fit(
        cov_type="cluster", cov_kwds={"groups": pd.factorize(organ["State"])[0]}
    )
    assert fast.coef[0] == pytest.approx(ols.params["D"], rel=1e-9)
    assert fast.se[0] == pytest.approx(ols.bse["D"], rel=1e-9)
