"""The live app (``sim-app``): its sliders against the configuration, its runs against
``sim.compose``, its figures against the model's tables, and the page itself in Chromium."""

from __future__ import annotations

import io
import math
import sys
from collections import Counter
from pathlib import Path
from xml.etree import ElementTree

import numpy as np
import pandas as pd
import pytest
from matplotlib.collections import Collection
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from playwright.sync_api import expect

import sim
from sim import app
from sim.compose import SCENARIOS
from sim.config import get_value
from sim.outputs import TABLES
from tests.browser import (MATPLOTLIB_ID, SVG, browser, drawn_series, free_port, image_source, not_blank,
                           open_page, serve)

# ----------------------------------------------------------------------------- the run


def test_a_partly_run_model_collects_the_months_so_far():
    model = sim.EcosystemModel(sim.default_config())
    model.run_for(5)
    results = sim.collect(model)
    for name in ("adoption", "labs", "open_models", "markets", "policies"):
        assert getattr(results, name)["date"].max() == pd.Timestamp("2022-05-01"), name
    assert results.events["date"].max() <= pd.Timestamp("2022-05-01")
    summary = results.summary.iloc[0]
    assert summary["scenario"] == "baseline"
    assert math.isnan(summary["gs_share_cn_2025_12"]) and math.isnan(summary["china_lag_months_2030_12"])


def test_a_run_goes_month_by_month_as_sim_compose_builds_it_and_stops_at_its_end():
    model = app.ExploredModel("price_war", 3, **{"adoption.price": 0.9})
    assert model.command == "sim scenario=price_war seed=3 adoption.price=0.9"
    reference = sim.EcosystemModel(sim.compose("price_war", ["seed=3", "adoption.price=0.9"]))
    model.run_for(4)
    reference.run_for(4)
    pd.testing.assert_frame_equal(model.results().markets, sim.collect(reference).markets)
    model.run_for(model.end - model.month - 1)
    assert model.running
    model.step()
    assert not model.running and model.month == model.end


# -------------------------------------------------------------------------- the sliders


@pytest.mark.parametrize("lever", app.LEVERS, ids=lambda lever: lever.key)
def test_each_slider_is_a_documented_config_key_starting_at_the_baseline(lever):
    baseline = sim.default_config()
    meta = app.config_field(baseline, lever.key).metadata
    assert (lever.doc, lever.unit, lever.source) == (meta["doc"], meta["unit"], meta["source"])
    assert lever.doc in lever.label and lever.key in lever.label
    assert lever.default == get_value(baseline, lever.key)
    assert lever.low <= lever.default <= lever.high
    steps = (lever.default - lever.low) / lever.step  # the browser rounds a slider to its steps
    assert steps == pytest.approx(round(steps), abs=1e-6)
    assert lever.step <= (lever.high - lever.low) / 100


def test_the_inputs_offer_every_scenario_the_seed_and_each_slider_over_its_range():
    params = app.model_params()
    offered = params["scenario_name"]["values"]
    assert offered[0] == "baseline"
    assert sorted(offered) == sorted(p.stem for p in (SCENARIOS / "scenario").glob("*.yaml"))
    assert params["seed"]["value"] == 0
    for lever in app.LEVERS:
        slider = params[lever.key]
        assert (slider["min"], slider["max"], slider["value"]) == (*app.plausible_range(lever.key).bounds, lever.default)
    assert list(params)[2:] == [lever.key for lever in app.LEVERS]


def test_a_slider_left_at_the_baseline_keeps_the_scenarios_value_and_a_moved_one_overrides_it():
    war = app.LEVER_BY_KEY["pricing.war_intensity"]
    untouched = app.ExploredModel("price_war", 0, **{war.key: war.default + war.step / 3})
    assert untouched.cfg.pricing.war_intensity == sim.compose("price_war").pricing.war_intensity != war.default
    moved = app.ExploredModel("price_war", 0, **{war.key: war.default + war.step})
    assert moved.cfg.pricing.war_intensity == war.default + war.step


# -------------------------------------------------------------------------- the figures


def baseline_after(months: int, **levers) -> app.ExploredModel:
    model = app.ExploredModel("baseline", 0, **levers)
    model.run_for(months)
    return model


def lines(fig) -> dict[str, list[np.ndarray]]:
    """The data of each named line of a figure (a gid drawn twice lists both)."""
    found: dict[str, list[np.ndarray]] = {}
    for line in fig.findobj(Line2D):
        if line.get_gid():
            found.setdefault(line.get_gid(), []).append(np.asarray(line.get_xydata(), dtype=float))
    return found


def shares(drawn: dict[str, list[str]]) -> dict[str, list[str]]:
    """The share lines of a drawn adoption figure (gid ``<panel>|<bloc>|<mode>``), without
    its panels' count texts (``<panel>|count``) or greyed months (``few users|<month>``)."""
    return {gid: paths for gid, paths in drawn.items() if gid.count("|") == 2}


def shown(drawn: dict[str, list[str]]) -> dict[str, list[str]]:
    """The series of ``drawn`` that show data: a line whose months are all hidden has no path data."""
    return {gid: paths for gid, paths in drawn.items() if any(paths)}


def shows_data(fig) -> bool:
    """Whether a figure draws a named series with data: a line with a point drawn, or bars."""
    def data(artist) -> bool:
        if isinstance(artist, Line2D):
            return bool(np.isfinite(np.asarray(artist.get_xydata(), dtype=float)).all(axis=1).any())
        return isinstance(artist, Collection) and len(artist.get_paths()) > 0
    return any(data(artist) for artist in fig.findobj(lambda artist: bool(artist.get_gid())))


def groups(svg: bytes) -> Counter:
    """How many times an SVG draws each named group (series, count text, greyed months)."""
    names = (group.get("id", "") for group in ElementTree.fromstring(svg).iter(f"{SVG}g"))
    return Counter(name for name in names if name and not MATPLOTLIB_ID.fullmatch(name))


def test_a_figure_draws_the_runs_series_and_beside_it_the_baselines_to_the_same_month():
    model = app.ExploredModel("no_export_controls", 0)
    model.run_for(12)
    alone = lines(app.build(app.FRONTIER, model, with_baseline=False))
    assert set(alone) == {"frontier|US", "frontier|CN", "frontier|EU", "frontier|open", "china_lag"}
    paired = lines(app.build(app.FRONTIER, model, with_baseline=True))
    baseline = lines(app.build(app.FRONTIER, baseline_after(12), with_baseline=False))
    assert not np.array_equal(alone["china_lag"][0], baseline["china_lag"][0], equal_nan=True)
    for series, (run,) in alone.items():
        np.testing.assert_array_equal(paired[series][0], run)
        np.testing.assert_array_equal(paired[series][1], baseline[series][0])
        assert len(run) == 12


def test_the_baseline_is_cut_at_the_runs_month():
    cut = app.until(app.baseline_results(0), pd.Timestamp("2023-02-01"))
    for name in TABLES[:-1]:
        assert getattr(cut, name)["date"].max() <= pd.Timestamp("2023-02-01"), name
    assert cut.markets["date"].nunique() == 14


def test_the_adoption_figure_shows_the_global_south():
    model = baseline_after(36)
    south = app.global_south(model.cfg)
    drawn = drawn_series(app.draw(app.ADOPTION, model, with_baseline=False).decode())
    series = shares(drawn)
    panels = {gid.split("|")[0] for gid in series}
    assert "global_south" in panels and panels <= {"global_south", *south}
    assert {f"{panel}|count" for panel in ["global_south", *south]} <= set(drawn)  # how many use a model
    adoption = model.results().adoption
    used = adoption[adoption["region"].isin(south) & (adoption["adopters"] > 0) & (adoption["origin"] != "none")]
    in_use = {f"{origin}|{mode}" for origin, mode in zip(used["origin"].astype(str), used["mode"].astype(str))}
    assert {gid.removeprefix("global_south|") for gid in series if gid.startswith("global_south|")} == in_use
    assert any(gid.startswith("global_south|") for gid in shown(series))  # by 2024-12 enough use a model


@pytest.mark.slow
@pytest.mark.parametrize("scenario", app.scenario_names())
def test_every_scenario_draws_each_figure_or_says_it_has_nothing_yet(scenario):
    model = app.ExploredModel(scenario, 0)
    model.run_for(6)
    results = model.results()
    for page in app.PAGES:
        for figure in page.figures:
            if figure.drawable(results):
                fig = app.build(figure, model, with_baseline=False)
                assert fig.get_suptitle(), figure.name
                if shows_data(fig):
                    continue
                # shares among fewer than plots.MIN_USERS users are hidden: every panel greys
                # the months so far and says how many use a model
                assert figure is app.ADOPTION, figure.name
                named = Counter(artist.get_gid() for artist in fig.findobj(lambda artist: bool(artist.get_gid())))
                panels = [gid for gid in named if gid.endswith("|count")]
                assert panels and named["few users|2022-01"] == len(panels), named
            else:
                assert len(getattr(results, figure.table)) == 0 and figure.nothing_yet
    assert app.FRONTIER.drawable(results) and app.STRATEGIES.drawable(results)


# ----------------------------------------------------------------------------- in Chromium

MONTH = ".run-month"
ADOPTION_IMAGE = "img.figure-adoption"
WAIT_MS = 60_000


@pytest.fixture(scope="module")
def app_url(tmp_path_factory):
    """``sim-app`` serving on a free port of 127.0.0.1 for this module's tests."""
    port = free_port()
    log = tmp_path_factory.mktemp("app") / "server.log"
    command = [str(Path(sys.executable).parent / "sim-app"), "--port", str(port), "--no-open"]
    with serve(command, f"http://127.0.0.1:{port}/", log) as url:
        yield url, log


@pytest.fixture(scope="module")
def chromium():
    with browser() as opened:
        yield opened


def session(chromium, app_url):
    """A new browser session on the app, once its controls are up."""
    page = open_page(chromium, app_url[0])
    expect(page.get_by_role("button", name="Step")).to_be_visible(timeout=WAIT_MS)
    return page


def step(page, month: str) -> None:
    """Press Step (three months) and wait for the run to reach ``month``."""
    page.get_by_role("button", name="Step").click()
    expect(page.locator(MONTH)).to_contain_text(f"Month {month}", timeout=WAIT_MS)


def series_once(page, expected: dict, selector: str = ADOPTION_IMAGE) -> dict:
    """The series a figure of the page draws, once they are ``expected`` (or the last seen)."""
    drawn = {}
    for _ in range(40):
        drawn = drawn_series(image_source(page, selector))
        if drawn == expected:
            break
        page.wait_for_timeout(250)
    return drawn


def test_a_blank_screenshot_is_told_from_a_drawn_one():
    def png(fig) -> bytes:
        buffer = io.BytesIO()
        fig.savefig(buffer, format="png")
        return buffer.getvalue()

    assert not not_blank(png(Figure(figsize=(4, 3))))
    assert not_blank(png(app.build(app.FRONTIER, baseline_after(3), with_baseline=False)))


def test_the_page_loads_offline_with_no_console_errors_and_is_not_blank(chromium, app_url):
    page = session(chromium, app_url)
    expect(page.locator(MONTH)).to_contain_text("Not started")
    expect(page.get_by_text("Press Step")).to_be_visible()
    step(page, "2022-03")
    expect(page.locator(ADOPTION_IMAGE)).to_be_visible(timeout=WAIT_MS)
    assert not_blank(page.screenshot())
    assert not_blank(page.locator(ADOPTION_IMAGE).screenshot())
    assert page.errors == []
    assert "Could not load URL" not in app_url[1].read_text()  # nothing fetched from outside
    page.context.close()


def adoption_series(model: app.ExploredModel) -> dict[str, list[str]]:
    return drawn_series(app.draw(app.ADOPTION, model, with_baseline=False).decode())


def month_name(months: int) -> str:
    """The month (YYYY-MM) a run reaches after ``months`` months."""
    return str(pd.Period("2022-01", "M") + months - 1)


def test_a_moved_slider_and_its_steps_change_what_the_figures_draw(chromium, app_url):
    page = session(chromium, app_url)
    step(page, "2022-03")
    baseline = drawn_series(app.draw(app.ADOPTION, baseline_after(3), with_baseline=False).decode())
    assert series_once(page, baseline) == baseline
    step(page, "2022-06")
    later = drawn_series(app.draw(app.ADOPTION, baseline_after(6), with_baseline=False).decode())
    assert later != baseline and series_once(page, later) == later

    page.locator('[role=slider][aria-label^="adoption.price:"]').press("Home")  # the range's low end
    page.get_by_role("button", name="Reset").click()
    expect(page.locator(MONTH)).to_contain_text("Not started", timeout=WAIT_MS)
    low = app.plausible_range("adoption.price").low
    expect(page.locator(".run-command")).to_have_text(f"sim scenario=baseline seed=0 adoption.price={low}")
    # the first month of a step at which the slider changes the shares drawn (hidden while few use a model)
    ours, theirs = app.ExploredModel("baseline", 0, **{"adoption.price": low}), app.ExploredModel("baseline", 0)
    for months in range(3, 37, 3):
        ours.run_for(3)
        theirs.run_for(3)
        cheap, reference = adoption_series(ours), adoption_series(theirs)
        if shown(shares(cheap)) != shown(shares(reference)):
            break
    else:
        pytest.fail("the lowest adoption.price changes no share drawn in three years")
    for reached in range(3, months + 1, 3):
        step(page, month_name(reached))
    assert shown(shares(cheap)) and series_once(page, cheap) == cheap
    assert page.errors == []
    page.context.close()


def test_two_sessions_do_not_share_a_model(chromium, app_url):
    first, second = session(chromium, app_url), session(chromium, app_url)
    step(first, "2022-03")
    step(first, "2022-06")
    expect(second.locator(MONTH)).to_contain_text("Not started")
    step(second, "2022-03")
    step(first, "2022-09")
    first.get_by_text("Show the baseline beside this run").click()
    first.locator(".v-select").first.click()
    first.get_by_role("option", name="price_war").click()
    first.get_by_role("button", name="Reset").click()
    expect(first.locator(".run-command")).to_have_text("sim scenario=price_war seed=0", timeout=WAIT_MS)
    step(second, "2022-06")
    expect(second.locator(".run-command")).to_have_text("sim scenario=baseline seed=0")
    expect(second.get_by_role("switch")).not_to_be_checked()
    assert first.errors == [] and second.errors == []
    first.context.close()
    second.context.close()


RENDER_STEP = 3
"""Months of one Step, or of one redraw while playing (the app's render interval)."""


def shown_month(page) -> pd.Period:
    """The month the page says the run has reached."""
    return pd.Period(page.locator(MONTH).inner_text().split()[1], "M")


def settled_month(page, hold_ms: int = 3000, within_ms: int = 20_000) -> pd.Period | None:
    """The month the page shows once it has not changed for ``hold_ms``; None if it keeps
    changing for ``within_ms``."""
    month, held = shown_month(page), 0
    for _ in range(within_ms // 250):
        page.wait_for_timeout(250)
        now = shown_month(page)
        held = held + 250 if now == month else 0
        month = now
        if held >= hold_ms:
            return month
    return None


def test_play_runs_month_after_month_until_paused(chromium, app_url):
    page = session(chromium, app_url)
    page.get_by_role("button", name="▶").click()
    expect(page.locator(MONTH)).to_contain_text("Month 2022-09", timeout=WAIT_MS)
    pressed = shown_month(page)
    page.get_by_role("button", name="❚❚").click()
    expect(page.get_by_role("button", name="Step")).to_be_enabled()
    # the step under way when Pause was pressed is still drawn, after the buttons may be
    paused = settled_month(page)
    assert paused is not None, "the month kept advancing after Pause"
    assert 0 <= (paused - pressed).n <= 2 * RENDER_STEP
    page.wait_for_timeout(1500)
    assert shown_month(page) == paused
    assert page.errors == []
    page.context.close()


def test_the_switch_draws_the_baseline_beside_the_run(chromium, app_url):
    page = session(chromium, app_url)
    step(page, "2022-03")
    step(page, "2022-06")  # the first months in which some adopters use a model
    page.get_by_text("Show the baseline beside this run").click()
    model = baseline_after(6)
    svg = app.draw(app.ADOPTION, model, with_baseline=True)
    both = drawn_series(svg.decode())
    series = shares(both)
    assert series and all(len(paths) == 2 for paths in series.values())  # each series in both panels
    alone = groups(app.draw(app.ADOPTION, model, with_baseline=False))
    assert groups(svg) == Counter({name: 2 * times for name, times in alone.items()})  # counts, greyed months
    assert series_once(page, both) == both
    assert page.errors == []
    page.context.close()
