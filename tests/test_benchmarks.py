"""The benchmarks run (at tiny size); their timings are recorded in benchmarks/RESULTS.md."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

from benchmarks.run import report

ROOT = Path(__file__).resolve().parent.parent


def test_the_benchmark_runner_runs_every_benchmark_at_tiny_size():
    out = subprocess.run([sys.executable, "benchmarks/run.py", "--tiny"], cwd=ROOT, capture_output=True,
                         text=True, check=True)
    results = json.loads(out.stdout[out.stdout.index("{"):])
    assert results["tiny"] is True
    assert results["kernel"]["identical"], "vectorised kernel and reference agree"
    assert len(results["adopters"]) == 2 and len(results["months"]) == 3
    assert results["sweep"]["one_worker_s"] > 0 and results["sweep"]["two_workers_s"] > 0
    assert 0 < results["default"]["collect_share"] < 1
    mesa = results["mesa"]
    assert mesa["identical"], "the per-agent Mesa baseline and the model chose alike"
    assert (mesa["adopters"], mesa["months"]) == (200, 24) and mesa["ratio"] > 0
    assert mesa["per_agent_rate"] == mesa["adopters"] * mesa["months"] / mesa["per_agent_adopt_s"]
    row = (r"\| whole model vs per-agent Mesa, adopter-steps a second \(200 adopters\) "
           r"\| >= 20x, same choices \| [\d.]+x \(.+\), same choices \| (yes|\*\*no\*\*) \|")
    assert re.search(row, report(results)), "RESULTS.md's table has the bar"


def test_recorded_results_exist_and_name_the_machine():
    text = (ROOT / "benchmarks" / "RESULTS.md").read_text()
    for words in ("cores", "Python", "numpy", "default run", "100,000 adopters", "kernel", "sweep"):
        assert words in text, words


def test_the_large_sweep_benchmark_runs_at_tiny_size_and_is_reported():
    out = subprocess.run([sys.executable, "benchmarks/run.py", "--large-sweep", "--tiny"], cwd=ROOT,
                         capture_output=True, text=True, check=True)
    timed = json.loads(out.stdout[out.stdout.index("{"):])
    assert (timed["runs"], timed["adopters"], timed["quick"]) == (8, 200, True)
    assert timed["runs_per_minute"] == 60.0 * timed["runs"] / timed["wall_s"]
    recorded = json.loads((ROOT / "benchmarks" / "results.json").read_text())
    line = r"A 8-run default sweep \(`sim -m seed=range\(0,8\)`, 200 adopters, .+ minutes, \d+ runs a minute\."
    assert re.search(line, report({**recorded, "large_sweep": timed})), "RESULTS.md names the sweep's time"
