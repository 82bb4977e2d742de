"""Mechanism 6 alone: what each government instrument does, checked by hand."""

from __future__ import annotations

import dataclasses
from types import SimpleNamespace

import numpy as np
import pytest

import sim
from sim import policy
from sim.config import GovernmentConfig
from sim.world import World
from tests.conftest import hand_built_world, small_config


@pytest.fixture
def model():
    """A model two years in (most labs active), stepped so the month's rules exist."""
    m = sim.EcosystemModel(small_config(adopters=60, end="2026-12"))
    m.run_for(24)
    return m


def test_subsidy_is_shared_equally_among_active_home_labs(model):
    cn = model.government_by_name["cn"]
    cn.subsidy, cn.vc_fund, cn.open_reward = 0.6, 0.0, 0.0
    home = [lab for lab in model.labs if lab.active and lab.bloc == "CN"]
    for lab in model.labs:
        lab.state_income = 0.0
    assert policy.disburse(cn, model) == pytest.approx(0.6)
    for lab in home:
        assert lab.state_income == pytest.approx(0.6 / len(home))


def test_vc_fund_goes_only_to_venture_funded_labs(model):
    cn = model.government_by_name["cn"]
    cn.subsidy, cn.vc_fund, cn.open_reward = 0.0, 0.3, 0.0
    for lab in model.labs:
        lab.state_income = 0.0
    policy.disburse(cn, model)
    vc = [lab for lab in model.labs if lab.active and lab.bloc == "CN" and lab.funding == "vc"]
    assert vc, "the roster has venture-funded Chinese labs"
    for lab in model.labs:
        expected = 0.3 / len(vc) if lab in vc else 0.0
        assert lab.state_income == pytest.approx(expected), lab.name


def test_open_reward_weighs_open_labs_twice_hybrid_ones_and_skips_closed(model):
    us = model.government_by_name["us"]
    us.subsidy, us.vc_fund, us.open_reward = 0.0, 0.0, 0.5
    home = [lab for lab in model.labs if lab.active and lab.bloc == "US"]
    for lab, strategy in zip(home, ["open", "hybrid"] + ["closed"] * (len(home) - 2)):
        lab.strategy = strategy
        lab.state_income = 0.0
    policy.disburse(us, model)
    # weights 1 + 0.5 = 1.5: the open lab gets 0.5/1.5, the hybrid 0.25/1.5
    assert home[0].state_income == pytest.approx(0.5 / 1.5)
    assert home[1].state_income == pytest.approx(0.25 / 1.5)
    assert all(lab.state_income == 0 for lab in home[2:])


def test_controls_deny_the_tightness_less_leakage(model):
    us = model.government_by_name["us"]
    us.export_control, us.leakage = 0.6, 0.5
    assert policy.advanced_share(model) == pytest.approx(1 - 0.6 * 0.5)  # 0.7 of desired chips
    us.export_control = 0.0
    assert policy.advanced_share(model) == 1.0


def test_reactive_controls_tighten_only_while_the_lag_is_short(model):
    us = model.government_by_name["us"]
    us.export_control, us.react_gap_months, us.react_step = 0.5, 6.0, 0.05
    model.china_lag = 4.0
    policy.react(us, model)
    assert us.export_control == pytest.approx(0.55)
    model.china_lag = 8.0
    policy.react(us, model)
    assert us.export_control == pytest.approx(0.55)


def test_restrictions_bar_use_in_the_region_and_hosting_by_home_clouds(model):
    us = model.government_by_name["us"]
    us.restricted_origins = ["CN"]
    world = model.world
    barred = policy.barred_origins(world, model.governments)
    us_region, cn_bloc = world.region_index("US"), world.bloc_index("CN")
    assert barred[us_region, cn_bloc]
    assert barred[world.region_index("CN"), world.bloc_index("US")], "China bars US models at home"
    assert barred.sum() == 2
    hosting = policy.hosting_allowed(world, model.clouds, model.governments)
    for k, cloud in enumerate(model.clouds):
        assert hosting[k, cn_bloc] == (cloud.bloc != "US"), cloud.name


def test_procurement_favours_home_models_or_the_stance_of_the_south(model):
    world = model.world
    model.government_by_name["africa"].procurement_open = 1.0
    model.government_by_name["latam"].procurement_open = 0.0
    bonus = policy.procurement_bonus(world, model.governments)
    us_row = bonus[world.region_index("US")]
    us_gov = model.government_by_name["us"].procurement
    for lab in model.labs:
        expected = us_gov if lab.bloc == "US" else 0.0
        assert np.all(us_row[world.options_of(lab.index)] == expected), lab.name
    africa = bonus[world.region_index("AFRICA")]
    south = model.government_by_name["africa"].procurement
    assert np.all(africa[World.SELF_HOST_COLUMNS] == south) and np.all(africa[World.API_COLUMNS] == 0)
    latam = bonus[world.region_index("LATAM")]  # favouring closed services: APIs only
    assert np.all(latam[World.API_COLUMNS] == 0.5) and np.all(latam[World.SELF_HOST_COLUMNS] == 0)


def test_a_ban_removes_the_options_in_that_region_only():
    cfg = small_config(adopters=200, end="2026-06")
    cfg.timeline["test_ban"] = sim.config.EventConfig("2026-01", "restriction", "us", 1.0, setting="CN")
    model = sim.EcosystemModel(cfg)
    model.run_for(model.end - model.start + 1)
    adopters = model.recorder.adopters_table()
    chinese = adopters["origin"] == "CN"
    assert not np.any(chinese & (adopters["region"] == "US"))
    assert np.any(chinese & (adopters["region"] != "US"))


def three_lab_world() -> World:
    """Labs a (US), b (CN), c (CN); regions north (Global North), south1, south2 (Global South)."""
    return hand_built_world({"a": "US", "b": "CN", "c": "CN"},
                            {"north": "global_north", "south1": "global_south", "south2": "global_south"})


def test_procurement_and_promotion_on_a_hand_built_world():
    """Columns a-API, a-self, b-API, b-self, c-API, c-self; no model needed."""
    world = three_lab_world()
    cn = SimpleNamespace(bloc="CN", procurement=0.5, promotion_abroad=0.02, region_indices=np.array([0]))
    south = SimpleNamespace(bloc="", procurement=0.3, procurement_open=1.0, promotion_abroad=0.0,
                            region_indices=np.array([1, 2]))
    bonus = policy.procurement_bonus(world, [cn, south])
    np.testing.assert_array_equal(bonus, [
        [0, 0, 0.5, 0.5, 0.5, 0.5],  # CN's public adopters favour b and c, both modes
        [0, 0.3, 0, 0.3, 0, 0.3],  # the South's favour self-hosting, any lab
        [0, 0.3, 0, 0.3, 0, 0.3],
    ])
    promotion = policy.promotion_abroad(world, [cn, south])
    np.testing.assert_array_equal(promotion, [[0, 0, 0], [0, 0.02, 0.02], [0, 0.02, 0.02]])


def test_government_instruments_are_every_number_of_its_config():
    fields = {f.name for f in dataclasses.fields(GovernmentConfig)}
    assert set(policy.INSTRUMENTS) | {"bloc", "regions", "restricted_origins", "source", "display_name"} == fields
    assert len(policy.INSTRUMENTS) == len(set(policy.INSTRUMENTS))
    gov = sim.EcosystemModel(small_config(adopters=20)).government_by_name["us"]
    cfg = sim.default_config().governments["us"]
    for instrument in policy.INSTRUMENTS:
        assert getattr(gov, instrument) == getattr(cfg, instrument), instrument


def test_the_stance_switches_to_open_weights_when_their_gap_falls_below_the_band():
    """Tolerance 10 ECI at sovereignty 0.5 and dependence 0.4 (weight 0.5): tolerated gap
    10 * (0.5 + 0.5 * 0.4) = 7 ECI points; band 1: open below 6, closed above 8."""
    gov = SimpleNamespace(open_gap_tolerance=10.0, dependence_weight=0.5)
    tolerated = policy.tolerated_gap(gov, 0.5, 0.4)
    assert tolerated == pytest.approx(7.0)
    assert policy.stance(0.0, 6.5, tolerated, 1.0) == 0.0  # inside the band: kept
    assert policy.stance(0.0, 5.9, tolerated, 1.0) == 1.0  # open weights close enough: switch
    assert policy.stance(1.0, 7.9, tolerated, 1.0) == 1.0  # kept while inside the band
    assert policy.stance(1.0, 8.1, tolerated, 1.0) == 0.0  # too far behind: back to closed
    assert policy.stance(1.0, np.inf, tolerated, 1.0) == 0.0  # no open weights at all


def test_dependence_is_the_largest_share_of_users_on_one_blocs_apis(model):
    world, pop = model.world, model.population
    users = pop.region == world.region_index("AFRICA")
    rows = np.flatnonzero(users)
    assert rows.size >= 4
    us_lab = int(np.flatnonzero(world.labs_of("US"))[0])
    cn_lab = int(np.flatnonzero(world.labs_of("CN"))[0])
    pop.choice[rows] = -1
    pop.choice[rows[:2]] = World.option(us_lab, 0)  # two on a US API
    pop.choice[rows[2]] = World.option(cn_lab, 0)  # one on a Chinese API
    pop.choice[rows[3]] = World.option(cn_lab, 1)  # one self-hosting: no dependence
    assert policy.dependence(model, users) == pytest.approx(2 / 4)
    pop.choice[rows] = -1
    assert policy.dependence(model, users) == 0.0


def test_a_south_government_turns_open_as_open_weights_catch_up(model):
    """The rule on the model: the gap is the frontier less the best open weights."""
    gov = model.government_by_name["africa"]
    gov.procurement_open, gov.open_gap_tolerance, gov.dependence_weight, gov.stance_band = 0.0, 1000.0, 0.0, 1.0
    gov.stance_review_every = 13
    policy.choose_stance(gov, model)
    assert gov.procurement_open == 0.0, "month 24 of the run is no review month at a 13-month cadence"
    gov.stance_review_every = 1
    policy.choose_stance(gov, model)
    assert gov.procurement_open == 1.0, "a huge tolerance accepts any gap"
    logged = model.event_log[-1]
    assert (logged["kind"], logged["agent"], logged["change"], logged["value"]) == (
        "policy_change", "africa", "procurement_open", 1.0)
    gov.open_gap_tolerance = 1e-3  # tolerates nothing: any gap above the band closes it
    for lab in model.labs:  # open weights 5 ECI points behind the frontier, whatever labs chose
        lab.weights_capability = min(lab.weights_capability, model.frontier() - 5.0)
    assert model.frontier() - model.best_open_weights() > 1.01, "open weights trail the frontier"
    policy.choose_stance(gov, model)
    assert gov.procurement_open == 0.0
