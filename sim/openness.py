"""Mechanism 2: what open weights feed back.

Developers download the released families and fine-tune some (``sim.developers``): each
month a family gains new derivatives, which add to its lab's algorithmic efficiency
(community feedback, here) and to the family's ecosystem: its share of the field's recent
derivatives, each weighed by a half-life (a term of adopters' and developers' utility, see
``sim.market``). A share, not a count: what draws a developer or an adopter to a family is
the tooling, adapters and answers its recent fine-tunes leave, against other families', so
the term stays bounded as the field grows and fades when a family stops being fine-tuned.
Any lab can learn from (distil) the best open model ahead of it, closing part of the gap
each month; what it distils lifts its models up to the weights it learns
from, never past them, and adds nothing to the efficiency its own compute works with: a
student trained on a teacher's outputs matches the teacher at best, and going beyond takes
the lab's own compute and research.
"""

from __future__ import annotations

import math

import numpy as np

from sim.config import OpennessConfig


def recent_derivatives(
    recent: float | np.ndarray, new: float | np.ndarray, cfg: OpennessConfig
) -> float | np.ndarray:
    """Each family's derivatives weighed by age, after this month's ``new`` ones: last
    month's weight ``recent`` halves every ``ecosystem_half_life`` months (fine-tunes)."""
    return recent * 0.5 ** (1.0 / cfg.ecosystem_half_life) + new


def ecosystem_shares(recent: np.ndarray) -> np.ndarray:
    """Each family's share (0-1) of the field's recent derivatives; all 0 before any."""
    total = recent.sum()
    return recent / total if total > 0 else np.zeros_like(recent)


def community_gain(derivatives: float, cfg: OpennessConfig) -> float:
    """log10 efficiency a lab gains from this month's derivatives of its family."""
    return cfg.community_feedback * math.log1p(derivatives)


def distilled_capability(capability: float, distilled: float, best_open: float, cfg: OpennessConfig) -> float:
    """Capability (ECI points) a lab at ``capability`` has reached by distilling open
    weights, ``distilled`` so far: learning from the best downloadable weights ``best_open``
    closes the share ``distillation`` of the gap, so it stays below them; weights behind,
    equal or absent (NaN) teach nothing and leave what was distilled."""
    gap = best_open - capability
    return capability + cfg.distillation * gap if gap > 0 else distilled  # False for NaN
