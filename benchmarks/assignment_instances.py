"""Synthetic national assignment rounds shared by the assignment benchmarks.

The pilot (×1): 1,830 places over 7 activities, ~1,100 to select, quotas per regional
centre. The national expansion (×10): ten times the places, ~11,000 to select, quotas per
centre (11), per province (77), or both. Provinces are nested in the 11 centres with the
counts of ``uplift/geo/data/regional_centres.csv`` (read directly: no Django here).
"""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np

from uplift.screening.core import AssignmentProblem

ACTIVITIES = 7
PLACES = np.array([150, 400, 300, 200, 250, 180, 350])
COST = np.array([18_000, 12_000, 35_000, 45_000, 60_000, 30_000, 25_000], dtype=float)
ELIGIBLE_SHARE = np.array([0.9, 0.8, 0.25, 0.17, 0.6, 0.5, 0.7])
CENTRES_CSV = Path(__file__).resolve().parent.parent / "uplift" / "geo" / "data" / "regional_centres.csv"


def provinces_per_centre() -> list[int]:
    with CENTRES_CSV.open(encoding="utf-8") as handle:
        return [len(row["provinces"].split("|")) for row in csv.DictReader(handle)]


def _quotas(target: int, share: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    return np.floor(0.6 * target * share).astype(int), np.ceil(1.15 * target * share).astype(int)


def national_instance(n: int = 100_000, seed: int = 7, *, scale: int = 1, quotas: str = "centre") -> AssignmentProblem:
    """A synthetic national round: the budget pays ~70% of all places, m = 2.

    ``scale`` multiplies the places and the number to select; ``quotas`` is ``centre``,
    ``province`` or ``both`` (centre quotas as ``group``, province quotas as ``group2``).
    The random draws for ``scale=1, quotas="centre"`` are the original benchmark's.
    """
    per_centre = provinces_per_centre()
    centres = len(per_centre)
    rng = np.random.default_rng(seed)
    share = rng.dirichlet(np.full(centres, 4.0))
    group = rng.choice(centres, size=n, p=share)
    impact = rng.beta(2.0, 3.0, size=n)
    fit = rng.beta(2.0, 2.0, size=(n, ACTIVITIES))
    eligible = rng.random((n, ACTIVITIES)) < ELIGIBLE_SHARE
    benefit = np.round(impact[:, None] * fit * 1000.0, 1)
    benefit[~eligible] = np.nan
    target = 1_100 * scale
    places = PLACES * scale
    extra: dict = {}
    centre_min, centre_max = _quotas(target, share)
    if quotas != "centre":
        sub = np.random.default_rng(seed + 1)
        first = np.concatenate([[0], np.cumsum(per_centre)[:-1]])
        within = np.zeros(group.size, dtype=np.int64)
        province_share = np.zeros(sum(per_centre))
        for c, k in enumerate(per_centre):
            split = sub.dirichlet(np.full(k, 3.0))
            province_share[first[c]:first[c] + k] = share[c] * split
            members = group == c
            within[members] = sub.choice(k, size=int(members.sum()), p=split)
        province = first[group] + within
        province_min, province_max = _quotas(target, province_share)
        if quotas == "province":
            group, centre_min, centre_max = province, province_min, province_max
        elif quotas == "both":
            extra = dict(group2=province, quota2_min=province_min, quota2_max=province_max)
        else:
            raise ValueError(f"unknown quota level {quotas!r}")
    return AssignmentProblem(
        benefit=benefit, capacity=places, cost=COST,
        budget=0.7 * float(places @ COST), max_per_entrepreneur=2,
        group=group, quota_min=centre_min, quota_max=centre_max, selected_min=1_000 * scale, **extra,
    )
