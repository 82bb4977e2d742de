"""The figures draw what their tables say: each series, band, span and marker is checked
against the numbers of the run (or sweep) it was drawn from."""

from __future__ import annotations

import matplotlib.dates as mdates
import numpy as np
import pandas as pd
import pytest
from matplotlib.colors import rgb_to_hsv, to_hex, to_rgb

import sim
from sim import plots
from sim.calendar import month_timestamp
from sim.metrics import HEADLINES, summary_column, summary_months
from sim.observed import OBSERVED, Level, Milestone
from tests.conftest import small_config

DOWNLOAD_FACTS = {"cn_share": OBSERVED["T1"], "cn_passes_us": OBSERVED["T2"],
                  "qwen_passes_llama": OBSERVED["T3"]}
GOVERNMENT_BLOCS = {name: g.bloc for name, g in sim.default_config().governments.items()}
REGION_GROUPS = {name: r.group for name, r in sim.default_config().regions.items()}


@pytest.fixture(scope="module")
def figures(small_results) -> dict:
    """Every figure of the shared small run (baseline, 300 adopters, 2022-01 to 2026-12)."""
    r = small_results
    return {
        "adoption": plots.adoption_by_origin(r.adoption, REGION_GROUPS),
        "downloads": plots.open_downloads(r.open_models, leading=3, **DOWNLOAD_FACTS),
        "frontier": plots.capability_frontier(r.markets),
        "prices": plots.prices(r.labs, r.markets, r.events),
        "strategies": plots.lab_strategies(r.labs, r.events),
        "finances": plots.lab_finances(r.labs),
        "policies": plots.policy_levers(r.policies, GOVERNMENT_BLOCS),
    }


def artist(fig, gid):
    """The one artist of ``fig`` with this gid."""
    found = [a for a in fig.findobj() if a.get_gid() == gid]
    assert len(found) == 1, f"{len(found)} artists with gid {gid!r}"
    return found[0]


def gids(fig, prefix):
    return sorted(a.get_gid() for a in fig.findobj() if (a.get_gid() or "").startswith(prefix))


def assert_series(line, series: pd.Series):
    """The line's points are exactly the series' dates and values (NaN where it has none)."""
    np.testing.assert_array_equal(mdates.date2num(line.get_xdata()),
                                  mdates.date2num(series.index.to_pydatetime()))
    np.testing.assert_allclose(np.asarray(line.get_ydata(), dtype=float), series.to_numpy(dtype=float),
                               equal_nan=True)


def month(text):
    return mdates.date2num(month_timestamp(text))


# ----------------------------------------------------------------------------- shared definitions


def test_headline_series_read_what_the_summary_reports(small_results):
    markets = small_results.markets.set_index(["region", "date"])
    months = summary_months(small_results.summary)
    assert months == ["2026-12"]
    for month in months:
        for key, (_, region, column, _) in HEADLINES.items():
            assert markets.loc[(region, month_timestamp(month)), column] == pytest.approx(
                small_results.summary[summary_column(key, month)].iloc[0], nan_ok=True), key


def test_each_lab_takes_its_blocs_colour_in_its_own_shade(small_results):
    colours = plots.lab_colours(small_results.labs)
    origin = small_results.labs.drop_duplicates("lab").set_index("lab")["origin"].astype(str)
    assert set(colours) == set(origin.index.astype(str))
    assert len(set(colours.values())) == len(colours), "two labs share a colour"
    for lab, colour in colours.items():  # lighter or darker, never another hue
        hue = rgb_to_hsv(to_rgb(plots.BLOC_COLOURS[origin[lab]]))[0]
        assert rgb_to_hsv(to_rgb(colour))[0] == pytest.approx(hue, abs=0.01), lab
    assert colours["mistral"] == plots.BLOC_COLOURS["EU"]  # the only EU lab keeps the bloc's colour


def test_price_war_spans_run_from_a_positive_intensity_to_zero_or_the_end():
    events = pd.DataFrame({  # the structured columns only: no detail to read
        "date": pd.to_datetime(["2024-05-01", "2024-09-01", "2025-01-01", "2026-01-01", "2026-03-01"]),
        "kind": "shock",
        "agent": ["CN", "CN", "CN", "US", "CN"],
        "change": ["price_war", "price_war", "price_war", "price_war", "vc_climate"],
        "value": [1.0, 2.0, 0.0, 1.0, 0.5],
    })
    assert plots.price_war_spans(events, pd.Timestamp("2026-12-01")) == [
        ("CN", pd.Timestamp("2024-05-01"), pd.Timestamp("2025-01-01")),
        ("US", pd.Timestamp("2026-01-01"), pd.Timestamp("2027-01-01")),
    ]


# ----------------------------------------------------------------------------- figures of a run


def test_adoption_draws_each_origin_and_mode_share_per_region_and_for_the_global_south(small_results,
                                                                                      figures):
    adoption, fig = small_results.adoption, figures["adoption"]
    used = adoption[adoption["lab"] != "none"]
    drawn = 0
    for region in adoption["region"].cat.categories:
        shares = (used[used["region"] == region]
                  .groupby(["origin", "mode", "date"], observed=True)["share"].sum())
        for (origin, mode), series in shares.groupby(level=["origin", "mode"], observed=True):
            if not series.any():
                assert not gids(fig, f"{region}|{origin}|{mode}"), "a series at zero is left out"
                continue
            drawn += 1
            line = artist(fig, f"{region}|{origin}|{mode}")
            assert_series(line, series.droplevel(["origin", "mode"]))
            assert line.get_color() == plots.BLOC_COLOURS[origin]
            assert line.get_linestyle() == plots.MODE_STYLES[mode]
    south = adoption[adoption["region"].map(REGION_GROUPS) == "global_south"]
    assert set(south["region"]) == {"AFRICA", "LATAM", "SOUTH_ASIA", "SEA", "MIDDLE_EAST"}
    total = south.groupby("date")["adopters"].sum()
    cn_api = south[(south["origin"] == "CN") & (south["mode"] == "api")].groupby("date")["adopters"].sum()
    assert_series(artist(fig, "Global South|CN|api"), cn_api / total)
    drawn += len(gids(fig, "Global South|"))
    assert len([a for a in fig.findobj() if "|" in str(a.get_gid())]) == drawn
    titles = [ax.get_title() for ax in fig.axes if ax.get_visible()]
    assert titles == [*adoption["region"].cat.categories, "Global South"]


def test_downloads_draw_shares_by_origin_the_leading_families_and_the_dated_targets(small_results, figures):
    open_models, fig = small_results.open_models, figures["downloads"]
    by_origin = open_models.pivot_table(index="date", columns="origin", values="downloads", aggfunc="sum",
                                        observed=True).fillna(0.0)
    total = by_origin.sum(axis=1).where(lambda t: t > 0)
    for bloc in ("US", "CN"):
        assert_series(artist(fig, f"share|{bloc}"), by_origin[bloc] / total)
    assert_series(artist(fig, "share|CN of CN+US"), by_origin["CN"] / (by_origin["CN"] + by_origin["US"]))
    leaders = open_models.groupby("lab", observed=True)["downloads"].sum().nlargest(3).index
    assert gids(fig, "family|") == sorted(f"family|{lab}" for lab in leaders)
    per_lab = open_models.pivot_table(index="date", columns="lab", values="downloads", aggfunc="sum",
                                      observed=True)
    assert_series(artist(fig, f"family|{leaders[0]}"), per_lab[leaders[0]].reindex(total.index) / total)
    t1 = artist(fig, "target|T1")
    np.testing.assert_array_equal(mdates.date2num(t1.get_xdata()), [month("2024-08"), month("2025-08")])
    assert list(t1.get_ydata()) == [OBSERVED["T1"].value] * 2
    assert artist(fig, "target|T2").get_xdata()[0] == pd.Timestamp("2025-11-01")
    t3 = artist(fig, "target|T3")
    assert t3.get_xdata()[0] == pd.Timestamp("2025-09-01")
    assert f"(run {small_results.summary['qwen_overtakes_llama'].iloc[0] or 'never'})" in t3.get_label()


def test_downloads_mark_no_target_the_run_does_not_reach(small_results):
    early = small_results.open_models[small_results.open_models["date"] < "2025-06-01"]
    assert gids(plots.open_downloads(early, **DOWNLOAD_FACTS), "target|") == []  # all end after May 2025


def test_downloads_mark_the_observed_figures_they_are_given_and_no_others(small_results):
    share = Level("X1", "a share observed in the first half of 2023", 0.25, "share", "2023-01", "2023-06")
    crossing = Milestone("X2", "a month Qwen passed Llama", "2024-03", tolerance_months=6.0)
    fig = plots.open_downloads(small_results.open_models, cn_share=share, qwen_passes_llama=crossing)
    assert gids(fig, "target|") == ["target|X1", "target|X2"]
    x1 = artist(fig, "target|X1")
    np.testing.assert_array_equal(mdates.date2num(x1.get_xdata()), [month("2023-01"), month("2023-06")])
    assert list(x1.get_ydata()) == [0.25, 0.25]
    assert artist(fig, "target|X2").get_xdata()[0] == pd.Timestamp("2024-03-01")
    assert gids(plots.open_downloads(small_results.open_models), "target|") == []


def test_frontier_draws_each_blocs_best_capability_and_chinas_lag(small_results, figures):
    world = small_results.markets[small_results.markets["region"] == "world"].set_index("date")
    fig = figures["frontier"]
    for bloc in ("US", "CN", "EU"):
        line = artist(fig, f"frontier|{bloc}")
        assert_series(line, world[f"frontier_{bloc.lower()}"])
        assert line.get_color() == plots.BLOC_COLOURS[bloc]
    assert_series(artist(fig, "frontier|open"), world["frontier_open"])
    assert_series(artist(fig, "china_lag"), world["china_lag_months"])


def test_prices_draw_the_index_each_lab_and_shade_the_price_war(small_results, figures):
    labs, fig = small_results.labs, figures["prices"]
    world = small_results.markets[small_results.markets["region"] == "world"].set_index("date")
    assert_series(artist(fig, "price_index"), world["price_index"])
    for lab in labs["lab"].unique():
        assert_series(artist(fig, f"price|{lab}"), labs[labs["lab"] == lab].set_index("date")["price"])
    shades = [a for a in fig.findobj() if a.get_gid() == "price_war|CN"]
    assert len(shades) == 2, "one shade on each panel"
    end = mdates.date2num(labs["date"].max() + pd.DateOffset(months=1))
    for shade in shades:  # the baseline's Chinese price war: from 2024-05 to the end of the run
        assert (shade.get_x(), shade.get_x() + shade.get_width()) == (month("2024-05"), end)
        assert to_hex(shade.get_facecolor()) == plots.BLOC_COLOURS["CN"]
    assert gids(fig, "price_war|") == ["price_war|CN", "price_war|CN"]


def test_strategy_timeline_covers_each_labs_months_and_marks_every_switch(small_results, figures):
    labs, events, fig = small_results.labs, small_results.events, figures["strategies"]
    ax = fig.axes[0]
    rows = {label.get_text(): i for i, label in enumerate(ax.get_yticklabels())}
    assert set(rows) == set(labs["lab"].astype(str))
    months = labs["date"].unique()
    for lab, history in labs.groupby("lab", observed=True):
        for strategy in ("closed", "hybrid", "open"):
            covered = set()
            for bar in (a for a in fig.findobj() if str(a.get_gid()).startswith(f"{lab}|{strategy}|")):
                (x0, y0), (x1, y1) = bar.get_paths()[0].get_extents().get_points()
                assert (y0 + y1) / 2 == pytest.approx(rows[lab])
                assert to_hex(bar.get_facecolor()[0], keep_alpha=False) == plots.BLOC_COLOURS[
                    str(history["origin"].iloc[0])]
                covered |= {d for d in months if x0 <= mdates.date2num(d) < x1}
            assert covered == set(history.loc[history["strategy"] == strategy, "date"]), (lab, strategy)
    switches = events[events["kind"] == "strategy_switch"]
    imposed = switches["event"].isin(list(small_config().timeline))
    # The default history imposes no strategy (labs decide them all); decided switches must show.
    assert (~imposed).any() and not imposed.any(), "the baseline's switches are all decided"
    for gid, chosen in (("switches|imposed", imposed), ("switches|decided", ~imposed)):
        marker = artist(fig, gid)
        drawn = set(zip(mdates.date2num(marker.get_xdata()), marker.get_ydata()))
        assert drawn == {(mdates.date2num(date), rows[lab])
                         for date, lab in zip(switches[chosen]["date"], switches[chosen]["agent"])}


def test_finances_draw_each_labs_revenue_and_cash(small_results, figures):
    labs, fig = small_results.labs, figures["finances"]
    colours = plots.lab_colours(labs)
    for lab, history in labs.groupby("lab", observed=True):
        for column in ("revenue", "cash"):
            line = artist(fig, f"{column}|{lab}")
            assert_series(line, history.set_index("date")[column])
            assert line.get_color() == colours[lab]


def test_policy_levers_draw_the_governments_that_used_them_in_their_blocs_colour(small_results, figures):
    policies, fig = small_results.policies, figures["policies"]
    for column in ("export_control", "spent"):
        used = sorted(policies.loc[policies[column] > 0, "government"].unique())
        assert gids(fig, f"{column}|") == sorted(f"{column}|{g}" for g in used)
        for government in used:
            line = artist(fig, f"{column}|{government}")
            assert_series(line, policies[policies["government"] == government].set_index("date")[column])
            assert line.get_color() == plots.BLOC_COLOURS[GOVERNMENT_BLOCS[government] or "none"]
    assert gids(fig, "export_control|") == ["export_control|us"]


def test_a_governments_colour_is_its_blocs_whatever_its_name(small_results):
    blocs = {**GOVERNMENT_BLOCS, "us": "EU"}  # a government named like one bloc, of another
    line = artist(plots.policy_levers(small_results.policies, blocs), "export_control|us")
    assert line.get_color() == plots.BLOC_COLOURS["EU"]


def test_every_figure_states_its_subject_and_dates_its_time_axis(figures):
    for name, fig in figures.items():
        assert fig.get_suptitle(), name
        bottom = [ax for ax in fig.axes if ax.get_visible()][-1]
        years = [t.get_text() for t in bottom.get_xticklabels()]
        assert years == [str(y) for y in range(2022, 2027)], name
        labelled = [ax for ax in fig.axes if ax.get_ylabel()]
        assert name == "strategies" or fig.axes[0] in labelled, f"{name}: its first panel names its unit"


# ----------------------------------------------------------------------------- figures of a sweep


def fake_sweep() -> tuple[pd.DataFrame, pd.DataFrame]:
    """Gathered markets and summary of 2 scenarios x 5 seeds with known values."""
    rng = np.random.default_rng(1)
    dates = pd.date_range("2025-01-01", periods=6, freq="MS")
    markets, summary = [], []
    for scenario, shift in (("baseline", 0.0), ("surge", 0.1)):
        for seed in range(5):
            noise = rng.normal(0, 0.05, len(dates))
            run = {"run": f"{scenario}/{seed}", "scenario": scenario, "seed": seed}
            for region in ("global_south", "world"):
                markets.append(pd.DataFrame({
                    **run, "date": dates, "region": region, "share_cn": 0.3 + shift + noise,
                    "share_open": 0.4 + noise, "china_lag_months": 7 - 10 * shift + noise,
                    "price_index": 5 + noise,
                }))
            outcomes = {summary_column(key, "2025-06"): shift * (seed + 1) + rng.normal() for key in HEADLINES}
            summary.append({**run, **outcomes})
    return pd.concat(markets, ignore_index=True), pd.DataFrame(summary)


def test_bands_are_the_quantiles_across_runs_of_each_scenario():
    markets, _ = fake_sweep()
    fig = plots.outcome_bands(markets, ["baseline", "surge"])
    for scenario in ("baseline", "surge"):
        runs = markets[(markets["scenario"] == scenario) & (markets["region"] == "global_south")]
        wide = runs.pivot(index="date", columns="run", values="share_cn")
        assert_series(artist(fig, f"gs_share_cn|{scenario}|median"), wide.median(axis=1))
        for level in (0.5, 0.9):
            vertices = artist(fig, f"gs_share_cn|{scenario}|{round(level * 100)}").get_paths()[0].vertices
            low, high = wide.quantile((1 - level) / 2, axis=1), wide.quantile((1 + level) / 2, axis=1)
            for x, lo, hi in zip(mdates.date2num(wide.index.to_pydatetime()), low, high):
                at = vertices[np.isclose(vertices[:, 0], x)][:, 1]  # the band's edges at this date
                assert np.isclose(at, lo).any() and np.isclose(at, hi).any()
    assert len(gids(fig, "gs_share_cn|")) == 2 * 3


def test_comparison_shows_each_scenarios_difference_from_the_reference_seed_by_seed():
    _, summary = fake_sweep()
    fig = plots.scenario_comparison(summary, "baseline")
    base = summary[summary["scenario"] == "baseline"].set_index("seed")
    surge = summary[summary["scenario"] == "surge"].set_index("seed")
    for key in HEADLINES:
        column = summary_column(key, "2025-06")
        differences = (surge[column] - base[column]).to_numpy()
        assert artist(fig, f"{key}|surge|median").get_xdata()[0] == pytest.approx(np.median(differences))
        for level in (0.5, 0.9):
            bounds = tuple(artist(fig, f"{key}|surge|{round(level * 100)}").get_xdata())
            expected = np.quantile(differences, [(1 - level) / 2, (1 + level) / 2])
            assert bounds == pytest.approx(tuple(expected))
    assert not gids(fig, "gs_share_cn|baseline")


def test_paired_differences_keep_only_seeds_the_reference_also_ran():
    _, summary = fake_sweep()
    summary = summary[~((summary["scenario"] == "baseline") & (summary["seed"] == 4))]
    differences = plots.paired_differences(summary, "baseline", "2025-06")
    assert sorted(differences["seed"]) == [0, 1, 2, 3]
    one = summary.set_index(["scenario", "seed"])["gs_share_cn_2025_06"]
    difference = differences.set_index("seed").loc[2, "gs_share_cn"]
    assert difference == pytest.approx(one[("surge", 2)] - one[("baseline", 2)])
