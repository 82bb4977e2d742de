"""Mechanism 5 alone: the switching rule and the payoff's terms, checked by hand."""

from __future__ import annotations

import numpy as np
import pytest

import sim
from sim import strategy
from sim.vocabulary import API, SELF_HOST
from sim.world import World
from tests.conftest import small_config


@pytest.fixture
def model():
    m = sim.EcosystemModel(small_config(adopters=80, end="2027-12"))
    m.run_for(50)  # 2026-02: after the first review month
    return m


def with_payoffs(monkeypatch, payoffs):
    monkeypatch.setattr(strategy, "payoffs", lambda lab, model: payoffs)


def test_a_lab_switches_only_when_the_gain_beats_inertia(model, monkeypatch):
    lab = model.lab_by_name["anthropic"]
    lab.strategy, lab.locked_until = "closed", -1
    inertia = model.cfg.strategy.inertia
    with_payoffs(monkeypatch, {"closed": 1.0, "hybrid": 1.0 + inertia * 0.99, "open": 0.5})
    assert strategy.decide(lab, model) == "closed"  # a gain just short of inertia
    with_payoffs(monkeypatch, {"closed": 1.0, "hybrid": 1.0 + inertia * 1.01, "open": 0.5})
    assert strategy.decide(lab, model) == "hybrid"


def test_fixed_and_locked_labs_keep_their_strategy(model, monkeypatch):
    with_payoffs(monkeypatch, {"closed": 0.0, "hybrid": 0.0, "open": 100.0})
    lab = model.lab_by_name["openai"]
    lab.strategy, lab.locked_until, lab.fixed_strategy = "closed", model.month, False
    assert strategy.decide(lab, model) == "closed"
    lab.locked_until, lab.fixed_strategy = -1, True
    assert strategy.decide(lab, model) == "closed"
    lab.fixed_strategy = False
    assert strategy.decide(lab, model) == "open"


def test_with_no_aware_adopter_only_the_state_reward_is_left(model):
    """Nobody can choose the lab, so its payoff is the open-release reward alone."""
    lab = model.lab_by_name["xai"]
    model.population.aware[:, lab.index] = False
    us = model.government_by_name["us"]
    us.open_reward = 0.6
    model._review_cache = None
    active_us = sum(1 for other in model.labs if other.active and other.bloc == "US")
    per_lab = 0.6 / active_us
    payoff = strategy.payoffs(lab, model)
    assert payoff["open"] == pytest.approx(per_lab)
    assert payoff["hybrid"] == pytest.approx(per_lab / 2)
    assert payoff["closed"] == pytest.approx(0.0)


def test_expected_demand_matches_the_logit_probabilities_of_the_snapshot(model):
    """Under its current strategy, a lab's forecast equals the market's own logit shares."""
    from sim.market import logit_shares

    lab = model.lab_by_name["openai"]
    model._review_cache = None
    review = model.review_base()
    fixed_cost = review.options.fixed_cost[World.option(lab.index, SELF_HOST)]
    demand = strategy.Demand.of(lab, review.current_probabilities(lab), fixed_cost, model)
    shares = logit_shares(review.utilities, model.cfg.adoption.outside)  # column 0: no model
    api = shares[:, World.count_column(World.option(lab.index, API))]
    self_hosted = shares[:, World.count_column(World.option(lab.index, SELF_HOST))]
    assert demand.api_volume == pytest.approx(float(api @ review.adopters.volume) * model.scale, rel=1e-9)
    assert demand.self_hosters == pytest.approx(float(self_hosted.sum()) * model.scale, rel=1e-9)


@pytest.mark.parametrize("name", ["meta", "alibaba", "anthropic"])
def test_forecasts_under_another_strategy_equal_a_market_recomputed_from_scratch(model, name):
    """The incremental (batched) forecast equals logit shares of the whole hypothetical market."""
    from sim.catalogue import offers
    from sim.market import logit_shares, utilities

    lab = model.lab_by_name[name]
    model._review_cache = None
    review = model.review_base()
    strategies = ("closed", "hybrid", "open")
    batched = review.probabilities(lab, offers(model, [(lab, s) for s in strategies])[0], len(strategies))
    for s, chances in zip(strategies, batched):
        market_under_s = [(other, s if other is lab else other.strategy) for other in model.labs]
        table, _ = offers(model, market_under_s)
        full = utilities(table, review.adopters, review.peer_share, model.cfg.adoption)
        shares = logit_shares(full, model.cfg.adoption.outside)[:, World.OPTION_COUNTS]
        shares = shares[:, World.options_of(lab.index)]
        np.testing.assert_allclose(chances, shares, rtol=1e-9, atol=1e-15)
