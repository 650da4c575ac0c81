"""Reliability against published worked examples."""

import numpy as np

from uplift.toolkits.successors.core.reliability import complete_submatrix, icc_forms, krippendorff_interval

# Shrout, P. E. & Fleiss, J. L. (1979). Intraclass correlations: uses in assessing rater
# reliability. Psychological Bulletin 86(2), 420–428, Table 2: 6 targets × 4 judges.
SHROUT_FLEISS = np.array([[9, 2, 5, 8], [6, 1, 3, 2], [8, 4, 6, 8], [7, 1, 2, 6], [10, 5, 6, 9], [6, 2, 4, 7]],
                         dtype=float)


def test_shrout_fleiss_table_2_mean_squares():
    # S&F's ANOVA for Table 2: BMS 11.24, WMS 6.26, JMS 32.49, EMS 1.02 (n = 6 targets, k = 4 judges)
    x, n, k = SHROUT_FLEISS, 6, 4
    grand = x.mean()
    bms = k * ((x.mean(axis=1) - grand) ** 2).sum() / (n - 1)
    jms = n * ((x.mean(axis=0) - grand) ** 2).sum() / (k - 1)
    wms = ((x - x.mean(axis=1, keepdims=True)) ** 2).sum() / (n * (k - 1))
    ems = ((x - x.mean(axis=1, keepdims=True) - x.mean(axis=0) + grand) ** 2).sum() / ((n - 1) * (k - 1))
    assert [round(v, 2) for v in (bms, wms, jms, ems)] == [11.24, 6.26, 32.49, 1.02]


def test_shrout_fleiss_table_2_icc_values():
    # Published: ICC(1,1) .17, ICC(2,1) .29, ICC(3,1) .71, ICC(1,4) .44, ICC(2,4) .62, ICC(3,4) .91. By hand:
    # (1,1) (11.24 − 6.26) / (11.24 + 3 × 6.26) = 4.98 / 30.02 = .166
    # (2,1) (11.24 − 1.02) / (11.24 + 3 × 1.02 + 4 × (32.49 − 1.02) / 6) = 10.22 / 35.28 = .290
    # (3,1) 10.22 / (11.24 + 3 × 1.02) = 10.22 / 14.30 = .715
    # (1,4) 4.98 / 11.24 = .443; (2,4) 10.22 / (11.24 + 31.47 / 6) = 10.22 / 16.49 = .620; (3,4) 10.22 / 11.24 = .909
    forms = icc_forms(SHROUT_FLEISS)
    assert {name: round(f.value, 2) for name, f in forms.items()} == {
        "ICC1": 0.17, "ICC2": 0.29, "ICC3": 0.71, "ICC1k": 0.44, "ICC2k": 0.62, "ICC3k": 0.91}
    assert all(f.ci_low < f.value < f.ci_high for f in forms.values())
    # 95% CIs as pingouin reports them for this table
    assert (round(forms["ICC3"].ci_low, 2), round(forms["ICC3"].ci_high, 2)) == (0.34, 0.95)


def test_pingouin_documentation_wine_example():
    # pingouin.intraclass_corr docstring (0.7.0): 8 wines × 4 judges, dataset "icc" shipped with pingouin:
    # ICC(1,1) .728, ICC(A,1) .728, ICC(C,1) .729, ICC(1,k) .914, ICC(A,k) .914, ICC(C,k) .915.
    # (That example is not Shrout & Fleiss's Table 2.)
    import pingouin

    wine = pingouin.read_dataset("icc").pivot(index="Wine", columns="Judge", values="Scores").to_numpy(float)
    forms = icc_forms(wine)
    assert {name: round(f.value, 3) for name, f in forms.items()} == {
        "ICC1": 0.728, "ICC2": 0.728, "ICC3": 0.729, "ICC1k": 0.914, "ICC2k": 0.914, "ICC3k": 0.915}


def test_krippendorff_2011_worked_example():
    # Krippendorff, K. (2011). Computing Krippendorff's Alpha-Reliability. Annenberg School for
    # Communication, University of Pennsylvania. Example C: 4 observers × 12 units with missing
    # values; interval α = .849, nominal α = .743 (the krippendorff package's docstring uses
    # the same matrix for ordinal .815 and ratio .797). Units are rows here, observers columns.
    nan = np.nan
    observers = np.array([[1, 2, 3, 3, 2, 1, 4, 1, 2, nan, nan, nan],
                          [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, nan, 3],
                          [nan, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, nan],
                          [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, nan]])
    assert round(krippendorff_interval(observers.T), 3) == 0.849


def test_alpha_undefined_without_variation_or_pairs():
    assert krippendorff_interval(np.full((3, 2), 5.0)) is None
    assert krippendorff_interval(np.array([[1, np.nan], [np.nan, 2]])) is None


def test_icc_undefined_when_too_small_or_incomplete():
    assert icc_forms(np.array([[1.0, 2.0], [3.0, 4.0]])) is None  # 4 cells, pingouin's ANOVA needs 5
    assert icc_forms(np.array([[1.0, 2.0, 3.0], [3.0, np.nan, 4.0]])) is None
    assert icc_forms(np.full((3, 3), 7.0)) is None


def test_complete_submatrix_drops_what_loses_least():
    x = SHROUT_FLEISS.copy()
    x[1, 3] = np.nan  # one cell: dropping pitch 2 loses 3 cells, judge 4 loses 5
    rows, cols = complete_submatrix(x)
    assert (rows.tolist(), cols.tolist()) == ([0, 2, 3, 4, 5], [0, 1, 2, 3])
    x = SHROUT_FLEISS.copy()
    x[[0, 1, 2, 3], 3] = np.nan  # judge 4 scored only two pitches: dropping the judge loses 2 cells
    rows, cols = complete_submatrix(x)
    assert (rows.tolist(), cols.tolist()) == ([0, 1, 2, 3, 4, 5], [0, 1, 2])
