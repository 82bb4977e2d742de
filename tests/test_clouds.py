"""Clouds' hosting decisions (sim.agents.cloud): margins computed by hand on a tiny market."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import sim
from sim.agents.cloud import HostingMarket
from sim.catalogue import build_options
from sim.vocabulary import API
from sim.world import World
from tests.conftest import small_config

COST = 2.0  # US$ per million tokens
VOLUME = 100_000.0  # real million tokens a month at markup 0 in the served region
OPTIONS = [-0.2, 0.0, 0.2, 0.4]


@pytest.fixture
def model():
    m = sim.EcosystemModel(small_config(adopters=60, end="2026-12"))
    m.run_for(1)
    return m


def tiny_market(model, family: int, users_at_zero: float = 0.0, rival_markup: float = np.nan,
                own_markup: float = np.inf) -> HostingMarket:
    """One family whose API demand falls linearly with the markup, only in region ``SEA``:
    volume(m) = VOLUME * (1 - 2m), users(m) = users_at_zero * (1 - 2m); ``aws`` as the only
    possible rival host, serving SEA at ``rival_markup`` (NaN: it hosts nothing)."""
    world = model.world
    n_clouds, n_labs, n_regions = len(world.clouds), len(world.labs), len(world.regions)
    sea = world.region_index("SEA")
    markups = np.full((n_clouds, n_labs), np.nan)
    markups[world.cloud_index("aws"), family] = rival_markup
    serves = np.zeros((n_clouds, n_regions), dtype=bool)
    serves[world.cloud_index("aws"), sea] = True
    curves = {}
    for m in OPTIONS:
        volume, users = np.zeros(n_regions), np.zeros(n_regions)
        volume[sea], users[sea] = VOLUME * (1 - 2 * m), users_at_zero * (1 - 2 * m)
        curves[family, float(m)] = (volume, users)
    own = np.full(n_labs, np.inf)
    own[family] = own_markup
    return HostingMarket(
        model=model, hostable=np.ones((n_clouds, n_labs), dtype=bool), cost=np.full(n_labs, COST),
        markups=markups, serves=serves, own_markup=own, curves=curves,
    )


def cloud_in_sea(model, name: str):
    cloud = model.cloud_by_name[name]
    cloud.markup_options = np.array(OPTIONS)
    cloud.hosting_cost, cloud.inertia = 20_000.0, 0.25
    cloud.serves[:] = False
    cloud.serves[model.world.region_index("SEA")] = True
    cloud.prospects[:] = False
    cloud.hosted[:], cloud.hosting_markup[:] = False, np.nan
    cloud.committed_until[:] = -1
    return cloud


def test_value_is_margin_on_expected_volume_less_the_hosting_cost(model):
    deepseek = model.world.lab_index("deepseek")
    cloud = cloud_in_sea(model, "huawei_cloud")
    values = cloud.values(tiny_market(model, deepseek), deepseek, cloud.serves)
    # m = -0.2: 140,000 * 2 * -0.2 = -56,000; 0: 0; 0.2: 60,000 * 0.4 = 24,000; 0.4: 20,000 * 0.8 = 16,000
    np.testing.assert_allclose(values, [-76_000, -20_000, 4_000, -4_000])


def test_a_cloud_takes_up_a_family_at_its_best_markup_only_above_the_band(model):
    deepseek = model.world.lab_index("deepseek")
    cloud = cloud_in_sea(model, "huawei_cloud")
    cloud.review_hosting(tiny_market(model, deepseek))
    assert not cloud.hosted[deepseek], "4,000 a month is below the band of 0.25 * 20,000"
    cloud.hosting_cost = 10_000.0  # best value 14,000 > 2,500
    cloud.review_hosting(tiny_market(model, deepseek))
    assert cloud.hosted[deepseek] and cloud.hosting_markup[deepseek] == 0.2
    logged = model.event_log[-1]
    assert (logged["kind"], logged["agent"], logged["change"], logged["setting"], logged["value"]) == (
        "cloud_decision", "huawei_cloud", "host", "deepseek", 0.2)


def test_pull_through_makes_an_affiliated_cloud_host_at_a_loss(model):
    """Alibaba Cloud is Qwen's (lab ``alibaba``): with 30 US$ a month per user and 10,000 users
    at cost, value(m) = (1 - 2m) * (200,000 m + 300,000) - 20,000: best at m = -0.2
    (1.4 * 260,000 - 20,000 = 344,000), against 280,000 at cost and 184,000 at 0.2."""
    qwen = model.world.lab_index("alibaba")
    cloud = cloud_in_sea(model, "alibaba_cloud")
    assert cloud.affiliated[qwen] and cloud.pull_through == 30.0
    market = tiny_market(model, qwen, users_at_zero=10_000.0)
    np.testing.assert_allclose(cloud.values(market, qwen, cloud.serves), [344_000, 280_000, 184_000, 56_000])
    cloud.review_hosting(market)
    assert cloud.hosting_markup[qwen] == -0.2
    huawei = cloud_in_sea(model, "huawei_cloud")  # no affiliation: the same users are worth nothing more
    assert not huawei.affiliated[qwen]
    np.testing.assert_allclose(huawei.values(market, qwen, huawei.serves), [-76_000, -20_000, 4_000, -4_000])


def test_rivals_and_the_labs_own_api_take_the_demand_at_or_below_their_price(model):
    deepseek = model.world.lab_index("deepseek")
    cloud_index = model.world.cloud_index("huawei_cloud")
    sea = model.world.region_index("SEA")
    market = tiny_market(model, deepseek, rival_markup=0.2)
    won = market.share_won(cloud_index, deepseek, np.array(OPTIONS))
    np.testing.assert_array_equal(won[sea], [1.0, 1.0, 0.5, 0.0])  # below, tied with one, above
    assert np.all(won[model.world.region_index("AFRICA")] == 1.0), "the rival does not serve Africa"
    own = tiny_market(model, deepseek, own_markup=0.2).share_won(cloud_index, deepseek, np.array(OPTIONS))
    np.testing.assert_array_equal(own[sea], [1.0, 1.0, 0.0, 0.0])  # the lab keeps a tie


def test_a_hosted_family_moves_markup_only_for_a_clear_gain_and_is_dropped_below_the_band(model):
    deepseek = model.world.lab_index("deepseek")
    cloud = cloud_in_sea(model, "huawei_cloud")
    cloud.hosting_cost = 10_000.0
    cloud.hosted[deepseek], cloud.hosting_markup[deepseek] = True, 0.4  # value 6,000; best 14,000 at 0.2
    cloud.review_hosting(tiny_market(model, deepseek))
    assert cloud.hosting_markup[deepseek] == 0.2, "14,000 > 6,000 * 1.25"
    cloud.hosting_markup[deepseek] = 0.4
    cloud.hosting_cost = 14_000.0  # value 2,000 at 0.4, 10,000 at 0.2: still a clear gain
    cloud.review_hosting(tiny_market(model, deepseek))
    assert cloud.hosting_markup[deepseek] == 0.2
    cloud.hosting_cost = 25_000.0  # best -1,000 is inside the band (-6,250): kept
    cloud.review_hosting(tiny_market(model, deepseek))
    assert cloud.hosted[deepseek]
    cloud.hosting_cost = 40_000.0  # best -16,000 < -10,000: dropped
    cloud.review_hosting(tiny_market(model, deepseek))
    assert not cloud.hosted[deepseek] and np.isnan(cloud.hosting_markup[deepseek])
    assert model.event_log[-1]["change"] == "drop"


def test_a_take_up_holds_for_the_commitment_and_a_drop_too(model):
    deepseek = model.world.lab_index("deepseek")
    cloud = cloud_in_sea(model, "huawei_cloud")
    cloud.commitment_months = 12
    cloud.hosting_cost = 10_000.0  # best 14,000 at 0.2 > 2,500: taken up now
    cloud.review_hosting(tiny_market(model, deepseek))
    assert cloud.hosted[deepseek] and cloud.committed_until[deepseek] == model.month + 12
    cloud.hosting_cost = 40_000.0  # best -16,000 < -10,000 would drop it, but not within 12 months
    model.month += 11
    cloud.review_hosting(tiny_market(model, deepseek))
    assert cloud.hosted[deepseek]
    model.month += 1  # the commitment has run out: dropped, and that drop holds in turn
    cloud.review_hosting(tiny_market(model, deepseek))
    assert not cloud.hosted[deepseek] and model.event_log[-1]["change"] == "drop"
    cloud.hosting_cost = 10_000.0
    model.month += 6
    cloud.review_hosting(tiny_market(model, deepseek))
    assert not cloud.hosted[deepseek], "not taken up again within 12 months of the drop"
    model.month += 6
    cloud.review_hosting(tiny_market(model, deepseek))
    assert cloud.hosted[deepseek]


def test_a_cloud_enters_a_prospect_region_when_its_margin_there_covers_the_entry_cost(model):
    """Hosted at 0.2 in SEA alone; SEA as a prospect: 60,000 * 2 * 0.2 = 24,000 a month."""
    deepseek = model.world.lab_index("deepseek")
    cloud = cloud_in_sea(model, "huawei_cloud")
    sea = model.world.region_index("SEA")
    cloud.serves[sea], cloud.prospects[sea] = False, True
    cloud.hosted[deepseek], cloud.hosting_markup[deepseek] = True, 0.2
    cloud.hosting_cost = 0.0
    cloud.entry_cost = 20_000.0  # 24,000 < 1.25 * 20,000: stays out
    cloud.review_hosting(tiny_market(model, deepseek))
    assert not cloud.serves[sea]
    cloud.entry_cost = 19_000.0  # 24,000 > 23,750: enters
    cloud.review_hosting(tiny_market(model, deepseek))
    assert cloud.serves[sea] and not cloud.prospects[sea]
    logged = model.event_log[-1]
    assert (logged["change"], logged["setting"], logged["region"]) == ("enter_region", "SEA", "SEA")


def test_the_option_table_sells_a_hosted_family_at_the_clouds_own_markup(model):
    open_labs = [lab for lab in model.labs if lab.active and lab.strategy == "open"]
    assert open_labs
    lab = open_labs[0]
    for cloud in model.clouds:
        cloud.hosted[:] = False
    cloud = model.cloud_by_name["aws"]
    cloud.hosted[lab.index], cloud.hosting_markup[lab.index] = True, -0.1
    options, channel = build_options(model)
    column = World.option(lab.index, API)
    for r, region in enumerate(model.world.regions):
        if cloud.serves[r] and options.available[r, column]:
            assert options.unit_price[r, column] == pytest.approx(0.9 * lab.serving_cost), region
            assert channel[r, lab.index] == model.world.cloud_index("aws")
        elif options.available[r, column]:
            assert channel[r, lab.index] == -1, region


def test_demandcurves_come_from_the_review_snapshot():
    """At the family's current price the curve gives the snapshot's own expected API volume."""
    model = sim.EcosystemModel(small_config(adopters=200, end="2026-12"))
    model.run_for(30)  # 2024-06: open families sold through their own API or a host
    market = HostingMarket.now(model)
    review = model.review_base()

    def expected(lab, region: int) -> float:
        """The snapshot's expected API volume of the lab's model in the region (real units): the
        volume at the reference price, scaled by the price's elasticity, within each budget."""
        chances = review.current_probabilities(lab)[:, API]
        in_region = review.adopters.region == region
        price, w = review.options.unit_price[region, World.option(lab.index, API)], model.cfg.adoption
        wanted = review.adopters.volume[in_region] * (price / w.reference_price) ** -w.price_elasticity
        bought = np.minimum(wanted, review.adopters.budget[in_region] / price)
        return float(chances[in_region] @ bought) * model.scale

    sold = [(lab, int(region)) for lab in model.labs if lab.strategy == "open"
            for region in np.flatnonzero(review.options.available[:, World.option(lab.index, API)])]
    lab, region = max(sold, key=lambda pair: expected(*pair))  # the pair with the most demand
    column = World.option(lab.index, API)
    markup = review.options.unit_price[region, column] / lab.serving_cost - 1.0
    volume, _ = market.demand(lab.index, np.array([markup]))
    assert volume[region, 0] == pytest.approx(expected(lab, region), rel=1e-9)
    assert volume[region, 0] > 0


@pytest.fixture(scope="module")
def baseline_events():
    frames = []
    for seed in (0, 1):
        m = sim.EcosystemModel(small_config(adopters=400, end="2030-12", seed=seed))
        m.run()
        frame = pd.DataFrame(m.event_log)
        frames.append(frame.assign(seed=seed, review=(frame["date"] - m.start) // 6))
    return pd.concat(frames)


def test_clouds_decide_in_the_baseline_and_do_not_flap(baseline_events):
    decisions = baseline_events[baseline_events["kind"] == "cloud_decision"]
    assert {"host", "markup"} <= set(decisions["change"])
    decided = decisions[decisions["change"].isin(["host", "drop", "markup"])]  # not forced withdrawals
    for (seed, agent, family), rows in decided.groupby(["seed", "agent", "setting"]):
        takes = rows.loc[rows["change"].isin(["host", "drop"]), "review"].to_numpy()
        # never taken up, dropped and taken up again (or the reverse) at three reviews in a row
        assert not any(takes[i] - takes[i - 2] <= 2 for i in range(2, len(takes))), (seed, agent, family, takes)
        # a markup never goes back at the next review to the level it left
        set_at = rows.loc[rows["change"].isin(["host", "markup"]), ["review", "value"]].to_numpy()
        assert not any(
            set_at[i, 1] == set_at[i - 2, 1] and set_at[i, 0] - set_at[i - 2, 0] <= 2 for i in range(2, len(set_at))
        ), (seed, agent, family, set_at)


def test_procurement_stances_are_chosen_by_rule_and_logged(baseline_events):
    stances = baseline_events[baseline_events["change"] == "procurement_open"]
    assert set(stances["agent"]) <= {"africa", "latam", "south_asia", "sea", "middle_east"}
    for (seed, agent), rows in stances.groupby(["seed", "agent"]):
        months = rows["date"].to_numpy()
        assert not (np.diff(months) < 12).any(), (seed, agent, months)  # at most one switch a year
        assert set(rows["value"]) <= {0.0, 1.0}


def test_a_cloud_region_event_still_opens_a_region_and_ends_the_prospect():
    cfg = small_config(adopters=60, end="2022-03")
    cfg.timeline["huawei_africa"] = sim.config.EventConfig(
        "2022-02", "cloud_region", "huawei_cloud", setting="AFRICA", source="test")
    model = sim.EcosystemModel(cfg)
    africa = model.world.region_index("AFRICA")
    huawei = model.cloud_by_name["huawei_cloud"]
    assert huawei.prospects[africa] and not huawei.serves[africa]
    model.run()
    assert huawei.serves[africa]
    row = next(e for e in model.event_log if e["event"] == "huawei_africa")
    assert (row["kind"], row["agent"], row["change"], row["setting"]) == (
        "policy_change", "huawei_cloud", "cloud_region", "AFRICA") and np.isnan(row["value"])
    assert not any(e["change"] == "enter_region" for e in model.event_log), "served regions are not entered again"
