"""Bass diffusion in the model's ordinary choice rule (scenario ``validation_bass``).

Frozen: one lab with fixed capability and price, no policy, no timeline, no ecosystem
growth, no peer term in utility, a fully mixed population. At the baseline: every other
adoption weight, the outside option, the needs and the monthly revision.

Derivation. Let A(t) be the share of adopters aware of the lab and U(t) the share using
it. With everything frozen, adopter i's utilities do not change, so whenever it chooses
(on learning of the lab, or at a revision) it uses the model with the same logit
probability m_i = 1 - P(none). Its current state is its latest draw, so an aware adopter
uses the model with probability m_i. Awareness comes by promotion (rate p) and by word of
mouth from users (rate q times the share of users), the same for everyone on a fully
mixed network, so it is independent of m_i and U = m A, m the mean of m_i. Then

    dA/dt = (1 - A)(p + q U) = (1 - A)(p + (q m) A),

the Bass equation with innovation p and imitation q m, hence U(t) = m F(t; p, q m) with
F(t; p, q) = (1 - e^{-(p+q)t}) / (1 + (q/p) e^{-(p+q)t}) (Bass 1969). The model steps
monthly, so its mean path is the recursion A' = A + (1 - A)(1 - (1 - p)(1 - q m A)); the
tolerance is that recursion's distance from the closed form (discretisation, computed)
plus four binomial standard errors sqrt(U(1 - U)/N) of a population of N (sampling).
"""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

import sim
from sim import market
from sim.world import NO_CHOICE

ADOPTERS = 4000
MONTHS = 96  # 2022-01 to 2029-12


def bass(t: np.ndarray, p: float, q: float) -> np.ndarray:
    decay = np.exp(-(p + q) * t)
    return (1 - decay) / (1 + (q / p) * decay)


def monthly_recursion(months: int, p: float, q: float) -> np.ndarray:
    share, path = 0.0, []
    for _ in range(months):
        share += (1 - share) * (1 - (1 - p) * (1 - q * share))
        path.append(share)
    return np.array(path)


def compose(p: float, q: float, adopters: int = ADOPTERS):
    return sim.compose("validation_bass", [
        f"adoption.promotion={p}", f"adoption.word_of_mouth={q}", f"population.adopters={adopters}",
        "run.end=2029-12", "run.summary_dates=[2029-12]",
    ])


def adoption_probability(cfg) -> float:
    """m: the mean over adopters of the logit probability of using the lab once aware of it."""
    model = sim.EcosystemModel(cfg)
    model.run_for(1)
    aware = dataclasses.replace(
        model.adopter_view(), aware=np.ones_like(model.population.aware),
        choice=np.full(model.population.size, NO_CHOICE),
    )
    v = market.utilities(model.options, aware, np.zeros(aware.aware.shape), cfg.adoption)
    return float(1 - market.logit_shares(v, cfg.adoption.outside)[:, 0].mean())


RATES = [(0.01, 0.3), (0.02, 0.2), (0.005, 0.5)]  # monthly; small, as a monthly step needs


def test_the_ordinary_rule_leaves_a_bounded_share_of_aware_adopters_using_the_model():
    """The derivation's premise: m is well inside (0, 1) at the baseline's weights, and the
    same one month and eight years later (nothing it depends on moves)."""
    m = adoption_probability(compose(0.01, 0.3))
    assert 0.05 < m < 0.5, m
    cfg = compose(0.01, 0.3)
    model = sim.EcosystemModel(cfg)
    model.run_for(MONTHS)
    view = dataclasses.replace(model.adopter_view(), aware=np.ones_like(model.population.aware),
                               choice=np.full(model.population.size, NO_CHOICE))
    v = market.utilities(model.options, view, np.zeros(view.aware.shape), cfg.adoption)
    assert float(1 - market.logit_shares(v, cfg.adoption.outside)[:, 0].mean()) == pytest.approx(m)


@pytest.mark.parametrize("p,q", RATES)
def test_adoption_follows_m_times_the_bass_curve_with_imitation_q_m(p, q):
    cfg = compose(p, q)
    m = adoption_probability(cfg)
    markets = sim.run(cfg, seed=11).markets
    simulated = markets[markets.region == "world"]["adopting"].to_numpy()
    assert simulated.size == MONTHS
    t = np.arange(1, MONTHS + 1)
    expected = m * bass(t, p, q * m)
    discretisation = m * np.abs(monthly_recursion(MONTHS, p, q * m) - bass(t, p, q * m))
    sampling = 4 * np.sqrt(expected * (1 - expected) / ADOPTERS)
    tolerance = discretisation + sampling + 1e-9
    assert np.all(np.abs(simulated - expected) <= tolerance), np.max(np.abs(simulated - expected) - tolerance)
    assert bass(MONTHS, p, q * m) > 0.8, "the diffusion runs most of its course within the horizon"
    assert simulated[-1] < 2 * m, "with capability frozen, adoption stays bounded by m, far below 1"
    naive = bass(t, p, q)  # Bass with the raw rates and everyone aware adopting: what it is not
    assert np.any(np.abs(simulated - naive) > tolerance)


def test_the_discretisation_error_is_small_next_to_the_curve():
    """For these rates, at the effective imitation q m, the monthly recursion stays within 5
    points of the closed form (times m, within 1 point of the adopting share), so the
    tolerance above is mostly sampling error, not a licence to miss the curve."""
    m = adoption_probability(compose(0.01, 0.3))
    for p, q in RATES:
        t = np.arange(1, MONTHS + 1)
        assert np.max(np.abs(monthly_recursion(MONTHS, p, q * m) - bass(t, p, q * m))) < 0.05


def test_without_word_of_mouth_adoption_is_m_times_exponential_in_promotion():
    """q = 0: each month a share p of the unaware learn, A(t) = 1 - (1-p)^t, and U = m A."""
    p = 0.02
    cfg = compose(p, 0.0)
    m = adoption_probability(cfg)
    markets = sim.run(cfg, seed=3).markets
    simulated = markets[markets.region == "world"]["adopting"].to_numpy()
    expected = m * (1 - (1 - p) ** np.arange(1, simulated.size + 1))
    assert np.all(np.abs(simulated - expected) <= 4 * np.sqrt(expected * (1 - expected) / ADOPTERS) + 1e-9)
