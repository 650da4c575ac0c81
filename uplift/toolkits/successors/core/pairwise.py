"""Bradley–Terry ranking of pitches from pairwise comparisons (winner, loser), via `choix`."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from .judging import JudgingSettings, competition_ranks, load_judging_settings


@dataclass(frozen=True)
class PairwiseStrength:
    item: str
    strength: float
    rank: int


def bradley_terry(comparisons: Sequence[tuple[str, str]], *, alpha: float | None = None,
                  settings: JudgingSettings | None = None) -> list[PairwiseStrength]:
    """Log-strengths (mean zero) by `choix.ilsr_pairwise`, strongest first.

    `alpha` regularises (default from `data/judging_v1.json`) so that an item that never lost
    or never won keeps a finite strength.
    """
    import choix

    settings = settings or load_judging_settings()
    if not comparisons:
        raise ValueError("ไม่มีผลการเปรียบเทียบ (no comparisons)")
    if any(winner == loser for winner, loser in comparisons):
        raise ValueError("ผลงานเปรียบเทียบกับตัวเองไม่ได้ (an item compared with itself)")
    items = tuple(dict.fromkeys(i for pair in comparisons for i in pair))
    index = {item: i for i, item in enumerate(items)}
    params = choix.ilsr_pairwise(len(items), [(index[w], index[l]) for w, l in comparisons],
                                 alpha=settings.bradley_terry_alpha if alpha is None else alpha)
    ranks = competition_ranks(np.asarray(params), settings.tie_tolerance)
    return sorted((PairwiseStrength(item, float(params[i]), int(ranks[i])) for i, item in enumerate(items)),
                  key=lambda s: (s.rank, s.item))
