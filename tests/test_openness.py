"""Mechanism 2 (sim/openness.py): community feedback and distillation from the best open
model (derivatives and downloads come from the developers: tests/test_developers.py)."""

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from sim.capability import size_gap
from sim.catalogue import build_options
from sim.config import OpennessConfig
from sim.model import EcosystemModel
from sim.openness import community_gain, distilled_capability, ecosystem_shares, recent_derivatives
from tests.conftest import small_config

CFG = OpennessConfig()
eci = st.floats(50.0, 250.0)


def test_community_gain_is_feedback_times_log1p_derivatives():
    assert community_gain(0.0, CFG) == 0.0
    # log1p(e - 1) = 1
    assert community_gain(math.e - 1, CFG) == pytest.approx(CFG.community_feedback)


def test_distillation_closes_a_share_of_the_gap_to_a_better_open_model():
    # gap 10 ECI points: the lab closes distillation * 10 of them
    assert distilled_capability(100.0, 100.0, 110.0, CFG) == pytest.approx(100.0 + 10.0 * CFG.distillation)


@pytest.mark.parametrize("best_open", [90.0, 100.0, math.nan])
def test_no_distillation_from_a_model_behind_equal_or_absent(best_open):
    """What was distilled before stays; nothing new is learnt."""
    assert distilled_capability(100.0, 95.0, best_open, CFG) == 95.0


@given(capability=eci, best_open=eci, share=st.floats(0.0, 1.0))
def test_distillation_never_passes_the_weights_it_learns_from(capability, best_open, share):
    cfg = OpennessConfig(distillation=share)
    reached = distilled_capability(capability, capability, best_open, cfg)
    assert reached <= max(capability, best_open) + 1e-9
    assert reached >= capability


def test_a_lab_with_less_compute_cannot_pass_the_lab_it_distils():
    """A follower with a tenth of the leader's compute, growing to half of it, at the same
    efficiency and without community feedback, distils the leader's open weights for years
    and never passes them: what it distils lifts it towards the leader, not its own compute's
    efficiency (were it so, its growing compute would carry it past the leader)."""
    cfg = small_config(adopters=50)
    cfg.openness.community_feedback = 0.0
    cfg.openness.distillation = 0.12
    cfg.openness.frontier_size = 1.0  # no size gap: the leader's weights are its best model
    model = EcosystemModel(cfg, seed=0)
    leader, follower = model.labs[0], model.labs[1]
    leader.strategy = "open"
    for lab, compute in ((leader, 100.0), (follower, 10.0)):
        lab.advanced_compute, lab.domestic_compute, lab.efficiency = compute, 0.0, 10.0
        lab.distilled = -math.inf
        lab.derivatives_new = 0.0
        lab.update_capability()
    assert follower.capability == pytest.approx(leader.capability - 10.0)  # a decade of compute behind
    for _ in range(60):
        follower.advanced_compute *= 5.0 ** (1 / 60)  # to half the leader's compute in five years
        follower.learn_from_open(leader.weights_capability)
        assert follower.capability < leader.capability
    assert follower.capability > leader.capability - 1.0  # it did learn: within a point of the leader


def test_a_hybrid_line_releases_trailing_weights_on_its_cadence_and_keeps_what_it_released():
    """A closed lab turning hybrid releases weights ``hybrid_lag`` behind its best model at
    once; they stay while its capability grows, until ``hybrid_release_months`` have passed,
    then the line's next release is ``hybrid_lag`` behind again. An open lab turning hybrid
    keeps its better weights: what was released stays downloadable."""
    cfg = small_config(adopters=50)
    cfg.openness.hybrid_release_months = 4
    cfg.openness.frontier_size = 1.0  # no size gap (test_open_weights_stand_below_their_size_ceiling)
    model = EcosystemModel(cfg, seed=0)
    lab, lag = model.lab_by_name["openai"], cfg.openness.hybrid_lag
    assert lab.strategy == "closed" and math.isnan(lab.weights_capability)
    lab.strategy = "hybrid"
    lab.release_weights()
    first = lab.capability - lag
    assert lab.weights_capability == first
    for months in range(1, 9):
        model.month += 1
        lab.advanced_compute *= 1.5
        lab.update_capability()
        assert lab.weights_capability <= lab.capability - lag
        released_now = months % 4 == 0
        assert (lab.weights_capability == lab.capability - lag) == released_now, months
    assert lab.open_capability("hybrid") == lab.weights_capability, "the current line, as released"

    meta = model.lab_by_name["meta"]
    meta.release_weights()  # its first month's release (a lab releases nothing at construction)
    assert meta.strategy == "open" and meta.weights_capability == meta.capability
    meta.strategy = "hybrid"
    meta.release_weights()
    assert meta.weights_capability == meta.capability


def test_recent_derivatives_halve_every_half_life_and_settle_at_their_steady_state():
    cfg = OpennessConfig(ecosystem_half_life=12.0)
    recent = np.array([80.0, 0.0])
    for _ in range(12):
        recent = recent_derivatives(recent, np.zeros(2), cfg)
    np.testing.assert_allclose(recent, [40.0, 0.0])  # one half-life, no new derivatives
    # a steady 10 a month settles at 10 / (1 - 0.5 ** (1 / 12)) = 178.1
    steady = np.zeros(1)
    for _ in range(2000):
        steady = recent_derivatives(steady, np.array([10.0]), cfg)
    np.testing.assert_allclose(steady, 10.0 / (1.0 - 0.5 ** (1.0 / 12.0)))


def test_ecosystem_shares_by_hand():
    np.testing.assert_allclose(ecosystem_shares(np.array([30.0, 10.0, 0.0])), [0.75, 0.25, 0.0])
    np.testing.assert_array_equal(ecosystem_shares(np.zeros(3)), np.zeros(3))  # no derivatives yet


derivatives = arrays(np.float64, st.integers(1, 8), elements=st.one_of(st.just(0.0), st.floats(1e-6, 1e9)))
"""Recent derivatives of up to eight families: none, or from a millionth (a weight decayed for
decades) to a billion; not subnormal floats, which a scale of the field would round to 0."""


@given(recent=derivatives, scale=st.floats(1e-3, 1e3))
def test_ecosystem_shares_are_bounded_and_free_of_scale(recent, scale):
    """A share, not a count: between 0 and 1, summing to 1 (or all 0), and unchanged when the
    whole field has ``scale`` times the derivatives."""
    shares = ecosystem_shares(recent)
    assert np.all((shares >= 0.0) & (shares <= 1.0))
    assert shares.sum() == pytest.approx(1.0 if recent.sum() > 0 else 0.0)
    np.testing.assert_allclose(ecosystem_shares(recent * scale), shares, atol=1e-12)


def test_the_adopters_ecosystem_term_is_the_familys_share_of_recent_derivatives():
    """In a run, each family's ecosystem column of the option table is its share of the
    field's age-weighed derivatives (0 without weights): bounded however many there are."""
    model = EcosystemModel(small_config(adopters=50, end="2024-06"), seed=0)
    model.run()
    recent = np.array([lab.derivatives_recent for lab in model.labs])
    assert recent.sum() > 0.0, "families have derivatives by 2024-06"
    options = build_options(model)[0]
    family_terms = options.ecosystem[::2]  # API and self-hosting options share it
    has_weights = np.array([lab.active and not math.isnan(lab.weights_capability) for lab in model.labs])
    np.testing.assert_allclose(family_terms, np.where(has_weights, recent / recent.sum(), 0.0))
    assert family_terms.sum() <= 1.0 + 1e-12


def test_open_weights_stand_below_their_size_ceiling():
    """An open lab's weights are its best model only up to what its family's largest size
    can hold: the frontier less ``size_slope`` per tenfold below ``frontier_size``. With a
    frontier size a hundred times the largest size Meta offers in 2022 (OPT-175B), its
    weights stand 2 x size_slope below the world frontier, however good its model."""
    cfg = small_config(adopters=50, end="2022-06")
    cfg.openness.frontier_size = 175.0 * 100.0
    model = EcosystemModel(cfg, seed=0)
    model.step()
    meta = model.lab_by_name["meta"]
    assert model.developers.largest_size(model.month)[meta.index] == 175.0
    ceiling = max(model.frontier_at_start, meta.capability) - 2.0 * cfg.openness.size_slope
    assert meta.size_ceiling() == pytest.approx(ceiling)
    assert meta.strategy == "open" and meta.weights_capability == pytest.approx(min(meta.capability, ceiling))
    meta.capability = ceiling + 30.0  # far above the ceiling: released weights stay at it
    meta.release_weights()
    assert meta.weights_capability == pytest.approx(max(model.frontier_at_start, meta.capability) - 2.0 * cfg.openness.size_slope)
    cfg_big = small_config(adopters=50, end="2022-06")
    cfg_big.openness.frontier_size = 175.0  # Meta's size is the frontier's: no gap
    big = EcosystemModel(cfg_big, seed=0)
    big.step()
    assert big.lab_by_name["meta"].weights_capability == big.lab_by_name["meta"].capability


@given(largest=st.floats(0.1, 1e5), frontier_size=st.floats(1.0, 1e4), slope=st.floats(0.0, 20.0))
def test_the_size_gap_is_zero_at_the_frontier_size_and_grows_with_each_tenfold_below(largest, frontier_size, slope):
    cfg = OpennessConfig(size_slope=slope, frontier_size=frontier_size)
    gap = size_gap(largest, cfg)
    assert gap >= 0.0
    if largest >= frontier_size:
        assert gap == 0.0
    else:
        assert gap == pytest.approx(slope * math.log10(frontier_size / largest))
        assert size_gap(largest / 10.0, cfg) == pytest.approx(gap + slope)
