"""Metrics: what is recorded each month (arrays) and the tidy tables built from it.

Per-month aggregates are taken from the model's arrays with numpy, never per adopter in
Python; the tables of ``docs/OUTPUTS.md`` are built once, at the end of a run.
"""

from __future__ import annotations

import math
import re

import numpy as np
import pandas as pd

from typing import NamedTuple

from sim.calendar import format_month, month_timestamp, month_timestamps
from sim.market import tokens_bought
from sim.policy import LEVELS
from sim.strategy import PAYOFF_TERMS
from sim.vocabulary import ADOPTER_KINDS, API, BLOCS, STRATEGIES
from sim.world import NO_CHOICE, World

LAB_FIELDS = (
    "capability", "compute", "advanced_compute", "price", "serving_cost", "reference_price", "revenue", "margin",
    "cash",
    "licence", "derivatives_new", "downloads", "downloaders", "state_income", "weights_capability",
)
GOVERNMENT_FIELDS = (*LEVELS, "spent")
FRONTIERS = (*BLOCS, "open", "closed")


def lag_months(leader: np.ndarray, follower: np.ndarray, pace: float) -> float:
    """Months since ``leader`` first reached ``follower``'s latest level (negative if ahead).

    Both are monthly capability series ending now (NaN before a bloc has a model). Levels
    the leader held before the series starts are dated by extrapolating back at ``pace``
    ECI points a month.
    """
    target = follower[-1] if len(follower) else math.nan
    if math.isnan(target) or np.all(np.isnan(leader)):
        return math.nan
    best = np.fmax.accumulate(leader)
    now = len(leader) - 1
    if best[-1] < target:
        return -lag_months(follower, leader, pace)
    first = int(np.argmax(best >= target))
    if first == 0 or np.isnan(best[first - 1]):
        return now - first + (best[first] - target) / pace
    before = best[first - 1]
    return now - (first - 1 + (target - before) / (best[first] - before))


class Recorder:
    """Monthly arrays of everything the output tables need."""

    def __init__(self, model):
        self.model = model
        months = model.end - model.start + 1
        n_labs, n_regions = len(model.world.labs), len(model.world.regions)
        self.months = 0
        self._dates: pd.DatetimeIndex | None = None
        self.counts = np.zeros((months, n_regions, model.world.n_counts), dtype=np.int64)  # adopters
        self.volume_paid = np.zeros((months, n_regions, 2))  # API spend, API volume
        self.labs = {f: np.full((months, n_labs), np.nan) for f in LAB_FIELDS}
        self.strategy = np.full((months, n_labs), -1, dtype=np.int8)
        self.governments = {f: np.zeros((months, len(model.governments))) for f in GOVERNMENT_FIELDS}
        self.frontiers = {k: np.full(months, np.nan) for k in FRONTIERS}
        self.lags = {k: np.full(months, np.nan) for k in ("china", "open")}
        self.advanced_share = np.ones(months)
        self.cloud_revenue = np.zeros((months, len(model.clouds)))
        self.snapshots = (
            np.zeros((months, model.population.size), dtype=np.int16)
            if model.cfg.run.adopter_snapshots else None
        )

    @property
    def row(self) -> int:
        return self.model.month - self.model.start

    def note_frontiers(self) -> None:
        """Frontier capability by bloc, of open weights and of closed models, this month."""
        labs = self.model.labs
        row = self.row
        for bloc in BLOCS:
            self.frontiers[bloc][row] = self.model.frontier(bloc, default=np.nan)
        self.frontiers["open"][row] = self.model.best_open_weights()
        self.frontiers["closed"][row] = max(
            (x.capability for x in labs if x.active and x.strategy != "open"), default=np.nan
        )
        pace = self.model.cfg.capability.frontier_pace
        self.lags["china"][row] = lag_months(self.frontier_series("US"), self.frontier_series("CN"), pace)
        self.lags["open"][row] = lag_months(self.frontier_series("closed"), self.frontier_series("open"), pace)

    def frontier_series(self, key: str) -> np.ndarray:
        return self.frontiers[key][: self.row + 1]

    def record(self) -> None:
        """Store this month's aggregates."""
        model, row = self.model, self.row
        pop, world = model.population, model.world
        n_regions, n_counts = len(world.regions), world.n_counts
        self.counts[row] = np.bincount(
            pop.region * n_counts + world.count_column(pop.choice), minlength=n_regions * n_counts
        ).reshape(-1, n_counts)
        api = (pop.choice != NO_CHOICE) & (world.mode_of(pop.choice) == API)
        price = model.options.unit_price[pop.region[api], pop.choice[api]]
        bought = tokens_bought(price, pop.volume[api], pop.budget[api], model.cfg.adoption)
        for k, values in enumerate((price * bought, bought)):
            self.volume_paid[row, :, k] = np.bincount(pop.region[api], weights=values, minlength=n_regions)
        for lab in model.labs:
            if lab.active:
                for f in LAB_FIELDS:
                    self.labs[f][row, lab.index] = getattr(lab, f)
                self.strategy[row, lab.index] = STRATEGIES.index(lab.strategy)
        for g, gov in enumerate(model.governments):
            for f in GOVERNMENT_FIELDS:
                self.governments[f][row, g] = getattr(gov, f)
        self.advanced_share[row] = model.advanced_share
        self.cloud_revenue[row] = [c.revenue for c in model.clouds]
        if self.snapshots is not None:
            self.snapshots[row] = pop.choice
        self.months = row + 1

    # --------------------------------------------------------------- tables

    def dates(self) -> pd.DatetimeIndex:
        """First-of-month dates of the recorded months."""
        if self._dates is None or len(self._dates) != self.months:
            self._dates = month_timestamps(self.model.start + np.arange(self.months))
        return self._dates

    def adoption_table(self) -> pd.DataFrame:
        """date, region, lab, origin, mode, adopters, share (a lab "none" = no model yet)."""
        world, counts = self.model.world, self.counts[: self.months]
        months, n_regions, n_columns = counts.shape
        columns = world.count_columns()
        totals = counts.sum(axis=2, keepdims=True)
        frame = pd.DataFrame({
            "date": np.repeat(self.dates(), n_regions * n_columns),
            "region": repeated(world.regions, n_columns, months),
            "lab": repeated(columns.lab, 1, months * n_regions),
            "origin": repeated(columns.origin, 1, months * n_regions),
            "mode": repeated(columns.mode, 1, months * n_regions),
            "adopters": counts.ravel(),
            "share": (counts / np.maximum(totals, 1)).ravel(),
        })
        return frame

    def labs_table(self) -> pd.DataFrame:
        """date, lab, origin, strategy, licence, capability, compute, price, revenue, cash ..."""
        model = self.model
        months, n_labs = self.months, len(model.labs)
        frame = pd.DataFrame({
            "date": np.repeat(self.dates(), n_labs),
            "lab": repeated(model.world.labs, 1, months),
            "origin": repeated(model.world.lab_origins, 1, months),
            "strategy": np.array(("",) + STRATEGIES, dtype=object)[self.strategy[:months].ravel() + 1],
            **{f: self.labs[f][:months].ravel() for f in LAB_FIELDS},
        })
        return frame[frame["strategy"] != ""].reset_index(drop=True)

    def open_models_table(self) -> pd.DataFrame:
        """date, family, lab, origin, downloads, downloaders (simulated developers), rank,
        derivatives (new this month), cumulative; one row per released family and month."""
        labs = self.labs_table()
        labs = labs[labs["weights_capability"].notna()].copy()
        families = dict(zip(self.model.world.labs, self.model.families))
        labs.insert(1, "family", pd.Categorical(labs["lab"].map(families), categories=list(dict.fromkeys(self.model.families))))
        labs["derivatives_total"] = labs.groupby("lab", observed=True)["derivatives_new"].cumsum()
        labs["rank"] = labs.groupby("date")["downloads"].rank(ascending=False, method="first").astype(int)
        columns = ["date", "family", "lab", "origin", "downloads", "downloaders", "rank", "derivatives_new",
                   "derivatives_total"]
        return labs[columns].rename(columns={"derivatives_new": "derivatives"}).reset_index(drop=True)

    def markets_table(self) -> pd.DataFrame:
        """Regional and global indicators per month (see docs/OUTPUTS.md)."""
        world, months = self.model.world, self.months
        counts = self.counts[:months]  # (T, R, counts columns)
        open_family = self.strategy[:months] == STRATEGIES.index("open")  # (T, L)
        is_open = world.per_option(open_family)  # (T, O): an open lab's API serves open weights
        is_open[:, World.SELF_HOST_COLUMNS] = True  # whatever is self-hosted is open weights
        groups = {name: [i] for i, name in enumerate(world.regions)}
        groups.update(sorted(world.groups.items()))
        groups["world"] = list(range(len(world.regions)))
        rows = []
        for name, members in groups.items():
            c = counts[:, members].sum(axis=1)  # (T, counts columns)
            using = c[:, World.OPTION_COUNTS]  # (T, O) adopters using each option
            users = using.sum(axis=1)
            total = c.sum(axis=1)
            lab_share = world.per_lab(using) / np.maximum(users, 1)[:, None]  # (T, L)
            spend, volume = self.volume_paid[:months, members].sum(axis=1).T
            frame = {
                "date": self.dates(),
                "region": name,
                "adopting": users / np.maximum(total, 1),
                **{f"share_{b.lower()}": lab_share[:, world.labs_of(b)].sum(axis=1) for b in BLOCS},
                "share_open": (using * is_open).sum(axis=1) / np.maximum(users, 1),
                "share_self_hosted": using[:, World.SELF_HOST_COLUMNS].sum(axis=1) / np.maximum(users, 1),
                "price_index": np.where(volume > 0, spend / np.where(volume > 0, volume, 1), np.nan),
                "hhi": 10_000 * (lab_share**2).sum(axis=1),
            }
            rows.append(pd.DataFrame(frame))
        markets = pd.concat(rows, ignore_index=True)
        derivatives = np.nan_to_num(self.labs["derivatives_new"][:months])  # (T, L)
        made = derivatives.sum(axis=1)
        world = pd.DataFrame({
            "date": self.dates(),
            **{
                f"derivative_share_{b.lower()}": np.where(
                    made > 0,
                    derivatives[:, world.labs_of(b)].sum(axis=1) / np.where(made > 0, made, 1),
                    np.nan,
                )
                for b in BLOCS
            },
            **{f"frontier_{k.lower()}": self.frontiers[k][:months] for k in FRONTIERS},
            "china_lag_months": self.lags["china"][:months],
            "open_lag_months": self.lags["open"][:months],
            "advanced_share_cn": self.advanced_share[:months],
        })
        return markets.merge(world, on="date", how="left")

    def policies_table(self) -> pd.DataFrame:
        """date, government, and each instrument's level (money in US$ billion a month)."""
        model, months = self.model, self.months
        n = len(model.governments)
        return pd.DataFrame({
            "date": np.repeat(self.dates(), n),
            "government": np.tile([g.name for g in model.governments], months),
            **{f: self.governments[f][:months].ravel() for f in GOVERNMENT_FIELDS},
        })

    def events_table(self) -> pd.DataFrame:
        """date, kind, agent, and what changed: event, change, setting, value, region; detail."""
        columns = ["date", "kind", "agent", "event", "change", "setting", "value", "region", "detail"]
        events = pd.DataFrame(self.model.event_log, columns=columns).astype({"value": float})
        events["date"] = month_timestamps(events["date"])
        return events

    def decisions_table(self) -> pd.DataFrame:
        """date, lab, role (``before`` or ``after`` a switch at a review), strategy, licence, and
        the stance's expected payoff by term and in total (US$ billion a month)."""
        columns = ["date", "lab", "role", "strategy", "licence", *PAYOFF_TERMS, "total"]
        decisions = pd.DataFrame(self.model.decision_log, columns=columns)
        # typed even when no lab changed its stance, so that runs' tables concatenate
        decisions = decisions.astype({"lab": str, "role": str, "strategy": str})
        decisions = decisions.astype({name: float for name in ("licence", *PAYOFF_TERMS, "total")})
        decisions["date"] = month_timestamps(decisions["date"])
        return decisions

    def adopters_table(self) -> pd.DataFrame:
        """adopter, region, group, kind, budget (US$ per month), and the lab, origin and mode
        of the option each adopter uses now ("none" for no model); one row per adopter.

        Not one of a run's saved tables: experiments that measure adopters read it at the
        end of a run.
        """
        pop, world = self.model.population, self.model.world
        option = world.count_column(pop.choice)
        columns = world.count_columns()
        return pd.DataFrame({
            "adopter": np.arange(pop.size),
            "region": labelled(world.regions, pop.region),
            "group": labelled(world.region_groups, pop.region),
            "kind": labelled(ADOPTER_KINDS, pop.kind),
            "budget": pop.budget,
            "lab": labelled(columns.lab, option),
            "origin": labelled(columns.origin, option),
            "mode": labelled(columns.mode, option),
        })


def repeated(labels: tuple[str, ...], inner: int, outer: int) -> pd.Categorical:
    """Each label repeated ``inner`` times, the whole tiled ``outer`` times."""
    return labelled(labels, np.tile(np.repeat(np.arange(len(labels)), inner), outer))


def labelled(labels: tuple[str, ...], index: np.ndarray) -> pd.Categorical:
    """``labels[index]`` as a categorical (long tables repeat few names, so codes are cheaper
    to build, store and compare); categories in order of first appearance in ``labels``."""
    categories = list(dict.fromkeys(labels))
    codes = np.array([categories.index(label) for label in labels], dtype=int)
    return pd.Categorical.from_codes(codes[index], categories=categories)


def first_month_above(open_models: pd.DataFrame, key: str, leader: str, follower: str) -> str:
    """First month when ``leader``'s downloads exceed ``follower``'s (grouped by ``key``)."""
    pivot = open_models.pivot_table(index="date", columns=key, values="downloads", aggfunc="sum").fillna(0.0)
    if leader not in pivot or follower not in pivot:
        return ""
    above = pivot.index[(pivot[leader] > pivot[follower]) & (pivot[follower] > 0)]
    return format_month(above[0].year * 12 + above[0].month - 1) if len(above) else ""


class Headline(NamedTuple):
    """A headline outcome: its label, and the ``markets`` region and column it reads."""

    label: str
    region: str
    column: str
    unit: str


HEADLINES = {
    "gs_share_cn": Headline(
        "Global South: Chinese models, of those using a model", "global_south", "share_cn", "share"
    ),
    "gs_share_open": Headline(
        "Global South: open weights, API or self-hosted, of those using a model", "global_south",
        "share_open", "share",
    ),
    "world_share_cn": Headline("World: Chinese models, of those using a model", "world", "share_cn", "share"),
    "china_lag_months": Headline("China's lag behind the US frontier (months)", "world", "china_lag_months", "months"),
    "world_price_index": Headline(
        "Mean API price paid (US$ per million tokens)", "world", "price_index", "US$ per million tokens"
    ),
}
"""The five outcomes a run's summary and its printed table lead with. Shares are of the
adopters using a model (those using none left out), as each label says."""


_MONTH_TAG = re.compile(r"\d{4}_\d{2}")
"""How a month ends a summary column's name (``2025_12``)."""


def summary_column(key: str, month: str) -> str:
    """The summary's column of an outcome at a summary month: ``("gs_share_cn", "2025-12")``
    gives ``gs_share_cn_2025_12``."""
    return f"{key}_{month.replace('-', '_')}"


def summary_months(summary: pd.DataFrame) -> list[str]:
    """The summary months (``"YYYY-MM"``) of a summary table, in order, read back from the
    columns of its first headline outcome."""
    prefix = summary_column(next(iter(HEADLINES)), "")
    tags = (column.removeprefix(prefix) for column in summary.columns if column.startswith(prefix))
    return sorted(tag.replace("_", "-") for tag in tags if _MONTH_TAG.fullmatch(tag))


def summary_row(model, tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """One row: scenario, seed, headline outcomes at each summary date, and milestones."""
    markets = tables["markets"].set_index(["region", "date"])
    downloads = tables["open_models"]
    row: dict[str, object] = {"scenario": model.cfg.run.scenario, "seed": model.seed}

    def at(region: str, date: pd.Timestamp, column: str) -> float:
        """A markets value; NaN for a month not simulated yet (a model stepped part-way)."""
        return markets.at[(region, date), column] if (region, date) in markets.index else np.nan

    for month in model.cfg.run.summary_dates:
        date = month_timestamp(month)
        row[summary_column("gs_adopting", month)] = at("global_south", date, "adopting")
        for key, headline in HEADLINES.items():
            row[summary_column(key, month)] = at(headline.region, date, headline.column)
        row[summary_column("open_lag_months", month)] = at("world", date, "open_lag_months")
        month_downloads = downloads[downloads["date"] == date].groupby("origin")["downloads"].sum()
        total = month_downloads.sum()
        row[summary_column("cn_download_share", month)] = (
            month_downloads.get("CN", 0.0) / total if total > 0 else np.nan
        )
    row["cn_downloads_exceed_us"] = first_month_above(downloads, "origin", "CN", "US")
    row["qwen_overtakes_llama"] = first_month_above(downloads, "family", "Qwen", "Llama")
    events = tables["events"]
    row["strategy_switches"] = int((events["kind"] == "strategy_switch").sum())
    return pd.DataFrame([row])
