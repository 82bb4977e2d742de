"""Awareness (sim/awareness.py): the monthly spread by promotion and word of mouth, and
shocks that make a share of unaware adopters aware of one lab at once."""

import math

import numpy as np

from sim.awareness import shock, spread

N = 100_000  # adopters per frequency check


def test_spread_probability_is_one_minus_no_promotion_times_no_word_of_mouth():
    """Per region, the share newly aware is 1 - (1 - p)(1 - q s).

    Each of N adopters learns independently, so the share is binomial: its standard error is
    sqrt(P (1 - P) / n) with n adopters in the region; we allow 4 standard errors.
    """
    rng = np.random.default_rng(0)
    region = np.repeat([0, 1], N // 2)
    promotion = np.array([[0.1, 0.0], [0.02, 0.3]])  # regions x labs
    peer_share = np.tile([0.4, 0.0], (N, 1))  # lab 0 used by 40% of peers, lab 1 by none
    q = 0.5
    aware = np.zeros((N, 2), dtype=bool)
    newly = spread(aware, region, promotion, peer_share, q, rng.random((N, 2)))
    expected = {  # (region, lab): 1 - (1 - p)(1 - q s)
        (0, 0): 1 - 0.9 * 0.8,  # p 0.1, q s = 0.5 * 0.4 = 0.2 -> 0.28
        (0, 1): 1 - 1.0 * 1.0,  # p 0, no peers -> 0 (standard error 0: nobody may learn)
        (1, 0): 1 - 0.98 * 0.8,  # -> 0.216
        (1, 1): 1 - 0.7 * 1.0,  # -> 0.3
    }
    for (r, lab), chance in expected.items():
        share = newly[region == r, lab].mean()
        se = math.sqrt(chance * (1 - chance) / (N // 2))
        assert abs(share - chance) <= 4 * se, (r, lab, share, chance)


def test_spread_is_exactly_the_draw_below_the_chance():
    # chance 1 - (1 - 0.2)(1 - 0.5 * 0.6) = 1 - 0.8 * 0.7 = 0.44
    uniform = np.array([[0.43], [0.45]])
    newly = spread(np.zeros((2, 1), bool), np.array([0, 0]), np.array([[0.2]]), np.full((2, 1), 0.6), 0.5, uniform)
    assert newly[:, 0].tolist() == [True, False]


def test_spread_never_unlearns_and_returns_only_the_previously_unaware():
    aware = np.array([[True, False], [False, True]])
    before = aware.copy()
    certain = np.ones((1, 2))  # promotion 1: every unaware adopter learns
    newly = spread(aware, np.array([0, 0]), certain, np.zeros((2, 2)), 0.1, np.zeros((2, 2)))
    assert newly.tolist() == [[False, True], [True, False]]  # the complement of who was aware
    assert np.array_equal(aware, before)  # spread does not modify its input
    assert np.all(aware | newly)


def test_shock_reaches_only_in_scope_unaware_adopters_of_the_named_lab():
    aware = np.zeros((6, 3), dtype=bool)
    aware[0, 1] = True  # already aware of the lab
    aware[5, 2] = True  # aware of another lab
    in_scope = np.array([True, True, True, False, False, True])
    before = aware.copy()
    newly = shock(aware, in_scope, 1, 1.0, np.zeros(6))
    # share 1: in-scope adopters 1, 2, 5 learn; adopter 0 already knew; 3 and 4 are out of scope
    assert newly.tolist() == [False, True, True, False, False, True]
    assert aware[:, 1].tolist() == [True, True, True, False, False, True]
    assert np.array_equal(aware[:, [0, 2]], before[:, [0, 2]])  # other labs untouched


def test_shock_reaches_the_stated_share_of_the_unaware():
    """Share 0.3 of N unaware in-scope adopters: binomial, 4 standard errors sqrt(.3 * .7 / N)."""
    rng = np.random.default_rng(3)
    aware = np.zeros((N, 1), dtype=bool)
    newly = shock(aware, np.ones(N, bool), 0, 0.3, rng.random(N))
    assert abs(newly.mean() - 0.3) <= 4 * math.sqrt(0.3 * 0.7 / N)
    assert np.array_equal(aware[:, 0], newly)


def test_shock_with_share_zero_changes_nothing():
    aware = np.zeros((4, 2), dtype=bool)
    newly = shock(aware, np.ones(4, bool), 0, 0.0, np.random.default_rng(4).random(4))
    assert not newly.any() and not aware.any()
