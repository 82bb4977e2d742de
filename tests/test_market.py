"""The adoption kernel: vectorised and reference rules agree; price response; usability.

Logit shares and IIA are validated in tests/validation/test_logit.py."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from sim import market
from sim.config import AdoptionConfig
from sim.market import Adopters, Options
from sim.vocabulary import API, SELF_HOST
from sim.world import N_MODES, World
from tests.conftest import small_config

import sim


def random_market(seed: int, n: int = 200, n_labs: int = 4, n_regions: int = 3):
    """A random but well-formed market: options, adopters, peer shares."""
    rng = np.random.default_rng(seed)
    o = N_MODES * n_labs
    mode = World.mode_of(np.arange(o))
    options = Options(
        capability=rng.uniform(90, 150, o),
        unit_price=rng.uniform(0.1, 30, (n_regions, o)) * (mode == API),
        fixed_cost=rng.uniform(0, 300, o) * (mode == SELF_HOST),
        requirement=rng.uniform(0, 2, o) * (mode == SELF_HOST),
        available=rng.random((n_regions, o)) < 0.8,
        sovereignty=rng.random(o),
        risk=rng.random(o),
        position=rng.uniform(-1, 1, o),
        ecosystem=rng.random(o),
        procurement=rng.random((n_regions, o)),
    )
    adopters = Adopters(
        region=rng.integers(0, n_regions, n),
        budget=rng.lognormal(5, 1, n),
        volume=rng.lognormal(3, 1, n),
        compute=rng.exponential(1.0, n),
        sovereignty=rng.random(n),
        trust=rng.random(n),
        alignment=rng.uniform(-1, 1, n),
        switching=rng.exponential(1.0, n),
        is_government=rng.random(n) < 0.1,
        choice=rng.integers(-1, o, n),
        aware=rng.random((n, n_labs)) < 0.7,
    )
    peers = rng.dirichlet(np.ones(n_labs + 1), n)[:, :n_labs]
    revising = rng.random(n) < 0.6
    gumbel = rng.gumbel(size=(int(revising.sum()), o + 1))
    return options, adopters, peers, revising, gumbel


@settings(max_examples=30, deadline=None)
@given(seed=st.integers(0, 2**32 - 1))
def test_vectorised_kernel_equals_reference_on_random_markets(seed):
    options, adopters, peers, revising, gumbel = random_market(seed)
    w = AdoptionConfig()
    fast = market.choose(options, adopters, peers, w, revising, gumbel)
    slow = market.choose_reference(options, adopters, peers, w, revising, gumbel)
    np.testing.assert_array_equal(fast, slow)
    assert np.all(fast[~revising] == adopters.choice[~revising]), "non-revising adopters keep their choice"


def test_vectorised_kernel_equals_reference_on_the_model_state():
    model = sim.EcosystemModel(small_config(adopters=500))
    model.run_for(48)  # to 2025-12: many labs, open and closed, several channels
    view = model.adopter_view()
    revising = np.ones(model.population.size, dtype=bool)
    gumbel = model.rng.gumbel(size=(revising.size, model.options.size + 1))
    args = (model.options, view, model.peer_share, model.cfg.adoption, revising, gumbel)
    fast, slow = market.choose(*args), market.choose_reference(*args)
    np.testing.assert_array_equal(fast, slow)
    assert (fast >= 0).mean() > 0.2, "the comparison covers real adoptions, not only 'none'"


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), option=st.integers(0, 7), rise=st.floats(1.01, 100.0))
def test_raising_only_one_price_never_raises_its_share(seed, option, rise):
    """Same draws, one option dearer: no adopter moves to it, so its share cannot rise."""
    options, adopters, peers, revising, gumbel = random_market(seed)
    w = AdoptionConfig()
    before = market.choose(options, adopters, peers, w, revising, gumbel)
    dearer = options.unit_price.copy()
    dearer[:, option] *= rise
    fixed = options.fixed_cost.copy()
    fixed[option] = fixed[option] * rise + 1.0
    after = market.choose(
        Options(**{**options.__dict__, "unit_price": dearer, "fixed_cost": fixed}),
        adopters, peers, w, revising, gumbel,
    )
    assert np.all(before[after == option] == option)
    assert (after == option).sum() <= (before == option).sum()


def test_unusable_options_are_never_chosen():
    options, adopters, peers, revising, gumbel = random_market(3)
    chosen = market.choose(options, adopters, peers, AdoptionConfig(), revising, gumbel)
    rows = np.flatnonzero(revising & (chosen >= 0))
    c = chosen[rows]
    assert np.all(options.available[adopters.region[rows], c])
    assert np.all(adopters.aware[rows, World.lab_of(c)])
    assert np.all(adopters.compute[rows] >= options.requirement[c])
