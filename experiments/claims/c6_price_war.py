"""C6: once many labs reach parity, a price war follows and closed moats erode.

In the model a lab's markup falls with the number of rivals within `pricing.parity_window`
ECI points of it (`pricing.war_intensity` per rival). The world with that price-war response
is compared with one where parity does not move prices (intensity 0; the dated 2024 Chinese
price war happens in both). The claim holds where the war lowers the price paid by more than
10% *and* lowers closed models' margins.

No strong-cause check: the strongest price war the model allows does not lower the measure
beyond its noise, so the experiment cannot show that it could support the claim. With every lab
a rival of every other (`pricing.parity_window` 50 ECI points) and each rival cutting the markup
at the hard limit of `pricing.war_intensity` (1: markups fall to a twenty-second or less), the labs' own
API prices fall (Meta's from US$0.82 to 0.20 per million tokens in world 0, seed 0) and closed
margins fall by some US$195 billion a year, but the mean price paid moved by +0.75, -0.12, -1.11
and -0.45 (log) in world 0's four quick seeds (at the top of the plausible ranges, 0.3 and 8
points: +1.03, -0.17, -0.42, -0.43; at four times the adopters no steadier). The mean price paid
is spend over tokens across every paid option: when the dear models get cheaper, adopters move
to them from the cheapest, so the mean paid can rise while every price falls; it measures the mix
as much as the prices. And in world 1 no adopter buys an API in 2030 in either arm (serving
costs grow 10^0.157 per ECI point there, so a frontier model costs some US$10^7 per million
tokens), which leaves the price paid undefined. A check that could support the claim needs a
price measured on a fixed basket (the same tokens of the same labs in both arms), which would
be a change of the claim's measure.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from experiments.claims.claim import Arm, Claim, Effect, MinimumEffect, Sanity, factor
from experiments.claims.common import last_month
from experiments.targets import market

MINIMUM = MinimumEffect(
    math.log(0.9), "below", "log change of the price paid (-0.105 is 10% lower)",
    "a price war lowers the price paid by at least 10%; less is ordinary competition",
)
"""The smallest fall of the price paid that counts as a price war."""

def outcomes(model, results) -> dict[str, float]:
    """In the last year of the run: the mean price paid (US$ per million tokens), closed and
    hybrid labs' margins (US$ billion a year) and their adopters' share; and in the last
    month the mean number of rivals within a lab's parity window."""
    labs = results.labs
    year = labs[labs["date"] > labs["date"].max() - pd.DateOffset(years=1)]
    final = last_month(results)
    capability = final["capability"].to_numpy()
    rivals = np.abs(capability[:, None] - capability[None, :]) <= model.cfg.pricing.parity_window
    return {
        "price": market(results, "price_index"),
        "closed_margin": float(year.loc[year["strategy"] != "open", "margin"].sum()),
        "closed_share": 1.0 - market(results, "share_open"),
        "rivals_at_parity": float(rivals.sum(axis=1).mean() - 1),
    }


def effects(by_arm: dict[str, dict[str, float]]) -> dict[str, float]:
    """Price war less none: log change of the price paid, closed margins (US$B a year) and
    closed share (fraction); and the rivals a lab has at parity, with the price war."""
    war, calm = by_arm["price_war"], by_arm["no_price_war"]
    return {
        "price_change": math.log(war["price"] / calm["price"]),
        "closed_margin_change": war["closed_margin"] - calm["closed_margin"],
        "closed_share_change": war["closed_share"] - calm["closed_share"],
        "rivals_at_parity": war["rivals_at_parity"],
    }


def holds(effects: dict[str, float]) -> bool:
    return MINIMUM.reached(effects["price_change"]) and effects["closed_margin_change"] < 0


CLAIM = Claim(
    id="C6",
    title="Parity brings a price war that erodes closed moats",
    statement="Once many labs reach parity, a price war follows and closed moats erode.",
    source="Liu Zhiyuan; Liang Wenfeng (domain brief, seed article 000)",
    measure=(
        "The world's mean API price paid in 2030-12 and closed and hybrid labs' margins over "
        "2030, with prices that fall as rivals reach parity less prices that ignore parity."
    ),
    supports="The parity price war lowers the price paid by more than 10% and lowers closed labs' margins.",
    refutes="Parity lowers prices by 10% or less, or closed labs' margins do not fall.",
    factors=(
        factor("pricing.parity_window", "capability distance within which labs are rivals (ECI)"),
        factor("pricing.war_intensity", "markup reduction per rival at parity"),
        factor("openness.distillation", "monthly share of the gap to the best open model closed by distilling"),
        factor("adoption.switching", "mean utility adopters lose by switching family"),
        factor("adoption.price", "weight adopters put on cost relative to their budget"),
        factor("pricing.subsidised_discount", "share of state subsidy labs pass to prices", lever=True),
    ),
    arms=(
        Arm("price_war", (), "the baseline: markups fall with each rival at parity"),
        Arm("no_price_war", ("pricing.war_intensity=0",), "parity does not move markups"),
    ),
    outcomes=outcomes,
    effects=effects,
    sanity=Sanity("no price war in either arm", {"price_war": "no_price_war"}),
    main="price_change",
    minimum=MINIMUM,
    holds=holds,
    named_effects={
        "price_change": Effect("change of the mean API price paid in the last year from the price war "
                               "(log; -0.69 is half the price)"),
        "closed_margin_change": Effect("closed and hybrid labs' margins in the last year with the price war, "
                                       "less without (US$ billion)"),
        "closed_share_change": Effect("change of closed models' share of adopters using a model from the price "
                                      "war", "points"),
        "rivals_at_parity": Effect("rivals a lab has within parity distance in 2030-12, with the price war"),
    },
    caveats=(
        "Parity drives prices through an assumed markup rule; its strength and window are swept.",
        "A 'moat' is read as closed labs' margins and share; brand, data and distribution moats "
        "are not modelled.",
        "Labs may change strategy in response, so 'closed' labs differ between the arms.",
    ),
)
