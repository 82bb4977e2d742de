"""The figures draw what their tables say: each series, band, span, marker and label is
checked against the numbers of the run (or sweep) it was drawn from."""

from __future__ import annotations

import json

import matplotlib.dates as mdates
import numpy as np
import pandas as pd
import pytest
from matplotlib.colors import rgb_to_hsv, to_hex, to_rgb
from matplotlib.lines import Line2D

import sim
from sim import plots
from sim.calendar import month_timestamp
from sim.metrics import HEADLINES, summary_column, summary_months
from sim.observed import OBSERVED, Level, Milestone
from sim.runs import config_record
from tests.conftest import small_config

DOWNLOAD_FACTS = {"cn_share": OBSERVED["T1"], "cn_passes_us": OBSERVED["T2"],
                  "qwen_passes_llama": OBSERVED["T3"]}
CONFIG = sim.default_config()
NAMES = plots.Names.of(CONFIG)
GOVERNMENT_BLOCS = {name: g.bloc for name, g in CONFIG.governments.items()}
REGION_GROUPS = {name: r.group for name, r in CONFIG.regions.items()}
SOUTH = [name for name, group in REGION_GROUPS.items() if group == "global_south"]


@pytest.fixture(scope="module")
def figures(small_results) -> dict:
    """Every figure of the shared small run (baseline, 300 adopters, 2022-01 to 2026-12)."""
    r = small_results
    return {
        "overview": plots.adoption_overview(r.markets, r.adoption, REGION_GROUPS, ["2025-12", "2026-12"], NAMES),
        "adoption": plots.adoption_by_origin(r.adoption, REGION_GROUPS, names=NAMES),
        "downloads": plots.open_downloads(r.open_models, leading=3, names=NAMES, **DOWNLOAD_FACTS),
        "frontier": plots.capability_frontier(r.markets),
        "prices": plots.prices(r.labs, r.markets, r.events, names=NAMES),
        "strategies": plots.lab_strategies(r.labs, r.events, names=NAMES),
        "finances": plots.lab_finances(r.labs, names=NAMES),
        "policies": plots.policy_levers(r.policies, GOVERNMENT_BLOCS, names=NAMES),
    }


@pytest.fixture(scope="module")
def reader(small_results) -> pd.DataFrame:
    counts = plots.adopter_counts(small_results.adoption, REGION_GROUPS)
    return plots.reader_markets(small_results.markets, counts)


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


def region_rows(reader, region):
    return reader[reader["region"] == region].set_index("date")


# ----------------------------------------------------------------------------- shared definitions


def test_headline_series_read_what_the_summary_reports(small_results):
    markets = small_results.markets.set_index(["region", "date"])
    months = summary_months(small_results.summary)
    assert months == ["2026-12"]
    for month_ in months:
        for key, (_, region, column, _) in HEADLINES.items():
            assert markets.loc[(region, month_timestamp(month_)), column] == pytest.approx(
                small_results.summary[summary_column(key, month_)].iloc[0], nan_ok=True), key


def test_the_reports_outcomes_are_the_summarys_where_they_share_a_name(small_results):
    counts = plots.adopter_counts(small_results.adoption, REGION_GROUPS)
    values = plots.outcome_values(small_results.markets, "2026-12", counts).iloc[0]
    shared = [key for key in plots.READOUTS if key in HEADLINES]
    assert shared == ["gs_share_cn", "world_share_cn", "china_lag_months", "world_price_index"]
    for key in shared:
        assert values[key] == pytest.approx(small_results.summary[summary_column(key, "2026-12")].iloc[0]), key
    assert values["gs_adopting"] == pytest.approx(small_results.summary["gs_adopting_2026_12"].iloc[0])
    open_share = small_results.summary["gs_share_open_2026_12"].iloc[0]
    assert values["gs_open_api"] + values["gs_self_hosted"] == pytest.approx(open_share), \
        "the open share, split into API use and self-hosting"


def test_every_share_names_its_base():
    assert {share.base for share in plots.SHARES.values()} == {plots.ALL_ADOPTERS, plots.USERS}
    for key, readout in plots.READOUTS.items():
        assert (readout.base != "") == (readout.unit == "share"), key


def test_counts_sum_the_adoption_table_per_region_group_and_world(small_results):
    adoption = small_results.adoption
    counts = plots.adopter_counts(adoption, REGION_GROUPS).set_index(["region", "date"])
    date = adoption["date"].max()
    now = adoption[adoption["date"] == date]
    using = now[now["lab"] != "none"]
    for region, members in (("AFRICA", ["AFRICA"]), ("global_south", SOUTH), ("world", list(REGION_GROUPS))):
        row = counts.loc[(region, date)]
        assert row["adopters"] == now.loc[now["region"].isin(members), "adopters"].sum(), region
        assert row["users"] == using.loc[using["region"].isin(members), "adopters"].sum(), region
    assert set(counts.index.get_level_values("region")) == {*REGION_GROUPS, "global_north", "china",
                                                            "global_south", "world"}


def test_shares_among_users_are_masked_where_too_few_use_a_model_and_add_up_elsewhere(reader):
    few = reader["users"] < plots.MIN_USERS
    assert few.any() and (~few).any(), "the small run should start with too few users and end with enough"
    among_users = [c for c, share in plots.SHARES.items() if share.base == plots.USERS]
    assert reader.loc[few, among_users].isna().all().all()
    assert reader.loc[~few, among_users].notna().all().all()
    assert reader["adopting"].notna().all(), "a share of all adopters needs no mask"
    enough = reader[~few]
    np.testing.assert_allclose(enough[list(plots.ACCESS_SHARES)].sum(axis=1), 1.0)
    np.testing.assert_allclose(enough[list(plots.ORIGIN_SHARES)].sum(axis=1), 1.0)
    np.testing.assert_allclose(enough["open_api"] + enough["self_hosted"], enough["share_open"])


def test_names_come_from_the_configuration_and_keys_without_one_stay_as_they_are():
    assert NAMES.lab("openai") == "OpenAI" and NAMES.region("SOUTH_ASIA") == "South Asia"
    assert NAMES.family("alibaba") == "Qwen (Alibaba)" and NAMES.family("deepseek") == "DeepSeek"
    assert NAMES.government("africa") == "Africa" and NAMES.agent("huawei_cloud") == "Huawei Cloud"
    assert NAMES.region("global_south") == "Global South" and NAMES.agent("CN") == "Chinese labs"
    assert NAMES.lab("new_lab") == "new_lab"
    saved = plots.Names.of(json.loads(json.dumps(config_record(CONFIG))))  # as a run's saved config has them
    assert saved == NAMES


def test_each_lab_takes_its_blocs_colour_in_its_own_shade(small_results):
    colours = plots.lab_colours(small_results.labs)
    origin = small_results.labs.drop_duplicates("lab").set_index("lab")["origin"].astype(str)
    assert set(colours) == set(origin.index.astype(str))
    assert len(set(colours.values())) == len(colours), "two labs share a colour"
    for lab, colour in colours.items():  # lighter or darker, never another hue
        hue = rgb_to_hsv(to_rgb(plots.BLOC_COLOURS[origin[lab]]))[0]
        assert rgb_to_hsv(to_rgb(colour))[0] == pytest.approx(hue, abs=0.01), lab
    assert colours["mistral"] == plots.BLOC_COLOURS["EU"]  # the only EU lab keeps the bloc's colour


def test_labs_of_one_bloc_differ_in_line_style_as_well_as_shade():
    labs = pd.DataFrame({"lab": [f"lab{i}" for i in range(24)], "origin": ["US", "CN", "EU"] * 8})
    styles = plots.lab_styles(labs)
    for bloc in ("US", "CN", "EU"):
        members = labs.loc[labs["origin"] == bloc, "lab"].tolist()
        dashes = [styles[lab]["linestyle"] for lab in members]
        assert all(a != b for a, b in zip(dashes, dashes[1:])), "neighbouring shades share their dashes"
        assert len({(styles[lab]["color"], str(styles[lab]["linestyle"])) for lab in members}) == len(members)


def test_labels_are_spread_at_least_a_gap_apart_and_keep_their_order():
    placed = plots._spread([0.5, 0.51, 0.2, 0.99, 0.98], gap=0.05)
    order = np.argsort([0.5, 0.51, 0.2, 0.99, 0.98], kind="stable")
    ordered = np.asarray(placed)[order]
    assert np.all(np.diff(ordered) >= 0.05 - 1e-12) and max(placed) <= 1.0
    assert plots._spread([0.1, 0.6], gap=0.05) == [0.1, 0.6], "labels apart already stay where they are"


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


def test_the_overview_draws_the_summarys_shares_and_marks_their_values(small_results, reader, figures):
    fig = figures["overview"]
    for region in ("global_south", "world"):
        rows = region_rows(reader, region)
        for column in ("adopting", "share_cn", "share_us", "closed_api", "open_api", "self_hosted"):
            assert_series(artist(fig, f"{region}|{column}"), rows[column])
        for month_ in ("2025-12", "2026-12"):
            value = rows.loc[month_timestamp(month_), "share_cn"]
            if np.isnan(value):  # too few users then: no share, no dot
                assert not gids(fig, f"{region}|share_cn|{month_}")
                continue
            dot = artist(fig, f"{region}|share_cn|{month_}")
            assert dot.get_ydata()[0] == pytest.approx(value)
            assert artist(fig, f"value|{region}|share_cn|{month_}").get_text() == plots.format_value(value, "share")
        users, adopters = rows.loc[month_timestamp("2026-12"), ["users", "adopters"]]
        count = artist(fig, f"value|{region}|adopting|2026-12").get_text()
        assert count.endswith(f"{int(users):,} of {int(adopters):,} adopters")
    values = plots.outcome_values(small_results.markets, "2026-12",
                                  plots.adopter_counts(small_results.adoption, REGION_GROUPS)).iloc[0]
    text = artist(fig, "value|global_south|self_hosted|2026-12").get_text()
    assert text == plots.format_value(values["gs_self_hosted"], "share"), "the figure shows the table's number"


def test_the_overview_greys_exactly_the_months_with_too_few_users(reader, figures):
    fig = figures["overview"]
    rows = region_rows(reader, "global_south")
    panel = artist(fig, "global_south|share_cn").axes
    spans = [a for a in panel.patches if str(a.get_gid()).startswith("few users|")]
    greyed = {d for d in rows.index for span in spans
              if span.get_x() <= mdates.date2num(d) < span.get_x() + span.get_width()}
    assert greyed and greyed == set(rows.index[rows["users"] < plots.MIN_USERS])


def test_adoption_draws_each_origin_and_mode_share_among_users_per_region_and_for_the_global_south(
        small_results, figures):
    adoption, fig = small_results.adoption, figures["adoption"]
    used = adoption[adoption["lab"] != "none"]
    drawn = 0
    for region in adoption["region"].cat.categories:
        users = used[used["region"] == region].groupby("date")["adopters"].sum()
        base = users.where(users >= plots.MIN_USERS)
        counts = (used[used["region"] == region]
                  .groupby(["origin", "mode", "date"], observed=True)["adopters"].sum())
        for (origin, mode), series in counts.groupby(level=["origin", "mode"], observed=True):
            if not series.any():
                assert not gids(fig, f"{region}|{origin}|{mode}"), "a series at zero is left out"
                continue
            drawn += 1
            line = artist(fig, f"{region}|{origin}|{mode}")
            assert_series(line, series.droplevel(["origin", "mode"]) / base)
            assert line.get_color() == plots.BLOC_COLOURS[origin]
            assert line.get_linestyle() == plots.MODE_STYLES[mode]
    south = used[used["region"].isin(SOUTH)]
    users = south.groupby("date")["adopters"].sum()
    cn_api = south[(south["origin"] == "CN") & (south["mode"] == "api")].groupby("date")["adopters"].sum()
    assert_series(artist(fig, "global_south|CN|api"), cn_api / users.where(users >= plots.MIN_USERS))
    drawn += len(gids(fig, "global_south|")) - 1  # less the panel's count
    series = [a for a in fig.findobj() if str(a.get_gid()).count("|") == 2 and "few users" not in a.get_gid()]
    assert len(series) == drawn
    titles = [ax.get_title() for ax in fig.axes if ax.get_visible()]
    assert titles == [NAMES.region(r) for r in adoption["region"].cat.categories] + ["Global South"]
    last = adoption["date"].max()
    africa = adoption[(adoption["region"] == "AFRICA") & (adoption["date"] == last)]
    assert artist(fig, "AFRICA|count").get_text().startswith(
        f"{africa.loc[africa['lab'] != 'none', 'adopters'].sum():,} of {africa['adopters'].sum():,} use a model")


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
    assert artist(fig, f"family|{leaders[0]}").get_label() == NAMES.family(leaders[0])
    per_lab = open_models.pivot_table(index="date", columns="lab", values="downloads", aggfunc="sum",
                                      observed=True)
    assert_series(artist(fig, f"family|{leaders[0]}"), per_lab[leaders[0]].reindex(total.index) / total)
    t1 = artist(fig, "target|T1")
    np.testing.assert_array_equal(mdates.date2num(t1.get_xdata()), [month("2024-08"), month("2025-08")])
    assert list(t1.get_ydata()) == [OBSERVED["T1"].value] * 2
    assert artist(fig, "target|T2").get_xdata()[0] == pd.Timestamp("2025-11-01")
    t3 = artist(fig, "target|T3")
    assert t3.get_xdata()[0] == pd.Timestamp("2025-09-01")
    ran = small_results.summary["qwen_overtakes_llama"].iloc[0]
    verdict = "a hit" if OBSERVED["T3"].hit(ran) else "a miss"
    assert f"(run {ran or 'never'}: {verdict})" in t3.get_label() and "Qwen passes Llama" in t3.get_label()


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
    assert "a miss" in artist(fig, "target|X2").get_label(), "Qwen does not pass Llama by 2024-09 in this run"
    assert gids(plots.open_downloads(small_results.open_models), "target|") == []


def test_a_milestone_is_a_hit_within_its_tolerance_and_a_miss_beyond_or_never():
    seen = Milestone("X", "a month", "2025-06", tolerance_months=6.0)
    assert seen.hit("2025-12") and seen.hit("2024-12") and seen.hit("2025-06")
    assert not seen.hit("2026-01") and not seen.hit("2024-11") and not seen.hit("")
    assert seen.months_off("2024-09") == -9


def test_frontier_draws_each_blocs_best_capability_and_chinas_lag(small_results, figures):
    world = small_results.markets[small_results.markets["region"] == "world"].set_index("date")
    fig = figures["frontier"]
    for bloc in ("US", "CN", "EU"):
        line = artist(fig, f"frontier|{bloc}")
        assert_series(line, world[f"frontier_{bloc.lower()}"])
        assert line.get_color() == plots.BLOC_COLOURS[bloc]
    assert_series(artist(fig, "frontier|open"), world["frontier_open"])
    assert_series(artist(fig, "china_lag"), world["china_lag_months"])


def test_prices_draw_the_index_and_each_lab_in_its_blocs_panel_named_at_its_end(small_results, figures):
    labs, fig = small_results.labs, figures["prices"]
    world = small_results.markets[small_results.markets["region"] == "world"].set_index("date")
    assert_series(artist(fig, "price_index"), world["price_index"])
    origin = labs.drop_duplicates("lab").set_index("lab")["origin"].astype(str)
    for lab in labs["lab"].unique():
        line = artist(fig, f"price|{lab}")
        assert_series(line, labs[labs["lab"] == lab].set_index("date")["price"])
        assert line.axes.get_title(loc="left") == f"{plots.BLOC_NAMES[origin[lab]]} labs' API list prices"
        assert line.axes.get_yscale() == "log"
        label = artist(fig, f"label|price|{lab}")
        assert label.get_text() == NAMES.lab(lab) and label.get_color() == line.get_color()
    shades = [a for a in fig.findobj() if a.get_gid() == "price_war|CN"]
    assert {shade.axes.get_title(loc="left") for shade in shades} == {
        "Mean API price paid (world, weighted by tokens)", "Chinese labs' API list prices"}
    wars = small_results.events[small_results.events["change"] == "price_war"]
    ended = wars.loc[wars["value"] == 0, "date"]
    assert len(ended) == 1 and ended.iloc[0] < labs["date"].max(), "the war ends by the model's rule"
    end = mdates.date2num(ended.iloc[0])
    for shade in shades:  # the baseline's Chinese price war: from 2024-05 to the month it ends
        assert (shade.get_x(), shade.get_x() + shade.get_width()) == (month("2024-05"), end)
        assert to_hex(shade.get_facecolor()) == plots.BLOC_COLOURS["CN"]


def test_direct_labels_of_a_panel_do_not_overlap(figures):
    fig = figures["prices"]
    fig.canvas.draw()
    by_panel = {}
    for label in (a for a in fig.findobj() if str(a.get_gid()).startswith("label|price|")):
        by_panel.setdefault(label.axes, []).append(label.get_window_extent())
    assert len(by_panel) == 3, "a panel per bloc"
    for boxes in by_panel.values():
        for i, one in enumerate(boxes):
            for other in boxes[i + 1:]:
                assert min(one.y1, other.y1) - max(one.y0, other.y0) <= 1.0, "two labels overlap"


def test_strategy_timeline_covers_each_labs_months_and_marks_every_switch(small_results, figures):
    labs, events, fig = small_results.labs, small_results.events, figures["strategies"]
    ax = fig.axes[0]
    rows = {label.get_text(): i for i, label in enumerate(ax.get_yticklabels())}
    assert set(rows) == {NAMES.lab(lab) for lab in labs["lab"].astype(str)}
    months = labs["date"].unique()
    for lab, history in labs.groupby("lab", observed=True):
        for strategy in ("closed", "hybrid", "open"):
            covered = set()
            for bar in (a for a in fig.findobj() if str(a.get_gid()).startswith(f"{lab}|{strategy}|")):
                (x0, y0), (x1, y1) = bar.get_paths()[0].get_extents().get_points()
                assert (y0 + y1) / 2 == pytest.approx(rows[NAMES.lab(lab)])
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
        assert drawn == {(mdates.date2num(date), rows[NAMES.lab(lab)])
                         for date, lab in zip(switches[chosen]["date"], switches[chosen]["agent"])}


def test_finances_draw_each_labs_revenue_and_cash_on_log_axes(small_results, figures):
    labs, fig = small_results.labs, figures["finances"]
    styles = plots.lab_styles(labs)
    for lab, history in labs.groupby("lab", observed=True):
        for column in ("revenue", "cash"):
            line = artist(fig, f"{column}|{lab}")
            assert_series(line, history.set_index("date")[column])
            assert line.get_color() == styles[lab]["color"] and line.axes.get_yscale() == "log"
            if (history[column] > 0).any():
                assert artist(fig, f"label|{column}|{lab}").get_text() == NAMES.lab(lab)
            else:  # a lab without its own API earns nothing, and draws nothing on a log axis
                assert gids(fig, f"label|{column}|{lab}") == []
    assert (labs.groupby("lab", observed=True)["revenue"].max() > 0).any(), "some lab earns"
    silent = str(labs["lab"].iloc[0])  # the same run with one lab earning nothing: no line end to name
    quiet = plots.lab_finances(labs.assign(revenue=labs["revenue"].where(labs["lab"] != silent, 0.0)), names=NAMES)
    assert gids(quiet, f"label|revenue|{silent}") == [] and gids(quiet, f"label|cash|{silent}") != []


def test_policy_levers_draw_the_governments_that_used_them_in_their_blocs_colour(small_results, figures):
    policies, fig = small_results.policies, figures["policies"]
    for column in ("export_control", "spent"):
        used = sorted(policies.loc[policies[column] > 0, "government"].unique())
        assert gids(fig, f"{column}|") == sorted(f"{column}|{g}" for g in used)
        for government in used:
            line = artist(fig, f"{column}|{government}")
            assert_series(line, policies[policies["government"] == government].set_index("date")[column])
            assert line.get_color() == plots.BLOC_COLOURS[GOVERNMENT_BLOCS[government] or "none"]
            assert line.get_label() == NAMES.government(government)
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


def test_no_line_lies_on_the_frame(figures):
    """Every drawn value sits strictly inside its axes' y limits (a share of 0 or 100% too)."""
    for name, fig in figures.items():
        for ax in fig.axes:
            low, high = sorted(ax.get_ylim())
            for line in ax.lines:
                y = np.asarray(line.get_ydata(), dtype=float)
                y = y[np.isfinite(y) & ((y > 0) if ax.get_yscale() == "log" else True)]
                if len(y) and ax.get_yscale() == "linear":
                    assert low < y.min() and y.max() < high, f"{name}: {line.get_gid()} touches the frame"


# ----------------------------------------------------------------------------- figures of a sweep


def fake_sweep() -> tuple[pd.DataFrame, pd.DataFrame]:
    """Gathered markets and counts of 2 scenarios x 5 seeds with known values; the first
    month has too few users in every run, the second in two runs of each scenario."""
    rng = np.random.default_rng(1)
    dates = pd.date_range("2025-01-01", periods=6, freq="MS")
    markets, counts = [], []
    for scenario, shift in (("baseline", 0.0), ("surge", 0.1)):
        for seed in range(5):
            noise = rng.normal(0, 0.05, len(dates))
            run = {"run": f"{scenario}/{seed}", "scenario": scenario, "seed": seed}
            users = np.full(len(dates), 100)
            users[0] = 5
            users[1] = 10 if seed < 2 else 100
            for region in ("global_south", "world"):
                markets.append(pd.DataFrame({
                    **run, "date": dates, "region": region, "adopting": users / 200, "share_cn": 0.3 + shift + noise,
                    "share_us": 0.7 - shift - noise, "share_eu": 0.0, "share_open": 0.4 + noise,
                    "share_self_hosted": 0.05 + noise / 10, "china_lag_months": 7 - 10 * shift + noise,
                    "price_index": 5 + noise,
                }))
                counts.append(pd.DataFrame({**run, "date": dates, "region": region, "adopters": 200,
                                            "users": users}))
    return pd.concat(markets, ignore_index=True), pd.concat(counts, ignore_index=True)


def test_bands_are_the_quantiles_across_runs_of_each_scenario_with_too_few_users_left_out():
    markets, counts = fake_sweep()
    fig = plots.outcome_bands(markets, ["baseline", "surge"], counts)
    for scenario in ("baseline", "surge"):
        runs = markets[(markets["scenario"] == scenario) & (markets["region"] == "global_south")]
        wide = runs.pivot(index="date", columns="run", values="share_cn")
        wide.iloc[0] = np.nan  # too few users in every run: no median
        wide.iloc[1, :2] = np.nan  # in two runs of five: the other three make the median
        median = artist(fig, f"gs_share_cn|{scenario}|median")
        assert_series(median, wide.median(axis=1).where(wide.notna().sum(axis=1) > 0))
        for level in (0.5, 0.9):
            vertices = artist(fig, f"gs_share_cn|{scenario}|{round(level * 100)}").get_paths()[0].vertices
            low, high = wide.quantile((1 - level) / 2, axis=1), wide.quantile((1 + level) / 2, axis=1)
            for x, lo, hi in list(zip(mdates.date2num(wide.index.to_pydatetime()), low, high))[1:]:
                at = vertices[np.isclose(vertices[:, 0], x)][:, 1]  # the band's edges at this date
                assert np.isclose(at, lo).any() and np.isclose(at, hi).any()
    assert len(gids(fig, "gs_share_cn|")) == 2 * 3
    assert len(gids(fig, "gs_self_hosted|")) == 2 * 3, "every outcome of the report has its panel"


def test_a_date_where_fewer_than_half_the_runs_have_a_value_has_no_quantiles():
    frame = pd.DataFrame({"date": [1, 1, 1, 1, 2, 2, 2, 2], "x": [np.nan, np.nan, np.nan, 0.5, 1, 2, 3, 4]})
    quantiles = plots.quantiles_over_runs(frame, "x")
    assert quantiles.loc[1].isna().all() and quantiles.loc[2, 0.5] == 2.5


def test_comparison_shows_each_scenarios_difference_from_the_reference_seed_by_seed():
    markets, counts = fake_sweep()
    fig = plots.scenario_comparison(markets, "baseline", "2025-06", counts)
    at = markets[(markets["date"] == "2025-06-01")]
    for key, readout in plots.READOUTS.items():
        if readout.column in ("adopting", "share_cn", "china_lag_months", "price_index"):
            rows = at[at["region"] == readout.region]
            base = rows[rows["scenario"] == "baseline"].set_index("seed")[readout.column]
            surge = rows[rows["scenario"] == "surge"].set_index("seed")[readout.column]
            differences = (surge - base).to_numpy()
            assert artist(fig, f"{key}|surge|median").get_xdata()[0] == pytest.approx(np.median(differences))
            for level in (0.5, 0.9):
                bounds = tuple(artist(fig, f"{key}|surge|{round(level * 100)}").get_xdata())
                expected = np.quantile(differences, [(1 - level) / 2, (1 + level) / 2])
                assert bounds == pytest.approx(tuple(expected))
    assert not gids(fig, "gs_share_cn|baseline")


def test_paired_differences_keep_only_seeds_the_reference_also_ran():
    markets, counts = fake_sweep()
    values = plots.outcome_values(markets, "2025-06", counts)
    values = values[~((values["scenario"] == "baseline") & (values["seed"] == 4))]
    differences = plots.paired_differences(values, "baseline")
    assert sorted(differences["seed"]) == [0, 1, 2, 3]
    one = values.set_index(["scenario", "seed"])["gs_share_cn"]
    difference = differences.set_index("seed").loc[2, "gs_share_cn"]
    assert difference == pytest.approx(one[("surge", 2)] - one[("baseline", 2)])


def test_twenty_four_labs_stay_apart_and_each_is_named_once():
    """A roster of 24 labs (8 a bloc): every lab gets its own line style in its bloc's
    panel, and its name at its line's end, no two names overlapping."""
    months = pd.date_range("2022-01-01", periods=24, freq="MS")
    rng = np.random.default_rng(3)
    labs = pd.DataFrame([
        {"date": date, "lab": f"lab{i:02d}", "origin": ("US", "CN", "EU")[i % 3], "strategy": "closed",
         "price": float(np.exp(rng.normal(i / 8, 0.1))), "revenue": 0.01 * (i + 1), "cash": 1.0 + i}
        for i in range(24) for date in months
    ])
    names = plots.Names(labs={f"lab{i:02d}": f"Lab number {i}" for i in range(24)})
    fig = plots.lab_finances(labs, names=names)
    fig.canvas.draw()
    labels = [a for a in fig.findobj() if str(a.get_gid()).startswith("label|revenue|")]
    assert sorted(label.get_text() for label in labels) == sorted(names.labs.values())
    by_panel = {}
    for label in labels:
        by_panel.setdefault(label.axes, []).append(label.get_window_extent())
    assert len(by_panel) == 3 and all(len(boxes) == 8 for boxes in by_panel.values())
    for boxes in by_panel.values():
        for i, one in enumerate(boxes):
            for other in boxes[i + 1:]:
                assert min(one.y1, other.y1) - max(one.y0, other.y0) <= 1.0, "two labels overlap"
    styles = {(line.get_color(), str(line.get_linestyle())) for line in fig.findobj(Line2D)
              if str(line.get_gid()).startswith("revenue|")}
    assert len(styles) == 24, "no two labs look alike"
