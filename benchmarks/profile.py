"""Where a default run spends its time: per step phase, and a pyinstrument call tree.

    python benchmarks/profile.py    # prints the phase table; writes benchmarks/profile_default.txt

The phase table times each call of ``EcosystemModel.step`` (the model's table of
contents) over one default run, in CPU seconds of this process (``time.process_time``), so
that a machine shared with other work gives the run's own cost; the call tree needs the
``bench`` extra (pyinstrument).
"""

from __future__ import annotations

import time
from collections import defaultdict
from pathlib import Path

import sim
from sim.model import EcosystemModel

PHASES = (
    "enter_labs", "apply_policies", "ration_domestic_chips", "spill_over", "update_frontiers",
    "review_strategies", "review_hosting", "end_price_wars", "spread_awareness", "adopt",
    "settle_accounts", "develop",
)
"""Every phase ``EcosystemModel.step`` calls on the model, in its order."""
LAB_PHASES = ("raise_funds", "train", "set_price")
"""The phases the step runs on each active lab (``active_labs.do``)."""


def phase_table() -> str:
    """CPU seconds spent in each phase of a default run (build and collection included); the
    phases add up to the whole run, the time outside every timed phase in its own row."""
    spent: dict[str, float] = defaultdict(float)

    def timed(name, method):
        def wrapper(*args, **kwargs):
            started = time.process_time()
            try:
                return method(*args, **kwargs)
            finally:
                spent[name] += time.process_time() - started

        return wrapper

    from sim.agents import Lab
    from sim.metrics import Recorder

    originals = {name: getattr(EcosystemModel, name) for name in PHASES}
    originals_lab = {name: getattr(Lab, name) for name in LAB_PHASES}
    record = Recorder.record
    try:
        for name, method in originals.items():
            setattr(EcosystemModel, name, timed(name, method))
        for name, method in originals_lab.items():
            setattr(Lab, name, timed(f"labs.{name}", method))
        Recorder.record = timed("record", record)
        started = time.process_time()
        model = EcosystemModel(sim.default_config())
        spent["build"] = time.process_time() - started
        model.run()
        collect_started = time.process_time()
        sim.collect(model)
        spent["collect tables"] = time.process_time() - collect_started
        total = time.process_time() - started
    finally:
        for name, method in originals.items():
            setattr(EcosystemModel, name, method)
        for name, method in originals_lab.items():
            setattr(Lab, name, method)
        Recorder.record = record
    spent["step (the rest: schedule, timeline events)"] = total - sum(spent.values())
    rows = ["| phase | CPU seconds | share |", "| --- | --- | --- |"]
    for name, seconds in sorted(spent.items(), key=lambda item: -item[1]):
        rows.append(f"| {name} | {seconds:.3f} | {seconds / total:.0%} |")
    rows.append(f"| **total** | {total:.3f} | 100% |")
    return "\n".join(rows)


def call_tree(path: Path) -> None:
    from pyinstrument import Profiler

    profiler = Profiler(interval=0.0005)
    with profiler:
        sim.run(sim.default_config())
    path.write_text(profiler.output_text(unicode=False, color=False, show_all=False))


if __name__ == "__main__":
    sim.run(sim.default_config())  # warm caches
    print(phase_table())
    try:
        target = Path(__file__).with_name("profile_default.txt")
        call_tree(target)
        print(f"call tree written to {target}")
    except ImportError:
        print("install the bench extra (pip install -e '.[bench]') for the pyinstrument call tree")
