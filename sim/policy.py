"""Mechanism 6: governments' instruments and what they do to labs, clouds and adopters.

Instruments (each a field of a government, changed by dated timeline events or by a
reactive rule):

- export controls: the share of advanced chips Chinese labs are denied, less leakage;
- reactive controls: tighten while China's lag behind the US frontier is below a threshold;
- money: subsidies and compute vouchers for home labs, a VC guidance fund for home
  venture-funded labs, a reward for home labs that release open weights;
- procurement: public adopters in its regions favour home models (a bloc government) or
  self-hosted sovereign models (a Global South government);
- restrictions: models of barred blocs cannot be used in its regions, nor hosted by its
  clouds;
- promotion abroad: its labs' models become known in the Global South (Digital Silk Road,
  American AI stack).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from sim.world import World

LEVELS = (
    "export_control", "subsidy", "compute_voucher", "vc_fund", "open_reward", "procurement",
    "promotion_abroad",
)
"""A government's instrument levels: set by timeline events, recorded each month in the
policies table (money in US$ billion a month, ``procurement`` in utils, the rest 0-1)."""
RULE_SETTINGS = ("leakage", "react_gap_months", "react_step")
"""Fixed settings of its export-control rule: how much leaks, and when and how fast it
tightens by itself."""
INSTRUMENTS = LEVELS + RULE_SETTINGS
"""Every number a government copies from :class:`sim.config.GovernmentConfig`; with
``restricted_origins`` these are all its instruments."""

OPEN_WEIGHT = {"closed": 0.0, "hybrid": 0.5, "open": 1.0}
"""How much of a strategy counts as an open release (for rewards and payoffs)."""


def advanced_share(model) -> float:
    """Share of desired advanced chips a Chinese lab obtains under the tightest controls."""
    controls = [g for g in model.governments if g.bloc != "CN" and g.export_control > 0]
    if not controls:
        return 1.0
    strictest = max(controls, key=lambda g: g.export_control)
    return 1.0 - strictest.export_control * (1.0 - strictest.leakage)


def react(gov, model) -> None:
    """Tighten export controls while China's lag is below the government's threshold."""
    lag = model.china_lag
    if gov.react_gap_months > 0 and lag < gov.react_gap_months and gov.export_control < 1.0:
        gov.export_control = min(1.0, gov.export_control + gov.react_step)
        model.log_event("policy_change", gov.name, "export_control",
                        f"export_control={gov.export_control:.2f} (lag {lag:.1f} months)",
                        value=gov.export_control)


def disburse(gov, model) -> float:
    """Pay this month's subsidies, VC-fund money and open-release rewards; return the total."""
    if not gov.bloc:
        return 0.0
    home = [lab for lab in model.labs if lab.active and lab.bloc == gov.bloc]
    total = 0.0
    total += _share_out(home, gov.subsidy, [1.0] * len(home))
    total += _share_out(home, gov.vc_fund, [float(lab.funding == "vc") for lab in home])
    total += _share_out(home, gov.open_reward, [OPEN_WEIGHT[lab.strategy] for lab in home])
    return total


def _share_out(labs, amount: float, weights: list[float]) -> float:
    weight = sum(weights)
    if amount <= 0 or weight <= 0:
        return 0.0
    for lab, w in zip(labs, weights):
        lab.state_income += amount * w / weight
    return amount


@dataclass(frozen=True)
class Rules:
    """This month's rules that shape what can be bought where (fixed within a month)."""

    barred: np.ndarray  # (regions x blocs) True where a government bars that bloc's models
    hosting: np.ndarray  # (clouds x blocs) whether a cloud may host that bloc's weights
    procurement: np.ndarray  # (regions x options) utility bonus for public adopters


def current_rules(model) -> Rules:
    """The rules in force now (after this month's timeline events)."""
    world, governments = model.world, model.governments
    return Rules(
        barred=barred_origins(world, governments),
        hosting=hosting_allowed(world, model.clouds, governments),
        procurement=procurement_bonus(world, governments),
    )


def barred_origins(world: World, governments) -> np.ndarray:
    """(regions x blocs) True where a government bars that bloc's models."""
    barred = np.zeros((len(world.regions), len(world.blocs)), dtype=bool)
    for gov in governments:
        for bloc in gov.restricted_origins:
            barred[gov.region_indices, world.bloc_index(bloc)] = True
    return barred


def hosting_allowed(world: World, clouds, governments) -> np.ndarray:
    """(clouds x blocs) whether a cloud's home government lets it host that bloc's weights."""
    allowed = np.ones((len(clouds), len(world.blocs)), dtype=bool)
    for k, cloud in enumerate(clouds):
        for gov in governments:
            if gov.bloc == cloud.bloc:
                for bloc in gov.restricted_origins:
                    allowed[k, world.bloc_index(bloc)] = False
    return allowed


def procurement_bonus(world: World, governments) -> np.ndarray:
    """(regions x options) utility bonus public adopters give favoured options: a bloc
    government's home labs' options, a Global South government's self-hosted ones."""
    bonus = np.zeros((len(world.regions), world.n_options))
    options = np.arange(world.n_options)
    for gov in governments:
        if gov.procurement == 0:
            continue
        if gov.bloc:
            favoured = options[world.per_option(world.labs_of(gov.bloc))]
        else:
            favoured = options[World.SELF_HOST_COLUMNS]
        bonus[np.ix_(gov.region_indices, favoured)] += gov.procurement
    return bonus


def promotion_abroad(world: World, governments) -> np.ndarray:
    """(regions x labs) monthly chance of learning of a lab from its government's promotion."""
    chance = np.zeros((len(world.regions), len(world.labs)))
    for gov in governments:
        if gov.bloc and gov.promotion_abroad > 0:
            home = np.flatnonzero(world.labs_of(gov.bloc))
            chance[np.ix_(world.global_south, home)] += gov.promotion_abroad
    return chance
