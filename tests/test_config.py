"""Configuration checks (sim/config.py validate, sim/timeline.py validate_event) and the
plausible ranges declared on uncertain parameters.

Every kind of bad input raises ConfigError whose message names the key, the value and what
is allowed; the default configuration validates and is a fresh object on every call; every
declared range contains its default and lies within what validation allows.
"""

import dataclasses
import math

import pytest

from sim.config import (
    ConfigError,
    EventConfig,
    GovernmentConfig,
    PlausibleRange,
    default_config,
    get_value,
    PolicyRange,
    plausible_range,
    plausible_ranges,
    set_value,
    validate,
)
from sim.timeline import validate_event


def rejects(cfg, key, value, allowed):
    """Assert validate(cfg) raises ConfigError for ``key`` with ``value``; return the error."""
    with pytest.raises(ConfigError) as info:
        validate(cfg)
    error = info.value
    message = str(error)
    assert error.key == key
    assert message.startswith(f"{key}={value!r} is not allowed: ")
    assert allowed in message
    return error


def test_default_config_validates():
    cfg = default_config()
    assert validate(cfg) is cfg


def test_default_configs_are_fresh_independent_objects():
    first, second = default_config(), default_config()
    first.labs["openai"].capability = 1.0
    first.pricing.markup["US"] = 99.0
    first.run.summary_dates.append("2027-01")
    first.regions["US"].awareness["CN"] = 0.9
    first.clouds["aws"].regions.append("CN")
    del first.timeline["deepseek_r1"]
    assert second == default_config()  # the second copy saw none of the changes
    assert first != second


def test_wrong_strategy():
    cfg = default_config()
    cfg.labs["openai"].strategy = "semi-open"
    rejects(cfg, "labs.openai.strategy", "semi-open", "one of closed, hybrid, open")


def test_wrong_bloc():
    cfg = default_config()
    cfg.labs["mistral"].bloc = "UK"
    rejects(cfg, "labs.mistral.bloc", "UK", "one of US, CN, EU")


def test_unknown_region_served_by_a_cloud():
    cfg = default_config()
    cfg.clouds["aws"].regions.append("ATLANTIS")
    index = len(cfg.clouds["aws"].regions) - 1
    rejects(cfg, f"clouds.aws.regions[{index}]", "ATLANTIS", "one of US, EU, CN")


@pytest.mark.parametrize(("section", "name", "key"), [
    ("adoption", "revision", "adoption.revision"),
    ("population", "cross_region", "population.cross_region"),
])
def test_fraction_above_one(section, name, key):
    cfg = default_config()
    setattr(getattr(cfg, section), name, 1.5)
    rejects(cfg, key, 1.5, "a number from 0.0 to 1.0")


def test_lab_licence_above_one():
    cfg = default_config()
    cfg.labs["meta"].licence = 1.2  # unit 0-1
    rejects(cfg, "labs.meta.licence", 1.2, "a number from 0.0 to 1.0")


@pytest.mark.parametrize(("section", "name"), [
    ("capability", "spend_share"), ("capability", "depreciation"), ("openness", "distillation"),
])
def test_monthly_share_above_one(section, name):
    """A share of cash or compute lost each month cannot exceed 1 (cash/compute would turn negative)."""
    cfg = default_config()
    setattr(getattr(cfg, section), name, 1.5)
    rejects(cfg, f"{section}.{name}", 1.5, "a number from 0.0 to 1.0")


def test_a_full_state_discount_would_give_models_away():
    """With every price cut passed on, a lab living on state money would price at zero."""
    cfg = default_config()
    cfg.pricing.subsidised_discount = 1.0
    rejects(cfg, "pricing.subsidised_discount", 1.0, "a number from 0.0 to 0.95")


def test_a_state_funded_lab_keeps_a_positive_price_at_the_largest_discount():
    import sim
    from sim.vocabulary import MAX_DISCOUNT

    cfg = default_config()
    cfg.population.adopters, cfg.run.end, cfg.run.summary_dates = 100, "2024-12", ["2024-12"]
    cfg.pricing.subsidised_discount = MAX_DISCOUNT
    cfg.labs["zhipu"].funding = "state"  # all its income is state money
    prices = sim.run(cfg).labs["price"]
    assert (prices > 0).all() and prices.map(math.isfinite).all()


def test_negative_number():
    cfg = default_config()
    cfg.labs["openai"].cash = -1.0
    rejects(cfg, "labs.openai.cash", -1.0, "a number from 0.0 to 10000.0")


def test_negative_entry_in_a_per_bloc_table():
    cfg = default_config()
    cfg.pricing.markup["CN"] = -0.1
    rejects(cfg, "pricing.markup.CN", -0.1, "a number from 0.0 to 100.0")


def test_nan():
    cfg = default_config()
    cfg.capability.eci_per_decade = math.nan
    error = rejects(cfg, "capability.eci_per_decade", math.nan, "a finite number")
    assert math.isnan(error.value)


def test_end_before_start():
    cfg = default_config()
    cfg.run.end = "2021-12"
    rejects(cfg, "run.end", "2021-12", "a month after run.start (2022-01)")


def test_malformed_month():
    cfg = default_config()
    cfg.run.start = "Jan 2022"
    rejects(cfg, "run.start", "Jan 2022", "YYYY-MM")


def test_summary_date_outside_the_run():
    cfg = default_config()
    cfg.run.summary_dates = ["2025-12", "2031-01"]
    rejects(cfg, "run.summary_dates[1]", "2031-01", "a month from 2022-01 to 2030-12")


def test_missing_bloc_in_a_per_bloc_table():
    cfg = default_config()
    del cfg.funding.vc_climate["EU"]
    rejects(cfg, "funding.vc_climate", {"US": 1.0, "CN": 0.5}, "one entry for each bloc: US, CN, EU")


def test_kinds_shares_not_summing_to_one():
    cfg = default_config()
    cfg.population.kinds = {"government": 0.1, "firm": 0.6, "developer": 0.4}  # sums to 1.1
    rejects(cfg, "population.kinds", {"government": 0.1, "firm": 0.6, "developer": 0.4}, "shares that sum to 1")


# ------------------------------------------------------------------- timeline events


def event_error(event):
    """The ConfigError validate_event raises for ``event`` under the default config."""
    with pytest.raises(ConfigError) as info:
        validate_event(default_config(), "timeline.test", event)
    return info.value


@pytest.mark.parametrize(("event", "key", "value", "allowed"), [
    (EventConfig("2024-01", "meteor", "us", 1.0), "kind", "meteor", "one of export_control, compute_cap"),
    (EventConfig("2024-01", "export_control", "atlantis", 0.5), "target", "atlantis", "a government: us, cn"),
    (EventConfig("2024-01", "licence", "skynet", 0.5), "target", "skynet", "a lab: openai, anthropic"),
    (EventConfig("2024-01", "price_war", "UK", 1.0), "target", "UK", "a bloc: US, CN, EU"),
    (EventConfig("2024-01", "export_control", "us", 1.5), "value", 1.5,
     "for export_control, a number from 0.0 to 1.0"),
    (EventConfig("2024-01", "release", "deepseek", 60.0), "value", 60.0,
     "for release, a number from 0.0 to 50.0"),
    (EventConfig("2024-01", "strategy", "meta", setting="semi"), "setting", "semi",
     "for strategy, a strategy: closed, hybrid, open"),
    (EventConfig("2024-01", "compute_cap", "us", 0.5), "region", "", "a region: US, EU, CN"),
    (EventConfig("2024-13", "subsidy", "cn", 1.0), "date", "2024-13", "a month written YYYY-MM"),
])
def test_bad_event_names_key_value_and_rule(event, key, value, allowed):
    error = event_error(event)
    assert error.key == f"timeline.test.{key}"
    assert str(error).startswith(f"timeline.test.{key}={value!r} is not allowed: ")
    assert allowed in str(error)


def test_validate_checks_timeline_events():
    cfg = default_config()
    cfg.timeline["bad"] = EventConfig("2024-01", "export_control", "us", 2.0)
    rejects(cfg, "timeline.bad.value", 2.0, "for export_control, a number from 0.0 to 1.0")


def test_valid_event_passes():
    validate_event(default_config(), "timeline.ok", EventConfig("2024-01", "export_control", "us", 0.5))


# ------------------------------------------------------------------- plausible ranges

DECLARED = plausible_ranges(default_config())


def test_uncertain_parameters_declare_their_ranges():
    """Fields and events declare ranges, one per roster entry for a roster field."""
    assert {"adoption.trust", "pricing.markup.CN", "governments.us.leakage", "timeline.deepseek_r1.value"} <= set(DECLARED)
    assert {f"governments.{name}.leakage" for name in default_config().governments} <= set(DECLARED)
    assert "pricing.reference_capability" not in DECLARED and "labs.deepseek.capability" not in DECLARED


def test_ranges_around_each_entry_follow_its_value():
    """A factor multiplies each lab's own value; a shift adds to each region's, within 0-1."""
    cfg = default_config()
    assert DECLARED["labs.openai.cash"].bounds == (cfg.labs["openai"].cash * 0.5, cfg.labs["openai"].cash * 2.0)
    assert DECLARED["labs.meta.cash"].bounds == (cfg.labs["meta"].cash * 0.5, cfg.labs["meta"].cash * 2.0)
    # an entrant's empty stocks follow its inflow, whose range is swept instead
    assert "labs.mistral.cash" not in DECLARED and "labs.mistral.inflow" in DECLARED
    trust = cfg.regions["US"].trust
    assert DECLARED["regions.US.trust"].bounds == pytest.approx((trust - 0.2, min(1.0, trust + 0.2)))
    assert "labs.openai.other_business" in DECLARED and DECLARED["labs.openai.other_business"].low == 0.0
    assert isinstance(DECLARED["governments.cn.subsidy"], PolicyRange)
    assert not isinstance(DECLARED["adoption.trust"], PolicyRange)


@pytest.mark.parametrize("key", sorted(DECLARED))
def test_every_declared_range_contains_its_default_and_says_what_it_rests_on(key):
    bounds = DECLARED[key]
    assert bounds.low < bounds.high and bounds.basis.strip(), key
    assert bounds.low <= get_value(default_config(), key) <= bounds.high


@pytest.mark.parametrize("key", sorted(DECLARED))
def test_both_ends_of_every_declared_range_validate(key):
    for end in DECLARED[key].bounds:
        cfg = default_config()
        whole = isinstance(get_value(cfg, key), int)  # a range over months of an int field
        set_value(cfg, key, int(end) if whole else end)
        validate(cfg)


def test_plausible_range_reads_dotted_keys():
    leakage = next(f for f in dataclasses.fields(GovernmentConfig) if f.name == "leakage")
    assert plausible_range("governments.cn.leakage") is leakage.metadata["plausible"]
    assert plausible_range("pricing.markup.CN").bounds == (0.1, 1.0)
    assert plausible_range("timeline.deepseek_r1.value") == default_config().timeline["deepseek_r1"].plausible
    cfg = default_config()
    cfg.timeline["deepseek_r1"].plausible = PlausibleRange(1.0, 2.0, "a scenario's own range")
    assert plausible_range("timeline.deepseek_r1.value", cfg).bounds == (1.0, 2.0)


@pytest.mark.parametrize(("key", "allowed"), [
    ("labs.deepseek.capability", "an uncertain parameter, with a plausible range declared"),
    ("pricing.reference_capability", "an uncertain parameter, with a plausible range declared"),
    ("pricing.markup.UK", "a key of the configuration"),
    ("adoption.trusted", "a key of the configuration"),
])
def test_plausible_range_refuses_keys_without_one(key, allowed):
    with pytest.raises(ConfigError, match=allowed):
        plausible_range(key)


def test_an_event_range_must_run_upwards():
    cfg = default_config()
    cfg.timeline["deepseek_r1"].plausible = PlausibleRange(8.0, 2.0, "reversed")
    rejects(cfg, "timeline.deepseek_r1.plausible", (8.0, 2.0), "a range whose low is below its high")
