"""The dated figures of the domain brief (T1-T23) as quantities the model produces.

Each :class:`Target` names its figure, how to read the model's value from a run's tables,
the observed value and a tolerance (how far a run's mean may sit from it and still count
as a hit). Tolerances are wide where the source is a secondary summary or the model's
quantity is a proxy; each says why. Figures the model has no quantity for are listed in
:data:`NOT_MODELLED` with the reason.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd

import sim
from sim.calendar import month_timestamp, parse_month


@dataclass(frozen=True)
class Target:
    """One figure to calibrate against."""

    id: str
    figure: str
    observed: float
    tolerance: float
    unit: str
    measure: Callable[[sim.Results], float]
    why: str  # why this tolerance, and what the model's quantity stands for


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


def _mean_market(r: sim.Results, column: str, first: str, last: str) -> float:
    world = r.markets[r.markets["region"] == "world"]
    return float(_between(world, first, last)[column].mean())


def _month_number(text: str) -> float:
    """Month as a number of months since 2022-01 (NaN if the event never happened)."""
    return float(parse_month(text) - parse_month("2022-01")) if text else np.nan


T1_WINDOW = ("2024-08", "2025-08")
"""The months over which T1 measures the Chinese share of open-model downloads."""


def _download_share_cn(r: sim.Results) -> float:
    window = _between(r.open_models, *T1_WINDOW)
    by_origin = window.groupby("origin", observed=True)["downloads"].sum()
    us, cn = by_origin.get("US", 0.0), by_origin.get("CN", 0.0)
    return float(cn / (us + cn)) if us + cn > 0 else np.nan


def _outside_china(r: sim.Results, month_first: str, month_last: str) -> pd.DataFrame:
    a = _between(r.adoption, month_first, month_last)
    return a[(a["region"] != "CN") & (a["lab"] != "none")]


def _closed_share_outside_china(r: sim.Results) -> float:
    a = _outside_china(r, "2025-10", "2025-12")
    strategies = r.labs.set_index(["date", "lab"])["strategy"]
    strategy = strategies.reindex(pd.MultiIndex.from_arrays([a["date"], a["lab"].astype(str)])).to_numpy()
    closed = (a["mode"].to_numpy() == "api") & (strategy != "open")
    return float(a["adopters"].to_numpy()[closed].sum() / max(a["adopters"].sum(), 1))


def _chinese_share_outside_china(r: sim.Results) -> float:
    a = _outside_china(r, "2024-11", "2025-11")
    return float(a.loc[a["origin"] == "CN", "adopters"].sum() / max(a["adopters"].sum(), 1))


def _deepseek_share_in_china(r: sim.Results) -> float:
    a = _at(r.adoption, "2025-12")
    a = a[(a["region"] == "CN") & (a["lab"] != "none")]
    return float(a.loc[a["lab"] == "deepseek", "adopters"].sum() / max(a["adopters"].sum(), 1))


def _us_compute_share(r: sim.Results) -> float:
    labs = _at(r.labs, "2025-05")
    by_bloc = labs.groupby("origin", observed=True)["compute"].sum()
    return float(by_bloc.get("US", 0.0) / (by_bloc.get("US", 0.0) + by_bloc.get("CN", 0.0)))


def _price(lab: str, month: str) -> Callable[[sim.Results], float]:
    def measure(r: sim.Results) -> float:
        labs = _at(r.labs, month)
        return float(np.log10(labs.loc[labs["lab"] == lab, "price"].iloc[0]))

    return measure


def _yearly_price_fall_at_gpt4_level(r: sim.Results) -> float:
    """log10 of the yearly fall of the cheapest price of a model at GPT-4 level (ECI >= 126)."""
    labs = _between(r.labs, "2023-03", "2025-12")
    able = labs[labs["capability"] >= 126.0]
    cheapest = able.groupby("date")["price"].min()
    if len(cheapest) < 6:
        return np.nan
    years = (cheapest.index - cheapest.index[0]).days / 365.25
    slope = np.polyfit(years, np.log10(cheapest.to_numpy()), 1)[0]
    return float(-slope)


def _open_ranking_hit(r: sim.Results) -> float:
    """1 if DeepSeek then Qwen lead open-weight use outside China at the end of 2025."""
    a = _outside_china(r, "2025-12", "2025-12")
    strategies = _at(r.labs, "2025-12").set_index("lab")["strategy"]
    open_labs = [lab for lab, s in strategies.items() if s == "open"]
    used = a[a["lab"].isin(open_labs) | (a["mode"] == "self_host")].groupby("lab", observed=True)["adopters"].sum()
    top = list(used.sort_values(ascending=False).index[:2])
    return float(top == ["deepseek", "alibaba"])


def _frontier(bloc: str, month: str) -> Callable[[sim.Results], float]:
    def measure(r: sim.Results) -> float:
        return market(r, f"frontier_{bloc}", month=month)

    return measure


def _us_leads_frontier(r: sim.Results) -> float:
    return float(market(r, "frontier_us", month="2025-12") > market(r, "frontier_cn", month="2025-12"))


def _chinese_open_ahead_of_us_open(r: sim.Results) -> float:
    labs = _at(r.labs, "2025-12")
    best = labs.groupby("origin", observed=True)["weights_capability"].max()
    return float(best.get("CN", -np.inf) > best.get("US", -np.inf))


_ECI = "Epoch ECI running maximum (epoch_eci_model_versions.csv)"

TARGETS: list[Target] = [
    Target("E1", f"US frontier capability, end 2023 ({_ECI}: gpt-4-0314)", 126.2, 4.0, "ECI",
           _frontier("us", "2023-12"), "about four months of frontier progress"),
    Target("E2", f"US frontier capability, end 2024 ({_ECI}: o1)", 143.0, 4.0, "ECI",
           _frontier("us", "2024-12"), "as E1"),
    Target("E3", f"US frontier capability, end 2025 ({_ECI}: gpt-5.2)", 153.8, 4.0, "ECI",
           _frontier("us", "2025-12"), "as E1"),
    Target("E4", f"Chinese frontier capability, end 2024 ({_ECI}: DeepSeek-V3)", 133.2, 4.0, "ECI",
           _frontier("cn", "2024-12"), "as E1"),
    Target("E5", f"Chinese frontier capability, end 2025 ({_ECI}: Kimi K2 Thinking)", 145.9, 4.0, "ECI",
           _frontier("cn", "2025-12"), "as E1"),
    Target("T21a", "working-age population using generative AI, Global North, 2025", 0.247, 0.08, "share",
           lambda r: market(r, "adopting", "global_north", "2025-12"),
           "adopters are organisations and developers, not people: a proxy, so a wide band"),
    Target("T21b", "working-age population using generative AI, Global South, 2025", 0.141, 0.06, "share",
           lambda r: market(r, "adopting", "global_south", "2025-12"),
           "as T21a"),
    Target("T16", "China's lag behind the US frontier, mean 2024-2025 (Epoch AI)", 7.0, 3.0, "months",
           lambda r: _mean_market(r, "china_lag_months", "2024-01", "2025-12"),
           "Epoch reports a 7-month mean with a 4-14 month range"),
    Target("T15", "open models' lag behind closed, Jan 2023 - Oct 2025 (Epoch ECI)", 3.5, 2.0, "months",
           lambda r: _mean_market(r, "open_lag_months", "2023-01", "2025-10"),
           "Epoch's 90% interval is 1.1-5.3 months"),
    Target("T1", "Chinese share of Chinese + US open-model downloads, Aug 2024 - Aug 2025", 17.1 / 32.9, 0.1,
           "share", _download_share_cn, "downloads are a proxy (self-hosters and derivatives)"),
    Target("T2", "month Chinese open downloads first exceed US ones", _month_number("2025-11"), 6.0,
           "months since 2022-01", lambda r: _month_number(r.summary["cn_downloads_exceed_us"].iloc[0]),
           "one month read from a press report; the proxy lags or leads by months"),
    Target("T3", "month Qwen overtakes Llama in downloads", _month_number("2025-09"), 6.0,
           "months since 2022-01", lambda r: _month_number(r.summary["qwen_overtakes_llama"].iloc[0]),
           "as T2"),
    Target("T14", "closed models' share of usage outside China, late 2025 (OpenRouter)", 0.80, 0.1, "share",
           _closed_share_outside_china, "OpenRouter users are developers; adopters count, not tokens"),
    Target("T13", "Chinese models' share of usage outside China, Nov 2024 - Nov 2025", 0.13, 0.07, "share",
           _chinese_share_outside_china, "13% of OpenRouter tokens on average; adopters count, not tokens"),
    Target("T22", "DeepSeek's share of AI use in China, 2025", 0.89, 0.15, "share", _deepseek_share_in_china,
           "a survey of country use; the model's share among Chinese adopters using a model"),
    Target("T20", "US share of US + Chinese AI compute, 2025-05 (Epoch)", 75 / 90, 0.1, "share",
           _us_compute_share, "cluster compute of all firms; the model counts its labs' stocks"),
    Target("T18a", "GPT-4 blended price, 2023-03", float(np.log10(37.5)), 0.3, "log10 US$ per M tokens",
           _price("openai", "2023-03"), "a factor of 2 either way"),
    Target("T18b", "DeepSeek-V3 blended price, 2024-12", float(np.log10(0.48)), 0.3, "log10 US$ per M tokens",
           _price("deepseek", "2024-12"), "a factor of 2 either way"),
    Target("T17", "yearly fall of the price of GPT-4-level capability (Epoch)", float(np.log10(40)), 0.5,
           "log10 factor per year", _yearly_price_fall_at_gpt4_level, "Epoch's range is 9x-900x by level"),
    Target("T5", "US labs lead the frontier one year after R1", 1.0, 0.5, "yes/no", _us_leads_frontier,
           "a yes/no outcome: hit when most replications agree"),
    Target("T6", "the best Chinese open model beats the best US open model, end 2025", 1.0, 0.5, "yes/no",
           _chinese_open_ahead_of_us_open, "as T5"),
    Target("T7", "DeepSeek first and Qwen second among open models used (OpenRouter)", 1.0, 0.5, "yes/no",
           _open_ranking_hit, "as T5"),
]

NOT_MODELLED = {
    "T4": "the same quantity as T16 (China's lag), counted once there",
    "T8": "Greater-China VC fundraising is an input (the timeline's vc_climate events), not an outcome",
    "T9": "DeepSeek-V3's training cost: the model has no per-run training cost",
    "T10": "licence changes are inputs (timeline licence events)",
    "T11": "security findings are an input (adoption.risk)",
    "T12": "Meta's switch is an input in the baseline (timeline event meta_closes)",
    "T19": "the 2024 price war is an input (timeline event china_price_war); its effect shows in T18b",
    "T23": "national models' bases: the model has no named national models",
}
