"""Mechanism 6 alone: what each government instrument does, checked by hand."""

from __future__ import annotations

import numpy as np
import pytest

import sim
from sim import policy
from tests.conftest import small_config


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
    for lab, strategy in zip(home, ["open", "hybrid", "closed", "closed", "closed"]):
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
    barred = policy.barred_origins(model)
    us_region, cn_bloc = model.region_index["US"], model.bloc_index["CN"]
    assert barred[us_region, cn_bloc]
    assert barred[model.region_index["CN"], model.bloc_index["US"]], "China bars US models at home"
    assert barred.sum() == 2
    hosting = policy.hosting_allowed(model)
    for k, cloud in enumerate(model.clouds):
        assert hosting[k, cn_bloc] == (cloud.bloc != "US"), cloud.name


def test_procurement_favours_home_models_or_self_hosting(model):
    bonus = policy.procurement_bonus(model, 2 * len(model.labs))
    us_row = bonus[model.region_index["US"]]
    us_gov = model.government_by_name["us"].procurement
    for lab in model.labs:
        expected = us_gov if lab.bloc == "US" else 0.0
        assert us_row[2 * lab.index] == us_row[2 * lab.index + 1] == expected, lab.name
    africa = bonus[model.region_index["AFRICA"]]
    south = model.government_by_name["africa"].procurement
    assert np.all(africa[1::2] == south) and np.all(africa[0::2] == 0)


def test_a_ban_removes_the_options_in_that_region_only():
    cfg = small_config(adopters=200, end="2026-06")
    cfg.timeline["test_ban"] = sim.config.EventConfig("2026-01", "restriction", "us", 1.0, setting="CN")
    model = sim.EcosystemModel(cfg)
    model.run_for(model.end - model.start + 1)
    pop = model.population
    chinese = np.isin(pop.choice // 2, [lab.index for lab in model.labs if lab.bloc == "CN"]) & (pop.choice >= 0)
    assert not np.any(chinese & (pop.region == model.region_index["US"]))
    assert np.any(chinese & (pop.region != model.region_index["US"]))
