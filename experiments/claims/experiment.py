"""Every run a claim's command makes, and their analysis: the design, more seeds where the
Monte Carlo error is too large against the minimum effect, and the sanity check without the
cause (the command ``sim-claims`` and the suite's shared quick runs both run a claim so)."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from experiments.claims.analysis import Analysis, analyse
from experiments.claims.claim import Claim
from experiments.claims.engine import Size, run_claim
from sim.experiment import Backend


def run_experiment(
    claim: Claim, size: Size, directory: Path, backend: Backend | None = None, progress: bool = True
) -> tuple[Analysis, Size, Analysis | None]:
    """Run ``claim`` at ``size`` into ``directory`` (resuming what is kept there): the design,
    more seeds up to ``size.most_replications`` where the Monte Carlo error exceeds its target,
    and the sanity check without the cause. Returns the analysis, the size it reached and the
    sanity check's analysis (None for a claim without one)."""
    design, runs = run_claim(claim, size, directory, backend, progress=progress)
    analysis = analyse(claim, design, runs)
    seeds = min(size.most_replications, analysis.monte_carlo.seeds_needed)
    if seeds > size.replications:
        size = dataclasses.replace(size, replications=seeds)
        if progress:
            print(f"  {seeds} seeds a point bring the Monte Carlo error under "
                  f"{analysis.monte_carlo.target:.3g}: adding them", flush=True)
        analysis = analyse(claim, *run_claim(claim, size, directory, backend, progress=progress))
    sanity = None
    if claim.sanity:
        check = claim.without_cause()
        sanity = analyse(check, *run_claim(check, size, directory, backend, progress=False))
    return analysis, size, sanity
