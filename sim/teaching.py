"""The exercises' self-checks: each computes the right answer from the model and tells the
learner whether theirs is right, and if not, why.

A check never holds a number: it runs the model at the size the notebook runs (the same
overrides and seeds), so it stays right whatever the model's mechanisms become. It prints
its verdict and returns it (a :class:`Verdict`, true when the answer is right).

Notebooks take their size from :func:`notebook_size`: ``SIM_NOTEBOOK_SIZE=tiny`` (the tests)
runs a few tiny runs; the default, ``class``, is big enough to read.
"""

from __future__ import annotations

import dataclasses
import math
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from sim.compose import compose
from sim.config import ModelConfig, plausible_range, set_value, validate
from sim.experiment import compare
from sim.metrics import HEADLINES, summary_column, summary_months
from sim.simulate import run

SIZE_VARIABLE = "SIM_NOTEBOOK_SIZE"


@dataclass(frozen=True)
class Size:
    """How big a notebook's runs are: overrides every run takes, and how many seeds."""

    overrides: tuple[str, ...]
    seeds: int


SIZES = {
    "tiny": Size(("run=smoke",), 2),  # 150 adopters, 2022-01 to 2025-12: the tests
    "class": Size(("population=small",), 6),  # 500 adopters to 2030-12: a few seconds a run
    # the default 2,000 adopters to 2030-12 (about a second a run): with fewer, most regions have
    # under 30 adopters using a model until 2026, and the figures leave their shares out
    "workshop": Size((), 12),
}
"""The sizes a notebook can run at, by the name ``SIM_NOTEBOOK_SIZE`` takes."""


def notebook_size(default: str = "class") -> Size:
    """The size named by the environment variable ``SIM_NOTEBOOK_SIZE`` (or ``default``)."""
    name = os.environ.get(SIZE_VARIABLE, default)
    if name not in SIZES:
        raise ValueError(f"{SIZE_VARIABLE}={name!r}: one of {', '.join(SIZES)}")
    return SIZES[name]


@dataclass(frozen=True)
class Verdict:
    """Whether an answer is right, and why (or why not)."""

    passed: bool
    why: str

    def __bool__(self) -> bool:
        return self.passed

    def __str__(self) -> str:
        return ("Right. " if self.passed else "Not yet. ") + self.why


def _told(passed: bool, why: str) -> Verdict:
    verdict = Verdict(bool(passed), why)
    print(verdict)
    return verdict


def _close(answer: float, right: float, tolerance: float) -> bool:
    return math.isfinite(answer) and abs(answer - right) <= tolerance * max(1.0, abs(right))


def _number(answer: object) -> float | None:
    try:
        return float(answer)
    except (TypeError, ValueError):
        return None


def _summaries(scenario: str | ModelConfig, overrides: Sequence[str], seeds: Sequence[int]) -> pd.DataFrame:
    cfg = compose(scenario, overrides) if isinstance(scenario, str) else scenario
    return pd.concat([run(cfg, seed=seed).summary for seed in seeds], ignore_index=True)


def _final(summary: pd.DataFrame, key: str) -> pd.Series:
    return summary[summary_column(key, summary_months(summary)[-1])]


# ----------------------------------------------------------------------------- 01 first run


def check_final_share(answer: object, overrides: Sequence[str], seed: int) -> Verdict:
    """01: the Global South's share of adopters on Chinese models in the run's last month."""
    results = run(compose("baseline", overrides), seed=seed)
    last = results.markets[results.markets["date"] == results.markets["date"].max()]
    right = float(last.loc[last["region"] == "global_south", "share_cn"].iloc[0])
    value = _number(answer)
    if value is None:
        return _told(False, f"the answer should be a number (a share between 0 and 1), not {answer!r}.")
    if _close(value, right, 1e-9):  # first: a share of 0 is also its own percentage
        return _told(True, f"{right:.3f} of Global South adopters use Chinese models at the end of the run.")
    if _close(value, 100 * right, 1e-6):
        return _told(False, "that is the right share, in percent: give it as a fraction (0 to 1).")
    if _close(value, float(last.loc[last["region"] == "world", "share_cn"].iloc[0]), 1e-9):
        return _told(False, "that is the world's share: take the row whose region is 'global_south'.")
    return _told(False, "read the markets table in its last month, region 'global_south', column 'share_cn'.")


def check_leading_lab(answer: object, overrides: Sequence[str], seed: int) -> Verdict:
    """01: the lab with the highest capability in the run's last month."""
    labs = run(compose("baseline", overrides), seed=seed).labs
    last = labs[labs["date"] == labs["date"].max()]
    right = str(last.loc[last["capability"].idxmax(), "lab"])
    if str(answer) == right:
        return _told(True, f"{right} leads the frontier in the last month.")
    if str(answer) in set(last["lab"]):
        return _told(False, f"{answer} is a lab, but not the most capable one in the last month "
                            "(sort the labs table's last month by 'capability').")
    return _told(False, f"{answer!r} is not a lab of the run; labs are named as in the 'lab' column.")


# ----------------------------------------------------------------------------- 02 common seeds


def check_paired_median(answer: object, scenario: str, reference: str, outcome: str,
                        overrides: Sequence[str], seeds: Sequence[int]) -> Verdict:
    """02: the median, over common seeds, of ``scenario`` minus ``reference`` in an outcome
    (a headline key) at the last summary month."""
    summary = pd.concat([_summaries(s, overrides, seeds) for s in (reference, scenario)], ignore_index=True)
    table = compare(summary, reference)
    right = float(table.loc[(table["scenario"] == scenario) & (table["outcome"] == outcome), "median"].iloc[0])
    value = _number(answer)
    if value is None:
        return _told(False, f"the answer should be a number, not {answer!r}.")
    unpaired = float(_final(summary[summary["scenario"] == scenario], outcome).median()
                     - _final(summary[summary["scenario"] == reference], outcome).median())
    if _close(value, right, 1e-9):
        return _told(True, f"the median paired difference is {right:+.4g}.")
    if _close(value, -right, 1e-9):
        return _told(False, f"the sign is reversed: take {scenario} minus {reference}.")
    if _close(value, unpaired, 1e-9):
        return _told(False, "that is the difference of the two medians; take the median of the "
                            "differences seed by seed.")
    return _told(False, f"pair the runs by seed: for each seed, {scenario} minus {reference}, then the median.")


# ----------------------------------------------------------------------------- 03 scenario file


def _differences(left: object, right: object, prefix: str = "") -> list[str]:
    """Dotted keys where two configurations (dataclasses, dicts, values) differ."""
    if dataclasses.is_dataclass(left) and type(left) is type(right):
        return [key for f in dataclasses.fields(left)
                for key in _differences(getattr(left, f.name), getattr(right, f.name), f"{prefix}{f.name}.")]
    if isinstance(left, dict) and isinstance(right, dict):
        keys = sorted(set(left) | set(right))
        return [key for k in keys
                for key in (_differences(left[k], right[k], f"{prefix}{k}.") if k in left and k in right
                            else [f"{prefix}{k}"])]
    return [] if left == right else [prefix.rstrip(".")]


def check_scenario_file(directory: str | Path, name: str, changes: Mapping[str, object],
                        overrides: Sequence[str] = ()) -> Verdict:
    """03: ``directory/scenario/<name>.yaml`` composes to the baseline with exactly
    ``changes`` (dotted key -> value) and ``run.scenario`` set to ``name``."""
    path = Path(directory) / "scenario" / f"{name}.yaml"
    if not path.exists():
        return _told(False, f"there is no file {path}: scenario files go in a folder named 'scenario'.")
    try:
        mine = compose(name, overrides, scenario_dirs=[directory])
    except Exception as error:  # a learner's file can fail in any of Hydra's or the checks' ways
        return _told(False, f"the file does not compose: {str(error).splitlines()[0]}")
    expected = compose("baseline", overrides)
    for key, value in {**changes, "run.scenario": name}.items():
        set_value(expected, key, value)
    validate(expected)
    wrong = _differences(mine, expected)
    if not wrong:
        return _told(True, f"{path.name} composes to the baseline with {', '.join(changes)} changed.")
    if wrong == ["run.scenario"]:
        return _told(False, f"set run.scenario to {name!r}, so that its outputs carry the scenario's name.")
    return _told(False, "these keys are not as asked: " + ", ".join(wrong)
                 + " (is the first line '# @package _global_'?)")


# ----------------------------------------------------------------------------- 04 bands


def check_band(low: object, high: object, outcome: str, level: float, overrides: Sequence[str],
               seeds: Sequence[int]) -> Verdict:
    """04: the central ``level`` interval, across the baseline's seeds, of an outcome (a
    headline key) at the last summary month (``numpy.quantile``'s default method)."""
    values = _final(_summaries("baseline", overrides, seeds), outcome).to_numpy()
    right = np.quantile(values, [(1 - level) / 2, (1 + level) / 2])
    numbers = [_number(low), _number(high)]
    if None in numbers:
        return _told(False, "both bounds should be numbers.")
    if _close(numbers[0], right[0], 1e-9) and _close(numbers[1], right[1], 1e-9):
        return _told(True, f"{level:.0%} of the runs end between {right[0]:.4g} and {right[1]:.4g}.")
    if numbers[0] > numbers[1]:
        return _told(False, "the low bound is above the high one.")
    wide = np.quantile(values, [0.0, 1.0])
    if _close(numbers[0], wide[0], 1e-9) and _close(numbers[1], wide[1], 1e-9):
        return _told(False, "that is the full range of the runs; take the quantiles (1 - level) / 2 and (1 + level) / 2.")
    return _told(False, f"take the quantiles {(1 - level) / 2:g} and {(1 + level) / 2:g} of the outcome across the runs.")


# ----------------------------------------------------------------------------- 05 own claim


VERDICTS = ("supported", "refuted", "undecided")


@dataclass(frozen=True)
class Claim:
    """A claim of one's own, stated before it runs: ``scenario`` moves ``outcome`` (a headline
    key) against ``reference`` in ``direction`` (+1 up, -1 down) by at least ``minimum_effect``
    (in the outcome's unit; shares as fractions), seed by seed.

    The refutation rule: supported when the low end of the central 90% of the paired
    differences (times ``direction``) is at least ``minimum_effect``; refuted when the high
    end is below it; undecided otherwise.
    """

    statement: str
    scenario: str
    reference: str
    outcome: str
    direction: int
    minimum_effect: float


def judge(claim: Claim, comparison: pd.DataFrame) -> str:
    """The verdict the refutation rule gives on a :func:`sim.compare` table."""
    row = comparison[(comparison["scenario"] == claim.scenario) & (comparison["outcome"] == claim.outcome)].iloc[0]
    bounds = sorted(claim.direction * row[key] for key in ("low_90", "high_90"))
    if bounds[0] >= claim.minimum_effect:
        return "supported"
    if bounds[1] < claim.minimum_effect:
        return "refuted"
    return "undecided"


def check_claim(claim: Claim, verdict: object, overrides: Sequence[str], seeds: Sequence[int]) -> Verdict:
    """05: the claim is stated completely, and ``verdict`` is what its rule gives."""
    if len(claim.statement.split()) < 4:
        return _told(False, "write the claim out in a sentence first: what moves, which way, by how much.")
    if claim.outcome not in HEADLINES:
        return _told(False, f"outcome {claim.outcome!r}: one of {', '.join(HEADLINES)}.")
    if claim.direction not in (-1, 1):
        return _told(False, "direction is +1 (the scenario raises the outcome) or -1 (lowers it).")
    if not claim.minimum_effect > 0:
        return _told(False, "a minimum effect above 0: a claim that any change supports it cannot be refuted.")
    if verdict not in VERDICTS:
        return _told(False, f"the verdict is one of {', '.join(VERDICTS)}, not {verdict!r}.")
    summary = pd.concat([_summaries(s, overrides, seeds) for s in (claim.reference, claim.scenario)],
                        ignore_index=True)
    right = judge(claim, compare(summary, claim.reference))
    if verdict == right:
        return _told(True, f"by its own rule the claim is {right} on {len(seeds)} common seeds.")
    return _told(False, "apply the rule to the central 90% of the paired differences "
                        "(sim.compare's low_90 and high_90, times the direction).")


# ----------------------------------------------------------------------------- 06 sensitivity


def swing(key: str, outcome: str, overrides: Sequence[str], seeds: Sequence[int]) -> float:
    """The mean, over common seeds, of an outcome (a headline key, last summary month) with
    parameter ``key`` at the high end of its plausible range minus at the low end."""
    ends = []
    for bound in plausible_range(key).bounds:
        cfg = compose("baseline", [*overrides, f"{key}={bound}"])
        ends.append(_final(_summaries(cfg, overrides, seeds), outcome).to_numpy())
    return float(np.mean(ends[1] - ends[0]))


def check_swings(swings: Mapping[str, object], outcome: str, overrides: Sequence[str],
                 seeds: Sequence[int]) -> Verdict:
    """06: each parameter's swing (:func:`swing`), and so which moves the outcome most."""
    wrong = []
    rights = {}
    for key, answer in swings.items():
        rights[key] = swing(key, outcome, overrides, seeds)
        value = _number(answer)
        if value is None or not _close(value, rights[key], 1e-9):
            wrong.append(key)
    if wrong:
        return _told(False, "not the swing of " + ", ".join(wrong) + ": run the baseline with the parameter "
                            "at the high end, then the low end of its plausible range, same seeds, and "
                            "average high minus low.")
    biggest = max(rights, key=lambda k: abs(rights[k]))
    return _told(True, f"{biggest} moves {outcome} most ({rights[biggest]:+.3g}).")


# ----------------------------------------------------------------------------- 07 calibration


def mean_adopting(results, region: str, first: str, last: str) -> float:
    """The mean share of a region's adopters using any model over the months first..last."""
    markets = results.markets
    rows = markets[(markets["region"] == region) & markets["date"].between(first, last)]
    return float(rows["adopting"].mean())


def calibration_errors(key: str, grid: Sequence[float], target_value: float, region: str, first: str,
                       last: str, overrides: Sequence[str], seeds: Sequence[int]) -> dict[float, float]:
    """For each value of ``key`` in ``grid``: the distance of the seeds' mean of
    :func:`mean_adopting` from ``target_value``."""
    errors = {}
    for value in grid:
        cfg = compose("baseline", [*overrides, f"{key}={value}"])
        shares = [mean_adopting(run(cfg, seed=seed), region, first, last) for seed in seeds]
        errors[float(value)] = abs(float(np.mean(shares)) - target_value)
    return errors


def check_calibration(answer: object, key: str, grid: Sequence[float], target_value: float, region: str,
                      first: str, last: str, overrides: Sequence[str], seeds: Sequence[int]) -> Verdict:
    """07: ``answer`` is the value of ``grid`` whose runs come closest to the target."""
    errors = calibration_errors(key, grid, target_value, region, first, last, overrides, seeds)
    best = min(errors, key=errors.get)
    value = _number(answer)
    if value is None or value not in errors:
        return _told(False, f"choose one of the grid's values: {', '.join(f'{v:g}' for v in errors)}.")
    if value == best:
        return _told(True, f"{key} = {best:g} comes closest: {errors[best]:.4f} from the target.")
    return _told(False, f"{key} = {value:g} misses by {errors[value]:.4f}; another value of the grid comes closer.")


# ----------------------------------------------------------------------------- 08 instrument


def check_instrument(cfg: ModelConfig, kind: str, target: str, overrides: Sequence[str], seed: int) -> Verdict:
    """08: ``cfg`` is the baseline plus one timeline event of ``kind`` on ``target``, which
    validates and fires in the run (it appears in the events table)."""
    baseline = compose("baseline", overrides)
    added = sorted(set(cfg.timeline) - set(baseline.timeline))
    if len(added) != 1:
        return _told(False, f"add exactly one event to cfg.timeline (found {len(added)} new).")
    event = cfg.timeline[added[0]]
    if (event.kind, event.target) != (kind, target):
        return _told(False, f"the event should be of kind {kind!r} on {target!r}, not {event.kind!r} on {event.target!r}.")
    others = [key for key in _differences(cfg, baseline) if not key.startswith(f"timeline.{added[0]}")]
    if others:
        return _told(False, "change nothing else: " + ", ".join(others))
    try:
        validate(cfg)
    except Exception as error:  # the config's checks say what is wrong with the event
        return _told(False, f"the event does not pass the checks: {error}")
    events = run(cfg, seed=seed).events
    fired = events[events["date"] == pd.Timestamp(event.date)]
    if fired.empty:
        return _told(False, f"nothing happened in {event.date}: is the date inside the run?")
    return _told(True, f"{added[0]} fires in {event.date}.")
