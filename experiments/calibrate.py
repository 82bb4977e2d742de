"""Calibrate the baseline's uncertain parameters to the dated figures (pattern-oriented).

    python -m experiments.calibrate            # full: 2 rounds of 48 points x 20 replications
    python -m experiments.calibrate --quick    # a small, fast version (tests, teaching)

Method: iterated Latin-hypercube designs (scipy.stats.qmc) over the plausible ranges of the
parameters in :data:`FITTED` (declared on their fields in ``sim/config.py``), each round
searching a box half as wide around the best point so far;
every point is run with the same replication seeds (common random
numbers) over the history (2022-01 to 2025-12); each target of
``experiments.targets`` is averaged over replications, and a point's loss is the sum of
squared distances from the observed figures in units of their tolerances (a target the
run does not produce counts as two tolerances away). The best point is written as the
scenario ``scenarios/scenario/calibrated.yaml`` (with the date and loss), and a report
(table of every target: observed, mean, 90% interval, hit or miss; plots of the dated
series with the targets marked) goes to ``outputs/calibration/<date-time>/``.
"""

from __future__ import annotations

import argparse
import copy
import datetime as dt
import json
from pathlib import Path

import numpy as np
import pandas as pd
from joblib import Parallel, delayed
from scipy.stats import qmc

import sim
from sim.config import plausible_range, set_value
from experiments.targets import NOT_MODELLED, TARGETS

ROOT = Path(__file__).resolve().parent.parent
SCENARIO = ROOT / "scenarios" / "scenario" / "calibrated.yaml"

FITTED = (
    "adoption.outside",
    "adoption.price",
    "adoption.capability",
    "adoption.trust",
    "adoption.self_host_effort",
    "openness.distillation",
    "openness.hybrid_lag",
    "capability.scarcity_elasticity",
    "capability.spend_share",
    "capability.algorithmic_growth",
    "pricing.reference_cost",
    "pricing.cost_per_eci",
    "pricing.markup.CN",
)
"""The uncertain parameters the calibration fits (no source fixes them)."""

PARAMETERS = {key: plausible_range(key).bounds for key in FITTED}
"""Each fitted parameter's search range (low, high): the plausible range its field declares."""


def history(adopters: int) -> sim.ModelConfig:
    """The baseline over the history (2022-01 to 2025-12), as ``sim`` composes it."""
    return sim.compose("baseline", [f"population.adopters={adopters}", "run.end=2025-12", "run.summary_dates=[2025-12]"])


def configure(base: sim.ModelConfig, values: dict[str, float]) -> sim.ModelConfig:
    """A copy of ``base`` with ``values`` set by dotted key, validated."""
    cfg = copy.deepcopy(base)
    for key, value in values.items():
        set_value(cfg, key, float(value))
    return sim.validate(cfg)


def evaluate(base: sim.ModelConfig, values: dict[str, float], seed: int) -> dict[str, float]:
    """Every target's value in one run."""
    results = sim.run(configure(base, values), seed=seed)
    return {t.id: t.measure(results) for t in TARGETS}


def loss(means: dict[str, float]) -> float:
    """Sum of squared misses in tolerances; a missing value counts as two tolerances."""
    total = 0.0
    for t in TARGETS:
        value = means[t.id]
        total += 4.0 if not np.isfinite(value) else ((value - t.observed) / t.tolerance) ** 2
    return total


def design(points: int, seed: int, box: dict[str, tuple[float, float]] | None = None) -> list[dict[str, float]]:
    """A Latin hypercube of ``points`` over ``box`` (default: the full parameter ranges)."""
    box = box or PARAMETERS
    sampler = qmc.LatinHypercube(d=len(box), seed=seed)
    low, high = np.array(list(box.values())).T
    return [dict(zip(box, row)) for row in qmc.scale(sampler.random(points), low, high)]


def shrink(best: dict[str, float], width: float) -> dict[str, tuple[float, float]]:
    """A box ``width`` times each parameter's full range, centred on ``best``, kept in range."""
    box = {}
    for key, (low, high) in PARAMETERS.items():
        half = (high - low) * width / 2
        centre = min(max(best[key], low + half), high - half)
        box[key] = (centre - half, centre + half)
    return box


def calibrate(points: int, replications: int, adopters: int, workers: int, rounds: int = 2) -> dict:
    """Run the rounds of designs; return every point's target values and the best point."""
    base = history(adopters)
    candidates: list[dict[str, float]] = []
    frames = []
    box = None
    for round_ in range(rounds):
        start = len(candidates)
        candidates += design(points, seed=round_, box=box)
        tasks = [(i, r) for i in range(start, len(candidates)) for r in range(replications)]
        values = Parallel(n_jobs=workers)(delayed(evaluate)(base, candidates[i], r) for i, r in tasks)
        frames.append(pd.DataFrame([{"point": i, "replication": r, **v} for (i, r), v in zip(tasks, values)]))
        runs = pd.concat(frames, ignore_index=True)
        means = runs.groupby("point")[[t.id for t in TARGETS]].mean()
        losses = means.apply(lambda row: loss(row.to_dict()), axis=1)
        best = int(losses.idxmin())
        print(f"round {round_ + 1}: best loss {losses[best]:.2f}", flush=True)
        box = shrink(candidates[best], 0.5 ** (round_ + 1))
    return {"candidates": candidates, "runs": runs, "losses": losses, "best": best}


def target_table(runs: pd.DataFrame) -> pd.DataFrame:
    """Every target against the model's mean and 90% interval over replications."""
    rows = []
    for t in TARGETS:
        values = runs[t.id].to_numpy(dtype=float)
        finite = values[np.isfinite(values)]
        mean = float(finite.mean()) if finite.size else np.nan
        low, high = (np.quantile(finite, [0.05, 0.95]) if finite.size else (np.nan, np.nan))
        hit = bool(np.isfinite(mean) and (abs(mean - t.observed) <= t.tolerance or low <= t.observed <= high))
        rows.append({"id": t.id, "figure": t.figure, "observed": t.observed, "tolerance": t.tolerance,
                     "unit": t.unit, "mean": mean, "p05": low, "p95": high,
                     "missing_runs": int(values.size - finite.size), "hit": hit, "why": t.why})
    return pd.DataFrame(rows)


def write_scenario(values: dict[str, float], table: pd.DataFrame, best_loss: float, settings: str) -> None:
    hits = int(table["hit"].sum())
    lines = [
        "# @package _global_",
        "# Calibrated baseline: the baseline with its uncertain parameters fitted to the dated",
        f"# figures of the domain brief by experiments/calibrate.py on {dt.date.today().isoformat()}:",
        f"# {settings}.",
        f"# Loss {best_loss:.2f}; {hits} of {len(table)} targets hit. The baseline's defaults",
        "# (sim/config.py) carry these values; docs/VALIDATION.md discusses hits and misses.",
        "run:",
        "  scenario: calibrated",
    ]
    sections: dict[str, list[str]] = {}
    for key, value in values.items():
        section, name, *item = key.split(".")
        entry = f"  {name}: {{{item[0]}: {float(value):.4g}}}" if item else f"  {name}: {float(value):.4g}"
        sections.setdefault(section, []).append(entry)
    for section, entries in sections.items():
        lines += [f"{section}:", *entries]
    SCENARIO.write_text("\n".join(lines) + "\n")


def plot_series(values: dict[str, float], adopters: int, replications: int, out: Path) -> list[Path]:
    """Dated series of the calibrated model (median, 50% and 90% bands) with targets marked."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from sim import plots

    base = history(adopters)
    results = [sim.run(configure(base, values), seed=r) for r in range(replications)]
    paths = []

    def band(ax, frames, column, label):
        runs = pd.concat([frame[["date", column]] for frame in frames])  # one row per run and date
        plots.draw_bands(ax, plots.quantiles_over_runs(runs, column), label=label)

    fig, ax = plt.subplots(figsize=(7, 3.5))
    band(ax, [r.markets[r.markets.region == "world"] for r in results], "china_lag_months", "China's lag (model)")
    band(ax, [r.markets[r.markets.region == "world"] for r in results], "open_lag_months", "open models' lag (model)")
    ax.axhspan(4, 14, color="grey", alpha=0.1, label="T16: 4-14 months, mean 7")
    ax.axhline(3.5, ls="--", color="k", lw=0.8, label="T15: open lag 3.5 months")
    ax.set(title="Lags behind the frontier", ylabel="months", xlabel="date")
    ax.legend(fontsize=7)
    paths.append(_save(fig, out / "lags.png"))

    fig, ax = plt.subplots(figsize=(7, 3.5))
    for group in ("global_north", "global_south"):
        band(ax, [r.markets[r.markets.region == group] for r in results], "adopting", group.replace("_", " "))
    ax.scatter([pd.Timestamp("2025-12-01")] * 2, [0.247, 0.141], color="k", zorder=3, label="T21 (2025)")
    ax.set(title="Share of adopters using a model", ylabel="share", xlabel="date")
    ax.legend(fontsize=7)
    paths.append(_save(fig, out / "adoption.png"))

    fig, ax = plt.subplots(figsize=(7, 3.5))
    frames = []
    for r in results:
        d = r.open_models.groupby(["date", "origin"], observed=True)["downloads"].sum().unstack().fillna(0.0)
        frames.append(pd.DataFrame({"date": d.index, "cn": (d.get("CN", 0) / (d.get("CN", 0) + d.get("US", 0))).to_numpy()}))
    band(ax, frames, "cn", "Chinese share of CN+US open downloads")
    ax.axvline(pd.Timestamp("2025-11-01"), color="k", ls="--", lw=0.8, label="T2: CN passes US, 2025-11")
    ax.axhline(0.5, color="grey", lw=0.5)
    ax.set(title="Open-model downloads by origin", ylabel="share", xlabel="date")
    ax.legend(fontsize=7)
    paths.append(_save(fig, out / "downloads.png"))

    fig, ax = plt.subplots(figsize=(7, 3.5))
    for lab in ("openai", "deepseek"):
        band(ax, [r.labs[r.labs.lab == lab] for r in results], "price", lab)
    ax.scatter([pd.Timestamp("2023-03-01"), pd.Timestamp("2024-12-01")], [37.5, 0.48], color="k", zorder=3,
               label="T18: GPT-4 2023-03, DeepSeek-V3 2024-12")
    ax.set(title="API prices", ylabel="US$ per million tokens (log)", xlabel="date", yscale="log")
    ax.legend(fontsize=7)
    paths.append(_save(fig, out / "prices.png"))
    return paths


def _save(fig, path: Path) -> Path:
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    import matplotlib.pyplot as plt

    plt.close(fig)
    return path


def report(result: dict, table: pd.DataFrame, settings: str, figures: list[Path], out: Path) -> Path:
    best = result["best"]
    values = result["candidates"][best]
    lines = [
        "# Calibration report",
        "",
        f"{dt.datetime.now().isoformat(timespec='minutes')}: {settings}. Method: iterated Latin hypercubes "
        f"over {len(PARAMETERS)} parameters, common replication seeds, loss = sum of squared misses in "
        "tolerances.",
        "",
        f"Best point: loss {result['losses'][best]:.2f} (worst {result['losses'].max():.2f}); "
        f"{int(table['hit'].sum())} of {len(table)} targets hit.",
        "",
        "| parameter | range | range rests on | fitted |",
        "| --- | --- | --- | --- |",
        *[f"| `{k}` | {lo:g}-{hi:g} | {plausible_range(k).basis} | {values[k]:.4g} |" for k, (lo, hi) in PARAMETERS.items()],
        "",
        "| target | figure | observed | tolerance | model mean | 90% interval | hit |",
        "| --- | --- | --- | --- | --- | --- | --- |",
        *[f"| {r.id} | {r.figure} | {r.observed:.3g} | {r.tolerance:.3g} {r.unit} | {r.mean:.3g} | "
          f"{r.p05:.3g} to {r.p95:.3g} | {'hit' if r.hit else '**miss**'} |" for r in table.itertuples()],
        "",
        "Not modelled: " + "; ".join(f"{k}: {v}" for k, v in NOT_MODELLED.items()) + ".",
        "",
        *[f"![{p.stem}]({p.name})" for p in figures],
    ]
    path = out / "report.md"
    path.write_text("\n".join(lines) + "\n")
    return path


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="6 points x 2 replications, 300 adopters")
    parser.add_argument("--points", type=int, help="points of each round's Latin hypercube (default 48)")
    parser.add_argument("--replications", type=int, help="replications per point (default 20)")
    parser.add_argument("--adopters", type=int, help="adopters per run (default 2000)")
    parser.add_argument("--workers", type=int, default=2, help="parallel processes (default 2)")
    parser.add_argument("--rounds", type=int, default=2, help="design rounds, each around the best (default 2)")
    parser.add_argument("--no-scenario", action="store_true", help="do not write calibrated.yaml")
    parser.add_argument("--out", type=Path, default=ROOT / "outputs" / "calibration")
    args = parser.parse_args(argv)
    quick = (6, 2, 300) if args.quick else (48, 20, 2000)
    points = args.points or quick[0]
    replications = args.replications or quick[1]
    adopters = args.adopters or quick[2]
    for name, value in (("points", points), ("replications", replications), ("adopters", adopters)):
        if value < 1:
            parser.error(f"--{name} must be at least 1 (got {value})")
    settings = (f"{args.rounds} rounds of {points} points x {replications} replications, {adopters} adopters, "
                "history 2022-01..2025-12")
    out = args.out / dt.datetime.now().strftime("%Y-%m-%d_%H-%M-%S")
    out.mkdir(parents=True, exist_ok=True)
    print(f"calibrating: {settings}", flush=True)
    result = calibrate(points, replications, adopters, args.workers, args.rounds)
    best = result["best"]
    runs = result["runs"]
    table = target_table(runs[runs["point"] == best])
    values = result["candidates"][best]
    figures = plot_series(values, adopters, min(replications, 10), out)
    runs.to_parquet(out / "runs.parquet", index=False)
    table.to_csv(out / "targets.csv", index=False)
    (out / "fitted.json").write_text(json.dumps({"values": values, "loss": float(result["losses"][best])}, indent=2))
    path = report(result, table, settings, figures, out)
    if not args.no_scenario:
        write_scenario(values, table, float(result["losses"][best]), settings)
        print(f"calibrated scenario written to {SCENARIO}")
    print(table[["id", "observed", "mean", "p05", "p95", "hit"]].to_string(index=False))
    print(f"report written to {path}")


if __name__ == "__main__":
    main()
