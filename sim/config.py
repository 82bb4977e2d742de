"""Typed configuration: the single home of every default.

Each field is declared with :func:`param`, which records its meaning, unit and source (or
"assumption") in the dataclass field's metadata, so documentation, YAML files and tests can
be checked against it. The dataclasses double as Hydra structured configs (see
``scenarios/``). :func:`validate` adds the range and cross-field checks that types alone
cannot express; it raises :class:`ConfigError` naming the key, the value and what is
allowed, before any simulation work starts.
"""

from __future__ import annotations

import copy
import dataclasses
import math
from dataclasses import dataclass, field
from typing import Any

from sim import roster
from sim.calendar import parse_month
from sim.errors import ConfigError
from sim.timeline import validate_event
from sim.vocabulary import (
    ADOPTER_KINDS,
    BLOCS,
    FUNDING_SOURCES,
    MAX_DISCOUNT,
    MAX_VOUCHER,
    NETWORKS,
    REGION_GROUPS,
    STRATEGIES,
)

CALIBRATED = "calibrated to the dated figures (scenarios/scenario/calibrated.yaml, 2026-11-23)"
"""Source of the values fitted by experiments/calibrate.py."""


def param(default: Any, doc: str, unit: str = "", source: str = "assumption"):
    """A config field with its documentation; mutable defaults are copied per instance.

    ``default`` may be a value, a dataclass type, or a zero-argument factory.
    """
    metadata = {"doc": doc, "unit": unit, "source": source}
    if isinstance(default, (list, dict)):
        return field(default_factory=lambda: copy.deepcopy(default), metadata=metadata)
    if callable(default):
        return field(default_factory=default, metadata=metadata)
    return field(default=default, metadata=metadata)


# --------------------------------------------------------------------------- actors


@dataclass
class LabConfig:
    """One AI lab as of its entry month (the run's start month if it existed then)."""

    display_name: str = param("", "name shown in reports and figures; empty = its key")
    family: str = param("", "name of its model family (Llama for Meta); empty = its display name")
    bloc: str = param("US", "home bloc", source="DOMAIN.md actors")
    entry: str = param("", "first month with a released model; empty = the run's start", "YYYY-MM")
    strategy: str = param("closed", "release strategy at entry: closed, hybrid or open")
    fixed_strategy: bool = param(False, "never re-decides its strategy (timeline events still apply)")
    licence: float = param(
        1.0, "openness of the open-weight licence (1 Apache/MIT, ~0.5 restrictive)", "0-1"
    )
    capability: float = param(100.0, "capability of its best model at entry", "ECI points")
    compute: float = param(1.0, "training compute stock at entry", "thousand H100-equivalents")
    cash: float = param(1.0, "cash at entry", "US$ billion")
    funding: str = param("vc", "main funding source: vc, parent or state")
    inflow: float = param(
        0.1, "funding inflow when its source's climate index is 1", "US$ billion per month"
    )
    price: float = param(10.0, "blended API price at entry", "US$ per million tokens")
    own_api: bool = param(True, "sells its open models through its own API too (a closed lab always does)")
    cloud: str = param("", "affiliated cloud vendor that rents hardware to its self-hosters (it shares the margin)")
    other_business: float = param(
        0.0, "weight of the value of commoditising rivals (parent has other revenue)", "0-1"
    )
    source: str = param("assumption", "provenance of the starting values")


@dataclass
class CloudConfig:
    """A cloud vendor: where it operates, whose closed models it resells, its markup."""

    display_name: str = param("", "name shown in reports and figures; empty = its key")
    bloc: str = param("US", "home bloc")
    regions: list[str] = param([], "regions it serves")
    partners: list[str] = param([], "labs whose closed API models it resells")
    hosts_open: bool = param(True, "hosts open-weight models its government allows")
    markup: float = param(0.3, "markup over serving cost on hosted open models", "fraction")
    promotion: float = param(
        0.002, "monthly chance that an unaware adopter in its regions learns of a hosted model"
    )
    source: str = param("assumption", "provenance")


@dataclass
class GovernmentConfig:
    """A government and its instruments at the run's start (the timeline changes them)."""

    display_name: str = param("", "name shown in reports and figures; empty = its key")
    bloc: str = param("", "bloc whose labs it funds and controls; empty for a Global South one")
    regions: list[str] = param([], "adopter regions under its jurisdiction")
    export_control: float = param(
        0.0, "tightness of its chip export controls on China (share of advanced compute denied)", "0-1"
    )
    leakage: float = param(0.3, "share of denied compute obtained anyway (smuggling, cloud)", "0-1")
    react_gap_months: float = param(
        0.0, "tighten export controls while China's lag is below this (0 = never)", "months"
    )
    react_step: float = param(0.05, "tightening per month of the reactive rule", "0-1 per month")
    subsidy: float = param(0.0, "direct funding shared among its labs", "US$ billion per month")
    compute_voucher: float = param(0.0, "share of its labs' compute cost it pays (below 1)", "0-1")
    vc_fund: float = param(0.0, "state VC guidance fund flowing to its VC-funded labs", "US$ billion per month")
    open_reward: float = param(
        0.0, "state support for home labs releasing open weights", "US$ billion per month"
    )
    procurement: float = param(
        0.0, "utility bonus its public adopters give home (or self-hosted) models", "utils"
    )
    restricted_origins: list[str] = param([], "blocs whose models are barred in its regions")
    promotion_abroad: float = param(
        0.0, "monthly chance that a Global South adopter learns of one of its labs' models"
    )
    source: str = param("assumption", "provenance")


@dataclass
class RegionConfig:
    """A market of adopters (firms, developers, public bodies) and its distributions."""

    display_name: str = param("", "name shown in reports and figures; empty = its key")
    group: str = param("global_south", "country group: global_north, china, global_south")
    weight: float = param(0.1, "share of all adopters", "fraction")
    budget: float = param(500.0, "median monthly AI budget of an adopter", "US$ per month")
    budget_sigma: float = param(1.0, "log-sd of budgets", "log US$")
    volume: float = param(50.0, "median monthly token use of an adopter", "million tokens")
    self_host_share: float = param(0.1, "share of adopters with compute to self-host", "fraction")
    sovereignty: float = param(0.5, "mean preference for weights one can run and adapt", "0-1")
    trust: float = param(0.5, "mean sensitivity to security and trust risks", "0-1")
    alignment: float = param(0.0, "mean geopolitical alignment (-1 US, +1 China)", "-1..1")
    alignment_sd: float = param(0.3, "sd of alignment", "-1..1")
    awareness: dict[str, float] = param(
        {"US": 0.05, "CN": 0.02, "EU": 0.01}, "initial share aware of each bloc's labs", "fraction"
    )
    source: str = param("assumption", "provenance")


# ------------------------------------------------------------------------ mechanisms


@dataclass
class CapabilityConfig:
    """Mechanism 1: capability from effective compute; induced efficiency under scarcity."""

    eci_per_decade: float = param(
        10.0, "capability gained per tenfold effective compute", "ECI points",
        "fit: US frontier +0.9 ECI/month at ~12x effective compute a year (Epoch ECI, T20)",
    )
    algorithmic_growth: float = param(
        1.364, "yearly growth of algorithmic efficiency, as a log (1.1 = 3x)", "log per year",
        CALIBRATED,
    )
    scarcity_elasticity: float = param(
        1.294, "extra algorithmic growth per unit of compute scarcity (induced innovation)", "ratio",
        CALIBRATED,
    )
    spend_share: float = param(0.02427, "share of cash spent on compute each month", "fraction per month", CALIBRATED)
    hardware_price: float = param(
        0.035, "cost of one thousand H100-equivalents in 2022", "US$ billion"
    )
    hardware_decline: float = param(0.3, "yearly fall of hardware cost per unit, as a log", "log per year")
    depreciation: float = param(0.02, "monthly loss of compute stock", "fraction per month")
    domestic_efficiency: float = param(
        0.4, "compute per dollar of domestic chips relative to export-controlled ones", "fraction"
    )
    domestic_growth: float = param(0.25, "yearly improvement of domestic chips, as a log", "log per year")
    frontier_pace: float = param(
        0.96, "frontier growth used to date levels reached before the run's start", "ECI points per month",
        "OLS on the US quarter-end ECI maximum, 2023-2025 (Epoch ECI)",
    )


@dataclass
class OpennessConfig:
    """Mechanism 2: derivatives, downloads, community feedback and distillation."""

    derivatives_per_user: float = param(
        0.02, "expected new fine-tunes per self-hosting adopter per month at licence 1"
    )
    community_feedback: float = param(
        0.004, "efficiency gain per log of new derivatives of the family", "log per month"
    )
    distillation: float = param(
        0.05075, "share of the gap to the best open model a follower closes each month", "fraction per month",
        CALIBRATED,
    )
    hybrid_lag: float = param(
        7.916, "capability gap of a hybrid lab's open model behind its closed one", "ECI points",
        CALIBRATED,
    )
    downloads_per_user: float = param(
        1.0, "monthly downloads per self-hosting adopter (proxy; per real adopter)"
    )
    downloads_per_derivative: float = param(20.0, "downloads drawn by each new derivative (proxy)")
    ecosystem_scale: float = param(
        200.0, "derivatives at which the ecosystem term of utility reaches log(2)", "fine-tunes"
    )


@dataclass
class PricingConfig:
    """Mechanism 3: serving costs, markups, price wars, subsidised prices."""

    frontier_cost: float = param(
        7.37, "serving cost of a frontier model", "US$ per million tokens",
        CALIBRATED,
    )
    cost_per_eci: float = param(
        0.1046, "log10 serving cost saved per ECI point below the frontier", "log10 per point",
        CALIBRATED,
    )
    efficiency_pass_through: float = param(
        0.5, "elasticity of serving cost to a lab's efficiency relative to the frontier lab"
    )
    markup: dict[str, float] = param(
        {"US": 2.5, "CN": 0.1809, "EU": 1.0}, "markup over cost by home bloc", "multiple of cost",
        "US and EU: assumption; CN: " + CALIBRATED,
    )
    parity_window: float = param(4.0, "capability distance within which labs are rivals", "ECI points")
    war_intensity: float = param(0.15, "markup reduction per rival at parity", "fraction")
    adjustment: float = param(0.15, "share of the gap to the target price closed each month", "fraction")
    subsidised_discount: float = param(
        0.5, "share of state subsidy passed to price (below cost), at most MAX_DISCOUNT", "fraction"
    )
    self_host_cost: float = param(
        2000.0, "monthly cost (hardware, power, staff share) of self-hosting a frontier-class model",
        "US$ per month", "assumption: about two rented data-centre GPUs",
    )
    self_host_compute: float = param(2.0, "compute an adopter needs to self-host such a model", "GPUs")


@dataclass
class AdoptionConfig:
    """Mechanism 4: the adopters' choice rule and the spread of awareness."""

    capability: float = param(1.018, "utility per 10 ECI points of capability", "utils", CALIBRATED)
    price: float = param(1.408, "utility lost per log(1 + cost / budget)", "utils", CALIBRATED)
    sovereignty: float = param(1.5, "utility of full sovereignty (self-hosted, licence 1)", "utils")
    self_host_effort: float = param(1.507, "utility lost to the work of running a model oneself", "utils", CALIBRATED)
    trust: float = param(2.265, "utility lost at full trust sensitivity and full risk", "utils", CALIBRATED)
    alignment: float = param(1.0, "utility of full geopolitical alignment with a model's bloc", "utils")
    peers: float = param(2.0, "utility of all peers using the same family", "utils")
    ecosystem: float = param(0.5, "utility per log of ecosystem size (derivatives)", "utils")
    switching: float = param(1.0, "mean utility lost by switching family", "utils")
    outside: float = param(
        5.79, "utility of using no model, relative to a 2022-frontier model at zero cost", "utils",
        CALIBRATED,
    )
    revision: float = param(0.1, "monthly chance that an adopter reconsiders its choice", "fraction")
    promotion: float = param(0.003, "monthly chance an adopter learns of a lab by its own marketing")
    word_of_mouth: float = param(0.15, "monthly chance of learning of a lab all one's peers use")
    risk: dict[str, float] = param(
        {"US": 0.1, "CN": 0.6, "EU": 0.1}, "security and trust risk of a bloc's models", "0-1",
        "T11: Chinese models 12x more vulnerable to jailbreaks (US CAISI)",
    )
    self_host_risk: float = param(0.5, "share of a model's risk removed by self-hosting", "fraction")
    bloc_alignment: dict[str, float] = param(
        {"US": -1.0, "CN": 1.0, "EU": -0.5}, "position of each bloc on the alignment axis", "-1..1"
    )
    self_host_sovereignty: float = param(1.0, "sovereignty of self-hosting open weights", "0-1")
    api_sovereignty: float = param(0.2, "sovereignty of an open model used through an API", "0-1")


@dataclass
class CounterfactualConfig:
    """Claim C1's counterfactual worlds, in the option table adopters choose from."""

    price_parity: bool = param(
        False, "Chinese APIs sell at the price of the best US API in each region (adopters pay it, sellers earn it)"
    )
    capability_parity: bool = param(
        False, "Chinese models perform for adopters as well as US ones: shifted by the US-China frontier gap"
    )


@dataclass
class StrategyConfig:
    """Mechanism 5: labs re-decide closed, hybrid or open from expected payoff."""

    review_every: int = param(6, "months between strategy reviews", "months")
    review_from: str = param(
        "2026-01", "first month of endogenous reviews; before it the timeline sets strategies",
        "YYYY-MM",
    )
    inertia: float = param(0.25, "payoff advantage needed to switch", "fraction")
    ecosystem_value: float = param(
        200.0, "yearly value to a lab of each self-hosting adopter of its family (represented)", "US$"
    )
    cloud_share: float = param(1.0, "share of its affiliated cloud's rent margin on its self-hosters a lab counts")
    lock_months: int = param(24, "months a timeline-imposed strategy is kept", "months")


@dataclass
class FundingConfig:
    """Mechanism 7: venture capital climates, parent budgets, state money."""

    vc_climate: dict[str, float] = param(
        {"US": 1.0, "CN": 0.5, "EU": 1.0}, "VC climate index by bloc at the start (1 = normal)",
        "index", "T8: Greater-China VC fell from US$54.9B (2021) to 2.28B (2024)",
    )
    capability_premium: float = param(
        0.1, "log fall of VC inflow per ECI point a lab is behind the frontier", "log per point"
    )
    spend_floor: float = param(0.0, "cash below which a lab stops buying compute", "US$ billion")


@dataclass
class PopulationConfig:
    """How many adopters are simulated and how they are connected."""

    adopters: int = param(2000, "simulated adopters", "agents")
    represents: float = param(
        2.0e6, "real adopting organisations and developers the population stands for", "adopters"
    )
    peers: int = param(8, "mean number of peers per adopter", "adopters")
    cross_region: float = param(0.1, "share of peer links that cross regions", "fraction")
    gpus: float = param(4.0, "median GPUs of adopters able to self-host (log-sd 1)", "GPUs")
    network: str = param("regional", "peer network: regional (random links, mostly within a region) or fully_mixed")
    kinds: dict[str, float] = param(
        {"government": 0.03, "firm": 0.57, "developer": 0.40}, "shares of adopter kinds", "fraction"
    )


@dataclass
class EventConfig:
    """A dated change from the scenario's timeline (data, never code)."""

    date: str = param("2022-01", "month it takes effect", "YYYY-MM")
    kind: str = param("", "what changes; see sim.timeline.KINDS")
    target: str = param("", "the lab, government, cloud or bloc it acts on")
    value: float = param(0.0, "new level (meaning set by the kind)")
    setting: str = param("", "a named setting (a strategy, a lab, a bloc), by kind")
    region: str = param("", "region it is limited to; empty = everywhere it applies")
    enabled: bool = param(True, "false switches the event off in a scenario")
    source: str = param("assumption", "provenance")


@dataclass
class RunConfig:
    """What to run: scenario name, horizon, seed, what to record."""

    scenario: str = param("baseline", "scenario name, written into every output")
    start: str = param("2022-01", "first simulated month", "YYYY-MM")
    end: str = param("2030-12", "last simulated month", "YYYY-MM")
    seed: int = param(0, "the run's one seed: numpy's SeedSequence(seed) seeds every draw")
    summary_dates: list[str] = param(["2025-12", "2030-12"], "months reported in the summary row")
    adopter_snapshots: bool = param(False, "also keep every adopter's choice each month")
    events: bool = param(True, "apply the timeline's dated events (false: a world without history)")


def _default(entry: type, rows: dict[str, roster.Row]) -> dict:
    """The default world's entries (``sim.roster``'s rows of named fields) as ``entry`` dataclasses."""
    return {name: entry(**fields) for name, fields in rows.items()}


@dataclass
class ModelConfig:
    """The whole configuration of one run."""

    run: RunConfig = param(RunConfig, "what to run")
    population: PopulationConfig = param(PopulationConfig, "adopter population")
    capability: CapabilityConfig = param(CapabilityConfig, "mechanism 1")
    openness: OpennessConfig = param(OpennessConfig, "mechanism 2")
    pricing: PricingConfig = param(PricingConfig, "mechanism 3")
    adoption: AdoptionConfig = param(AdoptionConfig, "mechanism 4")
    counterfactual: CounterfactualConfig = param(CounterfactualConfig, "what adopters see in claim C1's arms")
    strategy: StrategyConfig = param(StrategyConfig, "mechanism 5")
    funding: FundingConfig = param(FundingConfig, "mechanism 7")
    labs: dict[str, LabConfig] = param(lambda: _default(LabConfig, roster.labs()), "the labs")
    clouds: dict[str, CloudConfig] = param(
        lambda: _default(CloudConfig, roster.clouds()), "the cloud vendors"
    )
    governments: dict[str, GovernmentConfig] = param(
        lambda: _default(GovernmentConfig, roster.governments()), "the governments (mechanism 6)"
    )
    regions: dict[str, RegionConfig] = param(
        lambda: _default(RegionConfig, roster.regions()), "adopter markets"
    )
    timeline: dict[str, EventConfig] = param(lambda: _default(EventConfig, roster.timeline()), "dated events")


def default_config() -> ModelConfig:
    """The baseline scenario's configuration (a fresh, independent object)."""
    return ModelConfig()


def _parent(cfg: ModelConfig, key: str) -> tuple[Any, str]:
    """The object holding the last part of a dotted key, and that part; ConfigError if the
    key does not exist."""
    *path, last = key.split(".")
    node: Any = cfg
    for part in path + [last]:
        holder = node
        if dataclasses.is_dataclass(node) and part in {f.name for f in dataclasses.fields(node)}:
            node = getattr(node, part)
        elif isinstance(node, dict) and part in node:
            node = node[part]
        else:
            raise ConfigError(key, part, "a key of the configuration (see `sim --cfg job`)")
    return holder, last


def get_value(cfg: ModelConfig, key: str) -> Any:
    """The value at a dotted key such as ``pricing.markup.CN`` or ``timeline.h20_licence.value``."""
    holder, last = _parent(cfg, key)
    return holder[last] if isinstance(holder, dict) else getattr(holder, last)


def set_value(cfg: ModelConfig, key: str, value: Any) -> None:
    """Set the value at a dotted key (an existing one); validate the config afterwards."""
    holder, last = _parent(cfg, key)
    if isinstance(holder, dict):
        holder[last] = value
    else:
        setattr(holder, last, value)


# ------------------------------------------------------------------------ validation


def validate(cfg: ModelConfig) -> ModelConfig:
    """Check ranges and cross-field rules; return ``cfg`` or raise :class:`ConfigError`."""
    _check_numbers(cfg, "")
    start, end = _month(cfg.run.start, "run.start"), _month(cfg.run.end, "run.end")
    if end <= start:
        raise ConfigError("run.end", cfg.run.end, f"a month after run.start ({cfg.run.start})")
    for i, date in enumerate(cfg.run.summary_dates):
        if not start <= _month(date, f"run.summary_dates[{i}]") <= end:
            raise ConfigError(f"run.summary_dates[{i}]", date, f"a month from {cfg.run.start} to {cfg.run.end}")
    if cfg.run.seed < 0:
        raise ConfigError("run.seed", cfg.run.seed, "a whole number >= 0")
    _check_population(cfg.population)
    _in_range("pricing.subsidised_discount", cfg.pricing.subsidised_discount, 0.0, MAX_DISCOUNT)
    _check_actors(cfg)
    for name, event in cfg.timeline.items():
        validate_event(cfg, f"timeline.{name}", event)
    return cfg


def _month(text: str, key: str) -> int:
    try:
        return parse_month(text)
    except ValueError as error:
        raise ConfigError(key, text, "a month written YYYY-MM, e.g. 2025-01") from error


def _one_of(key: str, value: Any, allowed) -> None:
    if value not in allowed:
        raise ConfigError(key, value, f"one of {', '.join(map(str, allowed))}")


def _in_range(key: str, value: float, low: float, high: float) -> None:
    if not low <= value <= high:
        raise ConfigError(key, value, f"a number from {low} to {high}")


_UNIT_RANGES = {"fraction": (0.0, 1.0), "0-1": (0.0, 1.0), "-1..1": (-1.0, 1.0)}
"""Ranges implied by a field's unit (by its first word); other numbers must be >= 0."""


def _check_numbers(node: Any, prefix: str) -> None:
    """Every number finite; non-negative unless its unit allows less; units bound ranges."""
    for f in dataclasses.fields(node):
        value, key = getattr(node, f.name), f"{prefix}{f.name}"
        unit = f.metadata.get("unit", "")
        if dataclasses.is_dataclass(value):
            _check_numbers(value, key + ".")
        elif isinstance(value, dict):
            for name, item in value.items():
                if dataclasses.is_dataclass(item):
                    _check_numbers(item, f"{key}.{name}.")
                else:
                    _check_value(f"{key}.{name}", item, unit)
        elif isinstance(value, (int, float)) and not isinstance(value, bool):
            _check_value(key, value, unit)


def _check_value(key: str, value: Any, unit: str) -> None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return
    if not math.isfinite(value):
        raise ConfigError(key, value, "a finite number")
    kind = unit.split(" ")[0]
    low, high = _UNIT_RANGES.get(kind, (-math.inf if kind == "utils" else 0.0, math.inf))
    _in_range(key, value, low, high)


def _check_population(pop: PopulationConfig) -> None:
    if pop.adopters < 10:
        raise ConfigError("population.adopters", pop.adopters, "at least 10 adopters")
    if not 0 <= pop.peers < pop.adopters:
        raise ConfigError("population.peers", pop.peers, "from 0 to population.adopters - 1")
    _one_of("population.network", pop.network, NETWORKS)
    for kind in pop.kinds:
        _one_of(f"population.kinds.{kind}", kind, ADOPTER_KINDS)
    if not math.isclose(sum(pop.kinds.values()), 1.0, abs_tol=1e-6):
        raise ConfigError("population.kinds", dict(pop.kinds), "shares that sum to 1")


def _check_actors(cfg: ModelConfig) -> None:
    if not cfg.labs:
        raise ConfigError("labs", {}, "at least one lab")
    for name, lab in cfg.labs.items():
        key = f"labs.{name}"
        _one_of(f"{key}.bloc", lab.bloc, BLOCS)
        _one_of(f"{key}.strategy", lab.strategy, STRATEGIES)
        _one_of(f"{key}.funding", lab.funding, FUNDING_SOURCES)
        if lab.entry:
            _month(lab.entry, f"{key}.entry")  # labs entering after run.end never enter
        for field_name in ("compute", "price"):
            if getattr(lab, field_name) <= 0:
                raise ConfigError(f"{key}.{field_name}", getattr(lab, field_name), "a number > 0")
        if lab.cloud and lab.cloud not in cfg.clouds:
            raise ConfigError(f"{key}.cloud", lab.cloud, f"one of the clouds: {', '.join(cfg.clouds)}")
    for name, cloud in cfg.clouds.items():
        key = f"clouds.{name}"
        _one_of(f"{key}.bloc", cloud.bloc, BLOCS)
        for i, region in enumerate(cloud.regions):
            _one_of(f"{key}.regions[{i}]", region, list(cfg.regions))
        for i, lab in enumerate(cloud.partners):
            _one_of(f"{key}.partners[{i}]", lab, list(cfg.labs))
    for name, gov in cfg.governments.items():
        key = f"governments.{name}"
        if gov.bloc:
            _one_of(f"{key}.bloc", gov.bloc, BLOCS)
        for i, region in enumerate(gov.regions):
            _one_of(f"{key}.regions[{i}]", region, list(cfg.regions))
        for i, bloc in enumerate(gov.restricted_origins):
            _one_of(f"{key}.restricted_origins[{i}]", bloc, BLOCS)
        if gov.compute_voucher > MAX_VOUCHER:
            raise ConfigError(f"{key}.compute_voucher", gov.compute_voucher, f"a share from 0 to {MAX_VOUCHER}")
    if not cfg.regions:
        raise ConfigError("regions", {}, "at least one region")
    for name, region in cfg.regions.items():
        key = f"regions.{name}"
        _one_of(f"{key}.group", region.group, REGION_GROUPS)
        for bloc in region.awareness:
            _one_of(f"{key}.awareness.{bloc}", bloc, BLOCS)
    if any(r.weight <= 0 for r in cfg.regions.values()):
        name = next(n for n, r in cfg.regions.items() if r.weight <= 0)
        raise ConfigError(f"regions.{name}.weight", cfg.regions[name].weight, "a share > 0 (remove the region instead)")
    if cfg.population.adopters < len(cfg.regions):
        raise ConfigError("population.adopters", cfg.population.adopters, f"at least one per region ({len(cfg.regions)})")
    for table in ("markup",):
        _blocs_complete(f"pricing.{table}", getattr(cfg.pricing, table))
    for table in ("risk", "bloc_alignment"):
        _blocs_complete(f"adoption.{table}", getattr(cfg.adoption, table))
    _blocs_complete("funding.vc_climate", cfg.funding.vc_climate)
    _month(cfg.strategy.review_from, "strategy.review_from")
    if cfg.strategy.review_every < 1:
        raise ConfigError("strategy.review_every", cfg.strategy.review_every, "at least 1 month")


def _blocs_complete(key: str, table: dict[str, float]) -> None:
    missing = [b for b in BLOCS if b not in table]
    extra = [b for b in table if b not in BLOCS]
    if missing or extra:
        raise ConfigError(key, dict(table), f"one entry for each bloc: {', '.join(BLOCS)}")
