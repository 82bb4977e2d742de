"""The audit of bad inputs, as a table: every kind of bad input a demanding user might give,
through the command line (overrides and flags), scenario files and the Python API, must be
refused before any simulation, in one line naming the key, and write nothing.

Each case is classified as ``refused`` (a ConfigError, or ``sim`` exiting 2 with one line
``sim: bad configuration: KEY=...``), ``traceback`` (any other error escaping), ``accepted``
(the command would have run, or the API validated it) or ``other`` (an exit with anything
else); the suite demands ``refused`` for every case. Also here: the memory estimate bounds
a run's real peak, a "billion laughs" file fails fast in bounded memory, and a hypothesis
fuzz test over values and override strings.
"""

from __future__ import annotations

import copy
import dataclasses
import json
import math
import resource
import subprocess
import sys
import textwrap
import time
import tracemalloc
import typing
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import sim
import sim.cli
import sim.experiment
from sim import runs
from tests.processes import SIM
from tests.test_cli import mounted_tmpfs, read_only_directory  # noqa: F401 - a fixture
from sim.compose import check_config_files
from sim.config import ConfigError, memory_needed, validate


@dataclass(frozen=True)
class Case:
    """One bad input: how it is given, the input, and the key its refusal must name."""

    how: str  # "cli" (the arguments of `sim`), "file" (a scenario file's text) or "api"
    given: object  # a list of arguments, a file's text, or a function of nothing
    key: str

    def __str__(self) -> str:
        return f"{self.how}:{self.given if self.how != 'api' else self.given.__doc__}"


def cli(*args: str, key: str) -> Case:
    return Case("cli", list(args), key)


def file(text: str, key: str = "scenario") -> Case:
    return Case("file", textwrap.dedent(text), key)


def api(key: str):
    """A case of the Python API: the decorated function does the bad thing (its docstring
    names the case)."""
    return lambda function: Case("api", function, key)


def changed(change: Callable[[sim.ModelConfig], object]) -> Callable[[], object]:
    def attempt():
        cfg = sim.default_config()
        change(cfg)
        return validate(cfg)
    return attempt


LAUGHS_SMALL = "# @package _global_\n" + "a0: &a0 [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]\n" for i in range(1, 6)
)  # 9^6 nodes expanded: beyond the limit, yet small enough to expand (the audit before the limit)

CLI_CASES = [
    cli("adoption.price=abc", key="adoption.price"),
    cli("adoption.price=[1,2]", key="adoption.price"),
    cli("adoption.price={a: 1}", key="adoption.price"),
    cli("adoption.price=nan", key="adoption.price"),
    cli("adoption.trust=inf", key="adoption.trust"),
    cli("adoption.trust=-inf", key="adoption.trust"),
    cli("adoption.price=1e400", key="adoption.price"),
    cli("adoption.revision=1.5", key="adoption.revision"),
    cli("adoption.capability=1000", key="adoption.capability"),
    cli("adoption.need_width=0", key="adoption.need_width"),
    cli("adoption.risk.XX=0.1", key="adoption.risk"),
    cli("adoption.pricee=1", key="adoption.pricee"),
    cli("adoption=5", key="adoption"),
    cli("scenario=nope", key="scenario"),
    cli("scenario=../../somewhere/file", key="scenario"),
    cli("scenario=/etc/passwd", key="scenario"),
    cli("population=../huge", key="population"),
    cli("run=/etc/hosts", key="run"),
    cli("policy=nope", key="policy"),
    cli("hydra/launcher=../../x", key="hydra/launcher"),
    cli("-m", "seed=0,1", "hydra/launcher=nonexistent", key="hydra/launcher"),
    cli("-m", "seed=0,1", "hydra/launcher=parallel", "hydra.launcher.n_jobs=abc", key="hydra.launcher.n_jobs"),
    cli("-m", "seed=0,1", "hydra/launcher=parallel", "+hydra.launcher.n_jobz=2", key="hydra.launcher.n_jobz"),
    cli("-m", "seed=0,1", "hydra/launcher=parallel", "hydra.launcher._target_=os.system",
        key="hydra.launcher._target_"),
    cli("run.end=2021-06", key="run.end"),
    cli("run.end=2022-01", key="run.end"),
    cli("run.start=2022-13", key="run.start"),
    cli("run.start=abc", key="run.start"),
    cli("run.summary_dates=[]", key="run.summary_dates"),
    cli("run.summary_dates=[2040-01]", key="run.summary_dates[0]"),
    cli("run.events=maybe", key="run.events"),
    cli("run.adopter_snapshots=abc", key="run.adopter_snapshots"),
    cli("run.adopter_snapshots=2", key="run.adopter_snapshots"),
    cli("run.events=0", key="run.events"),
    cli("run.scenario=${oc.env:HOME}", key="run.scenario"),
    cli("run.scenario=/../../tmp/x", key="run.scenario"),
    cli("run.scenario=a/b", key="run.scenario"),
    cli("run.scenario=''", key="run.scenario"),
    cli("run.scenario=Price_War", key="run.scenario"),
    cli(f"run.scenario={'x' * 65}", key="run.scenario"),
    cli("run.scenario=${oc.decode:'1'}", key="run.scenario"),
    cli("adoption.price=${oc.env:PRICE}", key="adoption.price"),
    cli("seed=99999999999999999999", key="seed"),
    cli("seed=-1", key="seed"),
    cli("seed=abc", key="seed"),
    cli("seed=1.5", key="seed"),
    cli("seed=", key="seed"),
    cli("run.seed=-1", key="run.seed"),
    cli("population.adopters=30000000", key="population.adopters"),
    cli("population.adopters=5", key="population.adopters"),
    cli("population.adopters=0", key="population.adopters"),
    cli("population.adopters=-100", key="population.adopters"),
    cli("population.adopters=1e9", key="population.adopters"),
    cli("population.adopters=500.7", key="population.adopters"),
    cli("population.represents=0", key="population.represents"),
    cli("population.peers=-1", key="population.peers"),
    cli("population.peers=100000", key="population.peers"),
    cli("population.network=grid", key="population.network"),
    cli("+population.kinds.robot=0.1", key="population.kinds.robot"),
    cli("population.kinds.firm=0.9", key="population.kinds"),
    cli("population.cross_region=2", key="population.cross_region"),
    cli("+population.adoptrs=5", key="population.adoptrs"),
    cli("+adoptio.price=1", key="adoptio"),
    cli("capability.hardware_price=0", key="capability.hardware_price"),
    cli("capability.eci_per_decade=0", key="capability.eci_per_decade"),
    cli("capability.domestic_supply_month=x", key="capability.domestic_supply_month"),
    cli("openness.ecosystem_half_life=0", key="openness.ecosystem_half_life"),
    cli("developers.size=0", key="developers.size"),
    cli("developers.represents=0", key="developers.represents"),
    cli("developers.default_sizes=[]", key="developers.default_sizes"),
    cli("developers.reference_size=0", key="developers.reference_size"),
    cli("pricing.subsidised_discount=1", key="pricing.subsidised_discount"),
    cli("+pricing.markup.XX=1", key="pricing.markup"),
    cli("~pricing.markup.CN", key="pricing.markup"),
    cli("pricing.reference_month=2023-3", key="pricing.reference_month"),
    cli("pricing.markup.CN=-0.1", key="pricing.markup.CN"),
    cli("funding.vc_climate.CN=-1", key="funding.vc_climate.CN"),
    cli("strategy.review_every=0", key="strategy.review_every"),
    cli("strategy.review_from=soon", key="strategy.review_from"),
    cli("strategy.commitment_months=6.5", key="strategy.commitment_months"),
    cli("labs={}", key="labs"),
    cli("regions={}", key="regions"),
    cli("governments={}", key="governments"),
    cli("clouds={}", key="clouds"),
    cli("timeline={}", key="timeline"),
    cli("labs=5", key="labs"),
    cli("labs=[openai]", key="labs"),
    cli("labs.meta={}", key="labs.meta"),
    cli("+labs.newlab={}", key="labs.newlab"),
    cli("labs.meta.sizes={}", key="labs.meta.sizes"),
    cli("pricing.markup={}", key="pricing.markup"),
    cli("pricing.markup=5", key="pricing.markup"),
    cli("regions.US.awareness=abc", key="regions.US.awareness"),
    cli("adoption={}", key="adoption"),
    cli("adoption=abc", key="adoption"),
    cli("population={}", key="population"),
    cli("labs.openai=5", key="labs.openai"),
    cli("labs.openai=null", key="labs.openai"),
    cli("labs.meta.capability=1e308", key="labs.meta.capability"),
    cli("labs.openai.strategy=secret", key="labs.openai.strategy"),
    cli("labs.openai.bloc=RU", key="labs.openai.bloc"),
    cli("labs.openai.funding=crypto", key="labs.openai.funding"),
    cli("labs.openai.entry=2022-99", key="labs.openai.entry"),
    cli("labs.openai.compute=0", key="labs.openai.compute"),
    cli("labs.openai.price=0", key="labs.openai.price"),
    cli("labs.openai.licence=2", key="labs.openai.licence"),
    cli("labs.openai.cloud=nocloud", key="labs.openai.cloud"),
    cli("labs.meta.sizes={2024-01: []}", key="labs.meta.sizes"),
    cli("+labs.newlab.bloc=CN", key="labs.newlab.bloc"),
    cli("clouds.aws.regions=[MARS]", key="clouds.aws.regions[0]"),
    cli("clouds.aws.partners=[nobody]", key="clouds.aws.partners[0]"),
    cli("clouds.aws.markup_options=[]", key="clouds.aws.markup_options"),
    cli("clouds.aws.markup_options=[-2]", key="clouds.aws.markup_options[0]"),
    cli("clouds.aws.review_every=0", key="clouds.aws.review_every"),
    cli("clouds.aws.bloc=XX", key="clouds.aws.bloc"),
    cli("governments.us.regions=[MARS]", key="governments.us.regions[0]"),
    cli("governments.us.restricted_origins=[XX]", key="governments.us.restricted_origins[0]"),
    cli("governments.us.stance_review_every=0", key="governments.us.stance_review_every"),
    cli("governments.cn.compute_voucher=0.99", key="governments.cn.compute_voucher"),
    cli("governments.us.export_control=-0.5", key="governments.us.export_control"),
    cli("regions.US.weight=0.8", key="regions.*.weight"),
    cli("regions.US.weight=0", key="regions.US.weight"),
    cli("regions.US.budget=0", key="regions.US.budget"),
    cli("regions.US.group=mars", key="regions.US.group"),
    cli("+regions.US.awareness.RU=0.1", key="regions.US.awareness.RU"),
    cli("timeline.deepseek_r1.target=nobody", key="timeline.deepseek_r1.target"),
    cli("timeline.deepseek_r1.kind=explode", key="timeline.deepseek_r1.kind"),
    cli("timeline.deepseek_r1.date=2025", key="timeline.deepseek_r1.date"),
    cli("timeline.deepseek_r1.value=1000", key="timeline.deepseek_r1.value"),
    cli("adoption.price=(", key="overrides"),
    cli("=5", key="overrides"),
    cli("hydra.run.dir=", key="hydra.run.dir"),
    cli("hydra.run.dir=${oc.env:HOME}", key="hydra.run.dir"),
    cli("-m", "seed=0,1", "hydra.sweep.dir=", key="hydra.sweep.dir"),
    cli("hydra.searchpath=[file:///tmp]", key="hydra.searchpath"),
    cli("--config-dir", "/nonexistent/dir", key="--config-dir"),
    cli("--config-path", "/tmp", key="--config-path"),
    cli("--config-name", "other", key="--config-name"),
    cli("-m", "adoption.revision=0.1,7", key="adoption.revision"),
    cli("-m", "seed=range(0,3)", "adoption.price=abc", key="adoption.price"),
    cli("-m", "adoption.price=interval(0,1)", key="adoption.price"),
    cli("-m", "seed=0,99999999999999999999", key="seed"),
    # the audit of 2026-12 (docs/RELIABILITY.md): sweeps, Hydra's counts and options, names, months
    cli("-m", "seed=range(0,3,0)", key="seed"),
    cli("-m", "seed=range(5,0)", key="seed"),
    cli("-m", "seed=0,0", key="seed"),
    cli("-m", "scenario=baseline,baseline", key="scenario"),
    cli("-m", "adoption.price=choice()", key="overrides"),
    cli("-m", "adoption.price=glob(*)", key="adoption.price"),
    cli("-m", "seed=range(0,1000000000)", key="overrides"),
    cli("-m", "seed=0,1", "hydra.run.dir=elsewhere", key="hydra.run.dir"),
    cli("hydra.sweep.dir=elsewhere", key="hydra.sweep.dir"),
    cli("-m", "seed=0,1", "hydra.sweeper.max_batch_size=0", key="hydra.sweeper.max_batch_size"),
    cli("-m", "seed=0,1", "hydra/launcher=parallel", "hydra.launcher.n_jobs=0", key="hydra.launcher.n_jobs"),
    cli("-m", "seed=0,1", "hydra/launcher=parallel", "hydra.launcher.n_jobs=100000", key="hydra.launcher.n_jobs"),
    cli("hydra/job_logging=nope", key="hydra/job_logging"),
    cli("--config-dir=", key="--config-dir"),
    cli("population=small/../huge", key="population"),
    cli("run.start=0001-01", key="run.start"),
    cli("labs.openai.entry=9999-01", key="labs.openai.entry"),
]

FILE_CASES = [
    file("run:\n  scenario: mine\n"),  # no `# @package _global_`
    file(""),  # empty
    file("# @package _global_\n"),  # a header and nothing else
    file("# @package _global_\n- a list\n"),
    file("# @package _global_\nrun: [unclosed\n", key="bad.yaml"),
    file(LAUGHS_SMALL, key="bad.yaml"),
    file("# @package _global_\nrun:\n  scenario: ${oc.env:HOME}\n", key="run.scenario"),
    file("# @package _global_\nadoption:\n  price: ${oc.env:PRICE}\n", key="adoption.price"),
    file("# @package _global_\nadoptionn:\n  price: 1\n", key="adoptionn"),
    file("# @package _global_\nadoption:\n  pricee: 1\n", key="adoption.pricee"),
    file("# @package _global_\nadoption:\n  price: cheap\n", key="adoption.price"),
    file("# @package _global_\nrun:\n  scenario: ../../x\n", key="run.scenario"),
    file("# @package _global_\nregions:\n  US: {weight: 0.9}\n", key="regions.*.weight"),
    file("# @package _global_\npopulation:\n  adopters: 0\n", key="population.adopters"),
    file("# @package _global_\nrun:\n  events: 1\n", key="run.events"),
    file("# @package _global_\nlabs: {}\n", key="labs"),
    file("# @package _global_\nregions: {}\n", key="regions"),
    file("# @package _global_\nlabs:\n  meta: {}\n", key="labs.meta"),
    file("# @package _global_\nlabs:\n  meta:\n    sizes: {}\n", key="labs.meta.sizes"),
    file("# @package _global_\npricing:\n  markup: {}\n", key="pricing.markup"),
    file("# @package _global_\nadoption: {}\n", key="adoption"),
    file("# @package _global_\nlabs: 5\n", key="labs"),
    file("# @package _global_\nlabs: [meta]\n", key="labs"),
    file("# @package _global_\nlabs:\n  meta: null\n", key="labs.meta"),
    file("# @package _global_\nregions:\n  US:\n    awareness: x\n", key="regions.US.awareness"),
    file("# @package _global_\ntimeline:\n  bad: {date: '2026-01', kind: strategy, target: nobody}\n",
         key="timeline.bad.target"),
    file("# @package _global_\nadoption: !!python/object/apply:os.getcwd []\n", key="bad.yaml"),
    file("# @package _global_\n? [a, b]\n: 1\n", key="bad.yaml"),
    file("# @package _global_\nseed: 5\n", key="seed"),
    file("# @package _global_\nrun:\n  seed: 5\n", key="run.seed"),
    file("# @package _global_\ndefaults:\n  - override /hydra/launcher: parallel\n", key="defaults"),
]


@api("population.adopters")
def _adopters_as_text():
    """adopters='500'"""
    return changed(lambda c: setattr(c.population, "adopters", "500"))()


@api("population.adopters")
def _adopters_as_float():
    """adopters=500.7"""
    return changed(lambda c: setattr(c.population, "adopters", 500.7))()


@api("population.adopters")
def _adopters_as_numpy_float():
    """adopters=np.float64(500.0)"""
    return changed(lambda c: setattr(c.population, "adopters", np.float64(500.0)))()


@api("population.adopters")
def _adopters_as_bool():
    """adopters=True"""
    return changed(lambda c: setattr(c.population, "adopters", True))()


@api("population.adopters")
def _adopters_too_many():
    """adopters=30,000,000"""
    return changed(lambda c: setattr(c.population, "adopters", 30_000_000))()


@api("adoption.price")
def _price_none():
    """price=None"""
    return changed(lambda c: setattr(c.adoption, "price", None))()


@api("adoption.price")
def _price_text():
    """price='2'"""
    return changed(lambda c: setattr(c.adoption, "price", "2"))()


@api("adoption.trust")
def _float32_nan():
    """trust=np.float32('nan')"""
    return changed(lambda c: setattr(c.adoption, "trust", np.float32("nan")))()


@api("adoption.trust")
def _float16_inf():
    """trust=np.float16('inf')"""
    return changed(lambda c: setattr(c.adoption, "trust", np.float16("inf")))()


@api("adoption.trust")
def _python_nan():
    """trust=math.nan"""
    return changed(lambda c: setattr(c.adoption, "trust", math.nan))()


@api("labs.meta")
def _lab_as_dict():
    """a lab given as a dict"""
    return changed(lambda c: c.labs.__setitem__("meta", {"bloc": "US"}))()


@api("timeline.deepseek_r1")
def _event_as_dict():
    """an event given as a dict"""
    return changed(lambda c: c.timeline.__setitem__("deepseek_r1", {"date": "2025-01"}))()


@api("labs")
def _lab_named_by_a_number():
    """a lab named 1"""
    return changed(lambda c: c.labs.__setitem__(1, copy.deepcopy(c.labs["meta"])))()


@api("run.seed")
def _negative_seed():
    """run.seed=-1"""
    return changed(lambda c: setattr(c.run, "seed", -1))()


@api("run.seed")
def _text_seed():
    """run.seed='abc'"""
    return changed(lambda c: setattr(c.run, "seed", "abc"))()


@api("run.seed")
def _huge_seed():
    """run.seed=10**20"""
    return changed(lambda c: setattr(c.run, "seed", 10**20))()


@api("seed")
def _run_seed_argument():
    """sim.run(cfg, seed=-1)"""
    return sim.EcosystemModel(sim.default_config(), seed=-1)


@api("seed")
def _run_seed_argument_text():
    """sim.run(cfg, seed='abc')"""
    return sim.EcosystemModel(sim.default_config(), seed="abc")


@api("run.events")
def _events_as_text():
    """run.events='no'"""
    return changed(lambda c: setattr(c.run, "events", "no"))()


@api("run.summary_dates")
def _summary_dates_tuple():
    """run.summary_dates as a tuple"""
    return changed(lambda c: setattr(c.run, "summary_dates", ("2025-12",)))()


@api("run.summary_dates")
def _no_summary_dates():
    """run.summary_dates=[]"""
    return changed(lambda c: setattr(c.run, "summary_dates", []))()


@api("run.scenario")
def _scenario_path():
    """run.scenario='/../../tmp/x'"""
    return changed(lambda c: setattr(c.run, "scenario", "/../../tmp/x"))()


@api("PopulationConfig.adoptrs")
def _unknown_attribute():
    """cfg.population.adoptrs = 5"""
    sim.default_config().population.adoptrs = 5


@api("ModelConfig.adopters")
def _unknown_top_attribute():
    """cfg.adopters = 5"""
    sim.default_config().adopters = 5


@api("regions.*.weight")
def _weights_not_summing_to_one():
    """region weights summing to 1.8"""
    def change(cfg):
        cfg.regions["US"].weight += 0.8
    return changed(change)()


@api("labs")
def _no_labs():
    """labs={}"""
    return changed(lambda c: c.labs.clear())()


@api("regions")
def _no_regions():
    """regions={}"""
    return changed(lambda c: c.regions.clear())()


@api("population")
def _population_none():
    """population=None"""
    return changed(lambda c: setattr(c, "population", None))()


@api("config")
def _validate_a_dict():
    """validate({})"""
    return validate({})


@api("capability.hardware_price")
def _hardware_free():
    """capability.hardware_price=0"""
    return changed(lambda c: setattr(c.capability, "hardware_price", 0.0))()


@api("population.represents")
def _represents_none():
    """population.represents=0"""
    return changed(lambda c: setattr(c.population, "represents", 0))()


@api("scenario")
def _compose_a_path():
    """sim.compose('../../etc/passwd')"""
    return sim.compose("../../etc/passwd")


@api("labs")
def _compose_empty_labs():
    """sim.compose('price_war', ['labs={}'])"""
    return sim.compose("price_war", ["labs={}"])


@api("pricing.markup")
def _compose_empty_markup():
    """sim.compose('baseline', ['pricing.markup={}'])"""
    return sim.compose("baseline", ["pricing.markup={}"])


@api("labs")
def _compose_a_scenario_file_with_empty_labs():
    """sim.compose('bad', scenario_dirs=['mine']) of a file holding labs: {}"""
    (Path("mine") / "scenario").mkdir(parents=True)
    (Path("mine") / "scenario" / "bad.yaml").write_text("# @package _global_\nlabs: {}\n")
    return sim.compose("bad", scenario_dirs=["mine"])


@api("timeline.deepseek_r1.value")
def _set_value_beyond():
    """set_value of an event's value beyond its kind's range"""
    def change(cfg):
        sim.config.set_value(cfg, "timeline.deepseek_r1.value", 1e9)
    return changed(change)()


@api("overrides")
def _compose_an_override_not_text():
    """sim.compose('baseline', [5])"""
    return sim.compose("baseline", [5])


@api("hydra.run.dir")
def _compose_a_setting_of_hydras():
    """sim.compose('baseline', ['hydra.run.dir=/tmp/x'])"""
    return sim.compose("baseline", ["hydra.run.dir=/tmp/x"])


@api("scenario")
def _compose_a_scenario_twice():
    """sim.compose('baseline', ['scenario=price_war'])"""
    return sim.compose("baseline", ["scenario=price_war"])


@api("seeds")
def _sweep_a_float_seed():
    """sim.sweep(['baseline'], [1.5])"""
    return sim.experiment.plan(["baseline"], [1.5])


@api("seeds")
def _sweep_a_negative_seed():
    """sim.sweep(['baseline'], [-1])"""
    return sim.experiment.plan(["baseline"], [-1])


@api("seeds")
def _sweep_no_seeds():
    """sim.sweep(['baseline'], [])"""
    return sim.experiment.plan(["baseline"], [])


@api("scenarios")
def _sweep_one_string():
    """sim.sweep('baseline', [0])"""
    return sim.experiment.plan("baseline", [0])


@api("seeds")
def _sweep_a_seed_twice():
    """sim.sweep(['baseline'], [0, 0])"""
    return sim.experiment.plan(["baseline"], [0, 0])


@api("scenario/baseline.yaml")
def _compose_a_scenario_shadowing_the_projects():
    """sim.compose('baseline', scenario_dirs=['mine']) of a file mine/scenario/baseline.yaml"""
    (Path("mine") / "scenario").mkdir(parents=True)
    (Path("mine") / "scenario" / "baseline.yaml").write_text("# @package _global_\nadoption: {price: 1.0}\n")
    return sim.compose("baseline", scenario_dirs=["mine"])


@api("config")
def _run_no_config():
    """sim.run(None)"""
    return sim.run(None)


@api("workers")
def _local_cores_beyond_the_machine():
    """sim.local_cores(1000000)"""
    return sim.local_cores(1_000_000)


@api("workers")
def _local_cores_none():
    """sim.local_cores(0)"""
    return sim.local_cores(0)


@api("config.yaml")
def _compose_a_root_config_of_ones_own():
    """sim.compose('baseline', scenario_dirs=['mine']) of a file mine/config.yaml"""
    (Path("mine") / "scenario").mkdir(parents=True)
    (Path("mine") / "config.yaml").write_text("defaults:\n  - scenario: nope\n")
    return sim.compose("baseline", scenario_dirs=["mine"])


API_CASES = [value for name, value in dict(globals()).items() if name.startswith("_") and isinstance(value, Case)]
CASES = [*CLI_CASES, *FILE_CASES, *API_CASES]


@dataclass
class Outcome:
    kind: str  # "refused", "traceback", "accepted" or "other"
    text: str


class WouldRun(Exception):
    """Raised in place of Hydra's app: the command got past every check."""


def attempt(case: Case, tmp_path: Path, monkeypatch, capsys) -> Outcome:
    """Give the bad input as a user would and classify what happened."""
    monkeypatch.chdir(tmp_path)
    if case.how == "api":
        try:
            case.given()
        except ConfigError as error:
            return Outcome("refused", f"{error.key}\n{error}")
        except Exception as error:  # noqa: BLE001 - the audit classifies every escape
            return Outcome("traceback", f"{type(error).__name__}: {error}")
        return Outcome("accepted", "validated")
    args = case.given
    if case.how == "file":
        (tmp_path / "mine" / "scenario").mkdir(parents=True)
        (tmp_path / "mine" / "scenario" / "bad.yaml").write_text(case.given)
        args = ["--config-dir", str(tmp_path / "mine"), "scenario=bad"]

    def would_run(*_, **__):
        raise WouldRun

    monkeypatch.setattr(sim.cli, "_app", would_run)
    monkeypatch.setattr(sim.cli, "_sweep", would_run)
    try:
        sim.cli.main(list(args))
    except WouldRun:
        return Outcome("accepted", "would run")
    except SystemExit as exit_:
        lines = [line for line in capsys.readouterr().err.splitlines() if line.strip()]
        text = "\n".join(lines)
        clean = exit_.code == 2 and len(lines) == 1 and lines[0].startswith("sim: bad configuration: ")
        return Outcome("refused" if clean else "other", text)
    except Exception as error:  # noqa: BLE001
        return Outcome("traceback", f"{type(error).__name__}: {error}")
    return Outcome("accepted", "returned")


@pytest.mark.parametrize("case", CASES, ids=str)
def test_every_bad_input_is_refused_in_one_line_naming_its_key_and_writes_nothing(case, tmp_path, monkeypatch,
                                                                                   capsys):
    result = attempt(case, tmp_path, monkeypatch, capsys)
    assert result.kind == "refused", f"{result.kind}: {result.text}"
    named = result.text.split("\n")[0] if case.how == "api" else result.text.removeprefix("sim: bad configuration: ")
    assert named.startswith(case.key) or f"{case.key}=" in result.text, result.text
    left = {p.relative_to(tmp_path) for p in tmp_path.rglob("*")
            if p.relative_to(tmp_path).parts[0] != "mine"}  # the case's own files aside
    assert not left, f"written: {sorted(map(str, left))}"


def test_the_values_of_hydras_flags_are_not_taken_for_overrides():
    """``sim --cfg hydra`` took ``hydra`` for an override of Hydra's own config, and refused it."""
    flags, overrides = sim.cli.split_arguments(["--cfg", "hydra", "seed=1", "-p", "run", "--config-dir", "d"])
    assert (flags, overrides) == (["--cfg", "hydra", "-p", "run", "--config-dir", "d"], ["seed=1"])


def test_the_audit_covers_every_kind_of_input():
    assert len(CLI_CASES) >= 100 and len(FILE_CASES) >= 10 and len(API_CASES) >= 25
    assert len({str(case) for case in CASES}) == len(CASES), "each case once"


# ----------------------------------------------------------------- limits and types


def numeric_fields() -> list[tuple[str, dataclasses.Field, type]]:
    """Every number field of the default configuration, by dotted key (roster entries: the first)."""
    found = []

    def visit(node, prefix):
        hints = typing.get_type_hints(type(node))
        for f in dataclasses.fields(node):
            value, kind = getattr(node, f.name), hints[f.name]
            if dataclasses.is_dataclass(value):
                visit(value, f"{prefix}{f.name}.")
            elif isinstance(value, dict) and value and dataclasses.is_dataclass(next(iter(value.values()))):
                name = next(iter(value))
                visit(value[name], f"{prefix}{f.name}.{name}.")
            elif kind in (int, float):
                found.append((f"{prefix}{f.name}", f, kind))

    visit(sim.default_config(), "")
    return found


NUMBERS = numeric_fields()


@pytest.mark.parametrize("key,declared,kind", NUMBERS, ids=[key for key, *_ in NUMBERS])
def test_every_number_is_refused_beyond_its_limits_both_ways(key, declared, kind):
    limits = declared.metadata["limits"]
    beyond = [limits.low - 1 if kind is int else limits.low - abs(limits.low) * 1e-6 - 1e-9,
              limits.high + 1 if kind is int else limits.high * (1 + 1e-6) + 1e-9]
    if limits.positive:
        beyond.append(kind(limits.low))
    for value in beyond:
        cfg = sim.default_config()
        sim.config.set_value(cfg, key, value)
        with pytest.raises(ConfigError) as info:
            validate(cfg)
        assert info.value.key == key


def test_limits_contain_every_default_and_every_plausible_range():
    cfg = sim.default_config()
    for key, declared, _ in NUMBERS:
        limits = declared.metadata["limits"]
        assert limits.allows(sim.config.get_value(cfg, key)), key
    for key, bounds in sim.config.plausible_ranges(cfg).items():
        declared = next((f for k, f, _ in NUMBERS if k == key), None)
        if declared is not None:
            assert declared.metadata["limits"].allows(bounds.low) and declared.metadata["limits"].allows(bounds.high), key


def test_exact_numpy_scalars_are_accepted_and_stored_as_python_numbers():
    cfg = sim.default_config()
    cfg.population.adopters = np.int64(300)
    cfg.adoption.price = np.float32(1.5)
    cfg.adoption.trust = 2
    validate(cfg)
    assert type(cfg.population.adopters) is int and type(cfg.adoption.price) is float
    assert type(cfg.adoption.trust) is float and cfg.adoption.trust == 2.0


def test_configs_still_pickle_copy_and_compose_with_the_attribute_guard():
    import pickle

    cfg = sim.compose("price_war", ["population=small"])
    assert pickle.loads(pickle.dumps(cfg)) == cfg == copy.deepcopy(cfg)
    cfg.population.adopters = 400  # a field is still set as ever
    assert cfg.population.adopters == 400


def test_the_memory_estimate_bounds_a_runs_real_peak():
    def peak(adopters: int) -> int:
        cfg = sim.default_config()
        cfg.population.adopters, cfg.run.end, cfg.run.summary_dates = adopters, "2022-06", ["2022-06"]
        tracemalloc.start()
        try:
            sim.run(cfg)
            return tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()

    small, large = peak(2000), peak(10000)
    cfg = sim.default_config()
    per_adopter_estimated = (memory_needed(cfg, 6) - cfg.developers.size * sim.config.BYTES_PER_DEVELOPER) / 2000
    per_adopter_measured = (large - small) / 8000
    assert per_adopter_measured <= per_adopter_estimated, (per_adopter_measured, per_adopter_estimated)
    assert per_adopter_estimated < 3 * per_adopter_measured, "an estimate, not a refusal of what fits"


# ----------------------------------------------------------------- mapping-valued keys


def mapping_keys() -> list[str]:
    """Every key of the default configuration whose value is a mapping: the sections
    (``adoption``), the rosters (``labs``) and their first entry (``labs.<first>``), and the
    tables (``pricing.markup``, ``labs.<first>.sizes``)."""
    found = []

    def visit(node, prefix):
        for f in dataclasses.fields(node):
            value, key = getattr(node, f.name), f"{prefix}{f.name}"
            if dataclasses.is_dataclass(value):
                found.append(key)
                visit(value, f"{key}.")
            elif isinstance(value, dict):
                found.append(key)
                if value and dataclasses.is_dataclass(first := next(iter(value.values()))):
                    found.append(f"{key}.{next(iter(value))}")
                    visit(first, f"{key}.{next(iter(value))}.")

    visit(sim.default_config(), "")
    return found


MAPPING_KEYS = mapping_keys()


def nested(key: str, value) -> dict:
    """``{"a": {"b": value}}`` for the key ``a.b``."""
    for part in reversed(key.split(".")):
        value = {part: value}
    return value


@pytest.mark.parametrize("key", MAPPING_KEYS)
def test_every_mapping_valued_key_refuses_an_empty_map_and_a_wrong_type_in_overrides_and_files(key, tmp_path):
    import yaml

    (tmp_path / "scenario").mkdir()
    for value, rule in (({}, "an empty map merges into the defaults"), (5, "a mapping of")):
        with pytest.raises(ConfigError) as given_as_override:
            sim.compose("baseline", [f"{key}={value}"])
        (tmp_path / "scenario" / "bad.yaml").write_text("# @package _global_\n" + yaml.safe_dump(nested(key, value)))
        with pytest.raises(ConfigError) as given_in_a_file:
            sim.compose("bad", scenario_dirs=[tmp_path])
        for error in (given_as_override.value, given_in_a_file.value):
            assert (error.key, error.value) == (key, value) and rule in error.allowed, str(error)


def test_the_mapping_valued_keys_cover_sections_rosters_entries_and_tables():
    assert {"adoption", "labs", "labs.openai", "labs.openai.sizes", "pricing.markup", "regions.US.awareness",
            "timeline"} <= set(MAPPING_KEYS), MAPPING_KEYS


# ------------------------------------------------------------------------ billion laughs


def test_a_billion_laughs_file_fails_fast_in_bounded_memory(tmp_path):
    directory = tmp_path / "laughs" / "scenario"
    directory.mkdir(parents=True)
    lines = ["# @package _global_", 'a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    lines += [f"a{i}: &a{i} [{','.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 10)]
    (directory / "laughs.yaml").write_text("\n".join(lines) + "\n")
    limit = 1024**3  # 1 GiB of address space beyond what Python and the model's libraries take

    def bounded():
        soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        resource.setrlimit(resource.RLIMIT_AS, (4 * limit, hard))

    started = time.monotonic()
    result = subprocess.run([sys.executable, "-m", "sim", "--config-dir", str(tmp_path / "laughs"), "scenario=laughs"],
                            cwd=tmp_path, capture_output=True, text=True, timeout=120, preexec_fn=bounded)
    assert time.monotonic() - started < 120
    assert result.returncode == 2, result.stderr
    assert result.stderr.startswith("sim: bad configuration: ") and "aliases expanded" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "outputs").exists()


def test_a_config_file_naming_a_key_twice_is_refused_in_one_line_naming_the_file_key_and_line(tmp_path):
    """Hydra's loader refuses a key given twice in one map only when it composes, in a
    traceback; the file check refuses it first. A merge key (``<<``) is not a repeat."""
    directory = tmp_path / "mine" / "scenario"
    directory.mkdir(parents=True)
    (directory / "twice.yaml").write_text("# @package _global_\nadoption:\n  price: 1.0\n  price: 99.0\n")
    result = subprocess.run([sys.executable, "-m", "sim", "--config-dir", str(tmp_path / "mine"), "scenario=twice"],
                            cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert result.returncode == 2, result.stderr
    assert result.stderr.strip().splitlines() == [
        f"sim: bad configuration: {directory / 'twice.yaml'}='price (line 4)' is not allowed: "
        "a YAML file whose maps name each key once"]
    assert not (tmp_path / "outputs").exists()
    merged = tmp_path / "merged"
    merged.mkdir()
    (merged / "merged.yaml").write_text("base: &base\n  price: 1.0\nother:\n  <<: *base\n  trust: 0.5\n")
    check_config_files(merged)  # no error


# ------------------------------------------------------------------------ fuzzing

TINY = ["population.adopters=40", "run.end=2022-04", "run.summary_dates=[2022-04]", "developers.size=20"]
FUZZED = ["adoption.price", "adoption.trust", "adoption.revision", "population.peers", "population.represents",
          "capability.hardware_price", "capability.algorithmic_growth", "labs.meta.capability", "labs.meta.cash",
          "pricing.markup.CN", "regions.US.budget", "openness.distillation", "strategy.review_every",
          "developers.fine_tune_rate", "governments.cn.subsidy", "timeline.deepseek_r1.value", "run.seed"]
VALUES = st.one_of(
    st.integers(min_value=-10**20, max_value=10**20).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.sampled_from(["", "abc", "null", "[]", "{}", "true", "1e308", "-0.0", "${oc.env:HOME}", "../x", "[1,2]"]),
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(key=st.sampled_from(FUZZED), value=VALUES)
def test_fuzzed_values_are_refused_naming_the_key_or_run_to_completion(key, value):
    override = f"{key}={value}"
    try:
        cfg = sim.compose("baseline", [*TINY, override])
    except ConfigError as error:
        assert error.key == key or key.startswith(error.key + ".") or error.key == "overrides", (override, str(error))
        return
    assert len(sim.run(cfg).summary) == 1


OVERRIDE_TEXT = st.text(alphabet="abcdeilnoprstu._=+~${}[],:/ 019-'", min_size=1, max_size=30)


@settings(max_examples=25, deadline=None)
@given(text=OVERRIDE_TEXT)
def test_fuzzed_override_strings_are_refused_or_run_to_completion(text):
    try:
        cfg = sim.compose("baseline", [*TINY, text])
    except ConfigError as error:
        assert error.key and str(error).startswith(f"{error.key}="), str(error)
        return
    assert len(sim.run(cfg).summary) == 1


@pytest.mark.parametrize("group, text, key", [
    ("policy", "# @package _global_\ngovernments: {}\n", "governments"),
    ("policy", "# @package _global_\nlabs:\n  meta: {}\n", "labs.meta"),
    ("population", "# @package population\nadopterz: 500\n", "population.adopterz"),
    ("run", "# @package run\nadopter_snapshots: 2\n", "run.adopter_snapshots"),
    ("run", "events: 0\n", "run.events"),  # no @package line: the group's name
])
def test_every_group_file_of_a_config_directory_is_checked_like_a_scenario_file(group, text, key, tmp_path):
    """Not only the chosen scenario: a policy, population or run file of one's own holding an
    empty mapping, a key that is no field or a number for a bool is refused, naming the key
    and the file, whether or not it is chosen."""
    (tmp_path / "scenario").mkdir()
    (tmp_path / group).mkdir()
    (tmp_path / group / "mine.yaml").write_text(text)
    for overrides in ([f"{group}=mine"], []):
        with pytest.raises(ConfigError) as refused:
            sim.compose("baseline", overrides, scenario_dirs=[tmp_path])
        assert refused.value.key == key and str(tmp_path / group / "mine.yaml") in refused.value.allowed


LAUNCHER_FILES = {
    "unknown key": ("defaults:\n  - parallel\nn_jobz: 2\n", "hydra.launcher.n_jobz", "a key of JobLibLauncherConf"),
    "mistyped value": ("defaults:\n  - joblib\nn_jobs: many\n", "hydra.launcher.n_jobs", "a value of type int"),
    "unknown _target_": ("_target_: os.system\nn_jobs: 2\n", "hydra.launcher._target_",
                         "the class of an installed option of hydra/launcher"),
}


@pytest.mark.parametrize("chosen", [True, False], ids=["chosen", "not chosen"])
@pytest.mark.parametrize("case", LAUNCHER_FILES)
def test_a_broken_launcher_file_is_refused_in_one_line_before_a_sweep_writes_anything(case, chosen, tmp_path):
    """A launcher of one's own (``--config-dir DIR`` holding ``hydra/launcher/mine.yaml``),
    checked against the schema its launcher registers whether or not it is chosen, as every
    group file is: Hydra would say so only when it launches, in many lines, after the sweep's
    store was written."""
    text, key, allowed = LAUNCHER_FILES[case]
    launchers = tmp_path / "mine" / "hydra" / "launcher"
    launchers.mkdir(parents=True)
    (launchers / "mine.yaml").write_text(text)
    sweep = tmp_path / "sweep"
    result = subprocess.run(
        [*SIM, "-m", "--config-dir", str(tmp_path / "mine"), f"hydra/launcher={'mine' if chosen else 'parallel'}",
         "run=smoke", "population.adopters=40", "seed=0,1", f"hydra.sweep.dir={sweep}"],
        cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert result.returncode == 2, result.stderr
    assert result.stderr.strip().splitlines() == [result.stderr.strip()], f"one line: {result.stderr}"
    assert result.stderr.startswith(f"sim: bad configuration: {key}=")
    assert allowed in result.stderr and str(launchers / "mine.yaml") in result.stderr
    written = {path.relative_to(tmp_path).as_posix() for path in tmp_path.rglob("*")}
    assert written == {"mine", "mine/hydra", "mine/hydra/launcher", "mine/hydra/launcher/mine.yaml"}


# ------------------------------------------------------------- as a user runs it

SMALL_RUN = ["run.end=2022-06", "run.summary_dates=[2022-06]", "population.adopters=100"]
"""A run of a few seconds: what a bad input that got past the checks would run and write."""
HYDRA_KEY_FILE = "# @package _global_\nhydra:\n  output_subdir: ../../../escaped\nadoption:\n  price: 1.0\n"
LOGGING_FILE = ("version: 1\nhandlers:\n  file:\n    class: logging.FileHandler\n    filename: {tmp}/escaped.log\n"
                "root:\n  handlers: [file]\n")


@dataclass(frozen=True)
class UserCase:
    """A command a user types (``{tmp}`` standing for the folder it runs in), the files it finds
    there, and how its one line of refusal starts after ``sim: bad configuration: ``."""

    args: tuple[str, ...]
    refusal: str
    files: tuple[tuple[str, str], ...] = ()


AS_A_USER = {
    "output folder up": UserCase(("hydra.output_subdir=../../../escaped",), "hydra.output_subdir='../../../escaped' "
                                 "is not allowed: null, or the name of a folder inside the run's directory"),
    "output folder absolute": UserCase(("hydra.output_subdir={tmp}/escaped",), "hydra.output_subdir='{tmp}/escaped'"),
    "output folder in a sweep": UserCase(("-m", "seed=0,1", "hydra.output_subdir=.hydra"),
                                         "hydra.output_subdir='.hydra' is not allowed: given to single runs only"),
    "job name a path": UserCase(("hydra.job.name=../../../escaped",), "hydra.job.name='../../../escaped' is not "
                                "allowed: the name of the run's log file"),
    "log file elsewhere": UserCase(("hydra.job_logging.handlers.file.filename={tmp}/escaped.log",),
                                   "hydra.job_logging.handlers.file.filename='{tmp}/escaped.log' is not allowed: one "
                                   "of the settings of Hydra's that sim takes"),
    "callback": UserCase(("+hydra.callbacks.probe._target_=os.getcwd",), "hydra.callbacks.probe._target_='os.getcwd'"),
    "mode": UserCase(("hydra.mode=MULTIRUN",), "hydra.mode='MULTIRUN'"),
    "sweep subdir": UserCase(("-m", "seed=0,1", "hydra.sweep.subdir=elsewhere"), "hydra.sweep.subdir='elsewhere'"),
    "sweep over a setting of Hydra's": UserCase(
        ("-m", "seed=0,1", "hydra/launcher=parallel", "hydra.launcher.n_jobs=1,2"),
        "hydra.launcher.n_jobs='1,2' is not allowed: one value for a setting of Hydra's"),
    "logging file of one's own": UserCase(("--config-dir", "{tmp}/mine", "hydra/job_logging=mine"),
                                          "{tmp}/mine/hydra/job_logging/mine.yaml='hydra/job_logging' is not allowed",
                                          (("mine/hydra/job_logging/mine.yaml", LOGGING_FILE),)),
    "hydra in a scenario file": UserCase(("--config-dir", "{tmp}/mine", "scenario=mine"),
                                         "hydra={'output_subdir': '../../../escaped'} is not allowed: not in a config "
                                         "file of the model ({tmp}/mine/scenario/mine.yaml)",
                                         (("mine/scenario/mine.yaml", HYDRA_KEY_FILE),)),
    "the clock as a price": UserCase(("adoption.price=${now:%S}",), "adoption.price='${now:%S}' is not allowed: a "
                                     "value or a reference to another key (${seed}): the resolver now reads outside"),
    "the clock as a name": UserCase(("run.scenario=${now:%M}",), "run.scenario='${now:%M}'"),
    "a summary date twice": UserCase(("run.summary_dates=[2022-06,2022-06]",), "run.summary_dates[1]='2022-06' is not "
                                     "allowed: a list naming each once: '2022-06' is run.summary_dates[0] already"),
    "a region twice": UserCase(("clouds.aws.regions=[US,US]",), "clouds.aws.regions[1]='US'"),
    "a bloc twice": UserCase(("governments.us.restricted_origins=[CN,CN]",), "governments.us.restricted_origins[1]="),
    "an event before the start": UserCase(("timeline.us_controls_2022.date=2021-06",),
                                          "timeline.us_controls_2022.date='2021-06' is not allowed: a month from "
                                          "run.start (2022-01) on"),
    "a start after an event": UserCase(("run.start=2022-11", "run.end=2023-06", "run.summary_dates=[2023-06]"),
                                       "timeline.us_controls_2022.date='2022-10' is not allowed: a month from "
                                       "run.start (2022-11) on"),
    "an event the timeline lacks": UserCase(("+timeline.newev.date=2023-01",), "timeline.newev.date='2023-01' is not "
                                            "allowed: timeline.newev is no entry of timeline, which holds "
                                            "us_controls_2022"),
    "a region the roster lacks": UserCase(("regions.XX.weight=0.1",), "regions.XX.weight=0.1 is not allowed: "
                                          "regions.XX is no entry of regions"),
    "a key in another case": UserCase(("adoption.Price=1",), "adoption.Price=1 is not allowed: a key of adoption "
                                      "(did you mean adoption.price?)"),
    "a misspelt key of a lab": UserCase(("labs.openai.capabilty=1",), "labs.openai.capabilty=1 is not allowed: a key "
                                        "of labs.openai (did you mean labs.openai.capability?)"),
    "null for a number": UserCase(("adoption.price=null",), "adoption.price=None is not allowed"),
    "a reference of the wrong type": UserCase(("run.seed=${adoption.price}",),
                                              "run.seed='${adoption.price}' is not allowed"),
    "a table's new entry as a mapping": UserCase(("labs.openai.sizes={2024-01: [1,2]}",),
                                                 "labs.openai.sizes.2024-01={'2024-01': [1, 2]} is not allowed"),
    "an adopter kind the model lacks": UserCase(("+population.kinds.robot=0",), "population.kinds.robot=0.0 is not "
                                                "allowed: an entry of population.kinds named one of"),
    "a section removed": UserCase(("~labs",), "labs='~labs' is not allowed: ~KEY only for an entry"),
    "a field removed": UserCase(("~adoption.price",), "adoption.price='~adoption.price' is not allowed: ~KEY only"),
    "a key twice": UserCase(("adoption.price=1", "adoption.price=2"), "adoption.price='2' is not "
                            "allowed: each key once: it is given as adoption.price=1 already"),
}
"""Bad inputs of the kinds Hydra's keys, resolvers, the timeline, lists and names, each refused
in one line naming its key and the value given, before anything is written."""


def as_a_user(args: tuple[str, ...], tmp_path: Path) -> list[str]:
    """The command line: a small run's keys but those the arguments give, then the arguments."""
    given = {arg.lstrip("+~").partition("=")[0] for arg in args}
    return [*(arg for arg in SMALL_RUN if arg.partition("=")[0] not in given),
            *(arg.replace("{tmp}", str(tmp_path)) for arg in args)]


@pytest.mark.parametrize("case", AS_A_USER)
def test_a_bad_input_run_as_a_user_runs_it_is_refused_in_one_line_and_writes_nothing(case, tmp_path):
    given = AS_A_USER[case]
    for path, text in given.files:
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / path).write_text(text.replace("{tmp}", str(tmp_path)))
    before = set(tmp_path.rglob("*"))
    result = subprocess.run([*SIM, *as_a_user(given.args, tmp_path)], cwd=tmp_path, capture_output=True, text=True,
                            timeout=300)
    lines = result.stderr.strip().splitlines()
    assert result.returncode == 2 and len(lines) == 1, f"exit {result.returncode}:\n{result.stderr[-3000:]}"
    assert lines[0].startswith("sim: bad configuration: " + given.refusal.replace("{tmp}", str(tmp_path))), lines[0]
    assert set(tmp_path.rglob("*")) == before, f"written: {sorted(map(str, set(tmp_path.rglob('*')) - before))}"


def test_flags_after_overrides_and_hydras_names_inside_the_run_directory_run(tmp_path):
    """``--config-dir DIR`` after an override (Hydra's parser takes its flags first: the run's
    directory was made, then Hydra refused the command), a log file named by ``hydra.job.name``
    and no ``.hydra`` folder: the run writes only into its directory."""
    (tmp_path / "mine" / "scenario").mkdir(parents=True)
    (tmp_path / "mine" / "scenario" / "mine.yaml").write_text("# @package _global_\nrun:\n  scenario: mine\n")
    result = subprocess.run([*SIM, *SMALL_RUN, "--config-dir", str(tmp_path / "mine"), "scenario=mine",
                             "hydra.job.name=mylog", "hydra.output_subdir=null",
                             f"hydra.run.dir={tmp_path / 'outputs' / 'run'}"],
                            cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-3000:]
    run = tmp_path / "outputs" / "run"
    assert runs.check(run).state == runs.DONE
    assert json.loads((run / "config.json").read_text())["run"]["scenario"] == "mine"
    assert (run / "mylog.log").is_file() and not (run / ".hydra").exists()
    assert {p.relative_to(tmp_path).parts[0] for p in tmp_path.iterdir()} == {"mine", "outputs"}


def test_a_run_with_no_open_family_yet_writes_its_report(tmp_path):
    """``~labs.meta`` in a run ending before any other lab releases open weights: the report's
    figure of open downloads had no dates to put on its axis, and the run ended in a traceback."""
    from sim.report import run_report

    cfg = sim.compose("baseline", [*TINY, "~labs.meta"])
    directory = tmp_path / "run"
    runs.run_into(cfg, directory, then=run_report)
    assert runs.check(directory).state == runs.DONE


# ------------------------------------------------------------- the other commands

HISTORY = "python -m experiments.history"
CLAIMS = "sim-claims"


def other_command(program: str, args: list[str], tmp_path: Path, monkeypatch, capsys) -> Outcome:
    """``program ARGS`` in this process, from ``tmp_path``, classified as :func:`attempt` does: the
    calibration's waves and a claim's experiment replaced by :class:`WouldRun` (the command got
    past every check), a refusal exit 2 with one line starting with the program's name."""
    from experiments import history
    from experiments.claims import cli as claims_cli

    def would_run(*_, **__):
        raise WouldRun

    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(history, "calibrate", would_run)
    monkeypatch.setattr(claims_cli, "run_experiment", would_run)
    main = history.main if program == HISTORY else claims_cli.main
    try:
        main(args)
    except WouldRun:
        return Outcome("accepted", "would run")
    except SystemExit as exit_:
        lines = [line for line in capsys.readouterr().err.splitlines() if line.strip()]
        clean = exit_.code == 2 and len(lines) == 1 and lines[0].startswith(f"{program}: ")
        return Outcome("refused" if clean else "other", f"exit {exit_.code}:\n" + "\n".join(lines))
    except Exception as error:  # noqa: BLE001 - the audit classifies every escape
        return Outcome("traceback", f"{type(error).__name__}: {error}")
    return Outcome("accepted", "returned")


A_FILE = "a_file"
"""A file in the folder a case runs from, given where a directory is wanted."""
OTHER_COMMAND_CASES = [
    # the calibration's sizes: whole numbers of 1 or more (0 ran the default size)
    (HISTORY, ["--waves", "0"], "--waves=0"),
    (HISTORY, ["--points", "0"], "--points=0"),
    (HISTORY, ["--replications", "0"], "--replications=0"),
    (HISTORY, ["--adopters", "0"], "--adopters=0"),
    (HISTORY, ["--waves", "-1"], "--waves=-1"),
    (HISTORY, ["--points", "-5"], "--points=-5"),
    # adopters as the model's configuration takes them (a traceback after the first line)
    (HISTORY, ["--adopters", "1"], "--adopters=1 is not allowed: at least 10 adopters"),
    (HISTORY, ["--adopters", "30000000"], "--adopters=30000000 is not allowed: a population that fits in memory"),
    (HISTORY, ["--adopters", "1000000000"], "--adopters=1000000000 is not allowed: a number from 1 to"),
    # a wave is one sweep of the run store: at most as many runs as a sweep of sim's
    (HISTORY, ["--points", "100000", "--replications", "2"], "--points=100000"),
    # workers within the machine, as sim's worker counts
    (HISTORY, ["--workers", "0"], "--workers=0"),
    (HISTORY, ["--workers", "1000000"], "--workers=1000000 is not allowed: a whole number from 1 to"),
    # where it writes: not empty, a directory it can write
    (HISTORY, ["--out", ""], "--out: ''"),
    (HISTORY, ["--store", ""], "--store: ''"),
    (HISTORY, ["--out", A_FILE], f"--out {A_FILE}"),
    (HISTORY, ["--store", A_FILE], f"--store {A_FILE}"),
    (HISTORY, ["--store", f"{A_FILE}/store"], f"--store {A_FILE}/store"),
    (CLAIMS, ["C1", "--workers", "1000000"], "--workers=1000000 is not allowed: a whole number from 1 to"),
    (CLAIMS, ["C1", "--workers", "0"], "--workers=0"),
    (CLAIMS, ["C1", "C1"], "C1"),
    (CLAIMS, ["C1", "C2", "c1"], "c1"),
    (CLAIMS, ["C1", "--out", ""], "--out: ''"),
    (CLAIMS, ["C1", "--out", A_FILE], f"--out {A_FILE}"),
]
"""Bad options of the calibration and of ``sim-claims``: the command, its arguments and what its
one line must name (the option or claim and the value given)."""


@pytest.mark.parametrize("program, args, named", OTHER_COMMAND_CASES,
                         ids=[f"{program} {' '.join(map(repr, args))}" for program, args, _ in OTHER_COMMAND_CASES])
def test_a_bad_option_of_the_calibration_or_the_claims_is_refused_in_one_line_before_any_run(
        program, args, named, tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(sim.config, "available_memory", lambda: 16 * 2**30)  # 30,000,000 adopters need ~80 GiB
    (tmp_path / A_FILE).write_text("")
    out = [] if "--out" in args else ["--out", "out"]
    result = other_command(program, [*args, *out], tmp_path, monkeypatch, capsys)
    assert result.kind == "refused", f"{result.kind}: {result.text}"
    assert named in result.text, result.text
    assert {p.name for p in tmp_path.iterdir()} == {A_FILE}, "nothing written"


@pytest.mark.parametrize("program, option", [(HISTORY, "--out"), (HISTORY, "--store"), (CLAIMS, "--out")])
def test_a_read_only_output_directory_of_the_calibration_or_the_claims_is_refused_before_any_run(
        program, option, tmp_path, monkeypatch, capsys, read_only_directory):
    args = ["--quick", option, str(read_only_directory / "here")] if program == HISTORY else [
        "C1", "--quick", option, str(read_only_directory / "here")]
    result = other_command(program, args, tmp_path, monkeypatch, capsys)
    assert result.kind == "refused", f"{result.kind}: {result.text}"
    assert f"{option} {read_only_directory / 'here'}" in result.text, result.text


def test_the_calibration_writes_under_the_current_directory_as_the_other_commands_do(tmp_path, monkeypatch):
    """Its default ``--out`` was the project's ``outputs/calibration``, wherever it ran from; ``sim``
    writes ``outputs/runs`` and ``sim-claims`` ``outputs/claims`` under the current directory."""
    from experiments import history

    given = {}

    def record(settings, store, backend, progress=True):
        given["store"] = Path(store)
        raise WouldRun

    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(history, "calibrate", record)
    with pytest.raises(WouldRun):
        history.main(["--quick", "--workers", "1"])
    assert given["store"].absolute() == tmp_path / "outputs" / "calibration" / "store"
