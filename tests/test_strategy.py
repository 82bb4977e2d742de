"""Mechanism 5 alone: the switching rule and the payoff's terms, checked by hand."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import sim
from sim import strategy
from sim.catalogue import OWN_API, offers
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
    return strategy.Payoff(**{name: 0.0 for name in strategy.PAYOFF_TERMS} | {"api_margin": total})


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


def test_inertia_is_a_share_of_the_money_a_stance_moves_not_of_its_net(model, monkeypatch):
    """A current stance earning US$1M a month of margin against US$1M of release cost nets
    nothing, yet moves US$2M a month: at inertia 0.25 a rival stance must net more than
    0.25 x 2M = 0.5M to win, not merely more than zero."""
    lab = model.lab_by_name["deepseek"]
    lab.strategy, lab.locked_until, lab.switches = "open", -1, 0
    inertia = model.cfg.strategy.inertia
    current = strategy.Payoff(**{name: 0.0 for name in strategy.PAYOFF_TERMS} | {"api_margin": 1e-3, "release": -1e-3})
    assert current.total == 0.0 and current.gross == pytest.approx(2e-3)
    for gain, moves in ((0.99, False), (1.01, True)):
        table = {strategy.Stance("open", lab.licence): current,
                 strategy.Stance("closed", lab.licence): flat(gain * inertia * 2e-3)}
        monkeypatch.setattr(strategy, "payoffs", lambda lab, model: table)
        assert (strategy.decide(lab, model)[0].strategy == "closed") is moves


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
    rivals_public = max(lab.weights_capability for lab in model.labs
                        if lab.active and lab is not leader and not np.isnan(lab.weights_capability))
    lead = strategy.forecast_weights(leader, "open", model) - rivals_public  # what it would release
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
    """One demand, priced by hand: API margin = volume x (price - cost); commoditisation =
    weight x self-hosted volume x closed price; release = release_compute x compute x
    hardware price x depreciation (all in US$ billion a month)."""
    lab = model.lab_by_name["meta"]
    lab.price, lab.serving_cost, lab.own_api, lab.cloud = 3.0, 1.0, True, ""
    model._review_cache = None
    review = model.review_base()
    demand = strategy.Demand(api_volume=1e9, self_hosters=1e5, self_host_volume=2e8, rent=0.0)
    got = strategy.payoff(lab, strategy.Stance("hybrid", 0.5), demand, model)
    assert got.api_margin == pytest.approx(1e9 * 2.0 * 1e-9)  # US$2B a month
    assert got.commoditise == pytest.approx(lab.other_business * 2e8 * review.closed_price * 1e-9)
    assert got.release == pytest.approx(-strategy.release_cost(lab, model)) and got.release < 0
    assert got.cloud == 0.0
    assert got.total == pytest.approx(sum(got.terms().values()))
    closed = strategy.payoff(lab, strategy.Stance("closed", 0.5), demand, model)
    assert closed.release == 0.0 and closed.ecosystem == 0.0  # no release line, no developers' value


def test_release_cost_is_a_share_of_the_lab_s_compute_at_its_capital_cost(model):
    """100 thousand H100s at US$0.035B each in 2022-01, 0.3 a year cheaper in logs, 2% a
    month depreciation, 1% of them for releases: 0.01 x 100 x 0.035 exp(-0.3 t) x 0.02."""
    lab = model.lab_by_name["openai"]
    lab.advanced_compute, lab.domestic_compute = 100.0, 0.0
    years = (model.month - model.start) / 12.0  # the run starts in 2022-01
    expected = 0.01 * 100.0 * 0.035 * np.exp(-0.3 * years) * 0.02
    assert strategy.release_cost(lab, model) == pytest.approx(expected)


def test_a_restrictive_licence_collects_a_rent_on_the_family_s_lead(model):
    """Fees = licence_fee x (1 - licence) x (1 - exp(-b_cap lead / 10)) x self-hosted volume
    x closed price; nothing once a rival's weights as openly licensed are as good, nothing
    under a permissive licence."""
    lab = model.lab_by_name["alibaba"]
    lab.strategy, lab.licence = "open", 0.5
    lab.release_weights()
    for other in model.labs:
        if other is not lab:
            other.weights_capability = np.nan
    rival = model.lab_by_name["deepseek"]
    rival.weights_capability, rival.licence = lab.weights_capability - 5.0, 1.0  # 5 behind what it released
    model._review_cache = None
    review = model.review_base()
    demand = strategy.Demand(api_volume=0.0, self_hosters=1e4, self_host_volume=1e8, rent=0.0)
    cfg = model.cfg
    rent = 1 - np.exp(-cfg.adoption.capability * 5.0 / 10)
    expected = cfg.strategy.licence_fee * 0.5 * rent * 1e8 * review.closed_price * 1e-9
    stance = strategy.Stance("open", 0.5)
    assert strategy.licence_fees(lab, stance, demand, model) == pytest.approx(expected) and expected > 0
    assert strategy.licence_fees(lab, strategy.Stance("open", 1.0), demand, model) == 0.0
    rival.weights_capability = lab.weights_capability + 1.0  # a better rival under an open licence
    assert strategy.licence_fees(lab, stance, demand, model) == 0.0
    rival.licence = 0.3  # ... but a more restrictive one leaves the rent
    assert strategy.licence_fees(lab, stance, demand, model) > 0


def test_expected_developers_follow_the_developers_logit(model):
    """Every developer knows two released families of equal utility: half of the active
    ones download each; a licence one point more open gives e / (1 + e) at licence weight 1;
    a stance that stops releasing counts none."""
    lab, other = model.lab_by_name["meta"], model.lab_by_name["alibaba"]
    lab.strategy, lab.licence = "open", 0.0
    model._review_cache = None
    review = model.review_base()
    dev = model.developers
    review.developer_utility[:] = 0.0
    review.developer_known[:] = False
    review.developer_known[:, [lab.index, other.index]] = True
    review.developer_total[:] = 2.0
    dev.aware[:, lab.index], dev.released[lab.index] = True, True
    lab.weights_capability = lab.open_capability("open")
    cfg = model.cfg.developers
    active = cfg.activity * cfg.represents  # real developers active in a month
    assert strategy.expected_developers(lab, strategy.Stance("open", 0.0), model) == pytest.approx(active / 2)
    assert cfg.licence == 1.0
    e = np.e
    assert strategy.expected_developers(lab, strategy.Stance("open", 1.0), model) == pytest.approx(active * e / (1 + e))
    assert strategy.expected_developers(lab, strategy.Stance("closed", 0.0), model) == 0.0


def test_a_family_not_yet_released_reaches_the_release_awareness_share(model):
    """A lab that has never released: only ``developers.release_awareness`` of developers
    would know its first weights; alone among what they know, each of them downloads it."""
    lab = model.lab_by_name["anthropic"]
    model._review_cache = None
    review = model.review_base()
    dev = model.developers
    dev.released[lab.index] = False
    review.developer_known[:] = False  # they know no family at all
    review.developer_total[:] = 0.0
    cfg = model.cfg.developers
    expected = cfg.release_awareness * cfg.activity * cfg.represents
    assert strategy.expected_developers(lab, strategy.Stance("open", 1.0), model) == pytest.approx(expected)


def test_the_state_reward_is_the_lab_s_share_by_openness(model):
    """US$60M a month shared by openness weights: with the other US labs' weights summing to
    W, an open lab gets 60 x 1 / (1 + W), a hybrid one 60 x 0.5 / (0.5 + W), a closed one 0."""
    lab = model.lab_by_name["anthropic"]
    lab.strategy = "closed"
    model.government_by_name["us"].open_reward = 0.06
    model._review_cache = None
    others = sum(strategy.OPEN_WEIGHT[o.strategy] for o in model.labs if o.active and o.bloc == "US" and o is not lab)
    assert strategy.state_reward(lab, "open", model) == pytest.approx(0.06 / (1 + others))
    assert strategy.state_reward(lab, "hybrid", model) == pytest.approx(0.06 * 0.5 / (0.5 + others))
    assert strategy.state_reward(lab, "closed", model) == 0.0


def test_a_lab_sees_the_stance_an_earlier_reviewer_chose_this_month(model):
    """Two closed US labs under a US$60M reward, all others closed: the first to review
    forecasts the whole reward for opening; once it has opened, the second, reviewing on the
    same month's snapshot, forecasts half of it (60 x 1 / (1 + 1)), not the whole."""
    us = [lab for lab in model.labs if lab.active and lab.bloc == "US"]
    for lab in us:
        lab.strategy = "closed"
    model.government_by_name["us"].open_reward = 0.06
    model._review_cache = None
    first, second = us[:2]
    assert strategy.state_reward(first, "open", model) == pytest.approx(0.06)
    assert strategy.state_reward(second, "open", model) == pytest.approx(0.06)
    model.review_base()  # the month's snapshot, taken before either decides
    first.strategy = "open"  # what its review chose
    assert strategy.state_reward(second, "open", model) == pytest.approx(0.03)
    assert strategy.state_reward(second, "hybrid", model) == pytest.approx(0.06 * 0.5 / 1.5)


def test_an_api_s_forecast_counts_only_the_regions_where_the_lab_sells_it_itself():
    """Where a cloud hosting its open weights sells a family's API more cheaply, the tokens
    are the cloud's: the lab's forecast of its own API volume leaves those regions out."""
    model = sim.EcosystemModel(small_config(adopters=300, end="2026-12"))

    def sold_by_clouds():
        return [lab for lab in model.labs
                if lab.active and lab.own_api and (model.channel[:, lab.index] != OWN_API).any()]

    while model.running and not sold_by_clouds():  # the first month a cloud sells one
        model.step()
    assert sold_by_clouds(), "some open family's API is sold by a cloud before 2026-12"
    lab = sold_by_clouds()[0]
    review = model.review_base()
    chances = review.current_probabilities(lab)
    fixed_cost = review.options.fixed_cost[World.option(lab.index, SELF_HOST)]
    own = model.channel[:, lab.index] == OWN_API
    now = strategy.current_stance(lab)
    price = strategy.api_price(lab, now, model)
    everywhere = strategy.Demand.of(lab, *review.current_chances(lab), fixed_cost, price, np.ones_like(own), model)
    own_only = strategy.Demand.of(lab, *review.current_chances(lab), fixed_cost, price, own, model)
    in_own = own[review.adopters.region]
    w = model.cfg.adoption
    bought = np.minimum(review.adopters.volume * (price / w.reference_price) ** -w.price_elasticity,
                        review.adopters.budget / price)
    assert own_only.api_volume == pytest.approx(float(chances[in_own, API] @ bought[in_own]) * model.scale, rel=1e-9)
    assert own_only.api_volume < everywhere.api_volume
    assert strategy.payoffs(lab, model)[now].api_margin == pytest.approx(
        strategy.payoff(lab, now, own_only, model).api_margin, rel=1e-9)


def test_a_lab_keeps_its_entry_stance_for_the_commitment(monkeypatch):
    """The stance a lab enters with binds it as any other: no change before
    ``commitment_months`` have passed since its entry, whatever the payoffs."""
    cfg = small_config(adopters=80, end="2024-12")
    m = sim.EcosystemModel(cfg)
    m.run_for(1)
    lab = m.lab_by_name["openai"]
    assert strategy.committed_until(lab, m) == m.start + cfg.strategy.commitment_months - 1
    deepseek = m.lab_by_name["deepseek"]
    assert strategy.committed_until(deepseek, m) == deepseek.entry + cfg.strategy.commitment_months - 1
    monkeypatch.setattr(strategy, "payoffs", lambda lab, model: pytest.fail("reviewed while committed"))
    assert strategy.decide(lab, m)[0] == strategy.current_stance(lab)


def test_a_lab_that_keeps_releasing_pays_for_what_each_release_teaches(model):
    """A hybrid's own trailing weights do not shield it: if they lead every rival's public
    weights, continuing to release them costs the imitation share; closed, whose weights
    are the legacy ones, pays the same only for what is already out."""
    lab = model.lab_by_name["openai"]
    lab.strategy = "hybrid"
    lab.release_weights()
    for other in model.labs:
        if other is not lab:
            other.weights_capability = lab.weights_capability - 4.0
    cfg = model.cfg
    gain = (1 - (1 - cfg.openness.distillation) ** cfg.strategy.review_every) * 4.0
    assert strategy.imitated_share(lab, "hybrid", model) == pytest.approx(1 - np.exp(-cfg.adoption.capability * gain / 10))


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
    (a first stance, a turn and at most one turn back), and from 2025-12 on, once history
    is over, a lab goes back to a strategy it has left only after holding the other for two
    years (a price war that takes an API's margin away, say), never back and forth: the
    commitment and an inertia that grows with each change stop a lab from switching at every
    review."""
    returns = []
    for seed in range(10):
        results = sim.run(small_config(adopters=300, end="2030-12", seed=seed))
        events = results.events
        switches = events[(events["kind"] == "strategy_switch") & (events["change"] == "strategy")]
        assert switches.groupby("agent").size().max() <= 3, seed
        later = results.labs[results.labs["date"] >= pd.Timestamp("2025-12-01")]
        for lab, rows in later.groupby("lab"):
            held = rows["strategy"].to_numpy()
            changes = [0, *(k for k in range(1, len(held)) if held[k] != held[k - 1])]
            for before, now in zip(changes, changes[1:]):
                if held[now] in held[:before + 1]:
                    returns.append((seed, lab, held[before], held[now], now - before))
    assert all(months >= 24 for *_, months in returns), returns
    assert len(returns) <= 2, returns


def test_with_no_aware_adopter_or_developer_only_reward_and_cost_are_left(model):
    """Nobody can choose the lab's model or download its family, so an open stance earns its
    share of the open-release reward less the release cost, and closed earns nothing."""
    lab = model.lab_by_name["xai"]
    model.population.aware[:, lab.index] = False
    model.developers.aware[:, lab.index] = False
    model.developers.released[lab.index] = True
    us = model.government_by_name["us"]
    us.open_reward = 0.6
    model._review_cache = None
    payoff = {s.strategy: p.total for s, p in strategy.payoffs(lab, model).items()}
    cost = strategy.release_cost(lab, model)
    assert payoff["open"] == pytest.approx(strategy.state_reward(lab, "open", model) - cost)
    assert payoff["hybrid"] == pytest.approx(strategy.state_reward(lab, "hybrid", model) - cost)
    assert payoff["closed"] == pytest.approx(0.0)


def test_expected_demand_matches_the_logit_probabilities_of_the_snapshot(model):
    """Under its current strategy, a lab's forecast equals the market's own logit shares."""
    from sim.market import logit_shares

    lab = model.lab_by_name["openai"]
    model._review_cache = None
    review = model.review_base()
    fixed_cost = review.options.fixed_cost[World.option(lab.index, SELF_HOST)]
    everywhere = np.ones(len(model.world.regions), dtype=bool)
    demand = strategy.Demand.of(lab, *review.current_chances(lab), fixed_cost, lab.price, everywhere, model)
    shares = logit_shares(review.utilities, model.cfg.adoption.outside)  # column 0: no model
    api = shares[:, World.count_column(World.option(lab.index, API))]
    self_hosted = shares[:, World.count_column(World.option(lab.index, SELF_HOST))]
    w = model.cfg.adoption  # the volume at the reference price, scaled by the price's elasticity, within budget
    wanted = review.adopters.volume * (lab.price / w.reference_price) ** -w.price_elasticity
    bought = np.minimum(wanted, review.adopters.budget / lab.price)
    assert demand.api_volume == pytest.approx(float(api @ bought) * model.scale, rel=1e-9)
    assert demand.self_hosters == pytest.approx(float(self_hosted.sum()) * model.scale, rel=1e-9)


@pytest.mark.parametrize("name", ["meta", "alibaba", "anthropic"])
def test_forecasts_under_another_strategy_equal_a_market_recomputed_from_scratch(model, name):
    """The incremental (batched) forecast equals logit shares of the whole hypothetical market."""
    from sim.market import logit_shares, utilities

    lab = model.lab_by_name[name]
    model._review_cache = None
    review = model.review_base()
    strategies = ("closed", "hybrid", "open")
    rows, batched = review.aware_chances(lab, offers(model, [(lab, s, 1.0) for s in strategies])[0], len(strategies))
    for s, aware in zip(strategies, batched):
        chances = np.zeros((len(review.denominator), aware.shape[1]))  # no adopter unaware of the lab chooses it
        chances[rows] = aware
        market_under_s = [
            (other, s, 1.0) if other is lab else (other, other.strategy, other.licence) for other in model.labs
        ]
        table, _ = offers(model, market_under_s)
        full = utilities(table, review.adopters, review.peer_share, model.cfg.adoption)
        shares = logit_shares(full, model.cfg.adoption.outside)[:, World.OPTION_COUNTS]
        shares = shares[:, World.options_of(lab.index)]
        np.testing.assert_allclose(chances, shares, rtol=1e-9, atol=1e-15)


def test_legacy_weights_fall_behind_the_field_in_a_lab_s_forecast(model):
    """Weights no line updates trail a field advancing at ``capability.frontier_pace``: on
    average over the commitment, 0.96 x 12 / 2 = 5.76 ECI points; lines that continue keep
    pace. Adopters weigh the closed stance's self-hosted weights that far behind (at
    today's hosting cost), and a closed lab's own legacy weights as well, not as the
    snapshot shows them: Meta's commoditisation, proportional to its self-hosters, falls."""
    lab = model.lab_by_name["meta"]
    lab.strategy, lab.licence, lab.locked_until = "open", 1.0, -1
    lab.release_weights()
    model._review_cache = None
    cfg = model.cfg
    lag = cfg.capability.frontier_pace * cfg.strategy.commitment_months / 2
    assert lag == pytest.approx(0.96 * 12 / 2)
    released = lab.weights_capability  # its best model, or what its largest size can hold (Lab.size_ceiling)
    assert released <= lab.capability
    assert strategy.forecast_weights(lab, "closed", model) == pytest.approx(released - lag)
    assert strategy.forecast_weights(lab, "open", model) == released
    assert strategy.forecast_weights(lab, "hybrid", model) == released, "its open weights stay downloadable"
    candidates = [strategy.Stance("open", 1.0), strategy.Stance("closed", 1.0)]
    table, _ = strategy.forecast_offers(lab, candidates, model)
    today, _ = offers(model, [(lab, s.strategy, s.licence) for s in candidates])
    open_weights, closed_weights = (World.option(k, SELF_HOST) for k in range(2))
    assert table.capability[open_weights] == pytest.approx(released)
    assert table.capability[closed_weights] == pytest.approx(released - lag)
    assert table.fixed_cost[closed_weights] == today.fixed_cost[closed_weights]

    lab.strategy = "closed"  # its open weights stay out as legacy ones
    model._review_cache = None
    review = model.review_base()
    now = strategy.current_stance(lab)
    fixed_cost = review.options.fixed_cost[World.option(lab.index, SELF_HOST)]
    own_api = model.channel[:, lab.index] == OWN_API
    as_seen = strategy.Demand.of(lab, *review.current_chances(lab), fixed_cost, lab.price, own_api, model)
    assert strategy.payoffs(lab, model)[now].commoditise < strategy.payoff(lab, now, as_seen, model).commoditise
