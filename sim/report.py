"""The report of a run or a sweep: one self-contained HTML page, and each figure as PNG and SVG.

    sim-report PATH     # PATH: a run directory (written by `sim ...`)
                        #    or a sweep directory (written by `sim -m ...`)

Writes ``PATH/report/report.html`` and ``PATH/report/<figure>.png`` and ``.svg``. The page
opens offline: figures are embedded as PNG data, styles are inline, nothing is fetched.

It opens with what the run (or sweep) found, in a paragraph written from its numbers by a
template, then a table of the outcomes of ``sim.plots.READOUTS`` at the summary months,
each share naming its base (all adopters, or those using a model) and the figure that draws
it, the dated milestones it hits or misses, and the caveats. Then the figures of
``sim.plots`` with a caption each, and the event log in words. A sweep's report gives the
outcomes across its runs (median and 90% interval, flagged when few runs make them), its
scenarios against the baseline seed by seed, and one run of each scenario in detail. Every
name taken from configs or data is HTML-escaped.

Everything is drawn in memory first, then each file is written atomically (a temporary
file renamed into place), the page last: a failed build leaves no half-written page.
"""

from __future__ import annotations

import argparse
import base64
import dataclasses
import datetime as dt
import html
import io
import os
import sys
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

import matplotlib
import pandas as pd
import pyarrow.parquet as pq
from matplotlib.figure import Figure

from sim import plots
from sim.calendar import month_timestamp
from sim.config import default_config
from sim.errors import exit_in_one_line
from sim.metrics import summary_months
from sim.observed import OBSERVED, Milestone
from sim.outputs import Results, write_bytes_atomically
from sim import runs
from sim.plots import MIN_USERS, READOUTS, Names, format_value
from sim.store import GATHERED, Store, gather, print_lines

REPORT_DIR = "report"
PAGE = "report.html"
REFERENCE_SCENARIO = "baseline"
PNG_DPI = 110
FEW_RUNS = 20
"""Below this many runs per scenario, the report says its 90% intervals are rough: with
fewer, the 5th and 95th percentiles are little more than the lowest and highest runs."""

VALID_PATH = (
    "PATH must be a run directory (holding a finished run, as written by `sim ...`) "
    "or a sweep directory (holding finished runs, as written by `sim -m ...` under outputs/sweeps/)"
)

MILESTONES = (
    ("Chinese open-model downloads first exceed US ones", "cn_downloads_exceed_us", "T2"),
    ("Qwen overtakes Llama in downloads", "qwen_overtakes_llama", "T3"),
)
"""The dated milestones a run's summary dates, with the observed fact each is set beside."""

FIGURE_OF = {"china_lag_months": "frontier", "world_price_index": "prices"}
"""The run figure drawing each outcome the overview does not."""

CAPTIONS = {
    "overview": (
        "The figure the summary table reads from: in the Global South (left) and in the world (right), the "
        "share of all adopters using any AI model (top, with the number of simulated adopters), then, of "
        "the adopters using a model, the origin of the model (middle) and how it is used (bottom): closed "
        "models through an API, open-weight models through an API, or open weights run by the adopter "
        "itself. Dots give the values at the summary months ({months}). Grey: months when fewer than "
        "{min_users} simulated adopters use a model, too few for a share among them."
    ),
    "adoption": (
        "Of each region's adopters using a model, the share using a model of US, Chinese or EU labs, "
        "through an API (solid) or as self-hosted open weights (dashed), month by month. The last panel "
        "pools the Global South regions ({south}), each weighted by its number of adopters. Grey: fewer "
        "than {min_users} simulated adopters of the region use a model."
    ),
    "downloads": (
        "Top: each bloc's share of the month's open-model downloads, in percent (downloads are a proxy "
        "counting self-hosters and new fine-tunes, docs/OUTPUTS.md); dotted, the Chinese share of "
        "Chinese + US downloads. Bottom: the five families most downloaded over the run, each in percent "
        "of the month's downloads. In black, the domain brief's dated targets where the run covers "
        "them: T1, the observed Chinese share of Chinese + US downloads over {t1} "
        "(compare the dotted line); T2, the month Chinese downloads first exceeded US ones ({t2}); T3, "
        "the month Qwen overtook Llama ({t3}). The legend gives the run's own values, and whether each "
        "month is a hit (within {tolerance:g} months) or a miss."
    ),
    "frontier": (
        "Top: capability of the best model of each bloc's labs, and of the best downloadable weights "
        "(dotted), in ECI points (Epoch Capabilities Index). Bottom: China's lag, the number of months "
        "since the US frontier first reached the Chinese frontier's current level (below zero China "
        "leads)."
    ),
    "prices": (
        "Top: the mean price API users paid, weighted by their tokens (US$ per million tokens, blended "
        "3 input : 1 output). Below, one panel per bloc: each lab's API list price, log scale (notional "
        "for a lab that sells no API of its own), named at the end of its line. Shaded in a bloc's "
        "colour: its price-war shocks from the scenario's timeline ({wars})."
    ),
    "strategies": (
        "Each lab's release strategy month by month from its entry, in its bloc's colour: solid while "
        "closed, hatched while hybrid (open weights beside a closed top model), pale while open. "
        "Triangles mark switches imposed by the scenario's timeline, circles switches the lab decided "
        "itself ({switches} switches in all)."
    ),
    "finances": (
        "Each lab's gross revenue per month (US$ billion: sales of its own API plus its share of its "
        "cloud's rent from self-hosters) and its cash at the end of the month (US$ billion), one panel "
        "per bloc, on log scales; months without revenue do not show."
    ),
    "policies": (
        "Top: export-control tightness, the share of the advanced compute Chinese labs want that each "
        "government's controls deny (0-1). Bottom: state money each government paid to labs per month "
        "(subsidies, VC guidance fund, rewards for open releases; US$ billion). Governments that never "
        "used a lever are left out."
    ),
    "bands": (
        "Each outcome of the summary table month by month: for each scenario, the median across its runs "
        "(line) and the central 50% (darker) and 90% (paler) of its runs ({runs} runs per scenario). "
        "Shares name their base on the axis; a run's shares among adopters using a model are left out "
        "while fewer than {min_users} of its simulated adopters use one, and a month where fewer than "
        "half the runs have a share shows none. China's lag is in months; the price in US$ per million "
        "tokens."
    ),
    "comparison": (
        "At {month}: each scenario's outcomes minus those of the {reference} run with the same "
        "seed (both drew the same random numbers): the dot is the median difference, the thick bar the "
        "central 50% and the thin bar the central 90% of the differences. Shares in percentage points, "
        "China's lag in months, the price in US$ per million tokens."
    ),
}
"""What each figure shows, under it (placeholders filled from the run or sweep)."""

STYLE = """
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; margin: 0; color: #222; }
main { max-width: 1150px; margin: 0 auto; padding: 1.2em 1.5em; }
h1 { font-size: 1.55em; margin: 0.2em 0 0.3em; }
h2 { font-size: 1.2em; margin-top: 1.8em; border-bottom: 1px solid #ddd; }
p.lead { font-size: 1.08em; line-height: 1.45; max-width: 62em; }
table { border-collapse: collapse; margin: 0.6em 0; }
th, td { border-bottom: 1px solid #e3e3e3; padding: 0.25em 0.7em; text-align: left; vertical-align: top; }
th { background: #f4f4f4; }
td.value { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td.miss { color: #b2182b; font-weight: 600; }
td.hit { color: #1b7837; }
figure { margin: 2em 0; }
figure img { width: 100%; height: auto; }
figcaption { font-size: 0.92em; color: #444; margin-top: 0.4em; }
ul.caveats { font-size: 0.95em; color: #444; }
.note { color: #555; font-style: italic; }
.small { font-size: 0.85em; color: #666; }
details > summary { cursor: pointer; font-weight: 600; margin: 0.8em 0; }
footer { margin-top: 3em; font-size: 0.85em; color: #777; }
"""


class ReportError(Exception):
    """PATH cannot be reported on; the message says why and what a valid PATH is."""


@dataclass
class ReportFigure:
    """A figure of the report: its file name, the figure, and the caption under it. Its
    title (the figure's own) heads it on the page, so the image leaves it out."""

    name: str
    figure: Figure
    caption: str
    title: str = dataclasses.field(init=False)

    def __post_init__(self):
        self.title = self.figure.get_suptitle().replace("\\$", "$")
        self.figure.suptitle("")


@dataclass
class ComparisonPlan:
    """Which scenario a sweep's others are compared with, and what the reader must be told."""

    reference: str
    scenarios: list[str]  # the reference first, then the others as they appear
    compared: list[str]  # scenarios with at least one seed in common with the reference
    notes: list[str]


Part = str | ReportFigure
"""A piece of the page: HTML text (names already escaped), or a figure."""


# ----------------------------------------------------------------------------- entry points


def main(argv: list[str] | None = None) -> None:
    """Entry point of ``sim-report PATH``."""
    parser = argparse.ArgumentParser(
        prog="sim-report",
        description=textwrap.fill("Write the report of a run or a sweep: PATH/report/report.html (one page "
                                  "that opens offline) and each figure as PNG and SVG. A sweep is gathered "
                                  "first if needed.", 80),
        epilog="examples:\n  sim-report outputs/runs/2026-11-20_10-00-00_baseline_seed0\n"
               "  sim-report outputs/sweeps/2026-11-20_10-00-00",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("path", type=Path, metavar="PATH",
                        help="a run directory (written by `sim ...`) or a sweep directory (by `sim -m ...`)")
    args = parser.parse_args(sys.argv[1:] if argv is None else argv)
    try:
        page = build_report(args.path)
    except ReportError as error:
        exit_in_one_line("sim-report", str(error))
    except OSError as error:
        exit_in_one_line("sim-report", f"cannot write the report of {args.path}: {error}")
    print(f"report written to {page}")


def build_report(path: str | os.PathLike) -> Path:
    """Write the report of the run or sweep at ``path``; return the page's path."""
    path = Path(path)
    return run_report(path) if kind_of(path) == "run" else sweep_report(path)


def kind_of(path: Path) -> str:
    """Whether ``path`` is a "run" or a "sweep" directory; ReportError naming the problem if neither."""
    if not path.exists():
        raise ReportError(f"{path} does not exist. {VALID_PATH}.")
    if not path.is_dir():
        raise ReportError(f"{path} is a file, not a directory. {VALID_PATH}.")
    if runs.check(path).state == runs.DONE:
        return "run"
    if Store(path).finished_labels() or (path / GATHERED / "summary.parquet").exists():
        return "sweep"
    raise ReportError(f"{path} is neither a run directory nor a sweep directory: it holds no finished "
                      f"run. {VALID_PATH}.")


# ----------------------------------------------------------------------------- one run


@dataclass
class RunReading:
    """What a run's summary says: the outcomes at each summary month, the adopters behind
    each share, the milestones and the names to show."""

    results: Results
    config: dict
    names: Names
    groups: dict[str, str]  # region -> country group
    months: list[str]
    values: dict[str, pd.Series]  # month -> READOUTS' values
    counts: pd.DataFrame  # plots.adopter_counts

    @classmethod
    def of(cls, directory: Path) -> RunReading:
        results = Results.from_parquet(directory)
        config = runs.read_config(directory)
        groups = region_groups(config)
        counts = plots.adopter_counts(results.adoption, groups)
        months = summary_months(results.summary)
        values = {m: plots.outcome_values(results.markets, m, counts).iloc[0] for m in months}
        return cls(results, config, Names.of(config), groups, months, values, counts)

    def users(self, region: str, month: str) -> tuple[int, int]:
        """Simulated adopters using a model, and all simulated adopters, of a region in a month."""
        row = self.counts[(self.counts["region"] == region) & (self.counts["date"] == month_timestamp(month))]
        return int(row["users"].iloc[0]), int(row["adopters"].iloc[0])


def run_report(directory: Path) -> Path:
    """The report of one run directory: what it found, its figures and its event log."""
    reading = RunReading.of(directory)
    run = reading.config["run"]
    title = f"Scenario {run['scenario']}: one run (seed {run['seed']})"
    figures = run_figures(reading)
    body = [*_run_summary(reading, figures), *figures,
            event_log(reading.results.events, reading.names, reading.config.get("timeline", {}))]
    return write_report(directory / REPORT_DIR, title, body, directory)


def region_groups(config: dict) -> dict[str, str]:
    """Each region's country group, from a run's saved configuration."""
    return {name: region["group"] for name, region in config["regions"].items()}


def run_figures(reading: RunReading, prefix: str = "") -> list[ReportFigure]:
    """The figures of one run, with captions filled from its tables and configuration;
    ``prefix`` goes in front of their file names (a sweep shows several runs)."""
    results, config, names = reading.results, reading.config, reading.names
    colours = plots.lab_colours(results.labs)
    south = [names.region(r) for r, group in reading.groups.items() if group == "global_south"]
    blocs = {name: government["bloc"] for name, government in config["governments"].items()}
    wars = plots.price_war_spans(results.events, results.labs["date"].max())
    war_text = "; ".join(f"{plots.BLOC_NAMES.get(bloc, bloc)} labs from {start:%Y-%m} to "
                         f"{end - pd.DateOffset(months=1):%Y-%m}" for bloc, start, end in wars)
    switches = int((results.events["kind"] == "strategy_switch").sum())
    t1, t2, t3 = OBSERVED["T1"], OBSERVED["T2"], OBSERVED["T3"]
    downloads = plots.open_downloads(results.open_models, colours=colours, cn_share=t1, cn_passes_us=t2,
                                     qwen_passes_llama=t3, names=names)
    window = " - ".join(f"{month_timestamp(month):%b %Y}" for month in (t1.first, t1.last))
    figures = [
        ("overview",
         plots.adoption_overview(results.markets, results.adoption, reading.groups, reading.months, names),
         CAPTIONS["overview"].format(months=", ".join(reading.months), min_users=MIN_USERS)),
        ("adoption", plots.adoption_by_origin(results.adoption, reading.groups, names=names),
         CAPTIONS["adoption"].format(south=", ".join(south), min_users=MIN_USERS)),
        ("downloads", downloads,
         CAPTIONS["downloads"].format(t1=window, t2=t2.month, t3=t3.month, tolerance=t2.tolerance_months)),
        ("frontier", plots.capability_frontier(results.markets), CAPTIONS["frontier"]),
        ("prices", plots.prices(results.labs, results.markets, results.events, colours=colours, names=names),
         CAPTIONS["prices"].format(wars=war_text or "none in this run")),
        ("strategies", plots.lab_strategies(results.labs, results.events, names=names),
         CAPTIONS["strategies"].format(switches=switches)),
        ("finances", plots.lab_finances(results.labs, colours=colours, names=names), CAPTIONS["finances"]),
        ("policies", plots.policy_levers(results.policies, blocs, names=names), CAPTIONS["policies"]),
    ]
    return [ReportFigure(f"{prefix}{name}", figure, caption) for name, figure, caption in figures]


def _run_summary(reading: RunReading, figures: Sequence[ReportFigure]) -> list[str]:
    """The first screen: what the run found, the outcomes table (each row linking to the
    figure that draws it, among ``figures``), milestones and caveats."""
    run, months = reading.config["run"], reading.months
    header = "".join(f"<th>{month}</th>" for month in months)
    rows = ""
    for key, readout in READOUTS.items():
        cells = "".join(f'<td class="value">{_run_cell(reading, key, month)}</td>' for month in months)
        rows += (f"<tr><td>{html.escape(readout.label)}</td>"
                 f"<td>{html.escape(readout.base or readout.unit)}</td>{cells}"
                 f"<td>{figure_link(FIGURE_OF.get(key, 'overview'), figures)}</td></tr>")
    milestones = milestone_readings(reading.results.summary.iloc[0])
    milestone_rows = "".join(
        f"<tr><td>{html.escape(m.what)}</td><td>{html.escape(m.ran or 'never')}</td>"
        f'<td>{m.seen.month} ({m.seen.id})</td>'
        f'<td class="{"hit" if m.hit else "miss"}">{html.escape(m.verdict)}</td></tr>'
        for m in milestones
    )
    horizon = (f"{run['start']} to {run['end']} ({len(pd.period_range(run['start'], run['end'], freq='M'))} "
               f"months), {int(reading.config['population']['adopters']):,} simulated adopters")
    return [
        '<section id="summary"><h2>What this run found</h2>'
        + "".join(f'<p class="lead">{paragraph}</p>' for paragraph in run_story(reading))
        + '<p class="small">One run of the scenario '
        f"<strong>{html.escape(str(run['scenario']))}</strong> with seed {html.escape(str(run['seed']))}, "
        f"{html.escape(horizon)}. "
        '<span class="note">Single run: no interval; sweep seeds for intervals.</span></p>'
        f"<table><tr><th>outcome</th><th>share of</th>{header}<th>drawn in</th></tr>{rows}</table>"
        "<table><tr><th>milestone</th><th>this run</th><th>observed</th><th>hit or miss</th></tr>"
        f"{milestone_rows}</table>"
        '<h3>Caveats</h3><ul class="caveats">'
        + "".join(f"<li>{caveat}</li>" for caveat in run_caveats(reading)) + "</ul></section>"
    ]


def _run_cell(reading: RunReading, key: str, month: str) -> str:
    """A table cell: the value, the adopters behind the share of all adopters, or why a
    share among users is missing."""
    readout, value = READOUTS[key], reading.values[month][key]
    if readout.base == plots.ALL_ADOPTERS:
        users, adopters = reading.users(readout.region, month)
        return f'{format_value(value, readout.unit)} <span class="small">({users:,} of {adopters:,})</span>'
    if readout.base == plots.USERS and pd.isna(value):
        users, _ = reading.users(readout.region, month)
        return f'n/a <span class="small">(only {users:,} use a model)</span>'
    return format_value(value, readout.unit)


def figure_link(name: str, figures: Sequence[ReportFigure]) -> str:
    """A link to the figure ``name`` of the page, by its number ("Figure 1")."""
    number = next(i for i, figure in enumerate(figures, 1) if figure.name == name)
    return f'<a href="#{name}">Figure {number}</a>'


class MilestoneReading(NamedTuple):
    """A dated milestone as the run met it, in words for the opening paragraph and the table."""

    what: str
    ran: str  # the run's month, empty if it never happened
    seen: Milestone
    hit: bool
    sentence: str  # "Qwen overtakes Llama in downloads in 2025-12, 3 months after the 2025-09 observed: ..."
    verdict: str  # "a hit: 3 months late (within 6 months is a hit)"


def milestone_readings(row: pd.Series) -> list[MilestoneReading]:
    """The run's dated milestones (``row``: its summary) against the observed months."""
    readings = []
    for what, column, target in MILESTONES:
        seen, ran = OBSERVED[target], str(row[column])
        off, hit = seen.months_off(ran), seen.hit(ran)
        rule = f"within {seen.tolerance_months:g} months is a hit"
        if not ran:
            sentence = f"{what}: not in this run, though observed in {seen.month}, a miss"
            verdict = f"a miss: never happens ({rule})"
        else:
            early = "late" if off > 0 else "early"
            months = f"{abs(off):.0f} month{'' if abs(off) == 1 else 's'}"
            timing = "in the month observed" if off == 0 else (
                f"{months} {'after' if off > 0 else 'before'} the {seen.month} observed")
            sentence = f"{what} in {ran}, {timing}: {'a hit' if hit else 'a miss'}"
            timing_short = "on time" if off == 0 else f"{months} {early}"
            verdict = f"{'a hit' if hit else 'a miss'}: {timing_short} ({rule})"
        readings.append(MilestoneReading(what, ran, seen, hit, sentence, verdict))
    return readings


def run_story(reading: RunReading) -> list[str]:
    """The opening paragraphs of a run's report, from its numbers: what happened and by when,
    then how the run compares with the dated record. HTML, names escaped."""
    first, last = reading.months[0], reading.months[-1]
    now, then = reading.values[last], reading.values[first]
    scenario = html.escape(str(reading.config["run"]["scenario"]))

    def share(key: str, values: pd.Series = now) -> str:
        return format_value(values[key], "share")

    def earlier(*keys: str) -> str:
        """The same shares at the first summary month, in brackets, where there are some."""
        if first == last or then[list(keys)].isna().any():
            return ""
        return f" ({' and '.join(share(key, then) for key in keys)} in {first})"

    users, adopters = reading.users("global_south", last)
    if pd.isna(now["gs_share_cn"]):
        opening = (f"By {last} in the <strong>{scenario}</strong> scenario, only {users:,} of the Global "
                   f"South's {adopters:,} simulated adopters use an AI model: too few for shares among them.")
    else:
        lead = "Chinese" if now["gs_share_cn"] >= now["gs_share_us"] else "US"
        opening = (f"By {last} in the <strong>{scenario}</strong> scenario, {lead} models lead in the Global "
                   f"South: of its adopters using an AI model, {share('gs_share_cn')} use Chinese models and "
                   f"{share('gs_share_us')} US models{earlier('gs_share_cn', 'gs_share_us')}. "
                   f"{share('gs_adopting')} of its {adopters:,} simulated adopters use a model by then"
                   f"{earlier('gs_adopting')}. Open weights reach them mostly "
                   f"{'through APIs' if now['gs_open_api'] >= now['gs_self_hosted'] else 'self-hosted'}: "
                   f"{share('gs_open_api')} use open-weight models through an API and "
                   f"{share('gs_self_hosted')} run open weights themselves.")
    lag = now["china_lag_months"]
    lag_words = (f"China's best model trails the US frontier by {lag:.1f} months" if lag >= 0
                 else f"China's best model leads the US frontier by {-lag:.1f} months")
    world = ("" if pd.isna(now["world_share_cn"])
             else f"Worldwide, {share('world_share_cn')} of adopters using a model use Chinese models. ")
    closing = (f"{world}{lag_words}, and API users pay {format_value(now['world_price_index'], 'US$')} per "
               "million tokens on average.")
    record = "; ".join(m.sentence for m in milestone_readings(reading.results.summary.iloc[0]))
    return [f"{opening} {closing}", f"Against the dated record: {html.escape(record)}."]


def run_caveats(reading: RunReading) -> list[str]:
    """What the reader must keep in mind about this run's numbers (HTML)."""
    caveats = ["One run, so no interval: runs with other seeds differ. A sweep over seeds "
               "(<code>sim -m 'seed=range(0,20)'</code>, then <code>sim-report</code> on the sweep) gives "
               "intervals."]
    south = reading.counts[reading.counts["region"] == "global_south"].sort_values("date")
    enough = south.loc[south["users"] >= MIN_USERS, "date"]
    if len(enough) and enough.iloc[0] > south["date"].iloc[0]:
        caveats.append(f"Shares among adopters using a model are left out while fewer than {MIN_USERS} "
                       f"simulated adopters use one: in the Global South until "
                       f"{enough.iloc[0] - pd.DateOffset(months=1):%Y-%m}.")
    history = reading.results.events.loc[reading.results.events["event"] != "", "date"]
    if len(history):
        caveats.append(f"After the last dated event of the scenario's timeline ({history.max():%Y-%m}) the "
                       "run is the model's projection under its assumptions, not a forecast.")
    caveats.append(f"Shares are of the {int(reading.config['population']['adopters']):,} simulated adopters "
                   "(organisations, public bodies and developers), not of people or of tokens.")
    return caveats


STRATEGY_WORDS = {
    "closed": "closed models (API only)",
    "hybrid": "a hybrid strategy (a trailing model's weights open, the frontier closed)",
    "open": "open weights",
}
"""A release strategy as the event log says it."""

EVENT_WORDS: dict[str, str | tuple[str, str]] = {
    "entry": "{who} enters the market with {strategy}",
    "strategy": "{who} switches to {strategy}",
    "export_control": "{who} sets export controls on advanced chips to China: {percent} of the compute "
                      "Chinese labs want is denied",
    "compute_cap": "{who} caps the compute adopters in {region} may use at {percent} of what they want",
    "subsidy": "{who} pays its labs {money} in direct subsidies",
    "compute_voucher": "{who} pays {percent} of its labs' compute costs (vouchers)",
    "vc_fund": "{who}'s state venture fund pays {money} to its VC-funded labs",
    "open_reward": "{who} rewards its labs' open-weight releases with {money}",
    "procurement": "{who}'s public bodies favour chosen models (a bonus of {value} utils)",
    "promotion": "{who} promotes its labs' models in the Global South ({permille} of adopters a month "
                 "learn of them)",
    "restriction": ("{who} bars {bloc} models in its regions", "{who} allows {bloc} models again"),
    "vc_climate": "Venture capital for {who}: the climate index is set to {value} (1 = normal)",
    "price_war": ("{who} start a price war (intensity {value})", "The price war of {who} ends"),
    "licence": "{who} changes its licence: openness {value} (1 = Apache or MIT)",
    "release": "{who} makes a breakthrough release: capability +{value} ECI points",
    "awareness": "{percent} of the adopters{in_region} who did not know {who} learn of it",
    "cloud_region": "{who} starts serving {region}",
    "enter_region": "{who} decides to offer model hosting in {region}",
    "host": "{who} starts hosting {family}, at a markup of {signed} over serving cost",
    "markup": "{who} sets its markup on {family} to {signed} over serving cost",
    "drop": "{who} stops hosting {family}: too little demand expected",
    "withdraw": "{who} stops hosting {family}: no longer open weights, or no longer allowed",
    "procurement_open": ("{who}'s public bodies favour open weights they host themselves",
                         "{who}'s public bodies favour closed services bought through an API"),
}
"""An event in words, by what it changed (each timeline kind, a lab's entry, and the changes
clouds and governments decide), filled from the events table's structured fields; a pair
reads the first while the value is above 0 and the second when it is 0. Each is a sentence
that starts with a capital (or a number), names as they are."""

DECIDED_SWITCH = "{who} decides to switch to {strategy}"
"""A strategy switch the lab decided itself (no timeline entry made it)."""


def describe_event(event: pd.Series, names: Names) -> str:
    """An event of the events table in plain words (its ``detail`` when its change has no words)."""
    words = EVENT_WORDS.get(str(event["change"]))
    if words is None:
        return str(event["detail"])
    if isinstance(words, tuple):
        words = words[0] if event["value"] > 0 else words[1]
    if event["change"] == "strategy" and not event["event"]:
        words = DECIDED_SWITCH
    value, setting, region = float(event["value"]), str(event["setting"]), str(event["region"])
    return words.format(
        who=names.agent(event["agent"]), strategy=STRATEGY_WORDS.get(setting, setting),
        bloc=plots.BLOC_NAMES.get(setting, setting), region=names.region(region or setting),
        in_region=f" in {names.region(region)}" if region else "", value=f"{value:g}", percent=f"{value:.0%}",
        permille=f"{value:.1%}", money=f"US${value:g} billion a month", family=names.family(setting),
        signed=f"{value:+.0%}",
    )


def event_log(events: pd.DataFrame, names: Names, timeline: dict) -> str:
    """The events table in words, each with the timeline entry that made it and that
    entry's source (``timeline``: the run's saved timeline); folded, as it is long."""
    rows = "".join(
        f"<tr><td>{event['date']:%Y-%m}</td><td>{html.escape(describe_event(event, names))}</td>"
        f"<td class=\"small\">{html.escape(str(event['event']) or 'decided by the model')}"
        + (f": {html.escape(str(timeline[event['event']].get('source', '')))}"
           if event["event"] in timeline else "")
        + "</td></tr>"
        for _, event in events.iterrows()
    )
    return (
        f'<section id="events"><h2>Event log</h2><details><summary>{len(events)} events, in the order '
        "they were logged</summary><table><tr><th>month</th><th>what happened</th><th>timeline entry and "
        f"source</th></tr>{rows}</table></details></section>"
    )


# ----------------------------------------------------------------------------- a sweep


@dataclass
class SweepReading:
    """A sweep's outcomes: each run's READOUTS at the last summary month, and over time."""

    summary: pd.DataFrame
    markets: pd.DataFrame
    counts: pd.DataFrame
    month: str
    values: pd.DataFrame  # one row per run: run keys and READOUTS at ``month``
    plan: ComparisonPlan


def sweep_report(sweep: Path) -> Path:
    """The report of a sweep: outcomes across runs, scenarios compared, one run of each
    scenario in detail."""
    gathered = _gathered(sweep)
    summary = pd.read_parquet(gathered / "summary.parquet")
    regions = sorted({readout.region for readout in READOUTS.values()})
    columns = sorted({"share_open", "share_self_hosted", "adopting", "share_us", "share_cn", "share_eu",
                      *(r.column for r in READOUTS.values() if r.column not in plots.SHARES)})
    markets = pd.read_parquet(gathered / "markets.parquet",
                              columns=["run", "scenario", "seed", "date", "region", *columns],
                              filters=[("region", "in", regions)])
    counts = gathered_counts(gathered / "adoption.parquet", region_groups(_any_config(sweep)))
    counts = counts[counts["region"].isin(regions)]
    month = summary_months(summary)[-1]
    values = plots.outcome_values(markets, month, counts)
    reading = SweepReading(summary, markets, counts, month, values, comparison_plan(values))
    figures = [ReportFigure("bands", plots.outcome_bands(markets, reading.plan.scenarios, counts),
                            CAPTIONS["bands"].format(runs=_counts_text(summary), min_users=MIN_USERS))]
    if reading.plan.compared:
        figures.append(ReportFigure(
            "comparison", plots.scenario_comparison(markets, reading.plan.reference, month, counts),
            CAPTIONS["comparison"].format(month=month, reference=reading.plan.reference)))
    title = f"Sweep of {len(summary)} runs: {', '.join(reading.plan.scenarios)}"
    body = [*_sweep_summary(reading, figures), *figures,
            *_runs_in_detail(sweep, summary, reading.plan.scenarios)]
    return write_report(sweep / REPORT_DIR, title, body, sweep)


def gathered_counts(path: Path, groups: dict[str, str]) -> pd.DataFrame:
    """:func:`sim.plots.adopter_counts` of every run of a gathered ``adoption`` table, read a
    batch at a time so that memory stays at a few runs' size."""
    columns = ["run", "scenario", "seed", "date", "region", "lab", "adopters"]
    parts = [plots.adopter_counts(batch.to_pandas(), groups)
             for batch in pq.ParquetFile(path).iter_batches(batch_size=200_000, columns=columns)]
    keys = ["run", "scenario", "seed", "date", "region"]
    return pd.concat(parts, ignore_index=True).groupby(keys, as_index=False)[["adopters", "users"]].sum()


def _any_config(sweep: Path) -> dict:
    """A finished run's saved configuration, or the default world's when only the gathered
    dataset is there (it fixes the regions' groups and the names shown)."""
    store = Store(sweep)
    finished = sorted(store.finished_labels())
    if finished:
        return runs.read_config(store.directory_of(finished[0]))
    return dataclasses.asdict(default_config())


def comparison_plan(values: pd.DataFrame) -> ComparisonPlan:
    """Compare with the scenario named baseline, else with the first (and say so).

    ``values`` holds one row per run (``scenario``, ``seed`` and outcomes)."""
    appearing = list(dict.fromkeys(values["scenario"]))
    reference = REFERENCE_SCENARIO if REFERENCE_SCENARIO in appearing else appearing[0]
    scenarios = [reference, *(s for s in appearing if s != reference)]
    if len(scenarios) == 1:
        return ComparisonPlan(reference, scenarios, [],
                              ["This sweep has one scenario, so no scenarios are compared."])
    notes = []
    if reference != REFERENCE_SCENARIO:
        notes.append(f"No scenario is named {REFERENCE_SCENARIO}; the scenarios are compared with the "
                     f"first, {reference}.")
    paired = set(plots.paired_differences(values, reference)["scenario"])
    compared = [s for s in scenarios[1:] if s in paired]
    unpaired = [s for s in scenarios[1:] if s not in paired]
    if unpaired:
        notes.append(f"Left out of the comparison, having no seed in common with {reference}: "
                     f"{', '.join(unpaired)}.")
    return ComparisonPlan(reference, scenarios, compared, notes)


def _gathered(sweep: Path) -> Path:
    """The sweep's gathered dataset, gathered first if missing or missing a finished run
    (naming each run of the sweep it leaves out)."""
    gathered = sweep / GATHERED
    finished = Store(sweep).finished_labels()
    if (gathered / "summary.parquet").exists() and (
        not finished or set(pd.read_parquet(gathered / "summary.parquet", columns=["run"])["run"]) == finished
    ):
        return gathered
    result = gather(sweep)
    print_lines(result.lines(), "sim-report")
    return result.directory


def interval(values: pd.Series) -> tuple[float, float, float] | None:
    """The median and the central 90% (5th and 95th percentiles) of runs' values; None if no
    run has one."""
    values = values.dropna()
    if values.empty:
        return None
    low, median, high = values.quantile([0.05, 0.5, 0.95])
    return median, low, high


def _sweep_summary(reading: SweepReading, figures: Sequence[ReportFigure]) -> list[str]:
    summary, plan, month = reading.summary, reading.plan, reading.month
    spans = reading.markets.groupby("run")["date"].agg(["min", "max"]).drop_duplicates()
    horizon = "; ".join(f"{first:%Y-%m} to {last:%Y-%m}" for first, last in spans.itertuples(index=False))
    runs = summary.groupby("scenario", sort=False).size()
    header = "".join(f"<th>{html.escape(s)} ({runs[s]} runs)</th>" for s in plan.scenarios)
    rows = ""
    for key, readout in READOUTS.items():
        cells = ""
        for scenario in plan.scenarios:
            found = interval(reading.values.loc[reading.values["scenario"] == scenario, key])
            if found is None:
                cells += '<td class="value">n/a <span class="small">(too few use a model)</span></td>'
                continue
            median, low, high = (format_value(v, readout.unit) for v in found)
            cells += f'<td class="value">{median} <span class="note">({low} to {high})</span></td>'
        rows += (f"<tr><td>{html.escape(readout.label)}</td>"
                 f"<td>{html.escape(readout.base or readout.unit)}</td>{cells}"
                 f"<td>{figure_link('bands', figures)}</td></tr>")
    notes = "".join(f'<p class="note">{html.escape(note)}</p>' for note in plan.notes)
    names = ", ".join(f"<strong>{html.escape(s)}</strong>" for s in plan.scenarios)
    return [
        '<section id="summary"><h2>What this sweep found</h2>'
        + "".join(f'<p class="lead">{paragraph}</p>' for paragraph in sweep_story(reading))
        + f'<p class="small">A sweep of {len(summary)} runs: {len(plan.scenarios)} '
        f"scenario{'s' if len(plan.scenarios) > 1 else ''} ({names}), seeds {_seed_text(summary['seed'])}, "
        f"simulating {horizon}.</p>"
        f"<p>Outcomes at {month}, the last summary month: the median across runs, and in "
        "brackets the 90% interval (5th to 95th percentile of the runs).</p>"
        f"<table><tr><th>outcome</th><th>share of</th>{header}<th>drawn in</th></tr>{rows}</table>{notes}"
        '<h3>Caveats</h3><ul class="caveats">'
        + "".join(f"<li>{caveat}</li>" for caveat in sweep_caveats(reading)) + "</ul></section>"
    ]


def sweep_story(reading: SweepReading) -> list[str]:
    """The opening paragraph of a sweep's report, from its numbers: the reference scenario's
    outcomes with their 90% intervals, and each other scenario's paired difference from it."""
    plan, values, month = reading.plan, reading.values, reading.month
    reference = values[values["scenario"] == plan.reference]

    def spread(key: str, frame: pd.DataFrame = reference) -> str:
        found = interval(frame[key])
        if found is None:
            return "n/a (too few adopters use a model)"
        median, low, high = (format_value(v, READOUTS[key].unit) for v in found)
        return f"{median} (90% of runs between {low} and {high})"

    text = (f"In <strong>{html.escape(plan.reference)}</strong> ({len(reference)} runs), by {month} "
            f"{spread('gs_adopting')} of the Global South's simulated adopters use an AI model. Of those "
            f"using one, {spread('gs_share_cn')} use Chinese models and {spread('gs_share_us')} US models; "
            f"{spread('gs_open_api')} use open-weight models through an API and {spread('gs_self_hosted')} "
            f"self-host open weights. China's lag behind the US frontier is {spread('china_lag_months')}.")
    runs = reading.summary.groupby("scenario").size()
    if runs.min() < FEW_RUNS:
        text += (f" With only {_counts_text(reading.summary)} runs per scenario these intervals are rough "
                 "(see the caveats).")
    paragraphs = [text]
    differences = plots.paired_differences(values, plan.reference) if plan.compared else pd.DataFrame()
    for scenario in plan.compared:
        mine = differences[differences["scenario"] == scenario]["gs_share_cn"].dropna()
        if mine.empty:
            continue
        low, median, high = mine.quantile([0.05, 0.5, 0.95])
        paragraphs.append(
            f"In <strong>{html.escape(scenario)}</strong>, the Chinese share of Global South adopters "
            f"using a model is {_points(median)} against {html.escape(plan.reference)} with the same seed "
            f"(90% of {len(mine)} pairs between {_points(low)} and {_points(high)}).")
    return paragraphs


def _points(difference: float) -> str:
    """A difference of shares in percentage points, with its direction."""
    if abs(difference) < 0.005:
        return "the same (within half a point)"
    return f"{abs(difference) * 100:.0f} points {'higher' if difference > 0 else 'lower'}"


def sweep_caveats(reading: SweepReading) -> list[str]:
    """What the reader must keep in mind about a sweep's numbers (HTML)."""
    runs = reading.summary.groupby("scenario").size()
    caveats = []
    if runs.min() < FEW_RUNS:
        caveats.append(f"Few runs: {_counts_text(reading.summary)} per scenario. With fewer than {FEW_RUNS}, "
                       "a 90% interval is little more than the lowest and highest run; treat it as a rough "
                       "range and sweep more seeds to rely on it.")
    caveats.append(f"A run's shares among adopters using a model are left out while fewer than "
                   f"{MIN_USERS} of its simulated adopters use one; a month where fewer than half the runs "
                   "have a share draws no band.")
    caveats.append("Differences between scenarios are taken seed by seed (common random numbers), so they "
                   "show the scenario's effect rather than the noise between two runs.")
    caveats.append("The years after the scenario's last dated event are the model's projection under its "
                   "assumptions, not a forecast.")
    return caveats


def _runs_in_detail(sweep: Path, summary: pd.DataFrame, scenarios: Sequence[str]) -> list[Part]:
    """For each scenario, its run with the lowest seed: an introduction and its figures (the
    first scenario's open, the others folded)."""
    parts: list[Part] = ['<section id="detail"><h2>One run of each scenario in detail</h2>']
    for i, scenario in enumerate(scenarios):
        chosen = summary[summary["scenario"] == scenario].sort_values("seed").iloc[0]
        directory = Store(sweep).directory_of(chosen["run"])
        if directory is None or runs.check(directory).state != runs.DONE:
            parts.append('<p class="note">The run directories are not there, only the gathered dataset: no '
                         "run is shown in detail.</p>")
            break
        parts.append(f'<details{" open" if i == 0 else ""}><summary>Scenario {html.escape(scenario)}, seed '
                     f"{int(chosen['seed'])} ({html.escape(str(chosen['run']))})</summary>"
                     f"<p>The run of scenario <strong>{html.escape(scenario)}</strong> with seed "
                     f"{int(chosen['seed'])}, to show the mechanisms behind the outcomes above.</p>")
        parts += run_figures(RunReading.of(directory), prefix=f"run{i}_")
        parts.append("</details>")
    parts.append("</section>")
    return parts


# ----------------------------------------------------------------------------- the page


def write_report(out: Path, title: str, body: list[Part], source: Path) -> Path:
    """Render every figure, then write PNGs, SVGs and, last, the page; return the page's path.

    ``body`` is the page in order: HTML text (names already escaped) and figures.
    """
    figures = [part for part in body if isinstance(part, ReportFigure)]
    rendered = {figure.name: render(figure.figure) for figure in figures}
    numbers = {figure.name: number for number, figure in enumerate(figures, 1)}
    text = "".join(figure_html(part, rendered[part.name][0], numbers[part.name])
                   if isinstance(part, ReportFigure) else part for part in body)
    page = html_page(title, text, f"Made by sim-report from {html.escape(str(source))} on "
                     f"{dt.datetime.now():%Y-%m-%d %H:%M}. Each figure is also in this folder as PNG and "
                     "SVG.")
    out.mkdir(parents=True, exist_ok=True)
    for name, (png, svg) in rendered.items():
        write_bytes_atomically(png, out / f"{name}.png")
        write_bytes_atomically(svg, out / f"{name}.svg")
    return write_bytes_atomically(page.encode("utf-8"), out / PAGE)


def render(figure: Figure) -> tuple[bytes, bytes]:
    """PNG and SVG bytes of a figure; its layout is computed once, for the PNG."""
    png, svg = io.BytesIO(), io.BytesIO()
    figure.savefig(png, format="png", dpi=PNG_DPI, metadata={"Software": None})
    figure.set_layout_engine("none")  # keep the layout just computed
    with matplotlib.rc_context({"svg.fonttype": "none"}):  # text as text: smaller, faster, searchable
        figure.savefig(svg, format="svg", metadata={"Date": None})
    return png.getvalue(), svg.getvalue()


def embedded_png(png: bytes, alt: str) -> str:
    """An ``<img>`` holding the PNG itself, so that the page needs no other file."""
    data = base64.b64encode(png).decode("ascii")
    return f'<img src="data:image/png;base64,{data}" alt="{html.escape(alt)}">'


def figure_html(figure: ReportFigure, png: bytes, number: int) -> str:
    """A figure as a numbered heading, its PNG embedded as data, and its caption."""
    return (
        f'<figure id="{figure.name}"><h2>Figure {number}. {html.escape(figure.title)}</h2>'
        f"{embedded_png(png, figure.title)}"
        f"<figcaption>{html.escape(figure.caption)}</figcaption></figure>"
    )


def html_page(title: str, body: str, footer: str) -> str:
    """A self-contained page: inline style, no script, nothing fetched (``body`` and
    ``footer`` are HTML, names already escaped)."""
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{html.escape(title)}</title><style>{STYLE}</style></head><body><main>"
        f"<h1>{html.escape(title)}</h1>{body}<footer>{footer}</footer></main></body></html>\n"
    )


# ----------------------------------------------------------------------------- words and numbers


def _seed_text(seeds: pd.Series) -> str:
    """Seeds as short ranges: "0-9", or "0-2, 5"."""
    ranges: list[list[int]] = []  # [first, last] of consecutive seeds
    for seed in sorted({int(s) for s in seeds}):
        if ranges and seed == ranges[-1][1] + 1:
            ranges[-1][1] = seed
        else:
            ranges.append([seed, seed])
    return ", ".join(str(first) if first == last else f"{first}-{last}" for first, last in ranges)


def _counts_text(summary: pd.DataFrame) -> str:
    """How many runs each scenario has: "3", or "3 to 5" when they differ."""
    counts = sorted(set(summary.groupby("scenario").size()))
    return str(counts[0]) if len(counts) == 1 else f"{counts[0]} to {counts[-1]}"


if __name__ == "__main__":
    main()
