"""The command line: ``sim`` (a Hydra app), ``sim-gather`` and ``sim-scenarios``.

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

``sim --help`` is a page of this project's own (the config groups and their options, the
most used parameters with their meaning); the full configuration stays behind ``sim --cfg
job`` and Hydra's own help behind ``--hydra-help``. ``sim-scenarios`` tells the story of
every option of every group, from the header of its file.

``--batches N`` sets the number of batch jobs, for launchers with many workers (a Ray
cluster, a SLURM job array: ``docs/CLUSTER.md``). A sweep on Hydra's Ray launcher first checks
that a cluster answers at its address (``sim.cluster``), before the sweep's store is written.
"""

from __future__ import annotations

import argparse
import dataclasses
import itertools
import logging
import math
import os
import re
import sys
import textwrap
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

import hydra
from hydra.core.hydra_config import HydraConfig
from hydra.core.override_parser.overrides_parser import OverridesParser
from hydra.core.override_parser.types import Glob
from hydra.core.utils import setup_globals
from hydra.errors import HydraException
from omegaconf import DictConfig, OmegaConf

from sim.cluster import ClusterUnavailable, check_launcher_reaches_its_cluster, launcher_address
from sim.compose import (
    SCENARIOS,
    AppConfig,
    check_each_key_once,
    check_hydra_choices,
    check_overrides,
    compose,
    to_model_config,
)
from sim.config import SLUG, SLUG_RULE, ConfigError, ModelConfig
from sim.errors import exit_in_one_line
from sim.experiment import check_workers
from sim.metrics import HEADLINES, summary_column, summary_months
from sim.outputs import writable_directory
from sim.runs import config_record, run_into, workers_end_with_this_process
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

GROUPS = {
    "scenario": "the story: what the world does differently",
    "policy": "an extra policy lever on top of the scenario",
    "population": "how many adopters",
    "run": "the horizon and what is recorded",
}
"""The config groups a user picks from (``GROUP=OPTION``), in the order ``sim --help`` and
``sim-scenarios`` list them."""

HELP_PARAMETERS = (
    "seed", "population.adopters", "run.start", "run.end", "run.summary_dates",
    "adoption.price", "adoption.capability", "adoption.trust", "adoption.sovereignty",
    "capability.scarcity_elasticity", "pricing.war_intensity", "openness.distillation",
)
"""The parameters ``sim --help`` documents: those the README, the scenarios and the claims
change most."""

HELP_WIDTH = 88


@hydra.main(version_base=None, config_path=str(SCENARIOS), config_name="config")
def _app(cfg: DictConfig) -> None:
    logging.getLogger("MESA").setLevel(logging.WARNING)  # Mesa logs every step at INFO
    if "store" in cfg:  # a batch job of a sweep (see `main`)
        root = str(HydraConfig.get().sweep.dir)
        run_batch(Batch(root, cfg.store.sweep, cfg.store.batch, cfg.store.batches))
        return
    from sim.report import PAGE, REPORT_DIR, run_report

    model_cfg = to_model_config(cfg, HydraConfig.get().overrides.task)
    out = Path(HydraConfig.get().runtime.output_dir)
    try:
        results, skipped = run_into(model_cfg, out, then=run_report)
    except OSError as error:
        exit_in_one_line("sim", f"the run could not be written into {out}: {error}", 1)
    except KeyboardInterrupt:
        exit_in_one_line("sim", f"interrupted; the run in {out} is recorded failed, not finished", 130)
    if skipped:
        print(f"already finished, skipped: {out}")
        return
    print(headline_table(results.summary))
    print(f"report written to {out / REPORT_DIR / PAGE}")
    print(f"outputs written to {out}")


def headline_table(summary) -> str:
    """A short plain-text table of the headline outcomes at each summary date (shares in
    percent, each label naming its base)."""
    row = summary.iloc[0]
    lines = [f"scenario {row['scenario']}, seed {row['seed']}"]
    months = summary_months(summary)
    width = max(len(headline.label) for headline in HEADLINES.values()) + 2
    lines.append(f"{'outcome':{width}s}" + "".join(f"{month:>10s}" for month in months))
    for key, headline in HEADLINES.items():
        values = [row[summary_column(key, month)] for month in months]
        cells = ("n/a" if value != value else f"{value:.0%}" if headline.unit == "share" else f"{value:.2f}"
                 for value in values)
        lines.append(f"{headline.label:{width}s}" + "".join(f"{cell:>10s}" for cell in cells))
    return "\n".join(lines)


MAX_SWEEP_RUNS = 100_000
"""Most runs one sweep may hold: its store keeps a definition of each, and the command lists
every job before the first runs (a ``range(0,10**9)`` ran out of memory listing them)."""


def expand_sweep(overrides: list[str]) -> list[list[str]]:
    """Every job's overrides of a multirun (the cross product of the swept values).

    Each swept key is a list or a range of at least one value, naming each value once
    (``seed=0,0`` would run one seed, ``range(5,0)`` none, without a word), and the sweep holds
    at most :data:`MAX_SWEEP_RUNS` runs.
    """
    try:
        parsed = OverridesParser.create().parse_overrides(overrides)
    except HydraException as error:
        raise ConfigError("overrides", overrides, str(error).strip().splitlines()[0]) from None
    choices = []
    for override in parsed:
        key, text = override.get_key_element(), override.input_line.partition("=")[2]
        if not override.is_sweep_override():
            choices.append([override.input_line])
            continue
        if not override.is_discrete_sweep() or isinstance(override.value(), Glob):
            raise ConfigError(key, text, "a list or range sweep (a,b,c or range(0,10))")
        try:
            values = list(itertools.islice(override.sweep_string_iterator(), MAX_SWEEP_RUNS + 1))
        except ValueError as error:
            raise ConfigError(key, text, f"a list or range sweep (a,b,c or range(0,10)): {error}") from None
        if not values:
            raise ConfigError(key, text, "a sweep of at least one value")
        seen: set[str] = set()
        repeated = next((value for value in values if value in seen or seen.add(value)), None)
        if repeated is not None:
            raise ConfigError(key, text, f"a sweep naming each value once: {repeated} is given twice")
        choices.append([f"{key}={value}" for value in values])
    runs = math.prod(len(values) for values in choices)
    if runs > MAX_SWEEP_RUNS:
        raise ConfigError("overrides", " ".join(overrides), f"a sweep of at most {MAX_SWEEP_RUNS:,} runs "
                                                            f"(this one has {runs:,} or more)")
    return [list(job) for job in itertools.product(*choices)]


SEED_LIMITS = next(f for f in dataclasses.fields(AppConfig) if f.name == "seed").metadata["limits"]
"""What a seed may be (the configuration's field declares it)."""
VALUE_FLAGS = {"--config-dir": "-cd", "--config-name": "-cn", "--config-path": "-cp", "--experimental-rerun": "",
               "--cfg": "-c", "--package": "-p"}
"""Hydra's flags that take a value (``--config-dir DIR`` or ``--config-dir=DIR``; ``--cfg hydra``,
whose value is no override)."""


def check_all(
    overrides: list[str], multirun: bool, search_path: list[str] = ()
) -> tuple[list[list[str]], dict[tuple[str, ...], ModelConfig]]:
    """Compose and validate every configuration the command would run; return every job's
    overrides and the configurations composed, by their overrides other than the seed.

    ``search_path`` holds the ``hydra.searchpath`` override of a ``--config-dir``, if any.
    Seeds cannot make a configuration invalid beyond being a whole number within the seed's
    limits, so a sweep over seeds is checked once per combination of its other values
    (composing is slow).
    """
    model_overrides = [o for o in overrides if not o.lstrip("+~").startswith("hydra")]
    jobs = expand_sweep(model_overrides) if multirun else [model_overrides]
    distinct = {}
    for job in jobs:
        seeds = [o for o in job if o.startswith("seed=")]
        for seed in seeds:
            value = seed.removeprefix("seed=")
            if not value.isdigit() or not SEED_LIMITS.allows(int(value)):
                raise ConfigError("seed", value, f"a whole number from {SEED_LIMITS.low} to {SEED_LIMITS.high}")
        distinct.setdefault(tuple(o for o in job if not o.startswith("seed=")), job)
    composed: dict[tuple[str, ...], ModelConfig] = {}
    for key, job in distinct.items():
        try:
            composed[key] = compose(overrides=[*job, *search_path])
        except ConfigError as error:
            where = f" (in the job {' '.join(job)})" if multirun and len(jobs) > 1 else ""
            raise ConfigError(error.key, error.value, error.allowed + where) from None
    return jobs, composed


def main(argv: list[str] | None = None) -> None:
    """Entry point of ``sim``: its own help, or validate everything first, then hand over to Hydra."""
    argv = sys.argv[1:] if argv is None else argv
    try:
        _main(argv)
    except KeyboardInterrupt:
        exit_in_one_line("sim", "interrupted; no run was left marked finished", 130)


def _main(argv: list[str]) -> None:
    if any(a in ("-h", "--help") for a in argv):
        print(help_text())
        return
    multirun = any(a in ("-m", "--multirun") for a in argv)
    argv, batches = batches_option(argv)
    if batches is not None and not multirun:
        exit_in_one_line("sim", f"{BATCHES_OPTION} is for sweeps (sim -m ...)")
    try:
        flags, overrides = split_arguments(argv)
        hydra_overrides = [o for o in overrides if o.lstrip("+~").startswith("hydra")]
        _check_hydra_overrides(hydra_overrides, multirun)
        search_path = _search_path(flags)
        if any(a in ("-h", "--help", "--hydra-help", "--cfg", "-c", "--info", "-i") for a in flags):
            sys.argv = [sys.argv[0], *flags, *overrides]
            _app()
            return
        jobs, composed = check_all(overrides, multirun, search_path)  # the group files too
        check_each_key_once(overrides)
        _check_logging_choices(hydra_overrides)
        launcher = check_hydra_choices([*search_path, *hydra_overrides])
        if multirun and launcher is not None:
            check_launcher_reaches_its_cluster(launcher)
        if not multirun:
            directory = _run_directory(hydra_overrides, composed)
    except ConfigError as error:
        exit_in_one_line("sim", f"bad configuration: {error}")
    except ClusterUnavailable as error:
        exit_in_one_line("sim", str(error))
    except OSError as error:
        exit_in_one_line("sim", f"cannot write the run's directory: {error}")
    if multirun:
        _sweep(flags, overrides, jobs, composed, batches or os.cpu_count() or 1, launcher)
    kept = [o for o in overrides if o.lstrip("+~").split("=", 1)[0] != "hydra.run.dir"]
    sys.argv = [sys.argv[0], *flags, *kept, f"hydra.run.dir={_quoted(str(directory))}"]  # Hydra takes flags first
    try:
        with hydra_passes_its_errors_on():
            _app()
    except OSError as error:  # Hydra writing .hydra/ before the run
        exit_in_one_line("sim", f"the run could not be written into {directory}: {error}", 1)


@contextmanager
def hydra_passes_its_errors_on() -> Iterator[None]:
    """Within the block, an error of Hydra's own work for ``sim``'s app (writing a run's
    ``.hydra/`` before the run, a launcher connecting to its cluster) reaches the caller, which
    ends it in one line, where Hydra would print a traceback and exit 1: Hydra's own switch,
    ``HYDRA_FULL_ERROR``, set for the block. Errors of the app itself are its own to end."""
    before = os.environ.get("HYDRA_FULL_ERROR")
    os.environ["HYDRA_FULL_ERROR"] = "1"
    try:
        yield
    finally:
        if before is None:
            os.environ.pop("HYDRA_FULL_ERROR", None)
        else:
            os.environ["HYDRA_FULL_ERROR"] = before


def split_arguments(argv: list[str]) -> tuple[list[str], list[str]]:
    """Hydra's flags (with the values of those that take one) and the overrides."""
    flags, overrides, i = [], [], 0
    while i < len(argv):
        argument = argv[i]
        name = argument.split("=", 1)[0]
        if argument.startswith("-"):
            if name in {*VALUE_FLAGS, *VALUE_FLAGS.values()} - {""} and "=" not in argument:
                if i + 1 >= len(argv):
                    raise ConfigError(argument, "", "a value after the flag (e.g. --config-dir DIR)")
                flags += [argument, argv[i + 1]]
                i += 2
                continue
            flags.append(argument)
        else:
            overrides.append(argument)
        i += 1
    return flags, overrides


def _search_path(flags: list[str]) -> list[str]:
    """The ``hydra.searchpath`` override of a ``--config-dir DIR`` (group options come only
    from the project's tree and that directory); refuses flags that replace the tree."""
    values: dict[str, str] = {}
    for i, flag in enumerate(flags):
        name, _, value = flag.partition("=")
        long = next((f for f, short in VALUE_FLAGS.items() if name in (f, short) and name), None)
        if long:
            values[long] = value if "=" in flag else flags[i + 1]
    for flag in ("--config-path", "--config-name"):
        if flag in values:
            raise ConfigError(flag, values[flag], "not given: sim reads its own config tree (add one with --config-dir DIR)")
    if "--config-dir" not in values:
        return []
    directory = Path(values["--config-dir"]).absolute()
    if not values["--config-dir"].strip() or not directory.is_dir():
        raise ConfigError("--config-dir", values["--config-dir"], "an existing directory of config groups "
                                                                 "(e.g. DIR/scenario/<name>.yaml)")
    return [f"hydra.searchpath=[{_quoted('file://' + str(directory))}]"]


HYDRA_SETTINGS = ("hydra.run.dir", "hydra.sweep.dir", "hydra.job.name", "hydra.output_subdir", "hydra.verbose",
                  "hydra/launcher", "hydra.launcher.", "hydra/sweeper", "hydra.sweeper.max_batch_size",
                  "hydra/job_logging", "hydra/hydra_logging")
"""The settings of Hydra's own that ``sim`` takes on its command line (a key ending in ``.``
stands for every key under it): where runs and sweeps write, the name of a run's log file,
Hydra's logging option and verbosity, the launcher and the sweeper's batch size with their
parameters (checked against their schemas, ``sim.compose.check_hydra_choices``). Every other one
is refused: it would write outside the run's directory (``hydra.job_logging``'s file
handlers), run code (``hydra.callbacks``, a logging handler's factory), or undo what ``sim``
sets (``hydra.mode``, ``hydra.sweep.subdir``, ``hydra.job.chdir``, ``hydra.sweeper.params``)."""

HYDRA_NAME = re.compile(r"\.?[A-Za-z0-9][A-Za-z0-9._-]{0,63}")
"""The name of a folder inside the run's directory (``hydra.output_subdir``: ``.hydra``): one
part of a path, never ``..`` or a path of its own."""


def _check_hydra_overrides(hydra_overrides: list[str], multirun: bool) -> None:
    """Only :data:`HYDRA_SETTINGS`: no resolver reading outside the config, no empty output
    directory, names that are not paths, and the search path only through ``--config-dir``."""
    check_overrides([o for o in hydra_overrides if not o.lstrip("+~").startswith("hydra.searchpath")])
    for override in OverridesParser.create().parse_overrides(hydra_overrides):
        key, text = override.key_or_group, override.input_line.partition("=")[2]
        value = None if override.is_sweep_override() else override.value()
        if key == "hydra.searchpath":
            raise ConfigError(key, text, "given with --config-dir DIR")
        if not any(key == setting or (setting.endswith(".") and key.startswith(setting)) for setting in HYDRA_SETTINGS):
            raise ConfigError(key, text, "one of the settings of Hydra's that sim takes: "
                                         f"{', '.join(s + '*' if s.endswith('.') else s for s in HYDRA_SETTINGS)}")
        if override.is_delete() or override.is_sweep_override():
            raise ConfigError(key, text, "one value for a setting of Hydra's, not removed (sweep the model's keys)")
        if key in ("hydra.run.dir", "hydra.sweep.dir") and not str(value or "").strip():
            raise ConfigError(key, text, "a directory to write into (an empty one would be the current folder)")
        if key == ("hydra.run.dir" if multirun else "hydra.sweep.dir"):
            given_to, writes = ("single runs", "a sweep writes into hydra.sweep.dir") if multirun else \
                ("sweeps (sim -m ...)", "a run writes into hydra.run.dir")
            raise ConfigError(key, text, f"given to {given_to} only: {writes}")
        if key in WORKER_COUNTS:
            _check_worker_count(key, value)
        if key == "hydra.job.name" and not (isinstance(value, str) and SLUG.fullmatch(value)):
            raise ConfigError(key, value, f"the name of the run's log file: {SLUG_RULE}")
        if key == "hydra.output_subdir":
            if multirun:
                raise ConfigError(key, value, "given to single runs only: a sweep keeps each run's configuration "
                                              "in its store")
            if value is not None and not (isinstance(value, str) and HYDRA_NAME.fullmatch(value)):
                raise ConfigError(key, value, "null, or the name of a folder inside the run's directory (.hydra): "
                                              "not a path")


WORKER_COUNTS = ("hydra.launcher.n_jobs", "hydra.sweeper.max_batch_size")
"""Hydra's settings that count processes or jobs (joblib's workers, the jobs the sweeper hands
the launcher at once): a value Hydra's plugins refuse only once the sweep's store is written
(0, or a negative batch size), or one that starts far more processes than the machine runs."""

LOGGING_GROUPS = {
    group: tuple(sorted(path.stem for path in (Path(hydra.__file__).parent / "conf" / group).glob("*.yaml")))
    for group in ("hydra/job_logging", "hydra/hydra_logging")
}
"""The options of Hydra's logging groups (``hydra/job_logging=disabled``): those Hydra ships
(a logging file of one's own is refused, ``sim.compose.check_group_files``)."""


def _check_logging_choices(hydra_overrides: list[str]) -> None:
    """``hydra/job_logging`` and ``hydra/hydra_logging`` choose one of Hydra's options: Hydra
    would fail choosing another only after the run's directory was made (a file of one's own
    in such a group is refused before, naming the file)."""
    for override in OverridesParser.create().parse_overrides(hydra_overrides):
        key, value = override.key_or_group, override.value()
        if key in LOGGING_GROUPS and value not in LOGGING_GROUPS[key]:
            raise ConfigError(key, value, f"one of Hydra's options of {key}: {', '.join(LOGGING_GROUPS[key])}")


def _check_worker_count(key: str, value: object) -> None:
    """A number of workers or jobs, as ``sim.experiment.check_workers`` takes it (joblib's
    ``n_jobs`` also counts back from every core: -1 for all, -2 for all but one, ...; the
    sweeper's batch size may be null, Hydra's default)."""
    if value is None and key == "hydra.sweeper.max_batch_size":
        return  # Hydra's default: every job at once
    cores = os.cpu_count() or 1
    counts_back = key == "hydra.launcher.n_jobs"
    if counts_back and isinstance(value, int) and not isinstance(value, bool) and -cores <= value <= -1:
        return
    try:
        check_workers(value, key)
    except ConfigError as error:
        counted_back = f", or -1 to -{cores} (every core, every core but one, ...)" if counts_back else ""
        raise ConfigError(key, value, error.allowed + counted_back) from None


def _run_directory(hydra_overrides: list[str], composed: dict[tuple[str, ...], ModelConfig]) -> Path:
    """A single run's directory, ``hydra.run.dir`` resolved here with the run's configuration
    and made, so that a directory that cannot be written fails in one line before Hydra."""
    cfg = next(iter(composed.values()))
    template = OmegaConf.to_container(OmegaConf.load(SCENARIOS / "config.yaml").hydra.run)["dir"]
    for override in OverridesParser.create().parse_overrides(hydra_overrides):
        if override.get_key_element() == "hydra.run.dir":
            template = str(override.value())
    setup_globals()  # Hydra's resolvers, ${now:...} among them
    values = OmegaConf.create({**config_record(cfg), "seed": cfg.run.seed, "directory": template})
    return writable_directory(values.directory)


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
        exit_in_one_line("sim", f"bad option: {BATCHES_OPTION} {value!r}: a whole number of 1 or more")
    return rest, int(value)


def _sweep(
    flags: list[str], overrides: list[str], jobs: list[list[str]], composed: dict[tuple[str, ...], ModelConfig],
    batches: int, launcher: Mapping | None = None,
) -> None:
    """Define the sweep's runs in its store, run them in ``batches`` batch jobs through Hydra's launcher
    (``launcher``, its composed config, if one is chosen) with one progress bar, say what
    happened; exit 0 if every run is done, 1 if not (or if the launcher's work failed: a Ray
    cluster it cannot connect to), 2 if the sweep directory cannot be written, 130 if
    interrupted (runs being run are recorded failed, never finished)."""
    argv = [*flags, *overrides]
    hydra_overrides = [a for a in overrides if a.lstrip("+~").startswith("hydra")]
    root = _sweep_directory(hydra_overrides)
    store = Store(root)
    planned = (_planned(job, composed) for job in jobs)
    try:
        sweep = start_sweep(store, planned, batches=batches, command=" ".join(["sim", *argv]))
    except OSError as error:
        exit_in_one_line("sim", f"cannot write the sweep into {root}: {error}")
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
    interrupted, stopped = False, None
    try:
        with watching(sweep), workers_end_with_this_process(), hydra_passes_its_errors_on():
            _app()
    except KeyboardInterrupt:
        interrupted = True
    except OSError as error:  # the launcher's own work: a Ray cluster it cannot connect to, a full disk
        stopped = error
    result = outcome(sweep)
    print_lines(result.lines(store), "sim")
    if interrupted:
        exit_in_one_line("sim", f"interrupted; rerun the same command to finish the sweep in {root}", 130)
    if stopped is not None:
        cluster = launcher_address(launcher or {}) if isinstance(stopped, ConnectionError) else None
        why = f"Ray could not connect to the cluster at {cluster}: {stopped}" if cluster else str(stopped)
        exit_in_one_line("sim", f"the sweep stopped: {why}; rerun the same command to finish the sweep in {root}", 1)
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


def gather_main(argv: list[str] | None = None) -> None:
    """Entry point of ``sim-gather SWEEP_DIR``: one Parquet dataset from a sweep's runs.

    Names each run left out (not done, failed, corrupt, or stale); exits 0 when every run of
    the sweep's definition was gathered, 1 when some were left out, 2 when nothing could be.
    """
    parser = argparse.ArgumentParser(
        prog="sim-gather",
        description="Gather every finished run of a sweep into one dataset: SWEEP_DIR/gathered/ holds "
                    "summary.parquet (a row per run) and each table with the run's keys (run, scenario, "
                    "seed) in front, for pandas or DuckDB. Each run left out is named; the exit status "
                    "is 0 when every run was gathered, 1 when some were left out, 2 when none could be. "
                    "sim-report gathers by itself when needed.",
    )
    parser.add_argument("sweep", type=Path, metavar="SWEEP_DIR", help="a directory written by `sim -m ...`")
    args = parser.parse_args(sys.argv[1:] if argv is None else argv)
    try:
        gathered = gather(args.sweep)
    except NothingToGather as error:
        exit_in_one_line("sim-gather", str(error))
    except OSError as error:
        exit_in_one_line("sim-gather", f"cannot gather into {args.sweep}: {error}")
    print_lines(gathered.lines(), "sim-gather")
    if gathered.gathered < gathered.runs:
        raise SystemExit(1)


# ----------------------------------------------------------------------------- help and listings


def help_text() -> str:
    """``sim --help``: usage, examples, the config groups and their options, the most used
    parameters with their meaning, unit and default, and the options (well under 80 lines)."""
    lines = [
        "usage: sim [KEY=VALUE ...]            one run: tables, config and report in outputs/runs/",
        "       sim -m [KEY=A,B ...]           a sweep: every combination of the values given",
        "       sim --cfg job [KEY=VALUE ...]  print the composed configuration, run nothing",
        "",
        "Simulates the open-weight versus closed AI ecosystem month by month (labs, clouds,",
        "governments and adopters in eight regions), from a named scenario and any overrides.",
        "",
        "examples:",
        "  sim scenario=price_war population=small seed=3",
        "  sim -m scenario=baseline,price_war 'seed=range(0,10)' hydra/launcher=parallel",
        "  sim --cfg job scenario=us_open_push",
        "",
        "config groups (GROUP=OPTION; sim-scenarios tells each option's story):",
    ]
    for group, meaning in GROUPS.items():
        lines.append(f"  {group:<16s}{meaning}")
        options = ", ".join(group_options(group))
        lines += textwrap.wrap(
            options, HELP_WIDTH, initial_indent=" " * 18, subsequent_indent=" " * 18, break_on_hyphens=False
        )
    lines.append(f"  {'hydra/launcher':<16s}parallel: a sweep's runs on every core (Hydra's joblib launcher)")
    lines += ["", "most used parameters (KEY=VALUE; the default in brackets):"]
    for key in HELP_PARAMETERS:
        doc, unit, default = parameter_doc(key)
        text = f"{doc}{f' ({unit})' if unit else ''} [{default}]"
        lines += textwrap.wrap(
            text,
            HELP_WIDTH,
            initial_indent=f"  {key:<32s}",
            subsequent_indent=" " * 34,
            break_on_hyphens=False,
        )
    lines += [
        "  every parameter, with its meaning, unit and source: sim/config.py and docs/ODD.md;",
        "  the full configuration a command would run: sim --cfg job [KEY=VALUE ...]",
        "",
        "options:",
        "  -m, --multirun    run a sweep (finished runs in the sweep directory are skipped)",
        "  --cfg job         print the composed configuration (add --package run for one group)",
        "  --info            where Hydra looks for the configuration",
        "  --hydra-help      Hydra's own options (launchers, sweepers, logging, output directories)",
        "  -h, --help        this help",
        "",
        "related: sim-scenarios (the stories), sim-gather SWEEP_DIR, sim-report PATH, sim-claims CLAIM",
    ]
    return "\n".join(lines)


def group_options(group: str) -> list[str]:
    """The options of a config group: the names of its files in ``scenarios/``."""
    return sorted(path.stem for path in (SCENARIOS / group).glob("*.yaml"))


def parameter_doc(key: str) -> tuple[str, str, str]:
    """A parameter's meaning, unit and default, from its declaration in ``sim.config``."""
    node: object = AppConfig()
    field = None
    for part in key.split("."):
        field = next(f for f in dataclasses.fields(node) if f.name == part)
        node = getattr(node, part)
    default = ", ".join(map(str, node)) if isinstance(node, list) else str(node)
    return field.metadata["doc"], field.metadata["unit"], default


_SENTENCE_END = re.compile(r"(?<=[a-z0-9)\]])\.(?:\s|$)")
"""Where a sentence ends: a full stop after a small letter, a digit or a bracket (not after
an initial, as in "W. B. Arthur")."""


def story(path: Path) -> str:
    """A scenario file's story: the first sentence of its header comment (the comment lines
    under ``# @package``)."""
    header = []
    for line in path.read_text().splitlines():
        if not line.startswith("#"):
            break
        if not line.startswith("# @package"):
            header.append(line.lstrip("#").strip())
    text = " ".join(header).strip()
    end = _SENTENCE_END.search(text)
    return text[: end.start() + 1] if end else text


def scenarios_text(groups: list[str]) -> str:
    """``sim-scenarios``: each option of each group with its story."""
    lines = []
    for group in groups:
        lines.append(f"{group} ({GROUPS[group]}): sim {group}=NAME")
        for name in group_options(group):
            lines += textwrap.wrap(
                story(SCENARIOS / group / f"{name}.yaml"),
                HELP_WIDTH,
                initial_indent=f"  {name:<24s}",
                subsequent_indent=" " * 26,
                break_on_hyphens=False,
            )
        lines.append("")
    return "\n".join(lines).rstrip()


def scenarios_main(argv: list[str] | None = None) -> None:
    """Entry point of ``sim-scenarios [GROUP ...]``."""
    parser = argparse.ArgumentParser(
        prog="sim-scenarios",
        description="List the options of the config groups with their stories (the first sentence of "
                    "each file's header in scenarios/). Pick one with `sim GROUP=NAME`.",
    )
    parser.add_argument("groups", nargs="*", metavar="GROUP",
                        help=f"groups to list (default: all): {', '.join(GROUPS)}")
    args = parser.parse_args(sys.argv[1:] if argv is None else argv)
    unknown = [group for group in args.groups if group not in GROUPS]
    if unknown:
        parser.error(f"unknown group {', '.join(unknown)}: choose from {', '.join(GROUPS)}")
    print(scenarios_text(args.groups or list(GROUPS)))
