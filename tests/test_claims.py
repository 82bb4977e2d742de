"""The claims' experiments: the Shapley decomposition, the verdict rule, scenario discovery,
the factors' ranges, the engine (arms, design, determinism, resuming), each claim end to end
in quick mode, and the index of verdicts."""

from __future__ import annotations

import dataclasses
import itertools
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from SALib.sample import sobol

import sim
from experiments.claims import CLAIMS, c1_free, cli, engine
from experiments.claims.analysis import VERDICTS, analyse, discover, sensitivity, shapley, verdict, wilson
from experiments.claims.engine import problem
from experiments.claims.claim import Arm, Claim, Effect, Factor, MinimumEffect, StrongCause
from sim.config import get_value, plausible_range
from sim.experiment import backend_named

PLAYERS = ["a", "b", "c", "d"]


def coalitions(players):
    return [frozenset(c) for k in range(len(players) + 1) for c in itertools.combinations(players, k)]


games = st.lists(st.floats(-1, 1, allow_nan=False), min_size=16, max_size=16).map(
    lambda values: dict(zip(coalitions(PLAYERS), values))
)


@given(games)
def test_shapley_values_add_up_to_the_grand_coalition(value):
    phi = shapley(value, PLAYERS)
    assert sum(phi.values()) == pytest.approx(value[frozenset(PLAYERS)] - value[frozenset()], abs=1e-12)


@given(games)
def test_a_player_who_adds_nothing_gets_nothing(value):
    value = {s: value[s - {"d"}] for s in value}  # d changes no coalition's value
    assert shapley(value, PLAYERS)["d"] == pytest.approx(0.0, abs=1e-12)


@given(st.lists(st.floats(-1, 1, allow_nan=False), min_size=4, max_size=4))
def test_in_an_additive_game_each_player_gets_its_own_contribution(weights):
    value = {s: sum(w for p, w in zip(PLAYERS, weights) if p in s) for s in coalitions(PLAYERS)}
    phi = shapley(value, PLAYERS)
    assert [phi[p] for p in PLAYERS] == pytest.approx(weights, abs=1e-12)


def test_an_interaction_is_split_evenly():
    value = {s: float({"a", "b"} <= s) for s in coalitions(PLAYERS)}  # a and b only count together
    assert shapley(value, PLAYERS) == pytest.approx({"a": 0.5, "b": 0.5, "c": 0.0, "d": 0.0})


def test_wilson_interval_matches_the_textbook_value():
    low, high = wilson(8, 10)  # Wilson (1927) / Newcombe (1998): 0.490 to 0.943
    assert (round(low, 3), round(high, 3)) == (0.490, 0.943)


# ----------------------------------------------------------------- verdicts, synthetically

TOY = Claim(
    id="T", title="toy", statement="b beats a", source="test", measure="y", supports="b > a",
    refutes="b <= a",
    factors=(Factor("adoption.price", 0.0, 1.0, "x1"), Factor("adoption.trust", 0.0, 1.0, "x2")),
    arms=(Arm("a", (), "a"), Arm("b", (), "b")),
    outcomes=lambda model, results: {},
    effects=lambda by_arm: {"gain": by_arm["b"]["y"] - by_arm["a"]["y"]},
    main="gain", minimum=MinimumEffect(0.1, "above", "units", "toy"),
    holds=lambda e: e["gain"] > 0.1, named_effects={"gain": Effect("b less a")},
)


BASE = (0.8, 0.5)


def toy_runs(gain, samples: int = 16, seeds: int = 3, noise_sd: float = 0.01):
    """A design of worlds (BASE first, then the points of a Sobol design over two factors,
    taken as worlds) and of the same Sobol points for sensitivity, and runs whose effect is
    ``gain(x1, x2)`` plus seed noise."""
    rng = np.random.default_rng(1)
    sample = sobol.sample(problem(TOY), samples, calc_second_order=False, seed=1)
    worlds = pd.DataFrame(np.vstack([BASE, sample]), columns=["adoption.price", "adoption.trust"])
    swept = pd.DataFrame(sample, columns=worlds.columns)
    design = pd.concat([worlds.assign(world=range(len(worlds)), sensitivity=False),
                        swept.assign(world=0, sensitivity=True)], ignore_index=True).assign(plausible=True)
    design.index.name = "point"
    rows = []
    for point, (x1, x2) in design[["adoption.price", "adoption.trust"]].iterrows():
        for seed in range(seeds):
            noise = rng.normal(0, noise_sd)
            rows += [
                {"point": point, "seed": seed, "arm": "a", "digest": "", "y": 0.0},
                {"point": point, "seed": seed, "arm": "b", "digest": "", "y": gain(x1, x2) + noise},
            ]
    return design, pd.DataFrame(rows)


@pytest.mark.parametrize(
    ("gain", "verdict"),
    [
        (lambda x1, x2: 1.0 + x1, "supported"),
        (lambda x1, x2: -1.0 - x2, "refuted"),
        (lambda x1, x2: 0.05 + 0.0 * x1, "refuted"),  # the right way, but short of the minimum effect
        (lambda x1, x2: 3 * x1 - 1.0, "conditional"),  # beyond the minimum on average; fails where x1 < 0.37
    ],
)
def test_the_verdict_rule(gain, verdict):
    design, runs = toy_runs(gain, noise_sd=1e-4)  # noise too small to move a point across the threshold
    analysis = analyse(TOY, design, runs)
    assert analysis.verdict == verdict
    worlds = design.loc[~design["sensitivity"], ["adoption.price", "adoption.trust"]]
    expected = np.mean([gain(x1, x2) > 0.1 for x1, x2 in worlds.to_numpy()])
    assert analysis.holds_share == pytest.approx(expected)
    base = analysis.at_baseline.loc["gain"]
    assert base["low"] < gain(*BASE) < base["high"]


def test_an_effect_the_seeds_cannot_place_against_the_minimum_is_inconclusive():
    """At the minimum effect in every world, with seed noise: the runs' interval spans it."""
    design, runs = toy_runs(lambda x1, x2: 0.1 + 0.0 * x1, noise_sd=0.05)
    analysis = analyse(TOY, design, runs)
    low, high = analysis.runs_interval
    assert low < 0.1 < high and high - low < 0.05
    assert analysis.verdict == "inconclusive"


def test_a_large_effect_that_differs_between_two_worlds_is_not_uncertain():
    """Two worlds, the effect 1.8 in one and over 0.2 in the other, each to 1e-4: the claim
    holds in both and the verdict is *supported*. The Student interval over the two worlds
    spans the minimum (t = 12.7 on one degree of freedom): it measures how the worlds
    differ, which the share of worlds where the claim holds already counts."""
    gain = lambda x1, x2: 0.2 + 2.0 * x1  # noqa: E731
    design, runs = toy_runs(gain, samples=1, noise_sd=1e-4)
    two_worlds = design.index[design["sensitivity"] | (design.index < 2)]
    design, runs = design.loc[two_worlds], runs[runs["point"].isin(two_worlds)]
    analysis = analyse(TOY, design, runs)
    assert len(analysis.worlds) == 2 and analysis.holds_share == 1.0
    spread = analysis.over_worlds.loc["gain"]
    assert spread["low"] < 0.1 < spread["high"], "the interval over the worlds would leave it inconclusive"
    low, high = analysis.runs_interval
    assert 0.1 < low < high < 2.0
    assert analysis.verdict == "supported"


def test_sobol_indices_find_the_factor_that_moves_the_effect_and_no_other():
    design, runs = toy_runs(lambda x1, x2: 3.0 * x1, samples=64)
    analysis = analyse(TOY, design, runs)
    indices = analysis.sensitivity
    assert list(indices.index) == ["adoption.price", "adoption.trust"]
    assert indices.loc["adoption.price", "ST"] == pytest.approx(1.0, abs=0.15)
    assert indices.loc["adoption.price", "S1"] == pytest.approx(1.0, abs=0.2)
    assert abs(indices.loc["adoption.trust", "ST"]) < 0.05
    assert (indices["ST_conf"] > 0).all() or indices.loc["adoption.trust", "ST_conf"] >= 0


def test_an_effect_that_never_varies_has_no_factor_that_moves_it():
    swept = pd.DataFrame(sobol.sample(problem(TOY), 2, calc_second_order=False, seed=0),
                         columns=["adoption.price", "adoption.trust"])
    indices = sensitivity(TOY, swept, pd.Series(np.zeros(len(swept))))
    assert (indices[["S1", "ST"]] == 0).all().all()


def test_a_sanity_check_takes_the_cause_out_by_re_using_the_control_arms():
    for claim in CLAIMS.values():
        if claim.sanity is None:
            continue
        check = claim.without_cause()
        names = {arm.name: arm for arm in claim.arms}
        assert [a.name for a in check.arms] == [a.name for a in claim.arms], claim.id
        for arm in check.arms:
            stand_in = names[claim.sanity.replaced.get(arm.name, arm.name)]
            assert arm.overrides == stand_in.overrides, (claim.id, arm.name)
        assert {a.overrides for a in check.arms} < {a.overrides for a in claim.arms}, "no new runs"
        pd.testing.assert_frame_equal(engine.design(check, engine.SIZES["quick"]),
                                      engine.design(claim, engine.SIZES["quick"]), obj="the same points")


def test_a_strong_cause_adds_its_overrides_to_the_named_arms_only():
    arms = (Arm("treated", ("a=1",), "with the cause"), Arm("control", ("b=2",), "without it"),
            Arm("other", (), "a third world"))
    strong = StrongCause("much of the cause", {"treated": ("c=3", "d=4")})
    treated, control, other = strong.arms(arms)
    assert treated.name == "treated" and treated.overrides == ("a=1", "c=3", "d=4")
    assert "much of the cause" in treated.doc
    assert (control, other) == arms[1:]
    with pytest.raises(ValueError, match="sets a, which the arm sets already"):
        StrongCause("twice", {"treated": ("a=5",)}).arms(arms)
    more, _, _ = StrongCause("more of it", {"treated": ("a=5", "c=3")}, replacing=("a",)).arms(arms)
    assert more.overrides == ("a=5", "c=3")  # the arm's a=1 replaced on purpose, nothing else
    with pytest.raises(ValueError, match="does not compare: absent"):
        StrongCause("nowhere", {"absent": ("c=3",)}).arms(arms)


def test_a_strong_cause_keeps_the_claims_arms_and_design():
    declared = [claim for claim in CLAIMS.values() if claim.strong_cause]
    assert {claim.id for claim in declared} >= {"C2", "C3", "C4", "C7", "C8"}
    for claim in declared:
        check = claim.with_strong_cause()
        assert check.strong_cause is None and check.sanity is None
        for arm, strong in zip(claim.arms, check.arms, strict=True):
            assert strong.overrides == (claim.strong_cause.kept(arm)
                                        + tuple(claim.strong_cause.added.get(arm.name, ()))), claim.id
        pd.testing.assert_frame_equal(engine.design(check, engine.SIZES["quick"]),
                                      engine.design(claim, engine.SIZES["quick"]))


def test_an_effect_beyond_the_minimum_in_a_claim_that_holds_in_no_world_is_refuted():
    """A claim of several conditions whose main effect is large in every world while another
    condition fails in all of them (C1's form: price matters, yet Chinese models are no
    majority): it holds nowhere, so *refuted*, not *conditional*."""
    design, runs = toy_runs(lambda x1, x2: 1.0 + x1, noise_sd=1e-4)
    other_condition_fails = dataclasses.replace(TOY, holds=lambda e: e["gain"] > 0.1 and e["gain"] > 5.0)
    analysis = analyse(other_condition_fails, design, runs)
    assert all(TOY.minimum.reached(bound) for bound in analysis.runs_interval)
    assert analysis.holds_share == 0.0 and analysis.verdict == "refuted"


@pytest.mark.parametrize(("holding", "worlds", "effect", "expected"), [
    (0, 40, (0.5, 0.9), "refuted"),  # beyond the minimum, holds nowhere
    (10, 40, (0.5, 0.9), "refuted"),  # in a quarter of the worlds
    (11, 40, (0.5, 0.9), "conditional"),
    (29, 40, (0.5, 0.9), "conditional"),
    (30, 40, (0.5, 0.9), "supported"),
    (40, 40, (0.5, 0.9), "supported"),
    (35, 40, (0.02, 0.08), "conditional"),  # holds in most worlds, the mean effect short of the minimum
    (0, 40, (0.02, 0.08), "refuted"),
    (40, 40, (0.05, 0.2), "inconclusive"),  # the seeds cannot place the effect against the minimum
])
def test_conditional_means_the_claim_holds_in_some_worlds_and_not_in_others(holding, worlds, effect, expected):
    minimum = MinimumEffect(0.1, "above", "units", "toy")
    assert verdict(holding / worlds, wilson(holding, worlds), effect, minimum) == expected
    if expected == "conditional":
        assert 0 < holding < worlds


def test_too_few_points_leave_a_share_inconclusive_whatever_the_effect():
    minimum = MinimumEffect(0.1, "above", "units", "toy")
    assert verdict(1.0, wilson(4, 4), (0.5, 0.9), minimum) == "supported"
    assert verdict(0.5, wilson(1, 2), (0.5, 0.9), minimum) == "inconclusive"
    assert verdict(0.5, wilson(20, 40), (0.5, 0.9), minimum) == "conditional"
    below = MinimumEffect(-0.1, "below", "units", "toy")
    assert verdict(1.0, wilson(40, 40), (-0.5, -0.2), below) == "supported"
    assert verdict(0.0, wilson(0, 40), (-0.05, 0.3), below) == "refuted"


@pytest.mark.parametrize(("noise_sd", "enough"), [(0.01, True), (0.2, False)])
def test_the_monte_carlo_error_is_measured_against_the_minimum_effect(noise_sd, enough):
    design, runs = toy_runs(lambda x1, x2: 1.0, seeds=4, noise_sd=noise_sd)
    mc = analyse(TOY, design, runs).monte_carlo
    assert mc.seeds == 4 and mc.target == pytest.approx(0.025)
    assert mc.error == pytest.approx(noise_sd / 2, rel=0.5)
    assert mc.small_enough is enough
    assert (mc.seeds_needed <= 4) is enough
    if not enough:  # (0.2 / 0.025)^2 = 64 seeds, give or take the estimate of the spread
        assert 25 <= mc.seeds_needed <= 160


def test_a_claim_must_declare_a_minimum_effect_that_is_not_zero():
    with pytest.raises(ValueError, match="no minimum"):
        MinimumEffect(0.0, "above", "units", "toy")
    with pytest.raises(ValueError, match="one of above, below"):
        MinimumEffect(1.0, "beyond", "units", "toy")


def test_scenario_discovery_names_the_condition():
    rng = np.random.default_rng(0)
    design = pd.DataFrame(rng.uniform(0, 1, (200, 3)), columns=["x1", "x2", "x3"])
    holds = (design["x2"] > 0.6).to_numpy()
    text = discover(design, holds)
    found = re.search(r"x2 is at least ([0-9.]+)", text)
    assert found and 0.5 <= float(found.group(1)) <= 0.7, text
    assert "x1" not in text and "x3" not in text
    assert "holds at every sampled point" in discover(design, np.ones(200, bool))


# ----------------------------------------------------------------- declarations and engine


def test_eight_claims_declare_everything_before_they_run():
    assert list(CLAIMS) == [f"C{i}" for i in range(1, 9)]
    defaults = sim.default_config()
    for claim in CLAIMS.values():
        for text in (claim.statement, claim.source, claim.measure, claim.supports, claim.refutes,
                     claim.words(claim.main), claim.minimum.unit, claim.minimum.reason):
            assert text.strip(), claim.id
        assert claim.caveats and len(claim.arms) >= 2 and claim.factors
        assert len({a.name for a in claim.arms}) == len(claim.arms)
        for factor in claim.factors:
            assert factor.low < factor.high and factor.doc
            for key in factor.values(factor.low):
                get_value(defaults, key)  # raises if the key does not exist


def test_each_factor_sweeps_its_declared_range_or_says_why_it_sweeps_less():
    for claim in CLAIMS.values():
        for factor in claim.factors:
            assert factor.basis.strip(), f"{claim.id} {factor.key}: say what its range rests on"
            if factor.settings:
                continue  # sets several keys: its range is its own
            declared = plausible_range(factor.key)
            assert declared.low <= factor.low < factor.high <= declared.high, (claim.id, factor.key)
            if (factor.low, factor.high) != declared.bounds:
                assert factor.basis != declared.basis, f"{claim.id} {factor.key}: say why it sweeps less"


def test_c1_compares_every_combination_of_its_causes_both_ways():
    arms = c1_free.CLAIM.arms
    shared = 2 ** (len(c1_free.CAUSES) - len(c1_free.PARITY_CAUSES))  # switch no price nor capability
    combinations = 2 ** len(c1_free.CAUSES)
    assert len(arms) == len(c1_free.DIRECTIONS) * (combinations - shared) + shared
    assert len(arms) == len({frozenset(a.overrides) for a in arms})
    for direction in c1_free.DIRECTIONS:
        for k in range(len(c1_free.CAUSES) + 1):
            for off in itertools.combinations(c1_free.CAUSES, k):
                assert c1_free.arm_name(off, direction) in {a.name for a in arms}


def test_an_arm_keeps_its_own_settings_at_every_point():
    claim = CLAIMS["C5"]
    arm = next(a for a in claim.arms if a.name == "no_open_ecosystem")
    base = sim.compose(overrides=arm.overrides)
    values = pd.Series({f.key: f.high for f in claim.factors} | {"world": 0, "sensitivity": True})
    cfg = engine.configure(base, arm, claim, values, engine.SIZES["quick"], seed=3)
    assert cfg.openness.distillation == 0 and cfg.openness.community_feedback == 0
    assert cfg.governments["cn"].subsidy == values["governments.cn.subsidy"]
    assert cfg.population.adopters == engine.SIZES["quick"].adopters and cfg.run.seed == 3


@pytest.mark.parametrize("world", [0, 1])
def test_a_world_point_runs_the_world_as_the_calibrated_scenario_composes_it(world):
    claim = CLAIMS["C8"]  # has a factor that sets several keys, which a world point leaves alone
    size = engine.SIZES["quick"]
    design = engine.design(claim, size)
    arm = claim.arms[0]
    base = engine.in_world(sim.compose(overrides=arm.overrides), world)
    cfg = engine.configure(base, arm, claim, design.loc[world], size, 0)
    calibrated = sim.compose("calibrated", [f"world={world}", *arm.overrides])
    calibrated.population.adopters, calibrated.run.seed = cfg.population.adopters, 0
    calibrated.run.scenario, calibrated.run.world = cfg.run.scenario, cfg.run.world
    assert cfg == calibrated
    assert list(design["world"]) == [0, 1] + [0] * size.sensitivity_points(claim)
    assert list(design["sensitivity"]) == [False, False] + [True] * (len(design) - 2)


TINY = engine.Size("tiny", worlds=2, replications=1, baseline_replications=1, sobol_samples=1,
                   sensitivity_replications=1, adopters=120, most_replications=1)


@pytest.mark.slow
def test_results_do_not_depend_on_workers_and_an_interrupted_claim_resumes(tmp_path, monkeypatch):
    claim = CLAIMS["C4"]  # two arms: the fewest runs
    _, alone = engine.run_claim(claim, TINY, tmp_path / "one", progress=False)
    _, parallel = engine.run_claim(claim, TINY, tmp_path / "two", backend_named("loky", workers=2), progress=False)
    pd.testing.assert_frame_equal(alone, parallel)

    # Lose three finished runs, as if interrupted; only those run again.
    path = tmp_path / "one" / engine.RUNS_FILE
    pd.read_parquet(path).iloc[3:].to_parquet(path)
    calls = []
    measured = engine.simulate
    monkeypatch.setattr(engine, "simulate", lambda cfg, outcomes: calls.append(cfg) or measured(cfg, outcomes))
    _, resumed = engine.run_claim(claim, TINY, tmp_path / "one", progress=False)
    assert len(calls) == 3
    pd.testing.assert_frame_equal(resumed, alone)


def test_a_sanity_arm_without_the_cause_really_produces_the_refuting_verdict(tmp_path):
    """C4 with Meta's retreat taken out of the treated arm (both arms keep Meta open): the
    runs, not a synthetic table, must give no effect and the verdict *refuted* (two seeds a
    world: the verdict needs the seeds' error)."""
    sanity = CLAIMS["C4"].without_cause()
    two_seeds = dataclasses.replace(TINY, replications=2, baseline_replications=2)
    design, runs = engine.run_claim(sanity, two_seeds, tmp_path, progress=False)
    analysis = analyse(sanity, design, runs)
    assert (analysis.effects["download_share_change"] == 0).all()
    assert analysis.holds_share == 0 and analysis.verdict == "refuted"


def analysed_check(claim_id: str, check: Claim, quick_claim_runs, directory: Path):
    """A check of a claim analysed from the session's quick runs, which must hold it already."""
    runs = directory / engine.RUNS_FILE
    shutil.copy(quick_claim_runs(claim_id) / engine.RUNS_FILE, runs)
    kept = runs.read_bytes()
    analysis = analyse(check, *engine.run_claim(check, engine.SIZES["quick"], directory, progress=False))
    assert runs.read_bytes() == kept, "the quick runs hold the check"
    return analysis


@pytest.mark.slow
@pytest.mark.parametrize("claim_id", [c.id for c in CLAIMS.values() if c.sanity])
def test_without_its_cause_the_claim_is_refuted(claim_id, quick_claim_runs, tmp_path):
    """The runs, not a synthetic table, from the session's quick runs: with the cause taken out
    the verdict rule gives *refuted*, so the experiment can refute the claim."""
    check = CLAIMS[claim_id].without_cause()
    analysis = analysed_check(claim_id, check, quick_claim_runs, tmp_path)
    assert analysis.holds_share <= 0.25 and analysis.verdict == "refuted"


def test_a_claim_without_a_sanity_check_says_why():
    for claim in CLAIMS.values():
        if claim.sanity is None:
            doc = sys.modules[claim.outcomes.__module__].__doc__
            assert "No sanity check:" in doc, claim.id


def test_a_claim_without_a_strong_cause_check_says_why():
    for claim in CLAIMS.values():
        if claim.strong_cause is None:
            doc = sys.modules[claim.outcomes.__module__].__doc__
            assert "No strong-cause check:" in doc, claim.id


@pytest.mark.slow
@pytest.mark.parametrize("claim_id", [c.id for c in CLAIMS.values() if c.strong_cause])
def test_with_its_cause_made_strong_the_claim_is_supported(claim_id, quick_claim_runs, tmp_path):
    """The runs, not a synthetic table, from the session's quick runs (which hold the check):
    the claim holds in every world and the main effect's interval lies beyond the minimum
    effect, in world 0 and over the worlds: the verdict rule gives *supported*."""
    check = CLAIMS[claim_id].with_strong_cause()
    analysis = analysed_check(claim_id, check, quick_claim_runs, tmp_path)
    assert analysis.point_means.loc[analysis.worlds, "holds"].all() and analysis.holds_share == 1.0
    low, high = analysis.at_baseline.loc[check.main, ["low", "high"]]
    assert check.minimum.reached(low) and check.minimum.reached(high)
    assert all(check.minimum.reached(bound) for bound in analysis.runs_interval)
    assert analysis.verdict == "supported"


# ----------------------------------------------------------------- the command


def test_unknown_claims_are_refused_before_any_work(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "experiments.claims.cli", "C9", "--out", str(tmp_path)],
        capture_output=True, text=True,
    )
    assert result.returncode == 2
    assert "unknown claim C9" in result.stderr and "C1, C2" in result.stderr
    assert not any(tmp_path.iterdir())


@pytest.mark.parametrize(("args", "message"), [
    (["C1", "--backend", "ray", "--workers", "2"], "--workers is for --backend loky"),
    (["C1", "--address", "auto"], "--address is for --backend ray"),
    (["C1", "--backend", "dask"], "invalid choice: 'dask'"),
    (["--table", "--quick"], "--table records full-mode verdicts only"),
    ([], "or give --all or --table"),
])
def test_options_that_do_not_go_together_are_refused(args, message, capsys):
    with pytest.raises(SystemExit):
        cli.parse(args)
    assert message in capsys.readouterr().err


def claims_command(args: list[str], out: Path) -> subprocess.CompletedProcess:
    """``sim-claims ARGS --quick --workers 1 --out OUT``, as a user runs it."""
    command = [sys.executable, "-m", "experiments.claims.cli", *args, "--quick", "--workers", "1", "--out", str(out)]
    return subprocess.run(command, capture_output=True, text=True)


def checked_card(out: Path, claim: Claim) -> dict:
    """The claim's verdict record, after checking its quick card (indicative, no verdict), its
    page and its figures; ``out`` holds the cards."""
    record = json.loads((out / claim.id / "verdict.json").read_text())
    assert record["verdict"] in VERDICTS
    assert record["baseline"]["mean"] is not None
    assert 0.0 <= record["holds_share"] <= 1.0
    card = (out / claim.id / "card.md").read_text()
    assert "**Indicative only.**" in card and "**Verdict:" not in card and claim.statement in card
    assert (out / claim.id / "card.html").stat().st_size > 0
    for figure in re.findall(r"!\[[^]]*\]\(([^)]+)\)", card):
        assert (out / claim.id / figure).stat().st_size > 0
    return record


@pytest.mark.slow
@pytest.mark.parametrize("claim_id", list(CLAIMS))
def test_each_claim_runs_end_to_end_in_quick_mode(claim_id, tmp_path, quick_claim_runs):
    """The command resumes from this session's quick runs (tests/conftest.py), which the
    regression digest checks, and must find every one of its runs among them."""
    out = tmp_path / "quick"
    made = quick_claim_runs(claim_id) / engine.RUNS_FILE
    (out / claim_id).mkdir(parents=True)
    shutil.copy(made, out / claim_id / engine.RUNS_FILE)
    result = claims_command([claim_id], tmp_path)
    assert result.returncode == 0, result.stderr[-3000:]
    assert (out / claim_id / engine.RUNS_FILE).read_bytes() == made.read_bytes(), "the command ran other runs"
    checked_card(out, CLAIMS[claim_id])
    assert not (out / "index.md").exists()  # one claim needs no index
    if claim_id == "C1":
        c1 = (out / "C1" / "card.md").read_text()
        assert "decomposition.png" in c1 and "| South Asia |" in c1 and "| low budgets |" in c1
        assert "price:SOUTH_ASIA" not in c1 and "share:gs" not in c1, "names, not keys"


@pytest.mark.slow
def test_several_claims_get_an_index_of_their_verdicts(tmp_path, monkeypatch):
    """The index of a multi-claim command (``--all`` is the same path with every claim), at a
    tiny size: two claims of two arms each, one seed, 30 adopters."""
    monkeypatch.setitem(engine.SIZES, "quick", engine.Size("quick", worlds=2, replications=1, baseline_replications=1, sobol_samples=1,
                                                           sensitivity_replications=1, adopters=30, most_replications=1))
    cli.main(["C4", "C6", "--quick", "--workers", "1", "--out", str(tmp_path)])
    out = tmp_path / "quick"
    index = (out / "index.md").read_text()
    for claim_id in ("C4", "C6"):  # at 30 adopters a claim's effect may not exist
        claim = CLAIMS[claim_id]
        record = json.loads((out / claim.id / "verdict.json").read_text())
        assert record["verdict"] in VERDICTS and (out / claim.id / "card.md").exists()
        assert f"| {claim.id}: {claim.title} | indicative only ({record['verdict']}) |" in index
        assert f"[card]({claim.id}/card.md)" in index


def test_kept_runs_of_other_model_code_are_not_reused(monkeypatch):
    """A claim's kept runs are keyed by the model's code as the run store's are: after a
    change to the model, resuming into the same folder runs them again."""
    from experiments.claims import engine

    claim = CLAIMS["C4"]
    before = engine.measurement_version(claim)
    monkeypatch.setattr(engine, "code_version", lambda: "other code")
    assert engine.measurement_version(claim) != before
