"""The notebook API: composing a scenario (one's own folder included), a sweep through the run
store, and the paired comparison."""

from __future__ import annotations

import numpy as np
import pytest

import sim
from sim import plots
from sim.metrics import summary_column

SMOKE = ["run=smoke"]


def test_compose_finds_a_scenario_in_ones_own_folder(tmp_path):
    (tmp_path / "scenario").mkdir()
    (tmp_path / "scenario" / "mine.yaml").write_text(
        "# @package _global_\nrun:\n  scenario: mine\npricing:\n  war_intensity: 0.6\n")
    mine = sim.compose("mine", SMOKE, scenario_dirs=[tmp_path])
    assert mine == sim.compose("baseline", [*SMOKE, "run.scenario=mine", "pricing.war_intensity=0.6"])


@pytest.mark.parametrize("make,why", [
    (lambda path: path, "it does not exist"),
    (lambda path: path.write_text("not a folder") and path, "a directory laid out like scenarios/"),
])
def test_scenario_dirs_must_be_directories(tmp_path, make, why):
    given = make(tmp_path / "mine")
    with pytest.raises(sim.ConfigError, match=why) as raised:
        sim.compose("baseline", SMOKE, scenario_dirs=[given])
    assert raised.value.key == "scenario_dirs" and raised.value.value == str(given)


def test_an_unknown_scenario_fails():
    with pytest.raises(Exception, match="mine"):
        sim.compose("mine", SMOKE)


def test_a_sweep_gathers_every_run_and_matches_single_runs(tmp_path):
    swept = sim.sweep(["baseline", "price_war"], seeds=[0, 1], overrides=SMOKE, store=tmp_path,
                      backend=sim.local_cores(1), progress=False)
    assert swept.outcome.complete and swept.outcome.ran == 4
    assert sorted(zip(swept.summary["scenario"], swept.summary["seed"])) == [
        ("baseline", 0), ("baseline", 1), ("price_war", 0), ("price_war", 1)]
    one = sim.run(sim.compose("price_war", SMOKE), seed=1).summary
    row = swept.summary[(swept.summary["scenario"] == "price_war") & (swept.summary["seed"] == 1)]
    column = summary_column("gs_share_cn", "2025-12")
    assert row[column].iloc[0] == one[column].iloc[0]
    assert set(swept.markets["run"]) == set(swept.summary["run"])
    again = sim.sweep(["baseline", "price_war"], seeds=[0, 1], overrides=SMOKE, store=tmp_path,
                      backend=sim.local_cores(1), progress=False)
    assert again.outcome.ran == 0 and again.outcome.checked == 4


def test_a_sweep_counts_its_adopters_so_that_its_figures_leave_out_thin_shares(tmp_path):
    """The counts come from the sweep's own adoption table and regions' groups; given them, the
    bands leave out a run's share among users wherever fewer than MIN_USERS use a model."""
    swept = sim.sweep(["baseline"], seeds=[0, 1], overrides=SMOKE, store=tmp_path,
                      backend=sim.local_cores(1), progress=False)
    cfg = sim.compose("baseline", SMOKE)
    assert swept.region_groups == {name: region.group for name, region in cfg.regions.items()}
    counts = swept.adopter_counts()
    one = sim.run(cfg, seed=1)
    users = one.adoption[one.adoption["lab"].astype(str) != "none"].groupby("date")["adopters"].sum()
    world = counts[(counts["seed"] == 1) & (counts["region"] == "world")].set_index("date")["users"]
    assert world.reindex(users.index).tolist() == users.tolist()
    shown = plots.reader_markets(swept.markets, counts)
    thin = shown["users"] < plots.MIN_USERS
    assert thin.any() and (~thin).any()
    assert shown.loc[thin, "share_cn"].isna().all() and shown.loc[~thin, "share_cn"].notna().all()
    figure = plots.outcome_bands(swept.markets, counts=counts)
    assert len(figure.axes) >= len(plots.READOUTS)


def test_a_backend_runs_the_batches_it_is_given(tmp_path):
    seen = []

    class Recording:
        name, workers = "recording", 2

        def map(self, function, tasks):
            tasks = list(tasks)
            seen.extend(batch for (batch,) in tasks)
            return sim.local_cores(1).map(function, tasks)

    swept = sim.sweep(["baseline"], seeds=[0, 1], overrides=SMOKE, store=tmp_path, backend=Recording(),
                      progress=False)
    assert swept.outcome.ran == 2
    assert [batch.number for batch in seen] == [0, 1], "one batch per worker of the backend"
    assert {batch.root for batch in seen} == {str(tmp_path)}


def test_compare_pairs_by_seed(tmp_path):
    swept = sim.sweep(["baseline", "price_war"], seeds=[0, 1, 2], overrides=SMOKE, store=tmp_path,
                      backend=sim.local_cores(1), progress=False)
    table = sim.compare(swept, "baseline")
    row = table[(table["scenario"] == "price_war") & (table["outcome"] == "world_price_index")].iloc[0]
    column = summary_column("world_price_index", "2025-12")
    by_seed = swept.summary.pivot(index="seed", columns="scenario", values=column)
    differences = by_seed["price_war"] - by_seed["baseline"]
    assert row["seeds"] == 3
    assert row["median"] == pytest.approx(np.median(differences))
    assert (row["low_90"], row["high_90"]) == pytest.approx(tuple(np.quantile(differences, [0.05, 0.95])))
