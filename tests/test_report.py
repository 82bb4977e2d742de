"""The report: a self-contained page with every figure and caption, names escaped, the
summary in plain words; a sweep's bands and comparison; a single `sim` run making its own
report; `sim-report` refusing a path that is neither a run nor a sweep."""

from __future__ import annotations

import base64
import fcntl
import inspect
import json
import re
import shutil
import subprocess
import sys
from html import escape
from html.parser import HTMLParser
from pathlib import Path

import pandas as pd
import pytest

import sim
from sim import plots, report
from sim import runs
from sim.plots import READOUTS, format_value
from sim.runs import run_into
from sim.store import Store, gather, run_sweep
from sim.timeline import KINDS
from tests.conftest import small_config

HOSTILE = '<script>alert(1)</script> & "quoted" $5$'
HOSTILE_EVENT = "<img src=x onerror=alert(1)>"
RUN_FIGURES = ["overview", "adoption", "downloads", "frontier", "prices", "strategies", "finances", "policies"]
SIM = [sys.executable, "-m", "sim"]
REPORTS_DOC = Path(__file__).resolve().parent.parent / "docs" / "REPORTS.md"


class References(HTMLParser):
    """Every tag, and every src/href value, of a page."""

    def __init__(self):
        super().__init__()
        self.tags, self.references = [], []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.references += [value or "" for name, value in attrs if name in ("src", "href")]


def assert_self_contained(page: str) -> None:
    parser = References()
    parser.feed(page)
    assert not {"script", "link", "iframe", "object", "embed"} & set(parser.tags)
    assert parser.references and all(r.startswith(("data:image/png;base64,", "#")) for r in parser.references)
    assert "://" not in page, "no address of any kind (base64 data cannot contain a colon)"
    assert "url(" not in page and "@import" not in page


def figure_html(page: str, name: str) -> str:
    match = re.search(rf'<figure id="{name}">.*?</figure>', page, flags=re.DOTALL)
    assert match, f"the page has no figure {name}"
    return match.group(0)


def built_once(tmp_path_factory, worker_id: str, name: str, build, done: str) -> Path:
    """``root/name`` made by ``build(directory)`` once per session: with xdist, the workers
    share one directory and the second waits for the first. ``done`` is the file the build
    writes last."""
    root = tmp_path_factory.getbasetemp()
    root = root if worker_id == "master" else root.parent  # the session's directory, shared by workers
    directory = root / name
    with open(root / f"{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (directory / done).exists():
            build(directory)
    return directory


@pytest.fixture(scope="session")
def run_dir(tmp_path_factory, worker_id) -> Path:
    """A run of `sim`: its tables, what it printed, and its report remade after a hostile
    scenario name was written into its files (`sim` takes only slugs; a report trusts no file)."""

    def build(directory: Path) -> None:
        overrides = ["run=smoke", "population.adopters=100", f"hydra.run.dir={directory}"]
        result = subprocess.run([*SIM, *overrides], cwd=directory.parent, capture_output=True, text=True,
                                check=False)
        assert result.returncode == 0, result.stderr
        (directory / "stdout.txt").write_text(result.stdout)
        config = json.loads((directory / runs.CONFIG_FILE).read_text())
        config["run"]["scenario"] = HOSTILE
        (directory / runs.CONFIG_FILE).write_text(json.dumps(config))
        summary = pd.read_parquet(directory / "summary.parquet").assign(scenario=HOSTILE)
        summary.to_parquet(directory / "summary.parquet", index=False)
        report.run_report(directory)

    return built_once(tmp_path_factory, worker_id, "run", build, "stdout.txt")


@pytest.fixture(scope="session")
def sweep(tmp_path_factory, worker_id) -> Path:
    """A sweep of 2 scenarios x 3 seeds laid out as `sim -m` does (``runs/``), gathered, and
    the report of its gathered dataset alone (``gathered_only/``: no run shown in detail,
    which keeps the test fast; the detail is tested on its own)."""

    def build(root: Path) -> None:
        planned = []
        for scenario in ("baseline", "war"):
            cfg = small_config(adopters=100, end="2025-06")
            cfg.run.scenario = scenario
            if scenario == "war":
                cfg.pricing.war_intensity = 0.6
            planned += [(f"scenario={scenario},seed={seed}", cfg, seed) for seed in range(3)]
        run_sweep(Store(root / "runs"), planned, progress=False)
        gather(root / "runs", progress=False)
        shutil.copytree(root / "runs" / "gathered", root / "gathered_only" / "gathered")
        report.build_report(root / "gathered_only")

    return built_once(tmp_path_factory, worker_id, "sweep", build, "gathered_only/report/report.html")


def tiny_run(directory: Path, seed: int = 0) -> Path:
    run_into(small_config(adopters=60, end="2023-06", seed=seed), directory)
    return directory


def section(page: str, name: str) -> str:
    match = re.search(rf'<section id="{name}">.*?</section>', page, flags=re.DOTALL)
    assert match, f"the page has no section {name}"
    return match.group(0)


def table_row(html_text: str, label: str) -> str:
    match = re.search(rf"<tr><td>{re.escape(escape(label))}</td>.*?</tr>", html_text, flags=re.DOTALL)
    assert match, f"no row {label!r}"
    return match.group(0)


def test_a_sweep_report_shows_bands_and_compares_scenarios(sweep):
    out = sweep / "gathered_only" / "report"
    page = (out / "report.html").read_text()
    assert_self_contained(page)
    for name in ("bands", "comparison"):
        figure_html(page, name)
        assert (out / f"{name}.png").exists() and (out / f"{name}.svg").exists()
    assert "central 50%" in figure_html(page, "bands") and "3 runs per scenario" in figure_html(page, "bands")
    assert "the baseline run with the same seed" in figure_html(page, "comparison")
    gathered = sweep / "runs" / "gathered"
    counts = report.gathered_counts(gathered / "adoption.parquet", report.region_groups(report._any_config(sweep)))
    values = plots.outcome_values(pd.read_parquet(gathered / "markets.parquet"), "2025-06", counts)
    war = values.loc[values["scenario"] == "war", "china_lag_months"]
    median, low, high = (format_value(v, "months") for v in report.interval(war))
    summary = section(page, "summary")
    assert (f'{median} <span class="note">({low} to {high})</span>'
            in table_row(summary, READOUTS["china_lag_months"].label))
    assert values["gs_share_cn"].isna().all(), "100 adopters to 2025-06: too few use a model for shares"
    assert table_row(summary, READOUTS["gs_share_cn"].label).count("n/a") == 2
    assert "2 scenarios" in summary and "seeds 0-2" in summary and "2022-01 to 2025-06" in summary
    assert "Few runs: 3 per scenario" in summary and "these intervals are rough" in summary
    assert "The run directories are not there" in page


def test_the_sweep_counts_are_the_runs_own(sweep):
    gathered = sweep / "runs" / "gathered"
    groups = report.region_groups(report._any_config(sweep / "runs"))
    counts = report.gathered_counts(gathered / "adoption.parquet", groups)
    adoption = pd.read_parquet(gathered / "adoption.parquet")
    one = adoption[adoption["run"] == "scenario=war,seed=1"].drop(columns=["run", "scenario", "seed"])
    expected = plots.adopter_counts(one, groups).set_index(["region", "date"])
    mine = counts[counts["run"] == "scenario=war,seed=1"].set_index(["region", "date"]).loc[expected.index]
    assert (mine["users"] == expected["users"]).all() and (mine["adopters"] == expected["adopters"]).all()


def test_a_single_sim_run_makes_its_report_and_says_where(run_dir):
    lines = (run_dir / "stdout.txt").read_text().strip().splitlines()
    assert f"report written to {run_dir / 'report' / 'report.html'}" in lines
    assert lines[-1] == f"outputs written to {run_dir}"


def test_the_sweep_bands_are_drawn_from_the_gathered_runs(sweep):
    markets = pd.read_parquet(sweep / "runs" / "gathered" / "markets.parquet")
    fig = plots.outcome_bands(markets, ["baseline", "war"])
    world = markets[(markets["region"] == "world") & (markets["scenario"] == "war")]
    wide = world.pivot(index="date", columns="run", values="china_lag_months")
    band = next(a for a in fig.findobj() if a.get_gid() == "china_lag_months|war|90")
    vertices = band.get_paths()[0].vertices
    assert sorted(set(vertices[:, 1].round(9))) == sorted(
        set(pd.concat([wide.quantile(0.05, axis=1), wide.quantile(0.95, axis=1)]).dropna().round(9)))


def test_a_run_report_holds_every_figure_embedded_with_its_caption_and_files(run_dir):
    out = run_dir / "report"
    page = (out / "report.html").read_text()
    for number, name in enumerate(RUN_FIGURES, 1):
        block = figure_html(page, name)
        png = (out / f"{name}.png").read_bytes()
        assert png.startswith(b"\x89PNG")
        assert f"data:image/png;base64,{base64.b64encode(png).decode()}" in block, "it embeds the PNG file"
        assert "<svg" in (out / f"{name}.svg").read_text()
        caption = re.search(r"<figcaption>(.*?)</figcaption>", block, flags=re.DOTALL).group(1)
        assert caption.startswith(escape(report.CAPTIONS[name].split("{")[0])), name
        assert f"<h2>Figure {number}. " in block
    assert not list(out.glob(".*.tmp"))


def test_a_figures_title_heads_it_once_on_the_page_not_again_in_its_image(small_results):
    fig = plots.capability_frontier(small_results.markets)
    title = fig.get_suptitle()
    shown = report.ReportFigure("frontier", fig, "caption")
    assert shown.title == title and fig.get_suptitle() == ""
    assert f"<h2>Figure 3. {escape(title)}</h2>" in report.figure_html(shown, report.render(fig)[0], 3)


def test_a_sweep_report_shows_one_run_of_each_scenario_in_detail(sweep):
    summary = pd.read_parquet(sweep / "runs" / "gathered" / "summary.parquet")
    parts = report._runs_in_detail(sweep / "runs", summary, ["baseline", "war"])
    texts = "".join(part for part in parts if isinstance(part, str))
    assert "Scenario baseline, seed 0 (scenario=baseline,seed=0)" in texts
    assert "Scenario war, seed 0 (scenario=war,seed=0)" in texts
    figures = [part for part in parts if isinstance(part, report.ReportFigure)]
    assert [f.name for f in figures] == [f"run{i}_{name}" for i in (0, 1) for name in RUN_FIGURES]
    detail = Store(sweep / "runs").directory_of("scenario=war,seed=0")
    markets = pd.read_parquet(detail / "markets.parquet")
    index = next(a for a in figures[len(RUN_FIGURES) + 4].figure.findobj() if a.get_gid() == "price_index")
    world = markets[markets["region"] == "world"]
    assert list(pd.Series(index.get_ydata()).fillna(-1)) == list(world["price_index"].fillna(-1))


def test_a_run_report_has_no_external_references(run_dir):
    assert_self_contained((run_dir / "report" / "report.html").read_text())


def test_names_from_configs_and_data_are_escaped(run_dir):
    page = (run_dir / "report" / "report.html").read_text()
    assert HOSTILE not in page and "<script" not in page
    assert escape(HOSTILE) in page
    events = pd.DataFrame({"date": [pd.Timestamp("2024-01-01")], "kind": ["shock"], "agent": ["<b>CN</b>"],
                           "event": [HOSTILE_EVENT], "change": ["price_war"], "setting": [""], "value": [1.0],
                           "region": [""], "detail": [f"{HOSTILE_EVENT}: price_war 1.0"]})
    log = report.event_log(events, plots.Names(), {HOSTILE_EVENT: {"source": HOSTILE}})
    assert HOSTILE_EVENT not in log and "<b>" not in log and HOSTILE not in log
    assert escape(HOSTILE_EVENT) in log and escape("<b>CN</b>") in log and escape(HOSTILE) in log


def test_every_event_is_told_in_words_with_display_names(small_results):
    assert set(report.EVENT_WORDS) >= {*KINDS, "entry"}, "every timeline kind, and a lab's entry"
    names = plots.Names.of(sim.default_config())
    events = small_results.events
    assert set(events["change"]) <= set(report.EVENT_WORDS), "every change the run logged has words"
    assert {"cloud_decision", "policy_change"} <= set(events["kind"]), "the run has decided changes"
    described = {row["event"] or row["change"]: report.describe_event(row, names) for _, row in events.iterrows()}
    assert described["deepseek_r1"] == "DeepSeek makes a breakthrough release: capability +4 ECI points"
    assert described["us_controls_2022"] == ("US government sets export controls on advanced chips to China: "
                                             "50% of the compute Chinese labs want is denied")
    assert described["wechat_deal"].startswith("60% of the adopters in China who did not know DeepSeek")
    for text in described.values():
        assert not re.search(r"\b[a-z]+_[a-z0-9_]+\b", text), f"a raw key in {text!r}"
    decided = events[(events["kind"] == "strategy_switch") & (events["event"] == "")].iloc[0]
    assert report.describe_event(decided, names).startswith(f"{names.lab(decided['agent'])} decides to switch to")


@pytest.mark.parametrize("ran,words", [
    ("2024-09", "a miss: 14 months early (within 6 months is a hit)"),
    ("2026-03", "a hit: 4 months late (within 6 months is a hit)"),
    ("2025-12", "a hit: 1 month late (within 6 months is a hit)"),
    ("2025-11", "a hit: on time (within 6 months is a hit)"),
    ("", "a miss: never happens (within 6 months is a hit)"),
])
def test_a_milestone_says_whether_the_run_hits_or_misses_it(ran, words):
    row = pd.Series({"cn_downloads_exceed_us": ran, "qwen_overtakes_llama": "2025-09"})
    first, second = report.milestone_readings(row)
    assert first.verdict == words and first.hit == words.startswith("a hit")
    assert first.sentence.startswith("Chinese open-model downloads first exceed US ones")
    assert second.verdict == "a hit: on time (within 6 months is a hit)"


def test_the_run_summary_says_what_the_run_found_in_plain_words_and_numbers(run_dir):
    page = (run_dir / "report" / "report.html").read_text()
    summary = section(page, "summary")
    assert "<h2>What this run found</h2>" in summary
    assert "One run of the scenario" in summary and "with seed 0" in summary
    assert "2022-01 to 2025-12 (48 months)" in summary and "100 simulated adopters" in summary
    assert "Single run: no interval; sweep seeds for intervals." in summary
    reading = report.RunReading.of(run_dir)
    values = reading.values["2025-12"]
    assert f"By 2025-12 in the <strong>{escape(HOSTILE)}</strong> scenario" in summary
    for key, readout in READOUTS.items():
        row = table_row(summary, readout.label)
        assert f"<td>{escape(readout.base or readout.unit)}</td>" in row, "each outcome names its base or unit"
        if not pd.isna(values[key]):
            assert format_value(values[key], readout.unit) in row, key
    assert f"{values['china_lag_months']:.1f} months" in summary
    assert "Against the dated record:" in summary and "<h3>Caveats</h3>" in summary
    assert 'href="#overview">Figure 1<' in table_row(summary, READOUTS["gs_share_cn"].label)
    assert 'href="#frontier">Figure 4<' in table_row(summary, READOUTS["china_lag_months"].label)


def test_a_run_with_too_few_users_says_so_instead_of_a_share(tmp_path):
    directory = tiny_run(tmp_path / "run")
    reading = report.RunReading.of(directory)
    users, adopters = reading.users("global_south", "2023-06")
    assert users < plots.MIN_USERS, "60 adopters to 2023-06: few use a model"
    story = " ".join(report.run_story(reading))
    assert f"only {users:,} of the Global South's {adopters:,} simulated adopters use an AI model" in story
    assert f"n/a <span class=\"small\">(only {users:,} use a model)</span>" in report._run_cell(
        reading, "gs_share_cn", "2023-06")


def test_the_summary_numbers_are_those_the_figure_under_it_marks(tmp_path):
    """What the reader sees first matches the figure it summarises, value for value."""
    cfg = small_config()
    cfg.run.summary_dates = ["2025-12", "2026-12"]
    run_into(cfg, tmp_path / "run")
    reading = report.RunReading.of(tmp_path / "run")
    figure = plots.adoption_overview(reading.results.markets, reading.results.adoption, reading.groups,
                                     reading.months, reading.names)
    marked = {a.get_gid(): a.get_text().split("\n")[0] for a in figure.findobj()
              if str(a.get_gid()).startswith("value|")}
    compared = 0
    for month in reading.months:
        for key, readout in READOUTS.items():
            gid = f"value|{readout.region}|{readout.column}|{month}"
            if gid in marked:
                assert marked[gid] == format_value(reading.values[month][key], readout.unit), gid
                compared += 1
    assert compared >= 8, "the shares of both panels at the last month, at least"


def test_a_failed_build_leaves_no_page(tmp_path, monkeypatch):
    directory = tiny_run(tmp_path / "run")

    def broken(*args, **kwargs):
        raise RuntimeError("a figure failed")

    monkeypatch.setattr(plots, "policy_levers", broken)
    with pytest.raises(RuntimeError, match="a figure failed"):
        report.build_report(directory)
    assert not (directory / "report" / "report.html").exists()
    assert not list(directory.rglob("*.png")) and not list(directory.rglob("*.tmp"))


def test_a_sweep_is_gathered_before_its_report_and_again_when_runs_have_finished_since(tmp_path):
    store = Store(tmp_path / "sweep")
    store.define("s", [(f"seed={seed}", small_config(adopters=60, end="2023-06"), seed) for seed in (0, 1)])
    first, second = store.specs()
    runs.execute(store.run_directory(first.key), store.config(first), first.key)
    assert report.kind_of(store.root) == "sweep" and not (store.root / "gathered").exists()
    assert sorted(pd.read_parquet(report._gathered(store.root) / "summary.parquet")["seed"]) == [0]
    runs.execute(store.run_directory(second.key), store.config(second), second.key)
    assert sorted(pd.read_parquet(report._gathered(store.root) / "summary.parquet")["seed"]) == [0, 1]


@pytest.mark.parametrize(
    "scenarios,seeds,reference,compared,note",
    [
        (["war", "baseline"], [[0, 1], [0, 1]], "baseline", ["war"], None),
        (["war", "calm"], [[0, 1], [0, 1]], "war", ["calm"],
         "No scenario is named baseline; the scenarios are compared with the first, war."),
        (["baseline"], [[0, 1]], "baseline", [],
         "This sweep has one scenario, so no scenarios are compared."),
        (["baseline", "war", "odd"], [[0, 1], [0, 1], [7]], "baseline", ["war"],
         "Left out of the comparison, having no seed in common with baseline: odd."),
    ],
)
def test_the_comparison_is_with_the_baseline_or_says_what_instead(scenarios, seeds, reference, compared,
                                                                   note):
    rows = [{"scenario": s, "seed": seed, **{key: 0.5 for key in READOUTS}}
            for s, its_seeds in zip(scenarios, seeds) for seed in its_seeds]
    plan = report.comparison_plan(pd.DataFrame(rows))
    assert (plan.reference, plan.compared) == (reference, compared)
    assert plan.scenarios[0] == reference and sorted(plan.scenarios) == sorted(scenarios)
    assert plan.notes == ([note] if note else [])


@pytest.mark.parametrize("kind", ["missing", "file", "empty", "gathered_only_subdir"])
def test_sim_report_on_a_bad_path_says_why_and_writes_nothing(tmp_path, capsys, kind):
    path = {
        "missing": tmp_path / "nowhere",
        "file": tmp_path / "notes.txt",
        "empty": tmp_path / "empty",
        "gathered_only_subdir": tmp_path / "sweep" / "gathered",
    }[kind]
    if kind == "file":
        path.write_text("not a run")
    elif kind == "empty":
        path.mkdir()
    elif kind == "gathered_only_subdir":
        path.mkdir(parents=True)
        (path / "summary.parquet").write_bytes(b"")
    before = sorted(tmp_path.rglob("*"))
    with pytest.raises(SystemExit) as exit_:
        report.main([str(path)])
    assert exit_.value.code == 2
    error = capsys.readouterr().err
    assert error.startswith(f"sim-report: {path} ")
    assert {"missing": "does not exist", "file": "is a file", "empty": "holds no finished run",
            "gathered_only_subdir": "holds no finished run"}[kind] in error
    assert "PATH must be a run directory" in error and "or a sweep directory" in error
    assert sorted(tmp_path.rglob("*")) == before


def test_the_reports_doc_names_every_figure_function_and_file():
    text = REPORTS_DOC.read_text()
    functions = [name for name, function in vars(plots).items()
                 if inspect.isfunction(function) and function.__module__ == "sim.plots"
                 and inspect.signature(function).return_annotation == "AnyFigure"]
    assert len(functions) == 10
    missing = [f for f in functions if f"`{f}(" not in text]
    missing += [name for name in [*RUN_FIGURES, "bands", "comparison"] if f"| `{name}` |" not in text]
    assert not missing, "docs/REPORTS.md does not name: " + ", ".join(missing)
