"""Mechanism 2: what open weights feed back.

Adopters who self-host a family fine-tune it: each month a family gains new derivatives
(Poisson, in proportion to its self-hosting adopters and its licence's openness). The
derivatives add to the family's ecosystem value (a term of adopters' utility, see
``sim.market``) and to its lab's algorithmic efficiency (community feedback). Any lab can
learn from (distil) the best open model ahead of it, closing part of the gap each month.
Downloads are a proxy: self-hosting adopters and the pull of new derivatives.
"""

from __future__ import annotations

import math

import numpy as np

from sim.config import OpennessConfig


def new_derivatives(
    self_hosters: np.ndarray, licence: np.ndarray, represents: float, cfg: OpennessConfig,
    rng: np.random.Generator,
) -> np.ndarray:
    """New fine-tunes per family this month (real units; ``represents`` scales adopters)."""
    return rng.poisson(cfg.derivatives_per_user * self_hosters * represents * licence).astype(float)


def downloads(self_hosters: np.ndarray, derivatives: np.ndarray, represents: float, cfg: OpennessConfig):
    """Monthly downloads per family (proxy, in real units)."""
    return cfg.downloads_per_user * self_hosters * represents + cfg.downloads_per_derivative * derivatives


def community_gain(derivatives: float, cfg: OpennessConfig) -> float:
    """log10 efficiency a lab gains from this month's derivatives of its family."""
    return cfg.community_feedback * math.log1p(derivatives)


def distillation_gain(capability: float, best_open: float, eci_per_decade: float, cfg: OpennessConfig) -> float:
    """log10 efficiency gained by learning from an open model ``best_open`` ahead of us."""
    gap = best_open - capability
    return cfg.distillation * gap / eci_per_decade if gap > 0 else 0.0  # False for NaN
