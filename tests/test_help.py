"""Every command's help exits 0 and reads well; `sim --help` is a short page of this
project's own; `sim-scenarios` tells every option's story."""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from sim import cli
from sim.compose import SCENARIOS

ROOT = Path(__file__).resolve().parent.parent
SCRIPTS = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["scripts"]
MODULE_COMMANDS = {"python -m experiments.history": "experiments.history:main",
                   "python -m experiments.hindcast": "experiments.hindcast:main"}
"""Commands the README gives that run a module rather than an installed script."""


def command_help(entry: str, cwd: Path) -> subprocess.CompletedProcess:
    """``--help`` of the entry point ``module:function``, as its installed script runs it."""
    module, function = entry.split(":")
    code = f"import sys; from {module} import {function}; sys.exit({function}())"
    return subprocess.run([sys.executable, "-c", code, "--help"], cwd=cwd, capture_output=True, text=True,
                          timeout=120)


@pytest.mark.parametrize("name", [*SCRIPTS, *MODULE_COMMANDS])
def test_every_commands_help_exits_0_and_reads_well(name, tmp_path):
    result = command_help(SCRIPTS.get(name) or MODULE_COMMANDS[name], tmp_path)
    assert result.returncode == 0, result.stderr[-2000:]
    text = result.stdout
    assert text.strip() and "Traceback" not in text + result.stderr
    first = next(line for line in text.splitlines() if line.strip())
    assert "usage:" in first.lower(), "the first line says how to call it"
    assert "``" not in text and ":class:" not in text and ":func:" not in text, "no raw reStructuredText"
    assert max(len(line) for line in text.splitlines()) <= 100, "fits a terminal"
    assert not any(tmp_path.iterdir()), "asking for help writes nothing"


def test_sim_help_is_a_short_page_of_groups_options_and_parameters(tmp_path):
    text = command_help(SCRIPTS["sim"], tmp_path).stdout
    lines = text.splitlines()
    assert len(lines) < 80
    for group in cli.GROUPS:
        assert re.search(rf"^  {group}\s", text, flags=re.M), group
        for option in cli.group_options(group):
            assert option in text, f"{group}={option}"
    for key in cli.HELP_PARAMETERS:
        doc, unit, default = cli.parameter_doc(key)
        entry = parameter_entry(lines, key)
        assert doc in entry and f"[{default}]" in entry, key
    for pointer in ("--cfg job", "--hydra-help", "sim-scenarios", "sim-report", "sim-claims", "-m, --multirun"):
        assert pointer in text, pointer
    assert "defaults:" not in text and "_target_" not in text, "not the composed configuration"


def parameter_entry(lines: list[str], key: str) -> str:
    """A parameter's entry in ``sim --help``: its line and the lines it wraps onto, joined."""
    first = next(i for i, line in enumerate(lines) if line.startswith(f"  {key} "))
    entry = [lines[first]]
    for line in lines[first + 1:]:
        if not line.startswith(" " * 34):
            break
        entry.append(line)
    return " ".join(" ".join(entry).split())


def test_sim_help_names_a_parameters_default_as_the_config_declares_it():
    assert cli.parameter_doc("population.adopters") == ("simulated adopters", "agents", "2000")
    assert cli.parameter_doc("run.summary_dates")[2] == "2025-12, 2030-12"


def test_sim_scenarios_lists_every_option_with_the_first_sentence_of_its_header(tmp_path):
    result = subprocess.run([sys.executable, "-c", "from sim.cli import scenarios_main; scenarios_main()"],
                            cwd=tmp_path, capture_output=True, text=True, check=True)
    flat = " ".join(result.stdout.split())
    for group in cli.GROUPS:
        assert f"sim {group}=NAME" in flat
        for path in sorted((SCENARIOS / group).glob("*.yaml")):
            told = cli.story(path)
            assert told and (told[0].isupper() or told[0].isdigit()), path.name
            assert f"{path.stem} {told}" in flat, path.name
    assert cli.story(SCENARIOS / "scenario" / "price_war.yaml") == (
        "A global price war from 2026: US and EU labs join the Chinese one (claim C6: once many labs reach "
        "parity, prices fall to cost and closed moats erode).")


def test_a_story_ends_at_its_first_full_stop_but_not_at_an_initial(tmp_path):
    path = tmp_path / "lock_in.yaml"
    path.write_text("# @package _global_\n# Lock-in (W. B. Arthur 1989): two models\n# and two kinds of "
                    "adopters. More detail here.\nrun:\n  scenario: lock_in\n# not the header\n")
    assert cli.story(path) == "Lock-in (W. B. Arthur 1989): two models and two kinds of adopters."


def test_sim_scenarios_refuses_an_unknown_group():
    result = subprocess.run([sys.executable, "-c", "from sim.cli import scenarios_main; scenarios_main()",
                             "scenarios"], capture_output=True, text=True)
    assert result.returncode == 2 and "unknown group scenarios: choose from scenario, policy" in result.stderr


def test_sim_gather_without_a_directory_says_how_to_call_it():
    result = subprocess.run([sys.executable, "-c", "from sim.cli import gather_main; gather_main()"],
                            capture_output=True, text=True)
    assert result.returncode == 2 and "usage: sim-gather [-h] SWEEP_DIR" in result.stderr


def test_sim_claims_help_lists_every_claim_by_title(tmp_path):
    from experiments.claims import CLAIMS

    text = command_help(SCRIPTS["sim-claims"], tmp_path).stdout
    for claim in CLAIMS.values():
        assert f"  {claim.id}  {claim.title}" in text
