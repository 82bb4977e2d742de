"""Figures of a run or a sweep: one function per figure, drawn with matplotlib.

Each figure function takes tidy tables (a run's :class:`sim.Results` tables, or a sweep's
gathered tables with their ``run``, ``scenario`` and ``seed`` keys), draws into a new
Figure (or into ``fig``, e.g. a SubFigure of a notebook's layout) and returns it. None
reads or writes files, so the report, notebooks and the app share them. Figures are built
as ``matplotlib.figure.Figure`` objects, not through pyplot: nothing is registered
globally, no display is needed, and a figure is freed once dropped.

One style throughout: one colour per bloc (:data:`BLOC_COLOURS`) in every figure, labs
told apart within their bloc by shade and line style and named at the end of their line,
API use drawn solid and self-hosted open weights dashed (:data:`MODE_STYLES`), dates on
time axes, shares in percent with their base named on the axis, money on log axes where
one lab dwarfs the rest. Names shown are display names (:class:`Names`, from the run's
configuration). Shares among the adopters using a model are left out where fewer than
:data:`MIN_USERS` simulated adopters use one. Every artist that stands for a series
carries a ``gid`` (e.g. ``"AFRICA|CN|api"``) naming what it draws, so tests and callers can
find it.
"""

from __future__ import annotations

import dataclasses
import textwrap
from collections.abc import Mapping, Sequence
from typing import Any, NamedTuple

import matplotlib.dates as mdates
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.colors import to_hex, to_rgb
from matplotlib.figure import Figure, SubFigure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.ticker import FuncFormatter, MaxNLocator, PercentFormatter

from sim.calendar import month_timestamp
from sim.metrics import first_month_above
from sim.observed import Level, Milestone
from sim.vocabulary import BLOCS, STRATEGIES

AnyFigure = Figure | SubFigure
"""What a figure function draws into and returns: a Figure, or a SubFigure of one."""

BLOC_COLOURS = {
    "US": "#2166ac",  # blue
    "CN": "#d6301d",  # red
    "EU": "#e0a100",  # gold
    "open": "#1a9850",  # open weights as a group (the open frontier)
    "none": "#8c8c8c",  # no model; governments without a bloc
}
"""One colour per bloc, used by every figure."""

BLOC_NAMES = {"US": "US", "CN": "Chinese", "EU": "EU"}
"""Blocs as adjectives ("Chinese models", "US labs")."""

GROUP_NAMES = {"global_north": "Global North", "china": "China", "global_south": "Global South",
               "world": "World"}
"""Country groups (``regions.<name>.group``) and the world, as the markets table keys them."""

WORLD_COLOUR = "#252525"
"""Series of the world as a whole (the price index), and the share of adopters using a model."""

MODE_STYLES = {"api": "-", "self_host": "--"}
"""Line style per mode of use: API solid, self-hosted open weights dashed."""

MODE_NAMES = {"api": "API", "self_host": "self-hosted open weights"}
"""How the legends name the modes."""

LAB_STYLES = ("-", (0, (5, 1.6)), (0, (1.2, 1.2)), (0, (6, 1.6, 1.2, 1.6)))
"""Line styles that tell labs of one bloc apart, with their shade: solid, dashed, dotted,
dash-dotted, in turn."""

STRATEGY_STYLES = {
    "closed": {"alpha": 1.0, "hatch": None},
    "hybrid": {"alpha": 0.55, "hatch": "////"},
    "open": {"alpha": 0.22, "hatch": None},
}
"""How a release strategy fills a lab's bar (in its bloc's colour): closed solid, open pale."""

STRATEGY_NAMES = {
    "closed": "closed (API only)",
    "hybrid": "hybrid (trailing model open, frontier closed)",
    "open": "open weights",
}
"""How legends and texts name the release strategies."""

SWITCH_NAMES = {"imposed": "imposed by the timeline", "decided": "decided by the lab"}
"""The two kinds of strategy switch, marked apart on the strategy timeline."""

SCENARIO_COLOURS = ("#252525", "#7b3294", "#1b9e77", "#a6611a", "#e7298a", "#66a61e", "#018571", "#8073ac")
"""Colours of scenarios in sweep figures (the reference first); none is a bloc's colour."""

BAND_LEVELS = (0.5, 0.9)
"""Central intervals drawn around the median across runs."""

RUN_KEYS = ("run", "scenario", "seed")
"""The keys a sweep's gathered tables put in front of each run's rows."""

ALL_ADOPTERS = "all adopters"
USERS = "adopters using a model"
"""The two bases of adoption shares: every adopter of the region (using a model or not), or
only those using one."""

MIN_USERS = 30
"""Fewest simulated adopters using a model for which a share among them is drawn or quoted:
below it one adopter moves the share by more than 3 points, and its sampling error can
reach 9 points."""

PAD = 0.03
"""Share of an axis's span left free beyond its fixed limits, so that no line lies on the frame."""


class Share(NamedTuple):
    """An adoption share of the markets table as the reader is shown it."""

    label: str
    base: str  # ALL_ADOPTERS or USERS
    colour: str
    style: str = "-"


SHARES = {
    "adopting": Share("using any AI model", ALL_ADOPTERS, WORLD_COLOUR),
    "share_us": Share("US models", USERS, BLOC_COLOURS["US"]),
    "share_cn": Share("Chinese models", USERS, BLOC_COLOURS["CN"]),
    "share_eu": Share("EU models", USERS, BLOC_COLOURS["EU"]),
    "closed_api": Share("closed models through an API", USERS, "#6a6a6a"),
    "open_api": Share("open-weight models through an API", USERS, "#78c679"),
    "self_hosted": Share("open weights, self-hosted", USERS, BLOC_COLOURS["open"], "--"),
}
"""Who uses what: the share using any model (of all adopters), then, among those using one,
the model's origin and how it is used. "Open" counts two ways of using open weights apart:
through an API (of a lab whose strategy is open, or a cloud hosting its weights) and
self-hosted; a hybrid lab's API sells its closed frontier model."""

ORIGIN_SHARES = ("share_us", "share_cn", "share_eu")
ACCESS_SHARES = ("closed_api", "open_api", "self_hosted")


class Readout(NamedTuple):
    """An outcome the report leads with: a column of :func:`reader_markets` in one region."""

    label: str
    region: str  # a region, a country group or "world"
    column: str
    unit: str  # "share", "months" or "US$ per million tokens"

    @property
    def base(self) -> str:
        """What a share is a share of; empty for other units."""
        return SHARES[self.column].base if self.column in SHARES else ""


READOUTS = {
    "gs_adopting": Readout("Global South: using any AI model", "global_south", "adopting", "share"),
    "gs_share_cn": Readout("Global South: Chinese models", "global_south", "share_cn", "share"),
    "gs_share_us": Readout("Global South: US models", "global_south", "share_us", "share"),
    "gs_open_api": Readout("Global South: open-weight models through an API", "global_south", "open_api",
                           "share"),
    "gs_self_hosted": Readout("Global South: self-hosted open weights", "global_south", "self_hosted",
                              "share"),
    "world_share_cn": Readout("World: Chinese models", "world", "share_cn", "share"),
    "china_lag_months": Readout("China's lag behind the US frontier", "world", "china_lag_months", "months"),
    "world_price_index": Readout("Mean API price paid", "world", "price_index", "US$ per million tokens"),
}
"""The outcomes a report's summary, its opening paragraph and its sweep figures give, in
order. Those named like ``sim.metrics.HEADLINES`` are the same quantities as the summary's."""


@dataclasses.dataclass(frozen=True)
class Names:
    """How figures and reports name what the tables key by: labs, their model families,
    regions (and country groups), governments and clouds. Built from a run's configuration
    (each entry's ``display_name`` and a lab's ``family``) by :meth:`of`; a key without a
    name is shown as it is."""

    labs: Mapping[str, str] = dataclasses.field(default_factory=dict)
    families: Mapping[str, str] = dataclasses.field(default_factory=dict)
    regions: Mapping[str, str] = dataclasses.field(default_factory=lambda: dict(GROUP_NAMES))
    governments: Mapping[str, str] = dataclasses.field(default_factory=dict)
    clouds: Mapping[str, str] = dataclasses.field(default_factory=dict)

    @classmethod
    def of(cls, config: Any) -> Names:
        """The names of a configuration: a ``ModelConfig`` or its dictionary (``config.yaml``)."""
        config = dataclasses.asdict(config) if dataclasses.is_dataclass(config) else config

        def named(group: str) -> dict[str, str]:
            return {key: entry.get("display_name") or key for key, entry in config.get(group, {}).items()}

        labs = named("labs")
        families = {key: entry.get("family") or labs[key] for key, entry in config.get("labs", {}).items()}
        return cls(labs, families, {**GROUP_NAMES, **named("regions")}, named("governments"), named("clouds"))

    def lab(self, key: object) -> str:
        return self.labs.get(str(key), str(key))

    def family(self, key: object) -> str:
        """A lab's family, with the lab's name where the two differ: "Qwen (Alibaba)"."""
        family, lab = self.families.get(str(key), self.lab(key)), self.lab(key)
        return family if family == lab else f"{family} ({lab})"

    def region(self, key: object) -> str:
        return self.regions.get(str(key), str(key))

    def government(self, key: object) -> str:
        return self.governments.get(str(key), str(key))

    def agent(self, key: object) -> str:
        """Whoever an event names: a lab, a government, a cloud or a bloc."""
        key = str(key)
        for names in (self.labs, self.governments, self.clouds):
            if key in names:
                return names[key]
        return f"{BLOC_NAMES[key]} labs" if key in BLOC_NAMES else key


# ----------------------------------------------------------------------------- shared tables


def adopter_counts(adoption: pd.DataFrame, region_groups: Mapping[str, str]) -> pd.DataFrame:
    """Simulated adopters, and those using a model, per month, in each region, each country
    group (``region_groups``: region -> ``regions.<name>.group``) and the world: the regions
    of the ``markets`` table. Columns: any run keys of a gathered table, ``date``, ``region``,
    ``adopters``, ``users``."""
    keys = [k for k in RUN_KEYS if k in adoption.columns]
    using = adoption["adopters"].where(adoption["lab"].astype(str) != "none", 0)
    frame = adoption[[*keys, "date", "region", "adopters"]].assign(users=using)
    by_region = (frame.groupby([*keys, "date", "region"], observed=True)[["adopters", "users"]].sum()
                 .reset_index())
    by_region["region"] = by_region["region"].astype(str)
    members = {group: [r for r, g in region_groups.items() if g == group]
               for group in dict.fromkeys(region_groups.values())}
    members["world"] = list(region_groups)
    pooled = [
        by_region[by_region["region"].isin(regions)].groupby([*keys, "date"])[["adopters", "users"]].sum()
        .reset_index().assign(region=group)
        for group, regions in members.items()
    ]
    return pd.concat([by_region, *pooled], ignore_index=True)


def reader_markets(markets: pd.DataFrame, counts: pd.DataFrame | None = None) -> pd.DataFrame:
    """The ``markets`` table as a reader is shown it: the shares of :data:`SHARES` (the open
    share split into API use and self-hosting) and, given :func:`adopter_counts`, the counts
    of adopters and users, with every share among users set to NaN where fewer than
    :data:`MIN_USERS` simulated adopters use a model."""
    keys = [k for k in RUN_KEYS if k in markets.columns]
    frame = markets.copy()
    frame["closed_api"] = 1.0 - frame["share_open"]
    frame["open_api"] = (frame["share_open"] - frame["share_self_hosted"]).clip(lower=0.0)
    frame["self_hosted"] = frame["share_self_hosted"]
    if counts is None:
        return frame
    frame = frame.merge(counts, on=[*keys, "date", "region"], how="left")
    few = frame["users"] < MIN_USERS
    for column, share in SHARES.items():
        if share.base == USERS:
            frame[column] = frame[column].mask(few)
    return frame


def outcome_values(markets: pd.DataFrame, month: str, counts: pd.DataFrame | None = None) -> pd.DataFrame:
    """Each run's :data:`READOUTS` in ``month`` (YYYY-MM): one row per run (a run's tables give
    one row), its keys in front. Shares among users are NaN where too few use a model."""
    reader = reader_markets(markets, counts)
    keys = [k for k in RUN_KEYS if k in reader.columns]
    now = reader[reader["date"] == month_timestamp(month)]
    single = not keys
    if single:  # one run's tables: a constant key, dropped at the end
        now, keys = now.assign(run=""), ["run"]
    values = pd.concat({key: now[now["region"] == readout.region].set_index(keys)[readout.column]
                        for key, readout in READOUTS.items()}, axis=1).reset_index()
    return values.drop(columns="run") if single else values


def paired_differences(values: pd.DataFrame, reference: str) -> pd.DataFrame:
    """Each run's outcomes minus those of the reference scenario's run of the same seed.

    ``values`` holds one row per run with ``scenario`` and ``seed`` (e.g. from
    :func:`outcome_values`). Returns one row per (scenario, seed) present in both, with a
    column per outcome. Comparing runs of the same seed removes the noise the scenarios share.
    """
    outcomes = [c for c in values.columns if c not in RUN_KEYS]
    table = values.set_index(["scenario", "seed"])[outcomes]
    base = table.xs(reference, level="scenario")
    others = table.drop(index=reference, level="scenario")
    return others.sub(base, level="seed").dropna(how="all").reset_index()


def lab_colours(labs: pd.DataFrame) -> dict[str, str]:
    """A colour per lab: its bloc's, darker or lighter by its place among its bloc's labs.

    ``labs`` is any table with ``lab`` and ``origin`` columns (``labs``, ``open_models``);
    pass the ``labs`` table's colours to every figure of a run so a lab keeps its shade.
    """
    colours = {}
    origin = _origins(labs)
    for bloc, members in origin.groupby(origin, sort=False):
        shifts = np.linspace(-0.4, 0.5, len(members)) if len(members) > 1 else [0.0]
        for lab, shift in zip(members.index, shifts):
            colours[lab] = _shade(_bloc_colour(bloc), shift)
    return colours


def lab_styles(labs: pd.DataFrame, colours: Mapping[str, str] | None = None) -> dict[str, dict]:
    """A line style per lab (``color`` and ``linestyle`` keywords): its shade of its bloc's
    colour (:func:`lab_colours`), or its colour in ``colours`` where given, and, in turn
    within its bloc, one of :data:`LAB_STYLES`, so that neighbouring shades also differ in
    their dashes."""
    colours = {**lab_colours(labs), **(colours or {})}
    origin = _origins(labs)
    styles = {}
    for _, members in origin.groupby(origin, sort=False):
        for i, lab in enumerate(members.index):
            styles[lab] = {"color": colours[lab], "linestyle": LAB_STYLES[i % len(LAB_STYLES)]}
    return styles


def price_war_spans(
    events: pd.DataFrame, last_month: pd.Timestamp
) -> list[tuple[str, pd.Timestamp, pd.Timestamp]]:
    """Price-war periods as (bloc, first month, month after the last) from the event log.

    A bloc's war starts with a ``price_war`` event of positive intensity and lasts until one
    sets it to 0, or to the end of the run (``last_month``).
    """
    spans = []
    wars = events[events["change"] == "price_war"]
    for bloc, rows in wars.groupby("agent", sort=False):
        start = None
        for date, intensity in zip(rows["date"], rows["value"]):
            if intensity > 0 and start is None:
                start = date
            elif intensity == 0 and start is not None:
                spans.append((str(bloc), start, date))
                start = None
        if start is not None:
            spans.append((str(bloc), start, last_month + pd.DateOffset(months=1)))
    return spans


def quantiles_over_runs(
    frame: pd.DataFrame, column: str, levels: Sequence[float] = BAND_LEVELS
) -> pd.DataFrame:
    """Per date, the median and the bounds of each central interval of ``column`` across runs.

    ``frame`` holds one row per run and date. Returns a frame indexed by date with columns
    0.5 and, for each level, its lower and upper quantiles (e.g. 0.05 and 0.95 for 0.9).
    Runs with no value (NaN) at a date are left out of that date's quantiles, and a date
    where fewer than half the runs have a value gets none.
    """
    bounds = [(1 - level) / 2 for level in levels] + [(1 + level) / 2 for level in levels]
    probabilities = sorted({0.5, *bounds})
    by_date = frame.groupby("date")[column]
    quantiles = by_date.quantile(probabilities).unstack()
    defined = by_date.count() / by_date.size()
    return quantiles.where(defined >= 0.5)


def draw_bands(
    ax: Axes, quantiles: pd.DataFrame, levels: Sequence[float] = BAND_LEVELS, colour: str | None = None,
    label: str = "", gid: str = "",
) -> Line2D:
    """Draw the median line and a shaded band per level, from :func:`quantiles_over_runs`.

    Wider bands are paler; without ``colour`` the axes' next colour is used. Artists get
    gids ``"<gid>|median"`` and ``"<gid>|<level in %>"`` (e.g. ``"baseline|90"``).
    Returns the median line.
    """
    dates = quantiles.index.to_numpy()
    (median,) = ax.plot(dates, quantiles[0.5].to_numpy(), color=colour, label=_text(label),
                        gid=f"{gid}|median")
    for level in levels:
        low, high = quantiles[(1 - level) / 2], quantiles[(1 + level) / 2]
        ax.fill_between(dates, low.to_numpy(), high.to_numpy(), color=median.get_color(),
                        alpha=0.45 - 0.3 * level, linewidth=0, gid=f"{gid}|{round(level * 100)}")
    return median


def format_value(value: float, unit: str) -> str:
    """A value in its unit, as the report and the figures' labels write it."""
    if pd.isna(value):
        return "n/a"
    if unit == "share":
        return f"{value:.0%}"
    if unit == "months":
        return f"{value:.1f} months"
    if unit.startswith("US$"):
        return f"US${value:.2f}"
    return f"{value:.3g} {unit}"


# ----------------------------------------------------------------------------- drawing helpers


def _origins(labs: pd.DataFrame) -> pd.Series:
    """Each lab's bloc, indexed by lab name in the table's lab order."""
    first = labs.drop_duplicates("lab")
    origin = pd.Series(first["origin"].astype(str).to_numpy(), index=first["lab"].astype(str).to_numpy())
    return origin[_names_in_order(labs["lab"])]


def _names_in_order(column: pd.Series) -> list[str]:
    """The names present in a column, in category order for categoricals, else as they appear."""
    present = set(column.astype(str).unique())
    if isinstance(column.dtype, pd.CategoricalDtype):
        return [str(c) for c in column.cat.categories if str(c) in present]
    return [str(name) for name in pd.unique(column.astype(str))]


def _shade(colour: str, shift: float) -> str:
    """``colour`` mixed with white (shift > 0) or black (shift < 0)."""
    rgb = np.array(to_rgb(colour))
    target = np.ones(3) if shift > 0 else np.zeros(3)
    return to_hex(rgb + abs(shift) * (target - rgb))


def _text(name: object) -> str:
    """A name from configs or data, safe as matplotlib text (``$`` would start mathtext)."""
    return str(name).replace("$", r"\$")


def _wrapped(text: str, width: int) -> str:
    return "\n".join(textwrap.wrap(text, width))


def _figure(fig: AnyFigure | None, rows: int, cols: int, size: tuple[float, float], **kwargs):
    """A figure (new, of ``size`` inches, or the one given) and a grid of axes (``subplots`` kwargs)."""
    if fig is None:
        fig = Figure(figsize=size, layout="constrained")
    axes = fig.subplots(rows, cols, squeeze=False, **kwargs)
    return fig, axes


def _date_axis(ax: Axes, dates: pd.Series, most: int = 9, narrow: bool = False) -> None:
    """At most ``most`` ticks on a calendar grid (years, every few years, or quarters or
    half-years for short runs), fixed once from the data's dates: far cheaper to draw than an
    automatic date locator. Narrow panels take fewer, and only whole years (a month's label
    is twice as wide), so that labels do not touch. No dates (no open family yet), no ticks."""
    if dates.isna().all():
        return
    first, last = pd.Timestamp(dates.min()), pd.Timestamp(dates.max())
    months = (last.year - first.year) * 12 + last.month - first.month
    steps = (12, 24, 60) if narrow else (3, 6, 12, 24, 60)
    step = next((s for s in steps if months <= most * s), 120)
    ticks = pd.date_range(pd.Timestamp(first.year, 1, 1), last, freq=f"{step}MS")
    ticks = ticks[ticks >= first]
    label = "%Y" if step >= 12 else "%Y-%m"
    ax.set_xticks(mdates.date2num(ticks.to_pydatetime()), [f"{tick:{label}}" for tick in ticks])


def _padded(ax: Axes, low: float, high: float) -> None:
    """Fixed y limits ``low`` to ``high``, widened by :data:`PAD` so no line lies on the frame."""
    span = high - low
    ax.set_ylim(low - PAD * span, high + PAD * span)


def _share_axis(ax: Axes, base: str = "", top: float | None = 1.0) -> None:
    """A y axis of shares in percent, from 0 to ``top`` (None: as the data need), naming its base."""
    ax.yaxis.set_major_formatter(PercentFormatter(xmax=1, decimals=0))
    if top is not None:
        _padded(ax, 0.0, top)
    if base:
        ax.set_ylabel(f"share of {base}")


def _from_zero(ax: Axes) -> None:
    """A y axis from 0 to what the data need, leaving room below 0 for lines at 0."""
    _padded(ax, 0.0, max(ax.get_ylim()[1], 1e-9))


def _legend(owner: Axes | AnyFigure, handles: Sequence | None = None, **kwargs) -> None:
    """A legend of ``handles`` (default: an axes' labelled artists), unless there is nothing to show."""
    handles = owner.get_legend_handles_labels()[0] if handles is None else handles
    if handles:
        owner.legend(handles=handles, **kwargs)


def _bloc_colour(bloc: str) -> str:
    """A bloc's colour; grey for anything else (no model, a government without a bloc)."""
    return BLOC_COLOURS.get(bloc, BLOC_COLOURS["none"])


def _within(date: pd.Timestamp, dates: pd.Series) -> bool:
    """Whether ``date`` falls in the months the data cover."""
    return bool(len(dates)) and dates.min() <= date <= dates.max()


def _spread(positions: Sequence[float], gap: float, top: float = 1.0) -> list[float]:
    """Label positions (axes fractions) moved apart by at least ``gap``, in their order,
    kept below ``top`` where they can be."""
    order = np.argsort(positions, kind="stable")
    placed = np.asarray(positions, dtype=float)[order]
    for i in range(1, len(placed)):
        placed[i] = max(placed[i], placed[i - 1] + gap)
    if len(placed) and placed[-1] > top:
        placed[-1] = top
        for i in range(len(placed) - 2, -1, -1):
            placed[i] = min(placed[i], placed[i + 1] - gap)
    result = np.empty_like(placed)
    result[order] = placed
    return list(result)


def _label_gap(ax: Axes, fontsize: float) -> float:
    """The height of a line of text of ``fontsize`` points, as a fraction of the axes' height."""
    height = ax.get_position().height * ax.get_figure(root=True).get_figheight() * 72 * 0.85
    return 1.25 * fontsize / max(height, 1.0)


def _label_ends(ax: Axes, named: Sequence[tuple[Line2D, str]], fontsize: float = 7.5) -> None:
    """Name each line at its last drawn point, just right of the axes, in the line's colour;
    labels are nudged apart so that none overlaps another. Each label's gid is
    ``"label|<the line's gid>"``."""
    ax.get_ylim()  # settle the limits before placing anything by them
    to_axes = ax.transData + ax.transAxes.inverted()
    ends = []
    for line, text in named:
        x = mdates.date2num(np.asarray(line.get_xdata()))
        y = np.asarray(line.get_ydata(), dtype=float)
        drawn = np.isfinite(y) & ((y > 0) if ax.get_yscale() == "log" else True)
        if drawn.any():
            ends.append((line, text, to_axes.transform((x[drawn][-1], y[drawn][-1]))[1]))
    spots = _spread([spot for *_, spot in ends], _label_gap(ax, fontsize))
    for (line, text, _), spot in zip(ends, spots):
        ax.text(1.01, spot, _text(text), transform=ax.transAxes, color=line.get_color(), fontsize=fontsize,
                va="center", ha="left", clip_on=False, gid=f"label|{line.get_gid()}")


def _mark_months(ax: Axes, lines: Sequence[Line2D], months: Sequence[str], unit: str,
                 counts: Mapping[str, str] | None = None, fontsize: float = 7.5) -> None:
    """At each summary month, a dot on each line and its value beside it (the numbers the
    report's table gives); ``counts`` adds a second line under a month's value."""
    ax.get_ylim()
    to_axes = ax.transData + ax.transAxes.inverted()
    for month in months:
        date = month_timestamp(month)
        spots = []
        for line in lines:
            x = pd.DatetimeIndex(line.get_xdata())
            y = np.asarray(line.get_ydata(), dtype=float)
            at = np.flatnonzero(x == date)
            if len(at) and np.isfinite(y[at[0]]):
                spots.append((line, y[at[0]]))
        if not spots:
            continue
        heights = [to_axes.transform((mdates.date2num(date), value))[1] for _, value in spots]
        lift = 2 if counts else 1
        for (line, value), spot in zip(spots, _spread(heights, lift * _label_gap(ax, fontsize), 0.98)):
            ax.plot([date], [value], "o", color=line.get_color(), markersize=4,
                    gid=f"{line.get_gid()}|{month}")
            text = format_value(value, unit) + (f"\n{counts[month]}" if counts and month in counts else "")
            ax.text(mdates.date2num(date), spot, text, transform=ax.get_xaxis_transform(),
                    color=line.get_color(), fontsize=fontsize, ha="right", va="center",
                    gid=f"value|{line.get_gid()}|{month}",
                    bbox={"facecolor": "white", "edgecolor": "none", "alpha": 0.8, "pad": 1})


def _shade_few_users(ax: Axes, counts: pd.DataFrame) -> bool:
    """Grey the months where fewer than :data:`MIN_USERS` simulated adopters use a model
    (``counts``: date, users of one panel), where shares among users are not drawn.
    Returns whether any month was greyed."""
    counts = counts.sort_values("date")
    few = (counts["users"] < MIN_USERS).to_numpy()
    dates = pd.DatetimeIndex(counts["date"])
    edges = np.flatnonzero(np.diff(np.concatenate([[0], few.astype(int), [0]])))
    month = pd.DateOffset(months=1)
    for start, stop in zip(edges[::2], edges[1::2]):
        ax.axvspan(dates[start], dates[stop - 1] + month, color="#d9d9d9", alpha=0.6, lw=0,
                   gid=f"few users|{dates[start]:%Y-%m}")
    return bool(few.any())


FEW_USERS = Patch(color="#d9d9d9", alpha=0.6, label=f"fewer than {MIN_USERS} simulated adopters\n"
                  "use a model: shares among\nthem not shown")
"""The legend entry of the greyed months of :func:`_shade_few_users`."""


# ----------------------------------------------------------------------------- figures of a run


def adoption_overview(markets: pd.DataFrame, adoption: pd.DataFrame, region_groups: Mapping[str, str],
                      months: Sequence[str] = (), names: Names | None = None,
                      fig: AnyFigure | None = None) -> AnyFigure:
    """Who uses what, in the Global South and in the world: the figure the report's summary
    table reads from.

    Top row: the share of all adopters using any model, with the number of simulated
    adopters at each summary month. Middle: the origin of the model used, and bottom: how
    it is used (closed models through an API, open weights through an API, self-hosted open
    weights), both as shares of the adopters using a model, left out (greyed) where fewer
    than :data:`MIN_USERS` simulated adopters use one. ``months`` (YYYY-MM) are marked with
    their values. ``region_groups`` maps a region to its country group.
    """
    names = names or Names()
    counts = adopter_counts(adoption, region_groups)
    reader = reader_markets(markets, counts)
    regions = [r for r in ("global_south", "world") if r in set(reader["region"])]
    fig, axes = _figure(fig, 3, len(regions), (11, 8.6), sharex=True, sharey="row")
    rows = (("adopting",), ORIGIN_SHARES, ACCESS_SHARES)
    row_titles = ("using any AI model", "the origin of the model used", "how the model is used")
    greyed = False
    for col, region in enumerate(regions):
        frame = reader[reader["region"] == region].sort_values("date")
        dates = frame["date"].to_numpy()
        at_months = frame[frame["date"].isin([month_timestamp(m) for m in months])]
        marked = {f"{date:%Y-%m}": f"{int(n):,} of {int(a):,} adopters"
                  for date, n, a in at_months[["date", "users", "adopters"]].itertuples(index=False)}
        for row, (columns, title) in enumerate(zip(rows, row_titles)):
            ax = axes[row, col]
            lines = []
            for column in columns:
                share = SHARES[column]
                if row and not np.nan_to_num(frame[column].to_numpy()).any():
                    continue  # a series at zero throughout (EU models in most runs)
                (line,) = ax.plot(dates, frame[column].to_numpy(), color=share.colour, linestyle=share.style,
                                  label=share.label, gid=f"{region}|{column}")
                lines.append(line)
            if row:
                greyed |= _shade_few_users(ax, frame[["date", "users"]])
            _share_axis(ax)
            if col == 0:
                ax.set_ylabel(f"{title}\n(share of {SHARES[columns[0]].base})")
            _mark_months(ax, lines, months, "share", marked if row == 0 else None)
        axes[0, col].set_title(_text(names.region(region)), fontsize=11, fontweight="bold")
        _date_axis(axes[-1, col], frame["date"], most=6)
    for row in range(3):
        handles = axes[row, -1].get_legend_handles_labels()[0] + ([FEW_USERS] if row == 1 and greyed else [])
        _legend(axes[row, -1], handles, fontsize=8, loc="upper left", bbox_to_anchor=(1.02, 1), frameon=False)
    fig.suptitle("Who uses what: adopters using a model, the origin of their models and how they use them")
    return fig


def adoption_by_origin(adoption: pd.DataFrame, region_groups: Mapping[str, str],
                       fig: AnyFigure | None = None, names: Names | None = None) -> AnyFigure:
    """Share of the adopters using a model who use each bloc's models, by mode, per region
    and for the Global South.

    One panel per region (``adoption`` table) plus one for the regions whose group
    (``region_groups``: region -> ``regions.<name>.group``) is ``global_south``, together
    (adopters summed, so large regions weigh more). Lines: colour the bloc of the model's
    lab, solid for API use, dashed for self-hosted open weights; y is the share of the
    panel's adopters using a model, left out (greyed) where fewer than :data:`MIN_USERS`
    simulated adopters use one. Each panel gives how many use a model in the last month.
    Series that stay at zero are not drawn.
    """
    names = names or Names()
    regions = _names_in_order(adoption["region"])
    panels = [(region, [region]) for region in regions]
    south = [r for r in regions if region_groups[r] == "global_south"]
    if south:
        panels.append(("global_south", south))
    cols = 3
    rows = -(-len(panels) // cols)
    fig, axes = _figure(fig, rows, cols, (11, 2.6 * rows + 0.9), sharex=True, sharey=True)
    used = adoption[adoption["origin"] != "none"]
    blocs = [b for b in BLOCS if b in set(used["origin"].astype(str))]
    greyed = False
    for ax, (panel, members) in zip(axes.flat, panels):
        here = adoption[adoption["region"].isin(members)]
        total = here.groupby("date")["adopters"].sum()
        users = (used[used["region"].isin(members)].groupby("date")["adopters"].sum()
                 .reindex(total.index, fill_value=0))
        base = users.where(users >= MIN_USERS)
        counts = (used[used["region"].isin(members)]
                  .groupby(["date", "origin", "mode"], observed=True)["adopters"].sum()
                  .unstack(["origin", "mode"], fill_value=0).reindex(total.index, fill_value=0))
        for bloc in blocs:
            for mode, style in MODE_STYLES.items():
                if (bloc, mode) not in counts or not counts[(bloc, mode)].any():
                    continue
                ax.plot(total.index.to_numpy(), (counts[(bloc, mode)] / base).to_numpy(),
                        color=BLOC_COLOURS[bloc], linestyle=style, gid=f"{panel}|{bloc}|{mode}")
        greyed |= _shade_few_users(ax, pd.DataFrame({"date": total.index, "users": users.to_numpy()}))
        ax.set_title(_text(names.region(panel)), fontsize=10,
                     fontweight="bold" if panel == "global_south" else "normal")
        ax.text(0.02, 0.96, f"{int(users.iloc[-1]):,} of {int(total.iloc[-1]):,} use a model, "
                f"{total.index[-1]:%Y-%m}", transform=ax.transAxes, fontsize=7, va="top", color="#555555",
                gid=f"{panel}|count")
        _share_axis(ax)
        _date_axis(ax, adoption["date"], most=5, narrow=True)
    for ax in axes.flat[len(panels):]:
        ax.set_visible(False)
    for ax in axes[:, 0]:
        ax.set_ylabel(f"share of {USERS}")
    handles = [Line2D([], [], color=BLOC_COLOURS[b], lw=2.5, label=f"{BLOC_NAMES[b]} models") for b in blocs]
    handles += [Line2D([], [], color="#555555", linestyle=style, label=MODE_NAMES[mode])
                for mode, style in MODE_STYLES.items()]
    fig.legend(handles=handles + ([FEW_USERS] if greyed else []), loc="outside lower center",
               ncols=min(len(handles), 6), frameon=False, fontsize=8)
    fig.suptitle("Which models the adopters using one use: origin and mode, per region and for the "
                 "Global South")
    return fig


def open_downloads(open_models: pd.DataFrame, leading: int = 5, colours: Mapping[str, str] | None = None,
                   cn_share: Level | None = None, cn_passes_us: Milestone | None = None,
                   qwen_passes_llama: Milestone | None = None, fig: AnyFigure | None = None,
                   names: Names | None = None) -> AnyFigure:
    """Open-model downloads: the share of each bloc's families, and the leading families.

    Top panel: each bloc's share of the month's downloads of all open families, with the
    Chinese share of Chinese + US downloads dotted (the quantity of target T1). Bottom: the
    ``leading`` families by downloads over the run, each as a share of the month's
    downloads. Observed figures given (``sim.observed``) are marked where the run covers
    them, with the run's own values in the legend: ``cn_share``, the Chinese share of
    Chinese + US downloads over its months (T1); ``cn_passes_us``, the month Chinese
    downloads first exceeded US ones (T2); ``qwen_passes_llama``, the month Qwen (the
    ``alibaba`` family) overtook Llama (``meta``) (T3). A milestone's legend says whether
    the run's month hits it (within its tolerance) or misses it.
    """
    names = names or Names()
    styles = lab_styles(open_models)
    for lab, colour in (colours or {}).items():
        if lab in styles:
            styles[lab] = {**styles[lab], "color": colour}
    fig, axes = _figure(fig, 2, 1, (10, 7), sharex=True)
    by_origin, families = axes[0, 0], axes[1, 0]
    by_month = open_models.groupby("date")["downloads"].sum()
    total = by_month.where(by_month > 0)
    dates = total.index.to_numpy()
    per_origin = (open_models.groupby(["date", "origin"], observed=True)["downloads"].sum()
                  .unstack(fill_value=0.0).reindex(total.index, fill_value=0.0))
    blocs = [b for b in BLOCS if b in per_origin.columns]
    for bloc in blocs:
        by_origin.plot(dates, (per_origin[bloc] / total).to_numpy(), color=BLOC_COLOURS[bloc],
                       label=f"{BLOC_NAMES[bloc]} families", gid=f"share|{bloc}")
    if {"CN", "US"} <= set(blocs):
        pair = per_origin["CN"] + per_origin["US"]
        by_origin.plot(dates, (per_origin["CN"] / pair.where(pair > 0)).to_numpy(), color=BLOC_COLOURS["CN"],
                       linestyle=":", label="Chinese share of\nChinese + US", gid="share|CN of CN+US")
        if cn_share is not None:
            _mark_share(by_origin, open_models, cn_share)
        if cn_passes_us is not None:
            _mark_crossing(by_origin, open_models, cn_passes_us, "origin", "CN", "US",
                           "Chinese families pass US ones")
    by_origin.set_title("Each bloc's share of open-model downloads", fontsize=10, loc="left")
    _share_axis(by_origin, "the month's downloads")
    _legend(by_origin, fontsize=8, loc="upper left", bbox_to_anchor=(1.01, 1), frameon=False)

    ranked = (open_models.groupby("lab", observed=True)["downloads"].sum()
              .sort_values(ascending=False, kind="stable"))
    per_lab = open_models.pivot_table(index="date", columns="lab", values="downloads", aggfunc="sum",
                                      observed=True).reindex(total.index)
    for lab in [str(lab) for lab in ranked.index[:leading] if ranked[lab] > 0]:
        families.plot(dates, (per_lab[lab] / total).to_numpy(), label=_text(names.family(lab)),
                      gid=f"family|{lab}", **styles[lab])
    if qwen_passes_llama is not None:
        _mark_crossing(families, open_models, qwen_passes_llama, "lab", "alibaba", "meta",
                       f"{names.families.get('alibaba', 'alibaba')} passes "
                       f"{names.families.get('meta', 'meta')}")
    families.set_title(f"The {leading} most downloaded families (over the whole run)", fontsize=10,
                       loc="left")
    _share_axis(families, "the month's downloads")
    _legend(families, fontsize=8, loc="upper left", bbox_to_anchor=(1.01, 1), frameon=False)
    _date_axis(families, open_models["date"])
    fig.suptitle("Open-model downloads: who supplies the open ecosystem")
    return fig


def _mark_share(ax: Axes, open_models: pd.DataFrame, seen: Level) -> None:
    """An observed Chinese share of Chinese + US downloads, over its months, and the run's."""
    first, last = month_timestamp(seen.first), month_timestamp(seen.last)
    if not (_within(first, open_models["date"]) and _within(last, open_models["date"])):
        return
    window = open_models[(open_models["date"] >= first) & (open_models["date"] <= last)]
    totals = window.groupby("origin", observed=True)["downloads"].sum()
    pair = totals.get("CN", 0.0) + totals.get("US", 0.0)
    model = f"{totals.get('CN', 0.0) / pair:.0%}" if pair > 0 else "none"
    ax.plot([first, last], [seen.value] * 2, color="black", lw=3, solid_capstyle="butt",
            gid=f"target|{seen.id}",
            label=f"{seen.id} observed {seen.value:.0%},\n{first:%b %Y}-{last:%b %Y} (run {model})")


def _mark_crossing(
    ax: Axes, open_models: pd.DataFrame, seen: Milestone, key: str, leader: str, follower: str, what: str
) -> None:
    """An observed month of one family or bloc overtaking another in downloads, and the
    run's, with whether the run hits it."""
    names = set(open_models[key].astype(str))
    observed = month_timestamp(seen.month)
    if leader not in names or follower not in names or not _within(observed, open_models["date"]):
        return
    model = first_month_above(open_models, key, leader, follower)
    verdict = "a hit" if seen.hit(model) else "a miss"
    ax.axvline(observed, color="black", linestyle="--", lw=1, gid=f"target|{seen.id}",
               label=f"{seen.id}: {_text(what)},\nobserved {observed:%Y-%m}\n"
                     f"(run {model or 'never'}: {verdict})")


def capability_frontier(markets: pd.DataFrame, fig: AnyFigure | None = None) -> AnyFigure:
    """The best capability of each bloc's labs and of open weights, and China's lag.

    Top: frontier capability (ECI points) of US, Chinese and EU labs, and of downloadable
    weights (dotted). Bottom: China's lag behind the US frontier in months (how long ago the
    US frontier first reached China's current level; below zero China leads).
    """
    world = markets[markets["region"] == "world"].sort_values("date")
    dates = world["date"].to_numpy()
    fig, axes = _figure(fig, 2, 1, (10, 6.5), sharex=True, height_ratios=(3, 2))
    levels, lag = axes[0, 0], axes[1, 0]
    for bloc in BLOCS:
        levels.plot(dates, world[f"frontier_{bloc.lower()}"].to_numpy(), color=BLOC_COLOURS[bloc],
                    label=f"{BLOC_NAMES[bloc]} labs", gid=f"frontier|{bloc}")
    levels.plot(dates, world["frontier_open"].to_numpy(), color=BLOC_COLOURS["open"], linestyle=":",
                label="open weights (any bloc)", gid="frontier|open")
    levels.set_ylabel("capability (ECI points)")
    levels.set_title("Frontier capability by bloc", fontsize=10, loc="left")
    levels.legend(fontsize=8, loc="upper left", frameon=False)
    lag.plot(dates, world["china_lag_months"].to_numpy(), color=BLOC_COLOURS["CN"], gid="china_lag")
    lag.axhline(0, color="grey", lw=0.8)
    lag.set_ylabel("China's lag (months)")
    lag.set_title("China's lag behind the US frontier (below zero: China leads)", fontsize=10, loc="left")
    _date_axis(lag, world["date"])
    fig.suptitle("The capability frontier by bloc, and China's lag behind the US")
    return fig


def _bloc_panels(fig: AnyFigure, labs: pd.DataFrame, rows: Sequence[str], top: str | None = None,
                 height: float = 1.0) -> tuple[dict, list[str]]:
    """A row of panels per entry of ``rows``, one panel per bloc with labs, sharing y within
    a row; with ``top``, a full-width panel above them. Returns the axes by (row, bloc), and
    ``top`` under (top, None), and the blocs."""
    origin = _origins(labs)
    blocs = [b for b in BLOCS if b in set(origin)]
    layout = ([[top] * len(blocs)] if top else []) + [[f"{row}|{bloc}" for bloc in blocs] for row in rows]
    ratios = ([height] if top else []) + [1.0] * len(rows)
    mosaic = fig.subplot_mosaic(layout, sharex=True, height_ratios=ratios)
    axes = {(row, bloc): mosaic[f"{row}|{bloc}"] for row in rows for bloc in blocs}
    for row in rows:
        for bloc in blocs[1:]:
            axes[(row, bloc)].sharey(axes[(row, blocs[0])])
    if top:
        axes[(top, None)] = mosaic[top]
    return axes, blocs


def _draw_lab_lines(
    axes: Mapping, blocs: Sequence[str], labs: pd.DataFrame, column: str, styles: Mapping[str, dict],
    names: Names,
) -> dict[tuple[str, str], list[tuple[Line2D, str]]]:
    """Each lab's ``column`` over time in its bloc's panel of the row ``column`` (gid
    ``"<column>|<lab>"``); returns the lines of each panel with the names to label them by."""
    origin = _origins(labs)
    named = {}
    for bloc in blocs:
        ax = axes[(column, bloc)]
        named[(column, bloc)] = []
        for lab in origin.index[origin == bloc]:
            rows = labs[labs["lab"] == lab].sort_values("date")
            (line,) = ax.plot(rows["date"].to_numpy(), rows[column].to_numpy(), gid=f"{column}|{lab}",
                              **styles[lab])
            named[(column, bloc)].append((line, names.lab(lab)))
        _date_axis(ax, labs["date"], most=5, narrow=True)
    return named


def prices(labs: pd.DataFrame, markets: pd.DataFrame, events: pd.DataFrame,
           colours: Mapping[str, str] | None = None, fig: AnyFigure | None = None,
           names: Names | None = None) -> AnyFigure:
    """API prices: the world's price index and each lab's list price, price wars shaded.

    Top: the mean price API users pay, weighted by token volume (world). Below, one panel
    per bloc: each active lab's API list price (log scale; notional for a lab selling no
    API of its own), named at the end of its line. Shaded in a bloc's colour: the months of
    that bloc's price-war shock (``price_war`` timeline events); the erosion of markups
    among rivals at parity is always at work.
    """
    names = names or Names()
    styles = lab_styles(labs, colours)
    if fig is None:
        fig = Figure(figsize=(11, 7.5), layout="constrained")
    axes, blocs = _bloc_panels(fig, labs, ["price"], top="index", height=0.8)
    index = axes[("index", None)]
    world = markets[markets["region"] == "world"].sort_values("date")
    index.plot(world["date"].to_numpy(), world["price_index"].to_numpy(), color=WORLD_COLOUR,
               gid="price_index")
    index.set_ylabel("US$ per million tokens")
    _from_zero(index)
    index.set_title("Mean API price paid (world, weighted by tokens)", fontsize=10, loc="left")
    named = _draw_lab_lines(axes, blocs, labs, "price", styles, names)
    for bloc in blocs:
        axes[("price", bloc)].set_yscale("log")
        axes[("price", bloc)].set_title(f"{BLOC_NAMES[bloc]} labs' API list prices", fontsize=10, loc="left")
    axes[("price", blocs[0])].set_ylabel("US$ per million tokens (log)")
    wars = price_war_spans(events, labs["date"].max())
    for bloc, start, end in wars:  # on the world's index and on the panel of the bloc at war
        for ax in (index, axes.get(("price", bloc))):
            if ax is not None:
                ax.axvspan(start, end, color=_bloc_colour(bloc), alpha=0.12, lw=0, gid=f"price_war|{bloc}")
    for panel, lines in named.items():  # once every panel of the row has set the shared limits
        _label_ends(axes[panel], lines)
    war_patches = [Patch(color=_bloc_colour(bloc), alpha=0.25,
                         label=f"price war ({BLOC_NAMES.get(bloc, bloc)} labs)")
                   for bloc in dict.fromkeys(bloc for bloc, _, _ in wars)]
    _legend(index, war_patches, loc="upper right", fontsize=8, frameon=False)
    fig.suptitle("API prices: the price paid on average and each lab's price")
    return fig


def lab_strategies(labs: pd.DataFrame, events: pd.DataFrame, fig: AnyFigure | None = None,
                   names: Names | None = None) -> AnyFigure:
    """Each lab's release strategy month by month, with its strategy switches marked.

    One row per lab (grouped by bloc, in its bloc's colour) from its entry: solid while
    closed, hatched while hybrid, pale while open. Switches are marked where they happen: a
    triangle for one imposed by the scenario's timeline, a circle for the lab's own decision.
    """
    names = names or Names()
    fig, axes = _figure(fig, 1, 1, (10, 0.42 * labs["lab"].nunique() + 1.8))
    ax = axes[0, 0]
    origin = _origins(labs)
    order = sorted(_names_in_order(labs["lab"]), key=lambda lab: BLOCS.index(origin[lab]))
    rows = {lab: i for i, lab in enumerate(order)}
    month = pd.DateOffset(months=1)
    for lab in order:
        history = labs[labs["lab"] == lab].sort_values("date")
        spell = history["strategy"].ne(history["strategy"].shift()).cumsum()  # months of one strategy
        for _, months in history.groupby(spell, sort=False):
            strategy, start = months["strategy"].iloc[0], months["date"].iloc[0]
            left, right = mdates.date2num(start), mdates.date2num(months["date"].iloc[-1] + month)
            style = STRATEGY_STYLES[strategy]
            ax.broken_barh([(left, right - left)], (rows[lab] - 0.4, 0.8),
                           facecolor=_bloc_colour(origin[lab]), alpha=style["alpha"], hatch=style["hatch"],
                           edgecolor="white", linewidth=0.5, gid=f"{lab}|{strategy}|{start:%Y-%m}")
    switches = events[(events["kind"] == "strategy_switch") & events["agent"].isin(list(rows))]
    imposed = switches["event"] != ""  # made by a timeline entry, not by the lab's review
    markers = ((imposed, "imposed", "v", "black"), (~imposed, "decided", "o", "white"))
    for chosen, kind, marker, fill in markers:
        picked = switches[chosen]
        ax.plot(picked["date"].to_numpy(), picked["agent"].map(rows).to_numpy(dtype=float), linestyle="none",
                marker=marker, markerfacecolor=fill, markeredgecolor="black", markersize=7,
                gid=f"switches|{kind}", label=f"switch {SWITCH_NAMES[kind]}")
    ax.set_yticks(range(len(order)), [_text(names.lab(lab)) for lab in order])
    for tick, lab in zip(ax.get_yticklabels(), order):
        tick.set_color(_bloc_colour(origin[lab]))
    ax.set_ylim(len(order) - 0.5, -0.5)
    ax.xaxis_date()
    _date_axis(ax, labs["date"])
    grey = BLOC_COLOURS["none"]
    strategies = [Patch(facecolor=grey, alpha=STRATEGY_STYLES[s]["alpha"], hatch=STRATEGY_STYLES[s]["hatch"],
                        edgecolor="white", label=STRATEGY_NAMES[s]) for s in STRATEGIES]
    fig.legend(handles=strategies + ax.get_legend_handles_labels()[0], loc="outside lower center", ncols=3,
               fontsize=8, frameon=False)
    fig.suptitle("Release strategies of the labs over time")
    return fig


def lab_finances(labs: pd.DataFrame, colours: Mapping[str, str] | None = None,
                 fig: AnyFigure | None = None, names: Names | None = None) -> AnyFigure:
    """Each lab's monthly revenue (US$ billion per month) and cash (US$ billion), one panel
    per bloc, on log axes (one lab can earn a hundred times another); each lab is named at
    the end of its line. Months without revenue (or cash) do not show on a log axis."""
    names = names or Names()
    styles = lab_styles(labs, colours)
    if fig is None:
        fig = Figure(figsize=(11, 7.5), layout="constrained")
    panels = (("revenue", "revenue, US$ billion per month (log)", "revenue"),
              ("cash", "cash, US$ billion (log)", "cash at the end of the month"))
    axes, blocs = _bloc_panels(fig, labs, [column for column, *_ in panels])
    named = {}
    for column, unit, title in panels:
        named |= _draw_lab_lines(axes, blocs, labs, column, styles, names)
        positive = (labs[column] > 0).any()
        for bloc in blocs:
            ax = axes[(column, bloc)]
            if positive:  # the row's axes share their scale
                ax.set_yscale("log", nonpositive="mask")
            if not any((np.asarray(line.get_ydata(), dtype=float) > 0).any() for line in ax.lines):
                ax.text(0.5, 0.5, f"no {column} in this run", transform=ax.transAxes, ha="center",
                        color="grey")
            ax.set_title(f"{BLOC_NAMES[bloc]} labs' {title}", fontsize=10, loc="left")
        axes[(column, blocs[0])].set_ylabel(unit)
    for panel, lines in named.items():  # once every panel of the row has set the shared limits
        _label_ends(axes[panel], lines)
    fig.suptitle("Labs' revenue and cash")
    return fig


def policy_levers(policies: pd.DataFrame, government_blocs: Mapping[str, str],
                  fig: AnyFigure | None = None, names: Names | None = None) -> AnyFigure:
    """Export-control tightness and state money paid out, per government, over time.

    ``government_blocs`` maps a government to its bloc (``governments.<name>.bloc``; empty
    for a Global South one), which gives its colour. Governments whose lever stays at zero
    are not drawn.
    """
    names = names or Names()
    fig, axes = _figure(fig, 2, 1, (10, 6), sharex=True)
    panels = ((axes[0, 0], "export_control", "share denied (0-1)",
               "Export-control tightness: share of advanced compute denied to China"),
              (axes[1, 0], "spent", "US$ billion per month",
               "State money paid to labs (subsidies, funds, rewards)"))
    for ax, column, unit, title in panels:
        for government in _names_in_order(policies["government"]):
            rows = policies[policies["government"] == government].sort_values("date")
            if not rows[column].any():
                continue
            ax.plot(rows["date"].to_numpy(), rows[column].to_numpy(), drawstyle="steps-post",
                    color=_bloc_colour(government_blocs[government]),
                    label=_text(names.government(government)),
                    gid=f"{column}|{government}")
        if not ax.lines:
            ax.text(0.5, 0.5, "no government used this lever", transform=ax.transAxes, ha="center",
                    color="grey")
        else:
            ax.legend(fontsize=8, loc="upper left", frameon=False)
        ax.set_ylabel(unit)
        ax.set_title(title, fontsize=10, loc="left")
    _padded(axes[0, 0], 0.0, 1.0)
    _from_zero(axes[1, 0])
    _date_axis(axes[1, 0], policies["date"])
    fig.suptitle("Policy levers over time: export controls and state money")
    return fig


# ----------------------------------------------------------------------------- figures of a sweep


def outcome_bands(markets: pd.DataFrame, scenarios: Sequence[str] | None = None,
                  counts: pd.DataFrame | None = None, fig: AnyFigure | None = None) -> AnyFigure:
    """The report's outcomes (:data:`READOUTS`) over time across a sweep's runs, one panel each.

    ``markets`` is the gathered ``markets`` table (``run`` and ``scenario`` keys), ``counts``
    the runs' :func:`adopter_counts`: with them, a run's shares among users are left out
    where fewer than :data:`MIN_USERS` of its simulated adopters use a model. For each
    scenario (in the order of ``scenarios``, default as they appear): the median across its
    runs at each date, and the central 50% and 90% of its runs as shaded bands; a date
    where fewer than half its runs define a share has none.
    """
    scenarios = list(scenarios) if scenarios is not None else _names_in_order(markets["scenario"])
    reader = reader_markets(markets, counts)
    cols = 2
    rows = -(-len(READOUTS) // cols)
    fig, axes = _figure(fig, rows, cols, (11, 2.5 * rows + 1.2), sharex=True)
    for ax, (key, readout) in zip(axes.flat, READOUTS.items()):
        frame = reader[reader["region"] == readout.region]
        for colour, scenario in zip(_scenario_colours(len(scenarios)), scenarios):
            quantiles = quantiles_over_runs(frame[frame["scenario"] == scenario], readout.column)
            draw_bands(ax, quantiles, colour=colour, label=scenario, gid=f"{key}|{scenario}")
        ax.set_title(readout.label, fontsize=10, loc="left")
        if readout.unit == "share":
            _share_axis(ax, readout.base)
        else:
            ax.set_ylabel(readout.unit)
        _date_axis(ax, markets["date"], most=6)
    for ax in axes.flat[len(READOUTS):]:
        ax.set_visible(False)
    handles = axes.flat[0].get_legend_handles_labels()[0]
    fig.legend(handles=handles, loc="outside lower center", ncols=min(len(handles), 6), frameon=False,
               title="scenario: median across runs; shaded, the central 50% and 90% of runs")
    fig.suptitle("The report's outcomes over time across the sweep's runs")
    return fig


def scenario_comparison(markets: pd.DataFrame, reference: str, month: str,
                        counts: pd.DataFrame | None = None, fig: AnyFigure | None = None) -> AnyFigure:
    """Each scenario's outcomes (:data:`READOUTS`) minus the reference scenario's, seed by seed.

    ``markets`` is the gathered ``markets`` table, ``month`` (YYYY-MM) the month compared,
    ``counts`` as for :func:`outcome_bands`. Per outcome, per scenario: the median
    difference from the reference run of the same seed (dot), and the central 50% (thick)
    and 90% (thin) of those differences. Shares are in percentage points.
    """
    values = outcome_values(markets, month, counts)
    differences = paired_differences(values, reference)
    scenarios = [s for s in _names_in_order(markets["scenario"]) if s != reference]
    scenarios = [s for s in scenarios if s in set(differences["scenario"])]
    base = values[values["scenario"] == reference]
    cols = 2
    rows = -(-len(READOUTS) // cols)
    fig, axes = _figure(fig, rows, cols, (11, 1.2 + rows * (1.3 + 0.4 * len(scenarios))))
    colours = dict(zip(scenarios, _scenario_colours(len(scenarios) + 1)[1:]))
    for ax, (key, readout) in zip(axes.flat, READOUTS.items()):
        for row, scenario in enumerate(scenarios):
            found = differences.loc[differences["scenario"] == scenario, key].dropna().to_numpy()
            if not len(found):
                continue
            for level, width in zip(sorted(BAND_LEVELS, reverse=True), (1.5, 5)):
                low, high = np.quantile(found, [(1 - level) / 2, (1 + level) / 2])
                ax.plot([low, high], [row, row], color=colours[scenario], lw=width, solid_capstyle="butt",
                        gid=f"{key}|{scenario}|{round(level * 100)}")
            ax.plot([np.median(found)], [row], "o", color=colours[scenario], markeredgecolor="white",
                    markersize=8, gid=f"{key}|{scenario}|median")
        ax.axvline(0, color="black", lw=0.8)
        ax.set_yticks(range(len(scenarios)), [_text(s) for s in scenarios])
        ax.set_ylim(len(scenarios) - 0.5, -0.5)
        ax.xaxis.set_major_locator(MaxNLocator(nbins=6))
        level_text = format_value(base[key].median(), readout.unit)
        if readout.unit == "share":
            ax.xaxis.set_major_formatter(FuncFormatter(lambda x, _: f"{x * 100:+.3g} pp"))
            ax.set_xlabel("difference (percentage points)")
        else:
            ax.xaxis.set_major_formatter(FuncFormatter(lambda x, _: f"{x:+.3g}"))
            ax.set_xlabel(f"difference ({readout.unit})")
        ax.set_title(f"{readout.label}\n{_text(reference)}: {level_text} (median)", fontsize=9, loc="left")
    for ax in axes.flat[len(READOUTS):]:
        ax.set_visible(False)
    fig.suptitle(f"Scenarios against {_text(reference)}: difference in the report's outcomes, {month}")
    return fig


def _scenario_colours(count: int) -> list[str]:
    return [SCENARIO_COLOURS[i % len(SCENARIO_COLOURS)] for i in range(count)]
