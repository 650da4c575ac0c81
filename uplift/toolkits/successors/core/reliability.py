"""Inter-rater reliability of a pitch × judge score matrix (NaN = not scored).

ICC: the six Shrout & Fleiss (1979) forms from `pingouin.intraclass_corr`, which needs a
complete matrix, so it runs on the complete sub-matrix chosen by `complete_submatrix`.
Krippendorff's alpha (interval) from the `krippendorff` package, which takes missing
cells as they are, so it runs on the whole matrix.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np

ICC_FORMS = ("ICC1", "ICC2", "ICC3", "ICC1k", "ICC2k", "ICC3k")
# Shrout–Fleiss names from pingouin's labels: McGraw–Wong style since 0.7, the S&F names before.
PINGOUIN_LABELS = {
    "ICC(1,1)": "ICC1", "ICC(A,1)": "ICC2", "ICC(C,1)": "ICC3",
    "ICC(1,k)": "ICC1k", "ICC(A,k)": "ICC2k", "ICC(C,k)": "ICC3k",
    **{form: form for form in ICC_FORMS},
}


@dataclass(frozen=True)
class IccForm:
    value: float
    ci_low: float
    ci_high: float


def complete_submatrix(matrix: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Row and column indices of a complete (no NaN) sub-matrix, found greedily.

    While a cell is missing, drop the pitch (row) or judge (column) with missing cells whose
    removal loses the fewest scored cells; on a tie, the one with more missing cells, then
    the pitch.
    """
    rows, cols = np.arange(matrix.shape[0]), np.arange(matrix.shape[1])
    while rows.size and cols.size:
        missing = np.isnan(matrix[np.ix_(rows, cols)])
        if not missing.any():
            break
        candidates = [(int((~missing[i]).sum()), -int(missing[i].sum()), 0, i)
                      for i in range(rows.size) if missing[i].any()]
        candidates += [(int((~missing[:, j]).sum()), -int(missing[:, j].sum()), 1, j)
                       for j in range(cols.size) if missing[:, j].any()]
        _, _, axis, position = min(candidates)
        if axis == 0:
            rows = np.delete(rows, position)
        else:
            cols = np.delete(cols, position)
    return rows, cols


def icc_forms(matrix: np.ndarray) -> dict[str, IccForm] | None:
    """The six ICC forms with 95% CIs for a complete targets × raters matrix.

    None below 2 targets, 2 raters or 5 cells (pingouin's two-way ANOVA needs 5 values), or
    when the scores have no variance. pingouin is imported here, not at module level: it
    takes about two seconds to import.
    """
    import pandas as pd
    import pingouin

    n_targets, n_raters = matrix.shape
    if n_targets < 2 or n_raters < 2 or matrix.size < 5 or np.isnan(matrix).any() or np.ptp(matrix) == 0:
        return None
    long = pd.DataFrame({"target": np.repeat(np.arange(n_targets), n_raters),
                         "rater": np.tile(np.arange(n_raters), n_targets),
                         "rating": matrix.reshape(-1).astype(float)})
    with np.errstate(divide="ignore", invalid="ignore"), warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="The inplace keyword")  # inside pingouin, pandas ≥ 3.1
        table = pingouin.intraclass_corr(data=long, targets="target", raters="rater", ratings="rating")
    forms = {}
    for label, value, ci in zip(table["Type"], table["ICC"], table["CI95"] if "CI95" in table else table["CI95%"]):
        forms[PINGOUIN_LABELS[label]] = IccForm(float(value), float(ci[0]), float(ci[1]))
    if not all(np.isfinite(f.value) for f in forms.values()):
        return None
    return {form: forms[form] for form in ICC_FORMS}


def krippendorff_interval(matrix: np.ndarray) -> float | None:
    """Krippendorff's alpha at the interval level; None when undefined (fewer than two distinct scores
    or no unit scored twice)."""
    import krippendorff

    values = matrix[~np.isnan(matrix)]
    pairable = (np.sum(~np.isnan(matrix), axis=1) >= 2).any()
    if np.unique(values).size < 2 or not pairable:
        return None
    alpha = float(krippendorff.alpha(reliability_data=matrix.T, level_of_measurement="interval"))
    return alpha if np.isfinite(alpha) else None
