"""C3: releasing open weights pays through other businesses (cloud hosting, paid top models)
and limits rivals who have no other revenue.

Alibaba (Qwen, with Alibaba Cloud) is held open or closed for the whole run. The claim holds
where open weights earn Alibaba more (its margins, including its cloud's rent on
self-hosters of Qwen) *and* cut the revenue of pure-play rivals (VC-funded labs with no
other business).
"""

from __future__ import annotations

import sim
from sim.config import plausible_range
from experiments.claims.claim import Arm, Claim, Effect, MinimumEffect, Sanity, StrongCause, factor


MINIMUM = MinimumEffect(
    0.1, "above", "US$ billion over 2022-2030",
    "assumption: a gain under US$0.1 billion over nine years (about US$1 million a month) would not "
    "make opening its weights a business decision for Alibaba",
)
"""The smallest gain of Alibaba's margins from open weights that counts as paying."""

_ROSTER = sim.default_config()
"""The roster's labs and regions, which the arms and the rivals name."""

PURE_PLAY = tuple(
    name for name, lab in _ROSTER.labs.items()
    if lab.funding == "vc" and lab.other_business == 0 and not lab.cloud
)
"""Alibaba's pure-play rivals: the labs the roster declares VC-funded with no cloud and no other
business. Read from the roster, not from a run's configuration: the plausible worlds give
every lab some other business (``labs.<name>.other_business`` is an uncertainty), and the
rivals a claim speaks of are the same firms in every world."""


LASTING_HARDWARE_BILLS = ("pricing.inference_efficiency=1.1",)
"""In both arms, serving (and so self-hosting) costs fall at the slowest of their plausible
range, 3x a year (e^1.1) instead of the roster's 7x (e^2.0): the rent on self-hosters is a
share of their hardware bill, which at the least implausible world's pace (11x a year) is
under a dollar a month from 2027."""

THIN_API_MARGINS = (f"pricing.markup.CN={plausible_range('pricing.markup.CN').low:g}",)
"""In both arms, Chinese APIs sell at the lowest markup of their plausible range, as in
China's price war (T18: DeepSeek near its cost): what a closed Qwen earns is its API margin,
which at a world's markup near 0.85 (world 1 of the ensemble of 2026-12-03) outgrew the
rent of an open one (US$7.3 billion against 3.8 over 2022-2030, with its lower capability
path making each self-hoster's bill smaller), so the cause, money that opening earns
elsewhere, was not strong against what closing earns."""

PULL_THROUGH = (
    "clouds.alibaba_cloud.markup=1.0",
    "clouds.alibaba_cloud.regions=[" + ",".join(_ROSTER.regions) + "]",
    "strategy.cloud_share=1.0",
    "labs.alibaba.licence=1.0",
    "pricing.self_host_cost=20000",
    "adoption.sovereignty=2.5",
    "adoption.self_host_effort=0.2",
    *(f"regions.{region}.self_host_share=0.9" for region in _ROSTER.regions),
) + LASTING_HARDWARE_BILLS + THIN_API_MARGINS
"""In the open arm, a large pull-through of Qwen into Alibaba Cloud: Alibaba Cloud rents
hardware in every region at the field's largest markup (1.0: its margin equals the hardware's
cost), and Alibaba counts all of that margin (``strategy.cloud_share``); Qwen's weights are
fully permissive, so self-hosting them gives full sovereignty; a self-hoster's hardware costs
ten times the roster's US$2,000 a month, so each renter pays more rent; and adopters are
sovereignty-minded: sovereignty weighed at the top of its plausible range, self-hosting's
effort at the bottom, nine in ten adopters of every region able to self-host."""


def outcomes(model, results) -> dict[str, float]:
    """Money over the whole run, US$ billion: Alibaba's margins; pure-play rivals' revenue."""
    labs = results.labs
    return {
        "alibaba_margin": float(labs.loc[labs["lab"] == "alibaba", "margin"].sum()),
        "rivals_revenue": float(labs.loc[labs["lab"].isin(PURE_PLAY), "revenue"].sum()),
    }


def effects(by_arm: dict[str, dict[str, float]]) -> dict[str, float]:
    """Open less closed: Alibaba's margin gain and rivals' revenue change (US$ billion,
    2022-2030), and the rivals' change relative to their revenue when Alibaba is closed."""
    opened, closed = by_arm["alibaba_open"], by_arm["alibaba_closed"]
    change = opened["rivals_revenue"] - closed["rivals_revenue"]
    return {
        "alibaba_margin_gain": opened["alibaba_margin"] - closed["alibaba_margin"],
        "rivals_revenue_change": change,
        "rivals_revenue_change_relative": change / closed["rivals_revenue"] if closed["rivals_revenue"] else float("nan"),
    }


def holds(effects: dict[str, float]) -> bool:
    return MINIMUM.reached(effects["alibaba_margin_gain"]) and effects["rivals_revenue_change"] < 0


CLAIM = Claim(
    id="C3",
    title="Open weights pay through other businesses and squeeze pure-play rivals",
    statement=(
        "Releasing open weights pays through other businesses (cloud hosting, paid top models), "
        "and limits rivals who have no other revenue."
    ),
    source="Alibaba; Il Post (domain brief, seed articles 001, 002)",
    measure=(
        "Alibaba's summed margins 2022-2030 (API sales less serving cost, plus its cloud's rent "
        "on self-hosters of Qwen) and pure-play rivals' summed revenue, Alibaba open less "
        "Alibaba closed (same seeds)."
    ),
    supports="Open weights raise Alibaba's margins and lower pure-play rivals' revenue.",
    refutes="Open weights lower Alibaba's margins, or leave pure-play rivals' revenue as high or higher.",
    factors=(
        factor("adoption.sovereignty", "value adopters place on sovereignty (self-hosting)"),
        factor("adoption.self_host_effort", "the work of running a model oneself"),
        factor("pricing.markup.CN", "Chinese labs' markup over serving cost"),
        factor("clouds.alibaba_cloud.markup", "Alibaba Cloud's markup on hosting and rented hardware"),
        factor("governments.cn.open_reward", "China pays its labs for open releases (US$B a month)", lever=True),
    ),
    arms=(
        Arm(
            "alibaba_open",
            ("labs.alibaba.fixed_strategy=true", "labs.alibaba.strategy=open"),
            "Alibaba releases open weights all run",
        ),
        Arm(
            "alibaba_closed",
            ("labs.alibaba.fixed_strategy=true", "labs.alibaba.strategy=closed"),
            "Alibaba sells closed models only",
        ),
    ),
    outcomes=outcomes,
    effects=effects,
    sanity=Sanity("Alibaba closed in both arms", {"alibaba_open": "alibaba_closed"}),
    strong_cause=StrongCause(
        "a large pull-through of open Qwen into Alibaba Cloud (its largest markup in every region, sovereignty-minded "
        "adopters able to self-host, costly hardware), and in both arms hardware bills that fall slowly and "
        "thin API margins",
        {"alibaba_open": PULL_THROUGH, "alibaba_closed": LASTING_HARDWARE_BILLS + THIN_API_MARGINS},
    ),
    main="alibaba_margin_gain",
    minimum=MINIMUM,
    holds=holds,
    named_effects={
        "alibaba_margin_gain": Effect("Alibaba's margins over 2022-2030 when it opens its weights, less when it "
                                      "stays closed (US$ billion)"),
        "rivals_revenue_change": Effect("pure-play rivals' revenue over 2022-2030 when Alibaba opens, less when "
                                        "it stays closed (US$ billion)"),
        "rivals_revenue_change_relative": Effect("the same change of rivals' revenue, relative to their revenue "
                                                 "when Alibaba stays closed (fraction)"),
    },
    adopters_scale=4,
    caveats=(
        "Runs simulate four times the mode's adopters: the cloud rent that open weights earn Alibaba comes from "
        "the few adopters who self-host Qwen in Alibaba Cloud's regions, a handful in a run of the mode's size; "
        "the card's Monte Carlo error says whether the payoff difference then stands out of the noise.",
        "Alibaba's other businesses are its cloud's rent on self-hosters and its parent's budget; "
        "e-commerce and brand value are not modelled.",
        "Pure-play rivals are the labs the roster declares VC-funded without a cloud or other business ("
        + ", ".join(_ROSTER.labs[name].display_name for name in PURE_PLAY)
        + "), in every world, though the worlds give each some other business.",
        "Other labs keep reviewing their strategies, so rivals may answer Alibaba's choice.",
    ),
)
