"""The command line: ``sim`` (a Hydra app) and ``sim-gather``.

``sim scenario=price_war population=small seed=3`` runs once and writes its tables and
its report (``sim.report``) into Hydra's run directory; ``sim -m scenario=baseline,price_war
'seed=range(0,10)'`` sweeps into a run store (``sim.store``; add ``hydra/launcher=parallel``,
Hydra's joblib launcher, to use every core; ``sim-report SWEEP_DIR`` then reports on the
sweep). Every configuration a command would run is composed and validated before the
first simulation starts, so a bad value fails at once with one message naming the key, the
value and what is allowed.

A sweep composes each distinct configuration once, here, and writes the runs' definitions
into the store in the sweep directory; Hydra's launcher (any: basic, joblib, ...) then
runs batch jobs (a sweep over batch numbers), each working through the store's runs with
no composing of its own. Finished runs that still match their checksums are skipped, so a
sweep re-run into its directory (``hydra.sweep.dir=...``) redoes only what is missing.
``--batches N`` sets the number of batch jobs, for launchers with many workers (a Ray
cluster, a SLURM job array: ``docs/CLUSTER.md``).
"""

from __future__ import annotations

import itertools
import logging
import os
import sys
from pathlib import Path

import hydra
from hydra.core.hydra_config import HydraConfig
from hydra.core.override_parser.overrides_parser import OverridesParser
from hydra.core.utils import setup_globals
from omegaconf import DictConfig, OmegaConf

from sim.compose import SCENARIOS, compose, to_model_config
from sim.config import ConfigError, ModelConfig
from sim.metrics import HEADLINES, summary_column, summary_months
from sim.runs import run_into
from sim.store import (
    BATCHES,
    Batch,
    NothingToGather,
    Store,
    gather,
    outcome,
    print_lines,
    run_batch,
    start_sweep,
    watching,
)


@hydra.main(version_base=None, config_path=str(SCENARIOS), config_name="config")
def _app(cfg: DictConfig) -> None:
    logging.getLogger("MESA").setLevel(logging.WARNING)  # Mesa logs every step at INFO
    if "store" in cfg:  # a batch job of a sweep (see `main`)
        root = str(HydraConfig.get().sweep.dir)
        run_batch(Batch(root, cfg.store.sweep, cfg.store.batch, cfg.store.batches))
        return
    from sim.report import PAGE, REPORT_DIR, run_report

    model_cfg = to_model_config(cfg)
    out = Path(HydraConfig.get().runtime.output_dir)
    try:
        results, skipped = run_into(model_cfg, out, then=run_report)
    except OSError as error:
        print(f"sim: the run could not be written into {out}: {error}", file=sys.stderr)
        raise SystemExit(1) from None
    if skipped:
        print(f"already finished, skipped: {out}")
        return
    print(headline_table(results.summary))
    print(f"report written to {out / REPORT_DIR / PAGE}")
    print(f"outputs written to {out}")


def headline_table(summary) -> str:
    """A short plain-text table of the headline outcomes at each summary date."""
    row = summary.iloc[0]
    lines = [f"scenario {row['scenario']}, seed {row['seed']}"]
    months = summary_months(summary)
    lines.append(f"{'outcome':52s}" + "".join(f"{month:>10s}" for month in months))
    for key, (label, *_) in HEADLINES.items():
        values = [row[summary_column(key, month)] for month in months]
        lines.append(f"{label:52s}" + "".join(f"{v:10.2f}" for v in values))
    return "\n".join(lines)


def expand_sweep(overrides: list[str]) -> list[list[str]]:
    """Every job's overrides of a multirun (the cross product of the swept values)."""
    choices = []
    for override in OverridesParser.create().parse_overrides(overrides):
        key = override.get_key_element()
        if override.is_sweep_override():
            if not override.is_discrete_sweep():
                raise ConfigError(key, override.input_line, "a list or range sweep (a,b,c or range(0,10))")
            choices.append([f"{key}={value}" for value in override.sweep_string_iterator()])
        else:
            choices.append([override.input_line])
    return [list(job) for job in itertools.product(*choices)]


def check_all(
    overrides: list[str], multirun: bool
) -> tuple[list[list[str]], dict[tuple[str, ...], ModelConfig]]:
    """Compose and validate every configuration the command would run; return every job's
    overrides and the configurations composed, by their overrides other than the seed.

    Seeds cannot make a configuration invalid beyond being a whole number >= 0, so a sweep
    over seeds is checked once per combination of its other values (composing is slow).
    """
    model_overrides = [o for o in overrides if not o.lstrip("+~").startswith("hydra")]
    jobs = expand_sweep(model_overrides) if multirun else [model_overrides]
    distinct = {}
    for job in jobs:
        seeds = [o for o in job if o.startswith("seed=")]
        for seed in seeds:
            value = seed.removeprefix("seed=")
            if not value.isdigit():
                raise ConfigError("seed", value, "a whole number >= 0")
        distinct.setdefault(tuple(o for o in job if not o.startswith("seed=")), job)
    composed: dict[tuple[str, ...], ModelConfig] = {}
    for key, job in distinct.items():
        try:
            composed[key] = compose(overrides=job)
        except ConfigError as error:
            where = f" (in the job {' '.join(job)})" if multirun and len(jobs) > 1 else ""
            raise ConfigError(error.key, error.value, error.allowed + where) from None
    return jobs, composed


def main(argv: list[str] | None = None) -> None:
    """Entry point of ``sim``: validate everything first, then hand over to Hydra."""
    argv = sys.argv[1:] if argv is None else argv
    multirun = any(a in ("-m", "--multirun") for a in argv)
    argv, batches = batches_option(argv)
    if batches is not None and not multirun:
        print(f"sim: {BATCHES_OPTION} is for sweeps (sim -m ...)", file=sys.stderr)
        raise SystemExit(2)
    if not any(a in ("-h", "--help", "--hydra-help", "--cfg", "-c", "--info", "-i") for a in argv):
        overrides = [a for a in argv if not a.startswith("-")]
        try:
            jobs, composed = check_all(overrides, multirun)
        except ConfigError as error:
            print(f"sim: bad configuration: {error}", file=sys.stderr)
            raise SystemExit(2) from None
        except Exception as error:  # Hydra's own messages (unknown option, type errors) are clear
            print(f"sim: {_with_causes(error)}", file=sys.stderr)
            raise SystemExit(2) from None
        if multirun:
            _sweep(argv, jobs, composed, batches or os.cpu_count() or 1)
    sys.argv = [sys.argv[0], *argv]
    _app()


BATCHES_OPTION = "--batches"
"""``sim -m ... --batches N``: cut the sweep into N batch jobs (this machine's number of cores by
default), so that a launcher with more workers (a Ray cluster, a SLURM job array) keeps each
busy; a batch that finishes its share takes runs no batch has started."""


def batches_option(argv: list[str]) -> tuple[list[str], int | None]:
    """The command line without ``--batches N`` (or ``--batches=N``), and N (None if not given);
    exits 2, saying what is allowed, when N is not a whole number of 1 or more."""
    rest, value = [], None
    tokens = iter(argv)
    for token in tokens:
        if token == BATCHES_OPTION:
            value = next(tokens, "")
        elif token.startswith(f"{BATCHES_OPTION}="):
            value = token.split("=", 1)[1]
        else:
            rest.append(token)
    if value is None:
        return rest, None
    if not value.isdigit() or int(value) < 1:
        print(f"sim: bad option: {BATCHES_OPTION} {value!r}: a whole number of 1 or more", file=sys.stderr)
        raise SystemExit(2)
    return rest, int(value)


def _sweep(argv: list[str], jobs: list[list[str]], composed: dict[tuple[str, ...], ModelConfig],
           batches: int) -> None:
    """Define the sweep's runs in its store, run them in ``batches`` batch jobs through Hydra's
    launcher with one progress bar, say what happened; exit 0 if every run is done, 1 if not,
    2 if the sweep directory cannot be written."""
    flags = [a for a in argv if a.startswith("-")]
    hydra_overrides = [a for a in argv if not a.startswith("-") and a.lstrip("+~").startswith("hydra")]
    root = _sweep_directory(hydra_overrides)
    store = Store(root)
    planned = (_planned(job, composed) for job in jobs)
    try:
        sweep = start_sweep(store, planned, batches=batches, command=" ".join(["sim", *argv]))
    except OSError as error:
        print(f"sim: cannot write the sweep into {root}: {error}", file=sys.stderr)
        raise SystemExit(2) from None
    replaced = ("hydra.sweep.dir", "hydra.sweep.subdir", "hydra.output_subdir")
    passed_on = [o for o in hydra_overrides if o.split("=", 1)[0] not in replaced]
    sys.argv = [
        sys.argv[0], *flags, *passed_on,
        f"hydra.sweep.dir={_quoted(str(root))}",
        f"hydra.sweep.subdir={BATCHES}/{sweep.id}/${{hydra.job.num}}",  # where each batch keeps its log
        "hydra.output_subdir=null",  # a batch's composed config says nothing the store does not
        f"+store.sweep={sweep.id}", f"+store.batches={len(sweep.batches)}",
        f"+store.batch=range(0,{len(sweep.batches)})",
    ]
    _skip_the_sweepers_second_check()
    with watching(sweep):
        _app()
    result = outcome(sweep)
    print_lines(result.lines(store), "sim")
    print(f"outputs written to {root}")
    raise SystemExit(0 if result.complete else 1)


def _planned(job: list[str], composed: dict[tuple[str, ...], ModelConfig]) -> tuple[str, ModelConfig, int]:
    """A job's label (its overrides, as Hydra names a job's directory), configuration and seed.

    The configuration was composed for the first job with the same overrides but the seed;
    ``seed=`` sets ``run.seed`` unless ``run.seed`` is set itself.
    """
    cfg = composed[tuple(o for o in job if not o.startswith("seed="))]
    seeds = [o.removeprefix("seed=") for o in job if o.startswith("seed=")]
    fixed = any(o.lstrip("+").startswith("run.seed=") for o in job)
    return ",".join(sorted(job)), cfg, cfg.run.seed if fixed or not seeds else int(seeds[-1])


def _sweep_directory(hydra_overrides: list[str]) -> Path:
    """The sweep directory, ``hydra.sweep.dir`` as given or as the config tree sets it,
    resolved here (the time in its name included) so that every batch finds one store."""
    template = OmegaConf.to_container(OmegaConf.load(SCENARIOS / "config.yaml").hydra.sweep)["dir"]
    for override in OverridesParser.create().parse_overrides(hydra_overrides):
        if override.get_key_element() == "hydra.sweep.dir":
            template = str(override.value())
    setup_globals()  # Hydra's resolvers, ${now:...} among them
    return Path(OmegaConf.to_container(OmegaConf.create({"dir": template}), resolve=True)["dir"]).absolute()


def _quoted(value: str) -> str:
    """A value for a Hydra override, quoted so that any character is taken as it is."""
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"


def _skip_the_sweepers_second_check() -> None:
    """Stop Hydra's sweeper composing every batch job again before launching them.

    ``check_all`` has just composed and validated every configuration the sweep will run,
    and a batch job's own configuration holds nothing to check; the sweeper's check would
    compose each batch once more, one after another in this process (about 0.2 s each).
    """
    from hydra.plugins.sweeper import Sweeper

    Sweeper.validate_batch_is_legal = lambda self, batch: None


def _with_causes(error: BaseException) -> str:
    """An error's message followed by those of its causes (Hydra nests the useful one)."""
    messages = []
    while error is not None:
        text = str(error).strip()
        if text and text not in messages and "$VALUE" not in text:
            messages.append(text)
        error = error.__cause__ or error.__context__
    return "\n".join(messages)


def gather_main(argv: list[str] | None = None) -> None:
    """Entry point of ``sim-gather SWEEP_DIR``: one Parquet dataset from a sweep's runs.

    Names each run left out (not done, failed, corrupt, or stale); exits 0 when every run of
    the sweep's definition was gathered, 1 when some were left out, 2 when nothing could be.
    """
    argv = sys.argv[1:] if argv is None else argv
    if len(argv) != 1 or argv[0].startswith("-"):
        print("usage: sim-gather SWEEP_DIR   (a directory written by `sim -m ...`)", file=sys.stderr)
        raise SystemExit(2)
    try:
        gathered = gather(Path(argv[0]))
    except NothingToGather as error:
        print(f"sim-gather: {error}", file=sys.stderr)
        raise SystemExit(2) from None
    except OSError as error:
        print(f"sim-gather: cannot gather into {Path(argv[0])}: {error}", file=sys.stderr)
        raise SystemExit(2) from None
    print_lines(gathered.lines(), "sim-gather")
    if gathered.gathered < gathered.runs:
        raise SystemExit(1)
