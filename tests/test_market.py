"""The adoption kernel: vectorised and reference rules agree; price response; usability.

Logit shares and IIA are validated in tests/validation/test_logit.py."""

from __future__ import annotations

import dataclasses
import math

import numpy as np
import pytest
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
        need=rng.normal(130, 15, n),
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


@settings(max_examples=30, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), aware_share=st.sampled_from([0.05, 0.3, 1.0]))
def test_utilities_of_some_adopters_equal_their_rows_of_everyones_to_the_bit(seed, aware_share):
    """Only usable pairs are computed, the taste product over the adopters that have one: an
    adopter's utilities do not depend on which others are computed with it (the forecasts
    and the month's choices compute some rows), not even in the last bit, in any call over
    more than one adopter (a product over a single row may round otherwise)."""
    options, adopters, peers, _, _ = random_market(seed)
    rng = np.random.default_rng(seed)
    adopters = dataclasses.replace(adopters, aware=adopters.aware & (rng.random(adopters.aware.shape) < aware_share))
    w = AdoptionConfig()
    everyone = market.utilities(options, adopters, peers, w)
    for size in (2, 3, 5, 40):
        rows = np.sort(rng.choice(adopters.region.size, size, replace=False))
        some = market.utilities(options, adopters, peers, w, rows=rows)
        np.testing.assert_array_equal(some.view(np.int64), everyone[rows].view(np.int64))


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


# ------------------------------------------------------------------ needs

def test_served_is_half_at_the_need_and_saturates_either_side():
    """Hand values of 1 / (1 + exp(-(capability - need) / width)), width 3 ECI points."""
    assert market.served(135.0, 135.0, 3.0) == 0.5
    assert market.served(138.0, 135.0, 3.0) == np.float64(0.7310585786300049)  # 1 / (1 + e^-1)
    assert market.served(105.0, 135.0, 3.0) == np.float64(4.5397868702434395e-05)  # 1 / (1 + e^10)
    assert market.served(1000.0, 135.0, 3.0) == 1.0


def one_free_model(capability: float, need: float) -> tuple[Options, Adopters]:
    """One lab's API at zero price and no risk, sovereignty or alignment; one adopter."""
    o = N_MODES
    api = World.mode_of(np.arange(o)) == API
    zeros = np.zeros(o)
    options = Options(
        capability=np.full(o, capability), unit_price=np.zeros((1, o)), fixed_cost=zeros, requirement=zeros,
        available=api[None, :].copy(), sovereignty=zeros, risk=zeros, position=zeros, ecosystem=zeros,
        procurement=np.zeros((1, o)),
    )
    one = np.ones(1)
    adopters = Adopters(
        region=np.zeros(1, int), budget=500 * one, volume=20 * one, compute=0 * one, sovereignty=0 * one,
        trust=0 * one, alignment=0 * one, switching=0 * one, need=need * one, is_government=np.zeros(1, bool),
        choice=np.full(1, -1), aware=np.ones((1, 1), bool),
    )
    return options, adopters


def adoption_chance(options: Options, adopters: Adopters, w: AdoptionConfig) -> np.ndarray:
    v = market.utilities(options, adopters, np.zeros(adopters.aware.shape), w)
    return 1 - market.logit_shares(v, w.outside)[:, 0]


def test_however_capable_a_model_adoption_stays_below_its_full_service_ceiling():
    """P(adopt) = 1 / (1 + exp(outside - b_cap served)): at the need served = 1/2, far above
    it served = 1, so the chance rises to 1 / (1 + exp(5.79 - 4.0)) = 0.1431 and no further
    (the capability term linear in capability would take it to 1)."""
    w = AdoptionConfig(outside=5.79, capability=4.0)
    at_need = adoption_chance(*one_free_model(135.0, 135.0), w)[0]
    assert at_need == pytest.approx(1 / (1 + np.exp(5.79 - 2.0)), rel=1e-12)
    ceiling = 1 / (1 + np.exp(5.79 - 4.0))
    assert round(ceiling, 4) == 0.1431
    for capability in (170.0, 300.0, 10_000.0):
        assert adoption_chance(*one_free_model(capability, 135.0), w)[0] <= ceiling + 1e-12
    assert adoption_chance(*one_free_model(10_000.0, 135.0), w)[0] == pytest.approx(ceiling, rel=1e-12)


def aware_of_all(model) -> Adopters:
    view = model.adopter_view()
    return Adopters(**{**view.__dict__, "aware": np.ones_like(view.aware)})


def test_the_ceiling_falls_as_needs_rise_and_the_served_pool_grows_with_capability():
    """On the model's 2025-12 options, everyone aware: shifting every need up by 10 ECI
    points lowers the expected share adopting; raising every capability by 30 points
    raises it, and raises the share of adopters whose best usable model meets their need."""
    model = sim.EcosystemModel(small_config(adopters=500))
    model.run_for(48)
    w, adopters = model.cfg.adoption, aware_of_all(model)
    harder = Adopters(**{**adopters.__dict__, "need": adopters.need + 10.0})
    better = Options(**{**model.options.__dict__, "capability": model.options.capability + 30.0})
    now = adoption_chance(model.options, adopters, w).mean()
    assert adoption_chance(model.options, harder, w).mean() < now - 0.02
    assert adoption_chance(better, adopters, w).mean() > now + 0.02

    def served_pool(options: Options) -> float:
        v = market.utilities(options, adopters, np.zeros(adopters.aware.shape), w)
        best = np.where(np.isfinite(v), options.capability, -np.inf).max(axis=1)
        return float((best >= adopters.need).mean())

    assert 0.1 < served_pool(model.options) < served_pool(better) <= 1.0


def test_needs_are_drawn_once_from_the_configured_distribution():
    cfg = small_config(adopters=4000)
    cfg.adoption.need_mean, cfg.adoption.need_sd = 140.0, 5.0
    need = sim.EcosystemModel(cfg).population.need
    assert abs(need.mean() - 140.0) < 4 * 5.0 / np.sqrt(need.size)
    assert abs(need.std() - 5.0) < 0.25


@settings(max_examples=200, deadline=None)
@given(
    price=st.floats(1e-12, 1e300), volume=st.floats(0.0, 1e6), budget=st.floats(1e-3, 1e6),
    elasticity=st.floats(0.0, 2.0),
)
def test_adopters_buy_what_they_want_at_the_price_or_what_their_budget_affords(price, volume, budget, elasticity):
    """Nobody spends beyond its budget, buys more than it wants at the price, or less than it
    can afford; a lower price never buys fewer tokens (prices stay positive: sim.pricing)."""
    w = AdoptionConfig(price_elasticity=elasticity, reference_price=10.0)

    def bought_at(p: float) -> float:
        return float(market.tokens_bought(np.array([p]), np.array([volume]), np.array([budget]), w)[0])

    bought = bought_at(price)
    with np.errstate(over="ignore"):
        wanted = volume * (price / 10.0) ** -elasticity if volume else 0.0
    assert 0.0 <= bought <= wanted * (1 + 1e-12)
    assert price * bought <= budget * (1 + 1e-12)
    if price * wanted <= budget:
        assert bought == pytest.approx(wanted, rel=1e-12)
    else:
        assert price * bought == pytest.approx(budget, rel=1e-12)
    assert bought_at(price / 2) >= bought


def test_an_adopter_buys_its_volume_at_the_reference_price_and_half_as_much_at_twice_it():
    """Hand-checked: 50M tokens at US$10 (US$500, within a US$1,000 budget); at US$20 with
    unit elasticity 25M (US$500); at US$1 with elasticity 1.5, 50 * 10^1.5 = 1,581M tokens
    would cost US$1,581, so the budget buys 1,000M."""
    volume, budget = np.array([50.0]), np.array([1000.0])
    unit = AdoptionConfig(price_elasticity=1.0, reference_price=10.0)
    assert market.tokens_bought(np.array([10.0]), volume, budget, unit)[0] == pytest.approx(50.0)
    assert market.tokens_bought(np.array([20.0]), volume, budget, unit)[0] == pytest.approx(25.0)
    elastic = AdoptionConfig(price_elasticity=1.5, reference_price=10.0)
    assert market.tokens_bought(np.array([1.0]), volume, budget, elastic)[0] == pytest.approx(1000.0)
    assert market.tokens_bought(np.array([4.0]), volume, budget, elastic)[0] == pytest.approx(50 * 2.5 ** 1.5)


def test_budgets_and_token_use_grow_as_configured_and_their_growth_slows():
    """Hand-checked: at 2x a year with a 3-year half-life the log growth rate is ln 2 at first
    and ln 2 / 2 after 3 years; the factor is 1 in 2022-01 and before, about 2^(1 - ln2/6) =
    1.85 after a year, and never beyond 2^(3 / ln 2) = 20.1."""
    assert market.demand_growth(0.0, 2.0, 3.0) == 1.0 and market.demand_growth(-1.0, 2.0, 3.0) == 1.0
    assert market.demand_growth(1.0, 2.0, 3.0) == pytest.approx(2.0 ** ((1 - 2 ** (-1 / 3)) * 3 / math.log(2)))
    assert 1.84 < market.demand_growth(1.0, 2.0, 3.0) < 1.87
    rates = np.diff(np.log([market.demand_growth(t, 2.0, 3.0) for t in (0.0, 0.01, 3.0, 3.01)]))[[0, 2]]
    assert rates[1] / rates[0] == pytest.approx(0.5, rel=1e-2)
    assert market.demand_growth(100.0, 2.0, 3.0) == pytest.approx(2.0 ** (3 / math.log(2)), rel=1e-9)
    assert market.demand_growth(5.0, 1.0, 3.0) == 1.0, "no growth at a factor of 1"


def test_a_run_grows_every_adopters_budget_and_volume_by_the_same_factor_each_month():
    cfg = small_config(adopters=200, end="2024-01")
    model = sim.EcosystemModel(cfg)
    drawn = model.population.budget.copy(), model.population.volume.copy()
    model.run()
    years = model.years
    w = cfg.adoption
    np.testing.assert_allclose(model.population.budget, drawn[0] * market.demand_growth(years, w.budget_growth,
                                                                                          w.growth_half_life))
    np.testing.assert_allclose(model.population.volume, drawn[1] * market.demand_growth(years, w.volume_growth,
                                                                                          w.growth_half_life))
    assert model.population.budget.sum() > 2.0 * drawn[0].sum(), "two years at 1.75 a year, slowing"
