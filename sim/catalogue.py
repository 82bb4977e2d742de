"""What each region can buy this month: the option table the choice kernel reads.

Every active lab offers up to two options: its best model through an API (its own, or, for
an open lab, a cloud vendor hosting its weights, whichever is cheaper in the region) and,
when it has released open weights (now, as a hybrid's trailing model, or before turning
closed), those weights to self-host.
Governments' restrictions remove options in their regions; their procurement rules add a
bonus for public adopters.
"""

from __future__ import annotations

import dataclasses
import math

import numpy as np

from sim.market import API, SELF_HOST, Options

OWN_API = -1
"""Channel code: the lab sells through its own API."""

_PER_OPTION = ("capability", "fixed_cost", "requirement", "sovereignty", "risk", "position", "ecosystem")
_PER_REGION = ("unit_price", "available")


def build_options(model) -> tuple[Options, np.ndarray]:
    """The option table and, per (region, lab), the API channel (OWN_API or a cloud index)."""
    n_regions, n_options = len(model.region_names), 2 * len(model.labs)
    arrays = {name: np.zeros(n_options) for name in _PER_OPTION}
    arrays["unit_price"] = np.zeros((n_regions, n_options))
    arrays["available"] = np.zeros((n_regions, n_options), dtype=bool)
    options = Options(**arrays, procurement=model.rules.procurement)
    channel = np.full((n_regions, len(model.labs)), OWN_API)
    for lab in model.labs:
        if lab.active:
            _fill(options, channel, model, lab, lab.strategy)
    return options, channel


def with_strategy(options: Options, model, lab, strategy: str) -> Options:
    """A copy of ``options`` in which ``lab`` follows ``strategy`` (for demand forecasts)."""
    copy = dataclasses.replace(
        options, **{name: getattr(options, name).copy() for name in _PER_OPTION + _PER_REGION}
    )
    columns = [2 * lab.index + API, 2 * lab.index + SELF_HOST]
    for name in _PER_OPTION:
        getattr(copy, name)[columns] = 0
    for name in _PER_REGION:
        getattr(copy, name)[:, columns] = 0
    channel = np.full((len(model.region_names), len(model.labs)), OWN_API)
    _fill(copy, channel, model, lab, strategy)
    return copy


def _fill(options: Options, channel: np.ndarray, model, lab, strategy: str) -> None:
    """Write one lab's two option columns for ``strategy``."""
    cfg = model.cfg
    w, pricing = cfg.adoption, cfg.pricing
    api, own = 2 * lab.index + API, 2 * lab.index + SELF_HOST
    bloc = model.bloc_index[lab.bloc]
    allowed_here = ~model.rules.barred[:, bloc]
    weights = lab.open_capability(strategy)
    has_weights = not math.isnan(weights)
    # Serving the downloadable weights costs less the further they trail the lab's best model.
    weights_cost = lab.serving_cost * 10.0 ** (-pricing.cost_per_eci * max(0.0, lab.capability - weights))
    cost_ratio = weights_cost / pricing.frontier_cost

    options.capability[api] = lab.capability
    price = np.full(len(allowed_here), lab.price if lab.own_api or strategy == "closed" else np.inf)
    if strategy == "open":  # clouds host the lab's best model only when its weights are out
        for k, cloud in enumerate(model.clouds):
            if cloud.hosts_open and model.rules.hosting[k, bloc]:
                hosted = lab.serving_cost * (1 + cloud.markup)
                cheaper = cloud.serves & (hosted < price)
                price = np.where(cheaper, hosted, price)
                channel[cheaper, lab.index] = k
    sold = np.isfinite(price)
    options.available[:, api] = allowed_here & sold
    options.unit_price[:, api] = np.where(sold, price, 0.0)
    if has_weights:
        options.capability[own] = weights
        options.fixed_cost[own] = pricing.self_host_cost * cost_ratio
        options.requirement[own] = pricing.self_host_compute * cost_ratio
        options.available[:, own] = allowed_here
        options.sovereignty[api] = w.api_sovereignty * lab.licence if strategy != "closed" else 0.0
        options.sovereignty[own] = w.self_host_sovereignty * lab.licence
        options.ecosystem[[api, own]] = np.log1p(lab.derivatives_total / cfg.openness.ecosystem_scale)
    options.risk[[api, own]] = w.risk[lab.bloc]
    options.risk[own] *= 1 - w.self_host_risk
    options.position[[api, own]] = w.bloc_alignment[lab.bloc]
