"""Mechanism 5 alone: the switching rule and the payoff's terms, checked by hand."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import sim
from sim import strategy
from sim.vocabulary import API, SELF_HOST
from sim.world import World
from tests.conftest import small_config


@pytest.fixture
def model():
    m = sim.EcosystemModel(small_config(adopters=80, end="2027-12"))
    m.run_for(50)  # 2026-02
    return m


def flat(total: float) -> strategy.Payoff:
    """A payoff whose whole value is API margin."""
    return strategy.Payoff(total, 0.0, 0.0, 0.0, 0.0, 0.0)


def with_totals(monkeypatch, lab, totals: dict[str, float]):
    """Payoffs by strategy name, for the lab's stances (the current licence for each)."""
    table = {strategy.Stance(s, lab.licence): flat(v) for s, v in totals.items()}
    monkeypatch.setattr(strategy, "payoffs", lambda lab, model: table)
    return table


def test_a_lab_switches_only_when_the_gain_beats_inertia(model, monkeypatch):
    lab = model.lab_by_name["anthropic"]
    lab.strategy, lab.locked_until, lab.switches = "closed", -1, 0
    inertia = model.cfg.strategy.inertia
    with_totals(monkeypatch, lab, {"closed": 1.0, "hybrid": 1.0 + inertia * 0.99, "open": 0.5})
    assert strategy.decide(lab, model)[0].strategy == "closed"  # a gain just short of inertia
    with_totals(monkeypatch, lab, {"closed": 1.0, "hybrid": 1.0 + inertia * 1.01, "open": 0.5})
    assert strategy.decide(lab, model)[0].strategy == "hybrid"
    lab.switches = 1  # a lab that has changed course once needs twice the advantage
    assert strategy.decide(lab, model)[0].strategy == "closed"


def test_fixed_and_committed_labs_keep_their_stance(model, monkeypatch):
    lab = model.lab_by_name["openai"]
    with_totals(monkeypatch, lab, {"closed": 0.0, "hybrid": 0.0, "open": 100.0})
    lab.strategy, lab.locked_until, lab.fixed_strategy = "closed", model.month, False
    assert strategy.decide(lab, model)[0].strategy == "closed"
    lab.locked_until, lab.fixed_strategy = -1, True
    assert strategy.decide(lab, model)[0].strategy == "closed"
    lab.fixed_strategy = False
    assert strategy.decide(lab, model)[0].strategy == "open"


def test_a_switch_commits_the_lab_and_logs_the_payoff_terms(model, monkeypatch):
    lab = model.lab_by_name["anthropic"]
    lab.strategy, lab.locked_until, lab.licence, lab.switches = "closed", -1, 0.0, 0
    with_totals(monkeypatch, lab, {"closed": 1.0, "hybrid": 2.0, "open": 0.5})
    lab.review_strategy()
    assert lab.strategy == "hybrid"
    assert lab.locked_until == model.month + model.cfg.strategy.commitment_months
    rows = pd.DataFrame(model.decision_log)
    rows = rows[(rows["lab"] == "anthropic") & (rows["date"] == model.month)]
    assert list(rows["role"]) == ["before", "after"]
    assert list(rows["strategy"]) == ["closed", "hybrid"]
    assert list(rows["api_margin"]) == [1.0, 2.0] and list(rows["total"]) == [1.0, 2.0]


def test_reviews_start_at_the_run_start_and_at_a_lab_s_entry():
    """With the default review_from, labs decide in 2022-01 and a lab in its entry month."""
    cfg = small_config(adopters=80, end="2023-12")
    m = sim.EcosystemModel(cfg)
    reviewed = []
    original = strategy.decide

    def spy(lab, model):
        reviewed.append((model.month, lab.name))
        return original(lab, model)

    strategy_decide = pytest.MonkeyPatch()
    strategy_decide.setattr(strategy, "decide", spy)
    try:
        m.run_for(24)
    finally:
        strategy_decide.undo()
    start = m.start
    assert {name for month, name in reviewed if month == start} == {"openai", "google", "meta"}
    anthropic_entry = m.lab_by_name["anthropic"].entry  # 2023-03, not a review month
    assert (anthropic_entry - start) % cfg.strategy.review_every != 0
    assert (anthropic_entry, "anthropic") in reviewed


def test_no_timeline_event_sets_a_strategy_or_a_licence():
    """History gives labs policies, shocks and releases; their stances are theirs to choose."""
    kinds = {event.kind for event in sim.default_config().timeline.values()}
    assert kinds and not kinds & {"strategy", "licence"}


def test_imitation_costs_a_leader_but_not_a_follower(model):
    """Weights better than any public ones teach rivals; weights behind them teach nothing."""
    leader = max((lab for lab in model.labs if lab.active), key=lambda lab: lab.capability)
    best_public = max(lab.weights_capability for lab in model.labs if lab.active and not np.isnan(lab.weights_capability))
    lead = leader.capability - max(best_public, -np.inf)
    cfg = model.cfg
    if lead > 0:
        gain = (1 - (1 - cfg.openness.distillation) ** cfg.strategy.review_every) * lead
        expected = 1 - np.exp(-cfg.adoption.capability * gain / 10)
        assert strategy.imitated_share(leader, "open", model) == pytest.approx(expected)
    follower = min((lab for lab in model.labs if lab.active), key=lambda lab: lab.capability)
    assert follower.capability <= best_public
    assert strategy.imitated_share(follower, "open", model) == 0.0
    assert strategy.imitated_share(leader, "closed", model) == 0.0 or not np.isnan(leader.weights_capability)


def test_the_payoff_terms_of_a_tiny_market_by_hand(model):
    """One demand, priced by hand: API margin = volume x (price - cost); ecosystem =
    value / 12 x self-hosters x licence; commoditisation = weight x self-hosted volume x
    closed price (all in US$ billion a month)."""
    lab = model.lab_by_name["meta"]
    lab.price, lab.serving_cost, lab.own_api, lab.cloud = 3.0, 1.0, True, ""
    lab.weights_capability = -np.inf  # nothing public to compare: set below
    demand = strategy.Demand(api_volume=1e9, self_hosters=1e5, self_host_volume=2e8, rent=0.0)
    model._review_cache = None
    review = model.review_base()
    stance = strategy.Stance("hybrid", 0.5)
    got = strategy.payoff(lab, stance, demand, model)
    assert got.api_margin == pytest.approx(1e9 * 2.0 * 1e-9)  # US$2B a month
    assert got.ecosystem == pytest.approx(model.cfg.strategy.ecosystem_value / 12 * 1e5 * 0.5 * 1e-9)
    assert got.commoditise == pytest.approx(lab.other_business * 2e8 * review.closed_price * 1e-9)
    assert got.state == pytest.approx(0.5 * review.open_reward_per_lab["US"])
    assert got.cloud == 0.0
    assert got.total == pytest.approx(sum(got.terms().values()))


def test_a_follower_that_cannot_sell_closed_opens():
    """A lab with no one to sell its API to (far behind, no cloud) gains from open weights
    what it cannot win closed: self-hosters, their fine-tunes, the state's reward."""
    cfg = small_config(adopters=200, end="2024-12")
    cfg.labs["minimax"].capability = 90.0  # far behind everyone at entry
    cfg.governments["cn"].open_reward = 0.05
    results = sim.run(cfg)
    minimax = results.labs[results.labs["lab"] == "minimax"]
    assert minimax["strategy"].iloc[0] != "closed" or (minimax["strategy"] != "closed").any()


def test_no_lab_flip_flops_to_2030():
    """Over 10 seeds to 2030 no lab changes strategy more than three times in 108 months
    (a first stance, a turn and at most one turn back): the commitment and an inertia that
    grows with each change stop a lab from switching back and forth at every review."""
    for seed in range(10):
        cfg = small_config(adopters=300, end="2030-12", seed=seed)
        events = sim.run(cfg).events
        switches = events[(events["kind"] == "strategy_switch") & (events["change"] == "strategy")]
        assert switches.groupby("agent").size().max() <= 3, seed


def test_with_no_aware_adopter_only_the_state_reward_is_left(model):
    """Nobody can choose the lab, so its payoff is the open-release reward alone."""
    lab = model.lab_by_name["xai"]
    model.population.aware[:, lab.index] = False
    us = model.government_by_name["us"]
    us.open_reward = 0.6
    model._review_cache = None
    active_us = sum(1 for other in model.labs if other.active and other.bloc == "US")
    per_lab = 0.6 / active_us
    payoff = {s.strategy: p.total for s, p in strategy.payoffs(lab, model).items()}
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
    batched = review.probabilities(lab, offers(model, [(lab, s, 1.0) for s in strategies])[0], len(strategies))
    for s, chances in zip(strategies, batched):
        market_under_s = [
            (other, s, 1.0) if other is lab else (other, other.strategy, other.licence) for other in model.labs
        ]
        table, _ = offers(model, market_under_s)
        full = utilities(table, review.adopters, review.peer_share, model.cfg.adoption)
        shares = logit_shares(full, model.cfg.adoption.outside)[:, World.OPTION_COUNTS]
        shares = shares[:, World.options_of(lab.index)]
        np.testing.assert_allclose(chances, shares, rtol=1e-9, atol=1e-15)
