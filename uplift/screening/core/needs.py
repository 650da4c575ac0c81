"""Needs diagnosis: how much each entrepreneur stands to gain from each activity, in [0, 1].

Five self-assessment answers (or their registry-derived defaults) drive the need for each
of the seven activities, matched by the activity's code:

- ``online_presence`` 0–3 (none … strong online sales): *global* (e-commerce to world
  markets) helps most those already selling online, ``0.4 + 0.6·p/3``; *digital* (basic
  digital presentation) helps most those not yet online, ``1 − 0.8·p/3``.
- ``has_successor``: *successor* gives 1.0 with a successor, 0.2 without.
- ``max_star_rating`` 0–5 (0 = unrated): *identity* (products and packaging) ``0.5 + 0.1·s``.
- ``standards_held`` (count): *standards* gives 1.0 with none held, 0.6 with one, 0.3 with more.
- ``production_problems`` 0–3: *lean* ``0.3 + 0.7·q/3``.
- ``environmental_practice`` 0–3 (none … established): *sustainable* ``1 − 0.7·e/3``.

Any other code gets the neutral 0.5. Missing answers (NaN) take the neutral midpoint 1.5
of the 0–3 scales. The function is pure and elementwise per entrepreneur.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

ACTIVITY_CODES = ("global", "digital", "successor", "identity", "standards", "lean", "sustainable")


@dataclass(frozen=True)
class NeedsAnswers:
    online_presence: np.ndarray
    has_successor: np.ndarray
    max_star_rating: np.ndarray
    standards_held: np.ndarray
    production_problems: np.ndarray
    environmental_practice: np.ndarray


def _scale(values, default: float = 1.5) -> np.ndarray:
    array = np.asarray(values, dtype=float)
    return np.clip(np.where(np.isnan(array), default, array), 0.0, 3.0)


def activity_need(answers: NeedsAnswers, codes: list[str] | tuple[str, ...]) -> np.ndarray:
    """(N, A) need in [0, 1] for activities with the given codes, in that order."""
    online = _scale(answers.online_presence)
    problems = _scale(answers.production_problems)
    environment = _scale(answers.environmental_practice)
    successor = np.asarray(answers.has_successor, dtype=bool)
    stars = np.clip(np.nan_to_num(np.asarray(answers.max_star_rating, dtype=float)), 0, 5)
    held = np.nan_to_num(np.asarray(answers.standards_held, dtype=float))
    formulas = {
        "global": lambda: 0.4 + 0.6 * online / 3,
        "digital": lambda: 1.0 - 0.8 * online / 3,
        "successor": lambda: np.where(successor, 1.0, 0.2),
        "identity": lambda: 0.5 + 0.1 * stars,
        "standards": lambda: np.select([held <= 0, held <= 1], [1.0, 0.6], 0.3),
        "lean": lambda: 0.3 + 0.7 * problems / 3,
        "sustainable": lambda: 1.0 - 0.7 * environment / 3,
    }
    n = online.shape[0]
    columns = [np.broadcast_to(formulas[c](), (n,)) if c in formulas else np.full(n, 0.5) for c in codes]
    return np.clip(np.stack(columns, axis=1), 0.0, 1.0) if columns else np.zeros((n, 0))
