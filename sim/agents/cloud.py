"""Cloud vendors: decide which open families to host, in which regions, at what markup.

Every ``review_every`` months (from the run's start) a cloud weighs each open family its
government lets it host by the expected monthly value of hosting it (US$ per month):

    value(m) = sum over regions r it serves of
                   won_r(m) * (volume_r(m) * cost * m + [affiliated] * pull_through * users_r(m))
               - hosting_cost

where ``m`` is one of its ``markup_options``, ``cost`` the family's serving cost (US$ per
million tokens), and ``volume_r(m)`` and ``users_r(m)`` the real tokens and adopters that
would use the family's API in region ``r`` if it were sold there at ``cost * (1 + m)``:
the adopters' own logit rule applied to the month's review snapshot, as in the labs'
strategy reviews (``sim.strategy.Review``). ``won_r(m)`` is the share of that API demand
the cloud expects to serve: all of it below the price of every rival host and of the lab's
own API, an equal share with the rival hosts at the same markup, none above them (or at
the lab's own price, which the lab keeps). An affiliated cloud (Alibaba Cloud for Qwen)
adds the value of those users to its other business (``pull_through``), which can make a
loss-leading markup (``m < 0``) its best.

It takes up a family at its best markup when that value exceeds ``inertia * hosting_cost``,
drops it when the best value falls below ``-inertia * hosting_cost``, and moves a hosted
family to a new markup only when the new value beats the current one by ``inertia`` of it.
A family taken up or dropped by decision stays so for ``commitment_months`` (capacity is
reserved and contracts signed that far ahead), so that a cloud does not flap. Then it enters each region of ``prospects`` whose expected value (its hosted families at
their markups) exceeds ``(1 + inertia) * entry_cost``; an entry is kept. Rivals' prices are
read as they stood before the month's reviews (every cloud moves at once).
"""

from __future__ import annotations

from dataclasses import dataclass

import mesa
import numpy as np

from sim.config import CloudConfig
from sim.market import Options, tokens_bought
from sim.vocabulary import API, SELF_HOST
from sim.world import World


class CloudVendor(mesa.Agent):
    """A cloud vendor; it decides what it hosts, where and at what markup (module docstring).

    State: ``serves`` (regions,) and ``prospects`` (regions,) masks; ``hosted`` (labs,) the
    open families it hosts; ``hosting_markup`` (labs,) its markup on each hosted family's API
    (NaN where it hosts none); ``revenue`` this month, US$ billion.
    """

    def __init__(self, model, name: str, cfg: CloudConfig):
        super().__init__(model)
        world = model.world
        self.name, self.bloc = name, cfg.bloc
        self.serves = np.array([r in cfg.regions for r in world.regions])
        self.prospects = np.array([r in cfg.prospects for r in world.regions]) & ~self.serves
        self.partners = list(cfg.partners)
        self.hosts_open, self.markup, self.promotion = cfg.hosts_open, cfg.markup, cfg.promotion
        self.markup_options = np.array(cfg.markup_options, dtype=float)
        self.hosting_cost, self.entry_cost, self.pull_through = cfg.hosting_cost, cfg.entry_cost, cfg.pull_through
        self.review_every, self.inertia, self.commitment_months = cfg.review_every, cfg.inertia, cfg.commitment_months
        self.affiliated = np.array([model.cfg.labs[lab].cloud == name for lab in world.labs])
        self.hosted = np.zeros(len(world.labs), dtype=bool)
        self.hosting_markup = np.full(len(world.labs), np.nan)
        self.committed_until = np.full(len(world.labs), -1)  # model month before which a take-up or drop holds
        self.revenue = 0.0  # gross revenue this month, US$ billion

    def review_hosting(self, market: HostingMarket) -> None:
        """Re-decide the families it hosts and their markups, then the regions it enters."""
        k = self.model.world.cloud_index(self.name)
        for family in range(len(self.hosted)):
            if not (self.hosts_open and market.hostable[k, family]):
                if self.hosted[family]:
                    self._drop(family, "withdraw", "no longer open, or no longer allowed")
                continue
            values = self.values(market, family, self.serves)
            best = int(np.argmax(values))
            best_value, best_markup = float(values[best]), float(self.markup_options[best])
            band = self.inertia * self.hosting_cost
            committed = self.model.month < self.committed_until[family]
            if not self.hosted[family]:
                if best_value > band and not committed:
                    self.hosted[family], self.hosting_markup[family] = True, best_markup
                    self.committed_until[family] = self.model.month + self.commitment_months
                    self._log("host", family, best_markup, f"hosts at markup {best_markup:+.2f}, "
                              f"US${best_value:,.0f} a month expected")
            elif best_value < -band and not committed:
                self.committed_until[family] = self.model.month + self.commitment_months
                self._drop(family, "drop", f"US${best_value:,.0f} a month expected at best")
            else:
                at = np.flatnonzero(self.markup_options == self.hosting_markup[family])
                current = (values[at[0]] if at.size else
                           self.values(market, family, self.serves, [self.hosting_markup[family]])[0])
                if best_markup != self.hosting_markup[family] and best_value > current + self.inertia * abs(current):
                    self._log("markup", family, best_markup,
                              f"markup {self.hosting_markup[family]:+.2f} -> {best_markup:+.2f}")
                    self.hosting_markup[family] = best_markup
        for region in np.flatnonzero(self.prospects & ~self.serves):
            only = np.zeros_like(self.serves)
            only[region] = True
            expected = sum(
                self.values(market, family, only, [self.hosting_markup[family]], hosting_cost=0.0)[0]
                for family in np.flatnonzero(self.hosted)
            )
            if expected > (1.0 + self.inertia) * self.entry_cost:
                self.serves[region], self.prospects[region] = True, False
                name = self.model.world.regions[region]
                self.model.log_event("cloud_decision", self.name, "enter_region",
                                     f"enters {name}, US${expected:,.0f} a month expected", setting=name,
                                     region=name)

    def values(self, market: HostingMarket, family: int, regions: np.ndarray, markups=None,
               hosting_cost: float | None = None) -> np.ndarray:
        """Expected monthly value (US$) of hosting ``family`` in the masked ``regions`` at each
        of ``markups`` (its own options if None), less ``hosting_cost`` (its own if None)."""
        markups = self.markup_options if markups is None else np.asarray(markups, dtype=float)
        cost = market.cost[family]
        volume, users = market.demand(family, markups)  # (regions, markups)
        won = market.share_won(self.model.world.cloud_index(self.name), family, markups)
        margin = volume * cost * markups + self.affiliated[family] * self.pull_through * users
        fixed = self.hosting_cost if hosting_cost is None else hosting_cost
        return (won * margin)[regions].sum(axis=0) - fixed

    def _drop(self, family: int, change: str, why: str) -> None:
        """Stop hosting: ``drop`` by decision, ``withdraw`` when the family may not be hosted."""
        self.hosted[family], self.hosting_markup[family] = False, np.nan
        self._log(change, family, np.nan, f"stops hosting: {why}")

    def _log(self, change: str, family: int, markup: float, detail: str) -> None:
        self.model.log_event("cloud_decision", self.name, change, f"{self.model.world.labs[family]}: {detail}",
                             setting=self.model.world.labs[family], value=markup)


@dataclass
class HostingMarket:
    """What the clouds see at a hosting review: the open families they may host, their
    serving costs, the prices rivals and labs charge now, and API demand at any markup.

    Demand comes from the month's review snapshot (``model.review_base()``): the chances that
    each aware adopter chooses the family's API if it sold at a given price in its region,
    scaled to real adopters (``model.scale``). Curves are computed once per family and price.
    """

    model: object
    hostable: np.ndarray  # (clouds, labs) the family is open, active and its weights allowed to the cloud
    cost: np.ndarray  # (labs,) serving cost, US$ per million tokens
    markups: np.ndarray  # (clouds, labs) each cloud's markup now (NaN where it hosts none)
    serves: np.ndarray  # (clouds, regions) where each cloud sells now
    own_markup: np.ndarray  # (labs,) the lab's own API price as a markup over cost (inf: none)
    curves: dict  # (family, markup) -> (volume, users) by region, filled as clouds ask

    @classmethod
    def now(cls, model) -> HostingMarket:
        clouds, labs = model.clouds, model.labs
        is_open = np.array([lab.active and lab.strategy == "open" for lab in labs])
        cost = np.array([lab.serving_cost for lab in labs])
        own_price = np.array([lab.price if lab.own_api else np.inf for lab in labs])
        return cls(
            model=model,
            hostable=model.rules.hosting[:, model.world.lab_blocs] & is_open,
            cost=cost,
            markups=np.array([c.hosting_markup for c in clouds]).reshape(len(clouds), len(labs)),
            serves=np.array([c.serves for c in clouds]).reshape(len(clouds), len(model.world.regions)),
            own_markup=own_price / cost - 1.0,
            curves={},
        )

    def share_won(self, cloud: int, family: int, markups: np.ndarray) -> np.ndarray:
        """(regions, markups) share of the family's API demand in each region the cloud expects
        to serve at each markup: 1 below every rival host and the lab's own price, 1 / (1 + n)
        tied with n rival hosts, 0 above a rival or at or above the lab's own price."""
        rivals = np.delete(np.arange(len(self.markups)), cloud)
        rival = np.where(self.serves[rivals], self.markups[rivals, family][:, None], np.nan)  # (rivals, regions)
        m = markups[None, None, :]
        r = rival[:, :, None]
        below = np.where(np.isnan(r), True, m < r).all(axis=0)  # (regions, markups)
        tied = np.where(np.isnan(r), False, m == r).sum(axis=0)
        beaten = np.where(np.isnan(r), False, m > r).any(axis=0)
        share = np.where(beaten, 0.0, np.where(below, 1.0, 1.0 / (1.0 + tied)))
        return np.where(markups[None, :] < self.own_markup[family], share, 0.0)

    def demand(self, family: int, markups: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(regions, markups) real API volume (million tokens a month) and real adopters of the
        family if its API sold at ``cost * (1 + markup)`` in every region where it may be sold."""
        missing = [m for m in markups if (family, float(m)) not in self.curves]
        if missing:
            self._add_curves(family, np.array(missing))
        curves = [self.curves[family, float(m)] for m in markups]
        return np.column_stack([c[0] for c in curves]), np.column_stack([c[1] for c in curves])

    def _add_curves(self, family: int, markups: np.ndarray) -> None:
        model = self.model
        review = model.review_base()
        prices = self.cost[family] * (1.0 + markups)
        table = priced_api(review.options, family, prices)
        rows, chances = review.aware_chances(model.labs[family], table, len(markups))
        region, volume_each, budget = (review.adopters.region[rows], review.adopters.volume[rows],
                                       review.adopters.budget[rows])
        regions = len(model.world.regions)
        for markup, price, p in zip(markups, prices, chances):  # adopters unaware of the family add nothing
            api = p[:, API] * model.scale
            bought = tokens_bought(price, volume_each, budget, model.cfg.adoption)
            volume = np.bincount(region, weights=api * bought, minlength=regions)
            users = np.bincount(region, weights=api, minlength=regions)
            self.curves[family, float(markup)] = (volume, users)


def priced_api(options: Options, lab: int, prices: np.ndarray) -> Options:
    """The lab's two options repeated once per price, its API sold at that price wherever its
    weights may be used (laid out as labs are, for ``sim.strategy.Review.probabilities``)."""
    count, columns = len(prices), World.options_of(lab)
    own = {name: getattr(options, name)[..., columns] for name in Options.__dataclass_fields__}
    table = {name: np.tile(value, count) for name, value in own.items()}
    allowed = options.available[:, World.option(lab, SELF_HOST)]  # where its weights may be used
    table["unit_price"][:, World.API_COLUMNS] = prices[None, :]
    table["available"][:, World.API_COLUMNS] = allowed[:, None]
    return Options(**table)
