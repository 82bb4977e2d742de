"""Mechanism 2: what open weights feed back.

Developers download the released families and fine-tune some (``sim.developers``): each
month a family gains new derivatives, which add to the family's ecosystem value (a term of
adopters' utility, see ``sim.market``) and to its lab's algorithmic efficiency (community
feedback, here). Any lab can learn from (distil) the best open model ahead of it, closing
part of the gap each month; what it distils lifts its models up to the weights it learns
from, never past them, and adds nothing to the efficiency its own compute works with: a
student trained on a teacher's outputs matches the teacher at best, and going beyond takes
the lab's own compute and research.
"""

from __future__ import annotations

import math

from sim.config import OpennessConfig


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
