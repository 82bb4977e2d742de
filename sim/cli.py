"""The command line: ``sim`` (a Hydra app) and ``sim-gather``.

``sim scenario=price_war population=small seed=3`` runs once and writes its tables and
its report (``sim.report``) into Hydra's run directory; ``sim -m scenario=baseline,price_war
'seed=range(0,10)'`` sweeps (add ``hydra/launcher=parallel``, Hydra's joblib launcher
sending jobs ten at a time, to use every core; ``sim-report SWEEP_DIR`` then reports on
the sweep). Every configuration a command would run is composed and validated
before the first simulation starts, so a bad value fails at once with one message naming
the key, the value and what is allowed.
"""

from __future__ import annotations

import itertools
import logging
import os
import sys
from pathlib import Path

import hydra
from hydra.core.hydra_config import HydraConfig
from hydra.types import RunMode
from hydra.core.override_parser.overrides_parser import OverridesParser
from omegaconf import DictConfig

from sim.compose import SCENARIOS, to_model_config
from sim.config import ConfigError
from sim.metrics import HEADLINES, summary_column, summary_months
from sim.runs import finished_runs, gather, run_into

SWEEP_TOTAL = "SIM_SWEEP_TOTAL"
"""Environment variable through which ``main`` tells sweep jobs how many runs there are."""


@hydra.main(version_base=None, config_path=str(SCENARIOS), config_name="config")
def _app(cfg: DictConfig) -> None:
    logging.getLogger("MESA").setLevel(logging.WARNING)  # Mesa logs every step at INFO
    model_cfg = to_model_config(cfg)
    out = Path(HydraConfig.get().runtime.output_dir)
    results, skipped = run_into(model_cfg, out)
    if skipped:
        print(f"already finished, skipped: {out}")
        return
    print(headline_table(results.summary))
    if HydraConfig.get().mode == RunMode.RUN:  # a sweep's jobs leave the report to `sim-report SWEEP_DIR`
        from sim.report import build_report

        print(f"report written to {build_report(out)}")
    print(f"outputs written to {out}")
    total = os.environ.get(SWEEP_TOTAL)
    if total and HydraConfig.get().mode == RunMode.MULTIRUN:
        done = len(finished_runs(Path(HydraConfig.get().sweep.dir)))
        print(f"sweep progress: {done} of {total} runs finished")


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


def check_all(overrides: list[str], multirun: bool) -> int:
    """Compose and validate every configuration the command would run; return their count.

    Seeds cannot make a configuration invalid beyond being a whole number >= 0, so a sweep
    over seeds is checked once per combination of its other values (composing is slow).
    """
    from hydra import compose, initialize_config_dir

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
    with initialize_config_dir(config_dir=str(SCENARIOS), version_base=None):
        for job in distinct.values():
            try:
                to_model_config(compose(config_name="config", overrides=job))
            except ConfigError as error:
                where = f" (in the job {' '.join(job)})" if multirun and len(jobs) > 1 else ""
                raise ConfigError(error.key, error.value, error.allowed + where) from None
    return len(jobs)


def main(argv: list[str] | None = None) -> None:
    """Entry point of ``sim``: validate everything first, then hand over to Hydra."""
    argv = sys.argv[1:] if argv is None else argv
    multirun = any(a in ("-m", "--multirun") for a in argv)
    if not any(a in ("-h", "--help", "--hydra-help", "--cfg", "-c", "--info", "-i") for a in argv):
        overrides = [a for a in argv if not a.startswith("-")]
        try:
            jobs = check_all(overrides, multirun)
        except ConfigError as error:
            print(f"sim: bad configuration: {error}", file=sys.stderr)
            raise SystemExit(2) from None
        except Exception as error:  # Hydra's own messages (unknown option, type errors) are clear
            print(f"sim: {_with_causes(error)}", file=sys.stderr)
            raise SystemExit(2) from None
        if multirun:
            print(f"sim: {jobs} runs to do (finished ones in the sweep directory are skipped)")
            os.environ[SWEEP_TOTAL] = str(jobs)  # inherited by launcher workers
            _skip_the_sweepers_second_check()
    sys.argv = [sys.argv[0], *argv]
    _app()


def _skip_the_sweepers_second_check() -> None:
    """Stop Hydra's sweeper composing every job again before launching them.

    ``check_all`` has just composed and validated every configuration the sweep will run;
    the sweeper's own check would compose each job once more, one after another in this
    process (about 0.2 s a job), which caps how much faster a sweep gets on more workers.
    The launcher still composes each job, in its worker.
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
    """Entry point of ``sim-gather SWEEP_DIR``: one Parquet dataset from a sweep's runs."""
    argv = sys.argv[1:] if argv is None else argv
    if len(argv) != 1 or argv[0].startswith("-"):
        print("usage: sim-gather SWEEP_DIR   (a directory written by `sim -m ...`)", file=sys.stderr)
        raise SystemExit(2)
    try:
        out = gather(Path(argv[0]))
    except FileNotFoundError as error:
        print(f"sim-gather: {error}", file=sys.stderr)
        raise SystemExit(2) from None
    print(f"gathered into {out}")
