"""C8: state funds and coordination can replace collapsed venture capital.

Four worlds: Chinese VC collapses as it did and the state steps in as it did (subsidies,
compute vouchers, the guidance fund); VC collapses and the state pays each VC-funded lab the
venture capital the collapse withholds (the same money, to the same labs, in the same
months, through the state's channel: ``funding.state_backfill``); VC collapses and the state
does not step in; VC does not collapse and the state does not step in. State money may lose
a share on its way (``funding.state_friction``, swept over its plausible range). The claim
holds where, with the same money through the state, Chinese labs end with at least 95% of
the compute, and within one ECI point of the frontier, they would have had with VC intact.
"""

from __future__ import annotations

import math

import sim
from experiments.claims.claim import Arm, Claim, Effect, Factor, MinimumEffect, Sanity, factor
from experiments.claims.common import last_month
from experiments.targets import market
from sim.config import get_value
from sim.vocabulary import MAX_VOUCHER

STATE_MONEY = ("governments.cn.subsidy", "timeline.compute_vouchers.value", "timeline.cn_vc_fund.value")
"""China's state money: direct subsidy (US$B a month), compute vouchers (share of compute
cost, from 2024-12) and the VC guidance fund (US$B a month, from 2025-03)."""


def _state_money(scale: float) -> dict[str, float]:
    """The baseline's state money times ``scale`` (vouchers capped at MAX_VOUCHER)."""
    defaults = sim.default_config()
    values = {key: get_value(defaults, key) * scale for key in STATE_MONEY}
    values["timeline.compute_vouchers.value"] = min(MAX_VOUCHER, values["timeline.compute_vouchers.value"])
    return values


NO_STATE = ("governments.cn.subsidy=0", "timeline.compute_vouchers.enabled=false", "timeline.cn_vc_fund.enabled=false")
EQUAL_MONEY = ("funding.state_backfill=1.0",)
"""The state pays the whole VC shortfall against a normal climate (what intact VC would bring)."""
NO_COLLAPSE = ("timeline.cn_vc_drought.enabled=false", "timeline.cn_vc_bottom.enabled=false", "funding.vc_climate.CN=1.0")
TOLERANCE = {"compute": math.log(0.95), "frontier": -1.0}
"""How little compute (log ratio) and frontier (ECI points), against intact VC, still count as kept."""

MINIMUM = MinimumEffect(
    TOLERANCE["compute"], "above", "log ratio of compute (-0.051 is 95% as much)",
    "state money replaces VC if Chinese labs keep at least 95% of the compute they would have had",
)
"""The least compute, against intact VC, that counts as replacing VC."""


def outcomes(model, results) -> dict[str, float]:
    """Chinese labs' compute stock (thousand H100-equivalents) and frontier (ECI) in the last
    month, and the state money they received over the run (US$ billion, before friction)."""
    final = last_month(results)
    labs = results.labs
    return {
        "compute": float(final.loc[final["origin"] == "CN", "compute"].sum()),
        "frontier": market(results, "frontier_cn"),
        "state_money": float(labs.loc[labs["origin"] == "CN", "state_income"].sum()),
    }


def effects(by_arm: dict[str, dict[str, float]]) -> dict[str, float]:
    """Against intact VC, after a collapse: with the same money through the state, and with the
    state money as it was (log compute ratio, frontier difference in ECI points); the share of
    the collapse's compute loss each made good; and the state money each paid."""
    equal, state = by_arm["collapse_equal_state"], by_arm["collapse_state"]
    bare, intact = by_arm["collapse_no_state"], by_arm["no_collapse"]
    loss = intact["compute"] - bare["compute"]
    return {
        "compute_vs_intact": math.log(equal["compute"] / intact["compute"]),
        "frontier_vs_intact": equal["frontier"] - intact["frontier"],
        "share_replaced": (equal["compute"] - bare["compute"]) / loss if loss > 0 else float("nan"),
        "equal_state_money": equal["state_money"],
        "historical_compute_vs_intact": math.log(state["compute"] / intact["compute"]),
        "historical_frontier_vs_intact": state["frontier"] - intact["frontier"],
        "historical_share_replaced": (state["compute"] - bare["compute"]) / loss if loss > 0 else float("nan"),
        "state_money": state["state_money"],
    }


def holds(effects: dict[str, float]) -> bool:
    return (MINIMUM.reached(effects["compute_vs_intact"])
            and effects["frontier_vs_intact"] >= TOLERANCE["frontier"])


CLAIM = Claim(
    id="C8",
    title="State funds can replace collapsed venture capital",
    statement="State funds and coordination can replace collapsed venture capital.",
    source="Seed article 001 (domain brief)",
    measure=(
        "Chinese labs' compute and frontier in 2030-12 after the VC collapse, with the state paying the "
        "VC the collapse withheld (the same money through the state's channel), against VC intact and no "
        "state money (same seeds); and, beside it, the same with the state money China actually paid."
    ),
    supports=(
        "With the same money through the state, Chinese labs end with at least 95% of the compute and within "
        "1 ECI point of their intact-VC frontier."
    ),
    refutes=(
        "With the same money through the state they end with less than 95% of the compute, or more than 1 ECI "
        "point behind: the state's channel loses what VC would have built."
    ),
    factors=(
        factor("funding.capability_premium", "how fast VC dries up for labs behind the frontier"),
        factor("funding.state_friction", "share of state money lost before it reaches a lab's cash"),
        factor("capability.spend_share", "share of cash spent on compute each month"),
        factor("pricing.subsidised_discount", "share of state money labs pass to prices", lever=True),
        factor("timeline.cn_vc_bottom.value", "Chinese VC climate at its 2024 bottom (1 = normal)"),
        Factor(
            "state_scale", 0.5, 3.0,
            "China's state money as it was (subsidy, vouchers, guidance fund) times this", lever=True,
            settings=_state_money,
            default=1.0,
            basis="policy range: from half of China's state money to three times it (as in china_subsidy_surge)",
        ),
    ),
    arms=(
        Arm("collapse_state", (), "the baseline: VC collapses, the state steps in as it did"),
        Arm("collapse_equal_state", NO_STATE + EQUAL_MONEY,
            "VC collapses; the state pays each VC-funded lab the VC it lost, and nothing else"),
        Arm("collapse_no_state", NO_STATE, "VC collapses, no state money"),
        Arm("no_collapse", NO_STATE + NO_COLLAPSE, "VC as in normal times, no state money"),
    ),
    outcomes=outcomes,
    effects=effects,
    sanity=Sanity("no state money in the arm that should replace VC",
                  {"collapse_equal_state": "collapse_no_state"}),
    main="compute_vs_intact",
    minimum=MINIMUM,
    holds=holds,
    named_effects={
        "compute_vs_intact": Effect("Chinese compute in 2030-12 after a VC collapse with the same money paid by "
                                    "the state, against intact VC (log ratio; 0 is as much)"),
        "frontier_vs_intact": Effect("Chinese frontier in 2030-12 after a VC collapse with the same money paid "
                                     "by the state, less with intact VC (ECI points)"),
        "share_replaced": Effect("part of the collapse's compute loss the same money through the state made good "
                                 "(fraction of the loss)"),
        "equal_state_money": Effect("state money Chinese labs received over the run in place of the lost VC "
                                    "(US$ billion, before friction)"),
        "historical_compute_vs_intact": Effect("Chinese compute in 2030-12 after a VC collapse with the state "
                                               "money as it was, against intact VC (log ratio)"),
        "historical_frontier_vs_intact": Effect("Chinese frontier in 2030-12 after a VC collapse with the state "
                                                "money as it was, less with intact VC (ECI points)"),
        "historical_share_replaced": Effect("part of the collapse's compute loss the state money as it was made "
                                            "good (fraction of the loss)"),
        "state_money": Effect("state money Chinese labs received over the run, as it was (US$ billion, before "
                              "friction)"),
    },
    caveats=(
        "Coordination (who gets the money, talent, procurement) is not modelled beyond the money itself.",
        "The same money through the state differs from VC by its friction (`funding.state_friction`) and "
        "by the price cuts state money brings (`pricing.subsidised_discount`); VC's own channel has no "
        "friction in the model.",
        "The no-state arms keep state-owned labs' base inflow (Zhipu), a part of the state that "
        "does not switch off.",
    ),
)
