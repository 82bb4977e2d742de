"""Every run a claim's command makes, and their analysis: the design, more seeds where the
Monte Carlo error is too large against the minimum effect, and the two checks of the
experiment itself, without the cause and with the cause made strong (the command
``sim-claims`` and the suite's shared quick runs both run a claim so)."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path

from experiments.claims.analysis import Analysis, analyse
from experiments.claims.claim import Claim
from experiments.claims.engine import Size, run_claim
from sim.experiment import Backend


@dataclass(frozen=True)
class Experiment:
    """A claim's experiment once run: its analysis, the size it reached, and the analyses of
    its checks (None for a check the claim does not declare): ``sanity``, without the cause,
    which must refute the claim, and ``strong``, with the cause made strong, which must
    support it."""

    analysis: Analysis
    size: Size
    sanity: Analysis | None
    strong: Analysis | None


def run_experiment(
    claim: Claim, size: Size, directory: Path, backend: Backend | None = None, progress: bool = True
) -> Experiment:
    """Run ``claim`` at ``size`` into ``directory`` (resuming what is kept there): the design,
    more seeds up to ``size.most_replications`` where the Monte Carlo error exceeds its target,
    then its checks at the size reached (``Claim.without_cause``, ``Claim.with_strong_cause``),
    whose runs of arms they leave alone are the experiment's own."""
    design, runs = run_claim(claim, size, directory, backend, progress=progress)
    analysis = analyse(claim, design, runs)
    seeds = min(size.most_replications, analysis.monte_carlo.seeds_needed)
    if seeds > size.replications:
        size = dataclasses.replace(size, replications=seeds)
        if progress:
            print(f"  {seeds} seeds a point bring the Monte Carlo error under "
                  f"{analysis.monte_carlo.target:.3g}: adding them", flush=True)
        analysis = analyse(claim, *run_claim(claim, size, directory, backend, progress=progress))
    checks = [claim.without_cause() if claim.sanity else None,
              claim.with_strong_cause() if claim.strong_cause else None]
    sanity, strong = (
        analyse(check, *run_claim(check, size, directory, backend, progress=False)) if check else None
        for check in checks
    )
    return Experiment(analysis, size, sanity, strong)
