"""Calibration by history matching: rule out the parameter space that cannot reproduce history.

    python -m experiments.history                # the full calibration (writes the ensemble and the docs)
    python -m experiments.history --quick        # small design, tiny population, outputs only
    python -m experiments.history --waves 2 --points 64 --replications 2 --workers 2

Method (Vernon, Goldstein and Bower 2010; Andrianakis et al. 2015):

- **Space.** Every uncertainty of ``sim.config.plausible_ranges`` (policy levers aside, kept
  at the baseline's values), each over its plausible range; whole-number fields (review
  intervals) are rounded.
- **Wave 1** is a scrambled Sobol design (``scipy.stats.qmc``, seed :data:`DESIGN_SEED`)
  over the whole space. Every point runs the same replication seeds (common random
  numbers) over the history (``run=hindcast``: 2022-01 to 2026-06), through the run store
  (``sim.store``), so a re-run resumes and the results do not depend on the worker count.
- **Implausibility** of a point for a target (``experiments.targets``):
  ``|mean - observed| / sqrt(observation_sd^2 + discrepancy_sd^2 + variance / n)``, from
  the mean and variance over the n replications (``targets.ensemble``: a milestone that
  does not happen counts at the month after the run's end; a yes/no target is the
  probability of the observed outcome). A level the run fails to produce in most
  replications is infinitely implausible.
- **Cut-off.** A point is ruled out when its second-largest implausibility exceeds
  :data:`CUTOFF` (3, Pukelsheim's three-sigma rule): one target may miss, since 29 targets
  with proxies are scored at once and one bad proxy should not condemn a world.
- **Later waves** resample around the points not yet ruled out: each new point is a
  survivor (in turn) moved by a normal step of the survivors' own spread in each
  parameter (in units of its range, at least :data:`MIN_STEP`), reflected into the range
  (the perturbation kernel of ABC-SMC, Toni et al. 2009). With few hundred points in
  hundreds of dimensions an emulator would be fitted on too little; the kernel spends the
  runs where worlds survive. The share ruled out is reported per wave; only wave 1's
  share, from a space-filling design, estimates the share of the whole space.
- **Ensemble.** Every point of every wave that is not ruled out, ordered by its largest
  implausibility (world 0 the least implausible), is written to ``sim.worlds.WORLDS``;
  ``scenario=calibrated world=K`` runs member K. If no point survives, the
  :data:`CLOSEST` least implausible points are kept, marked not plausible, and the report
  says so.

The command writes its runs, every point's implausibilities and the report under
``--out``; a full calibration also writes the ensemble and the results of
docs/CALIBRATION.md and the in-sample table of docs/VALIDATION.md.
"""

from __future__ import annotations

import argparse
import copy
import datetime as dt
import math
import os
import re
import subprocess
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
from scipy.stats import qmc

import sim
from experiments import targets
from sim import worlds
from sim.cluster import ClusterUnavailable
from sim.cli import MAX_SWEEP_RUNS
from sim.config import ConfigError, PlausibleRange, PolicyRange, get_value, plausible_ranges, set_value
from sim.errors import CommandParser, exit_in_one_line, path_option
from sim.experiment import BACKENDS, Backend, LocalCores, backend_named, workers_option
from sim.outputs import Results, writable_directory
from sim.runs import read_status
from sim.store import Store, run_batch, run_sweep

ROOT = Path(__file__).resolve().parent.parent
CALIBRATION_DOC = ROOT / "docs" / "CALIBRATION.md"
VALIDATION_DOC = ROOT / "docs" / "VALIDATION.md"
OUT = Path("outputs") / "calibration"
"""Where the command writes its runs and reports by default: under the current directory, as
``sim`` writes ``outputs/runs`` (the ensemble and the docs go into the project itself)."""
HISTORY = ["run=hindcast"]
"""The history the worlds must reproduce: 2022-01 to 2026-06, so that a milestone of late
2025 can happen a few months late and still be seen."""

CUTOFF = 3.0
"""Implausibility above which a target rules a point out (the second-largest decides)."""
DESIGN_SEED = 20260101
"""Seed of the Sobol scrambling and of the later waves' steps: the same design every time."""
MIN_STEP = 0.05
"""Smallest step of the later waves' kernel, as a share of a parameter's range."""
CLOSEST = 4
"""Worlds kept, marked not plausible, when no point passes the cut-off."""


@dataclass(frozen=True)
class Settings:
    """The size of a calibration."""

    points: int  # points per wave
    replications: int  # seeds per point, 0 to replications - 1, common to all points
    adopters: int
    waves: int

    def describe(self) -> str:
        return (f"{self.waves} waves of {self.points} points x {self.replications} replications, "
                f"{self.adopters} adopters, history 2022-01 to 2026-06")


FULL = Settings(points=256, replications=4, adopters=2000, waves=3)
QUICK = Settings(points=8, replications=2, adopters=150, waves=2)


def history(adopters: int) -> sim.ModelConfig:
    """The baseline over the history, as ``sim`` composes it."""
    return sim.compose("baseline", [*HISTORY, f"population.adopters={adopters}"])


def space(base: sim.ModelConfig) -> dict[str, PlausibleRange]:
    """The uncertainties the calibration samples: every declared range but the levers."""
    return {key: bounds for key, bounds in plausible_ranges(base).items() if not isinstance(bounds, PolicyRange)}


def _whole(base: sim.ModelConfig, keys: Sequence[str]) -> np.ndarray:
    """Which parameters are whole numbers (their values are rounded)."""
    return np.array([isinstance(get_value(base, k), int) and not isinstance(get_value(base, k), bool) for k in keys])


def to_values(ranges: dict[str, PlausibleRange], whole: np.ndarray, unit: np.ndarray) -> np.ndarray:
    """Points of the unit cube as parameter values (whole-number parameters rounded)."""
    low, high = np.array([r.bounds for r in ranges.values()]).T
    values = low + unit * (high - low)
    values[:, whole] = np.clip(np.round(values[:, whole]), np.ceil(low[whole]), np.floor(high[whole]))
    return values


def sobol(dimensions: int, points: int, seed: int = DESIGN_SEED) -> np.ndarray:
    """The first ``points`` of a scrambled Sobol sequence in the unit cube (a power-of-two
    block is drawn, so the sequence keeps its balance properties)."""
    sampler = qmc.Sobol(d=dimensions, scramble=True, seed=seed)
    return sampler.random_base2(max(0, math.ceil(math.log2(max(points, 1)))))[:points]


def resample(survivors: np.ndarray, points: int, rng: np.random.Generator) -> np.ndarray:
    """New points around survivors (unit-cube coordinates): each survivor in turn, moved by a
    normal step of the survivors' spread per parameter (at least MIN_STEP), reflected into
    the cube."""
    spread = np.maximum(survivors.std(axis=0, ddof=1) if len(survivors) > 1 else 0.0, MIN_STEP)
    centres = survivors[np.arange(points) % len(survivors)]
    moved = centres + rng.normal(0.0, 1.0, centres.shape) * spread
    moved = np.abs(moved)  # reflect at 0
    return np.where(moved > 1.0, 2.0 - moved, moved).clip(0.0, 1.0)


def configure(base: sim.ModelConfig, keys: Sequence[str], values: np.ndarray) -> sim.ModelConfig:
    """A copy of ``base`` with the parameters set, validated."""
    cfg = copy.deepcopy(base)
    for key, value in zip(keys, values):
        current = get_value(cfg, key)
        set_value(cfg, key, int(value) if isinstance(current, int) and not isinstance(current, bool) else float(value))
    return sim.validate(cfg)


# ----------------------------------------------------------------------------- running


def run_points(store: Store, base: sim.ModelConfig, keys: Sequence[str], values: np.ndarray, first: int,
               replications: int, backend: Backend, progress: bool = True) -> pd.DataFrame:
    """Run every point at every replication seed through the run store; return one row per
    run: ``point`` (numbered from ``first``), ``replication``, each target's value and the
    run's own time in seconds (``seconds``, as its status records it)."""
    configs = [configure(base, keys, row) for row in values]
    planned = [(f"point={first + i},seed={seed}", cfg, seed) for i, cfg in enumerate(configs)
               for seed in range(replications)]
    outcome = run_sweep(store, planned, launch=lambda batches: backend.map(run_batch, [(b,) for b in batches]),
                        batches=backend.workers, progress=progress)
    if not outcome.complete:
        raise RuntimeError("\n".join(outcome.lines(store)))
    specs = list(store.specs(outcome.sweep.id))
    labels = {spec.label: spec.key for spec in specs}
    directories = [str(store.run_directory(labels[label])) for label, _, _ in planned]
    measured = backend.map(_measure, [(directory,) for directory in directories])
    rows = [{"point": first + i // replications, "replication": i % replications, **m} for i, m in enumerate(measured)]
    return pd.DataFrame(rows)


def _measure(directory: str) -> dict[str, float]:
    """Every target's value in a stored run, and the run's own time (simulating and writing, s)."""
    return {**targets.measure_all(Results.from_parquet(directory)), "seconds": read_status(Path(directory)).seconds}


# ------------------------------------------------------------------------ implausibility


def implausibility(runs: pd.DataFrame, censor: float) -> pd.DataFrame:
    """Each point's implausibility for each target (points x target ids), from its runs
    (one row per replication, as :func:`run_points` returns them)."""
    rows = {}
    for point, group in runs.groupby("point"):
        rows[point] = {t.id: target_implausibility(t, group[t.id].to_numpy(dtype=float), censor)
                       for t in targets.TARGETS}
    return pd.DataFrame.from_dict(rows, orient="index")


def target_implausibility(target: targets.Target, values: np.ndarray, censor: float) -> float:
    """|mean - observed| / sqrt(observation variance + discrepancy variance + variance / n);
    infinite for a level the run does not produce in most replications."""
    stats = targets.ensemble(target, values, censor)
    if target.kind == targets.LEVEL and not targets.share_hit(stats.present / max(stats.replications, 1)):
        return math.inf
    distance = 1.0 - stats.mean if target.kind == targets.YES_NO else abs(stats.mean - target.observed)
    variance = target.observation_sd ** 2 + target.discrepancy_sd ** 2 + stats.variance / max(stats.replications, 1)
    if variance == 0:
        return 0.0 if distance == 0 else math.inf
    return float(distance / math.sqrt(variance))


def ruled_out(table: pd.DataFrame) -> pd.Series:
    """Whether each point's second-largest implausibility exceeds CUTOFF."""
    return second_largest(table) > CUTOFF


def second_largest(table: pd.DataFrame) -> pd.Series:
    """Each row's second-largest value."""
    ordered = np.sort(table.to_numpy(dtype=float), axis=1)
    return pd.Series(ordered[:, -2] if ordered.shape[1] > 1 else ordered[:, -1], index=table.index)


# ----------------------------------------------------------------------------- waves


@dataclass
class Calibration:
    """What the waves did: every point (unit coordinates and values), its runs, its
    implausibilities and wave, and the ensemble."""

    keys: list[str]
    ranges: dict[str, PlausibleRange]
    values: np.ndarray  # points x parameters
    wave: np.ndarray  # the wave of each point (1, 2, ...)
    runs: pd.DataFrame
    implausibility: pd.DataFrame  # points x targets
    censor: float
    seconds: float

    @property
    def out(self) -> pd.Series:
        return ruled_out(self.implausibility)

    def ensemble_points(self) -> tuple[list[int], bool]:
        """The ensemble's points, least implausible first, and whether they passed the
        cut-off (if none did, the CLOSEST least implausible)."""
        largest = self.implausibility.max(axis=1)
        survivors = [int(p) for p in largest[~self.out].sort_values(kind="stable").index]
        if survivors:
            return survivors, True
        closest = second_largest(self.implausibility).sort_values(kind="stable").index[:CLOSEST]
        return [int(p) for p in closest], False


def calibrate(settings: Settings, store: Path, backend: Backend, progress: bool = True) -> Calibration:
    """Run the waves of history matching into the run store at ``store``."""
    started = time.perf_counter()
    base = history(settings.adopters)
    ranges = space(base)
    keys = list(ranges)
    whole = _whole(base, keys)
    censor = targets.month_after(base.run.end)
    rng = np.random.default_rng(DESIGN_SEED)
    runs_store = Store(store)
    unit = sobol(len(keys), settings.points)
    all_unit, all_values, waves, frames, tables = [], [], [], [], []
    for wave in range(1, settings.waves + 1):
        values = to_values(ranges, whole, unit)
        first = sum(len(v) for v in all_values)
        frame = run_points(runs_store, base, keys, values, first, settings.replications, backend, progress)
        table = implausibility(frame, censor)
        all_unit.append(unit)
        all_values.append(values)
        frames.append(frame)
        tables.append(table)
        waves.append(np.full(len(values), wave))
        out = ruled_out(table)
        print(f"wave {wave}: {int(out.sum())} of {len(out)} points ruled out", flush=True)
        survivors = np.concatenate(all_unit)[~ruled_out(pd.concat(tables)).to_numpy()]
        if wave < settings.waves:
            if not len(survivors):
                print("no point survives: later waves would sample nothing", flush=True)
                break
            unit = resample(survivors, settings.points, rng)
    return Calibration(keys, ranges, np.concatenate(all_values), np.concatenate(waves),
                       pd.concat(frames, ignore_index=True), pd.concat(tables), censor,
                       time.perf_counter() - started)


# ----------------------------------------------------------------------------- outputs


def ensemble_table(result: Calibration) -> pd.DataFrame:
    """The ensemble in ``sim.worlds``' layout: one row per world and parameter."""
    points, plausible = result.ensemble_points()
    rows = [{"world": world, "key": key, "value": float(result.values[point, j]), "plausible": plausible}
            for world, point in enumerate(points) for j, key in enumerate(result.keys)]
    return pd.DataFrame(rows, columns=list(worlds.COLUMNS))


def wave_table(result: Calibration) -> pd.DataFrame:
    """Per wave: points, runs, points ruled out and their share."""
    out = result.out.to_numpy()
    rows = []
    for wave in np.unique(result.wave):
        mine = result.wave == wave
        rows.append({"wave": int(wave), "design": "Sobol over the whole space" if wave == 1 else
                     "resampled around the survivors", "points": int(mine.sum()),
                     "ruled_out": int(out[mine].sum()), "share_ruled_out": float(out[mine].mean())})
    return pd.DataFrame(rows)


def pinned_table(result: Calibration) -> pd.DataFrame:
    """Per parameter: its prior range against the ensemble's range, and the share of the prior
    width the ensemble spans (1 when the targets do not constrain it)."""
    points, _ = result.ensemble_points()
    chosen = result.values[points]
    rows = []
    for j, key in enumerate(result.keys):
        low, high = result.ranges[key].bounds
        kept_low, kept_high = float(chosen[:, j].min()), float(chosen[:, j].max())
        rows.append({"key": key, "low": low, "high": high, "ensemble_low": kept_low, "ensemble_high": kept_high,
                     "share_of_range": (kept_high - kept_low) / (high - low)})
    return pd.DataFrame(rows).sort_values(["share_of_range", "key"], kind="stable", ignore_index=True)


def in_sample(result: Calibration) -> pd.DataFrame:
    """The strict score of every target over the ensemble's runs (all worlds, all seeds)."""
    points, _ = result.ensemble_points()
    runs = result.runs[result.runs["point"].isin(points)]
    return targets.score(runs[[t.id for t in targets.TARGETS]], result.censor)


def _number(value: float) -> str:
    if math.isinf(value):
        return "inf"
    return f"{value:.3g}" if math.isfinite(value) else "—"


def score_markdown(table: pd.DataFrame) -> str:
    """A strict score table as the docs show it."""
    lines = ["| target | kind | observed | tolerance | mean ± MC error | 90% over runs | runs with it (yes) | hit |",
             "| --- | --- | --- | --- | --- | --- | --- | --- |"]
    for r in table.itertuples():
        tolerance = f"p > {targets.YES_THRESHOLD:g}" if r.kind == targets.YES_NO else f"{_number(r.tolerance)} {r.unit}"
        lines.append(f"| {r.id} | {r.kind} | {_number(r.observed)} | {tolerance} | "
                     f"{_number(r.mean)} ± {_number(r.mc_error)} | {_number(r.p05)} to {_number(r.p95)} | "
                     f"{r.present} of {r.replications} | {'hit' if r.hit else '**miss**'} |")
    return "\n".join(lines)


def results_markdown(result: Calibration, settings: Settings, commit: str) -> str:
    """The results section of docs/CALIBRATION.md."""
    points, plausible = result.ensemble_points()
    waves = wave_table(result)
    pinned = pinned_table(result)
    worst = result.implausibility.loc[points]
    runs = len(result.runs)
    lines = [
        f"Calibration of {dt.date.today().isoformat()} (code {commit}): {settings.describe()}; "
        f"{len(result.keys)} uncertainties; {runs} runs of {result.runs['seconds'].mean():.2f} s each on one "
        f"core (simulating and writing, as the runs' status records give it); this command took "
        f"{result.seconds / 60:.1f} minutes on {os.cpu_count()} cores, reading and scoring included.",
        "",
        "| wave | design | points | ruled out | share ruled out |",
        "| --- | --- | --- | --- | --- |",
        *[f"| {w.wave} | {w.design} | {w.points} | {w.ruled_out} | {w.share_ruled_out:.0%} |"
          for w in waves.itertuples()],
        "",
    ]
    if plausible:
        lines.append(f"**{len(points)} plausible worlds** (second-largest implausibility at most {CUTOFF:g}).")
    else:
        lines.append(f"**No point passes the cut-off.** The ensemble holds the {len(points)} least implausible "
                     "points, marked not plausible (`plausible` is false in the ensemble file): the model "
                     "as it stands cannot reproduce the history within the stated uncertainties.")
    counts = (result.implausibility > CUTOFF).sum().sort_values(ascending=False)
    lines += [
        "",
        "Targets that rule out most points (share of all points with implausibility above the cut-off): "
        + ", ".join(f"{k} {v / len(result.implausibility):.0%}" for k, v in counts.head(8).items()) + ".",
        "",
        "Implausibility of world 0 by target: "
        + ", ".join(f"{k} {_number(v)}" for k, v in worst.iloc[0].sort_values(ascending=False).items()) + ".",
        "",
        f"What the targets pin down{'' if plausible else ' (among the closest points, not plausible ones)'}: "
        "the ensemble's range of each parameter as a share of its prior range (1 = not constrained). "
        f"{int((pinned.share_of_range < 0.5).sum())} of {len(pinned)} parameters span less than half "
        "their prior range; the 15 most constrained:",
        "",
        "| parameter | prior range | ensemble range | share |",
        "| --- | --- | --- | --- |",
        *[f"| `{r.key}` | {r.low:.4g} to {r.high:.4g} | {r.ensemble_low:.4g} to {r.ensemble_high:.4g} | "
          f"{r.share_of_range:.2f} |" for r in pinned.head(15).itertuples()],
        "",
        "Every parameter's row is in the run's `pinned.csv`.",
    ]
    return "\n".join(lines)


def replace_section(text: str, name: str, body: str) -> str:
    """``text`` with the block between ``<!-- name: begin -->`` and ``<!-- name: end -->``
    replaced by ``body``; ValueError if the markers are missing."""
    pattern = re.compile(rf"(<!-- {name}: begin -->\n).*?(<!-- {name}: end -->)", re.S)
    if not pattern.search(text):
        raise ValueError(f"no <!-- {name}: begin --> ... <!-- {name}: end --> block")
    return pattern.sub(lambda m: m.group(1) + body + "\n" + m.group(2), text)


def _commit() -> str:
    try:
        return subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], capture_output=True,
                              text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def write_outputs(result: Calibration, settings: Settings, out: Path) -> pd.DataFrame:
    """Every point's values and implausibilities, the runs' target values, the tables and
    the report, under ``out``; returns the in-sample score."""
    out.mkdir(parents=True, exist_ok=True)
    points = pd.DataFrame(result.values, columns=result.keys)
    points.insert(0, "wave", result.wave)
    implaus = result.implausibility.add_prefix("I_").reset_index(drop=True)
    table = pd.concat([points, implaus], axis=1)
    table["second_largest"] = second_largest(result.implausibility).to_numpy()
    table["ruled_out"] = result.out.to_numpy()
    table.to_parquet(out / "points.parquet", index=False)
    result.runs.to_parquet(out / "runs.parquet", index=False)
    ensemble_table(result).to_parquet(out / "plausible_worlds.parquet", index=False)
    wave_table(result).to_csv(out / "waves.csv", index=False)
    pinned_table(result).to_csv(out / "pinned.csv", index=False)
    score = in_sample(result)
    score.to_csv(out / "targets.csv", index=False)
    report = ["# History matching", "", results_markdown(result, settings, _commit()), "",
              "## In-sample strict score over the ensemble", "", score_markdown(score), ""]
    (out / "report.md").write_text("\n".join(report))
    return score


def write_repository(result: Calibration, settings: Settings, score: pd.DataFrame) -> None:
    """The ensemble for ``scenario=calibrated``, the results of docs/CALIBRATION.md and the
    in-sample table of docs/VALIDATION.md."""
    worlds.write(ensemble_table(result))
    commit = _commit()
    for path, name, body in ((CALIBRATION_DOC, "history", results_markdown(result, settings, commit)),
                             (VALIDATION_DOC, "in-sample", score_markdown(score))):
        path.write_text(replace_section(path.read_text(encoding="utf-8"), name, body), encoding="utf-8")


def main(argv: Sequence[str] | None = None) -> None:
    """The command: every option checked, and the directories it writes made, before any run;
    a bad option or an unwritable directory ends in one line (exit 2)."""
    parser = CommandParser(prog="python -m experiments.history", description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help=f"small and fast: {QUICK.describe()}; outputs only")
    parser.add_argument("--waves", type=int, help=f"waves (default {FULL.waves})")
    parser.add_argument("--points", type=int, help=f"points per wave (default {FULL.points})")
    parser.add_argument("--replications", type=int, help=f"seeds per point (default {FULL.replications})")
    parser.add_argument("--adopters", type=int, help=f"adopters per run (default {FULL.adopters})")
    parser.add_argument("--backend", choices=BACKENDS, default=LocalCores.name,
                        help="where the runs go: this machine's cores (loky, the default) or a Ray cluster (ray)")
    parser.add_argument("--workers", type=workers_option, help="local processes, for loky (default: all cores; 1 runs in this process)")
    parser.add_argument("--address", help="the Ray cluster's address, for ray (default: the one this machine runs)")
    parser.add_argument("--store", type=path_option, help="the run store (default: OUT/store); "
                        "a re-run into it redoes only what is missing")
    parser.add_argument("--no-repository", action="store_true",
                        help="write only under --out, not the ensemble and the docs")
    parser.add_argument("--out", type=path_option, default=OUT,
                        help=f"where the report goes, in a folder per calibration (default: {OUT}, under the "
                             "current directory, as sim writes outputs/runs)")
    args = parser.parse_args(argv)
    settings = _settings(parser, args)
    try:
        history(settings.adopters)  # the model's own checks of the population, before any run
    except ConfigError as error:
        if error.key != "population.adopters":
            exit_in_one_line(parser.prog, f"bad configuration: {error}")
        parser.error(str(ConfigError("--adopters", settings.adopters, f"{error.allowed} (population.adopters)")))
    try:
        backend = backend_named(args.backend, args.workers, args.address)
    except ValueError as error:
        parser.error(str(error))
    except ClusterUnavailable as error:
        exit_in_one_line(parser.prog, str(error))
    store = args.store or args.out / "store"
    for option, directory in (("--store" if args.store else "--out", store), ("--out", args.out)):
        try:
            writable_directory(directory)
        except OSError as error:
            exit_in_one_line(parser.prog, f"cannot write into {option} {directory}: {error}")
    out = args.out / dt.datetime.now().strftime("%Y-%m-%d_%H-%M-%S")
    print(f"history matching: {settings.describe()}; runs in {store}", flush=True)
    result = calibrate(settings, store, backend)
    score = write_outputs(result, settings, out)
    if not (args.quick or args.no_repository):
        write_repository(result, settings, score)
        print(f"ensemble written to {worlds.WORLDS}; results to {CALIBRATION_DOC} and {VALIDATION_DOC}")
    print(f"{int(score['hit'].sum())} of {len(score)} targets hit over the ensemble (strict)")
    print(f"report written to {out / 'report.md'}")


def _settings(parser: argparse.ArgumentParser, args: argparse.Namespace) -> Settings:
    """The size the options give (each one given taken as given: 0 is no size), each a whole
    number of 1 or more, and a wave at most as many runs as a sweep (``sim.cli.MAX_SWEEP_RUNS``:
    a wave is one sweep of the run store)."""
    chosen = QUICK if args.quick else FULL
    sizes = {name: getattr(chosen, name) if getattr(args, name) is None else getattr(args, name)
             for name in ("points", "replications", "adopters", "waves")}
    for name, value in sizes.items():
        if value < 1:
            parser.error(str(ConfigError(f"--{name}", value, "a whole number of 1 or more")))
    runs = sizes["points"] * sizes["replications"]
    if runs > MAX_SWEEP_RUNS:
        parser.error(str(ConfigError("--points", sizes["points"], f"at most {MAX_SWEEP_RUNS:,} runs a wave with "
                                                                  f"--replications {sizes['replications']} (this "
                                                                  f"one has {runs:,})")))
    return Settings(**sizes)


if __name__ == "__main__":
    main()
