"""The LP relaxation of the reduced bundle model by column generation, with its Lagrangian bound.

The master LP holds a few options per entrepreneur; pricing every option against the
master's duals is one vectorised pass (``Columns.reduced``), and each round adds the most
violated option of up to ``batch`` entrepreneurs, the worst first. Each round's duals give a
valid bound ``L(y)`` (``columns``), so the bound is usable even when the deadline stops the
rounds; at convergence it equals the LP optimum. Without a feasible start the master first
minimises the shortfall of the minimum rows (phase 1): a positive shortfall at the phase-1
bound proves that no selection meets them, and the rows still short name the quotas.

The master is solved by HiGHS's serial dual simplex from the previous basis: on the ×10
national instance it is ~10× faster than the default strategy, and the full pair-form LP
(every pair, ``x ≤ y`` rows) did not finish in 120 s where these rounds take about 0.5 s.
An entrepreneur's own row ``Σ_S z[i,S] ≤ 1`` enters the master only with its second option
(half the master's rows, half its time).
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import highspy
import numpy as np

from .columns import EMPTY, Columns
from .highs import INF, csc, csc_lp, make_highs

MIN_BATCH = 2000
BATCH_SHARE = 0.2


@dataclass(frozen=True)
class Relaxation:
    """``duals`` give the least bound found, ``bound = L(duals)``; ``status`` is ``optimal``
    (the LP optimum), ``time_limit`` or ``infeasible`` (``short_rows`` cannot be met)."""

    status: str
    duals: np.ndarray | None
    bound: float
    master_objective: float | None
    rounds: int
    master_columns: int
    seconds: float
    short_rows: tuple[int, ...] = ()


class _Master:
    def __init__(self, columns: Columns, deadline: float, threads: int | None):
        self.c = columns
        self.highs = make_highs(deadline=deadline, threads=threads, presolve="off", simplex_strategy=1)
        self.highs.passModel(csc_lp(
            cost=[], col_upper=[], row_lower=columns.row_lower, row_upper=columns.row_upper,
            starts=[0], index=[], values=[], integral=False,
        ))
        self.in_master = np.zeros(columns.value.shape, dtype=bool)
        self.own_row = np.full(columns.entrepreneurs.size, -1, dtype=np.int64)
        self.first_col = np.full(columns.entrepreneurs.size, -1, dtype=np.int64)
        self.n_rows = columns.n_rows
        self.col_e: list[np.ndarray] = [np.zeros(0, dtype=np.int64)]
        self.col_s: list[np.ndarray] = [np.zeros(0, dtype=np.int64)]
        self.n_cols = 0
        self.slacks = np.zeros(0, dtype=np.int32)
        self.slack_rows = np.zeros(0, dtype=np.int64)

    def add(self, e: np.ndarray, s: np.ndarray, phase: int) -> None:
        """New options, at most one per entrepreneur; an entrepreneur's own row ``Σ_S z ≤ 1``
        appears with its second option (with one, the column's bound says the same)."""
        fresh = ~self.in_master[e, s]
        e, s = e[fresh], s[fresh]
        if not e.size:
            return
        first = self.n_cols
        index = first + np.arange(e.size)
        cols, rows, vals = self.c.entries(e, s)
        has_row = self.own_row[e] >= 0
        cols = np.concatenate([cols, np.flatnonzero(has_row)])
        rows = np.concatenate([rows, self.own_row[e[has_row]]])
        vals = np.concatenate([vals, np.ones(int(has_row.sum()))])
        starts, rows, vals = csc(cols, rows, vals, e.size)
        cost = self.c.value[e, s] if phase == 2 else np.zeros(e.size)
        self.highs.addCols(e.size, cost, np.zeros(e.size), np.ones(e.size), rows.size,
                           starts[:-1].astype(np.int32), rows.astype(np.int32), vals)
        second = ~has_row & (self.first_col[e] >= 0)
        k = int(second.sum())
        if k:
            pairs = np.stack([self.first_col[e[second]], index[second]], axis=1).ravel()
            self.highs.addRows(k, np.full(k, -INF), np.ones(k), 2 * k, np.arange(0, 2 * k, 2, dtype=np.int32),
                               pairs.astype(np.int32), np.ones(2 * k))
            self.own_row[e[second]] = self.n_rows + np.arange(k)
            self.n_rows += k
        alone = self.first_col[e] < 0
        self.first_col[e[alone]] = index[alone]
        self.in_master[e, s] = True
        self.col_e.append(e)
        self.col_s.append(s)
        self.n_cols += e.size

    def add_slacks(self, rows: np.ndarray) -> None:
        k = rows.size
        if not k:
            return
        first = self.n_cols + 0
        self.highs.addCols(k, -np.ones(k), np.zeros(k), np.full(k, INF), k, np.arange(k, dtype=np.int32),
                           rows.astype(np.int32), np.ones(k))
        self.slacks = (first + np.arange(k)).astype(np.int32)
        self.slack_rows = rows
        self.n_cols += k
        self.col_e.append(np.full(k, EMPTY))
        self.col_s.append(np.full(k, EMPTY))

    def to_phase_two(self) -> None:
        e, s = np.concatenate(self.col_e), np.concatenate(self.col_s)
        real = np.flatnonzero(e != EMPTY).astype(np.int32)
        self.highs.changeColsCost(real.size, real, self.c.value[e[real], s[real]])
        k = self.slacks.size
        self.highs.changeColsBounds(k, self.slacks, np.zeros(k), np.zeros(k))

    def solve(self) -> bool:
        if not self.n_cols:
            return True
        self.highs.run()
        return self.highs.getModelStatus() == highspy.HighsModelStatus.kOptimal

    def objective(self) -> float:
        return float(self.highs.getInfo().objective_function_value) if self.n_cols else 0.0

    def duals(self) -> np.ndarray:
        if not self.n_cols:
            return np.zeros(self.c.n_rows)
        return self.c.clean(np.asarray(self.highs.getSolution().row_dual)[: self.c.n_rows])

    def own_duals(self, y: np.ndarray, phase: int) -> np.ndarray:
        """``u_i = max(0, max r_i(S))`` over i's options in the master (0 outside it): with the
        coupling duals ``y`` an optimal dual of the master — the row's own dual may sit on a
        column's bound instead when the master is degenerate — so an option outside the
        master prices out iff its ``r`` exceeds ``u_i``."""
        e, s = np.concatenate(self.col_e), np.concatenate(self.col_s)
        real = e != EMPTY
        e, s = e[real], s[real]
        reduced = self.c.option_reduced(y, e, s)
        if phase == 1:
            reduced -= self.c.value[e, s]
        own = np.zeros(self.own_row.size)
        np.maximum.at(own, e, reduced)
        return own

    def short_rows(self) -> tuple[int, ...]:
        values = np.asarray(self.highs.getSolution().col_value)[self.slacks]
        return tuple(int(r) for r in self.slack_rows[values > 1e-6])


def relax(columns: Columns, start: np.ndarray | None, *, deadline: float, threads: int | None = None,
          batch: int | None = None) -> Relaxation:
    """Column generation from ``start`` (a feasible choice per entrepreneur, or None: phase 1)."""
    started = time.perf_counter()
    master = _Master(columns, deadline, threads)
    options = columns.options
    scale = max(1.0, float(np.max(np.abs(columns.value[options]), initial=0.0)))
    phase = 2
    if start is not None:
        chosen = np.flatnonzero(start != EMPTY)
        master.add(chosen, start[chosen], phase)
    else:
        phase = 1
        master.add_slacks(np.flatnonzero(columns.row_lower > 0))
    zero_value = np.where(columns.value_t > -np.inf, 0.0, -np.inf)
    best_bound, best_duals, objective, rounds = np.inf, None, None, 0
    status = "time_limit"
    while time.perf_counter() < deadline:
        rounds += 1
        if not master.solve():
            break
        objective = master.objective()
        y = master.duals()
        if phase == 1 and master.slacks.size:
            y[master.slack_rows] = np.maximum(y[master.slack_rows], -1.0)
        value_t = zero_value if phase == 1 else None
        best = columns.best(y, value_t)
        own = master.own_duals(y, phase)
        bound = columns.bound(y, best)
        if phase == 1:
            if bound < -1e-6:
                return Relaxation("infeasible", None, np.inf, objective, rounds, master.n_cols,
                                  time.perf_counter() - started, master.short_rows())
            if objective > -1e-9:
                phase = 2
                master.to_phase_two()
                continue
        elif bound < best_bound:
            best_bound, best_duals = bound, y
        violation = best - own
        e = np.flatnonzero(violation > 1e-9 * scale)
        limit = batch or max(MIN_BATCH, int(BATCH_SHARE * np.count_nonzero(master.first_col >= 0)))
        if e.size > limit:
            e = e[np.argsort(-violation[e], kind="stable")[:limit]]
        s = columns.best_bundle(y, e, zero=phase == 1)
        e, s = e[~master.in_master[e, s]], s[~master.in_master[e, s]]
        if phase == 2 and (not e.size or best_bound - objective <= 1e-9 * max(1.0, abs(best_bound))):
            status = "optimal"
            break
        if not e.size:
            return Relaxation("infeasible", None, np.inf, objective, rounds, master.n_cols,
                              time.perf_counter() - started, master.short_rows())
        master.add(e, s, phase)
    return Relaxation(status, best_duals, float(best_bound), objective, rounds, master.n_cols,
                      time.perf_counter() - started)
