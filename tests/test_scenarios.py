"""The Hydra config tree: every group option composes and validates; every scenario runs."""

from __future__ import annotations

import pytest

import sim
from sim.compose import SCENARIOS

GROUPS = {p.name: sorted(f.stem for f in p.glob("*.yaml")) for p in SCENARIOS.iterdir() if p.is_dir()}
REQUIRED_SCENARIOS = {
    "baseline", "no_export_controls", "tight_export_controls", "price_war", "china_subsidy_surge",
    "meta_stays_open", "us_open_push", "digital_silk_road", "us_bans_chinese_models",
}


def composed(*overrides: str) -> sim.ModelConfig:
    return sim.compose(overrides=overrides)


def test_the_scenario_library_is_complete():
    assert REQUIRED_SCENARIOS <= set(GROUPS["scenario"])
    assert {"small", "default", "large"} <= set(GROUPS["population"])
    assert "smoke" in GROUPS["run"] and "none" in GROUPS["policy"]


@pytest.mark.parametrize("group,option", [(g, o) for g, options in GROUPS.items() for o in options])
def test_every_group_option_composes_and_validates(group, option):
    cfg = composed(f"{group}={option}")
    if group == "scenario":
        assert cfg.run.scenario == option, "a scenario names itself in its outputs"


def test_config_files_are_data_never_code():
    """No YAML may instantiate classes (Hydra's _target_) or call resolvers that run code."""
    for path in SCENARIOS.rglob("*.yaml"):
        text = path.read_text()
        assert "_target_" not in text and "${eval" not in text, path


def test_each_scenario_file_has_a_story_header():
    for path in (SCENARIOS / "scenario").glob("*.yaml"):
        lines = path.read_text().splitlines()
        assert lines[0] == "# @package _global_", path.name
        assert lines[1].startswith("# ") and len(lines[1]) > 20, f"{path.name} needs a header telling its story"


def test_yaml_defaults_agree_with_the_typed_defaults():
    """The default composition is exactly the dataclass defaults (defaults live once)."""
    cfg = composed()
    default = sim.default_config()
    for section in ("population", "capability", "openness", "pricing", "adoption", "strategy", "funding"):
        assert getattr(cfg, section) == getattr(default, section), section
    assert cfg.labs == default.labs and cfg.timeline == default.timeline
    assert (cfg.run.start, cfg.run.end, cfg.run.summary_dates) == (
        default.run.start, default.run.end, default.run.summary_dates
    )


def test_the_seed_shortcut_sets_the_run_seed():
    assert composed("seed=7").run.seed == 7


def test_overrides_reach_the_model_config():
    cfg = composed("population=small", "adoption.price=2.5", "labs.meta.strategy=closed")
    assert (cfg.population.adopters, cfg.adoption.price, cfg.labs["meta"].strategy) == (500, 2.5, "closed")


@pytest.mark.parametrize("scenario", sorted(GROUPS["scenario"]))
def test_every_scenario_runs_at_smoke_size(scenario):
    results = sim.run(composed(f"scenario={scenario}", "run=smoke"))
    assert results.summary["scenario"].iloc[0] == scenario
    assert results.markets["date"].max().strftime("%Y-%m") == "2025-12"


def test_scenarios_change_what_they_say():
    baseline = composed("scenario=baseline", "run=smoke")
    assert not any(e.enabled for e in composed("scenario=no_export_controls").timeline.values()
                   if e.kind == "export_control")
    assert composed("scenario=meta_stays_open").labs["meta"].fixed_strategy
    ban = composed("scenario=us_bans_chinese_models").timeline["us_ban"]
    assert (ban.kind, ban.target, ban.setting) == ("restriction", "us", "CN")
    assert baseline.timeline["deepseek_r1"].enabled
