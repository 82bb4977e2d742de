"""Mechanism 2 (sim/openness.py): community feedback and distillation from the best open
model (derivatives and downloads come from the developers: tests/test_developers.py)."""

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sim.config import OpennessConfig
from sim.model import EcosystemModel
from sim.openness import community_gain, distilled_capability
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
    assert meta.strategy == "open" and meta.weights_capability == meta.capability
    meta.strategy = "hybrid"
    meta.release_weights()
    assert meta.weights_capability == meta.capability
