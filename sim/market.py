"""Mechanism 4: the adopters' choice among the models available to them.

Each adopter weighs every option it can use (a lab's model through an API, or its open
weights self-hosted) by a random-utility rule and picks the best, or no model at all:

    V = b_cap served(capability, need)  - b_price log(1 + cost / budget)
      + b_sov sovereignty_pref * sovereignty  - b_effort [self-hosted]  - b_trust trust_pref * risk
      + b_align alignment * bloc_position  + b_peers peer_share
      + b_eco ecosystem  + procurement (public adopters)  - switching (other family)
      + Gumbel noise,

against ``V_none = outside + noise``; every term in utils. Capability serves needs: each
adopter's tasks need some capability (``need``, ECI points, drawn once per adopter), and

    served(capability, need) = 1 / (1 + exp(-(capability - need) / width))

is the share of the full value ``b_cap`` that a model of that capability (ECI points)
gives, with ``width`` (``adoption.need_width``, ECI points) the scale of the transition: a
model at the need gives half, one far above it little more than all, one far below it
almost nothing. Rising capability therefore raises adoption by serving more adopters'
tasks, up to the share that a fully serving model wins against using none, not without
bound.

With i.i.d. standard Gumbel noise, choice shares are multinomial-logit shares (McFadden
1974). :func:`choose` is the vectorised kernel used by the model; :func:`choose_reference`
is its plain per-adopter twin, kept for differential tests. Both are pure: no Mesa, and
randomness arrives as arguments.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from scipy.special import expit

from sim.config import AdoptionConfig
from sim.vocabulary import SELF_HOST
from sim.world import NO_CHOICE, World

@dataclass(frozen=True)
class Options:
    """What each region can buy this month: one column per (lab, mode), laid out as
    :class:`sim.world.World` says."""

    capability: np.ndarray  # (O,) ECI points
    unit_price: np.ndarray  # (R, O) US$ per million tokens (0 when self-hosted)
    fixed_cost: np.ndarray  # (O,) US$ per month (hardware for self-hosting)
    requirement: np.ndarray  # (O,) GPUs needed to self-host
    available: np.ndarray  # (R, O) bool: sold in the region and not barred
    sovereignty: np.ndarray  # (O,) 0-1
    risk: np.ndarray  # (O,) 0-1
    position: np.ndarray  # (O,) the option's bloc on the alignment axis, -1..1
    ecosystem: np.ndarray  # (O,) log ecosystem size of the family
    procurement: np.ndarray  # (R, O) utility bonus for public adopters

    @property
    def size(self) -> int:
        return self.capability.size


@dataclass(frozen=True)
class Adopters:
    """The adopter arrays the choice rule reads (a view of the population)."""

    region: np.ndarray
    budget: np.ndarray
    volume: np.ndarray
    compute: np.ndarray
    sovereignty: np.ndarray
    trust: np.ndarray
    alignment: np.ndarray
    switching: np.ndarray
    need: np.ndarray  # capability each adopter's tasks need, ECI points
    is_government: np.ndarray
    choice: np.ndarray  # current option, NO_CHOICE for none
    aware: np.ndarray  # (N, L) bool


def utilities(
    options: Options,
    adopters: Adopters,
    peer_share: np.ndarray,
    w: AdoptionConfig,
    rows: np.ndarray | slice = slice(None),
    cols: np.ndarray | slice = slice(None),
    labs: np.ndarray | None = None,
) -> np.ndarray:
    """Systematic utility of each option for each adopter; -inf where it cannot be used.

    ``rows`` and ``cols`` restrict the computation to some adopters and options; ``labs``
    names the lab of each selected column when the table is not laid out lab by lab (as
    in a lab's forecast, ``sim.catalogue.offers``). Only usable (adopter, option) pairs are
    computed (an adopter knows few labs), each by the same operations in the same order
    as for a full matrix, terms added in place.
    """
    who = np.arange(adopters.region.size)[rows]
    region = adopters.region[who]
    c = np.arange(options.size)[cols]
    lab = World.lab_of(c) if labs is None else labs
    usable = options.available[:, c][region]
    usable &= adopters.aware[:, lab][who]
    usable &= adopters.compute[who, None] >= options.requirement[c]
    v = np.full(usable.shape, -np.inf)
    at, col = np.nonzero(usable)
    adopter, option = who[at], c[col]
    u = options.unit_price[region[at], option]  # becomes the price term, in place
    u *= adopters.volume[adopter]
    u += options.fixed_cost[option]
    u /= adopters.budget[adopter]
    np.log1p(u, out=u)
    u *= -w.price
    # Terms of the option alone, then the adopter-by-option products in one matrix product.
    u += w.capability * served(options.capability[option], adopters.need[adopter], w.need_width)
    u += (-w.self_host_effort * (World.mode_of(c) == SELF_HOST) + w.ecosystem * options.ecosystem[c])[col]
    product_rows = _product_rows(usable)
    taster = who[product_rows]
    tastes = np.column_stack([adopters.sovereignty[taster], adopters.trust[taster], adopters.alignment[taster]])
    u += (tastes @ np.vstack([
        w.sovereignty * options.sovereignty[c], -w.trust * options.risk[c], w.alignment * options.position[c]
    ]))[np.searchsorted(product_rows, at), col]
    u += w.peers * peer_share[adopter, lab[col]]
    public = np.flatnonzero(adopters.is_government[adopter])
    u[public] += options.procurement[region[at[public]], option[public]]
    # Switching: everyone with a model pays it for every option, then gets it back for
    # the options of the family already in use.
    current = adopters.choice[adopter]
    has = np.flatnonzero(current != NO_CHOICE)
    penalty = adopters.switching[adopter[has]]
    u[has] -= penalty
    u[has] += penalty * (lab[col[has]] == World.lab_of(current[has]))
    v[at, col] = u
    return v


def _product_rows(usable: np.ndarray) -> np.ndarray:
    """The rows (sorted) of the taste matrix product in :func:`utilities`: those with a usable
    option, and at least two unless there is one row in all. A product over several rows
    rounds each row as the product over all of them does, one over a single row (a vector
    product) may not."""
    rows = np.flatnonzero(usable.any(axis=1))
    if rows.size == 1 and len(usable) > 1:
        rows = np.array([0, 1]) if rows[0] < 2 else np.array([0, rows[0]])
    return rows


def served(capability: np.ndarray, need: np.ndarray, width: float) -> np.ndarray:
    """Share (0-1) of an adopter's full value of a model that its capability delivers:
    logistic in the capability above the need (both ECI points), on the scale ``width``."""
    return expit((capability - need) / width)


def choose(
    options: Options,
    adopters: Adopters,
    peer_share: np.ndarray,
    w: AdoptionConfig,
    revising: np.ndarray,
    gumbel: np.ndarray,
) -> np.ndarray:
    """New option of every adopter (NO_CHOICE = none); the vectorised kernel.

    ``revising`` (bool, N) marks adopters who reconsider this month; ``gumbel`` holds their
    noise, one row per revising adopter (in adopter order) and one column for "none"
    followed by one per option. An adopter whose current option became unusable must
    reconsider too; the caller includes it in ``revising``.
    """
    new_choice = adopters.choice.copy()
    rows = np.flatnonzero(revising)
    if rows.size == 0:
        return new_choice
    v = utilities(options, adopters, peer_share, w, rows=rows)
    v += gumbel[:, 1:]
    best = np.argmax(v, axis=1)
    beats_none = v[np.arange(rows.size), best] > w.outside + gumbel[:, 0]  # "none" wins ties
    new_choice[rows] = np.where(beats_none, best, NO_CHOICE)
    return new_choice


def current_usable(options: Options, adopters: Adopters) -> np.ndarray:
    """Whether each adopter can still use its current option (True for those with none)."""
    choice = adopters.choice
    has = choice != NO_CHOICE
    ok = np.ones(choice.size, dtype=bool)
    idx = np.flatnonzero(has)
    c = choice[idx]
    ok[idx] = (
        options.available[adopters.region[idx], c]
        & (adopters.compute[idx] >= options.requirement[c])
    )
    return ok


def choose_reference(
    options: Options,
    adopters: Adopters,
    peer_share: np.ndarray,
    w: AdoptionConfig,
    revising: np.ndarray,
    gumbel: np.ndarray,
) -> np.ndarray:
    """The same rule as :func:`choose`, one adopter and one option at a time."""
    new_choice = [int(c) for c in adopters.choice]
    draw_row = 0
    for i in range(len(new_choice)):
        if not revising[i]:
            continue
        r = int(adopters.region[i])
        current = new_choice[i]
        best, best_score = NO_CHOICE, w.outside + gumbel[draw_row][0]
        for o in range(options.size):
            lab = World.lab_of(o)
            if not (
                options.available[r][o]
                and adopters.aware[i][lab]
                and adopters.compute[i] >= options.requirement[o]
            ):
                continue
            cost = options.unit_price[r][o] * adopters.volume[i] + options.fixed_cost[o]
            other_family = current != NO_CHOICE and World.lab_of(current) != lab
            switching = adopters.switching[i] if other_family else 0.0
            v = (
                w.capability / (1.0 + math.exp((adopters.need[i] - options.capability[o]) / w.need_width))
                - w.price * math.log1p(cost / adopters.budget[i])
                + w.sovereignty * adopters.sovereignty[i] * options.sovereignty[o]
                - w.self_host_effort * (World.mode_of(o) == SELF_HOST)
                - w.trust * adopters.trust[i] * options.risk[o]
                + w.alignment * adopters.alignment[i] * options.position[o]
                + w.peers * peer_share[i][lab]
                + w.ecosystem * options.ecosystem[o]
                + adopters.is_government[i] * options.procurement[r][o]
                - switching
            )
            score = v + gumbel[draw_row][o + 1]
            if score > best_score:
                best, best_score = o, score
        new_choice[i] = best
        draw_row += 1
    return np.array(new_choice)


def tokens_bought(unit_price: np.ndarray, volume: np.ndarray, budget: np.ndarray, w: AdoptionConfig) -> np.ndarray:
    """Million tokens a month that adopters buy at ``unit_price`` (US$ per million tokens).

    An adopter wants its ``volume`` at ``w.reference_price`` and ``(price / reference)
    ** -w.price_elasticity`` times as much at another price (cheaper tokens get more use),
    and buys that or what its monthly ``budget`` (US$) affords, whichever is less. No adopter
    spends beyond its budget, so a lab's revenue stays bounded however high its price climbs
    (a price rising with capability would otherwise feed revenue, compute and capability
    without limit), and stays bounded however low it falls.
    """
    with np.errstate(divide="ignore", over="ignore"):  # a free or near-free price affords any volume
        wanted = volume * np.power(np.divide(unit_price, w.reference_price), -w.price_elasticity)
        return np.minimum(wanted, np.divide(budget, unit_price))


def demand_growth(years: float, yearly_factor: float, half_life: float) -> float:
    """Factor by which a budget or a token use has grown ``years`` after 2022-01, when it grew
    by ``yearly_factor`` a year at first and its log growth rate halves every ``half_life``
    years (so growth is bounded: at most ``yearly_factor ** (half_life / ln 2)``); 1 before."""
    years = max(years, 0.0)
    decay = math.log(2.0) / half_life
    return math.exp(math.log(yearly_factor) * (1.0 - math.exp(-decay * years)) / decay)


def logit_shares(v: np.ndarray, outside: float) -> np.ndarray:
    """Expected choice probabilities (N x (1 + O)): column 0 is "none"; -inf options get 0."""
    scores = np.concatenate([np.full((v.shape[0], 1), outside), v], axis=1)
    top = scores.max(axis=1, keepdims=True)
    weights = np.exp(scores - top)
    return weights / weights.sum(axis=1, keepdims=True)
