"""Mechanism 6: governments' instruments and what they do to labs, clouds and adopters.

Instruments (each a field of a government, changed by dated timeline events or by a
reactive rule):

- export controls: the share of advanced chips Chinese labs are denied, less leakage;
- reactive controls: tighten while China's lag behind the US frontier is below a threshold;
- money: subsidies and compute vouchers for home labs, a VC guidance fund for home
  venture-funded labs, a reward for home labs that release open weights;
- procurement: public adopters in its regions favour home models (a bloc government), or
  (a Global South government) open weights they self-host or closed services bought through
  an API, by a stance it chooses with a reactive rule: it favours open weights while they
  trail the frontier by less than it tolerates for sovereignty and independence;
- restrictions: models of barred blocs cannot be used in its regions, nor hosted by its
  clouds;
- promotion abroad: its labs' models become known in the Global South (Digital Silk Road,
  American AI stack).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from sim.vocabulary import API
from sim.world import NO_CHOICE, World

LEVELS = (
    "export_control", "subsidy", "compute_voucher", "vc_fund", "open_reward", "procurement",
    "procurement_open", "promotion_abroad",
)
"""A government's instrument levels: set by timeline events or its reactive rules, recorded
each month in the policies table (money in US$ billion a month, ``procurement`` in utils,
the rest 0-1)."""
RULE_SETTINGS = (
    "leakage", "react_gap_months", "react_step", "open_gap_tolerance", "dependence_weight", "stance_band",
    "stance_review_every",
)
"""Fixed settings of its rules: how much of its export control leaks, when and how fast it
tightens by itself; what capability gap of open weights it tolerates, and how wide its band
of inertia is, and how often it chooses its procurement stance."""
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


def choose_stance(gov, model) -> None:
    """A Global South government's procurement stance, re-chosen every
    ``stance_review_every`` months from the run's start (the reactive rule; bloc
    governments favour their home labs and have none)."""
    if gov.bloc or gov.open_gap_tolerance <= 0 or (model.month - model.start) % gov.stance_review_every:
        return
    pop = model.population
    users = np.isin(pop.region, gov.region_indices)
    open_weights = model.best_open_weights()
    gap = model.frontier() - open_weights if np.isfinite(open_weights) else np.inf
    tolerated = tolerated_gap(gov, float(pop.sovereignty[users].mean()), dependence(model, users))
    chosen = stance(gov.procurement_open, gap, tolerated, gov.stance_band)
    if chosen != gov.procurement_open:
        gov.procurement_open = chosen
        model.rules_changed()
        model.log_event("policy_change", gov.name, "procurement_open",
                        f"procurement favours {'open weights' if chosen else 'closed services'} "
                        f"(open weights {gap:.1f} ECI behind, {tolerated:.1f} tolerated)",
                        value=chosen)


def tolerated_gap(gov, sovereignty: float, dependence: float) -> float:
    """ECI points the best open weights may trail the frontier for the government to favour
    them: its tolerance scaled by its adopters' mean sovereignty preference (0-1) and by its
    dependence on one foreign bloc (0-1)."""
    return gov.open_gap_tolerance * (sovereignty + gov.dependence_weight * dependence)


def stance(current: float, gap: float, tolerated: float, band: float) -> float:
    """1 (favour open weights) when they trail by less than ``tolerated - band`` ECI points,
    0 (closed services) when by more than ``tolerated + band``; inside the band, ``current``."""
    if gap < tolerated - band:
        return 1.0
    if gap > tolerated + band:
        return 0.0
    return current


def dependence(model, users: np.ndarray) -> float:
    """The largest share of the masked adopters' model users who use one bloc's models
    through an API (0 when none uses a model): dependence on foreign services."""
    choice = model.population.choice[users]
    choice = choice[choice != NO_CHOICE]
    if choice.size == 0:
        return 0.0
    api = choice[World.mode_of(choice) == API]
    by_bloc = np.bincount(model.world.lab_blocs[World.lab_of(api)], minlength=len(model.world.blocs))
    return float(by_bloc.max() / choice.size)


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
    government's home labs' options; a Global South government's self-hosted options times
    its stance ``procurement_open`` and its API options times the rest."""
    bonus = np.zeros((len(world.regions), world.n_options))
    for gov in governments:
        if gov.procurement == 0:
            continue
        if gov.bloc:
            favour = world.per_option(world.labs_of(gov.bloc)).astype(float)
        else:
            favour = World.interleave(
                np.full(len(world.labs), 1.0 - gov.procurement_open), np.full(len(world.labs), gov.procurement_open)
            )
        bonus[gov.region_indices] += gov.procurement * favour
    return bonus


def promotion_abroad(world: World, governments) -> np.ndarray:
    """(regions x labs) monthly chance of learning of a lab from its government's promotion."""
    chance = np.zeros((len(world.regions), len(world.labs)))
    for gov in governments:
        if gov.bloc and gov.promotion_abroad > 0:
            home = np.flatnonzero(world.labs_of(gov.bloc))
            chance[np.ix_(world.global_south, home)] += gov.promotion_abroad
    return chance
