"""Increasing returns and lock-in (W. B. Arthur 1989), scenario ``validation_lock_in``.

Two identical models and two kinds of adopters with opposite natural preferences. When
the value of a model grows with its installed base (the peer term of utility) and most
adopters use a model, most runs lock in to one model and which one depends on the seed;
with no such returns the split stays near its natural ratio, the logit share implied by
the preferences. At the baseline's outside option and peer weight the installed base is
too small for its returns to tip the market: it does not lock in.

Why: the peer utility gap between the models is peers * a * (x_us - x_cn), with a the
share of adopters using a model and x the models' shares among users; the even split
turns unstable once the slope of that gap, 2 peers a, outweighs the logit's flattening,
and the natural preferences (a gap of 1 util each way) raise the bar further. At the
baseline (peers 2, outside 5.79) a is about 0.14, so 2 peers a is about 0.6; with the
outside at 3.5 and peers at 6, a is above 0.9 and 2 peers a above 10.
"""

from __future__ import annotations

import math

import numpy as np

import sim
from sim.config import AdoptionConfig

SEEDS = range(16)
BASELINE = AdoptionConfig()


def final_world(overrides: list[str], seed: int, adopters: int = 400) -> tuple[float, float]:
    """(share of users on the US model, share of adopters using a model) at the end."""
    cfg = sim.compose("validation_lock_in", [*overrides, f"population.adopters={adopters}"])
    world = sim.run(cfg, seed=seed).markets.query("region == 'world'")
    return float(world["share_us"].iloc[-1]), float(world["adopting"].iloc[-1])


def locked(shares: np.ndarray) -> np.ndarray:
    return (shares > 0.9) | (shares < 0.1)


def test_strong_returns_on_a_large_installed_base_lock_in_and_seeds_pick_different_winners():
    shares = np.array([final_world([], seed)[0] for seed in SEEDS])
    assert locked(shares).mean() >= 0.75, shares
    assert (shares > 0.5).any() and (shares < 0.5).any(), f"one winner only: {shares}"


def test_at_the_baseline_outside_option_and_peer_weight_the_market_does_not_lock_in():
    ordinary = [f"adoption.outside={BASELINE.outside}", f"adoption.peers={BASELINE.peers}"]
    results = np.array([final_world(ordinary, seed) for seed in SEEDS])
    shares, adopting = results[:, 0], results[:, 1]
    assert adopting.mean() < 0.3, "the installed base stays small at the baseline's outside option"
    assert not locked(shares).any(), shares


def test_without_returns_the_split_stays_near_its_natural_ratio():
    """Natural ratio: the logit share of the US model given each kind's preference (the
    outside option drops out of the ratio of two models' shares, by IIA)."""
    cfg = sim.compose("validation_lock_in", ["adoption.peers=0"])
    prefers_us = 1 / (1 + math.exp(-2 * 0.5 * cfg.adoption.alignment))  # utility gap: 2 x 0.5 x weight (= 0.73)
    us_kind = sum(r.weight for r in cfg.regions.values() if r.alignment < 0) / sum(r.weight for r in cfg.regions.values())
    natural = us_kind * prefers_us + (1 - us_kind) * (1 - prefers_us)
    results = np.array([final_world(["adoption.peers=0"], seed, adopters=1000) for seed in range(6)])
    # about 500 users: a share's standard error is about sqrt(0.25/500) = 0.022; allow 4 of them
    assert np.all(results[:, 1] > 0.4), results
    assert np.all(np.abs(results[:, 0] - natural) < 0.1), (results, natural)
