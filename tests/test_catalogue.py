"""The option table, and claim C1's counterfactual switches on it."""

from __future__ import annotations

import numpy as np
import pytest

from sim.catalogue import build_options
from sim.model import EcosystemModel
from sim.vocabulary import API, SELF_HOST
from sim.world import World
from tests.conftest import small_config


def model_at(month_steps: int, **switches) -> EcosystemModel:
    cfg = small_config(adopters=200)
    for name, value in switches.items():
        setattr(cfg.counterfactual, name, value)
    model = EcosystemModel(cfg)
    model.run_for(month_steps)
    return model


@pytest.fixture(scope="module")
def factual():
    model = model_at(40)  # 2025-04: US and Chinese labs active, open weights on both sides
    return model, build_options(model)[0]


def columns(model, bloc, mode):
    return [model.world.option(lab.index, mode) for lab in model.labs if lab.active and lab.bloc == bloc]


def test_price_parity_prices_chinese_apis_like_the_best_us_api(factual):
    model, options = factual
    model.cfg.counterfactual.price_parity = True
    parity = build_options(model)[0]
    us, cn = columns(model, "US", API), columns(model, "CN", API)
    for r, region in enumerate(model.world.regions):
        sold_us = [o for o in us if options.available[r, o]]
        sold_cn = [o for o in cn if options.available[r, o]]
        if not sold_us:  # China bars US models: nothing to match, prices unchanged
            assert region == "CN"
            np.testing.assert_array_equal(parity.unit_price[r], options.unit_price[r])
            continue
        best = max(sold_us, key=lambda o: options.capability[o])
        assert sold_cn
        np.testing.assert_array_equal(parity.unit_price[r, sold_cn], options.unit_price[r, best])
        np.testing.assert_array_equal(parity.unit_price[r, sold_us], options.unit_price[r, sold_us])
    np.testing.assert_array_equal(parity.capability, options.capability)
    np.testing.assert_array_equal(parity.fixed_cost, options.fixed_cost)


def test_capability_parity_shifts_chinese_models_by_the_frontier_gap(factual):
    model, options = factual
    model.cfg.counterfactual.price_parity = False
    model.cfg.counterfactual.capability_parity = True
    parity = build_options(model)[0]
    gap = model.frontier("US") - model.frontier("CN")
    assert gap > 0
    for mode in (API, SELF_HOST):
        cn = [o for o in columns(model, "CN", mode) if options.capability[o] > 0]
        assert cn
        np.testing.assert_allclose(parity.capability[cn], options.capability[cn] + gap)
        us = columns(model, "US", mode)
        np.testing.assert_array_equal(parity.capability[us], options.capability[us])
    np.testing.assert_array_equal(parity.unit_price, options.unit_price)
    np.testing.assert_array_equal(parity.fixed_cost, options.fixed_cost)  # the same hardware bill


def test_price_parity_towards_us_charges_for_the_free_download_of_chinese_weights(factual):
    model, options = factual
    cf = model.cfg.counterfactual
    cf.price_parity, cf.capability_parity, cf.parity_towards = True, False, "US"
    parity = build_options(model)[0]
    us_api = columns(model, "US", API)
    cn_weights = [o for o in columns(model, "CN", SELF_HOST) if options.available[:, o].any()]
    us_weights = columns(model, "US", SELF_HOST)
    assert cn_weights
    for r, region in enumerate(model.world.regions):
        sold_us = [o for o in us_api if options.available[r, o]]
        if not sold_us:
            continue
        best = max(sold_us, key=lambda o: options.capability[o])
        np.testing.assert_array_equal(parity.unit_price[r, cn_weights], options.unit_price[r, best])
        np.testing.assert_array_equal(parity.unit_price[r, us_weights], 0.0)
    np.testing.assert_array_equal(options.unit_price[:, cn_weights], 0.0)  # in fact the download is free


def test_parity_towards_cn_gives_us_models_chinese_prices_and_capability(factual):
    model, options = factual
    cf = model.cfg.counterfactual
    cf.price_parity, cf.capability_parity, cf.parity_towards = True, False, "CN"
    priced = build_options(model)[0]
    cf.price_parity, cf.capability_parity = False, True
    shifted = build_options(model)[0]
    cf.capability_parity, cf.parity_towards = False, "US"
    us, cn = columns(model, "US", API), columns(model, "CN", API)
    for r in range(len(model.world.regions)):
        sold_us = [o for o in us if options.available[r, o]]
        sold_cn = [o for o in cn if options.available[r, o]]
        if not (sold_us and sold_cn):
            continue
        best = max(sold_cn, key=lambda o: options.capability[o])
        np.testing.assert_array_equal(priced.unit_price[r, sold_us], options.unit_price[r, best])
        np.testing.assert_array_equal(priced.unit_price[r, sold_cn], options.unit_price[r, sold_cn])
    np.testing.assert_array_equal(priced.unit_price[:, World.SELF_HOST_COLUMNS], 0.0)  # weights stay free
    gap = model.frontier("US") - model.frontier("CN")
    np.testing.assert_allclose(shifted.capability[us], options.capability[us] - gap)
    np.testing.assert_array_equal(shifted.capability[cn], options.capability[cn])
