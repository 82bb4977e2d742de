"""Mechanism 2: what open weights feed back.

Developers download the released families and fine-tune some (``sim.developers``): each
month a family gains new derivatives, which add to the family's ecosystem value (a term of
adopters' utility, see ``sim.market``) and to its lab's algorithmic efficiency (community
feedback, here). Any lab can learn from (distil) the best open model ahead of it, closing
part of the gap each month.
"""

from __future__ import annotations

import math

from sim.config import OpennessConfig


def community_gain(derivatives: float, cfg: OpennessConfig) -> float:
    """log10 efficiency a lab gains from this month's derivatives of its family."""
    return cfg.community_feedback * math.log1p(derivatives)


def distillation_gain(capability: float, best_open: float, eci_per_decade: float, cfg: OpennessConfig) -> float:
    """log10 efficiency gained by learning from an open model ``best_open`` ahead of us."""
    gap = best_open - capability
    return cfg.distillation * gap / eci_per_decade if gap > 0 else 0.0  # False for NaN
