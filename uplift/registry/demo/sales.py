"""Monthly sales 2019-01..2021-12 by channel, shaped by seasons and the 2020-21 tourism slump.

Each entrepreneur sells part of its output to Thai tourists, part to foreign tourists and the
rest locally (shop, fairs, wholesale, online, export). The three parts follow their own monthly
index: foreign arrivals fell about 83% in 2020 and 99% in 2021, Thai travel dipped with each
lockdown wave, local demand sagged less and fairs stopped; OTOP orders fell 30-50% in 2020. So an entrepreneur's fall follows
its tourist share, foreign buyers weighing most; adopters of online selling win back part of
what they lost. Rows are drawn in fixed blocks, each from its own seed, so a writer can stream
millions of rows in chunks and still get the same numbers.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

import numpy as np

MONTHS = tuple(date(2019 + i // 12, i % 12 + 1, 1) for i in range(36))
CHANNELS = ("shop", "fair", "wholesale", "online", "export")
BLOCK = 2048

_Y2019 = [1.0] * 12
FOREIGN = np.array(_Y2019 + [1.0, 0.55, 0.25] + [0.01] * 9 + [0.005] * 6 + [0.02] * 4 + [0.06, 0.08])
DOMESTIC = np.array(_Y2019 + [0.97, 0.9, 0.55, 0.1, 0.15, 0.4, 0.6, 0.65, 0.65, 0.7, 0.75, 0.65]
                    + [0.4, 0.5, 0.6, 0.35, 0.25, 0.25, 0.15, 0.15, 0.3, 0.45, 0.6, 0.65])
LOCAL = np.array(_Y2019 + [1.0, 1.0, 0.85, 0.65, 0.7, 0.8, 0.82, 0.82, 0.82, 0.82, 0.82, 0.8]
                 + [0.72, 0.75, 0.8, 0.72, 0.68, 0.68, 0.65, 0.65, 0.72, 0.78, 0.82, 0.85])
FAIRS = np.array(_Y2019 + [1.0, 0.9, 0.4, 0.0, 0.0, 0.1, 0.4, 0.5, 0.5, 0.55, 0.6, 0.6]
                 + [0.2, 0.3, 0.5, 0.2, 0.05, 0.05, 0.05, 0.05, 0.2, 0.4, 0.6, 0.7])
EXPORT = np.array(_Y2019 + [1.0, 0.95, 0.8, 0.6, 0.6, 0.65, 0.75, 0.8, 0.8, 0.85, 0.85, 0.85] + [0.85] * 12)
TOURIST_SEASON = np.tile([1.25, 1.2, 1.05, 1.0, 0.8, 0.8, 0.85, 0.85, 0.75, 0.9, 1.15, 1.35], 3)
LOCAL_SEASON = np.tile([1.05, 0.95, 0.95, 1.1, 0.95, 0.9, 0.95, 1.0, 0.95, 1.0, 1.0, 1.2], 3)
TREND = 1 + 0.03 * np.arange(36) / 12
ONLINE_RAMP = np.concatenate([np.zeros(15), np.linspace(0.2, 1.0, 9), np.linspace(1.0, 1.2, 12)])

BASE_MEDIAN = np.array([35_000, 60_000, 18_000, 300_000])
BASE_SIGMA = np.array([0.8, 0.8, 0.8, 0.7])
BASE_RANGE = np.array([[3_000, 800_000], [3_000, 800_000], [3_000, 500_000], [50_000, 5_000_000]])
EXPORTER = np.array([0.03, 0.06, 0.01, 0.4])
ONLINE_ADOPTER = np.array([0.45, 0.5, 0.4, 0.7])
LOCAL_MIX = np.array([[3, 1.5, 2, 0.6, 0.8], [3, 1.5, 2, 0.6, 0.8], [3, 1.5, 2, 0.6, 0.8], [2, 1, 4, 1, 1.5]])


@dataclass
class SalesBlock:
    """Rows of one block: entrepreneur index, month index into MONTHS, whole baht per channel,
    tourist shares in thousandths (so they add to at most 1000)."""

    entrepreneur: np.ndarray
    month: np.ndarray
    amounts: np.ndarray
    thai_share: np.ndarray
    foreign_share: np.ndarray

    def __len__(self) -> int:
        return len(self.entrepreneur)

    @classmethod
    def concat(cls, blocks: list[SalesBlock]) -> SalesBlock:
        return cls(*(np.concatenate([getattr(b, f) for b in blocks]) for f in
                     ("entrepreneur", "month", "amounts", "thai_share", "foreign_share")))


@dataclass
class SalesModel:
    seed: int
    kind: np.ndarray
    base: np.ndarray
    thai: np.ndarray
    foreign: np.ndarray
    mix: np.ndarray
    online_recovery: np.ndarray

    def __len__(self) -> int:
        return len(self.base) * len(MONTHS)

    def blocks(self) -> Iterator[SalesBlock]:
        for number, start in enumerate(range(0, len(self.base), BLOCK)):
            yield self._block(number, slice(start, min(start + BLOCK, len(self.base))))

    def all(self) -> SalesBlock:
        return SalesBlock.concat(list(self.blocks()))

    def _block(self, number: int, rows: slice) -> SalesBlock:
        rng = np.random.default_rng([self.seed, 36, number])
        m = rows.stop - rows.start
        base = self.base[rows, None] * TREND
        thai = base * self.thai[rows, None] * TOURIST_SEASON * DOMESTIC
        foreign = base * self.foreign[rows, None] * TOURIST_SEASON * FOREIGN
        tourist_usual = base * (self.thai[rows] + self.foreign[rows])[:, None] * TOURIST_SEASON
        local_usual = base * (1 - self.thai[rows] - self.foreign[rows])[:, None] * LOCAL_SEASON
        index = np.stack([LOCAL, FAIRS, LOCAL, LOCAL, EXPORT], axis=1)
        channels = local_usual[:, :, None] * self.mix[rows, None, :] * index[None, :, :]
        channels[:, :, 0] += thai + foreign
        lost = np.maximum(tourist_usual + local_usual - channels.sum(axis=2), 0)
        channels[:, :, 3] += self.online_recovery[rows, None] * lost * ONLINE_RAMP
        total = channels.sum(axis=2)
        noise = np.exp(rng.normal(0, 0.15, size=(m, 36, 1)) + rng.normal(0, 0.08, size=(m, 36, 5)))
        return SalesBlock(
            entrepreneur=np.repeat(np.arange(rows.start, rows.stop), 36),
            month=np.tile(np.arange(36), m),
            amounts=np.rint(channels * noise).astype(np.int64).reshape(-1, 5),
            thai_share=np.floor(thai / total * 1000).astype(np.int64).ravel(),
            foreign_share=np.floor(foreign / total * 1000).astype(np.int64).ravel(),
        )


def sales_model(kind: np.ndarray, exposure: np.ndarray, seed: int, rng: np.random.Generator) -> SalesModel:
    """Per-entrepreneur parameters; `kind` indexes (community_group, community_enterprise, individual, sme)."""
    n = len(kind)
    lo, hi = BASE_RANGE[kind, 0], BASE_RANGE[kind, 1]
    base = np.clip(BASE_MEDIAN[kind] * np.exp(rng.normal(0, BASE_SIGMA[kind])), lo, hi)
    tourist = _beta(rng, 0.10 + 0.60 * exposure, 5.0)
    foreign_part = _beta(rng, 0.05 + 0.75 * exposure, 4.0)
    mix = rng.gamma(LOCAL_MIX[kind])
    mix[:, 4] *= rng.random(n) < EXPORTER[kind]
    mix /= mix.sum(axis=1, keepdims=True)
    recovery = (rng.random(n) < ONLINE_ADOPTER[kind]) * rng.uniform(0.1, 0.4, size=n)
    return SalesModel(seed, kind, base, tourist * (1 - foreign_part), tourist * foreign_part, mix, recovery)


def _beta(rng: np.random.Generator, mean: np.ndarray, concentration: float) -> np.ndarray:
    mean = np.clip(mean, 0.01, 0.99)
    return rng.beta(mean * concentration, (1 - mean) * concentration)
