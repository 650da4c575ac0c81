"""HiGHS set-up shared by the assignment models: options, a deadline it cannot overrun, statuses.

HiGHS checks its time limit between phases but not inside every one (the root LP of a very
large model can overrun it): the callbacks interrupt simplex, IPM and MIP at the deadline.
"""

from __future__ import annotations

import time

import highspy
import numpy as np

INF = highspy.kHighsInf

STATUS = {
    highspy.HighsModelStatus.kOptimal: "optimal",
    highspy.HighsModelStatus.kInfeasible: "infeasible",
    highspy.HighsModelStatus.kUnboundedOrInfeasible: "infeasible",
    highspy.HighsModelStatus.kTimeLimit: "time_limit",
    highspy.HighsModelStatus.kInterrupt: "time_limit",
}


def finite(bound: np.ndarray) -> np.ndarray:
    """``inf``/``-inf`` as HiGHS's infinities."""
    bound = np.asarray(bound, dtype=float)
    return np.where(np.isposinf(bound), INF, np.where(np.isneginf(bound), -INF, bound))


def make_highs(*, deadline: float, threads: int | None = None, **options) -> highspy.Highs:
    """A silent solver stopped at ``deadline`` (a ``time.perf_counter()`` value)."""
    highs = highspy.Highs()
    highs.setOptionValue("output_flag", False)
    highs.setOptionValue("time_limit", max(deadline - time.perf_counter(), 0.0))
    if threads:
        highs.setOptionValue("threads", int(threads))
    for name, value in options.items():
        highs.setOptionValue(name, value)

    def stop_at_deadline(event) -> None:
        if time.perf_counter() > deadline:
            event.interrupt()

    for callback in (highs.cbSimplexInterrupt, highs.cbIpmInterrupt, highs.cbMipInterrupt):
        callback.subscribe(stop_at_deadline)
    return highs


def csc_lp(*, cost, col_upper, row_lower, row_upper, starts, index, values, integral: bool,
           col_lower=None, offset: float = 0.0) -> highspy.HighsLp:
    """A maximisation in column-wise form; every column integral when ``integral``."""
    lp = highspy.HighsLp()
    lp.num_col_ = int(len(cost))
    lp.num_row_ = int(len(row_lower))
    lp.sense_ = highspy.ObjSense.kMaximize
    lp.offset_ = float(offset)
    lp.col_cost_ = np.asarray(cost, dtype=float)
    lp.col_lower_ = np.zeros(lp.num_col_) if col_lower is None else np.asarray(col_lower, dtype=float)
    lp.col_upper_ = np.asarray(col_upper, dtype=float)
    lp.row_lower_ = finite(row_lower)
    lp.row_upper_ = finite(row_upper)
    lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
    lp.a_matrix_.num_col_ = lp.num_col_
    lp.a_matrix_.num_row_ = lp.num_row_
    lp.a_matrix_.start_ = np.asarray(starts, dtype=np.int32)
    lp.a_matrix_.index_ = np.asarray(index, dtype=np.int32)
    lp.a_matrix_.value_ = np.asarray(values, dtype=float)
    if integral:
        lp.integrality_ = [highspy.HighsVarType.kInteger] * lp.num_col_
    return lp


def set_start(highs: highspy.Highs, values: np.ndarray) -> None:
    solution = highspy.HighsSolution()
    solution.col_value = np.asarray(values, dtype=float)
    solution.value_valid = True
    highs.setSolution(solution)


def csc(cols: np.ndarray, rows: np.ndarray, values: np.ndarray, n_cols: int):
    """Triplets to column-wise (starts, index, values)."""
    order = np.lexsort((rows, cols))
    cols, rows, values = cols[order], rows[order], values[order]
    return np.searchsorted(cols, np.arange(n_cols + 1)), rows, values
