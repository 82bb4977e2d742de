"""The whole model: output contract, invariants, determinism, timeline, agents as views."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import sim
from sim.agents import Adopter, Lab
from sim.vocabulary import USD_TO_BILLION
from sim.world import NO_CHOICE, World
from tests.conftest import small_config

CONTRACT = {
    "adoption": ["date", "region", "lab", "origin", "mode", "adopters", "share"],
    "labs": ["date", "lab", "origin", "strategy", "licence", "capability", "compute", "price", "revenue", "cash"],
    "open_models": ["date", "lab", "origin", "downloads", "derivatives"],
    "markets": ["date", "region", "share_cn", "share_open", "price_index", "frontier_us", "frontier_cn",
                "china_lag_months", "hhi"],
    "events": ["date", "kind", "agent", "detail"],
    "summary": ["scenario", "seed"],
}


def test_every_output_table_has_its_contract_columns(small_results):
    for table, columns in CONTRACT.items():
        frame = getattr(small_results, table)
        assert set(columns) <= set(frame.columns), (table, set(columns) - set(frame.columns))
        assert len(frame) > 0, table
    assert len(small_results.summary) == 1


def test_adoption_shares_sum_to_one_per_region_and_month(small_results):
    totals = small_results.adoption.groupby(["date", "region"])["share"].sum()
    np.testing.assert_allclose(totals.to_numpy(), 1.0, atol=1e-12)
    assert small_results.adoption["share"].between(0, 1).all()


def test_adoption_counts_match_the_population(small_results):
    counts = small_results.adoption.groupby("date")["adopters"].sum()
    assert (counts == 300).all()


def test_months_run_from_start_to_end(small_results):
    dates = small_results.markets["date"].drop_duplicates()
    assert dates.min() == pd.Timestamp("2022-01-01") and dates.max() == pd.Timestamp("2026-12-01")
    assert len(dates) == 60


def test_no_missing_values_where_values_are_defined(small_results):
    assert not small_results.adoption.isna().any().any()
    numeric = ["capability", "compute", "price", "revenue", "cash"]
    assert not small_results.labs[numeric].isna().any().any()
    assert np.isfinite(small_results.labs[numeric].to_numpy()).all()


def test_same_seed_gives_identical_tables_and_another_seed_does_not():
    first = sim.run(small_config(adopters=200, end="2024-06"), seed=5)
    again = sim.run(small_config(adopters=200, end="2024-06"), seed=5)
    other = sim.run(small_config(adopters=200, end="2024-06"), seed=6)
    for table in ("adoption", "labs", "open_models", "markets", "policies", "events", "summary"):
        pd.testing.assert_frame_equal(getattr(first, table), getattr(again, table), check_exact=True)
    assert not first.adoption["adopters"].equals(other.adoption["adopters"])


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    seed=st.integers(0, 10_000),
    word_of_mouth=st.floats(0.0, 0.5),
    price_weight=st.floats(0.0, 3.0),
    control=st.floats(0.0, 1.0),
)
def test_invariants_hold_across_seeds_and_parameters(seed, word_of_mouth, price_weight, control):
    cfg = small_config(adopters=120, end="2024-12", seed=seed)
    cfg.adoption.word_of_mouth = word_of_mouth
    cfg.adoption.price = price_weight
    cfg.governments["us"].export_control = control
    results = sim.run(cfg)
    shares = results.adoption.groupby(["date", "region"])["share"].sum()
    np.testing.assert_allclose(shares.to_numpy(), 1.0, atol=1e-12)
    assert results.adoption["share"].between(0, 1).all()
    assert not results.labs[["capability", "compute", "price", "cash"]].isna().any().any()
    markets = results.markets
    for column in ("adopting", "share_cn", "share_us", "share_eu", "share_open"):
        assert markets[column].between(0, 1 + 1e-12).all(), column
    blocs = markets[["share_cn", "share_us", "share_eu"]].sum(axis=1)
    using = markets["adopting"] > 0
    np.testing.assert_allclose(blocs[using], 1.0, atol=1e-9)


def test_chinese_advanced_compute_never_exceeds_what_controls_allow():
    """Full controls with no leakage from the start: advanced compute can only depreciate."""
    cfg = small_config(adopters=100, end="2026-12")
    cfg.governments["us"].export_control = 1.0
    cfg.governments["us"].leakage = 0.0
    for name, event in cfg.timeline.items():
        if event.kind == "export_control":
            event.enabled = False
    model = sim.EcosystemModel(cfg)
    history = {}
    for _ in range(model.end - model.start + 1):
        model.step()
        for lab in model.labs:
            if lab.active and lab.bloc == "CN":
                history.setdefault(lab.name, []).append(lab.advanced_compute)
    assert history, "Chinese labs were active"
    for name, series in history.items():
        assert np.all(np.diff(series) <= 1e-12), name
    us_lab = model.lab_by_name["openai"]
    assert us_lab.advanced_compute > cfg.labs["openai"].compute, "US labs are not controlled"


def test_leaky_controls_let_through_exactly_the_allowed_share():
    from sim.policy import advanced_share

    cfg = small_config(adopters=50, end="2022-03")
    cfg.governments["us"].export_control = 0.8
    cfg.governments["us"].leakage = 0.25
    model = sim.EcosystemModel(cfg)
    model.step()
    assert advanced_share(model) == pytest.approx(1 - 0.8 * 0.75)  # 0.4 of desired chips


def test_timeline_events_take_effect_in_their_month(small_results):
    us = small_results.policies.query("government == 'us'").set_index("date")["export_control"]
    assert us[pd.Timestamp("2022-09-01")] == 0.0
    assert us[pd.Timestamp("2022-10-01")] == 0.5  # first US rule, 2022-10
    events = small_results.events
    rule = events[(events.event == "us_controls_2022")]
    assert list(rule["date"]) == [pd.Timestamp("2022-10-01")]


def test_disabling_an_event_removes_its_effect():
    cfg = small_config(adopters=100, end="2023-12")
    cfg.timeline["us_controls_2022"].enabled = False
    cfg.timeline["us_controls_2023"].enabled = False
    results = sim.run(cfg)
    us = results.policies.query("government == 'us'")
    assert (us["export_control"] == 0.0).all()


def test_labs_enter_at_their_entry_month(small_results):
    first = small_results.labs.groupby("lab")["date"].min()
    assert first["deepseek"] == pd.Timestamp("2023-11-01")
    assert first["openai"] == pd.Timestamp("2022-01-01")
    adoption = small_results.adoption
    early = adoption[(adoption.lab == "deepseek") & (adoption.date < "2023-11-01")]
    assert early["adopters"].sum() == 0


def test_adopter_agents_are_views_of_the_population_arrays():
    model = sim.EcosystemModel(small_config(adopters=150))
    model.run_for(40)
    adopters = list(model.agents_by_type[Adopter])
    assert len(adopters) == 150
    assert len(model.agents_by_type[Lab]) == len(model.cfg.labs)
    pop = model.population
    columns = model.world.count_columns()
    for agent in adopters[:50]:
        option = pop.choice[agent.row]
        if option == NO_CHOICE:
            assert agent.choice is None
        else:
            column = World.count_column(option)
            assert agent.choice == (columns.lab[column], columns.mode[column])
        assert agent.region == model.world.regions[pop.region[agent.row]]
    pop.budget[adopters[0].row] = 1234.5
    assert adopters[0].budget == 1234.5


def test_the_adopters_table_agrees_with_the_agents_and_the_adoption_table():
    model = sim.EcosystemModel(small_config(adopters=150, end="2025-12"))
    model.run()
    table = model.recorder.adopters_table()
    assert len(table) == 150 and (table["lab"] != "none").sum() > 20
    for agent in model.agents_by_type[Adopter]:
        row = table.iloc[agent.row]
        assert (row["region"], row["kind"], row["budget"]) == (agent.region, agent.kind, agent.budget)
        assert (row["lab"], row["mode"]) == (agent.choice or ("none", "none"))
        assert row["origin"] == (model.lab_by_name[row["lab"]].bloc if agent.choice else "none")
        assert row["group"] == model.cfg.regions[agent.region].group
    adoption = sim.collect(model).adoption
    last = adoption[adoption["date"] == adoption["date"].max()]
    recorded = last.groupby(["region", "lab", "mode"], observed=True)["adopters"].sum()
    counted = table.groupby(["region", "lab", "mode"], observed=True).size()
    pd.testing.assert_series_equal(recorded[recorded > 0], counted, check_names=False, check_dtype=False)


def test_a_bad_config_fails_before_the_model_is_built():
    cfg = small_config()
    cfg.labs["openai"].strategy = "secret"
    with pytest.raises(sim.ConfigError, match=r"labs\.openai\.strategy='secret'.*closed, hybrid, open"):
        sim.EcosystemModel(cfg)


def test_no_price_makes_revenue_exceed_what_adopters_can_spend():
    """Serving cost, hence price, rises tenfold every 1/cost_per_eci ECI points: with open
    feedback and distillation at the top of their ranges, capability once fed revenue, compute
    and capability without limit (revenue twice the world's AI budgets). Adopters spend at
    most their budget, so a lab's API revenue stays within the sum of all budgets."""
    cfg = small_config(adopters=300, end="2030-12")
    cfg.openness.community_feedback, cfg.openness.distillation = 0.012, 0.12
    cfg.capability.scarcity_elasticity = 0.0
    model = sim.EcosystemModel(cfg)
    model.run()
    results = sim.collect(model)
    budgets = model.population.budget.sum() * model.scale * USD_TO_BILLION
    api_only = [name for name, lab in cfg.labs.items() if not lab.cloud]
    revenue = results.labs.loc[results.labs["lab"].isin(api_only), "revenue"]
    assert 0 < revenue.max() <= budgets
