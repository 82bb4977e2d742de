"""Mechanism 2's developers (sim/developers.py): the sizes a developer can fine-tune, the
family choice, the fine-tune rule, real units, and the precision of the download shares."""

import math

import numpy as np
import pytest

import sim
from sim.config import DevelopersConfig, default_config
from sim.developers import (
    NOTHING_KNOWN, Developers, Families, choose, fine_tune_chance, largest_fit, size_shortfall, utility,
)

NAN = math.nan


def test_largest_fit_is_the_largest_offered_size_within_capacity():
    offered = np.array([[7.0, 70.0, NAN], [NAN, NAN, NAN], [0.6, 235.0, 32.0]])
    capacity = np.array([5.0, 7.0, 100.0, 300.0, 0.5])
    expected = np.array([
        [NAN, NAN, 0.6], [7.0, NAN, 0.6], [70.0, NAN, 32.0], [70.0, NAN, 235.0], [NAN, NAN, NAN],
    ])
    np.testing.assert_array_equal(largest_fit(capacity, offered), expected)


def test_fine_tune_chance_by_hand():
    cfg = DevelopersConfig(fine_tune_rate=0.04, reference_size=7.0, size_elasticity=0.5)
    size = np.array([7.0, 28.0, 0.07, NAN, 7.0])
    licence = np.array([1.0, 1.0, 1.0, 1.0, 0.5])
    # 0.04; 0.04 * (7/28)**0.5 = 0.02; 0.04 * 100**0.5 = 0.4; no size fits: 0; half licence: 0.02
    np.testing.assert_allclose(fine_tune_chance(size, licence, cfg), [0.04, 0.02, 0.4, 0.0, 0.02])
    capped = DevelopersConfig(fine_tune_rate=0.5, reference_size=7.0, size_elasticity=1.0)
    assert fine_tune_chance(np.array([0.7]), np.array([1.0]), capped)[0] == 1.0  # 0.5 * 10, at most 1


LARGEST = np.array([7.0, 70.0, NAN])
"""The largest size (billion parameters) of each of ``_families``' families."""


def _families(**changes):
    fields = dict(
        weights_capability=np.array([120.0, 110.0, NAN]),
        licence=np.array([0.5, 1.0, 1.0]),
        ecosystem=np.array([0.0, 0.25, 0.0]), alignment=np.array([-1.0, 1.0, -0.5]),
        risk=np.array([0.1, 0.6, 0.1]),
    )
    return Families(**{**fields, **changes})


def test_utility_by_hand():
    cfg = DevelopersConfig(capability=1.0, fits=1.5, licence=1.0, ecosystem=0.5, alignment=0.5, risk=0.5)
    fit = np.array([[7.0, NAN, NAN]])
    u = utility(np.array([0.4]), fit, size_shortfall(fit, LARGEST, 8.0), _families(), cfg)
    # family 0: 12 + 0.5 licence + 0 ecosystem - 0.05 risk + 1.5 fits + 0.5 * 0.4 * -1 = 13.75
    # family 1: 11 + 1 + 0.5 * 0.25 ecosystem - 0.3 + 0 + 0.5 * 0.4 * 1 = 12.025
    # family 2 (no weights): 0 + 1 - 0.05 + 0.5 * 0.4 * -0.5 = 0.85
    np.testing.assert_allclose(u[0], [13.75, 12.025, 0.85])


def test_a_developer_weighs_the_capability_of_the_size_it_can_fine_tune():
    """Family 1's largest model is 70B; a developer who can fine-tune its 7B weighs a
    capability one tenfold of size lower: size_slope (8) ECI points, 0.8 utils at 1 util per
    10 points; one who can fine-tune 70B weighs the full 110."""
    cfg = DevelopersConfig(capability=1.0)
    small, full = np.array([[NAN, 7.0, NAN]]), np.array([[NAN, 70.0, NAN]])
    np.testing.assert_allclose(size_shortfall(small, LARGEST, 8.0), [[0.0, 8.0, 0.0]])
    gap = (utility(np.zeros(1), full, size_shortfall(full, LARGEST, 8.0), _families(), cfg)
           - utility(np.zeros(1), small, size_shortfall(small, LARGEST, 8.0), _families(), cfg))
    np.testing.assert_allclose(gap[0], [0.0, 0.8, 0.0])


def test_choose_takes_the_best_known_family_or_nothing():
    u = np.array([[1.0, 2.0, 3.0], [1.0, 2.0, 3.0], [1.0, 2.0, 3.0]])
    known = np.array([[True, True, False], [True, True, True], [False, False, False]])
    gumbel = np.array([[0.0, 0.0, 9.0], [2.0, 0.0, 0.0], [0.0, 0.0, 0.0]])
    # row 0: family 2 unknown despite its draw; row 1: 1 + 2 = 3 ties with 3, argmax takes the first
    assert choose(u, known, gumbel).tolist() == [1, 0, NOTHING_KNOWN]


def test_choice_shares_are_logit_shares():
    u = np.tile([0.0, 1.0, 2.0], (200_000, 1))
    known = np.ones_like(u, dtype=bool)
    choice = choose(u, known, np.random.default_rng(3).gumbel(size=u.shape))
    shares = np.bincount(choice, minlength=3) / len(choice)
    logit = np.exp([0.0, 1.0, 2.0]) / np.exp([0.0, 1.0, 2.0]).sum()  # 0.090, 0.245, 0.665
    np.testing.assert_allclose(shares, logit, atol=0.005)


def test_a_family_offers_the_sizes_released_so_far():
    cfg = default_config()
    developers = Developers(cfg, np.random.default_rng(0))
    qwen = list(cfg.labs).index("alibaba")
    before, after = sim.calendar.parse_month("2023-01"), sim.calendar.parse_month("2025-06")
    # before its first release (2023-09) the family offers that release's sizes; later, every size so far
    assert sorted(developers.offered(before)[qwen][~np.isnan(developers.offered(before)[qwen])]) == [7.0, 14.0]
    assert 0.6 in developers.offered(after)[qwen] and 7.0 in developers.offered(after)[qwen]
    assert 0.6 not in developers.offered(before)[qwen]  # Qwen3-0.6B came out in 2025-04


def test_the_fit_kept_from_month_to_month_is_the_fit_worked_out_afresh():
    """``Developers.fit`` recomputes only the families whose sizes changed; month by month,
    through every dated release of the roster, it equals the whole table worked out again."""
    cfg = default_config()
    developers = Developers(cfg, np.random.default_rng(0))
    start, end = (sim.calendar.parse_month(m) for m in (cfg.run.start, cfg.run.end))
    changes = 0
    for month in range(start, end + 1):
        changes += not np.array_equal(developers.offered(month), developers.offered(month - 1), equal_nan=True)
        fit, shortfall = developers.fit(month)
        fresh = largest_fit(developers.capacity, developers.offered(month))
        np.testing.assert_array_equal(fit, fresh)
        np.testing.assert_array_equal(shortfall, size_shortfall(fresh, developers.largest_size(month), cfg.openness.size_slope))
    assert changes > 10, "the roster's releases change the sizes on offer many times"


def test_real_units_scale_by_the_weight():
    cfg = default_config()
    cfg.developers.size, cfg.developers.represents, cfg.developers.downloads_per_developer = 100, 1000.0, 30.0
    developers = Developers(cfg, np.random.default_rng(0))
    work = sim.developers.Month(downloaders=np.array([2.0, 0.0]), fine_tuners=np.array([1.0, 0.0]))
    # each simulated developer stands for 10: 2 * 10 * 30 = 600 downloads, 1 * 10 = 10 derivatives
    assert developers.downloads(work).tolist() == [600.0, 0.0]
    assert developers.derivatives(work).tolist() == [10.0, 0.0]


def _cn_share_sd(size: int, seeds: int, end: str = "2025-06") -> tuple[float, int]:
    """Largest seed-to-seed sd of the Chinese download share over 2025's months, and the
    fewest simulated developers active in 2025 over the seeds."""
    shares, active = [], []
    for seed in range(seeds):
        cfg = default_config()
        cfg.developers.size = size
        cfg.population.adopters, cfg.population.peers = 300, 4
        cfg.run.end, cfg.run.summary_dates = end, [end]
        model = sim.EcosystemModel(cfg, seed=seed)
        model.run()
        active.append(model.developers.active_since(sim.calendar.parse_month("2025-01")))
        om = sim.collect(model).open_models
        om = om[om["date"] >= "2025-01-01"]
        by = om.groupby(["date", "origin"], observed=True)["downloads"].sum().unstack(fill_value=0.0)
        shares.append((by.get("CN", 0.0) / by.sum(axis=1)).to_numpy())
    return float(np.std(shares, axis=0, ddof=1).max()), min(active)


def test_the_download_share_is_precise_enough_at_a_tenth_of_the_developers():
    """The default (4,000 developers) must keep the sd of the Chinese share at most 0.05 in
    every 2025 month; sampling noise scales as 1/sqrt(size), so at 400 developers the bound
    is 0.05 * sqrt(10) = 0.158."""
    sd, active = _cn_share_sd(400, seeds=8)
    assert sd <= 0.05 * math.sqrt(10)
    assert active >= 100  # 1,000 at the default size, a tenth of it here
