"""The adopter population: numpy arrays owned by the model, and the peer network.

Adopters (firms, developers, public bodies) are many, so their state lives in arrays that
one vectorised kernel reads and writes; :class:`sim.agents.adopter.Adopter` agents are thin
views over one row each. Row ``i`` of every array is adopter ``i``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from sim import market
from sim.config import AdoptionConfig, ModelConfig
from sim.vocabulary import ADOPTER_KINDS
from sim.world import NO_CHOICE


@dataclass
class Population:
    """Adopter state: attributes drawn once, choice and awareness that evolve."""

    region: np.ndarray  # int, index into the world's regions (sim.world)
    kind: np.ndarray  # int, index into ADOPTER_KINDS
    budget: np.ndarray  # US$ per month available for AI, this month
    volume: np.ndarray  # million tokens a month the adopter's tasks take at the reference price, this month
    compute: np.ndarray  # GPUs available for self-hosting (0 = none)
    sovereignty: np.ndarray  # preference for weights one can run and adapt, 0-1
    trust: np.ndarray  # sensitivity to security and trust risk, 0-1
    alignment: np.ndarray  # geopolitical alignment, -1 (US) to +1 (China)
    switching: np.ndarray  # utility lost by switching family
    need: np.ndarray  # capability the adopter's tasks need, ECI points
    choice: np.ndarray  # int option index, NO_CHOICE if none
    aware: np.ndarray  # bool (adopters x labs): knows the lab's models
    peers: sp.csr_matrix | None  # row-normalised peer weights; None = fully mixed
    compute_cap: np.ndarray  # multiplier on compute by region (export rules), 0-1
    budget_2022: np.ndarray  # the budget and volume drawn for 2022, which grow from there
    volume_2022: np.ndarray
    _link_rows: np.ndarray | None = None  # row of each stored peer link (cached)
    _last_shares: tuple[np.ndarray, np.ndarray] | None = None  # (lab_of_choice, its peer shares)

    @property
    def size(self) -> int:
        return self.region.size

    @property
    def is_government(self) -> np.ndarray:
        return self.kind == ADOPTER_KINDS.index("government")

    def grow_demand(self, years: float, w: AdoptionConfig) -> None:
        """Set this month's budgets and token volumes, ``years`` after 2022-01 (in place: the
        adopter views share the arrays)."""
        np.multiply(self.budget_2022, market.demand_growth(years, w.budget_growth, w.growth_half_life),
                    out=self.budget)
        np.multiply(self.volume_2022, market.demand_growth(years, w.volume_growth, w.growth_half_life),
                    out=self.volume)

    def usable_compute(self) -> np.ndarray:
        """GPUs each adopter can use now, after regional caps such as the diffusion rule."""
        return self.compute * self.compute_cap[self.region]

    def peer_share(self, lab_of_choice: np.ndarray, n_labs: int) -> np.ndarray:
        """Share of each adopter's peers using each lab's models (adopters x labs).

        On a fully mixed network every adopter sees the whole population's shares. The
        shares of the last choices asked for are kept (read-only): a review month asks twice
        for the same ones.
        """
        last = self._last_shares
        if last is not None and last[1].shape[1] == n_labs and np.array_equal(last[0], lab_of_choice):
            return last[1]
        shares = self._peer_shares(lab_of_choice, n_labs)
        shares.flags.writeable = False
        self._last_shares = lab_of_choice.copy(), shares
        return shares

    def _peer_shares(self, lab_of_choice: np.ndarray, n_labs: int) -> np.ndarray:
        """The shares of :meth:`peer_share`, computed: one weighted count over the peer links."""
        if self.peers is None:
            users = lab_of_choice >= 0
            counts = np.bincount(lab_of_choice[users], minlength=n_labs) / self.size
            return np.broadcast_to(counts, (self.size, n_labs))
        peers = self.peers
        if self._link_rows is None:
            self._link_rows = np.repeat(np.arange(self.size), np.diff(peers.indptr))
        peer_lab = lab_of_choice[peers.indices]
        using = peer_lab >= 0
        cells = self._link_rows[using] * n_labs + peer_lab[using]
        shares = np.bincount(cells, weights=peers.data[using], minlength=self.size * n_labs)
        return shares.reshape(self.size, n_labs)


def build_population(cfg: ModelConfig, rng: np.random.Generator) -> Population:
    """Draw every adopter's attributes by region, and the peer network.

    Needs are drawn from one distribution for every region (``adoption.need_*``): no source
    tells the tasks of one region from another's, so regional differences in adoption come
    from budgets, prices, awareness and tastes, not from an assumed gap in needs.
    """
    n = cfg.population.adopters
    regions = list(cfg.regions.values())
    weights = np.array([r.weight for r in regions])
    region = np.repeat(np.arange(len(regions)), _apportion(weights, n))
    kinds = cfg.population.kinds
    kind_p = np.array([kinds.get(k, 0.0) for k in ADOPTER_KINDS])
    kind = rng.choice(len(ADOPTER_KINDS), size=n, p=kind_p / kind_p.sum())

    def by_region(attr: str) -> np.ndarray:
        return np.array([getattr(r, attr) for r in regions])[region]

    budget = by_region("budget") * np.exp(by_region("budget_sigma") * rng.standard_normal(n))
    volume = by_region("volume") * np.exp(rng.standard_normal(n))
    has_compute = rng.random(n) < by_region("self_host_share")
    compute = np.where(has_compute, cfg.population.gpus * np.exp(rng.standard_normal(n)), 0.0)
    sovereignty = _beta_with_mean(rng, by_region("sovereignty"))
    trust = _beta_with_mean(rng, by_region("trust"))
    alignment = np.clip(
        by_region("alignment") + by_region("alignment_sd") * rng.standard_normal(n), -1, 1
    )
    switching = cfg.adoption.switching * rng.exponential(size=n)
    need = cfg.adoption.need_mean + cfg.adoption.need_sd * rng.standard_normal(n)
    return Population(
        region=region,
        kind=kind,
        budget=budget.copy(),
        volume=volume.copy(),
        compute=compute,
        sovereignty=sovereignty,
        trust=trust,
        alignment=alignment,
        switching=switching,
        need=need,
        choice=np.full(n, NO_CHOICE),
        aware=np.zeros((n, len(cfg.labs)), dtype=bool),
        peers=_peer_network(cfg, region, rng),
        compute_cap=np.ones(len(regions)),
        budget_2022=budget,
        volume_2022=volume,
    )


def _apportion(weights: np.ndarray, n: int) -> np.ndarray:
    """Adopters per region: proportional to weight (largest remainders), at least one each."""
    exact = weights / weights.sum() * (n - weights.size)
    counts = np.floor(exact).astype(int)
    short = n - weights.size - counts.sum()
    counts[np.argsort(counts - exact, kind="stable")[:short]] += 1
    return counts + 1


def _beta_with_mean(rng: np.random.Generator, mean: np.ndarray, concentration: float = 4.0):
    """Beta draws with the given means (concentration a + b sets the spread)."""
    mean = np.clip(mean, 0.01, 0.99)
    return rng.beta(mean * concentration, (1 - mean) * concentration)


def _peer_network(cfg: ModelConfig, region: np.ndarray, rng: np.random.Generator):
    """Random peer links, mostly within a region (homophily), row-normalised.

    Each adopter draws ``peers / 2`` partners; links are made symmetric, so the mean degree
    is about ``peers`` (none when ``peers`` is 0). Returns None for a fully mixed population.
    """
    pop = cfg.population
    n = region.size
    if pop.network == "fully_mixed":
        return None
    if pop.peers == 0:
        return sp.csr_matrix((n, n))
    k = max(1, pop.peers // 2)
    source = np.repeat(np.arange(n), k)
    anywhere = rng.integers(0, n, size=source.size)
    # A partner in the same region: region members are contiguous because regions are sorted.
    starts = np.searchsorted(region, region, side="left")[source]
    ends = np.searchsorted(region, region, side="right")[source]
    same_region = starts + (rng.random(source.size) * (ends - starts)).astype(int)
    target = np.where(rng.random(source.size) < pop.cross_region, anywhere, same_region)
    keep = source != target
    rows = np.concatenate([source[keep], target[keep]])
    cols = np.concatenate([target[keep], source[keep]])
    links = sp.csr_matrix((np.ones(rows.size), (rows, cols)), shape=(n, n))
    links.data[:] = 1.0  # duplicates count once
    degree = np.asarray(links.sum(axis=1)).ravel()
    return (sp.diags(1.0 / np.maximum(degree, 1.0)) @ links).tocsr()
