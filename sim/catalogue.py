"""What each region can buy this month: the option table the choice kernel reads.

Every active lab offers up to two options: its model through an API (its own, or a cloud
vendor hosting its open weights, whichever is cheaper in the region) and, when it has
released open weights (now or before turning closed), the weights to self-host. Governments' restrictions remove options in their
regions; their procurement rules add a bonus for public adopters.
"""

from __future__ import annotations

import math

import numpy as np

from sim import policy
from sim.market import API, SELF_HOST, Options

OWN_API = -1
"""Channel code: the lab sells through its own API."""


def build_options(model, strategy_override: dict[int, str] | None = None):
    """The option table and, per (region, lab), the API channel (OWN_API or a cloud index).

    ``strategy_override`` maps lab indices to a hypothetical strategy, so that a lab can
    forecast its demand under another release strategy.
    """
    cfg = model.cfg
    labs, clouds = model.labs, model.clouds
    n_regions, n_labs = len(model.region_names), len(labs)
    n_options = 2 * n_labs
    overrides = strategy_override or {}
    capability = np.zeros(n_options)
    unit_price = np.zeros((n_regions, n_options))
    fixed_cost = np.zeros(n_options)
    requirement = np.zeros(n_options)
    available = np.zeros((n_regions, n_options), dtype=bool)
    sovereignty = np.zeros(n_options)
    risk = np.zeros(n_options)
    position = np.zeros(n_options)
    ecosystem = np.zeros(n_options)
    channel = np.full((n_regions, n_labs), OWN_API)
    barred = policy.barred_origins(model)  # (regions, blocs)
    hosting_allowed = policy.hosting_allowed(model)  # (clouds, blocs)
    w, pricing = cfg.adoption, cfg.pricing

    for lab in labs:
        if not lab.active:
            continue
        strategy = overrides.get(lab.index, lab.strategy)
        api, own = 2 * lab.index + API, 2 * lab.index + SELF_HOST
        bloc = model.bloc_index[lab.bloc]
        allowed_here = ~barred[:, bloc]
        weights = lab.open_capability(strategy)
        has_weights = not math.isnan(weights)
        cost_ratio = lab.serving_cost / pricing.frontier_cost

        capability[api] = lab.capability
        price = np.full(n_regions, lab.price if lab.own_api or strategy == "closed" else np.inf)
        if has_weights and strategy != "closed":
            for k, cloud in enumerate(clouds):
                if cloud.hosts_open and hosting_allowed[k, bloc]:
                    hosted = lab.serving_cost * (1 + cloud.markup)
                    cheaper = cloud.serves & (hosted < price)
                    price = np.where(cheaper, hosted, price)
                    channel[cheaper, lab.index] = k
        available[:, api] = allowed_here & np.isfinite(price)
        unit_price[:, api] = np.where(np.isfinite(price), price, 0.0)
        if has_weights:
            capability[own] = weights
            fixed_cost[own] = pricing.self_host_cost * cost_ratio
            requirement[own] = pricing.self_host_compute * cost_ratio
            available[:, own] = allowed_here
            sovereignty[api] = w.api_sovereignty * lab.licence
            sovereignty[own] = w.self_host_sovereignty * lab.licence
            ecosystem[[api, own]] = np.log1p(lab.derivatives_total / cfg.openness.ecosystem_scale)
        risk[[api, own]] = w.risk[lab.bloc]
        risk[own] *= 1 - w.self_host_risk
        position[[api, own]] = w.bloc_alignment[lab.bloc]

    options = Options(
        capability=capability,
        unit_price=unit_price,
        fixed_cost=fixed_cost,
        requirement=requirement,
        available=available,
        sovereignty=sovereignty,
        risk=risk,
        position=position,
        ecosystem=ecosystem,
        procurement=policy.procurement_bonus(model, n_options),
    )
    return options, channel
