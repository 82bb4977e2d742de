"""From runs to a verdict: effects with confidence intervals, Sobol sensitivity, PRIM
scenario discovery, and the verdict rule shared by every claim.

Effects are computed per point and seed from the arms' outcomes (common random numbers),
then summarised two ways: in world 0 (the least implausible), over seeds (Student-t
interval); and over the plausible worlds, as the mean of the worlds' means, with a Student-t
interval over worlds (how they differ) and a Monte Carlo interval from the seeds alone (what
the verdict reads). The verdict counts the worlds where the claim holds; sensitivity and
scenario discovery use the Sobol design's points around world 0.
"""

from __future__ import annotations

import itertools
import math
import warnings
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats
from SALib.analyze import sobol as sobol_analyze

from experiments.claims.claim import Claim, MinimumEffect
from experiments.claims.engine import KEYS, problem

VERDICTS = ("supported", "refuted", "conditional", "inconclusive")
SUPPORT_SHARE = 0.75
"""The share of plausible worlds where a claim must hold to be supported (and, from 1, the
share it must stay under to be refuted); see :func:`verdict`."""
MONTE_CARLO_SHARE = 0.25
"""The Monte Carlo error of the main effect at a point (its standard error over seeds) is
small enough when it is at most this fraction of the minimum effect's size."""


VERDICT_RULE = (
    "Inconclusive if the 95% interval of the main effect's mean over the worlds from the seeds' error alone "
    "spans the minimum effect (how the worlds differ counts through the share of worlds where the claim "
    f"holds), or if the 95% interval of the share of worlds where the claim holds reaches both below "
    f"{1 - SUPPORT_SHARE:.0%} and above {SUPPORT_SHARE:.0%}. Otherwise refuted if the claim holds in "
    f"{1 - SUPPORT_SHARE:.0%} or fewer of the worlds, whatever the size of its main effect (a claim that "
    "states several conditions fails where any of them fails); supported if it holds in "
    f"{SUPPORT_SHARE:.0%} or more of them and the interval lies beyond the minimum effect; conditional "
    "otherwise, which happens only where the claim holds in some worlds and not in others."
)
"""The verdict rule of :func:`verdict` in words, as cards and docs/CLAIMS.md state it."""


def verdict(share: float, share_interval: tuple[float, float], effect_interval: tuple[float, float],
            minimum: MinimumEffect) -> str:
    """The verdict rule, declared before the runs (:data:`VERDICT_RULE`).

    ``share`` is the share of worlds where the claim holds (``Claim.holds``, which includes
    reaching the minimum effect in that world) and ``share_interval`` its Wilson interval;
    ``effect_interval`` is the 95% Monte Carlo interval of the main effect's mean over the
    worlds (:func:`runs_interval`). Inconclusive when the runs cannot place the effect
    against the minimum or the worlds are too few to place the share. Refuted when the
    claim holds in 1 - SUPPORT_SHARE of the worlds or fewer, even where its main effect
    reaches the minimum on average: its other conditions fail. Supported when it holds in
    SUPPORT_SHARE or more and the interval lies beyond the minimum. Conditional otherwise:
    the claim then holds in some worlds and fails in others (where it holds in every world,
    every world's mean effect reaches the minimum, and so does their mean). How the effect
    differs between worlds enters through the share of worlds, not through the interval: a
    large effect that varies from world to world is not uncertain.
    """
    low, high = effect_interval
    share_low, share_high = share_interval
    if not (np.isfinite(low) and np.isfinite(high)) or min(low, high) < minimum.bound < max(low, high):
        return "inconclusive"
    if share_low < 1 - SUPPORT_SHARE and share_high > SUPPORT_SHARE:
        return "inconclusive"
    if share <= 1 - SUPPORT_SHARE:
        return "refuted"
    if share >= SUPPORT_SHARE and minimum.reached(low) and minimum.reached(high):
        return "supported"
    return "conditional"


@dataclass(frozen=True)
class MonteCarlo:
    """The Monte Carlo error of the main effect (in its unit): its standard error over the
    seeds of a world, the median over the worlds, against the target
    MONTE_CARLO_SHARE x the minimum effect's size; and how many seeds a point would need to
    reach the target."""

    seeds: int
    error: float
    target: float
    seeds_needed: int

    @property
    def small_enough(self) -> bool:
        return bool(self.error <= self.target)


def monte_carlo(main: pd.DataFrame, minimum: MinimumEffect) -> MonteCarlo:
    """The Monte Carlo error of the main effect over the worlds (``main``: point, seed and
    the main effect, at the worlds' points)."""
    by_point = main.groupby("point")["effect"]
    seeds = int(by_point.count().median())
    spread = float(by_point.std(ddof=1).median())
    target = MONTE_CARLO_SHARE * abs(minimum.bound)
    error = spread / math.sqrt(seeds) if seeds > 1 else float("nan")
    needed = math.ceil((spread / target) ** 2) if np.isfinite(spread) else seeds
    return MonteCarlo(seeds=seeds, error=error, target=target, seeds_needed=max(2, needed))


def shapley(value: dict[frozenset, float], players: list[str]) -> dict[str, float]:
    """Shapley values of a game given the value of every coalition of ``players``.

    They sum to value(all) - value(none) and split each interaction evenly.
    """
    n = len(players)
    result = {}
    for player in players:
        others = [p for p in players if p != player]
        total = 0.0
        for size in range(n):
            weight = math.factorial(size) * math.factorial(n - size - 1) / math.factorial(n)
            for coalition in itertools.combinations(others, size):
                s = frozenset(coalition)
                total += weight * (value[s | {player}] - value[s])
        result[player] = total
    return result


def effects_table(claim: Claim, runs: pd.DataFrame) -> pd.DataFrame:
    """One row of named effects per point and seed."""
    outcome_columns = [c for c in runs.columns if c not in KEYS]
    rows = []
    for (point, seed), group in runs.groupby(["point", "seed"], sort=True):
        by_arm = {arm: dict(zip(outcome_columns, values)) for arm, *values in
                  group[["arm", *outcome_columns]].itertuples(index=False)}
        rows.append({"point": point, "seed": seed} | claim.effects(by_arm))
    return pd.DataFrame(rows)


@dataclass
class Analysis:
    """Everything a claim card reports. Point 0 is world 0, the least implausible world."""

    claim: Claim
    design: pd.DataFrame  # per point: world, sensitivity, plausible, the factors
    effects: pd.DataFrame  # point, seed, effects
    at_baseline: pd.DataFrame  # per effect, in world 0: mean, low, high, sd, d
    over_worlds: pd.DataFrame  # per effect, the mean of the worlds' means: mean, low, high
    point_means: pd.DataFrame  # per point: mean effects, and `holds`
    sensitivity: pd.DataFrame  # per factor: S1, S1_conf, ST, ST_conf (Sobol indices, 95% half-widths)
    discovery: str
    holds_at_baseline: bool
    holds_share: float
    holds_interval: tuple[float, float]
    runs_interval: tuple[float, float]  # the main effect's mean over the worlds: 95% Monte Carlo interval
    monte_carlo: MonteCarlo
    verdict: str

    @property
    def worlds(self) -> pd.Index:
        """The points that are worlds of the ensemble (where the verdict is decided)."""
        return self.design.index[~self.design["sensitivity"].astype(bool)]

    @property
    def sensitivity_points(self) -> pd.Index:
        return self.design.index[self.design["sensitivity"].astype(bool)]

    @property
    def plausible(self) -> bool:
        """Whether every world the claim ran passed history matching's cut-off."""
        return bool(self.design.loc[self.worlds, "plausible"].all())


def analyse(claim: Claim, design: pd.DataFrame, runs: pd.DataFrame) -> Analysis:
    effects = effects_table(claim, runs)
    names = [c for c in effects.columns if c not in ("point", "seed")]
    point_means = effects.groupby("point")[names].mean()
    point_means["holds"] = [bool(claim.holds(row)) for row in point_means[names].to_dict("records")]
    is_sensitivity = design["sensitivity"].astype(bool)
    world_points, sensitivity_points = design.index[~is_sensitivity], design.index[is_sensitivity]
    worlds = point_means.loc[world_points]
    holds = int(worlds["holds"].sum())
    share = holds / len(worlds)
    share_interval = wilson(holds, len(worlds))
    at_baseline = baseline_intervals(effects[effects["point"] == 0][names], claim.shares)
    over_worlds = worlds_intervals(worlds[names], claim.shares) if len(worlds) > 1 else at_baseline
    world_effects = effects.loc[effects["point"].isin(world_points), ["point", claim.main]]
    main_runs = runs_interval(world_effects.rename(columns={claim.main: "effect"}), claim.main in claim.shares)
    swept = design.loc[sensitivity_points, [f.key for f in claim.factors]]
    return Analysis(
        claim=claim,
        design=design,
        effects=effects,
        at_baseline=at_baseline,
        over_worlds=over_worlds[["mean", "low", "high"]],
        point_means=point_means,
        sensitivity=sensitivity(claim, swept, point_means.loc[sensitivity_points, claim.main]),
        discovery=discover(swept, point_means.loc[sensitivity_points, "holds"].to_numpy(dtype=bool),
                           {f.key: f.doc for f in claim.factors}),
        holds_at_baseline=bool(point_means.loc[0, "holds"]),
        holds_share=share,
        holds_interval=share_interval,
        runs_interval=main_runs,
        monte_carlo=monte_carlo(world_effects.rename(columns={claim.main: "effect"}), claim.minimum),
        verdict=verdict(share, share_interval, main_runs, claim.minimum),
    )


def runs_interval(main: pd.DataFrame, share: bool = False) -> tuple[float, float]:
    """95% Monte Carlo interval of the mean over the worlds of each world's mean effect
    (``main``: point, seed and the main effect, at the worlds' points): its standard error
    combines the worlds' standard errors over their seeds, so it is what more seeds would
    narrow, not how the worlds differ; Student's t on the seeds' degrees of freedom. A
    world with one seed leaves it unknown (NaN); a share's interval is kept inside 0-1."""
    by_world = main.dropna().groupby("point")["effect"]
    n, mean, sd = by_world.count(), by_world.mean(), by_world.std(ddof=1)
    if n.empty or (n < 2).any():
        return math.nan, math.nan
    centre = float(mean.mean())
    error = math.sqrt(float((sd**2 / n).sum())) / len(n)
    half = float(stats.t.ppf(0.975, int((n - 1).sum()))) * error
    low, high = centre - half, centre + half
    return (max(0.0, low), min(1.0, high)) if share else (low, high)


def worlds_intervals(world_means: pd.DataFrame, shares: frozenset[str] = frozenset()) -> pd.DataFrame:
    """The mean of the worlds' means with a 95% Student-t interval over worlds (worlds where an
    effect is undefined, e.g. a class with no adopters, left out); a share's interval is kept
    inside 0-1."""
    n = world_means.count()
    mean, sd = world_means.mean(), world_means.std(ddof=1)
    half = pd.Series(stats.t.ppf(0.975, (n - 1).clip(lower=1)), index=n.index) * sd / np.sqrt(n)
    low, high = mean - half, mean + half
    for name in shares & set(world_means.columns):
        low[name], high[name] = max(0.0, low[name]), min(1.0, high[name])
    return pd.DataFrame({"mean": mean, "low": low, "high": high})


def baseline_intervals(values: pd.DataFrame, shares: frozenset[str] = frozenset()) -> pd.DataFrame:
    """Mean, 95% interval, standard deviation over seeds, and Cohen's d (mean / sd).

    The interval is Student's t, except for ``shares`` (fractions of 0-1), whose interval
    must stay inside 0-1: Wilson's score interval where every seed gives 0 or 1 (a count
    of seeds) or the mean is 0 or 1, else a t-interval on the logit scale (delta method),
    mapped back.
    """
    n = values.count()
    mean, sd = values.mean(), values.std(ddof=1)
    t = pd.Series(stats.t.ppf(0.975, (n - 1).clip(lower=1)), index=n.index)
    half = t * sd / np.sqrt(n)
    low, high = mean - half, mean + half
    for name in shares & set(values.columns):
        low[name], high[name] = share_interval(values[name].dropna().to_numpy(dtype=float), float(t[name]))
    return pd.DataFrame({"mean": mean, "low": low, "high": high, "sd": sd, "d": mean / sd})


def share_interval(values: np.ndarray, t: float) -> tuple[float, float]:
    """A 95% interval of the mean of shares (fractions of 0-1) over seeds, inside 0-1."""
    n, mean = len(values), float(np.mean(values)) if len(values) else np.nan
    if n == 0:
        return np.nan, np.nan
    if np.isin(values, (0.0, 1.0)).all() or mean in (0.0, 1.0):
        return wilson(int(round(mean * n)), n)
    se = float(np.std(values, ddof=1)) / math.sqrt(n) if n > 1 else 0.0
    centre, half = math.log(mean / (1 - mean)), t * se / (mean * (1 - mean))
    return 1 / (1 + math.exp(-(centre - half))), 1 / (1 + math.exp(-(centre + half)))


def wilson(successes: int, n: int, z: float = 1.96) -> tuple[float, float]:
    """95% Wilson score interval of a proportion."""
    p = successes / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return max(0.0, centre - half), min(1.0, centre + half)


SOBOL_RESAMPLES = 500
"""Bootstrap resamples behind the Sobol indices' 95% intervals."""


def sensitivity(claim: Claim, design: pd.DataFrame, main: pd.Series) -> pd.DataFrame:
    """First-order (S1) and total (ST) Sobol indices of the main effect over the factors'
    full ranges, each with the half-width of its 95% bootstrap interval: the share of the
    main effect's variance that a factor explains alone, and with its interactions.

    A point where the main effect is undefined takes the mean of the others; a main effect
    that never varies leaves every index at 0 (no factor moves it).
    """
    y = main.to_numpy(dtype=float)
    if not np.all(np.isfinite(y)):
        y = np.where(np.isfinite(y), y, np.nanmean(y))
    names = [f.key for f in claim.factors]
    if np.ptp(y) == 0:
        frame = pd.DataFrame(0.0, index=names, columns=["S1", "S1_conf", "ST", "ST_conf"])
    else:
        result = sobol_analyze.analyze(problem(claim), y, calc_second_order=False,
                                       num_resamples=SOBOL_RESAMPLES, conf_level=0.95, seed=0)
        frame = pd.DataFrame({k: result[k] for k in ("S1", "S1_conf", "ST", "ST_conf")}, index=names)
    frame.index.name = "factor"
    return frame.sort_values("ST", ascending=False)


def discover(design: pd.DataFrame, holds: np.ndarray, names: dict[str, str] | None = None) -> str:
    """Where in the factor space the claim holds (or, if it mostly holds, fails), in words,
    from PRIM's box of highest density that still covers half of the cases of interest;
    ``names`` gives each factor in words (its key follows in brackets)."""
    if holds.all():
        return "The claim holds at every sampled point: no condition limits it."
    if not holds.any():
        return "The claim holds at no sampled point."
    target = holds if holds.mean() <= 0.5 else ~holds
    what = "holds" if holds.mean() <= 0.5 else "fails"
    if target.sum() < 3:
        return f"The claim {what} at only {target.sum()} sampled point(s): too few to describe a region."
    with warnings.catch_warnings():  # ema-workbench warns about optional extras and pandas idioms
        warnings.simplefilter("ignore")
        from ema_workbench.analysis import prim

        box = prim.Prim(design.reset_index(drop=True), target, mass_min=0.05).find_box()
    trajectory = box.peeling_trajectory
    wide = trajectory[trajectory["coverage"] >= 0.5]
    best = int(wide["density"].idxmax()) if len(wide) else len(trajectory) - 1
    limits = box.box_lims[best]
    conditions = []
    for factor in design.columns:
        low, high = float(limits.loc[0, factor]), float(limits.loc[1, factor])
        full_low, full_high = design[factor].min(), design[factor].max()
        named = f"{names[factor]} ({factor})" if names and factor in names else factor
        if low > full_low:
            conditions.append(f"{named} is at least {low:.3g}")
        if high < full_high:
            conditions.append(f"{named} is at most {high:.3g}")
    coverage, density = trajectory.loc[best, "coverage"], trajectory.loc[best, "density"]
    if not conditions:
        return f"The claim {what} at {target.mean():.0%} of the points, with no region that separates them."
    return (
        f"The claim {what} mainly where {' and '.join(conditions)}: that region holds "
        f"{coverage:.0%} of the points where it {what}, and it {what} at {density:.0%} of the points "
        f"inside it (PRIM)."
    )
