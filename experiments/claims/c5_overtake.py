"""C5: China may overtake the US thanks to its open-source ecosystem.

The open ecosystem's feedback to capability has two channels in the model: efficiency from
the community's fine-tunes of a family, and distillation of the best open weights. The
claim holds at a point where China leads the US frontier in 2030-12 with these channels *and*
does not lead without them: overtaking happens, and the open ecosystem is why. Labs'
algorithmic progress differs by bloc as an uncertainty (``labs.<name>.algorithmic_edge``), so
that China can overtake by its own progress too, with or without the ecosystem.

The strong-cause check (:data:`STRONG_CAUSE`) runs the two arms in a world made for the claim:
the open ecosystem is China's (every lab outside China closed all run, so the fine-tunes that
feed back and the weights others distil are Chinese), China trails on its own (US labs' algorithmic
progress at the top of its plausible range, Chinese labs' at the bottom), and the community's
fine-tunes feed back at the top of their plausible range. If the experiment measures whether the
open ecosystem carries China past the US, China must then lead with it and not without it.
"""

from __future__ import annotations

import sim
from experiments.claims.claim import Arm, Claim, Effect, MinimumEffect, Sanity, StrongCause, factor
from experiments.claims.common import CONTROL_TIGHTNESS, algorithmic_edge
from experiments.targets import market
from sim.config import plausible_range


MINIMUM = MinimumEffect(
    3.0, "above", "months of China's lag",
    "assumption: an ecosystem that removes less than a quarter of a year of lag cannot carry China past "
    "the US when China trails by several months",
)
"""The smallest part of China's lag the open ecosystem must remove for the claim."""

_ROSTER = sim.default_config().labs

CHINESE_ECOSYSTEM = tuple(
    f"labs.{name}.{key}={value}"
    for name, lab in _ROSTER.items() if lab.bloc != "CN"
    for key, value in (("fixed_strategy", "true"), ("strategy", "closed"))
)
"""Every lab outside China closed all run: the only open weights, and so the only fine-tunes and
the only weights to distil, are Chinese."""

CHINA_TRAILS_ALONE = tuple(
    f"labs.{name}.algorithmic_edge="
    f"{getattr(plausible_range(f'labs.{name}.algorithmic_edge'), 'high' if lab.bloc == 'US' else 'low'):g}"
    for name, lab in _ROSTER.items() if lab.bloc in ("US", "CN")
)
"""US labs' algorithmic progress at the top of its plausible range (1.3 times the common trend) and
Chinese labs' at the bottom (0.7 times): without the ecosystem, China trails the US frontier in
2030-12 (by about 6 months in world 0 and 23 in world 1, in quick runs)."""

STRONG_FEEDBACK = (f"openness.community_feedback={plausible_range('openness.community_feedback').high:g}",)
"""The community's fine-tunes feed back at the top of their plausible range (three times the default)."""

STRONG_CAUSE = StrongCause(
    "an open ecosystem that is China's alone (every lab outside China closed all run) and feeds back at the "
    "top of its range, in a world where China's own algorithmic progress trails the US's",
    {
        "open_ecosystem": CHINESE_ECOSYSTEM + CHINA_TRAILS_ALONE + STRONG_FEEDBACK,
        "no_open_ecosystem": CHINESE_ECOSYSTEM + CHINA_TRAILS_ALONE,
    },
)
"""The strong cause: China's lag must come from the ecosystem's absence, not from the world, so both
arms trail alike without it; only the arm with the ecosystem has it, and strongly. In quick runs the
ecosystem then removes 33-46 months of lag and China leads in every seed of both worlds with it, in
none without."""

def outcomes(model, results) -> dict[str, float]:
    """China's lag behind the US frontier (months; negative = China leads) and the capability
    gap (ECI, China less US), in the run's last month."""
    return {
        "lag": market(results, "china_lag_months"),
        "gap": market(results, "frontier_cn") - market(results, "frontier_us"),
    }


def effects(by_arm: dict[str, dict[str, float]]) -> dict[str, float]:
    """Whether China leads with and without the open ecosystem (1 or 0; their means over
    seeds are probabilities), the lag, and the months of lag the ecosystem removes."""
    with_, without = by_arm["open_ecosystem"], by_arm["no_open_ecosystem"]
    return {
        "china_leads": float(with_["lag"] < 0),
        "china_leads_without": float(without["lag"] < 0),
        "lag": with_["lag"],
        "lag_reduction": without["lag"] - with_["lag"],
        "gap_gain": with_["gap"] - without["gap"],
    }


def holds(effects: dict[str, float]) -> bool:
    return (effects["china_leads"] >= 0.5 and effects["china_leads_without"] < 0.5
            and MINIMUM.reached(effects["lag_reduction"]))


CLAIM = Claim(
    id="C5",
    title="China may overtake the US thanks to open source",
    statement="China may overtake the US thanks to its open-source ecosystem.",
    source="Andrew Ng (domain brief, seed article 004)",
    measure=(
        "Whether the Chinese frontier leads the US one in 2030-12 (China's lag below zero), with "
        "the open ecosystem's feedback (community fine-tunes, distillation) and without it."
    ),
    supports="China leads in most seeds with the open ecosystem and in fewer than half without it.",
    refutes="China does not lead in most seeds, or leads as well without the open ecosystem.",
    factors=(
        factor("openness.community_feedback", "efficiency gain per log of a family's new fine-tunes"),
        factor("openness.distillation", "monthly share of the gap to the best open model closed by distilling"),
        factor("capability.scarcity_elasticity", "strength of induced innovation under scarcity"),
        factor("capability.domestic_supply_growth", "yearly growth of domestic chip supply (log)"),
        algorithmic_edge("CN"),
        algorithmic_edge("US"),
        CONTROL_TIGHTNESS,
        factor("governments.cn.subsidy", "China's direct subsidy to its labs (US$B a month)", lever=True),
    ),
    arms=(
        Arm("open_ecosystem", (), "the baseline: fine-tunes and distillation feed capability"),
        Arm(
            "no_open_ecosystem",
            ("openness.community_feedback=0", "openness.distillation=0"),
            "open weights bring no capability back to anyone",
        ),
    ),
    outcomes=outcomes,
    effects=effects,
    sanity=Sanity("the open ecosystem's feedback switched off in both arms", {"open_ecosystem": "no_open_ecosystem"}),
    strong_cause=STRONG_CAUSE,
    main="lag_reduction",
    minimum=MINIMUM,
    holds=holds,
    named_effects={
        "china_leads": Effect("chance that China leads the frontier in 2030-12, with the open ecosystem", "share"),
        "china_leads_without": Effect("chance that China leads the frontier in 2030-12, without the open "
                                      "ecosystem", "share"),
        "lag": Effect("China's lag behind the US frontier in 2030-12, with the open ecosystem (months)"),
        "lag_reduction": Effect("months of China's 2030-12 lag removed by the open ecosystem"),
        "gap_gain": Effect("ECI points of the China-US capability gap in 2030-12 gained through the open "
                           "ecosystem"),
    },
    caveats=(
        "'Overtake' is the capability frontier (ECI); market shares are C1's and C4's measures.",
        "Switching the ecosystem off removes it for every bloc, including US open models.",
        "Capability is one number per lab; leads in particular tasks are not modelled.",
        "Each bloc's labs share one algorithmic pace in the sweep; the plausible worlds keep every "
        "lab at the common trend unless the calibration's space includes `labs.<name>.algorithmic_edge`.",
    ),
)
