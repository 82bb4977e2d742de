"""The choice kernel reproduces multinomial-logit shares (McFadden 1974), including IIA.

With i.i.d. standard Gumbel noise, the share choosing option i is exp(V_i) / sum_j exp(V_j),
and the ratio of two options' shares does not depend on a third (independence of
irrelevant alternatives). Sampling tolerances: four binomial standard errors for a share,
four standard errors of a log ratio of counts, sqrt(1/n_a + 1/n_b), for a ratio.
"""

from __future__ import annotations

import numpy as np

from sim import market
from sim.config import AdoptionConfig
from sim.market import Adopters, Options
from sim.vocabulary import API
from sim.world import World

N = 40_000
TASTES = AdoptionConfig(outside=-2.0)  # using no model is rare, so the models' shares are large


def identical_adopters(n_labs: int) -> Adopters:
    ones = np.ones(N)
    return Adopters(
        region=np.zeros(N, int), budget=500 * ones, volume=20 * ones, compute=4 * ones,
        sovereignty=0.5 * ones, trust=0.5 * ones, alignment=0.2 * ones, switching=0 * ones, need=120 * ones,
        is_government=np.zeros(N, bool), choice=np.full(N, -1), aware=np.ones((N, n_labs), bool),
    )


def three_labs() -> Options:
    """Three labs' API options (self-hosting unavailable), differing in every attribute."""
    o = 6
    api = World.mode_of(np.arange(o)) == API
    return Options(
        capability=np.array([140.0, 0, 130.0, 0, 125.0, 0]),
        unit_price=np.array([[20.0, 0, 2.0, 0, 0.5, 0]]),
        fixed_cost=np.zeros(o), requirement=np.zeros(o),
        available=api[None, :].copy(),
        sovereignty=np.array([0.0, 0, 0.2, 0, 0.2, 0]), risk=np.array([0.1, 0, 0.6, 0, 0.1, 0]),
        position=np.array([-1.0, 0, 1.0, 0, -0.5, 0]), ecosystem=np.array([0.0, 0, 0.4, 0, 0.1, 0]),
        procurement=np.zeros((1, o)),
    )


def simulate(options: Options, seed: int) -> np.ndarray:
    adopters = identical_adopters(3)
    rng = np.random.default_rng(seed)
    gumbel = rng.gumbel(size=(N, options.size + 1))
    chosen = market.choose(options, adopters, np.zeros((N, 3)), TASTES, np.ones(N, bool), gumbel)
    return np.bincount(chosen + 1, minlength=options.size + 1)


def test_shares_are_logit_shares():
    options = three_labs()
    counts = simulate(options, seed=1)
    v = market.utilities(options, identical_adopters(3), np.zeros((N, 3)), TASTES, rows=slice(0, 1))
    expected = market.logit_shares(v, TASTES.outside)[0]
    observed = counts / N
    assert np.all(np.abs(observed - expected) <= 4 * np.sqrt(expected * (1 - expected) / N) + 1e-12)


def test_removing_a_third_option_leaves_the_ratio_of_two_unchanged():
    options = three_labs()
    with_third = simulate(options, seed=2)
    available = options.available.copy()
    available[0, 4] = False  # lab 2's API disappears
    without_third = simulate(Options(**{**options.__dict__, "available": available}), seed=3)
    a, b = 1, 3  # count columns of lab 0's and lab 1's APIs ("none" is column 0)
    ratio_with = np.log(with_third[a] / with_third[b])
    ratio_without = np.log(without_third[a] / without_third[b])
    tolerance = 4 * np.sqrt(1 / with_third[a] + 1 / with_third[b] + 1 / without_third[a] + 1 / without_third[b])
    assert abs(ratio_with - ratio_without) <= tolerance
    assert with_third[5] > 0.1 * N and without_third[5] == 0, "the third option mattered, then vanished"
    assert without_third[a] > with_third[a] and without_third[b] > with_third[b]
