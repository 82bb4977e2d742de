"""The hindcast: do the dated strategy and licence switches of 2023-2025 emerge?

In ``run=hindcast`` (2022-01 to 2026-06) no timeline event sets a strategy or a licence:
labs decide both at their reviews. For each switch of :data:`sim.observed.SWITCHES` and each
seed, the switch emerges if the month the lab first holds the stance (its strategy among
the switch's, its licence at least the switch's) lies within :data:`WINDOW` months of the
observed month. A switch is a hit when it emerges in more than half of the seeds (the strict
rule of every yes/no target, ``experiments.targets.share_hit``); a switch that never emerges
is a miss, never dropped. The Monte Carlo error of the
share is its binomial standard error over the seeds.

    python -m experiments.hindcast --seeds 10 population=small
"""

from __future__ import annotations

import argparse
import math
from collections.abc import Sequence

import numpy as np
import pandas as pd

import sim
from experiments.targets import share_hit
from sim.calendar import format_month, parse_month
from sim.observed import SWITCHES, Switch

WINDOW = 6
"""Months either side of a switch's observed month within which it counts as emerging
(one review either way at `strategy.review_every` = 6)."""


def first_month(labs: pd.DataFrame, switch: Switch) -> str:
    """The first month (YYYY-MM) the lab holds the switch's stance in a run's labs table;
    empty if it never does."""
    rows = labs[labs["lab"] == switch.lab]
    holds = np.ones(len(rows), dtype=bool)
    if switch.strategies:
        holds &= rows["strategy"].isin(switch.strategies).to_numpy()
    if switch.licence is not None:
        holds &= rows["licence"].to_numpy() >= switch.licence - 1e-9
    dates = rows["date"].to_numpy()[holds]
    return pd.Timestamp(dates.min()).strftime("%Y-%m") if len(dates) else ""


def emerged(month: str, switch: Switch) -> bool:
    """Whether a switch first held in ``month`` is within WINDOW months of the observed one."""
    return bool(month) and abs(parse_month(month) - parse_month(switch.month)) <= WINDOW


def score(firsts: dict[str, list[str]]) -> pd.DataFrame:
    """The hindcast table from each switch's first months over the seeds (by switch id)."""
    rows = []
    for switch in SWITCHES:
        months = firsts[switch.id]
        hits = [emerged(m, switch) for m in months]
        share = float(np.mean(hits))
        happened = sorted(parse_month(m) for m in months if m)
        median = format_month(int(np.median(happened))) if happened else ""
        rows.append({
            "id": switch.id, "lab": switch.lab, "change": switch.change, "observed": switch.month,
            "share": share, "mc_error": math.sqrt(share * (1 - share) / len(months)),
            "median_month": median, "seeds_ever": len(happened), "seeds": len(months),
            "verdict": "hit" if share_hit(share) else "miss",
        })
    return pd.DataFrame(rows)


def run_hindcast(seeds: Sequence[int], overrides: Sequence[str] = ()) -> pd.DataFrame:
    """Run ``run=hindcast`` over ``seeds`` (with Hydra ``overrides``) and score the switches."""
    cfg = sim.compose(None, ["run=hindcast", *overrides])
    firsts: dict[str, list[str]] = {s.id: [] for s in SWITCHES}
    for seed in seeds:
        labs = sim.run(cfg, seed=seed).labs
        for switch in SWITCHES:
            firsts[switch.id].append(first_month(labs, switch))
    return score(firsts)


def markdown(table: pd.DataFrame) -> str:
    """The table as docs/VALIDATION.md shows it."""
    lines = ["| id | lab | change | observed | emerges (share ± MC error) | median month | verdict |",
             "| --- | --- | --- | --- | --- | --- | --- |"]
    for r in table.itertuples():
        lines.append(f"| {r.id} | {r.lab} | {r.change} | {r.observed} | {r.share:.2f} ± {r.mc_error:.2f} "
                     f"| {r.median_month or 'never'} | {r.verdict} |")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=10, help="number of seeds, 0 to N-1")
    parser.add_argument("overrides", nargs="*", help="Hydra overrides, e.g. population=small")
    args = parser.parse_args(argv)
    print(markdown(run_hindcast(range(args.seeds), args.overrides)))


if __name__ == "__main__":
    main()
