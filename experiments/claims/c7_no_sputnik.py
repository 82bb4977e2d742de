"""C7: DeepSeek was no "Sputnik moment" (a sudden break) but a slow, layered change.

DeepSeek-R1's release and the publicity around it (2025-01) happen, or do not. The claim
holds where R1 explains less than a quarter of the rise of the world's adopters on Chinese
models between 2023-01 and 2026-12, *and* no single month brings more than a quarter of that rise.

No sanity check: the claim is that a cause, R1, did little. Taking that cause out (the arm
with R1 run without it) makes R1's part of the rise exactly zero, which the claim reads as
support, so a check with the cause removed cannot refute it: it is instead the check that the
experiment can support the claim (``strong_cause``, on the runs of the arm without R1). The
refuting result needs R1 made a break, and the model cannot make one: with R1's capability
jump at 30 ECI points (about 13 times world 0's, beyond its plausible range) and its news
reaching every adopter, R1's part of the rise stayed under a fifth, and mostly below zero,
in quick runs of worlds 0 and 1 (two seeds each); in full mode the claim fails at none of the
sampled points. The experiment cannot show that it could refute C7: the adopters R1 brings
to Chinese models are ones other Chinese families win by 2026-12 anyway, so R1's part of the
rise measures what R1 added that nobody else would have, which the model keeps small.
"""

from __future__ import annotations

import numpy as np

from experiments.claims.claim import Arm, Claim, Effect, MinimumEffect, StrongCause, factor
from sim.calendar import month_timestamp

FROM, TO = "2023-01", "2026-12"
"""The window over which China's rise is measured."""
SUDDEN = 0.25
"""A break is a cause, or a month, that brings a quarter or more of the rise."""


MINIMUM = MinimumEffect(
    SUDDEN, "below", "of the 2023-2026 rise (0.25 is a quarter)",
    "a cause that brings a quarter or more of the rise is a break, a Sputnik moment",
)
"""The part of the rise R1 must stay under for the claim (no Sputnik moment)."""

WITHOUT_R1 = ("timeline.deepseek_r1.enabled=false", "timeline.r1_publicity.enabled=false")
"""No R1 jump and no R1 news."""


def outcomes(model, results) -> dict[str, float]:
    """The share of all the world's adopters who use a Chinese model (adopting times the
    Chinese share of users: it grows from zero, unlike the share of the few early users) at
    the window's ends and three months after R1, and its largest one-month rise in the window."""
    world = results.markets[results.markets["region"] == "world"].set_index("date")
    on_chinese = (world["adopting"] * world["share_cn"])[month_timestamp(FROM):month_timestamp(TO)]
    return {
        "share_from": float(on_chinese.iloc[0]),
        "share_after_r1": float(on_chinese[month_timestamp("2025-04")]),
        "share_to": float(on_chinese.iloc[-1]),
        "largest_month": float(np.max(np.diff(on_chinese.to_numpy()))),
    }


def effects(by_arm: dict[str, dict[str, float]]) -> dict[str, float]:
    """R1's share of China's rise, its effect three months on (fraction of adopters), and the largest
    month's share of the rise."""
    r1, none = by_arm["with_r1"], by_arm["without_r1"]
    rise = r1["share_to"] - r1["share_from"]
    return {
        "rise": rise,
        "r1_share_of_rise": (r1["share_to"] - none["share_to"]) / rise if rise > 0 else float("nan"),
        "r1_effect_after_3_months": r1["share_after_r1"] - none["share_after_r1"],
        "largest_month_share": r1["largest_month"] / rise if rise > 0 else float("nan"),
    }


def holds(effects: dict[str, float]) -> bool:
    return MINIMUM.reached(effects["r1_share_of_rise"]) and effects["largest_month_share"] < SUDDEN


CLAIM = Claim(
    id="C7",
    title="DeepSeek was a slow, layered change, not a Sputnik moment",
    statement='DeepSeek was no "Sputnik moment" (a sudden break) but a slow, layered change.',
    source="Alberto Puliafito (domain brief, seed article 002)",
    measure=(
        f"The rise of the share of the world's adopters using Chinese models from {FROM} to {TO}: "
        "the part of it due to R1's "
        "release and publicity (with less without, same seeds), and the largest one-month step."
    ),
    supports=(
        "R1 explains under a quarter of the rise, and no single month brings a quarter of it: "
        "the rise is gradual and has many causes."
    ),
    refutes="R1 explains a quarter or more of the rise, or one month brings a quarter or more of it.",
    factors=(
        factor("timeline.deepseek_r1.value", "capability R1 added to DeepSeek (ECI points)"),
        factor("timeline.r1_publicity.value", "share of adopters who learned of DeepSeek from the news"),
        factor("adoption.word_of_mouth", "monthly chance of learning of a lab all one's peers use"),
        factor("adoption.revision", "monthly chance an adopter reconsiders its choice"),
        factor("adoption.promotion", "monthly chance an adopter learns of a lab by its marketing"),
    ),
    arms=(
        Arm("with_r1", (), "the baseline: R1 and its publicity in 2025-01"),
        Arm("without_r1", WITHOUT_R1, "no R1 jump and no R1 news"),
    ),
    outcomes=outcomes,
    effects=effects,
    strong_cause=StrongCause(
        "R1 taken out of the world that has it (no R1 jump and no R1 news in either arm): the change then has "
        "only its other layers, and R1 no part of the rise, so the claim must hold unless one month of those "
        "layers brings a quarter of the rise",
        {"with_r1": WITHOUT_R1},
    ),
    main="r1_share_of_rise",
    minimum=MINIMUM,
    holds=holds,
    named_effects={
        "rise": Effect("rise of the world's adopters on Chinese models over the window (of all adopters)",
                       "points"),
        "r1_share_of_rise": Effect("part of that rise due to DeepSeek-R1 (fraction of the rise)"),
        "r1_effect_after_3_months": Effect("R1's effect on them three months after its release (of all adopters)",
                                           "points"),
        "largest_month_share": Effect("the largest single month's part of the rise (fraction of the rise)"),
    },
    adopters_scale=4,
    caveats=(
        "Runs simulate four times the mode's adopters: a month's step is a handful of adopters at the mode's "
        "size (at 300, a world whose Chinese share rises five points has a month with four in ten of the rise "
        "from a few adopters' choices; at 1,200 none above a fifth), so the largest month would measure the "
        "population's grain, not a break.",
        "A claim about history: no policy lever is swept, only how strong R1 and its news were "
        "and how fast adopters learn and reconsider.",
        "DeepSeek's other steps (V2's prices, the WeChat deal, MIT licence) stay in both arms: "
        "they are the 'layers'.",
        "The rise is measured in adopters, not in tokens or revenue.",
    ),
)
