"""C2: US chip export controls accelerated Chinese AI innovation rather than only slowing it.

Worlds with the historical controls, with half of them, with controls 30% tighter, and
without any: the controls deny Chinese labs advanced chips (slowing them) and, through
scarcity, speed up their algorithmic efficiency (the induced-innovation channel,
`capability.scarcity_elasticity`). The claim holds where the second effect wins: with the
historical controls Chinese labs end more efficient *and* at least half an ECI point more
capable than without; the looser and tighter controls show how the effect runs with their
tightness.
"""

from __future__ import annotations

from experiments.claims.claim import Arm, Claim, Effect, MinimumEffect, Sanity, StrongCause, factor
from experiments.claims.common import CONTROL_TIGHTNESS, control_overrides
from experiments.targets import market
from sim.config import plausible_range


MINIMUM = MinimumEffect(
    0.5, "above", "ECI points",
    "assumption: controls that leave the Chinese frontier less than half an ECI point higher did not "
    "accelerate it in any sense a ranking of models would show",
)
"""The smallest gain of the Chinese frontier from the controls that counts as acceleration."""

def outcomes(model, results) -> dict[str, float]:
    """Best Chinese efficiency (log10 effective compute per chip), the Chinese frontier (ECI)
    and China's lag behind the US (months), in the run's last month."""
    chinese = [lab for lab in model.labs if lab.active and lab.bloc == "CN"]
    return {
        "efficiency": max(lab.efficiency for lab in chinese),
        "frontier": market(results, "frontier_cn"),
        "lag": market(results, "china_lag_months"),
    }


STRONG_CAUSE = (
    f"capability.scarcity_elasticity={plausible_range('capability.scarcity_elasticity').high:g}",
    f"governments.us.leakage={plausible_range('governments.us.leakage').low:g}",
)
"""The strong cause, in every arm: the controls bite (the fewest denied chips leak through, the
bottom of the leakage range) and scarcity induces efficiency at the top of its plausible range
(at full scarcity, efficiency grows 3.5 times as fast). Inducement alone is not enough: in a
world where most denied chips leak (world 1 leaks 55%), there is little scarcity to induce
anything, and the controls then move the Chinese frontier by less than its seed-to-seed noise.
The arm without controls has no scarcity, so neither setting changes it: if the experiment
measures whether forced efficiency outweighs the chips denied, the controls must then leave
China more efficient and more capable."""

TIGHTNESSES = {"half_controls": 0.5, "tighter_controls": 1.3}
"""The other control tightnesses compared, as multiples of the historical controls."""


def effects(by_arm: dict[str, dict[str, float]]) -> dict[str, float]:
    """With the historical controls less without: efficiency (log10 units, 0.1 = 26% more
    output per chip), frontier (ECI points) and lag (months; negative = controls shortened
    the lag); and the frontier change at the other tightnesses."""
    on, off = by_arm["controls"], by_arm["no_controls"]
    return {
        "efficiency_gain": on["efficiency"] - off["efficiency"],
        "frontier_change": on["frontier"] - off["frontier"],
        "lag_change": on["lag"] - off["lag"],
        **{f"frontier_change_{arm}": by_arm[arm]["frontier"] - off["frontier"] for arm in TIGHTNESSES},
    }


def holds(effects: dict[str, float]) -> bool:
    return effects["efficiency_gain"] > 0 and MINIMUM.reached(effects["frontier_change"])


CLAIM = Claim(
    id="C2",
    title="Export controls accelerated Chinese AI innovation",
    statement=(
        "US chip export controls accelerated Chinese AI innovation (\"mobilized the whole nation\"; "
        "forced efficiency) rather than only slowing it."
    ),
    source="Liang Wenfeng; Kevin Jin (domain brief, seed articles 001, 003)",
    measure=(
        "Chinese labs' best algorithmic efficiency and the Chinese capability frontier in 2030-12, "
        "with the historical US controls less without any controls (same seeds)."
    ),
    supports="With controls, Chinese labs end both more efficient and at least as capable (ECI) as without.",
    refutes=(
        "With controls, Chinese labs end less capable (controls only slowed them, whatever the "
        "efficiency they forced), or not more efficient."
    ),
    factors=(
        factor("capability.scarcity_elasticity", "strength of induced innovation under scarcity"),
        factor("capability.domestic_efficiency", "domestic chips' compute per dollar relative to controlled ones"),
        factor("capability.domestic_supply_growth", "yearly growth of domestic chip supply (log)"),
        factor("governments.us.leakage", "share of denied chips that leaks through (smuggling, rental)"),
        factor("openness.distillation", "monthly share of the gap to the best open model closed by distilling"),
        CONTROL_TIGHTNESS,
    ),
    arms=(
        Arm("controls", (), "the baseline: US controls of 2022-2025 as they happened"),
        Arm("half_controls", control_overrides(TIGHTNESSES["half_controls"]), "every US control at half its level"),
        Arm("tighter_controls", control_overrides(TIGHTNESSES["tighter_controls"]),
            "every US control 30% tighter (at most full denial)"),
        Arm("no_controls", ("scenario=no_export_controls",), "no US chip controls at all"),
    ),
    outcomes=outcomes,
    effects=effects,
    sanity=Sanity("no controls in any arm (each controlled arm runs as the arm without controls)",
                  {"controls": "no_controls", "half_controls": "no_controls", "tighter_controls": "no_controls"}),
    strong_cause=StrongCause(
        "controls that bite (leakage 0.1) and induced innovation at the top of its plausible range "
        "(scarcity elasticity 2.5)",
        {arm: STRONG_CAUSE for arm in ("controls", "half_controls", "tighter_controls", "no_controls")},
    ),
    main="frontier_change",
    minimum=MINIMUM,
    holds=holds,
    named_effects={
        "efficiency_gain": Effect("gain of the best Chinese algorithmic efficiency from the controls "
                                  "(log10 units; 0.1 is 26% more output per chip)"),
        "frontier_change": Effect("change of the Chinese capability frontier in 2030-12 from the controls (ECI points)"),
        "lag_change": Effect("change of China's lag behind the US in 2030-12 from the controls "
                             "(months; below zero the controls shortened it)"),
        "frontier_change_half_controls": Effect("change of the Chinese frontier in 2030-12 from controls at half "
                                                "their level (ECI points)"),
        "frontier_change_tighter_controls": Effect("change of the Chinese frontier in 2030-12 from controls 30% "
                                                   "tighter (ECI points)"),
    },
    caveats=(
        "Innovation is algorithmic efficiency only; the model has no talent, chip-making or "
        "'whole-nation mobilisation' beyond state money and induced efficiency.",
        "Induced efficiency grows with scarcity by an assumed elasticity; its range is swept, "
        "not estimated.",
        "Controls act on compute purchases from 2022-10; stock bought before is kept.",
        "At the sensitivity points the historical arm's controls follow the tightness lever; the half and "
        "tighter arms keep their own levels.",
    ),
)
