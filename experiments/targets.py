"""The dated figures of the domain brief (T1-T23) as quantities the model produces, and the
one strict scorer of runs against them.

The figures themselves, each with the months it was observed over, are data in
:mod:`sim.observed`. A :class:`Target` adds how to read the model's value from a run's
tables over those months, the scale it is scored on, a tolerance (how far the model's mean
over replications may sit from the observed value and still count as a hit), and, for the
history matching (``experiments/history.py``), the observation's standard deviation and the
model discrepancy, each with its reason. Figures the model has no quantity for are listed
in :data:`NOT_MODELLED` with the reason.

Scoring is strict (:func:`score`): a level is hit when the mean over replications lies
within its tolerance and the run produces it in every replication; a milestone that does
not happen in a replication is counted at the month after the run's end (never dropped
from the mean), and is a miss unless it happens in more than half of them; a yes/no target
is the probability of "yes" over replications, hit when it exceeds :data:`YES_THRESHOLD`.
Every mean comes with its Monte Carlo error.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

import sim
from sim.calendar import month_timestamp, parse_month
from sim.observed import OBSERVED, Level

Measure = Callable[[sim.Results, Level], float]
"""The model's value of an observed level in a run, read over the level's months."""

LEVEL, MILESTONE, YES_NO = "level", "milestone", "yes/no"
"""The kinds of target: a quantity, the month an event first happens, an outcome that
happens or not."""

YES_THRESHOLD = 0.5
"""A yes/no target is hit when its outcome happens in more than this share of the
replications (more likely than not); a milestone must happen in more than this share too."""


@dataclass(frozen=True)
class Target:
    """One figure to calibrate against, on the scale it is scored on."""

    id: str
    figure: str
    kind: str  # LEVEL, MILESTONE or YES_NO
    observed: float
    tolerance: float
    unit: str
    measure: Callable[[sim.Results], float]
    why: str  # why this tolerance, and what the model's quantity stands for
    observation_sd: float  # standard deviation of the observed figure, on the scored scale
    discrepancy_sd: float  # how far the model's quantity may sit from the observed one at its best
    uncertainty: str  # what the two standard deviations rest on


def _level(target_id: str, tolerance: float, measure: Measure, why: str, sd: tuple[float, float, str],
           log10: bool = False) -> Target:
    """A target of an observed level, scored as observed or (``log10``) as log10 of the
    observed and the measured values; ``sd`` is (observation sd, discrepancy sd, reason)."""
    seen = OBSERVED[target_id]
    assert isinstance(seen, Level), target_id
    kind = YES_NO if seen.unit == "yes/no" else LEVEL
    if log10:
        return Target(target_id, seen.figure, kind, float(np.log10(seen.value)), tolerance, f"log10 {seen.unit}",
                      lambda r: _log10(measure(r, seen)), why, *sd)
    return Target(target_id, seen.figure, kind, seen.value, tolerance, seen.unit, lambda r: measure(r, seen), why, *sd)


def _log10(value: float) -> float:
    return float(np.log10(value)) if np.isfinite(value) and value > 0 else np.nan


def _milestone(target_id: str, column: str, why: str, sd: tuple[float, float, str]) -> Target:
    """A target of an observed milestone, against the month the run's summary ``column`` dates
    it, with the milestone's own tolerance."""
    seen = OBSERVED[target_id]
    return Target(target_id, seen.figure, MILESTONE, _month_number(seen.month), seen.tolerance_months,
                  "months since 2022-01",
                  lambda r: _month_number(r.summary[column].iloc[0]), why, *sd)


def _at(frame: pd.DataFrame, month: str) -> pd.DataFrame:
    return frame[frame["date"] == month_timestamp(month)]


def _between(frame: pd.DataFrame, first: str, last: str) -> pd.DataFrame:
    return frame[(frame["date"] >= month_timestamp(first)) & (frame["date"] <= month_timestamp(last))]


def market(results: sim.Results, column: str, region: str = "world", month: str | None = None) -> float:
    """A ``markets`` indicator of a region (or group, or the world) in ``month`` (YYYY-MM;
    the run's last month if None)."""
    rows = results.markets[results.markets["region"] == region]
    date = rows["date"].max() if month is None else month_timestamp(month)
    return float(rows.loc[rows["date"] == date, column].iloc[0])


def _month_number(text: str) -> float:
    """Month as a number of months since 2022-01 (NaN if the event never happened)."""
    return float(parse_month(text) - parse_month("2022-01")) if text else np.nan


def _market_at_end(column: str, region: str = "world") -> Measure:
    """A ``markets`` indicator in the level's last month."""
    return lambda r, seen: market(r, column, region, seen.last)


def _mean_market(column: str) -> Measure:
    """The world's mean of a ``markets`` indicator over the level's months."""

    def measure(r: sim.Results, seen: Level) -> float:
        world = r.markets[r.markets["region"] == "world"]
        return float(_between(world, seen.first, seen.last)[column].mean())

    return measure


def _download_share_cn(r: sim.Results, seen: Level) -> float:
    window = _between(r.open_models, seen.first, seen.last)
    by_origin = window.groupby("origin", observed=True)["downloads"].sum()
    us, cn = by_origin.get("US", 0.0), by_origin.get("CN", 0.0)
    return float(cn / (us + cn)) if us + cn > 0 else np.nan


def _outside_china(r: sim.Results, seen: Level) -> pd.DataFrame:
    a = _between(r.adoption, seen.first, seen.last)
    return a[(a["region"] != "CN") & (a["lab"] != "none")]


def _closed_share_outside_china(r: sim.Results, seen: Level) -> float:
    a = _outside_china(r, seen)
    strategies = r.labs.set_index(["date", "lab"])["strategy"]
    strategy = strategies.reindex(pd.MultiIndex.from_arrays([a["date"], a["lab"].astype(str)])).to_numpy()
    closed = (a["mode"].to_numpy() == "api") & (strategy != "open")
    return float(a["adopters"].to_numpy()[closed].sum() / max(a["adopters"].sum(), 1))


def _chinese_share_outside_china(r: sim.Results, seen: Level) -> float:
    a = _outside_china(r, seen)
    return float(a.loc[a["origin"] == "CN", "adopters"].sum() / max(a["adopters"].sum(), 1))


def _deepseek_share_in_china(r: sim.Results, seen: Level) -> float:
    a = _at(r.adoption, seen.last)
    a = a[(a["region"] == "CN") & (a["lab"] != "none")]
    return float(a.loc[a["lab"] == "deepseek", "adopters"].sum() / max(a["adopters"].sum(), 1))


def _us_compute_share(r: sim.Results, seen: Level) -> float:
    labs = _at(r.labs, seen.last)
    by_bloc = labs.groupby("origin", observed=True)["compute"].sum()
    return float(by_bloc.get("US", 0.0) / (by_bloc.get("US", 0.0) + by_bloc.get("CN", 0.0)))


def _yearly_growth_of_top_chinese_compute(r: sim.Results, seen: Level) -> float:
    """Yearly growth factor of the largest Chinese lab's compute stock (what it trains on)."""
    labs = _between(r.labs, seen.first, seen.last)
    top = labs[labs["origin"] == "CN"].groupby("date")["compute"].max()
    if len(top) < 6:
        return np.nan
    years = (top.index - top.index[0]).days / 365.25
    return float(10 ** np.polyfit(years, np.log10(top.to_numpy()), 1)[0])


def _price(lab: str) -> Measure:
    """A lab's API price in the level's last month (US$ per million tokens)."""

    def measure(r: sim.Results, seen: Level) -> float:
        labs = _at(r.labs, seen.last)
        return float(labs.loc[labs["lab"] == lab, "price"].iloc[0])

    return measure


def _yearly_price_fall_at_gpt4_level(r: sim.Results, seen: Level) -> float:
    """Yearly factor by which the cheapest price of GPT-4-level capability falls: each month the
    lowest ``reference_price`` (a lab's price of ``pricing.reference_capability``, GPT-4, at
    its own markup), as Epoch takes the cheapest model at or above the level."""
    labs = _between(r.labs, seen.first, seen.last)
    cheapest = labs.groupby("date")["reference_price"].min().dropna()
    if len(cheapest) < 6:
        return np.nan
    years = (cheapest.index - cheapest.index[0]).days / 365.25
    slope = np.polyfit(years, np.log10(cheapest.to_numpy()), 1)[0]
    return float(10 ** -slope)


def _open_ranking_hit(r: sim.Results, seen: Level) -> float:
    """1 if DeepSeek then Qwen lead open-weight use outside China in the level's month."""
    a = _outside_china(r, seen)
    strategies = _at(r.labs, seen.last).set_index("lab")["strategy"]
    open_labs = [lab for lab, s in strategies.items() if s == "open"]
    used = a[a["lab"].isin(open_labs) | (a["mode"] == "self_host")].groupby("lab", observed=True)["adopters"].sum()
    top = list(used.sort_values(ascending=False).index[:2])
    return float(top == ["deepseek", "alibaba"])


def _us_leads_frontier(r: sim.Results, seen: Level) -> float:
    return float(market(r, "frontier_us", month=seen.last) > market(r, "frontier_cn", month=seen.last))


def _chinese_open_ahead_of_us_open(r: sim.Results, seen: Level) -> float:
    labs = _at(r.labs, seen.last)
    best = labs.groupby("origin", observed=True)["weights_capability"].max()
    return float(best.get("CN", -np.inf) > best.get("US", -np.inf))


def _revenue(lab: str) -> Measure:
    """A lab's revenue summed over the level's months (US$ billion)."""

    def measure(r: sim.Results, seen: Level) -> float:
        labs = _between(r.labs, seen.first, seen.last)
        return float(labs.loc[labs["lab"] == lab, "revenue"].sum())

    return measure


def _annualised_revenue(lab: str) -> Measure:
    """A lab's revenue in the level's last month times 12 (US$ billion a year), as run-rates are."""

    def measure(r: sim.Results, seen: Level) -> float:
        labs = _at(r.labs, seen.last)
        return 12.0 * float(labs.loc[labs["lab"] == lab, "revenue"].sum())

    return measure


_RUN_RATE = ("run-rates are press estimates and the model's revenue is API spending only (its "
             "adopters' paid use stands for subscriptions too): a factor of 2.5 either way")

def _huawei_in_africa(r: sim.Results, seen: Level) -> float:
    """1 if Huawei Cloud decided to enter Africa by the level's last month."""
    events = r.events[r.events["date"] <= month_timestamp(seen.last)]
    entered = (events["agent"] == "huawei_cloud") & (events["change"] == "enter_region") & (events["region"] == "AFRICA")
    return float(entered.any())


_ECI_SD = (1.0, 2.0, "Epoch's scores carry about a point of fitting error; the model's frontier is a smooth "
           "path where the record steps with each release")
_YES = (0.0, 0.2, "the outcome was observed; the model's event stands for it only roughly, so its "
        "probability may fall 0.2 short of certainty at the best parameters")

TARGETS: list[Target] = [
    _level("E1", 4.0, _market_at_end("frontier_us"), "about four months of frontier progress", _ECI_SD),
    _level("E2", 4.0, _market_at_end("frontier_us"), "as E1", _ECI_SD),
    _level("E3", 4.0, _market_at_end("frontier_us"), "as E1", _ECI_SD),
    _level("E4", 4.0, _market_at_end("frontier_cn"), "as E1", _ECI_SD),
    _level("E5", 4.0, _market_at_end("frontier_cn"), "as E1", _ECI_SD),
    _level("T21a", 0.08, _market_at_end("adopting", "global_north"),
           "adopters are organisations and developers, not people: a proxy, so a wide band",
           (0.02, 0.04, "a survey's sampling and definitions; organisations stand for people")),
    _level("T21b", 0.06, _market_at_end("adopting", "global_south"), "as T21a",
           (0.02, 0.03, "as T21a")),
    _level("T16", 3.0, _mean_market("china_lag_months"),
           "Epoch reports a 7-month mean with a 4-14 month range",
           (1.5, 1.5, "the mean of a 4-14 month range; the model's lag is of running maxima")),
    _level("T15", 3.0, _mean_market("open_lag_months"),
           "the same measure on the data; the data's months of release are uncertain by weeks",
           (1.5, 1.5, "a lag of running maxima moves by months with one model's score or date; "
                      "the model's frontiers are smoother than the record's")),
    _level("T1", 0.1, _download_share_cn, "downloads are a proxy (self-hosters and derivatives)",
           (0.03, 0.05, "one platform's counts; the model's downloads are a proxy")),
    _milestone("T2", "cn_downloads_exceed_us",
               "one month read from a press report; the proxy lags or leads by months",
               (1.0, 3.0, "a month read from a press report; the proxy leads or lags by a few months")),
    _milestone("T3", "qwen_overtakes_llama", "as T2", (1.0, 3.0, "as T2")),
    _level("T14", 0.1, _closed_share_outside_china,
           "OpenRouter users are developers; adopters count, not tokens",
           (0.05, 0.05, "one platform's usage; adopters count, not tokens")),
    _level("T13", 0.07, _chinese_share_outside_china,
           "13% of OpenRouter tokens on average; adopters count, not tokens",
           (0.03, 0.04, "as T14; the average hides a rise from 1% to 30%")),
    _level("T22", 0.15, _deepseek_share_in_china,
           "a survey of country use; the model's share among Chinese adopters using a model",
           (0.05, 0.08, "a survey of country use; the model's Chinese adopters are organisations")),
    _level("T20", 0.1, _us_compute_share, "cluster compute of all firms; the model counts its labs' stocks",
           (0.05, 0.05, "Epoch's cluster census; the model counts only its labs' stocks")),
    _level("T18a", 0.3, _price("openai"), "a factor of 2 either way",
           (0.05, 0.15, "list prices are exact, the 3:1 blend is not; one price per lab"), log10=True),
    _level("T18b", 0.3, _price("deepseek"), "a factor of 2 either way", (0.05, 0.15, "as T18a"), log10=True),
    _level("T19", 0.3, _price("deepseek"), "as T18b", (0.05, 0.15, "as T18a"), log10=True),
    _level("T20b", 0.2, _yearly_growth_of_top_chinese_compute,
           "Epoch's trend of top models; the model's largest Chinese compute stock, a factor 1.6 either way",
           (0.1, 0.1, "a fitted trend over few models; a stock of compute stands for training runs"), log10=True),
    _level("T17", 0.5, _yearly_price_fall_at_gpt4_level, "Epoch's range is 9x-900x by level",
           (0.25, 0.2, "Epoch's falls span 9x-900x a year by level; 40x at GPT-4 level"), log10=True),
    _level("R1", 0.3, _revenue("openai"), "a reported year's revenue, API spending standing for all paid "
           "use: a factor of 2 either way", (0.05, 0.15, "reported by the press; API spending stands for all "
           "paid use"), log10=True),
    _level("R2", 0.4, _annualised_revenue("anthropic"), _RUN_RATE,
           (0.1, 0.2, "press estimates of run-rates; API spending stands for all paid use"), log10=True),
    _level("R3", 0.4, _annualised_revenue("anthropic"), _RUN_RATE, (0.1, 0.2, "as R2"), log10=True),
    _level("R4", 0.4, _annualised_revenue("mistral"), _RUN_RATE, (0.1, 0.2, "as R2"), log10=True),
    _level("T5", 0.5, _us_leads_frontier, "a yes/no outcome", _YES),
    _level("T6", 0.5, _chinese_open_ahead_of_us_open, "a yes/no outcome", _YES),
    _level("T7", 0.5, _open_ranking_hit, "a yes/no outcome", _YES),
    _level("D1", 0.5, _huawei_in_africa, "a yes/no outcome; the observed month is 2025-02, the window runs to "
           "2025-12", _YES),
]

NOT_MODELLED = {
    "T4": "the same quantity as T16 (China's lag), counted once there",
    "T8": "Greater-China VC fundraising is an input (the timeline's vc_climate events), not an outcome",
    "T9": "DeepSeek-V3's training cost: the model has no per-run training cost",
    "T10": "licence changes are decisions, scored per lab in the hindcast (sim.observed.SWITCHES)",
    "T11": "security findings are an input (adoption.risk)",
    "T12": "Meta's switch is a decision, scored in the hindcast (sim.observed.SWITCHES, S11)",
    "T23": "national models' bases: the model has no named national models",
}

TARGET_BY_ID: dict[str, Target] = {t.id: t for t in TARGETS}


def month_after(month: str) -> float:
    """The month after ``month`` (YYYY-MM) in months since 2022-01: where a milestone that a
    run ending in ``month`` never reaches is counted."""
    return _month_number(month) + 1.0


@dataclass(frozen=True)
class Ensemble:
    """A target over the replications of one parameter point: the mean of its values, their
    variance, how many replications, and in how many the value exists (a level the run
    produces; a milestone that happens; for yes/no, the replications answering yes)."""

    mean: float
    variance: float
    replications: int
    present: int

    @property
    def mc_error(self) -> float:
        """Monte Carlo standard error of the mean."""
        return math.sqrt(self.variance / self.replications) if self.replications else math.nan


def ensemble(target: Target, values: Sequence[float], censor: float) -> Ensemble:
    """The ensemble statistic of ``target`` from one value per replication (NaN where the run
    has none). A milestone missing in a replication counts at ``censor`` (the month after the
    run's end); a level missing in any replication leaves the mean over the others; a yes/no
    target's mean is the share of yes, with binomial variance."""
    v = np.asarray(values, dtype=float)
    present = np.isfinite(v)
    n = len(v)
    if target.kind == MILESTONE:
        v = np.where(present, v, censor)
    elif target.kind == YES_NO:
        p = float(np.mean(v == target.observed))
        mean = p if target.observed == 1.0 else 1.0 - p
        return Ensemble(mean, p * (1 - p), n, int(np.sum(v == 1.0)))
    else:
        v = v[present]
    if not len(v):
        return Ensemble(math.nan, math.nan, n, 0)
    variance = float(np.var(v, ddof=1)) if len(v) > 1 else 0.0
    return Ensemble(float(np.mean(v)), variance, n, int(present.sum()))


def share_hit(share: float) -> bool:
    """Whether an outcome seen in ``share`` of the replications counts as happening."""
    return share > YES_THRESHOLD


def is_hit(target: Target, stats: Ensemble) -> bool:
    """The strict rule: a level within tolerance and produced in every replication; a
    milestone within tolerance (missing replications counted late) and happening in most of
    them; a yes/no target more likely than not."""
    if target.kind == YES_NO:
        return share_hit(stats.mean)
    if stats.replications == 0 or not math.isfinite(stats.mean):
        return False
    within = abs(stats.mean - target.observed) <= target.tolerance
    if target.kind == MILESTONE:
        return within and share_hit(stats.present / stats.replications)
    return within and stats.present == stats.replications


def score(values: pd.DataFrame, censor: float) -> pd.DataFrame:
    """Every target scored strictly over replications.

    ``values`` has one row per replication and one column per target id (NaN where the run
    has no value); ``censor`` is where a milestone that never happens counts (see
    :func:`month_after`). One row per target: observed, tolerance, unit, kind, the mean and
    its Monte Carlo error, the 5% and 95% quantiles over replications, how many
    replications produced the value, and hit.
    """
    rows = []
    for t in TARGETS:
        column = values[t.id].to_numpy(dtype=float)
        stats = ensemble(t, column, censor)
        finite = column[np.isfinite(column)] if t.kind != MILESTONE else np.where(np.isfinite(column), column, censor)
        low, high = np.quantile(finite, [0.05, 0.95]) if len(finite) else (math.nan, math.nan)
        rows.append({"id": t.id, "figure": t.figure, "kind": t.kind, "observed": t.observed,
                     "tolerance": t.tolerance, "unit": t.unit, "mean": stats.mean, "mc_error": stats.mc_error,
                     "p05": float(low), "p95": float(high), "present": stats.present,
                     "replications": stats.replications, "hit": is_hit(t, stats), "why": t.why})
    return pd.DataFrame(rows)


def measure_all(results: sim.Results) -> dict[str, float]:
    """Every target's value in one run (NaN where the run has none)."""
    return {t.id: t.measure(results) for t in TARGETS}
