"""The dated figures of the domain brief (T1-T23) as quantities the model produces.

The figures themselves, each with the months it was observed over, are data in
:mod:`sim.observed`. A :class:`Target` adds how to read the model's value from a run's
tables over those months, the scale it is scored on, and a tolerance (how far a run's
mean may sit from the observed value and still count as a hit). Tolerances are wide where
the source is a secondary summary or the model's quantity is a proxy; each says why.
Figures the model has no quantity for are listed in :data:`NOT_MODELLED` with the reason.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd

import sim
from sim.calendar import month_timestamp, parse_month
from sim.observed import OBSERVED, Level

Measure = Callable[[sim.Results, Level], float]
"""The model's value of an observed level in a run, read over the level's months."""


@dataclass(frozen=True)
class Target:
    """One figure to calibrate against, on the scale it is scored on."""

    id: str
    figure: str
    observed: float
    tolerance: float
    unit: str
    measure: Callable[[sim.Results], float]
    why: str  # why this tolerance, and what the model's quantity stands for


def _level(target_id: str, tolerance: float, measure: Measure, why: str, log10: bool = False) -> Target:
    """A target of an observed level, scored as observed or (``log10``) as its log10."""
    seen = OBSERVED[target_id]
    assert isinstance(seen, Level), target_id
    observed, unit = (float(np.log10(seen.value)), f"log10 {seen.unit}") if log10 else (seen.value, seen.unit)
    return Target(target_id, seen.figure, observed, tolerance, unit, lambda r: measure(r, seen), why)


def _milestone(target_id: str, column: str, why: str) -> Target:
    """A target of an observed milestone, against the month the run's summary ``column`` dates
    it, with the milestone's own tolerance."""
    seen = OBSERVED[target_id]
    return Target(target_id, seen.figure, _month_number(seen.month), seen.tolerance_months,
                  "months since 2022-01",
                  lambda r: _month_number(r.summary[column].iloc[0]), why)


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
    """log10 of the yearly growth of the largest Chinese lab's compute stock (what it trains on)."""
    labs = _between(r.labs, seen.first, seen.last)
    top = labs[labs["origin"] == "CN"].groupby("date")["compute"].max()
    if len(top) < 6:
        return np.nan
    years = (top.index - top.index[0]).days / 365.25
    return float(np.polyfit(years, np.log10(top.to_numpy()), 1)[0])


def _log10_price(lab: str) -> Measure:
    def measure(r: sim.Results, seen: Level) -> float:
        labs = _at(r.labs, seen.last)
        return float(np.log10(labs.loc[labs["lab"] == lab, "price"].iloc[0]))

    return measure


def _yearly_price_fall_at_gpt4_level(r: sim.Results, seen: Level) -> float:
    """log10 of the yearly fall of the cheapest price of GPT-4-level capability: each month the
    lowest ``reference_price`` (a lab's price of ``pricing.reference_capability``, GPT-4, at
    its own markup), as Epoch takes the cheapest model at or above the level."""
    labs = _between(r.labs, seen.first, seen.last)
    cheapest = labs.groupby("date")["reference_price"].min().dropna()
    if len(cheapest) < 6:
        return np.nan
    years = (cheapest.index - cheapest.index[0]).days / 365.25
    slope = np.polyfit(years, np.log10(cheapest.to_numpy()), 1)[0]
    return float(-slope)


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


NO_REVENUE = 1e-3
"""US$ billion (one million) that a lab's revenue is counted as at least, so that a run in which
it earns nothing scores as a large but finite miss on the log10 scale."""


def _revenue(lab: str) -> Measure:
    """log10 of a lab's revenue summed over the level's months (US$ billion)."""

    def measure(r: sim.Results, seen: Level) -> float:
        labs = _between(r.labs, seen.first, seen.last)
        return float(np.log10(max(labs.loc[labs["lab"] == lab, "revenue"].sum(), NO_REVENUE)))

    return measure


def _annualised_revenue(lab: str) -> Measure:
    """log10 of a lab's revenue in the level's last month times 12 (US$ billion a year), as
    run-rates are."""

    def measure(r: sim.Results, seen: Level) -> float:
        labs = _at(r.labs, seen.last)
        return float(np.log10(max(12.0 * labs.loc[labs["lab"] == lab, "revenue"].sum(), NO_REVENUE)))

    return measure


_RUN_RATE = ("run-rates are press estimates and the model's revenue is API spending only (its "
             "adopters' paid use stands for subscriptions too): a factor of 2.5 either way")

def _huawei_in_africa(r: sim.Results, seen: Level) -> float:
    """1 if Huawei Cloud decided to enter Africa by the level's last month."""
    events = r.events[r.events["date"] <= month_timestamp(seen.last)]
    entered = (events["agent"] == "huawei_cloud") & (events["change"] == "enter_region") & (events["region"] == "AFRICA")
    return float(entered.any())


TARGETS: list[Target] = [
    _level("E1", 4.0, _market_at_end("frontier_us"), "about four months of frontier progress"),
    _level("E2", 4.0, _market_at_end("frontier_us"), "as E1"),
    _level("E3", 4.0, _market_at_end("frontier_us"), "as E1"),
    _level("E4", 4.0, _market_at_end("frontier_cn"), "as E1"),
    _level("E5", 4.0, _market_at_end("frontier_cn"), "as E1"),
    _level("T21a", 0.08, _market_at_end("adopting", "global_north"),
           "adopters are organisations and developers, not people: a proxy, so a wide band"),
    _level("T21b", 0.06, _market_at_end("adopting", "global_south"), "as T21a"),
    _level("T16", 3.0, _mean_market("china_lag_months"),
           "Epoch reports a 7-month mean with a 4-14 month range"),
    _level("T15", 2.0, _mean_market("open_lag_months"), "Epoch's 90% interval is 1.1-5.3 months"),
    _level("T1", 0.1, _download_share_cn, "downloads are a proxy (self-hosters and derivatives)"),
    _milestone("T2", "cn_downloads_exceed_us",
               "one month read from a press report; the proxy lags or leads by months"),
    _milestone("T3", "qwen_overtakes_llama", "as T2"),
    _level("T14", 0.1, _closed_share_outside_china,
           "OpenRouter users are developers; adopters count, not tokens"),
    _level("T13", 0.07, _chinese_share_outside_china,
           "13% of OpenRouter tokens on average; adopters count, not tokens"),
    _level("T22", 0.15, _deepseek_share_in_china,
           "a survey of country use; the model's share among Chinese adopters using a model"),
    _level("T20", 0.1, _us_compute_share, "cluster compute of all firms; the model counts its labs' stocks"),
    _level("T18a", 0.3, _log10_price("openai"), "a factor of 2 either way", log10=True),
    _level("T18b", 0.3, _log10_price("deepseek"), "a factor of 2 either way", log10=True),
    _level("T19", 0.3, _log10_price("deepseek"), "as T18b", log10=True),
    _level("T20b", 0.2, _yearly_growth_of_top_chinese_compute,
           "Epoch's trend of top models; the model's largest Chinese compute stock, a factor 1.6 either way",
           log10=True),
    _level("T17", 0.5, _yearly_price_fall_at_gpt4_level, "Epoch's range is 9x-900x by level", log10=True),
    _level("R1", 0.3, _revenue("openai"), "a reported year's revenue, API spending standing for all paid "
           "use: a factor of 2 either way", log10=True),
    _level("R2", 0.4, _annualised_revenue("anthropic"), _RUN_RATE, log10=True),
    _level("R3", 0.4, _annualised_revenue("anthropic"), _RUN_RATE, log10=True),
    _level("R4", 0.4, _annualised_revenue("mistral"), _RUN_RATE, log10=True),
    _level("T5", 0.5, _us_leads_frontier, "a yes/no outcome: hit when most replications agree"),
    _level("T6", 0.5, _chinese_open_ahead_of_us_open, "as T5"),
    _level("T7", 0.5, _open_ranking_hit, "as T5"),
    _level("D1", 0.5, _huawei_in_africa, "as T5; the observed month is 2025-02, the window runs to 2025-12"),
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
