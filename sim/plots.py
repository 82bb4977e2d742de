"""Figures of a run or a sweep: one function per figure, drawn with matplotlib.

Each figure function takes tidy tables (a run's :class:`sim.Results` tables, or a sweep's
gathered tables with their ``run``, ``scenario`` and ``seed`` keys), draws into a new
Figure (or into ``fig``, e.g. a SubFigure of a notebook's layout) and returns it. None
reads or writes files, so the report, notebooks and the app share them. Figures are built
as ``matplotlib.figure.Figure`` objects, not through pyplot: nothing is registered
globally, no display is needed, and a figure is freed once dropped.

One style throughout: one colour per bloc (:data:`BLOC_COLOURS`) in every figure, API use
drawn solid and self-hosted open weights dashed (:data:`MODE_STYLES`), dates on time axes,
shares shown as percentages. Every artist that stands for a series carries a ``gid``
(e.g. ``"AFRICA|CN|api"``) naming what it draws, so tests and callers can find it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

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
from sim.vocabulary import BLOCS, STRATEGIES
from sim.metrics import HEADLINES, first_month_above, summary_column, summary_months
from sim.observed import Level, Milestone

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

WORLD_COLOUR = "#252525"
"""Series of the world as a whole (the price index)."""

MODE_STYLES = {"api": "-", "self_host": "--"}
"""Line style per mode of use: API solid, self-hosted open weights dashed."""

MODE_NAMES = {"api": "API", "self_host": "self-hosted open weights"}
"""How the legends name the modes."""

STRATEGY_STYLES = {
    "closed": {"alpha": 1.0, "hatch": None},
    "hybrid": {"alpha": 0.55, "hatch": "////"},
    "open": {"alpha": 0.22, "hatch": None},
}
"""How a release strategy fills a lab's bar (in its bloc's colour): closed solid, open pale."""

SWITCH_NAMES = {"imposed": "imposed by the timeline", "decided": "decided by the lab"}
"""The two kinds of strategy switch, marked apart on the strategy timeline."""

SCENARIO_COLOURS = ("#252525", "#7b3294", "#1b9e77", "#a6611a", "#e7298a", "#66a61e", "#018571", "#8073ac")
"""Colours of scenarios in sweep figures (the reference first); none is a bloc's colour."""

BAND_LEVELS = (0.5, 0.9)
"""Central intervals drawn around the median across runs."""



# ----------------------------------------------------------------------------- helpers


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
    Runs with no value (NaN) at a date are left out of that date's quantiles.
    """
    bounds = [(1 - level) / 2 for level in levels] + [(1 + level) / 2 for level in levels]
    probabilities = sorted({0.5, *bounds})
    return frame.groupby("date")[column].quantile(probabilities).unstack()


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


def paired_differences(summary: pd.DataFrame, reference: str, month: str) -> pd.DataFrame:
    """Each run's headline outcomes minus those of the reference scenario's run of the same seed.

    ``summary`` is a sweep's gathered summary; ``month`` a summary month such as ``2030-12``.
    Returns one row per (scenario, seed) present in both, with a column per headline key.
    Comparing runs of the same seed removes the noise the scenarios share.
    """
    columns = {summary_column(key, month): key for key in HEADLINES}
    values = summary.set_index(["scenario", "seed"])[list(columns)].rename(columns=columns)
    base = values.xs(reference, level="scenario")
    others = values.drop(index=reference, level="scenario")
    differences = others.sub(base, level="seed").dropna(how="all")
    return differences.reset_index()


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


def _figure(fig: AnyFigure | None, rows: int, cols: int, size: tuple[float, float], **kwargs):
    """A figure (new, of ``size`` inches, or the one given) and a grid of axes (``subplots`` kwargs)."""
    if fig is None:
        fig = Figure(figsize=size, layout="constrained")
    axes = fig.subplots(rows, cols, squeeze=False, **kwargs)
    return fig, axes


def _date_axis(ax: Axes, dates: pd.Series, most: int = 9) -> None:
    """At most ``most`` ticks on a calendar grid (years, every few years, or quarters or
    half-years for short runs), fixed once from the data's dates: far cheaper to draw than an
    automatic date locator. Narrow panels take fewer, so that labels do not touch."""
    first, last = pd.Timestamp(dates.min()), pd.Timestamp(dates.max())
    months = (last.year - first.year) * 12 + last.month - first.month
    step = next((s for s in (3, 6, 12, 24, 60) if months <= most * s), 120)
    ticks = pd.date_range(pd.Timestamp(first.year, 1, 1), last, freq=f"{step}MS")
    ticks = ticks[ticks >= first]
    label = "%Y" if step >= 12 else "%Y-%m"
    ax.set_xticks(mdates.date2num(ticks.to_pydatetime()), [f"{tick:{label}}" for tick in ticks])


def _share_axis(ax: Axes, top: float | None = 1.0) -> None:
    """A y axis of shares, in percent, from 0 (to ``top``; None: as the data need)."""
    ax.yaxis.set_major_formatter(PercentFormatter(xmax=1, decimals=0))
    ax.set_ylim(0, top)


def _legend(owner: Axes | AnyFigure, handles: Sequence | None = None, **kwargs) -> None:
    """A legend of ``handles`` (default: an axes' labelled artists), unless there is nothing to show."""
    handles = owner.get_legend_handles_labels()[0] if handles is None else handles
    if handles:
        owner.legend(handles=handles, **kwargs)


def _bloc_legend(fig: AnyFigure, blocs: Sequence[str], extra: Sequence = (), title: str = "") -> None:
    """A legend below the figure: a line in each bloc's colour, then ``extra`` handles."""
    handles = [Line2D([], [], color=BLOC_COLOURS[b], lw=2.5, label=b) for b in blocs] + list(extra)
    fig.legend(handles=handles, loc="outside lower center", ncols=min(len(handles), 7), frameon=False,
               title=title)


def _bloc_colour(bloc: str) -> str:
    """A bloc's colour; grey for anything else (no model, a government without a bloc)."""
    return BLOC_COLOURS.get(bloc, BLOC_COLOURS["none"])


def _within(date: pd.Timestamp, dates: pd.Series) -> bool:
    """Whether ``date`` falls in the months the data cover."""
    return bool(len(dates)) and dates.min() <= date <= dates.max()


# ----------------------------------------------------------------------------- figures of a run


def adoption_by_origin(adoption: pd.DataFrame, region_groups: Mapping[str, str],
                       fig: AnyFigure | None = None) -> AnyFigure:
    """Share of adopters using each bloc's models, by mode, per region and for the Global South.

    One panel per region (``adoption`` table) plus one for the regions whose group
    (``region_groups``: region -> ``regions.<name>.group``) is ``global_south``, together
    (adopters summed, so large regions weigh more). Lines: colour the bloc of the model's
    lab, solid for API use, dashed for self-hosted open weights; y is the share of all the
    panel's adopters (using a model or not). Series that stay at zero are not drawn.
    """
    regions = _names_in_order(adoption["region"])
    panels = [(region, [region]) for region in regions]
    south = [r for r in regions if region_groups[r] == "global_south"]
    if south:
        panels.append(("Global South", south))
    cols = 3
    rows = -(-len(panels) // cols)
    fig, axes = _figure(fig, rows, cols, (11, 2.6 * rows + 0.8), sharex=True, sharey=True)
    used = adoption[adoption["origin"] != "none"]
    blocs = [b for b in BLOCS if b in set(used["origin"].astype(str))]
    for ax, (title, members) in zip(axes.flat, panels):
        total = adoption[adoption["region"].isin(members)].groupby("date")["adopters"].sum()
        counts = (used[used["region"].isin(members)]
                  .groupby(["date", "origin", "mode"], observed=True)["adopters"].sum()
                  .unstack(["origin", "mode"], fill_value=0).reindex(total.index, fill_value=0))
        for bloc in blocs:
            for mode, style in MODE_STYLES.items():
                if (bloc, mode) not in counts or not counts[(bloc, mode)].any():
                    continue
                ax.plot(total.index.to_numpy(), (counts[(bloc, mode)] / total).to_numpy(),
                        color=BLOC_COLOURS[bloc], linestyle=style, gid=f"{title}|{bloc}|{mode}")
        ax.set_title(_text(title), fontsize=10, fontweight="bold" if title == "Global South" else "normal")
        _share_axis(ax)
        _date_axis(ax, adoption["date"], most=5)
    for ax in axes.flat[len(panels):]:
        ax.set_visible(False)
    for ax in axes[:, 0]:
        ax.set_ylabel("share of adopters")
    modes = [Line2D([], [], color="#555555", linestyle=style, label=MODE_NAMES[mode])
             for mode, style in MODE_STYLES.items()]
    _bloc_legend(fig, blocs, modes, title="model's origin and mode of use")
    fig.suptitle("Which models adopters use: origin and mode, per region and for the Global South")
    return fig


def open_downloads(open_models: pd.DataFrame, leading: int = 5, colours: Mapping[str, str] | None = None,
                   cn_share: Level | None = None, cn_passes_us: Milestone | None = None,
                   qwen_passes_llama: Milestone | None = None, fig: AnyFigure | None = None) -> AnyFigure:
    """Open-model downloads: the share of each bloc's families, and the leading families.

    Top panel: each bloc's share of the month's downloads of all open families, with the
    Chinese share of Chinese + US downloads dotted (the quantity of target T1). Bottom: the
    ``leading`` families by downloads over the run, each as a share of the month's
    downloads. Observed figures given (``sim.observed``) are marked where the run covers
    them, with the run's own values in the legend: ``cn_share``, the Chinese share of
    Chinese + US downloads over its months (T1); ``cn_passes_us``, the month Chinese
    downloads first exceeded US ones (T2); ``qwen_passes_llama``, the month Qwen (the
    ``alibaba`` family) overtook Llama (``meta``) (T3).
    """
    colours = {**lab_colours(open_models), **(colours or {})}
    fig, axes = _figure(fig, 2, 1, (10, 7), sharex=True)
    by_origin, families = axes[0, 0], axes[1, 0]
    by_month = open_models.groupby("date")["downloads"].sum()
    total = by_month.where(by_month > 0)
    dates = total.index.to_numpy()
    per_origin = (open_models.groupby(["date", "origin"], observed=True)["downloads"].sum()
                  .unstack(fill_value=0.0).reindex(total.index, fill_value=0.0))
    blocs = [b for b in BLOCS if b in per_origin.columns]
    for bloc in blocs:
        by_origin.plot(dates, (per_origin[bloc] / total).to_numpy(), color=BLOC_COLOURS[bloc], label=bloc,
                       gid=f"share|{bloc}")
    if {"CN", "US"} <= set(blocs):
        pair = per_origin["CN"] + per_origin["US"]
        by_origin.plot(dates, (per_origin["CN"] / pair.where(pair > 0)).to_numpy(), color=BLOC_COLOURS["CN"],
                       linestyle=":", label="CN share of CN + US", gid="share|CN of CN+US")
        if cn_share is not None:
            _mark_share(by_origin, open_models, cn_share)
        if cn_passes_us is not None:
            _mark_crossing(by_origin, open_models, cn_passes_us, "origin", "CN", "US")
    by_origin.set_title("Each bloc's share of open-model downloads", fontsize=10)
    by_origin.set_ylabel("share of downloads")
    _share_axis(by_origin)
    _legend(by_origin, fontsize=8, loc="upper left", bbox_to_anchor=(1.01, 1))

    ranked = (open_models.groupby("lab", observed=True)["downloads"].sum()
              .sort_values(ascending=False, kind="stable"))
    per_lab = open_models.pivot_table(index="date", columns="lab", values="downloads", aggfunc="sum",
                                      observed=True).reindex(total.index)
    for lab in [str(lab) for lab in ranked.index[:leading] if ranked[lab] > 0]:
        families.plot(dates, (per_lab[lab] / total).to_numpy(), color=colours[lab], label=_text(lab),
                      gid=f"family|{lab}")
    if qwen_passes_llama is not None:
        _mark_crossing(families, open_models, qwen_passes_llama, "lab", "alibaba", "meta")
    families.set_title(f"The {leading} most downloaded families (over the whole run)", fontsize=10)
    families.set_ylabel("share of downloads")
    _share_axis(families)
    _legend(families, fontsize=8, loc="upper left", bbox_to_anchor=(1.01, 1))
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
    ax: Axes, open_models: pd.DataFrame, seen: Milestone, key: str, leader: str, follower: str
) -> None:
    """An observed month of one family or bloc overtaking another in downloads, and the run's."""
    names = set(open_models[key].astype(str))
    observed = month_timestamp(seen.month)
    if leader not in names or follower not in names or not _within(observed, open_models["date"]):
        return
    model = first_month_above(open_models, key, leader, follower) or "never"
    ax.axvline(observed, color="black", linestyle="--", lw=1, gid=f"target|{seen.id}",
               label=f"{seen.id}: {leader} passes {follower},\nobserved {observed:%Y-%m} (run {model})")


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
        levels.plot(dates, world[f"frontier_{bloc.lower()}"].to_numpy(), color=BLOC_COLOURS[bloc], label=bloc,
                    gid=f"frontier|{bloc}")
    levels.plot(dates, world["frontier_open"].to_numpy(), color=BLOC_COLOURS["open"], linestyle=":",
                label="open weights (any bloc)", gid="frontier|open")
    levels.set_ylabel("capability (ECI points)")
    levels.set_title("Frontier capability by bloc", fontsize=10)
    levels.legend(fontsize=8, loc="upper left")
    lag.plot(dates, world["china_lag_months"].to_numpy(), color=BLOC_COLOURS["CN"], gid="china_lag")
    lag.axhline(0, color="grey", lw=0.8)
    lag.set_ylabel("China's lag (months)")
    lag.set_title("China's lag behind the US frontier", fontsize=10)
    _date_axis(lag, world["date"])
    fig.suptitle("The capability frontier by bloc, and China's lag behind the US")
    return fig


def prices(labs: pd.DataFrame, markets: pd.DataFrame, events: pd.DataFrame,
           colours: Mapping[str, str] | None = None, fig: AnyFigure | None = None) -> AnyFigure:
    """API prices: the world's price index and each lab's list price, price wars shaded.

    Top: the mean price API users pay, weighted by token volume (world). Bottom: each
    active lab's API list price (log scale; notional for a lab selling no API of its own).
    Shaded in a bloc's colour: the months of that bloc's price-war shock (``price_war``
    timeline events); the erosion of markups among rivals at parity is always at work.
    """
    colours = {**lab_colours(labs), **(colours or {})}
    fig, axes = _figure(fig, 2, 1, (10, 7), sharex=True)
    index, by_lab = axes[0, 0], axes[1, 0]
    world = markets[markets["region"] == "world"].sort_values("date")
    index.plot(world["date"].to_numpy(), world["price_index"].to_numpy(), color=WORLD_COLOUR,
               gid="price_index")
    index.set_ylabel("US$ per million tokens")
    index.set_ylim(bottom=0)
    index.set_title("Mean API price paid (world, weighted by tokens)", fontsize=10)
    for lab in _names_in_order(labs["lab"]):
        rows = labs[labs["lab"] == lab].sort_values("date")
        by_lab.plot(rows["date"].to_numpy(), rows["price"].to_numpy(), color=colours[lab], label=_text(lab),
                    gid=f"price|{lab}")
    by_lab.set_yscale("log")
    by_lab.set_ylabel("US$ per million tokens (log)")
    by_lab.set_title("Each lab's API list price", fontsize=10)
    wars = price_war_spans(events, labs["date"].max())
    for ax in (index, by_lab):
        for bloc, start, end in wars:
            ax.axvspan(start, end, color=_bloc_colour(bloc), alpha=0.12, lw=0, gid=f"price_war|{bloc}")
    _date_axis(by_lab, labs["date"])
    war_patches = [Patch(color=_bloc_colour(bloc), alpha=0.25, label=f"price war ({bloc})")
                   for bloc in dict.fromkeys(bloc for bloc, _, _ in wars)]
    handles = by_lab.get_legend_handles_labels()[0] + war_patches
    _legend(fig, handles, loc="outside lower center", ncols=7, fontsize=8, frameon=False)
    fig.suptitle("API prices: the price paid on average and each lab's price")
    return fig


def lab_strategies(labs: pd.DataFrame, events: pd.DataFrame, fig: AnyFigure | None = None) -> AnyFigure:
    """Each lab's release strategy month by month, with its strategy switches marked.

    One row per lab (grouped by bloc, in its bloc's colour) from its entry: solid while
    closed, hatched while hybrid, pale while open. Switches are marked where they happen: a
    triangle for one imposed by the scenario's timeline, a circle for the lab's own decision.
    """
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
    ax.set_yticks(range(len(order)), [_text(lab) for lab in order])
    for tick, lab in zip(ax.get_yticklabels(), order):
        tick.set_color(_bloc_colour(origin[lab]))
    ax.set_ylim(len(order) - 0.5, -0.5)
    ax.xaxis_date()
    _date_axis(ax, labs["date"])
    grey = BLOC_COLOURS["none"]
    strategies = [Patch(facecolor=grey, alpha=STRATEGY_STYLES[s]["alpha"], hatch=STRATEGY_STYLES[s]["hatch"],
                        edgecolor="white", label=s) for s in STRATEGIES]
    fig.legend(handles=strategies + ax.get_legend_handles_labels()[0], loc="outside lower center", ncols=5,
               fontsize=8, frameon=False)
    fig.suptitle("Release strategies of the labs over time")
    return fig


def lab_finances(labs: pd.DataFrame, colours: Mapping[str, str] | None = None,
                 fig: AnyFigure | None = None) -> AnyFigure:
    """Each lab's monthly revenue (US$ billion per month) and cash (US$ billion)."""
    colours = {**lab_colours(labs), **(colours or {})}
    fig, axes = _figure(fig, 2, 1, (10, 7), sharex=True)
    for ax, column, unit, title in ((axes[0, 0], "revenue", "US$ billion per month", "Revenue"),
                                    (axes[1, 0], "cash", "US$ billion", "Cash at the end of the month")):
        for lab in _names_in_order(labs["lab"]):
            rows = labs[labs["lab"] == lab].sort_values("date")
            ax.plot(rows["date"].to_numpy(), rows[column].to_numpy(), color=colours[lab], label=_text(lab),
                    gid=f"{column}|{lab}")
        ax.set_ylabel(unit)
        ax.set_title(title, fontsize=10)
    _date_axis(axes[1, 0], labs["date"])
    _legend(fig, axes[0, 0].get_legend_handles_labels()[0], loc="outside lower center", ncols=6, fontsize=8,
            frameon=False)
    fig.suptitle("Labs' revenue and cash")
    return fig


def policy_levers(policies: pd.DataFrame, government_blocs: Mapping[str, str],
                  fig: AnyFigure | None = None) -> AnyFigure:
    """Export-control tightness and state money paid out, per government, over time.

    ``government_blocs`` maps a government to its bloc (``governments.<name>.bloc``; empty
    for a Global South one), which gives its colour. Governments whose lever stays at zero
    are not drawn.
    """
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
                    color=_bloc_colour(government_blocs[government]), label=_text(government),
                    gid=f"{column}|{government}")
        if not ax.lines:
            ax.text(0.5, 0.5, "no government used this lever", transform=ax.transAxes, ha="center",
                    color="grey")
        else:
            ax.legend(fontsize=8, loc="upper left", title="government", title_fontsize=8)
        ax.set_ylabel(unit)
        ax.set_title(title, fontsize=10)
        ax.set_ylim(bottom=0)
    axes[0, 0].set_ylim(0, 1)
    _date_axis(axes[1, 0], policies["date"])
    fig.suptitle("Policy levers over time: export controls and state money")
    return fig


# ----------------------------------------------------------------------------- figures of a sweep


def outcome_bands(markets: pd.DataFrame, scenarios: Sequence[str] | None = None,
                  fig: AnyFigure | None = None) -> AnyFigure:
    """The headline outcomes over time across a sweep's runs, one panel per outcome.

    ``markets`` is the gathered ``markets`` table (``run`` and ``scenario`` keys). For each
    scenario (in the order of ``scenarios``, default as they appear): the median across its
    runs at each date, and the central 50% and 90% of its runs as shaded bands.
    """
    scenarios = list(scenarios) if scenarios is not None else _names_in_order(markets["scenario"])
    fig, axes = _figure(fig, 3, 2, (11, 9.5), sharex=True)
    for ax, (key, (label, region, column, unit)) in zip(axes.flat, HEADLINES.items()):
        rows = markets[markets["region"] == region]
        for colour, scenario in zip(_scenario_colours(len(scenarios)), scenarios):
            quantiles = quantiles_over_runs(rows[rows["scenario"] == scenario], column)
            draw_bands(ax, quantiles, colour=colour, label=scenario, gid=f"{key}|{scenario}")
        ax.set_title(label, fontsize=10)
        ax.set_ylabel(unit)
        if unit == "share":
            _share_axis(ax, top=None)
            ax.set_ylabel("share of adopters using a model")
        _date_axis(ax, markets["date"])
    axes.flat[-1].set_visible(False)
    handles = axes.flat[0].get_legend_handles_labels()[0]
    fig.legend(handles=handles, loc="outside lower center", ncols=min(len(handles), 6), frameon=False,
               title="scenario: median across runs; shaded, the central 50% and 90% of runs")
    fig.suptitle("Headline outcomes over time across the sweep's runs")
    return fig


def scenario_comparison(summary: pd.DataFrame, reference: str, month: str | None = None,
                        fig: AnyFigure | None = None) -> AnyFigure:
    """Each scenario's headline outcomes minus the reference scenario's, seed by seed.

    ``summary`` is a sweep's gathered summary; ``month`` the summary month (default the last).
    Per outcome, per scenario: the median difference from the reference run of the same seed
    (dot), and the central 50% (thick) and 90% (thin) of those differences. Shares are in
    percentage points.
    """
    month = month or summary_months(summary)[-1]
    differences = paired_differences(summary, reference, month)
    scenarios = [s for s in _names_in_order(summary["scenario"]) if s != reference]
    scenarios = [s for s in scenarios if s in set(differences["scenario"])]
    base = summary[summary["scenario"] == reference]
    fig, axes = _figure(fig, 3, 2, (11, 1.5 + 3 * (1.2 + 0.4 * len(scenarios))))
    colours = dict(zip(scenarios, _scenario_colours(len(scenarios) + 1)[1:]))
    for ax, (key, (label, _, _, unit)) in zip(axes.flat, HEADLINES.items()):
        for row, scenario in enumerate(scenarios):
            values = differences.loc[differences["scenario"] == scenario, key].dropna().to_numpy()
            if not len(values):
                continue
            for level, width in zip(sorted(BAND_LEVELS, reverse=True), (1.5, 5)):
                low, high = np.quantile(values, [(1 - level) / 2, (1 + level) / 2])
                ax.plot([low, high], [row, row], color=colours[scenario], lw=width, solid_capstyle="butt",
                        gid=f"{key}|{scenario}|{round(level * 100)}")
            ax.plot([np.median(values)], [row], "o", color=colours[scenario], markeredgecolor="white",
                    markersize=8, gid=f"{key}|{scenario}|median")
        ax.axvline(0, color="black", lw=0.8)
        ax.set_yticks(range(len(scenarios)), [_text(s) for s in scenarios])
        ax.set_ylim(len(scenarios) - 0.5, -0.5)
        reference_median = base[summary_column(key, month)].median()
        ax.xaxis.set_major_locator(MaxNLocator(nbins=6))
        if unit == "share":
            ax.xaxis.set_major_formatter(FuncFormatter(lambda x, _: f"{x * 100:+.3g} pp"))
            ax.set_xlabel("difference (percentage points)")
            level_text = f"{reference_median:.0%}"
        else:
            ax.xaxis.set_major_formatter(FuncFormatter(lambda x, _: f"{x:+.3g}"))
            ax.set_xlabel(f"difference ({unit})")
            level_text = f"{reference_median:.3g} {unit}"
        ax.set_title(f"{label}\n{_text(reference)}: {level_text} (median)", fontsize=9)
    axes.flat[-1].set_visible(False)
    fig.suptitle(f"Scenarios against {_text(reference)}: difference in headline outcomes, {month}")
    return fig


def _scenario_colours(count: int) -> list[str]:
    return [SCENARIO_COLOURS[i % len(SCENARIO_COLOURS)] for i in range(count)]
