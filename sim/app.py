"""Explore a scenario live in the browser: Mesa's SolaraViz over the ecosystem model.

    sim-app                    # serves the app on http://127.0.0.1:8765 and opens a browser
    sim-app --port 8800 --no-open   # any option of `solara run`
    solara run sim.app         # the same page through Solara's own command

Pick a scenario, move the sliders (the main policy levers and uncertainties, documented
and bounded as the configuration declares them), then Reset to build the run, and Step or
Play month by month. The figures of :mod:`sim.plots` redraw from the run's tables so far;
the event log grows as the timeline and the labs act. A switch in the sidebar draws the
baseline scenario of the same seed beside the run, up to the same month.

The app holds no model logic: every run is ``sim.compose(scenario, overrides)`` and an
:class:`~sim.model.EcosystemModel`, exactly as ``sim scenario=... key=value`` would run it.
Each browser session builds its own model (a model made at import would be shared by
every visitor).
"""

from __future__ import annotations

import dataclasses
import functools
import io
import math
import sys
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import pandas as pd
import solara
from matplotlib.figure import Figure
from mesa.experimental.scenarios import Scenario
from mesa.visualization import SolaraViz
from mesa.visualization.utils import update_counter
from solara.__main__ import cli as solara_cli
from solara.server import settings

import sim
from sim import plots
from sim.calendar import format_month
from sim.compose import SCENARIOS
from sim.config import ModelConfig, get_value, plausible_range
from sim.model import EcosystemModel
from sim.outputs import TABLES

TITLE = "Open weights vs closed AI"

# --------------------------------------------------------------------------- levers


@dataclass(frozen=True)
class Lever:
    """A slider: a numeric config key, what it means and the range it may plausibly take."""

    key: str
    doc: str
    unit: str
    source: str
    low: float
    high: float
    default: float
    policy: bool  # a policy choice (lever) rather than an uncertainty outside policy control

    @property
    def label(self) -> str:
        """The key (whose value it is), its meaning and its unit."""
        unit = f" ({self.unit})" if self.unit else ""
        return f"{self.key}: {self.doc}{unit}"

    @property
    def step(self) -> float:
        """The slider's step: a power of ten, at most a hundredth of the range, fine enough
        that the low end and the baseline's value lie on the slider's grid (the browser
        rounds a slider's value to its grid); the finest tried if none is."""
        coarsest = math.floor(math.log10((self.high - self.low) / 100))
        for exponent in range(coarsest, coarsest - STEP_DIGITS, -1):
            step = 10.0**exponent
            if all(abs(x / step - round(x / step)) < 1e-6 for x in (self.low, self.default)):
                return step
        return step

    def moved(self, value: float) -> bool:
        """Whether a slider at ``value`` was moved off the baseline's value."""
        return abs(value - self.default) > self.step / 2


STEP_DIGITS = 6
"""Most decimal digits a slider's step goes below a hundredth of its range."""


POLICY_LEVERS = (
    "governments.us.react_gap_months",
    "governments.us.react_step",
    "governments.cn.subsidy",
    "governments.cn.promotion_abroad",
    "governments.us.promotion_abroad",
    "pricing.subsidised_discount",
)
"""Policy choices the sliders offer (the US's reactive controls, China's money and promotion)."""

UNCERTAINTIES = (
    "capability.scarcity_elasticity",
    "governments.us.leakage",
    "openness.distillation",
    "adoption.price",
    "adoption.capability",
    "adoption.trust",
    "pricing.markup.CN",
    "pricing.war_intensity",
    "strategy.inertia",
)
"""Uncertain parameters outside policy control that the sliders offer."""

def config_field(cfg: ModelConfig, key: str) -> dataclasses.Field:
    """The dataclass field that declares a dotted key (for an entry of a dict, the dict's field)."""
    node, declared = cfg, None
    for part in key.split("."):
        if dataclasses.is_dataclass(node):
            declared = next(f for f in dataclasses.fields(node) if f.name == part)
            node = getattr(node, part)
        else:
            node = node[part]
    return declared


def lever(key: str, policy: bool) -> Lever:
    """A key's slider: doc, unit and source from its config field, default from the baseline."""
    baseline = sim.default_config()
    meta = config_field(baseline, key).metadata
    low, high = plausible_range(key).bounds
    return Lever(key, meta["doc"], meta["unit"], meta["source"], low, high, float(get_value(baseline, key)), policy)


LEVERS = tuple(lever(key, True) for key in POLICY_LEVERS) + tuple(lever(key, False) for key in UNCERTAINTIES)
"""Every slider, policy levers first."""

LEVER_BY_KEY = {lv.key: lv for lv in LEVERS}


def scenario_names() -> list[str]:
    """The scenarios of ``scenarios/scenario/``, baseline first."""
    names = sorted(path.stem for path in (SCENARIOS / "scenario").glob("*.yaml"))
    return sorted(names, key=lambda name: name != "baseline")


MAX_SEED = 99
"""Seeds the seed slider offers (0 to this)."""


def model_params() -> dict[str, dict]:
    """SolaraViz's inputs: the scenario, the seed, then one slider per lever."""
    return {
        "scenario_name": {"type": "Select", "label": "Scenario", "value": "baseline", "values": scenario_names()},
        "seed": {"type": "SliderInt", "label": "Seed", "value": 0, "min": 0, "max": MAX_SEED, "step": 1},
        **{
            lv.key: {"type": "SliderFloat", "label": lv.label, "value": lv.default, "min": lv.low, "max": lv.high,
                     "step": lv.step}
            for lv in LEVERS
        },
    }


def overrides(seed: int, levers: dict[str, float]) -> list[str]:
    """Hydra overrides for a run: its seed, and each slider moved off the baseline's value.

    A slider left at the baseline's value keeps the scenario's own value of its key.
    """
    moved = {key: value for key, value in levers.items() if LEVER_BY_KEY[key].moved(value)}
    return [f"seed={seed}", *(f"{key}={value!r}" for key, value in moved.items())]


# ---------------------------------------------------------------------------- model


class ExploredModel(EcosystemModel):
    """The run of one browser session: a scenario with the sliders' values, stepped by hand.

    Args:
        scenario_name: a file of ``scenarios/scenario/`` by name.
        seed: the run's seed.
        scenario: Mesa's own (experimental) scenario object, which SolaraViz's Reset passes to
            any model taking keyword arguments; the configuration is this model's scenario,
            so it is not used.
        **levers: slider values by dotted config key (see :data:`LEVERS`).
    """

    def __init__(self, scenario_name: str = "baseline", seed: int = 0, scenario: Scenario | None = None,
                 **levers: float):
        self.overrides = overrides(int(seed), levers)
        super().__init__(sim.compose(scenario_name, self.overrides))
        self._results: tuple[int, sim.Results] | None = None
        self._busy = threading.Lock()  # Play steps in a thread while the page may redraw

    def step(self) -> None:
        """Simulate one month; stop at the run's last month."""
        with self._busy:
            super().step()
        self.running = self.month < self.end

    @property
    def months_run(self) -> int:
        """Months simulated so far."""
        return self.month - self.start + 1

    @property
    def command(self) -> str:
        """This run on the command line."""
        return " ".join(["sim", f"scenario={self.cfg.run.scenario}", *self.overrides])

    def results(self) -> sim.Results:
        """The tables of the months simulated so far (built once a month, shared by the figures)."""
        with self._busy:
            if self._results is None or self._results[0] != self.month:
                self._results = (self.month, sim.collect(self))
            return self._results[1]


@functools.lru_cache(maxsize=8)
def baseline_results(seed: int) -> sim.Results:
    """The whole baseline run of ``seed`` (the same for every session: tables are only read)."""
    return sim.run(sim.compose("baseline", [f"seed={seed}"]))


def until(results: sim.Results, date: pd.Timestamp) -> sim.Results:
    """The tables of ``results`` up to and including the month ``date``."""
    dated = [name for name in TABLES if name != "summary"]
    return dataclasses.replace(results, **{name: getattr(results, name).query("date <= @date") for name in dated})


# --------------------------------------------------------------------------- figures


def global_south(cfg: ModelConfig) -> dict[str, str]:
    """The regions of the Global South country group, with their group."""
    return {name: region.group for name, region in cfg.regions.items() if region.group == "global_south"}


def _adoption(results: sim.Results, cfg: ModelConfig, fig):
    south = global_south(cfg)
    return plots.adoption_by_origin(results.adoption[results.adoption["region"].isin(south)], south, fig=fig)


@dataclass(frozen=True)
class LiveFigure:
    """A figure of :mod:`sim.plots` drawn from a run's tables (and its config) into ``fig``."""

    name: str
    draw: Callable[[sim.Results, ModelConfig, object], object]
    size: tuple[float, float]  # inches of one run's figure (drawn as SVG, scaled to its column)
    table: str  # the table it draws, which must have rows
    nothing_yet: str = "Nothing to draw yet."  # said while that table is empty

    def drawable(self, results: sim.Results) -> bool:
        return len(getattr(results, self.table)) > 0


ADOPTION = LiveFigure("adoption", _adoption, (7.0, 5.4), "adoption")
FRONTIER = LiveFigure("frontier", lambda r, cfg, fig: plots.capability_frontier(r.markets, fig=fig), (6.5, 5.4),
                      "markets")
PRICES = LiveFigure("prices", lambda r, cfg, fig: plots.prices(r.labs, r.markets, r.events, fig=fig), (7.0, 5.6),
                    "labs")
STRATEGIES = LiveFigure("strategies", lambda r, cfg, fig: plots.lab_strategies(r.labs, r.events, fig=fig),
                        (7.0, 5.6), "labs")
DOWNLOADS = LiveFigure("downloads", lambda r, cfg, fig: plots.open_downloads(r.open_models, fig=fig), (7.5, 5.6),
                       "open_models", "No open weights released in this run yet: no downloads to draw.")
"""The live figures: Global South adoption by origin, the frontier and China's lag, prices,
the strategy timeline, open-model downloads by bloc."""

show_baseline = solara.reactive(False)
"""Whether the figures draw the baseline beside the run (one value per browser session)."""


def draw(figure: LiveFigure, model: ExploredModel, with_baseline: bool) -> bytes:
    """The figure of the run so far as SVG, with the baseline of its seed beside it if asked."""
    buffer = io.BytesIO()
    build(figure, model, with_baseline).savefig(buffer, format="svg")
    return buffer.getvalue()


def build(figure: LiveFigure, model: ExploredModel, with_baseline: bool) -> Figure:
    """The figure of the run so far, with the baseline of its seed beside it if asked."""
    width, height = figure.size
    fig = Figure(figsize=(2 * width if with_baseline else width, height), layout="constrained")
    if not with_baseline:
        figure.draw(model.results(), model.cfg, fig)
    else:
        run, baseline = fig.subfigures(1, 2)
        current = model.results()
        figure.draw(current, model.cfg, run)
        reference = until(baseline_results(model.seed), current.markets["date"].max())
        figure.draw(reference, sim.default_config(), baseline)
        run.suptitle(f"This run ({model.cfg.run.scenario})\n{run.get_suptitle()}")
        baseline.suptitle(f"Baseline, seed {model.seed}\n{baseline.get_suptitle()}")
    return fig


@solara.component
def FigureView(figure: LiveFigure, model: ExploredModel, month: int, with_baseline: bool):
    """One live figure of ``model`` at ``month``, redrawn only when the run, the month or the
    baseline switch changes."""
    drawable = figure.drawable(model.results())
    svg = solara.use_memo(lambda: draw(figure, model, with_baseline) if drawable else b"",
                          [model, month, with_baseline])
    if not svg:
        return solara.Info(figure.nothing_yet, classes=[f"figure-{figure.name}"])
    return solara.Image(svg, format="svg+xml", width="100%", classes=["live-figure", f"figure-{figure.name}"])


# ----------------------------------------------------------------------------- pages


def table(frame: pd.DataFrame, classes: Sequence[str] = ()) -> solara.Element:
    """A dense table of ``frame``'s rows (its text shown as text, never as markup)."""

    def row(tag: str, cells) -> solara.Element:
        return solara.v.Html(tag="tr", children=[solara.v.Html(tag=tag, children=[str(c)]) for c in cells])

    head = solara.v.Html(tag="thead", children=[row("th", frame.columns)])
    body = solara.v.Html(tag="tbody", children=[row("td", cells) for cells in frame.itertuples(index=False)])
    return solara.v.SimpleTable(dense=True, children=[head, body], class_=" ".join(["app-table", *classes]))


EVENTS_SHOWN = 10
"""Events the log lists (the latest)."""


def event_log(model: ExploredModel) -> None:
    """The latest events, newest first: timeline events, releases, strategy switches."""
    events = pd.DataFrame(model.event_log, columns=["date", "kind", "agent", "detail"])
    with solara.Card(f"Event log: {len(events)} events so far, the latest first", classes=["event-log"]):
        table(events.iloc[::-1].head(EVENTS_SHOWN))


def levers_table(model: ExploredModel) -> None:
    """Each slider's key with its value in this run, the baseline's, and its plausible range."""
    rows = pd.DataFrame([
        {"key": lv.key, "kind": "policy lever" if lv.policy else "uncertainty",
         "this run": f"{get_value(model.cfg, lv.key):g}", "baseline": f"{lv.default:g}",
         "plausible range": f"{lv.low:g} to {lv.high:g}", "source": lv.source}
        for lv in LEVERS
    ])
    with solara.Card("The sliders' keys in this run", classes=["levers"]):
        table(rows)


@dataclass(frozen=True)
class AppPage:
    """A tab of the app: a heading, live figures, and what follows them."""

    heading: str
    figures: tuple[LiveFigure, ...]
    below: Callable[[ExploredModel], None]


PAGES = (
    AppPage("Who adopts whose models, and China's lag at the frontier", (ADOPTION, FRONTIER), event_log),
    AppPage("Prices and release strategies", (PRICES, STRATEGIES), event_log),
    AppPage("Open-model downloads by bloc", (DOWNLOADS,), levers_table),
)
"""The app's tabs, in order (SolaraViz numbers them Page 0, 1, 2)."""


def page_view(app_page: AppPage) -> Callable[[ExploredModel], solara.Element]:
    """A SolaraViz component showing ``app_page`` for a model (redrawn after every step)."""

    def view(model: ExploredModel) -> solara.Element:
        with_baseline = show_baseline.value
        with solara.Column(classes=["app-page"]) as column:
            solara.Text(app_page.heading, classes=["app-page-heading"])
            if not model.months_run:
                solara.Info("Press Step or ▶ to simulate the first months.")
            else:
                # one a row; side by side on a wide screen unless each has its baseline beside it
                with solara.ColumnsResponsive(12, large=12 if with_baseline else 6):
                    for figure in app_page.figures:
                        FigureView(figure, model, model.month, with_baseline)
            app_page.below(model)
        return column

    view.__name__ = f"page_{PAGES.index(app_page)}"
    return view


COMPONENTS = [(page_view(app_page), index) for index, app_page in enumerate(PAGES)]
"""SolaraViz's components: one per page."""

APP_STYLE = """
.v-input__slider .v-input__slot { flex-wrap: wrap; }
.v-input__slider .v-input__slot > .v-label {
    flex: 1 0 100%; max-width: 100%; white-space: normal; height: auto; line-height: 1.25; font-size: 13px;
    margin-bottom: 2px;
}
.vue-grid-item { width: calc(100% - 20px) !important; height: auto !important; }
.vue-grid-item > .vue-resizable-handle { display: none; }
.app-page-heading { font-size: 18px; font-weight: 500; }
.app-table td, .app-table th { font-size: 12px !important; }
.app-table td:first-child { white-space: nowrap; }
"""
"""Slider labels on a line of their own (they name the key and its meaning). SolaraViz puts
each component of a page in a draggable cell of half the width and a fixed height; each page
here is one component that lays out its own figures, so its cell takes the whole width and
the height it needs."""


@solara.component
def RunCard(model: solara.Reactive[ExploredModel]):
    """Which month the run has reached, the run on the command line, and the baseline switch."""
    update_counter.get()  # redrawn after every step, like SolaraViz's components
    run = model.value
    horizon = f"{run.cfg.run.start} to {run.cfg.run.end}"
    reached = f"Month {format_month(run.month)} of {horizon}" if run.months_run else f"Not started ({horizon})"
    with solara.Card("This run"), solara.Column(gap="6px"):
        solara.Text(reached, classes=["run-month"])
        solara.Text("On the command line:")
        solara.v.Html(tag="code", children=[run.command], class_="run-command")
        solara.Switch(label="Show the baseline beside this run (same seed)", value=show_baseline)


@solara.component
def Page():
    """The app: one model per browser session, SolaraViz's controls, the run's card."""
    model = solara.use_reactive(solara.use_memo(ExploredModel, []))
    solara.Style(APP_STYLE)
    SolaraViz(model, components=COMPONENTS, model_params=model_params(), name=TITLE, play_interval=50,
              render_interval=3)
    with solara.Sidebar():
        RunCard(model)


def main(argv: Sequence[str] | None = None) -> None:
    """``sim-app [solara run options]``: serve the app (on 127.0.0.1 unless ``--host`` says)."""
    settings.telemetry.mixpanel_enable = False  # the app works offline and reports nothing
    args = list(sys.argv[1:] if argv is None else argv)
    if not any(arg.startswith("--host") for arg in args):
        args = ["--host", "127.0.0.1", *args]
    solara_cli(["run", __name__, *args])
