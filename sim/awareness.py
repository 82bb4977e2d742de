"""Awareness of models (part of mechanism 4): promotion and word of mouth.

An adopter unaware of a lab's models learns of them this month with probability
``1 - (1 - p)(1 - q s)``, where ``p`` is the promotion reaching its region (the lab's own
marketing, cloud vendors hosting the model there, a government promoting its bloc's models
abroad) and ``s`` the share of its peers using the lab's models, weighted by the
word-of-mouth rate ``q``. On a fully mixed network this is the Bass (1969) hazard p + qF.
"""

from __future__ import annotations

import numpy as np


def spread(
    aware: np.ndarray, region: np.ndarray, promotion: np.ndarray, peer_share: np.ndarray,
    word_of_mouth: float, uniform: np.ndarray,
) -> np.ndarray:
    """Adopters newly aware of each lab (bool, adopters x labs).

    ``promotion`` is (regions x labs); ``uniform`` holds one U(0,1) draw per adopter and lab.
    The arrays are (adopters x labs): each step of the formula is computed in place.
    """
    missed = (1.0 - promotion)[region]  # promotion does not reach the adopter
    unheard = np.multiply(word_of_mouth, peer_share)
    np.subtract(1.0, unheard, out=unheard)  # nor does word of mouth
    missed *= unheard
    chance = np.subtract(1.0, missed, out=missed)
    newly = np.less(uniform, chance)
    newly &= ~aware
    return newly


def shock(aware: np.ndarray, in_scope: np.ndarray, lab: int, share: float, uniform: np.ndarray) -> np.ndarray:
    """Adopters made aware of ``lab`` at once by a shock (a launch, a distribution deal).

    ``share`` of the unaware adopters in scope learn of it; returns who is newly aware.
    """
    newly = in_scope & ~aware[:, lab] & (uniform < share)
    aware[newly, lab] = True
    return newly
