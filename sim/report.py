"""The report of a run or a sweep: one self-contained HTML page, and each figure as PNG and SVG.

    sim-report PATH     # PATH: a run directory (written by `sim ...`)
                        #    or a sweep directory (written by `sim -m ...`)

Writes ``PATH/report/report.html`` and ``PATH/report/<figure>.png`` and ``.svg``. The page
opens offline: figures are embedded as PNG data, styles are inline, nothing is fetched.
It starts with a plain-language summary (scenarios, seeds, horizon, the five headline
outcomes of ``sim.metrics.HEADLINES`` at the last summary month), then the figures of
``sim.plots`` with a caption each. A sweep's report shows the outcomes across its runs
(median, 50% and 90% bands), compares its scenarios with the baseline, and shows one of
its runs in detail. Every name taken from configs or data is HTML-escaped.

Everything is drawn in memory first, then each file is written atomically (a temporary
file renamed into place), the page last: a failed build leaves no half-written page.
"""

from __future__ import annotations

import argparse
import base64
import datetime as dt
import html
import io
import os
import sys
from dataclasses import dataclass
from pathlib import Path

import matplotlib
import pandas as pd
from matplotlib.figure import Figure

from sim import plots
from sim.calendar import month_timestamp
from sim.metrics import HEADLINES, summary_column, summary_months
from sim.observed import OBSERVED
from sim.outputs import Results, write_bytes_atomically
from sim import runs
from sim.store import GATHERED, Store, gather, print_lines

REPORT_DIR = "report"
PAGE = "report.html"
REFERENCE_SCENARIO = "baseline"
PNG_DPI = 110

VALID_PATH = (
    "PATH must be a run directory (holding a finished run, as written by `sim ...`) "
    "or a sweep directory (holding finished runs, as written by `sim -m ...` under outputs/sweeps/)"
)

CAPTIONS = {
    "adoption": (
        "Share of each region's simulated adopters using a model of US, Chinese or EU labs, through an "
        "API (solid) or as self-hosted open weights (dashed), month by month, in percent of all the "
        "region's adopters (those using no model included). The last panel pools the Global South "
        "regions ({south}), each weighted by its number of adopters."
    ),
    "downloads": (
        "Top: each bloc's share of the month's open-model downloads, in percent (downloads are a proxy "
        "counting self-hosters and new fine-tunes, docs/OUTPUTS.md); dotted, the Chinese share of "
        "Chinese + US downloads. Bottom: the five families most downloaded over the run, each in percent "
        "of the month's downloads. In black, the domain brief's dated targets where the run covers "
        "them: T1, the observed Chinese share of Chinese + US downloads over {t1} "
        "(compare the dotted line); T2, the month Chinese downloads first exceeded US ones ({t2}); T3, "
        "the month Qwen (alibaba) overtook Llama (meta) ({t3}). The legend gives the run's own values."
    ),
    "frontier": (
        "Top: capability of the best model of each bloc's labs, and of the best downloadable weights "
        "(dotted), in ECI points (Epoch Capabilities Index). Bottom: China's lag, the number of months "
        "since the US frontier first reached the Chinese frontier's current level (below zero China "
        "leads)."
    ),
    "prices": (
        "Top: the mean price API users paid, weighted by their tokens (US$ per million tokens, blended "
        "3 input : 1 output). Bottom: each lab's API list price, log scale (notional for a lab that "
        "sells no API of its own). Shaded in a bloc's colour: its price-war shocks from the scenario's "
        "timeline ({wars})."
    ),
    "strategies": (
        "Each lab's release strategy month by month from its entry, in its bloc's colour: solid while "
        "closed, hatched while hybrid (open weights beside a closed top model), pale while open. "
        "Triangles mark switches imposed by the scenario's timeline, circles switches the lab decided "
        "itself ({switches} switches in all)."
    ),
    "finances": (
        "Each lab's gross revenue per month (US$ billion: sales of its own API plus its share of its "
        "cloud's rent from self-hosters) and its cash at the end of the month (US$ billion)."
    ),
    "policies": (
        "Top: export-control tightness, the share of the advanced compute Chinese labs want that each "
        "government's controls deny (0-1). Bottom: state money each government paid to labs per month "
        "(subsidies, VC guidance fund, rewards for open releases; US$ billion). Governments that never "
        "used a lever are left out."
    ),
    "bands": (
        "Each headline outcome month by month: for each scenario, the median across its runs (line) "
        "and the central 50% (darker) and 90% (paler) of its runs ({runs} runs per scenario). Shares "
        "are in percent of adopters using a model; China's lag is in months; the price in US$ per "
        "million tokens."
    ),
    "comparison": (
        "At {month}: each scenario's headline outcomes minus those of the {reference} run with the same "
        "seed (both drew the same random numbers): the dot is the median difference, the thick bar the "
        "central 50% and the thin bar the central 90% of the differences. Shares in percentage points, "
        "China's lag in months, the price in US$ per million tokens."
    ),
}
"""What each figure shows, under it (placeholders filled from the run or sweep)."""

STYLE = """
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; margin: 0; color: #222; }
main { max-width: 1150px; margin: 0 auto; padding: 1.5em; }
h1 { font-size: 1.6em; margin-bottom: 0.2em; }
h2 { font-size: 1.25em; margin-top: 2em; border-bottom: 1px solid #ddd; }
table { border-collapse: collapse; margin: 0.8em 0; }
th, td { border-bottom: 1px solid #e3e3e3; padding: 0.3em 0.8em; text-align: left; vertical-align: top; }
th { background: #f4f4f4; }
td.value { text-align: right; font-variant-numeric: tabular-nums; }
figure { margin: 2em 0; }
figure img { width: 100%; height: auto; }
figcaption { font-size: 0.92em; color: #444; margin-top: 0.4em; }
.note { color: #555; font-style: italic; }
footer { margin-top: 3em; font-size: 0.85em; color: #777; }
"""


class ReportError(Exception):
    """PATH cannot be reported on; the message says why and what a valid PATH is."""


@dataclass
class ReportFigure:
    """A figure of the report: its file name, the figure, and the caption under it."""

    name: str
    figure: Figure
    caption: str

    @property
    def title(self) -> str:
        """The figure's title as plain text (names in it had ``$`` escaped for matplotlib)."""
        return self.figure.get_suptitle().replace("\\$", "$")


@dataclass
class ComparisonPlan:
    """Which scenario a sweep's others are compared with, and what the reader must be told."""

    reference: str
    scenarios: list[str]  # the reference first, then the others as they appear
    compared: list[str]  # scenarios with at least one seed in common with the reference
    notes: list[str]


# ----------------------------------------------------------------------------- entry points


def main(argv: list[str] | None = None) -> None:
    """Entry point of ``sim-report PATH``."""
    parser = argparse.ArgumentParser(prog="sim-report", description=__doc__.splitlines()[0])
    parser.add_argument("path", type=Path, metavar="PATH", help="a run directory or a sweep directory")
    args = parser.parse_args(sys.argv[1:] if argv is None else argv)
    try:
        page = build_report(args.path)
    except ReportError as error:
        print(f"sim-report: {error}", file=sys.stderr)
        raise SystemExit(2) from None
    except OSError as error:
        print(f"sim-report: cannot write the report of {args.path}: {error}", file=sys.stderr)
        raise SystemExit(2) from None
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


def run_report(directory: Path) -> Path:
    """The report of one run directory: its summary, its figures and its event log."""
    results = Results.from_parquet(directory)
    config = runs.read_config(directory)
    title = f"Scenario {config['run']['scenario']}, seed {config['run']['seed']}"
    body = [_run_summary(results.summary, config), *run_figures(results, config), _event_log(results.events)]
    return write_report(directory / REPORT_DIR, title, body, directory)


def run_figures(results: Results, config: dict) -> list[ReportFigure]:
    """The figures of one run, with captions filled from its tables and configuration."""
    colours = plots.lab_colours(results.labs)
    groups = {name: region["group"] for name, region in config["regions"].items()}
    south = [name for name, group in groups.items() if group == "global_south"]
    blocs = {name: government["bloc"] for name, government in config["governments"].items()}
    wars = plots.price_war_spans(results.events, results.labs["date"].max())
    war_text = "; ".join(f"{bloc} from {start:%Y-%m} to {end - pd.DateOffset(months=1):%Y-%m}"
                         for bloc, start, end in wars) or "none in this run"
    switches = int((results.events["kind"] == "strategy_switch").sum())
    t1, t2, t3 = OBSERVED["T1"], OBSERVED["T2"], OBSERVED["T3"]
    downloads = plots.open_downloads(results.open_models, colours=colours, cn_share=t1, cn_passes_us=t2,
                                     qwen_passes_llama=t3)
    window = " - ".join(f"{month_timestamp(month):%b %Y}" for month in (t1.first, t1.last))
    return [
        ReportFigure("adoption", plots.adoption_by_origin(results.adoption, groups),
                     CAPTIONS["adoption"].format(south=", ".join(south))),
        ReportFigure("downloads", downloads,
                     CAPTIONS["downloads"].format(t1=window, t2=t2.month, t3=t3.month)),
        ReportFigure("frontier", plots.capability_frontier(results.markets), CAPTIONS["frontier"]),
        ReportFigure("prices", plots.prices(results.labs, results.markets, results.events, colours=colours),
                     CAPTIONS["prices"].format(wars=war_text)),
        ReportFigure("strategies", plots.lab_strategies(results.labs, results.events),
                     CAPTIONS["strategies"].format(switches=switches)),
        ReportFigure("finances", plots.lab_finances(results.labs, colours=colours), CAPTIONS["finances"]),
        ReportFigure("policies", plots.policy_levers(results.policies, blocs), CAPTIONS["policies"]),
    ]


def _run_summary(summary: pd.DataFrame, config: dict) -> str:
    run, row = config["run"], summary.iloc[0]
    months = len(pd.period_range(run["start"], run["end"], freq="M"))
    summary_dates = summary_months(summary)
    header = "".join(f"<th>{month}</th>" for month in summary_dates)
    rows = "".join(
        f"<tr><td>{html.escape(label)}</td>"
        + "".join(f'<td class="value">{_value(key, row[summary_column(key, month)])}</td>'
                  for month in summary_dates) + "</tr>"
        for key, (label, *_) in HEADLINES.items()
    )
    milestones = (
        ("Chinese open-model downloads first exceed US ones", "cn_downloads_exceed_us", "T2"),
        ("Qwen (alibaba) overtakes Llama (meta) in downloads", "qwen_overtakes_llama", "T3"),
    )
    milestone_rows = "".join(
        f"<tr><td>{what}</td><td>{html.escape(str(row[column]) or 'never')}</td>"
        f"<td>{OBSERVED[target].month} ({target})</td></tr>"
        for what, column, target in milestones
    )
    return (
        '<section id="summary"><h2>Summary</h2>'
        f"<p>One run of the scenario <strong>{html.escape(str(run['scenario']))}</strong> with seed "
        f"{html.escape(str(run['seed']))}, simulating {html.escape(run['start'])} to "
        f"{html.escape(run['end'])} ({months} months) with {int(config['population']['adopters']):,} "
        "simulated adopters.</p>"
        f"<p>Headline outcomes at the summary months (the last is {summary_dates[-1]}). "
        '<span class="note">Single run: no interval; sweep seeds for intervals.</span></p>'
        f"<table><tr><th>outcome</th>{header}</tr>{rows}</table>"
        "<table><tr><th>milestone (month)</th><th>this run</th><th>observed</th></tr>"
        f"{milestone_rows}</table>"
        f"<p>{int(row['strategy_switches'])} strategy switches, imposed by the timeline or decided by "
        "labs.</p></section>"
    )


def _event_log(events: pd.DataFrame) -> str:
    rows = "".join(
        f"<tr><td>{date:%Y-%m}</td><td>{html.escape(str(kind))}</td><td>{html.escape(str(agent))}</td>"
        f"<td>{html.escape(str(detail))}</td></tr>"
        for date, kind, agent, detail in events[["date", "kind", "agent", "detail"]].itertuples(index=False)
    )
    return (
        f'<section id="events"><h2>Event log</h2><details><summary>{len(events)} events, in the order '
        "they were logged</summary><table><tr><th>month</th><th>kind</th><th>who</th><th>what</th></tr>"
        f"{rows}</table></details></section>"
    )


# ----------------------------------------------------------------------------- a sweep


def sweep_report(sweep: Path) -> Path:
    """The report of a sweep: outcomes across runs, scenarios compared, one run in detail."""
    gathered = _gathered(sweep)
    summary = pd.read_parquet(gathered / "summary.parquet")
    series = HEADLINES.values()
    markets = pd.read_parquet(
        gathered / "markets.parquet",
        columns=["run", "scenario", "seed", "date", "region", *sorted({h.column for h in series})],
        filters=[("region", "in", sorted({h.region for h in series}))],
    )
    plan = comparison_plan(summary)
    figures = [ReportFigure("bands", plots.outcome_bands(markets, plan.scenarios),
                            CAPTIONS["bands"].format(runs=_counts_text(summary)))]
    if plan.compared:
        month = summary_months(summary)[-1]
        figures.append(ReportFigure(
            "comparison", plots.scenario_comparison(summary, plan.reference, month),
            CAPTIONS["comparison"].format(month=month, reference=plan.reference)))
    title = f"Sweep of {len(summary)} runs: {', '.join(plan.scenarios)}"
    body = [_sweep_summary(summary, markets, plan), *figures,
            *_one_run_in_detail(sweep, summary, plan.reference)]
    return write_report(sweep / REPORT_DIR, title, body, sweep)


def comparison_plan(summary: pd.DataFrame) -> ComparisonPlan:
    """Compare with the scenario named baseline, else with the first (and say so)."""
    appearing = list(dict.fromkeys(summary["scenario"]))
    reference = REFERENCE_SCENARIO if REFERENCE_SCENARIO in appearing else appearing[0]
    scenarios = [reference, *(s for s in appearing if s != reference)]
    if len(scenarios) == 1:
        return ComparisonPlan(reference, scenarios, [],
                              ["This sweep has one scenario, so no scenarios are compared."])
    notes = []
    if reference != REFERENCE_SCENARIO:
        notes.append(f"No scenario is named {REFERENCE_SCENARIO}; the scenarios are compared with the "
                     f"first, {reference}.")
    paired = set(plots.paired_differences(summary, reference, summary_months(summary)[-1])["scenario"])
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


def _sweep_summary(summary: pd.DataFrame, markets: pd.DataFrame, plan: ComparisonPlan) -> str:
    month, scenarios = summary_months(summary)[-1], plan.scenarios
    spans = markets.groupby("run")["date"].agg(["min", "max"]).drop_duplicates()
    horizon = "; ".join(f"{first:%Y-%m} to {last:%Y-%m}" for first, last in spans.itertuples(index=False))
    counts = summary.groupby("scenario", sort=False).size()
    header = "".join(f"<th>{html.escape(s)} ({counts[s]} runs)</th>" for s in scenarios)
    rows = ""
    for key, (label, *_) in HEADLINES.items():
        cells = ""
        for scenario in scenarios:
            values = summary.loc[summary["scenario"] == scenario, summary_column(key, month)].dropna()
            if values.empty:
                cells += '<td class="value">none</td>'
                continue
            low, median, high = values.quantile([0.05, 0.5, 0.95])
            cells += (f'<td class="value">{_value(key, median)} '
                      f'<span class="note">({_value(key, low)} to {_value(key, high)})</span></td>')
        rows += f"<tr><td>{html.escape(label)}</td>{cells}</tr>"
    notes = "".join(f'<p class="note">{html.escape(note)}</p>' for note in plan.notes)
    names = ", ".join(f"<strong>{html.escape(s)}</strong>" for s in scenarios)
    return (
        '<section id="summary"><h2>Summary</h2>'
        f"<p>A sweep of {len(summary)} runs: {len(scenarios)} scenario{'s' if len(scenarios) > 1 else ''} "
        f"({names}), seeds {_seed_text(summary['seed'])}, simulating {horizon}.</p>"
        f"<p>Headline outcomes at {month}, the last summary month: the median across runs, and in "
        "brackets the 90% interval (5th to 95th percentile of the runs).</p>"
        f"<table><tr><th>outcome</th>{header}</tr>{rows}</table>{notes}</section>"
    )


def _one_run_in_detail(sweep: Path, summary: pd.DataFrame, reference: str) -> list[str | ReportFigure]:
    """The reference scenario's run with the lowest seed: an introduction and its figures."""
    chosen = summary[summary["scenario"] == reference].sort_values("seed").iloc[0]
    directory = Store(sweep).directory_of(chosen["run"])
    heading = '<section id="detail"><h2>One run in detail</h2>'
    if directory is None or runs.check(directory).state != runs.DONE:
        missing = (f'{heading}<p class="note">The run directories are not there, only the gathered '
                   "dataset: no run is shown in detail.</p></section>")
        return [missing]
    config = runs.read_config(directory)
    figures = run_figures(Results.from_parquet(directory), config)
    for figure in figures:
        figure.name = f"run_{figure.name}"
    intro = (f"{heading}<p>The run of scenario <strong>{html.escape(reference)}</strong> with seed "
             f"{int(chosen['seed'])} ({html.escape(str(chosen['run']))}), to show the mechanisms behind "
             "the outcomes above.</p></section>")
    return [intro, *figures]


# ----------------------------------------------------------------------------- the page


def write_report(out: Path, title: str, body: list[str | ReportFigure], source: Path) -> Path:
    """Render every figure, then write PNGs, SVGs and, last, the page; return the page's path.

    ``body`` is the page in order: HTML text (names already escaped) and figures.
    """
    rendered = {part.name: _render(part.figure) for part in body if isinstance(part, ReportFigure)}
    text = "".join(_figure_html(part, rendered[part.name][0]) if isinstance(part, ReportFigure) else part
                   for part in body)
    page = _page(title, text, source)
    out.mkdir(parents=True, exist_ok=True)
    for name, (png, svg) in rendered.items():
        write_bytes_atomically(png, out / f"{name}.png")
        write_bytes_atomically(svg, out / f"{name}.svg")
    return write_bytes_atomically(page.encode("utf-8"), out / PAGE)


def _render(figure: Figure) -> tuple[bytes, bytes]:
    """PNG and SVG bytes of a figure; its layout is computed once, for the PNG."""
    png, svg = io.BytesIO(), io.BytesIO()
    figure.savefig(png, format="png", dpi=PNG_DPI, metadata={"Software": None})
    figure.set_layout_engine("none")  # keep the layout just computed
    with matplotlib.rc_context({"svg.fonttype": "none"}):  # text as text: smaller, faster, searchable
        figure.savefig(svg, format="svg", metadata={"Date": None})
    return png.getvalue(), svg.getvalue()


def _figure_html(figure: ReportFigure, png: bytes) -> str:
    """A figure as a heading, its PNG embedded as data, and its caption."""
    data = base64.b64encode(png).decode("ascii")
    return (
        f'<figure id="{figure.name}"><h2>{html.escape(figure.title)}</h2>'
        f'<img src="data:image/png;base64,{data}" alt="{html.escape(figure.title)}">'
        f"<figcaption>{html.escape(figure.caption)}</figcaption></figure>"
    )


def _page(title: str, text: str, source: Path) -> str:
    made = dt.datetime.now().strftime("%Y-%m-%d %H:%M")
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{html.escape(title)}</title><style>{STYLE}</style></head><body><main>"
        f"<h1>{html.escape(title)}</h1>{text}"
        f"<footer>Made by sim-report from {html.escape(str(source))} on {made}. Each figure is also in "
        "this folder as PNG and SVG.</footer></main></body></html>\n"
    )


# ----------------------------------------------------------------------------- words and numbers


def _value(key: str, value: float) -> str:
    """A headline value in its unit, for the summary tables."""
    if pd.isna(value):
        return "none"
    unit = HEADLINES[key].unit
    if unit == "share":
        return f"{value:.0%}"
    if unit == "months":
        return f"{value:.1f} months"
    return f"US${value:.2f}"


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
