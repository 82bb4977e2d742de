"""Increasing returns and lock-in (W. B. Arthur 1989).

Two identical models and two kinds of adopters with opposite natural preferences. When
the value of a model grows with its installed base (the peer term of utility), most runs
lock in to one model and which one depends on the seed; with no such returns the split
stays near its natural ratio, the logit share implied by the preferences.
"""

from __future__ import annotations

import math

import numpy as np

import sim

SEEDS = range(16)


def final_us_share(peers: float, seed: int) -> float:
    cfg = sim.compose("validation_lock_in", [f"adoption.peers={peers}", "population.adopters=400"])
    markets = sim.run(cfg, seed=seed).markets
    world = markets[markets.region == "world"]
    return float(world["share_us"].iloc[-1])


def test_strong_returns_lock_in_to_one_model_and_seeds_pick_different_winners():
    shares = np.array([final_us_share(8.0, seed) for seed in SEEDS])
    locked = (shares > 0.9) | (shares < 0.1)
    assert locked.mean() >= 0.75, shares
    assert (shares > 0.5).any() and (shares < 0.5).any(), f"one winner only: {shares}"


def test_without_returns_the_split_stays_near_its_natural_ratio():
    """Natural ratio: the logit share of the US model given each kind's preference."""
    cfg = sim.compose("validation_lock_in", ["adoption.peers=0", "population.adopters=400"])
    model = sim.EcosystemModel(cfg)
    alignment = model.cfg.adoption.alignment
    prefers_us = 1 / (1 + math.exp(-2 * 0.5 * alignment))  # utility gap: 2 x 0.5 x weight (= 0.73)
    us_kind = sum(r.weight for r in cfg.regions.values() if r.alignment < 0) / sum(r.weight for r in cfg.regions.values())
    natural = us_kind * prefers_us + (1 - us_kind) * (1 - prefers_us)
    shares = np.array([final_us_share(0.0, seed) for seed in range(6)])
    # 400 adopters: a share's standard error is about sqrt(0.25/400) = 0.025; allow 4 of them
    assert np.all(np.abs(shares - natural) < 0.1), (shares, natural)
