"""Dated events from the scenario's timeline: what each kind changes, and its checks.

A timeline is data: each event names a month, a kind from :data:`KINDS`, a target and a
value or setting. Each is scheduled with Mesa's event list to fire just before the step that
simulates its month (in name order within a month); the configuration's check refuses an
event dated before the run's start, which would otherwise take effect at once.

The event kinds and their checks live here, with what each kind does; the configuration's
check (``sim.config.validate``) calls :func:`validate_event` for every event. This module
needs nothing of the configuration but the error its checks raise (``sim.errors``).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

from sim.calendar import parse_month
from sim.errors import ConfigError
from sim.vocabulary import BLOCS, MAX_VOUCHER, STRATEGIES


@dataclass(frozen=True)
class Kind:
    """An event kind: what its target is, how its value is bounded, what it does."""

    target: str  # "lab", "government", "cloud" or "bloc"
    doc: str
    value_range: tuple[float, float] | None = (0.0, 1.0)
    setting: str = ""  # "strategy", "bloc" or "region" when the event needs one
    needs_region: bool = False
    log_as: str = "policy_change"  # its kind in the events table


KINDS: dict[str, Kind] = {
    "export_control": Kind("government", "set export-control tightness (0-1)"),
    "compute_cap": Kind("government", "cap adopters' usable compute in a region (multiplier 0-1)", needs_region=True),
    "subsidy": Kind("government", "set direct subsidy to home labs (US$ billion/month)", (0.0, 100.0)),
    "compute_voucher": Kind("government", "set share of home labs' compute cost paid", (0.0, MAX_VOUCHER)),
    "vc_fund": Kind("government", "set state VC fund flow to home VC-funded labs (US$ billion/month)", (0.0, 100.0)),
    "open_reward": Kind("government", "set reward for home open-weight releases (US$ billion/month)", (0.0, 100.0)),
    "procurement": Kind("government", "set public adopters' bonus for favoured models (utils)", (0.0, 10.0)),
    "promotion": Kind("government", "set monthly promotion of home models in the Global South", (0.0, 1.0)),
    "restriction": Kind("government", "bar (value 1) or allow (0) a bloc's models in its regions", (0.0, 1.0), setting="bloc"),
    "vc_climate": Kind("bloc", "set the bloc's venture-capital climate index (1 = normal)", (0.0, 10.0), log_as="shock"),
    "price_war": Kind("bloc", "set the bloc's price-war intensity (0 = none)", (0.0, 10.0), log_as="shock"),
    "strategy": Kind("lab", "impose a release strategy, kept for strategy.commitment_months", None, setting="strategy", log_as="strategy_switch"),
    "licence": Kind("lab", "impose the openness of the lab's licence (0-1), kept for strategy.commitment_months", log_as="release"),
    "release": Kind("lab", "a breakthrough release: capability jumps by value ECI points", (0.0, 50.0), log_as="release"),
    "awareness": Kind("lab", "a share of unaware adopters learn of the lab at once (0-1)", log_as="shock"),
    "cloud_region": Kind("cloud", "the cloud starts serving a region", None, setting="region"),
}


def validate_event(cfg, key: str, event) -> None:
    """Raise ConfigError unless ``event`` (an EventConfig at ``key``) can be applied to ``cfg``
    (a ModelConfig, whose check of the whole configuration calls this for every event)."""
    if event.kind not in KINDS:
        raise ConfigError(f"{key}.kind", event.kind, f"one of {', '.join(KINDS)}")
    kind = KINDS[event.kind]
    try:
        parse_month(event.date)
    except ValueError as error:
        raise ConfigError(f"{key}.date", event.date, "a month written YYYY-MM") from error
    targets = {
        "lab": list(cfg.labs),
        "government": list(cfg.governments),
        "cloud": list(cfg.clouds),
        "bloc": list(BLOCS),
    }[kind.target]
    if event.target not in targets:
        raise ConfigError(f"{key}.target", event.target, f"a {kind.target}: {', '.join(targets)}")
    if kind.value_range:
        low, high = kind.value_range
        if not low <= event.value <= high:
            raise ConfigError(f"{key}.value", event.value, f"for {event.kind}, a number from {low} to {high}")
    settings = {"strategy": list(STRATEGIES), "bloc": list(BLOCS), "region": list(cfg.regions)}
    if kind.setting and event.setting not in settings[kind.setting]:
        raise ConfigError(f"{key}.setting", event.setting, f"for {event.kind}, a {kind.setting}: {', '.join(settings[kind.setting])}")
    if (kind.needs_region or event.region) and event.region not in cfg.regions:
        raise ConfigError(f"{key}.region", event.region, f"a region: {', '.join(cfg.regions)}")


def apply(model, name: str, event) -> None:
    """Carry out one event on the model and log what it changed (its value only where its
    kind takes one)."""
    _APPLY[event.kind](model, event)
    model.rules_changed()
    kind = KINDS[event.kind]
    model.log_event(
        kind.log_as,
        event.target,
        event.kind,
        f"{name}: {event.kind} {event.setting or event.value}" + (f" in {event.region}" if event.region else ""),
        event=name,
        setting=event.setting,
        value=event.value if kind.value_range else math.nan,
        region=event.region,
        month=parse_month(event.date),
    )


def _government(model, event):
    return model.government_by_name[event.target]


def _lab(model, event):
    return model.lab_by_name[event.target]


def _set(attribute: str) -> Callable:
    def setter(model, event):
        setattr(_government(model, event), attribute, event.value)

    return setter


def _compute_cap(model, event):
    model.population.compute_cap[model.world.region_index(event.region)] = event.value


def _restriction(model, event):
    gov = _government(model, event)
    origins = set(gov.restricted_origins)
    (origins.add if event.value >= 0.5 else origins.discard)(event.setting)
    gov.restricted_origins = sorted(origins)


def _vc_climate(model, event):
    model.vc_climate[event.target] = event.value


def _price_war(model, event):
    model.price_war[event.target] = event.value


def _strategy(model, event):
    lab = _lab(model, event)
    lab.strategy = event.setting
    lab.release_weights()
    lab.locked_until = parse_month(event.date) + model.cfg.strategy.commitment_months


def _licence(model, event):
    lab = _lab(model, event)
    lab.licence = event.value
    lab.locked_until = parse_month(event.date) + model.cfg.strategy.commitment_months


def _release(model, event):
    _lab(model, event).breakthrough(event.value)


def _awareness(model, event):
    model.awareness_shock(_lab(model, event).index, event.value, event.region)


def _cloud_region(model, event):
    cloud = next(c for c in model.clouds if c.name == event.target)
    cloud.serves[model.world.region_index(event.setting)] = True


_APPLY: dict[str, Callable] = {
    "export_control": _set("export_control"),
    "compute_cap": _compute_cap,
    "subsidy": _set("subsidy"),
    "compute_voucher": _set("compute_voucher"),
    "vc_fund": _set("vc_fund"),
    "open_reward": _set("open_reward"),
    "procurement": _set("procurement"),
    "promotion": _set("promotion_abroad"),
    "restriction": _restriction,
    "vc_climate": _vc_climate,
    "price_war": _price_war,
    "strategy": _strategy,
    "licence": _licence,
    "release": _release,
    "awareness": _awareness,
    "cloud_region": _cloud_region,
}
