"""C4: Meta's retreat from open models leaves the open market to China.

Meta turns closed in 2025-07 as it did, or stays open all run (the `meta_stays_open`
scenario). The claim holds where the retreat raises Chinese families' share of open-model
downloads by more than 5 points *and* China ends with most of them.
"""

from __future__ import annotations

import sim
from experiments.claims.claim import Arm, Claim, Effect, MinimumEffect, Sanity, StrongCause, factor
from experiments.claims.common import download_share
from experiments.targets import market

MINIMUM = MinimumEffect(
    0.05, "above", "of open-model downloads (0.05 is 5 points)",
    "a change in download share smaller than 5 points does not leave the market to anyone",
)
"""The smallest gain of the Chinese download share from Meta's retreat that matters."""

MARKET_LEADER = ("labs.meta.compute=100", "labs.meta.capability=130")
"""Meta as the open market's leader while it stays open, in both arms: a training fleet of
100 thousand H100-equivalents at the start (about seven times the roster's 15) and a best
model of ECI 130 in 2022, above GPT-4's 126.2 of 2023-03, so that Llama holds most of the
open market that its retreat could leave."""

NO_WESTERN_OPEN_WEIGHTS = tuple(
    f"labs.{name}.{key}={value}"
    for name, lab in sim.default_config().labs.items() if lab.bloc != "CN"
    for key, value in (("fixed_strategy", "true"), ("strategy", "closed"))
)
"""In the retreat arm, every lab outside China closed all run, Meta first: its retreat then
leaves no US or European family (Phi, Nemotron, OLMo, Mistral, nor any lab that would open
later) to take up the open market it gives up."""


def outcomes(model, results) -> dict[str, float]:
    """Chinese share of open-model downloads and of new fine-tunes, end of 2026 and 2030."""
    return {
        "downloads_2026": download_share(results, "CN", "2026-12"),
        "downloads_2030": download_share(results, "CN"),
        "derivatives_2030": market(results, "derivative_share_cn"),
    }


def effects(by_arm: dict[str, dict[str, float]]) -> dict[str, float]:
    """Retreat less stays-open (fractions; 0.05 is 5 points), and the Chinese download share after the retreat."""
    retreat, stays = by_arm["meta_retreats"], by_arm["meta_stays_open"]
    return {
        "download_share_change": retreat["downloads_2030"] - stays["downloads_2030"],
        "download_share_change_2026": retreat["downloads_2026"] - stays["downloads_2026"],
        "derivative_share_change": retreat["derivatives_2030"] - stays["derivatives_2030"],
        "cn_download_share": retreat["downloads_2030"],
    }


def holds(effects: dict[str, float]) -> bool:
    return MINIMUM.reached(effects["download_share_change"]) and effects["cn_download_share"] > 0.5


CLAIM = Claim(
    id="C4",
    title="Meta's retreat leaves the open market to China",
    statement="Meta's retreat from open models leaves the open market to China.",
    source="Seed article 004; ATOM Project (domain brief, seed article 002)",
    measure=(
        "Chinese families' share of open-model downloads (the downloads proxy) in 2030-12, with "
        "Meta's 2025 turn to closed models less with Meta staying open (same seeds)."
    ),
    supports="The retreat raises the Chinese download share by more than 5 points, and China ends with most downloads.",
    refutes="The retreat changes the Chinese share by 5 points or less, or China does not end with most downloads.",
    factors=(
        factor("openness.distillation", "monthly share of the gap to the best open model closed by distilling"),
        factor("openness.hybrid_lag", "how far a hybrid lab's open model trails its closed one (ECI)"),
        factor("adoption.trust", "weight adopters put on security risk (Chinese models riskier)"),
        factor("adoption.ecosystem", "weight adopters put on a family's ecosystem of fine-tunes"),
        factor("strategy.inertia", "payoff advantage a lab needs to switch strategy"),
        factor(
            "timeline.us_action_plan.value",
            "the US pays its labs for open releases from 2025-08 (US$B a month)", lever=True,
        ),
    ),
    arms=(
        Arm("meta_retreats", (), "the baseline: Meta turns closed in 2025-07"),
        Arm("meta_stays_open", ("scenario=meta_stays_open",), "Meta never turns closed"),
    ),
    outcomes=outcomes,
    effects=effects,
    sanity=Sanity("Meta staying open in both arms", {"meta_retreats": "meta_stays_open"}),
    strong_cause=StrongCause(
        "Meta leading the open market while it stays open, and every lab outside China closed all run "
        "when it retreats",
        {"meta_retreats": MARKET_LEADER + NO_WESTERN_OPEN_WEIGHTS, "meta_stays_open": MARKET_LEADER},
    ),
    main="download_share_change",
    minimum=MINIMUM,
    holds=holds,
    named_effects={
        "download_share_change": Effect("change of the Chinese share of open-model downloads in 2030-12 from "
                                        "Meta's retreat", "points"),
        "download_share_change_2026": Effect("the same change in 2026-12", "points"),
        "derivative_share_change": Effect("change of the Chinese share of new fine-tunes in 2030-12 from Meta's "
                                          "retreat", "points"),
        "cn_download_share": Effect("Chinese share of open-model downloads in 2030-12 after Meta's retreat",
                                    "share"),
    },
    caveats=(
        "Downloads are a proxy (self-hosters and fine-tunes), not Hugging Face counts.",
        "After its forced switch Meta, like every lab, reviews its strategy from 2027, so the "
        "factual Meta may reopen.",
    ),
)
