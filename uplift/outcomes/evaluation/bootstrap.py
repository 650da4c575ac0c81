"""Cluster (unit) bootstrap: resample units with replacement, recompute the statistic."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class BootstrapResult:
    draws: np.ndarray
    failed: int

    @property
    def se(self) -> np.ndarray:
        return np.std(self.draws, axis=0, ddof=1)

    @property
    def cov(self) -> np.ndarray:
        return np.atleast_2d(np.cov(self.draws, rowvar=False))

    def percentile_ci(self, level: float = 0.95) -> tuple[np.ndarray, np.ndarray]:
        tail = (1 - level) / 2 * 100
        return np.percentile(self.draws, tail, axis=0), np.percentile(self.draws, 100 - tail, axis=0)


def cluster_bootstrap(
    statistic: Callable[[np.ndarray], np.ndarray],
    n_clusters: int,
    *,
    draws: int = 200,
    seed: int = 0,
    chunk: int = 25,
) -> BootstrapResult:
    """`statistic` maps a (b × n_clusters) matrix of resampling counts to (b × p) estimates.

    Draws are made in chunks so that memory stays at chunk × n_clusters; draws whose
    statistic is undefined (NaN, e.g. no treated unit drawn) are dropped and counted.
    """
    rng = np.random.default_rng(seed)
    out = []
    for start in range(0, draws, chunk):
        b = min(chunk, draws - start)
        counts = np.empty((b, n_clusters))
        for row in range(b):
            counts[row] = np.bincount(rng.integers(0, n_clusters, n_clusters), minlength=n_clusters)
        out.append(np.atleast_2d(statistic(counts)).reshape(b, -1))
    stats = np.vstack(out)
    good = ~np.isnan(stats).any(axis=1)
    return BootstrapResult(draws=stats[good], failed=int((~good).sum()))
