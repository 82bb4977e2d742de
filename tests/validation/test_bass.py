"""Bass diffusion: with only awareness spreading, adoption follows the Bass curve.

Bass (1969): with innovation rate p and imitation rate q (per month), the adopting share
is F(t) = (1 - e^{-(p+q)t}) / (1 + (q/p) e^{-(p+q)t}). The model steps monthly, so its
mean path is the discrete recursion F' = F + (1 - F)(1 - (1 - p)(1 - qF)); the tolerance
is that recursion's distance from the closed form (discretisation, computed) plus four
binomial standard errors sqrt(F(1 - F)/N) of a population of N adopters (sampling).
"""

from __future__ import annotations

import numpy as np
import pytest

import sim

ADOPTERS = 4000


def bass(t: np.ndarray, p: float, q: float) -> np.ndarray:
    decay = np.exp(-(p + q) * t)
    return (1 - decay) / (1 + (q / p) * decay)


def monthly_recursion(months: int, p: float, q: float) -> np.ndarray:
    share, path = 0.0, []
    for _ in range(months):
        share += (1 - share) * (1 - (1 - p) * (1 - q * share))
        path.append(share)
    return np.array(path)


RATES = [(0.01, 0.1), (0.02, 0.08), (0.005, 0.15)]  # monthly; small, as a monthly step needs


@pytest.mark.parametrize("p,q", RATES)
def test_adoption_follows_the_bass_curve(p, q):
    cfg = sim.compose("validation_bass", [f"adoption.promotion={p}", f"adoption.word_of_mouth={q}",
                                          f"population.adopters={ADOPTERS}", "run.end=2029-12", "run.summary_dates=[2029-12]"])
    markets = sim.run(cfg, seed=11).markets
    simulated = markets[markets.region == "world"]["adopting"].to_numpy()
    t = np.arange(1, simulated.size + 1)
    closed_form = bass(t, p, q)
    discretisation = np.abs(monthly_recursion(simulated.size, p, q) - closed_form)
    sampling = 4 * np.sqrt(closed_form * (1 - closed_form) / ADOPTERS)
    assert np.all(np.abs(simulated - closed_form) <= discretisation + sampling + 1e-9), (
        np.max(np.abs(simulated - closed_form) - discretisation - sampling)
    )
    assert simulated[-1] > 0.9, "the diffusion runs its course within the horizon"


def test_the_discretisation_error_is_small_next_to_the_curve():
    """For these rates the monthly recursion stays within 5 points of the closed form, so the
    tolerance above is mostly sampling error, not a licence to miss the curve."""
    for p, q in RATES:
        t = np.arange(1, 97)
        assert np.max(np.abs(monthly_recursion(96, p, q) - bass(t, p, q))) < 0.05


def test_without_word_of_mouth_adoption_is_exponential_in_promotion():
    """q = 0: each month a share p of the unaware learn and adopt, F(t) = 1 - (1-p)^t."""
    p = 0.02
    cfg = sim.compose("validation_bass", [f"adoption.promotion={p}", "adoption.word_of_mouth=0.0",
                                          f"population.adopters={ADOPTERS}", "run.end=2025-12", "run.summary_dates=[2025-12]"])
    markets = sim.run(cfg, seed=3).markets
    simulated = markets[markets.region == "world"]["adopting"].to_numpy()
    expected = 1 - (1 - p) ** np.arange(1, simulated.size + 1)
    assert np.all(np.abs(simulated - expected) <= 4 * np.sqrt(expected * (1 - expected) / ADOPTERS) + 1e-9)
