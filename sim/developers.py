"""Mechanism 2's developers: who downloads and fine-tunes the open families.

Open-model downloads (Hugging Face's counts) come mostly from developers and their
pipelines trying, fine-tuning and redeploying models, not from organisations adopting one
model, so the model gives them a population of their own. Each simulated developer stands
for ``developers.represents / developers.size`` real ones; their state lives in numpy
arrays and one vectorised rule decides them all:

1. A family's first open weights reach a share ``release_awareness`` of developers.
2. Each month a developer is active with chance ``activity``. An active developer learns
   of each released family it does not know with chance ``promotion + word_of_mouth x``
   the family's share of last month's downloads (what other developers pull shows on the
   hubs' trending lists, worldwide, so awareness spreads through downloads, not peers).
3. It downloads one family it knows of, by a logit over the family's open-weight
   capability, whether the family offers a size its GPUs can fine-tune, its licence's
   openness, its ecosystem (its share of the field's recent derivatives), home bias (the
   developer's alignment with the family's bloc) and the bloc's risk.
4. It fine-tunes the largest size it can (its GPUs times ``billions_per_gpu``) and publishes
   a derivative with chance ``fine_tune_rate x licence x (reference_size / size) **
   size_elasticity`` (at most 1; none if no size fits): small models are fine-tuned far
   more, restrictive licences less.

Downloads and new derivatives per family, in real units, feed the ecosystem term of
adopters' utility and the community feedback to the lab (``sim.openness``).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from sim.calendar import parse_month
from sim.config import DevelopersConfig, ModelConfig

NOTHING_KNOWN = -1
"""The choice of an active developer who knows of no released family."""


@dataclass
class Families:
    """What each lab's family offers developers this month, by lab index.

    ``weights_capability`` is NaN for a family with no open weights released.
    """

    weights_capability: np.ndarray  # (L,) ECI points, of the family's largest open model
    licence: np.ndarray  # (L,) 0-1
    ecosystem: np.ndarray  # (L,) share of the field's recent derivatives (sim.openness.ecosystem_shares)
    alignment: np.ndarray  # (L,) position of the family's bloc, -1..1
    risk: np.ndarray  # (L,) 0-1


@dataclass
class Month:
    """One month of the developers' work, per family (simulated developers)."""

    downloaders: np.ndarray  # (L,) developers who downloaded the family
    fine_tuners: np.ndarray  # (L,) of them, those who published a derivative


def size_table(cfg: ModelConfig) -> tuple[np.ndarray, np.ndarray]:
    """Every family's release sizes and months: ``(sizes, months)``, each (labs, K), padded
    with NaN sizes; a family with no recorded release offers ``developers.default_sizes``
    from its lab's entry (the run's start if none)."""
    start = parse_month(cfg.run.start)
    releases = []
    for lab in cfg.labs.values():
        if lab.sizes:
            rows = sorted((parse_month(month), size) for month, sizes in lab.sizes.items() for size in sizes)
            first = rows[0][0]
            # before its first dated release, the family offers that release's sizes
            releases.append([(-np.inf if month == first else month, size) for month, size in rows])
        else:
            entry = parse_month(lab.entry) if lab.entry else start
            releases.append([(entry, size) for size in cfg.developers.default_sizes])
    width = max(len(rows) for rows in releases)
    sizes = np.full((len(releases), width), np.nan)
    months = np.full((len(releases), width), np.inf)
    for i, rows in enumerate(releases):
        months[i, : len(rows)], sizes[i, : len(rows)] = zip(*rows)
    return sizes, months


def largest_fit(capacity: np.ndarray, offered: np.ndarray) -> np.ndarray:
    """(n, L) the largest size each family offers at most each developer's ``capacity``
    (n,), in billion parameters; NaN where none fits. ``offered`` is (L, K), NaN where a
    family offers no size."""
    fit = np.full((capacity.size, offered.shape[0]), np.nan)
    for family, sizes in enumerate(offered):
        sizes = np.sort(sizes[~np.isnan(sizes)])
        if sizes.size:
            at = np.searchsorted(sizes, capacity, side="right") - 1
            fit[:, family] = np.where(at >= 0, sizes[np.maximum(at, 0)], np.nan)
    return fit


def size_shortfall(fit: np.ndarray, largest: np.ndarray, size_slope: float) -> np.ndarray:
    """(n, L) ECI points by which the largest size each developer can fine-tune (``fit``,
    NaN: none) trails its family's largest model (``largest``, (L,)): ``size_slope`` per
    tenfold smaller (``openness.size_slope``); 0 where none fits."""
    ratio = np.where(np.isnan(fit), 1.0, largest[None, :] / np.where(np.isnan(fit), 1.0, fit))
    return size_slope * np.log10(np.maximum(ratio, 1.0))


def utility(
    alignment: np.ndarray, fit: np.ndarray, shortfall: np.ndarray, families: Families, cfg: DevelopersConfig
) -> np.ndarray:
    """(n, L) utility of each family to each developer, given the developers' alignments
    (n,), the largest size of each family they can fine-tune (``fit``: (n, L), NaN: none) and
    the ECI points by which it trails the family's largest (``shortfall``, :func:`size_shortfall`):
    a developer weighs the capability of the size it can use, not of the family's largest."""
    per_family = (
        cfg.licence * families.licence
        + cfg.ecosystem * families.ecosystem
        - cfg.risk * families.risk
    )
    weights = families.weights_capability[None, :]
    usable = np.where(np.isnan(weights), 0.0, weights - shortfall)
    return (
        per_family[None, :]
        + cfg.capability * usable / 10.0
        + cfg.fits * ~np.isnan(fit)
        + cfg.alignment * alignment[:, None] * families.alignment[None, :]
    )


def choose(utility: np.ndarray, known: np.ndarray, gumbel: np.ndarray) -> np.ndarray:
    """(n,) the family each developer downloads: the best of ``utility + gumbel`` among the
    released families it knows of (``known``: (n, L) bool); ``NOTHING_KNOWN`` if none."""
    noisy = np.where(known, utility + gumbel, -np.inf)
    choice = noisy.argmax(axis=1)
    return np.where(known.any(axis=1), choice, NOTHING_KNOWN)


def fine_tune_chance(size: np.ndarray, licence: np.ndarray, cfg: DevelopersConfig) -> np.ndarray:
    """Chance of publishing a derivative of a download of ``size`` (billion parameters, NaN
    when no size fits the developer's GPUs: chance 0) under ``licence``."""
    fits = ~np.isnan(size)
    ratio = cfg.reference_size / np.where(fits, size, 1.0)
    return np.where(fits, np.minimum(1.0, cfg.fine_tune_rate * licence * ratio**cfg.size_elasticity), 0.0)


class Developers:
    """The simulated developers (arrays, one entry per developer) and their monthly rule."""

    def __init__(self, cfg: ModelConfig, rng: np.random.Generator):
        dev = cfg.developers
        self.cfg = dev
        self.size = dev.size
        self.scale = dev.represents / dev.size
        regions = list(cfg.regions.values())
        weights = np.array([r.weight for r in regions])
        self.region = rng.choice(len(regions), size=dev.size, p=weights / weights.sum())
        mean = np.array([r.alignment for r in regions])[self.region]
        sd = np.array([r.alignment_sd for r in regions])[self.region]
        self.alignment = np.clip(rng.normal(mean, sd), -1.0, 1.0)
        self.capacity = dev.gpus * np.exp(rng.normal(0.0, 1.0, dev.size)) * dev.billions_per_gpu
        self.size_slope = cfg.openness.size_slope
        self.sizes, self.release_months = size_table(cfg)
        n_labs = len(cfg.labs)
        self.aware = np.zeros((dev.size, n_labs), dtype=bool)
        self.released = np.zeros(n_labs, dtype=bool)  # a family's first weights are out
        self.last_share = np.zeros(n_labs)  # each family's share of last month's downloads
        self.last_active = np.full(dev.size, -1)  # month of each developer's last download
        self._fit_offered: np.ndarray | None = None  # the sizes ``self._fit`` was computed for
        self._fit = self._shortfall = np.full((dev.size, n_labs), np.nan)
        self._largest: tuple[int | None, np.ndarray] = (None, np.empty(0))  # (month, largest_size of it)

    def offered(self, month: int) -> np.ndarray:
        """(L, K) the sizes each family offers in ``month`` (NaN where not)."""
        return np.where(self.release_months <= month, self.sizes, np.nan)

    def largest_size(self, month: int) -> np.ndarray:
        """(L,) the largest size each family offers in ``month`` (billion parameters; NaN
        where it offers none yet), worked out once a month: every release of weights reads it."""
        if self._largest[0] != month:
            offered = self.offered(month)
            largest = np.where(np.isnan(offered), -np.inf, offered).max(axis=1)
            self._largest = month, np.where(np.isfinite(largest), largest, np.nan)
        return self._largest[1]

    def fit(self, month: int) -> tuple[np.ndarray, np.ndarray]:
        """(n, L) the largest size of each family every developer can fine-tune in ``month``
        (billion parameters, NaN: none), and the ECI points by which it trails the family's
        largest (``size_shortfall``); the columns of a family are recomputed only when the
        sizes it offers change."""
        offered = self.offered(month)
        if self._fit_offered is None:
            changed = np.ones(len(offered), dtype=bool)
        else:
            same = (offered == self._fit_offered) | (np.isnan(offered) & np.isnan(self._fit_offered))
            changed = ~same.all(axis=1)
        if changed.any():
            fit, shortfall = self._fit.copy(), self._shortfall.copy()
            fit[:, changed] = largest_fit(self.capacity, offered[changed])
            shortfall[:, changed] = size_shortfall(fit[:, changed], self.largest_size(month)[changed], self.size_slope)
            self._fit_offered, self._fit, self._shortfall = offered, fit, shortfall
        return self._fit, self._shortfall

    def announce(self, has_weights: np.ndarray, rng: np.random.Generator) -> None:
        """Families whose first open weights just came out reach ``release_awareness`` of developers."""
        new = has_weights & ~self.released
        if new.any():
            self.aware[:, new] |= rng.random((self.size, int(new.sum()))) < self.cfg.release_awareness
            self.released |= new

    def work(self, month: int, families: Families, rng: np.random.Generator) -> Month:
        """This month's downloads and fine-tunes of the families (simulated developers)."""
        cfg, n_labs = self.cfg, len(families.licence)
        has_weights = ~np.isnan(families.weights_capability)
        self.announce(has_weights, rng)
        active = np.flatnonzero(rng.random(self.size) < cfg.activity)
        learn = np.where(has_weights, cfg.promotion + cfg.word_of_mouth * self.last_share, 0.0)
        self.aware[active] |= rng.random((active.size, n_labs)) < learn
        fit, shortfall = (table[active] for table in self.fit(month))
        known = self.aware[active] & has_weights
        u = utility(self.alignment[active], fit, shortfall, families, cfg)
        choice = choose(u, known, rng.gumbel(size=u.shape))
        chose = choice != NOTHING_KNOWN
        who, family = active[chose], choice[chose]
        size = fit[chose, family]
        tuned = rng.random(who.size) < fine_tune_chance(size, families.licence[family], cfg)
        self.last_active[who] = month
        downloaders = np.bincount(family, minlength=n_labs).astype(float)
        total = downloaders.sum()
        self.last_share = downloaders / total if total > 0 else np.zeros(n_labs)
        return Month(downloaders=downloaders, fine_tuners=np.bincount(family[tuned], minlength=n_labs).astype(float))

    def downloads(self, work: Month) -> np.ndarray:
        """(L,) real downloads of each family this month."""
        return work.downloaders * self.scale * self.cfg.downloads_per_developer

    def derivatives(self, work: Month) -> np.ndarray:
        """(L,) real new derivatives of each family this month."""
        return work.fine_tuners * self.scale

    def active_since(self, month: int) -> int:
        """Simulated developers who downloaded a model in ``month`` or later."""
        return int((self.last_active >= month).sum())
