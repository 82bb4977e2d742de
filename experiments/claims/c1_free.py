"""C1: the Global South adopts Chinese models "not because they are better but because they
are free".

The Chinese share of Global South adopters is decomposed among three causes by switching each
off in turn, in all 8 combinations, and taking Shapley values: the price difference between
the blocs' models (the free download of Chinese weights included), their capability
difference, and the value adopters place on sovereignty (self-hosted open weights). Price and
capability are switched off both ways: Chinese models at US prices or capability, and US
models at Chinese prices or capability (``counterfactual.parity_towards``); the Shapley values
reported are the mean of the two ways. The causes are matched in size by construction: each
closes the whole observed difference between the blocs (all of the price gap, all of the
capability gap), not a fixed step on one scale. A cause's Shapley value is the share (a
fraction of adopters) it adds to the Chinese share, averaged over the orders in which the
causes could be added; the three sum to the factual share less the share with all three off.

No strong-cause check: the claim joins two findings, that Chinese models become most regions'
standard and that price is why, and no strong price cause within the model's hard limits gave both
in both quick worlds. By 2030 a model's tokens cost a small part of an adopter's budget in these
worlds (serving costs fall by e^1.8 to e^2.8 a year), so price decides little unless US markups
are made enormous. With US markups at 20 times cost (five times the top of their plausible
range), Chinese at 0.1 and adopters weighing cost at the top of its range (`adoption.price` 2.1),
price's part of the Chinese share rose to 8 points in world 0 (95% interval 2-14) but Chinese
models stayed at 15% of the Global South's users, and in world 1 none of its simulated adopters
uses a model in 2030 (serving costs grow 10^0.157 per ECI point there, so frontier models cost
some US$10^7 per million tokens). With US markups at their hard limit (100), Chinese risk at the
US level (0.1), the fitted serving-cost slope (0.06 per ECI point) and China promoting its labs
at half its policy range (0.01), the claim held in world 0 (Chinese models 83% of users, price
37 points) but not in world 1 (49%, the majority in two of five regions, price 35 points); with
every lab outside China closed as well, Chinese models took 96-99% of users in both worlds and
price explained 1-2 points of it.
"""

from __future__ import annotations

import itertools

import numpy as np
from matplotlib.figure import Figure

import sim
from sim.plots import Names
from experiments.claims.analysis import shapley
from experiments.claims.card import Paragraph, Table
from experiments.claims.claim import Arm, Claim, Effect, MinimumEffect, Sanity, factor
from experiments.claims.common import CONTROL_TIGHTNESS
from experiments.targets import market

CAUSES = {
    "price": "counterfactual.price_parity=true",
    "capability": "counterfactual.capability_parity=true",
    "sovereignty": "adoption.sovereignty=0",
}
"""Each cause, and the override that switches it off (for price and capability, in the
direction the arm names: :data:`DIRECTIONS`)."""

DIRECTIONS = {
    "to_us": "counterfactual.parity_towards=US",
    "to_cn": "counterfactual.parity_towards=CN",
}
"""The two ways of switching price or capability off: Chinese models take the US level, or US
models take the Chinese level. A cause of fixed size would favour one bloc's starting point;
both ways, each cause is the whole observed difference between the blocs."""

PARITY_CAUSES = ("price", "capability")
"""The causes whose switch has a direction."""

BUDGET_CLASSES = ("low", "middle", "high")
"""Terciles of Global South adopters' monthly AI budgets."""


MINIMUM = MinimumEffect(
    0.05, "above", "of the Global South's adopters (Shapley values; 0.05 is 5 points)",
    "assumption: a cause that adds under 5 points to the Chinese share does not decide whether Chinese "
    "models become the standard, which takes a majority of adopters",
)
"""The smallest part of the Chinese share that price must bring for the claim."""


def arm_name(off: tuple[str, ...], direction: str) -> str:
    """An arm's name: the causes switched off, and the direction when price or capability is."""
    if not off:
        return "factual"
    name = "without " + "+".join(off)
    return f"{name} ({direction.replace('_', ' ')})" if set(off) & set(PARITY_CAUSES) else name


def _arms() -> tuple[Arm, ...]:
    arms: dict[str, Arm] = {}
    for direction, towards in DIRECTIONS.items():
        for off in (off for k in range(len(CAUSES) + 1) for off in itertools.combinations(CAUSES, k)):
            name = arm_name(off, direction)
            overrides = tuple(CAUSES[c] for c in off)
            if set(off) & set(PARITY_CAUSES):
                overrides += (towards,)
            doc = "causes switched off: " + (", ".join(off) or "none")
            if set(off) & set(PARITY_CAUSES):
                doc += " (Chinese models at US levels)" if direction == "to_us" else " (US models at Chinese levels)"
            arms.setdefault(name, Arm(name, overrides, doc))
    return tuple(arms.values())


def outcomes(model, results) -> dict[str, float]:
    """Chinese share of Global South adopters using a model, at the run's end: the whole
    group, each region, each budget class and public (government) adopters; and the fraction
    of Global South regions where Chinese models are the majority choice."""
    adopters = model.recorder.adopters_table()
    south = (adopters["group"] == "global_south").to_numpy()
    using = (adopters["lab"] != "none").to_numpy()
    chinese = (adopters["origin"] == "CN").to_numpy()
    public = (adopters["kind"] == "government").to_numpy()
    budget = adopters["budget"].to_numpy()
    regions = [model.world.regions[r] for r in model.world.global_south]
    out = {"gs": market(results, "share_cn", "global_south")}
    for name in regions:
        out[name] = market(results, "share_cn", name)
    out["majority_regions"] = float(np.mean([out[n] > 0.5 for n in regions]))
    cuts = np.quantile(budget[south], [1 / 3, 2 / 3])
    budget_class = np.digitize(budget, cuts)
    for k, label in enumerate(BUDGET_CLASSES):
        out[f"budget_{label}"] = _share(chinese, using & south & (budget_class == k))
    out["government"] = _share(chinese, using & south & public)
    return out


def _share(chinese: np.ndarray, among: np.ndarray) -> float:
    return float(chinese[among].mean()) if among.any() else float("nan")


def effects(by_arm: dict[str, dict[str, float]]) -> dict[str, float]:
    """Every outcome's factual value and its Shapley decomposition among the causes, averaged
    over the two directions (the Shapley values of the averaged game); for the Global South
    as a whole also each direction's, and by how much price out-adds capability."""
    causes = list(CAUSES)
    result = {}
    for outcome in by_arm["factual"]:
        result[f"share:{outcome}"] = by_arm["factual"][outcome]
        by_direction = {}
        for direction in DIRECTIONS:
            value = {
                frozenset(present): by_arm[arm_name(tuple(c for c in causes if c not in present), direction)][outcome]
                for k in range(len(causes) + 1)
                for present in itertools.combinations(causes, k)
            }
            by_direction[direction] = shapley(value, causes)
        for cause in causes:
            result[f"{cause}:{outcome}"] = sum(phi[cause] for phi in by_direction.values()) / len(DIRECTIONS)
        if outcome == "gs":
            for direction, phi in by_direction.items():
                for cause in causes:
                    result[f"{cause}_{direction}:gs"] = phi[cause]
                result[f"price_over_capability_{direction}:gs"] = phi["price"] - phi["capability"]
            result["price_over_capability:gs"] = result["price:gs"] - result["capability:gs"]
    return result


def holds(effects: dict[str, float]) -> bool:
    """Most Global South countries take Chinese models as their standard, and price, not
    capability, is what puts them there, whichever bloc's level each cause is switched off to."""
    return (effects["share:majority_regions"] > 0.5 and MINIMUM.reached(effects["price:gs"])
            and all(effects[f"price_over_capability_{d}:gs"] > 0 for d in DIRECTIONS))


def _without_price() -> dict[str, str]:
    """Each arm that switches price off, and the same arm with price left on (the sanity check)."""
    return {
        arm_name(off, direction): arm_name(tuple(c for c in off if c != "price"), direction)
        for direction in DIRECTIONS
        for k in range(1, len(CAUSES) + 1)
        for off in itertools.combinations(CAUSES, k)
        if "price" in off
    }


def decomposition_figure(analysis):
    """Shapley values of the three causes at the baseline (mean of both directions), for the Global South as a whole,
    each of its regions, each budget class and public adopters."""
    base = analysis.at_baseline
    groups = _groups(base.index)
    fig = Figure(figsize=(8, 0.55 * len(groups) + 1.5), layout="constrained")
    ax = fig.subplots()
    height = 0.8 / len(CAUSES)
    colours = {"price": "#d73027", "capability": "#4575b4", "sovereignty": "#1a9850"}
    y = np.arange(len(groups))[::-1]
    for i, cause in enumerate(CAUSES):
        rows = base.loc[[f"{cause}:{g}" for g in groups]]
        error = np.vstack([rows["mean"] - rows["low"], rows["high"] - rows["mean"]])
        ax.barh(y + ((len(CAUSES) - 1) / 2 - i) * height, rows["mean"], height, xerr=error, color=colours[cause],
                label=CAUSE_WORDS[cause], error_kw={"lw": 0.8})
    ax.axvline(0, color="grey", lw=0.8)
    ax.set_yticks(y, [GROUP_NAMES[g] for g in groups], fontsize=8)
    ax.set_xlabel("Chinese share added by the cause (fraction of adopters; Shapley value)")
    ax.set_title("C1: why the Global South uses Chinese models, at the baseline (2030-12)", fontsize=10)
    ax.legend(fontsize=8, loc="lower right")
    caption = (
        "Shapley decomposition of the Chinese share of adopters at the baseline point, by region, budget "
        "class and for public adopters: each bar is what a cause adds to the share (95% CI over seeds). "
        "Price is the price difference between the blocs' models, the free download included; capability "
        "their capability difference (negative where Chinese models trail); sovereignty the value of "
        "self-hosting open weights. Each bar is the mean of both directions of switching a cause off."
    )
    return [("decomposition", fig, caption)]


def dominance_table(analysis) -> list:
    """Whether price dominates capability, for the Global South, each region, each budget
    class and public adopters: at the baseline, and in what share of the plausible worlds."""
    base = analysis.at_baseline["mean"]
    points = analysis.point_means.loc[analysis.worlds]
    rows = []
    for group in _groups(base.index):
        price, capability = base[f"price:{group}"], base[f"capability:{group}"]
        defined = points[[f"price:{group}", f"capability:{group}"]].dropna()  # a class may have no users
        share = (defined.iloc[:, 0] > defined.iloc[:, 1]).mean()
        rows.append([GROUP_NAMES[group], *(f"{base[f'{c}:{group}']:+.3f}" for c in CAUSES),
                     "yes" if price > max(capability, 0) else "no", f"{share:.0%}"])
    return [
        Paragraph("Does price dominate capability? Shapley values at the baseline (fraction of adopters), "
                  "and the share of plausible worlds where price adds more than capability:"),
        Table(["adopters", *(CAUSE_WORDS[c] for c in CAUSES), "price dominates at the baseline",
               "in the worlds"], rows),
    ]


def _groups(effects) -> list[str]:
    """The adopter groups C1 decomposes: the Global South, regions, budget classes, public."""
    return [k.removeprefix("share:") for k in effects if k.startswith("share:") and k != "share:majority_regions"]


_WORLD = sim.default_config()
"""The default world, whose Global South regions C1 measures."""

GROUP_NAMES = {
    "gs": "Global South", "government": "public adopters", "budget_low": "low budgets",
    "budget_middle": "middle budgets", "budget_high": "high budgets",
    **{name: shown for name, shown in Names.of(_WORLD).regions.items()
       if name in _WORLD.regions and _WORLD.regions[name].group == "global_south"},
}
"""The adopter groups C1 measures, as the card names them (regions by their display names)."""

CAUSE_WORDS = {cause: cause.replace("_", " ") for cause in CAUSES}
CAUSE_DOCS = {
    "price": "Chinese models' price", "capability": "Chinese models' capability against US models",
    "sovereignty": "the value adopters place on self-hosting open weights",
}
DIRECTION_WORDS = {"to_us": "Chinese models brought to US levels", "to_cn": "US models brought to Chinese levels"}


def _named_effects() -> dict[str, Effect]:
    """Every effect C1 measures, in words: each group's Chinese share, and each cause's part of it."""
    shares = {group: f"Chinese share of {name}'s adopters using a model"
              for group, name in GROUP_NAMES.items()}
    shares |= {
        "gs": "Chinese share of the Global South's adopters using a model",
        "government": "Chinese share of the Global South's public adopters using a model",
        **{f"budget_{k}": f"Chinese share of the Global South's {k}-budget adopters using a model"
           for k in BUDGET_CLASSES},
        "majority_regions": "fraction of Global South regions where Chinese models are the majority choice",
    }
    named = {f"share:{group}": Effect(words[0].upper() + words[1:], "share")
             for group, words in shares.items()}
    for cause, doc in CAUSE_DOCS.items():
        named |= {f"{cause}:{group}": Effect(f"part of the {words} due to {doc} (Shapley value, mean of both "
                                             "directions)", "points")
                  for group, words in shares.items()}
        named |= {f"{cause}_{d}:gs": Effect(f"part of the {shares['gs']} due to {doc}, with {words} (Shapley value)",
                                            "points") for d, words in DIRECTION_WORDS.items()}
    named["price_over_capability:gs"] = Effect(
        f"part of the {shares['gs']} due to price, less the part due to capability (Shapley values, mean of both "
        "directions)", "points")
    named |= {f"price_over_capability_{d}:gs": Effect(
        f"part of the {shares['gs']} due to price less that due to capability, with {words}", "points")
        for d, words in DIRECTION_WORDS.items()}
    return named


CLAIM = Claim(
    id="C1",
    title="The Global South adopts Chinese models because they are free",
    statement=(
        "Most governments and countries without the West's resources will adopt Chinese models "
        "as their standard, not because they are better but because they are free."
    ),
    source="Eric Schmidt, Nov 2025 (domain brief, seed article 002)",
    measure=(
        "The Chinese share of Global South adopters using a model in the run's last month "
        "(2030-12), by region, budget class and for public adopters; and its Shapley "
        "decomposition among price (the free download included), capability and sovereignty value, with "
        "price and capability switched off both ways (Chinese models at US levels, US models at Chinese "
        "levels)."
    ),
    supports=(
        "Chinese models are the majority choice in most Global South regions, and the price "
        "cause adds at least 5 points to their share (mean of both directions) and more than the capability "
        "cause does, in both directions."
    ),
    refutes=(
        "Chinese models are not the majority choice in most regions, or capability explains as "
        "much of their share as price does in either direction, or price adds less than 5 points."
    ),
    factors=(
        factor("adoption.price", "weight adopters put on cost relative to their budget"),
        factor("adoption.capability", "weight adopters put on capability"),
        factor("adoption.trust", "weight adopters put on security risk (Chinese models riskier)"),
        factor("adoption.risk.CN", "security and trust risk of Chinese models"),
        factor("pricing.markup.CN", "Chinese labs' markup over serving cost"),
        factor("pricing.markup.US", "US labs' markup over serving cost"),
        factor(
            "governments.cn.promotion_abroad",
            "China promotes its labs' models in the Global South (digital silk road)", lever=True,
        ),
        CONTROL_TIGHTNESS,
    ),
    arms=_arms(),
    outcomes=outcomes,
    effects=effects,
    main="price:gs",
    minimum=MINIMUM,
    holds=holds,
    named_effects=_named_effects(),
    sanity=Sanity("price switched off in no arm (each arm without price takes the overrides of the same arm "
                  "with price), so that price can explain nothing", _without_price()),
    figures=decomposition_figure,
    details=dominance_table,
    caveats=(
        "Price parity prices one bloc's APIs at the most capable API of the other sold in each region. "
        "Towards US prices, Chinese weights also lose their free download: self-hosters pay that price per "
        "token on top of their hardware. Towards Chinese prices, US open weights are free already and US "
        "closed models have no weights to give away, so the download enters the price cause one way only.",
        "Matched size: each cause closes the whole difference between the blocs in the run itself, whatever "
        "its size; the Sobol indices of adoption.price and adoption.capability show how the verdict depends on "
        "how adopters weigh the two.",
        "Capability parity changes what adopters get, not the labs: training, costs and prices run as "
        "in the factual world.",
        "US export controls are a lever swept over its range, not a cause in the decomposition.",
        "Shapley values split interactions between causes evenly; a cause's value is an average "
        "over the orders in which causes could be removed.",
        "Budget classes are terciles of the simulated Global South budgets, not income data.",
        "The measure is a projection to 2030 from the ensemble's worlds, as plausible as the notice at the top "
        "of the card says.",
    ),
)
