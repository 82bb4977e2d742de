"""C8: state funds and coordination can replace collapsed venture capital.

Four worlds: Chinese VC collapses as it did and the state steps in as it did (subsidies,
compute vouchers, the guidance fund); VC collapses and the state pays each VC-funded lab the
venture capital the collapse withholds (the same money, to the same labs, in the same
months, through the state's channel: ``funding.state_backfill``); VC collapses and the state
does not step in; VC does not collapse and the state does not step in. State money may lose
a share on its way (``funding.state_friction``, swept over its plausible range) and labs
pass a share of it to their prices (``pricing.subsidised_discount``). The claim holds where,
with the same money through the state, China's VC-funded labs end with at least 95% of the
compute, and within one ECI point of the capability, they would have had with VC intact.

What is measured is what VC funds: the VC-funded labs (Moonshot, MiniMax, Baichuan, 01.AI,
StepFun), not every Chinese lab. Parent-funded and state labs hold about 97% of Chinese
compute and VC never reaches them, so over all Chinese labs even a collapse with no state
money at all keeps 97-99% of the compute: the claim would hold with nothing replaced. And VC
follows a lab's distance to the frontier (``funding.capability_premium``): the VC-funded
labs trail the world frontier by about 20 ECI points, so at the worlds' premium (0.18 in
world 0) a normal climate brings them e^-3.5, about 3%, of their roster inflow, some US$1
billion over 2022-2030, less than their margins move from seed to seed: there is little VC
to replace. Every arm therefore takes the premium at the bottom of its plausible range
(:data:`VC_AT_STAKE`), where VC halves 14 points behind the frontier and the collapse
withholds some US$10 billion from these labs; the state's money in the equal arm is then of
the same size, and a collapse with no state money costs them half their compute or more, so
the experiment can refute the claim (its sanity check).
"""

from __future__ import annotations

import math

import sim
from experiments.claims.claim import Arm, Claim, Effect, Factor, MinimumEffect, Sanity, StrongCause, factor
from experiments.claims.common import last_month
from sim.config import get_value, plausible_range
from sim.vocabulary import MAX_VOUCHER

_ROSTER = sim.default_config()
"""The roster's labs, which the VC-funded labs are read from."""

VC_LABS = tuple(name for name, lab in _ROSTER.labs.items() if lab.bloc == "CN" and lab.funding == "vc")
"""China's VC-funded labs, whose venture capital collapsed: read from the roster, so they are
the same firms in every world."""

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
VC_AT_STAKE = (f"funding.capability_premium={plausible_range('funding.capability_premium').low:g}",)
"""In every arm, VC falls with a lab's distance to the frontier at the slowest of its plausible
range (halving 14 ECI points behind): the most VC the model lets the VC-funded labs have, so
that its collapse withholds money that matters (see the module's doc)."""
LOSSLESS_STATE = ("funding.state_friction=0", "pricing.subsidised_discount=0")
"""State money that reaches a lab's cash whole and carries no price cut."""
GENEROUS_MONEY = ("funding.state_backfill=2.0",)
"""The state pays each VC-funded lab twice the VC the collapse withholds."""
STRONG_CAUSE = {
    **{arm: LOSSLESS_STATE for arm in ("collapse_state", "collapse_no_state", "no_collapse")},
    "collapse_equal_state": LOSSLESS_STATE + GENEROUS_MONEY,
}
"""The strong cause: state money reaches the labs whole, carries no price cut and, in the equal
arm, pays twice the lost VC, month by month, by the same route into cash and
compute. If the experiment measures whether state money replaces VC, the claim must then hold.
The same money only (a backfill of 1) is not enough for the check: paths that differ by
rounding alone (VC paid as VC or as state money) part within a few years, and the VC-funded
labs' compute then differs from intact VC's by 5-15% either way from seed to seed, more than the
5% the claim allows, so a few seeds cannot tell the experiment's support from its noise; and
half as much again (1.5) left the VC-funded labs' best model 1.2 ECI points behind intact VC's
in world 0 of the ensemble of 2026-12-03 with 16% more compute: their best model moves with the
open weights they distil, by a point or two from seed to seed, as much as with their compute."""
TOLERANCE = {"compute": math.log(0.95), "frontier": -1.0}
"""How little compute (log ratio) and frontier (ECI points), against intact VC, still count as kept."""

MINIMUM = MinimumEffect(
    TOLERANCE["compute"], "above", "log ratio of compute (-0.051 is 95% as much)",
    "state money replaces VC if China's VC-funded labs keep at least 95% of the compute they would have had",
)
"""The least compute, against intact VC, that counts as replacing VC."""


def outcomes(model, results) -> dict[str, float]:
    """In the last month: the VC-funded Chinese labs' compute stock (thousand H100-equivalents)
    and best capability (ECI), and all Chinese labs' compute; over the run, the state money
    Chinese labs and the VC-funded ones received (US$ billion, before friction)."""
    final = last_month(results)
    chinese, labs = final[final["origin"] == "CN"], results.labs
    vc_funded = chinese[chinese["lab"].isin(VC_LABS)]
    return {
        "compute": float(vc_funded["compute"].sum()),
        "frontier": float(vc_funded["capability"].max()),
        "chinese_compute": float(chinese["compute"].sum()),
        "state_money": float(labs.loc[labs["origin"] == "CN", "state_income"].sum()),
        "state_money_vc": float(labs.loc[labs["lab"].isin(VC_LABS), "state_income"].sum()),
    }


def effects(by_arm: dict[str, dict[str, float]]) -> dict[str, float]:
    """Against intact VC, after a collapse: with the same money through the state, with no state
    money, and with the state money as it was (log compute ratios of the VC-funded labs, their
    best capability's difference in ECI points); the share of the collapse's compute loss the
    state made good; all Chinese labs' compute (log ratio); and the state money paid."""
    equal, state = by_arm["collapse_equal_state"], by_arm["collapse_state"]
    bare, intact = by_arm["collapse_no_state"], by_arm["no_collapse"]
    loss = intact["compute"] - bare["compute"]
    return {
        "compute_vs_intact": math.log(equal["compute"] / intact["compute"]),
        "frontier_vs_intact": equal["frontier"] - intact["frontier"],
        "share_replaced": (equal["compute"] - bare["compute"]) / loss if loss > 0 else float("nan"),
        "equal_state_money": equal["state_money_vc"],
        "collapse_compute_vs_intact": math.log(bare["compute"] / intact["compute"]),
        "chinese_compute_vs_intact": math.log(equal["chinese_compute"] / intact["chinese_compute"]),
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
        "China's VC-funded labs' compute and best capability in 2030-12 after the VC collapse, with the state "
        "paying them the VC the collapse withheld (the same money through the state's channel), against VC "
        "intact and no state money (same seeds), with VC as responsive to the labs' standing as its plausible "
        "range allows; and, beside it, the same with the state money China actually paid."
    ),
    supports=(
        "With the same money through the state, the VC-funded labs end with at least 95% of the compute and "
        "within 1 ECI point of the capability they would have had with VC intact."
    ),
    refutes=(
        "With the same money through the state they end with less than 95% of the compute, or more than 1 ECI "
        "point behind: the state's channel loses what VC would have built."
    ),
    factors=(
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
        Arm("collapse_state", VC_AT_STAKE, "the baseline: VC collapses, the state steps in as it did"),
        Arm("collapse_equal_state", VC_AT_STAKE + NO_STATE + EQUAL_MONEY,
            "VC collapses; the state pays each VC-funded lab the VC it lost, and nothing else"),
        Arm("collapse_no_state", VC_AT_STAKE + NO_STATE, "VC collapses, no state money"),
        Arm("no_collapse", VC_AT_STAKE + NO_STATE + NO_COLLAPSE, "VC as in normal times, no state money"),
    ),
    outcomes=outcomes,
    effects=effects,
    sanity=Sanity("no state money in the arm that should replace VC",
                  {"collapse_equal_state": "collapse_no_state"}),
    strong_cause=StrongCause(
        "state money that reaches the labs whole and carries no price cut, in every arm, and pays twice "
        "the lost VC in the arm that replaces it",
        STRONG_CAUSE, replacing=("funding.state_backfill",),
    ),
    main="compute_vs_intact",
    minimum=MINIMUM,
    holds=holds,
    named_effects={
        "compute_vs_intact": Effect("China's VC-funded labs' compute in 2030-12 after a VC collapse with the same "
                                    "money paid by the state, against intact VC (log ratio; 0 is as much)"),
        "frontier_vs_intact": Effect("their best capability in 2030-12 after a VC collapse with the same money paid "
                                     "by the state, less with intact VC (ECI points)"),
        "share_replaced": Effect("part of the collapse's compute loss the same money through the state made good "
                                 "(fraction of the loss)"),
        "equal_state_money": Effect("state money the VC-funded labs received over the run in place of the lost VC "
                                    "(US$ billion, before friction)"),
        "collapse_compute_vs_intact": Effect("the VC-funded labs' compute in 2030-12 after a VC collapse with no "
                                             "state money, against intact VC (log ratio)"),
        "chinese_compute_vs_intact": Effect("all Chinese labs' compute in 2030-12 after a VC collapse with the same "
                                            "money paid by the state, against intact VC (log ratio)"),
        "historical_compute_vs_intact": Effect("the VC-funded labs' compute in 2030-12 after a VC collapse with the "
                                               "state money as it was, against intact VC (log ratio)"),
        "historical_frontier_vs_intact": Effect("their best capability in 2030-12 after a VC collapse with the state "
                                                "money as it was, less with intact VC (ECI points)"),
        "historical_share_replaced": Effect("part of the collapse's compute loss the state money as it was made "
                                            "good (fraction of the loss)"),
        "state_money": Effect("state money Chinese labs received over the run, as it was (US$ billion, before "
                              "friction)"),
    },
    caveats=(
        "VC's response to a lab's distance from the frontier (`funding.capability_premium`) is held at the bottom "
        "of its plausible range in every arm, not swept: at the worlds' values the VC-funded labs get so little VC "
        "that its collapse costs them less than seed-to-seed noise, and nothing is left for the state to replace.",
        "The price cut that state money brings (`pricing.subsidised_discount`) follows the state's share of a "
        "lab's income, not the amount: a VC-funded lab whose VC collapsed lives mostly on the state's money, so "
        "even a small payment lets it price well below its serving cost, and its losses can exceed the money.",
        "Coordination (who gets the money, talent, procurement) is not modelled beyond the money itself.",
        "The same money through the state differs from VC by its friction (`funding.state_friction`) and "
        "by the price cuts state money brings (`pricing.subsidised_discount`); VC's own channel has no "
        "friction in the model.",
        "The no-state arms keep state-owned labs' base inflow (Zhipu), a part of the state that "
        "does not switch off.",
    ),
)
