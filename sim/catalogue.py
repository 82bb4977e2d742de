"""What each region can buy this month: the option table the choice kernel reads.

Every active lab offers up to two options: its best model through an API (its own, or, for
an open lab, a cloud vendor that chose to host its family there, at the markup it chose,
whichever is cheaper in the region) and,
when it has released open weights (now, as a hybrid's trailing model, or before turning
closed), those weights to self-host.
Governments' restrictions remove options in their regions; their procurement rules add a
bonus for public adopters.
"""

from __future__ import annotations

import numpy as np

from sim.market import Options
from sim.vocabulary import API, SELF_HOST
from sim.world import World

OWN_API = -1
"""Channel code: the lab sells through its own API."""


def build_options(model) -> tuple[Options, np.ndarray]:
    """The option table and, per (region, lab), the API channel (OWN_API or a cloud index)."""
    return offers(model, [(lab, lab.strategy, lab.licence) for lab in model.labs])


def offers(model, pairs: list) -> tuple[Options, np.ndarray]:
    """Option columns for (lab, strategy, licence) triples, triple ``i`` in the place of lab
    ``i`` of the world's layout (its API and self-hosting options); and the API channel per
    (region, triple).

    With every lab under its own strategy and licence this is the market's table; a lab
    forecasting its demand asks for itself under hypothetical ones.
    """
    cfg, clouds, world = model.cfg, model.clouds, model.world
    w, pricing = cfg.adoption, cfg.pricing
    labs = [lab for lab, _, _ in pairs]
    strategy = np.array([s for _, s, _ in pairs])
    active = np.array([lab.active for lab in labs])
    capability = np.array([lab.capability for lab in labs])
    cost = np.array([lab.serving_cost for lab in labs])
    licence = np.array([terms for _, _, terms in pairs])
    index = np.array([lab.index for lab in labs], dtype=int)
    bloc = world.lab_blocs[index]
    blocs = [lab.bloc for lab in labs]

    # Downloadable weights (Lab.open_capability); serving them costs less the further they
    # trail the lab's best model.
    weights = np.array([lab.open_capability(s) for lab, s, _ in pairs])
    has_weights = active & ~np.isnan(weights)
    weights = np.where(has_weights, weights, 0.0)
    weights_cost = cost * 10.0 ** (-pricing.cost_per_eci * np.maximum(0.0, capability - weights))
    cost_ratio = np.where(has_weights, weights_cost / pricing.reference_cost, 0.0)

    # API channel: the lab's own API, or (open labs only) the cheapest cloud hosting its
    # weights in the region; the lab keeps a tie, and the first cloud wins among equals.
    own_api = np.array([lab.own_api for lab in labs])
    own_price = np.where(own_api | (strategy != "open"), [lab.price for lab in labs], np.inf)
    channel = np.full((len(world.regions), len(labs)), OWN_API)
    api_price = np.broadcast_to(own_price, channel.shape).copy()
    if clouds:
        hosts = hosts_of(model, labs, strategy)  # (clouds, labs)
        serves = np.array([c.serves for c in clouds])  # (clouds, regions)
        markup = np.array([c.hosting_markup for c in clouds])[:, index]  # (clouds, labs)
        hosted = np.where(
            hosts[:, None, :] & serves[:, :, None], (1.0 + markup)[:, None, :] * cost, np.inf
        )  # (clouds, regions, labs)
        cheapest = hosted.min(axis=0)
        via_cloud = cheapest < api_price
        api_price = np.where(via_cloud, cheapest, api_price)
        channel = np.where(via_cloud, hosted.argmin(axis=0), OWN_API)
    allowed = ~model.rules.barred[:, bloc] & active  # (regions, labs)
    sold = allowed & np.isfinite(api_price)
    capability, weights, api_price, download_price = _counterfactual(
        model, bloc, sold, has_weights, capability, weights, api_price
    )

    risk = np.where(active, [w.risk[b] for b in blocs], 0.0)
    position = np.where(active, [w.bloc_alignment[b] for b in blocs], 0.0)
    ecosystem = np.where(has_weights, model.ecosystem()[index], 0.0)
    market_columns = World.interleave(World.option(index, API), World.option(index, SELF_HOST))
    options = Options(
        capability=World.interleave(np.where(active, capability, 0.0), weights),
        unit_price=World.interleave(np.where(sold, api_price, 0.0), download_price),
        fixed_cost=World.interleave(np.zeros(len(labs)), pricing.self_host_cost * cost_ratio),
        requirement=World.interleave(np.zeros(len(labs)), pricing.self_host_compute * cost_ratio),
        available=World.interleave(sold, allowed & has_weights),
        sovereignty=World.interleave(
            # an API gives sovereignty only where it serves open weights: an open lab's (a
            # hybrid's API sells its closed model, not the side line it releases)
            np.where(has_weights & (strategy == "open"), w.api_sovereignty * licence, 0.0),
            np.where(has_weights, w.self_host_sovereignty * licence, 0.0),
        ),
        risk=World.interleave(risk, risk * (1.0 - w.self_host_risk)),
        position=World.interleave(position, position),
        ecosystem=World.interleave(ecosystem, ecosystem),
        procurement=model.rules.procurement[:, market_columns],
    )
    return options, channel


def hosts_of(model, labs: list, strategies) -> np.ndarray:
    """(clouds, labs) whether each cloud sells each lab's API under the given strategies: it
    hosts the lab's family (its own decision, ``sim.agents.cloud``), the lab is active and
    open, and the cloud's government lets it host the lab's bloc's weights."""
    index = np.array([lab.index for lab in labs], dtype=int)
    is_open = np.array([lab.active for lab in labs]) & (np.asarray(strategies) == "open")
    hosted = np.array([c.hosted for c in model.clouds]).reshape(len(model.clouds), len(model.labs))[:, index]
    return hosted & model.rules.hosting[:, model.world.lab_blocs[index]] & is_open


def _counterfactual(model, bloc, sold, has_weights, capability, weights, api_price):
    """Capabilities, API prices and per-token prices of downloaded weights (all 0 in fact)
    of the offers in claim C1's counterfactual worlds.

    Parity gives one bloc's models the level of the other's (``counterfactual.parity_towards``
    names whose). Price parity: an API of the other bloc is sold at the price of the most
    capable API of that bloc sold in the region (adopters pay it and its seller earns it);
    towards US, Chinese weights lose their free download as well: self-hosters pay that
    price per token on top of their hardware (US weights stay free in both directions, as
    US closed models have none to price). Capability parity: every model of the other bloc
    performs, for its adopters, as well as the reference bloc's frontier does relative to its
    own (shifted by the gap); the labs' own capability, training and costs run as usual.
    ``bloc`` holds the bloc index of each offer's lab.
    """
    parity, world = model.cfg.counterfactual, model.world
    towards = parity.parity_towards
    other = "CN" if towards == "US" else "US"
    moved, reference = bloc == world.bloc_index(other), bloc == world.bloc_index(towards)
    download_price = np.zeros_like(api_price)
    if parity.capability_parity and moved.any():
        gap = model.frontier(towards, default=np.nan) - model.frontier(other, default=np.nan)
        if np.isfinite(gap):
            capability = np.where(moved, capability + gap, capability)
            weights = np.where(moved & has_weights, weights + gap, weights)
    if parity.price_parity and moved.any():
        reference_sold = sold & reference  # (regions, labs)
        best = np.where(reference_sold, capability, -np.inf).argmax(axis=1)
        reference_price = api_price[np.arange(len(api_price)), best][:, None]  # (regions, 1)
        matched = reference_sold.any(axis=1)[:, None] & moved
        api_price = np.where(matched & np.isfinite(api_price), reference_price, api_price)
        if towards == "US":
            download_price = np.where(matched & has_weights, reference_price, 0.0)
    return capability, weights, api_price, download_price
