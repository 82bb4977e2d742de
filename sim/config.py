"""Typed configuration: the single home of every default.

Each field is declared with :func:`param`, which records its meaning, unit and source (or
"assumption") in the dataclass field's metadata; its hard limits (:class:`Limits`: what the
model and the machine can compute, from its unit unless declared); and, for an uncertain
parameter, the range of values the evidence allows (:class:`PlausibleRange`, always inside
the limits), so documentation, YAML files, the calibration, the claims and tests all read
them from here. The dataclasses double as Hydra structured configs (see ``scenarios/``).
:func:`validate` checks every field's type and limits and the cross-field rules that types
alone cannot express; it raises :class:`ConfigError` naming the key, the value and what is
allowed, before any simulation work starts. Setting an attribute that is not a field of a
configuration object raises ConfigError at once (a typo is never silently ignored).
"""

from __future__ import annotations

import copy
import dataclasses
import difflib
import functools
import math
import os
import re
import types
import typing
from dataclasses import dataclass, field
from typing import Any

import numpy as np

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

CALIBRATED = "fitted to the dated figures by the loss-based calibration of 2026-11-23"
"""Source of the defaults that the earlier calibration fitted (history matching now keeps
plausible worlds instead: ``scenario=calibrated``, docs/CALIBRATION.md)."""


class Limits(typing.NamedTuple):
    """The hard limits of a number: what the model and the machine can compute, not what
    the evidence makes plausible (that is :class:`PlausibleRange`, a narrower range inside).

    Beyond them a run would divide by zero, overflow a float or exhaust memory, or the value
    means nothing (a share above 1). ``positive`` excludes ``low`` itself (a value something
    is divided by).
    """

    low: float
    high: float
    positive: bool = False
    basis: str = ""

    def allows(self, value: float) -> bool:
        above = value > self.low if self.positive else value >= self.low
        return above and value <= self.high

    def rule(self) -> str:
        low, high = self.low, self.high
        bounds = f"above {low} and at most {high}" if self.positive else f"from {low} to {high}"
        return f"a number {bounds}" + (f" ({self.basis})" if self.basis else "")


UNIT_LIMITS: dict[str, Limits] = {
    "fraction": Limits(0.0, 1.0, basis="a share"),
    "0-1": Limits(0.0, 1.0, basis="a share"),
    "probability": Limits(0.0, 1.0, basis="a probability"),
    "share": Limits(0.0, 1.0, basis="a share"),
    "-1..1": Limits(-1.0, 1.0, basis="a position on the alignment axis"),
    "utils": Limits(-100.0, 100.0, basis="beyond 100 utils every choice is certain"),
    "ECI points per month": Limits(0.0, 50.0, basis="the frontier gains about 1 a month"),
    "ECI points": Limits(0.0, 500.0, basis="the frontier is about 150; serving costs overflow far above"),
    "log10 per ECI point": Limits(0.0, 0.5, basis="higher overflows serving costs at high capability"),
    "log": Limits(0.0, 10.0, basis="a growth of e^10 a year or more overflows within a run"),
    "log10": Limits(0.0, 10.0, basis="a factor of 10^10 or more overflows within a run"),
    "ratio": Limits(0.0, 10.0),
    "factor per year": Limits(0.0, 10.0, basis="tenfold a year, beyond any growth of AI spending or use seen"),
    "years": Limits(0.0, 20.0, basis="growth that takes two decades to halve is growth that does not slow"),
    "elasticity": Limits(0.0, 5.0, basis="demand more elastic than that is not seen for any good"),
    "index": Limits(0.0, 10.0, basis="1 is a normal climate"),
    "multiple": Limits(0.0, 100.0),
    "list of fractions": Limits(-1.0, 100.0, basis="a price multiple of cost above 0"),
    "US$ billion": Limits(0.0, 1.0e4, basis="ten trillion dollars, beyond any lab's or state's budget"),
    "US$ per million tokens": Limits(0.0, 1.0e4),
    "US$ per": Limits(0.0, 1.0e9),
    "agents": Limits(1, 10**8, basis="memory is checked as well"),
    "adopters": Limits(0.0, 1.0e10, basis="more than the world's organisations"),
    "developers": Limits(0.0, 1.0e10),
    "months": Limits(0, 1200, basis="a century"),
    "GPUs": Limits(0.0, 1.0e6),
    "billion parameters": Limits(0.0, 1.0e5),
    "downloads": Limits(0.0, 1.0e9),
    "fine-tunes": Limits(0.0, 1.0e9),
    "million tokens": Limits(0.0, 1.0e9),
    "thousand H100-equivalents": Limits(0.0, 1.0e6, basis="a billion accelerators"),
    "integer": Limits(0, 2**63 - 1, basis="a 64-bit seed, as the output tables store it"),
    "by kind": Limits(0.0, 1.0e6, basis="each kind bounds it further"),
    "the parameter's unit": Limits(-1.0e9, 1.0e9),
}
"""Hard limits by unit: a field's limits are those of the longest entry its unit starts with."""

DEFAULT_LIMITS = Limits(0.0, 1.0e9, basis="a non-negative quantity")
"""The limits of a number whose unit has no entry in :data:`UNIT_LIMITS`."""


def unit_limits(unit: str, positive: bool = False) -> Limits:
    """The hard limits of a number measured in ``unit`` (``positive``: above the low limit)."""
    matches = [name for name in UNIT_LIMITS if unit == name or unit.startswith(name + " ")]
    limits = UNIT_LIMITS[max(matches, key=len)] if matches else DEFAULT_LIMITS
    return limits._replace(positive=True) if positive else limits


def param(
    default: Any,
    doc: str,
    unit: str = "",
    source: str = "assumption",
    plausible: PlausibleRange | dict[str, PlausibleRange] | None = None,
    positive: bool = False,
    limits: Limits | None = None,
):
    """A config field with its documentation; mutable defaults are copied per instance.

    ``default`` may be a value, a dataclass type, or a zero-argument factory. ``plausible``
    declares an uncertain parameter's range, which the calibration and the claims sweep; a
    table of values by bloc gives one range per entry that is uncertain. A number's hard
    limits are ``limits``, or else its unit's (:func:`unit_limits`), excluding the low one
    when ``positive`` (the value divides).
    """
    metadata = {"doc": doc, "unit": unit, "source": source, "plausible": plausible,
                "limits": limits or unit_limits(unit, positive)}
    if isinstance(default, (list, dict)):
        return field(default_factory=lambda: copy.deepcopy(default), metadata=metadata)
    if callable(default):
        return field(default_factory=default, metadata=metadata)
    return field(default=default, metadata=metadata)


@dataclass
class PlausibleRange:
    """The values of an uncertain parameter that the evidence allows, and what that rests on.

    Declared once, on the parameter's field (or, for a timeline event's value, on the
    event); the calibration and the claims sweep it, and a claim that narrows it says why.
    """

    low: float = param(0.0, "lowest plausible value", "the parameter's unit")
    high: float = param(0.0, "highest plausible value", "the parameter's unit")
    basis: str = param("", "what the range rests on: figures of DOMAIN.md, data, or 'assumption'", "text")

    @property
    def bounds(self) -> tuple[float, float]:
        return (self.low, self.high)


class PolicyRange(PlausibleRange):
    """The values a policy lever may be set to: a choice the claims sweep, not an uncertainty
    about the world, so the calibration keeps it at the scenario's value."""


class PlausibleFactor(PlausibleRange):
    """A range declared on a roster field as multiples of each entry's own value (``low`` and
    ``high`` are factors): each lab's cash is known within a factor, not on one scale for all.
    An entry whose value is 0 has no range."""

    def around(self, value: float) -> PlausibleRange:
        return PlausibleRange(value * self.low, value * self.high,
                              f"{self.low:g} to {self.high:g} times the entry's value: {self.basis}")


class PlausibleShift(PlausibleRange):
    """A range declared on a roster field as amounts added to each entry's own value (``low``
    below 0), kept within the range the field's unit allows (0-1, -1..1)."""

    def around(self, value: float, unit: str) -> PlausibleRange:
        floor, ceiling = unit_limits(unit)[:2]
        low, high = max(floor, value + self.low), min(ceiling, value + self.high)
        return PlausibleRange(low, high, f"{self.low:+g} to {self.high:+g} around the entry's value: {self.basis}")


# --------------------------------------------------------------------------- actors


@dataclass
class LabConfig:
    """One AI lab as of its entry month (the run's start month if it existed then)."""

    display_name: str = param("", "name shown in reports and figures; empty means its key", "text")
    bloc: str = param(
        "US",
        "home bloc of the lab: sets its options' risk, alignment position, restrictions, markup, "
        "VC climate and governments",
        "US, CN or EU", "DOMAIN.md actors",
    )
    entry: str = param("", "first month with a released model; empty means `run.start`", "YYYY-MM")
    strategy: str = param("closed", "release strategy at entry: `closed`, `hybrid` or `open`", "-")
    fixed_strategy: bool = param(False, "the lab never re-decides its strategy (timeline events still apply)", "bool")
    licence: float = param(
        1.0, "openness of the open-weight licence (1 Apache/MIT, lower for restrictive terms)", "0-1"
    )
    capability: float = param(100.0, "capability of its best model at entry", "ECI points")
    compute: float | None = param(
        None, "training compute stock at entry; empty: the stock its base inflow would hold in balanced "
        "growth (`sim.funding.balanced_stocks`)", "thousand H100-equivalents",
        plausible=PlausibleFactor(0.5, 2.0, "assumption: starting compute stocks are estimates from public reports (the roster's sources), known within a factor of 2"))
    cash: float | None = param(
        None, "cash at entry; empty: the cash its base inflow would hold in balanced growth "
        "(`sim.funding.balanced_stocks`)", "US$ billion",
        plausible=PlausibleFactor(0.5, 2.0, "assumption: the roster's starting cash, known within a factor of 2"))
    algorithmic_edge: float = param(
        1.0, "the lab's own pace of algorithmic progress: its efficiency trend is `capability.algorithmic_growth` "
        "times this (claim C5)", "multiple of `capability.algorithmic_growth`",
        plausible=PlausibleFactor(
            0.7, 1.3,
            "assumption: labs' algorithmic progress differs by 30% either way of the common trend (Epoch AI's "
            "estimates of the trend itself span 2x to 4.5x a year)",
        ),
    )
    funding: str = param(
        "vc", "main funding source: `vc`, `parent` or `state` (a state-funded lab's inflow is state money)", "-"
    )
    inflow: float = param(
        0.1, "base inflow from its funding source (for VC: at climate index 1 and at the frontier)",
        "US$ billion per month",
        plausible=PlausibleFactor(0.5, 2.0, "assumption: the roster's funding inflows, known within a factor of 2"),
    )
    price: float = param(10.0, "blended API price at entry", "US$ per million tokens")
    own_api: bool = param(
        True,
        "whether the lab sells its open models through its own API when it is open (a closed or hybrid "
        "lab always sells its best model's; an open lab without it leaves its API to clouds)",
        "bool",
    )
    cloud: str = param(
        "",
        "affiliated cloud vendor, which rents hardware to self-hosters of the lab's family in its "
        "regions and shares the rent margin with the lab; empty for none",
        "cloud name",
    )
    other_business: float = param(
        0.0, "weight of the value of commoditising rivals (a parent with other revenue)", "0-1",
        plausible=PlausibleShift(-0.2, 0.2, "assumption: the weight of other businesses, 0.2 either way")
    )
    family: str = param("", "name of its family of models (Qwen, Llama); empty means the lab's name", "text")
    sizes: dict[str, list[float]] = param(
        {},
        "sizes of the family's open-weight releases by release month; from a month on the family offers "
        "every size released so far (before its first dated release, that release's sizes); empty means "
        "`developers.default_sizes`",
        "billion parameters by YYYY-MM",
    )
    source: str = param("assumption", "provenance of the lab's starting values", "text")


@dataclass
class CloudConfig:
    """A cloud vendor: where it operates, whose models it resells, and its hosting rule.

    Every ``review_every`` months from the run's start it decides, from the expected
    hosting margin (``sim.agents.cloud``), which open families to host, at which of
    ``markup_options``, and whether to enter the regions of ``prospects``.
    """

    display_name: str = param("", "name shown in reports and figures; empty means its key", "text")
    bloc: str = param("US", "home bloc; its government's restrictions decide which weights it may host", "US, CN or EU")
    regions: list[str] = param([], "regions it serves at the start", "list of regions")
    prospects: list[str] = param(
        [], "regions it may enter by its own decision (entry is kept once made)", "list of regions"
    )
    partners: list[str] = param(
        [],
        "labs whose models it resells under partnership, closed ones included; it promotes them "
        "like hosted models (partnership changes neither prices nor channels)",
        "list of labs",
    )
    hosts_open: bool = param(True, "whether it considers hosting open families at all (those its government allows)", "bool")
    markup: float = param(
        0.3,
        "markup over the self-hosting cost on hardware rented to self-hosters of its affiliated "
        "labs' families, and the listed markup that caps an open lab's own price",
        "fraction",
        plausible=PlausibleRange(0.1, 0.6, "assumption: from a thin 10% to 60% over cost"),
    )
    markup_options: list[float] = param(
        [-0.2, 0.0, 0.1, 0.2, 0.3, 0.5],
        "markups over a family's serving cost it chooses among when it hosts the family's API "
        "(below 0: hosted at a loss)",
        "list of fractions",
    )
    hosting_cost: float = param(
        20000.0,
        "monthly cost of keeping one open family deployed (engineering, reserved capacity), "
        "whatever the regions",
        "US$ per month",
        plausible=PlausibleRange(
            5000.0, 200000.0, "assumption: from a fraction of one engineer to a team with reserved GPUs"
        ),
    )
    entry_cost: float = param(
        100000.0,
        "monthly cost of offering model hosting in a region it does not yet serve (sales, "
        "compliance, local capacity), set against the hosting margin expected there",
        "US$ per month",
        plausible=PlausibleRange(
            20000.0, 1000000.0, "assumption: from a small sales office to a local data centre's share"
        ),
    )
    pull_through: float = param(
        0.0,
        "value to the cloud's other business (storage, compute, services) of each real adopter "
        "using its affiliated labs' families through it, beyond the hosting margin",
        "US$ per adopter per month",
        plausible=PlausibleRange(0.0, 100.0, "assumption: from none to several times a hosted adopter's bill"),
    )
    review_every: int = param(6, "months between its hosting reviews (the first in the run's start month)", "months",
        plausible=PlausibleRange(3.0, 12.0, "assumption: hosting revisited every quarter to every year"))
    inertia: float = param(
        0.25,
        "advantage needed to change a hosting decision: a new markup must beat the current one's "
        "value by this share of it; a family is taken up above, and dropped below, this share of "
        "its hosting cost either side of zero",
        "fraction",
        plausible=PlausibleRange(0.1, 0.5, "assumption, as `strategy.inertia`"),
    )
    commitment_months: int = param(
        12, "months a family taken up or dropped by decision stays so: hosting capacity is reserved "
        "and contracts signed that far ahead", "months",
        plausible=PlausibleRange(6.0, 24.0, "assumption, as `strategy.commitment_months`"),
    )
    promotion: float = param(
        0.002, "monthly chance that an adopter in its regions learns of a model it hosts", "probability per month",
        plausible=PlausibleRange(0.001, 0.005, "assumption")
    )
    source: str = param("assumption", "provenance", "text")


@dataclass
class GovernmentConfig:
    """A government and its instruments at the run's start (the timeline changes them)."""

    display_name: str = param("", "name shown in reports and figures; empty means its key", "text")
    bloc: str = param(
        "", "bloc whose labs it funds and protects; empty for a Global South government", "US, CN, EU or empty"
    )
    regions: list[str] = param([], "adopter regions under its jurisdiction", "list of regions")
    export_control: float = param(
        0.0, "tightness of its chip export controls on China: share of advanced compute denied", "0-1"
    )
    leakage: float = param(
        0.3, "share of denied compute obtained anyway (smuggling, overseas cloud)", "0-1",
        plausible=PlausibleRange(
            0.1, 0.6, "assumption: smuggling and overseas cloud rental, from a tenth to most of the denied chips"
        ),
    )
    react_gap_months: float = param(
        0.0, "tighten controls while China's lag is below this many months; 0 = never", "months",
        plausible=PolicyRange(0.0, 12.0, "policy range: from never reacting to reacting within a year's lag"),
    )
    react_step: float = param(
        0.05, "tightening per month under the reactive rule", "0-1 per month",
        plausible=PolicyRange(0.0, 0.1, "policy range: from no tightening to 10 points of tightness a month"),
    )
    subsidy: float = param(
        0.0, "direct funding shared equally among its active home labs", "US$ billion per month",
        plausible=PolicyRange(
            0.0, 0.5, "policy range: from none to about three times China's assumed level (0.15)"
        ),
    )
    compute_voucher: float = param(
        0.0,
        "share of its labs' compute cost it pays; at most `sim.config.MAX_VOUCHER` (0.95), so a lab "
        "always pays something",
        "0-1",
        plausible=PolicyRange(0.0, 0.8, "policy range: from none to Shanghai's 80% of rental fees (DOMAIN.md, 2024-12)"),
    )
    vc_fund: float = param(
        0.0, "state VC guidance fund shared among its active home VC-funded labs", "US$ billion per month",
        plausible=PolicyRange(0.0, 0.5, "policy range: from none to 2.5 times the pace assumed for China's guidance fund (0.2)")
    )
    open_reward: float = param(
        0.0, "support for home labs releasing open weights", "US$ billion per month",
        plausible=PolicyRange(
            0.0, 0.05, "policy range: from none to US$0.6B a year, as the US Action Plan's assumed size (0.05)"
        ),
    )
    procurement: float = param(0.0, "utility bonus its public adopters give favoured options", "utils")
    procurement_open: float = param(
        0.0,
        "a Global South government's procurement stance: 1 favours open weights its public "
        "adopters self-host, 0 closed services bought through an API (a bloc government favours "
        "its home labs and ignores it)",
        "0-1",
    )
    open_gap_tolerance: float = param(
        12.0,
        "the reactive stance rule: capability gap of the best open weights behind the frontier "
        "that a government accepts for weights it can run and adapt, at full sovereignty "
        "preference; 0 = the stance never changes by itself",
        "ECI points",
        plausible=PlausibleRange(
            4.0, 20.0,
            "assumption: a sovereign adopter gives up from about 4 to 20 months of frontier progress "
            "(`capability.frontier_pace`); T15 puts open weights 3.5 months behind",
        ),
    )
    dependence_weight: float = param(
        0.5,
        "extra tolerance, in units of `open_gap_tolerance`, per unit of dependence on one foreign "
        "bloc (the largest share of its regions' model users on one foreign bloc's APIs)",
        "multiple of the tolerance",
        plausible=PlausibleRange(0.0, 1.0, "assumption: from no reaction to dependence to as much as to sovereignty"),
    )
    stance_review_every: int = param(
        12, "months between its procurement-stance reviews (the first in the run's start month)", "months",
        "assumption: procurement follows yearly budgets",
        plausible=PlausibleRange(6.0, 24.0, "assumption: procurement revisited every half year to every two years"),
    )
    stance_band: float = param(
        2.0,
        "half-width of the band around the tolerated gap inside which the stance is kept, so that "
        "it does not switch back and forth",
        "ECI points",
        plausible=PlausibleRange(0.5, 4.0, "assumption: from half a month to four months of frontier progress"),
    )
    restricted_origins: list[str] = param(
        [],
        "blocs whose models are barred in its regions and whose weights its bloc's clouds may not host",
        "list of blocs",
    )
    promotion_abroad: float = param(
        0.0, "monthly chance that a Global South adopter learns of one of its labs", "probability per month",
        plausible=PolicyRange(
            0.0, 0.02, "policy range: from none to about seven times a lab's own marketing (`adoption.promotion`)"
        ),
    )
    source: str = param("assumption", "provenance", "text")


@dataclass
class RegionConfig:
    """A market of adopters (firms, developers, public bodies) and its distributions."""

    display_name: str = param("", "name shown in reports and figures; empty means its key", "text")
    group: str = param("global_south", "country group: `global_north`, `china` or `global_south`", "-")
    weight: float = param(0.1, "share of all adopters", "fraction")
    budget: float = param(500.0, "median monthly AI budget of an adopter in 2022", "US$ per month", positive=True,
        plausible=PlausibleFactor(0.5, 2.0, "assumption: regional AI budgets, within a factor of 2"))
    budget_sigma: float = param(1.0, "log-sd of budgets", "log US$")
    volume: float = param(50.0, "median monthly token use of an adopter in 2022, at `adoption.reference_price`",
        "million tokens per month",
        plausible=PlausibleFactor(0.5, 2.0, "assumption: regional token use, within a factor of 2"))
    self_host_share: float = param(0.1, "share of adopters with GPUs to self-host", "fraction",
        plausible=PlausibleFactor(0.5, 1.5, "assumption: the share able to self-host, half to one and a half times the roster's"))
    sovereignty: float = param(0.5, "mean preference for weights one can run and adapt", "0-1",
        plausible=PlausibleShift(-0.2, 0.2, "assumption: regional tastes, 0.2 either way on their scale"))
    trust: float = param(0.5, "mean sensitivity to security and trust risks", "0-1",
        plausible=PlausibleShift(-0.2, 0.2, "assumption: regional tastes, 0.2 either way on their scale"))
    alignment: float = param(0.0, "mean geopolitical alignment (-1 US, +1 China)", "-1..1",
        plausible=PlausibleShift(-0.2, 0.2, "assumption: regional alignment, 0.2 either way on its scale"))
    alignment_sd: float = param(0.3, "standard deviation of alignment", "-1..1")
    awareness: dict[str, float] = param(
        {"US": 0.05, "CN": 0.02, "EU": 0.01},
        "share of the region's adopters who learn of a lab of that bloc when it enters", "fraction",
    )
    source: str = param("assumption", "provenance", "text")


# ------------------------------------------------------------------------ mechanisms


@dataclass
class CapabilityConfig:
    """Mechanism 1: capability from effective compute; induced efficiency under scarcity."""

    eci_per_decade: float = param(
        10.0, "capability gained per tenfold effective compute", "ECI points",
        "fit: US frontier +0.9 ECI/month at ~12x effective compute a year (Epoch ECI, T20)", positive=True,
        plausible=PlausibleRange(8.0, 12.0, "the fit (T20, Epoch ECI), 20% either way for the uncertain compute growth behind it"),
    )
    algorithmic_growth: float = param(
        1.364, "yearly growth of algorithmic efficiency, as a natural log (1.1 = 3x)", "log per year",
        CALIBRATED,
        plausible=PlausibleRange(
            0.7, 1.5, "Epoch AI's estimates of algorithmic progress: efficiency 2x to 4.5x a year"
        ),
    )
    scarcity_elasticity: float = param(
        1.294,
        "extra efficiency growth per unit of compute scarcity (strength of induced innovation, claim C2)",
        "ratio", CALIBRATED,
        plausible=PlausibleRange(
            0.0, 2.5,
            "assumption (DOMAIN.md: the strength of induced innovation is uncertain): from none to "
            "efficiency growing 3.5 times as fast at full scarcity",
        ),
    )
    spend_share: float = param(
        0.02427, "share of cash spent on compute each month", "fraction per month", CALIBRATED,
        plausible=PlausibleRange(
            0.015, 0.12, "assumption: a lab spends its cash on compute within about 8 months (0.12) to 5.5 years (0.015)"
        ),
    )
    hardware_price: float = param(0.035, "cost of one thousand H100-equivalents in 2022-01", "US$ billion", positive=True,
        plausible=PlausibleRange(0.025, 0.045, "assumption: an H100-equivalent at US$25,000 to 45,000, the span of list prices and cloud-implied costs"))
    hardware_decline: float = param(0.3, "yearly fall of hardware cost per unit, as a log", "log per year",
        plausible=PlausibleRange(0.2, 0.4, "assumption: price-performance of accelerators improving 22% to 49% a year"))
    depreciation: float = param(0.02, "monthly loss of compute stock", "fraction per month",
        plausible=PlausibleRange(0.01, 0.03, "assumption: accelerators written off over about 3 to 8 years"))
    domestic_efficiency: float = param(
        0.6, "compute per dollar of domestic chips (Huawei Ascend, made by SMIC) relative to export-controlled ones",
        "fraction",
        "DeepSeek's tests as reported (daily8.com, 'DeepSeek research suggests Huawei's Ascend 910C delivers 60% "
        "of Nvidia H100 inference performance'); assumption: a domestic chip costs what a controlled one does, "
        "and the ratio holds as both improve (the 910C trails Nvidia's B200 threefold: besthub.dev)",
        plausible=PlausibleRange(
            0.3, 0.8,
            "Ascend 910B at about 320 FP16 TFLOPS against the H100's 989 (boardor.com) to the 910C at about 80% "
            "of an H100 (Lennart Heim, as quoted on besthub.dev)",
        ),
    )
    domestic_supply: float = param(
        10.0, "domestic chips the model's Chinese labs can buy a month, in `domestic_supply_month`",
        "thousand H100-equivalents per month",
        "Huawei's 2025 output of 200,000 (US Commerce, zoonop.com) to 300,000 (half of 2026's 600,000, "
        "Bloomberg via japantimes.co.jp) Ascend 910C, times `domestic_efficiency`; assumption: the model's "
        "labs take most of it",
        plausible=PlausibleRange(5.0, 20.0, "the same sources, from half to all of the output going to these labs"),
    )
    domestic_supply_month: str = param("2025-01", "month in which domestic supply is `domestic_supply`", "YYYY-MM")
    domestic_supply_growth: float = param(
        0.69, "yearly growth of domestic chip supply, as a log", "log per year",
        "Huawei plans to double 910C output from 2025 to 2026 (Bloomberg via japantimes.co.jp): ln 2",
        plausible=PlausibleRange(
            0.4, 1.0,
            "from 1.5x a year to China's aim of fivefold leading-edge output in two years (Nikkei via euno.news)",
        ),
    )
    frontier_pace: float = param(
        0.96,
        "frontier growth: dates levels reached before the run's start (submodel 7.13), and is the "
        "pace at which labs expect the field to leave weights no line updates behind (submodel 7.8)",
        "ECI points per month", "OLS on the US quarter-end ECI maximum, 2023-2025 (Epoch ECI)",
        plausible=PlausibleRange(
            0.7, 1.4,
            "the US frontier's running maximum (epoch_eci_model_versions.csv) rose 1.40 ECI points a month "
            "in 2024 (126.2 to 143.0) and 0.90 in 2025 (to 153.8); the range spans both and a little below",
        ),
    )


@dataclass
class OpennessConfig:
    """Mechanism 2: community feedback, distillation, how long derivatives count in a family's
    ecosystem (derivatives come from the developers, ``DevelopersConfig``)."""

    community_feedback: float = param(
        0.004, "log10 efficiency gained per log of (1 + new derivatives of the family)", "log10 per month",
        plausible=PlausibleRange(
            0.001, 0.012, "assumption: from a quarter to three times the default's feedback"
        ),
    )
    distillation: float = param(
        0.05075, "share of the capability gap to the best open weights a lab closes each month",
        "fraction per month", CALIBRATED,
        plausible=PlausibleRange(
            0.0, 0.12, "assumption: from none to closing 12% of the gap a month (half of it in about 5.4 months)"
        ),
    )
    hybrid_lag: float = param(
        7.916, "capability gap of a hybrid lab's open weights behind its best model when it releases them",
        "ECI points", CALIBRATED,
        plausible=PlausibleRange(
            3.0, 12.0,
            "the gaps at release of the hybrid lines' best open weights behind their own best model "
            "then (epoch_eci_scores_by_model.csv): Gemma 7B 6.1 (2024-02), Gemma 2 27B 10.2 "
            "(2024-06), Gemma 3 27B 5.2 (2025-03), gpt-oss-120b 9.1 (2025-08), Mistral NeMo 2.9 "
            "(2024-07); the gap grows between releases (Gemma 3 27B trails Gemini 3 Pro by 23.3 in 2025-12)",
        ),
    )
    hybrid_release_months: int = param(
        6, "months between a hybrid line's open-weight releases (the first in its first month as hybrid)",
        "months", source="between Gemma's intervals (4.1, 8.6 and at least 9.3 months: 7.3 on average) "
        "and Mistral's (2.8 on average, 2023-12 to 2024-11), epoch_eci_scores_by_model.csv", positive=True,
        plausible=PlausibleRange(
            2.0, 12.0,
            "the intervals between a hybrid line's open releases (epoch_eci_scores_by_model.csv): "
            "Gemma 4.1 and 8.6 months, then none in the 9.3 months to 2025-12; Mistral 4.2, 1.3, "
            "1.7 and 4.0 (2023-12 to 2024-11); OpenAI none from 2019 to gpt-oss (2025-08)",
        ),
    )
    size_slope: float = param(
        7.99, "capability lost per tenfold fewer parameters, at a given date", "ECI points per decade of size",
        "OLS of ECI on release date and log10 parameters over 53 open-weight models (experiments/epoch_data.py: "
        "ECI = 72.81 + 13.50 t + 7.99 log10 B, t years since 2022-01, residual sd 5.95)",
        plausible=PlausibleRange(4.9, 11.1, "the fit's slope within two standard errors (se 1.54)"),
    )
    frontier_size: float = param(
        2673.0, "parameters at which open weights could stand at the world frontier", "billion parameters",
        "experiments/epoch_data.py: the geometric mean of the sizes at which the fitted envelope meets the "
        "best closed model at the ends of 2023, 2024 and 2025 (E1-E3)", positive=True,
        plausible=PlausibleRange(1782.0, 4227.0, "the three sizes at which the envelope meets the closed frontier"),
    )
    ecosystem_half_life: float = param(
        12.0, "months in which a derivative's weight in its family's ecosystem halves", "months", positive=True,
        plausible=PlausibleRange(
            6.0, 24.0, "assumption: fine-tunes of a base model stop being used within one to two "
            "release cycles of its family (6-12 months between Llama and Qwen generations)"
        ),
    )


@dataclass
class DevelopersConfig:
    """Mechanism 2's developers: who downloads and fine-tunes open families (``sim.developers``)."""

    size: int = param(4000, "simulated developers", "agents")
    represents: float = param(
        1.0e6, "real developers and pipelines that download open models, whom the population stands for",
        "developers", positive=True,
    )
    activity: float = param(
        0.15, "monthly chance that a developer downloads a model", "probability per month",
        plausible=PlausibleRange(0.05, 0.3, "assumption: active every 3 to 20 months"),
    )
    downloads_per_developer: float = param(
        30.0, "downloads an active developer's work pulls in a month (trials, pipelines, redeployments)",
        "downloads per developer per month",
        plausible=PlausibleRange(10.0, 60.0, "assumption: a third to twice the default"),
    )
    gpus: float = param(2.0, "median GPUs a developer can use (log-sd 1)", "GPUs",
        plausible=PlausibleRange(1.0, 4.0, "assumption: from one GPU to a small workstation"))
    billions_per_gpu: float = param(
        15.0, "model size a developer can fine-tune per GPU (adapters on 4- to 8-bit weights)",
        "billion parameters per GPU",
        plausible=PlausibleRange(8.0, 25.0, "assumption: adapters on 4- to 8-bit weights on 24 to 80 GB cards"),
    )
    fine_tune_rate: float = param(
        0.05, "chance that a download of a reference-size model under licence 1 is fine-tuned and "
        "published as a derivative (0 switches derivatives off)", "fraction",
        plausible=PlausibleRange(0.01, 0.15, "assumption"),
    )
    reference_size: float = param(
        7.0, "model size at which `fine_tune_rate` holds", "billion parameters", positive=True,
    )
    size_elasticity: float = param(
        0.5, "how fast the fine-tune chance falls with model size: (reference_size / size) ** elasticity",
        "ratio",
        plausible=PlausibleRange(0.0, 1.0, "assumption: from no effect of size to fine-tunes inverse to size"),
    )
    default_sizes: list[float] = param(
        [8.0, 70.0], "sizes offered by a family whose releases the roster does not record",
        "billion parameters", "assumption: the two sizes most Llama releases offered (Epoch notable models)",
    )
    capability: float = param(1.0, "utility per 10 ECI points of the family's open weights", "utils",
        plausible=PlausibleRange(0.5, 2.0, "assumption: half to twice the default"))
    fits: float = param(
        1.5, "utility of a family offering a size the developer's GPUs can fine-tune", "utils",
        plausible=PlausibleRange(0.75, 2.5, "assumption")
    )
    licence: float = param(1.0, "utility of licence openness 1 over 0", "utils",
        plausible=PlausibleRange(0.5, 1.5, "assumption"))
    ecosystem: float = param(
        1.0, "utility of a family holding all of the field's recent derivatives (`sim.openness.ecosystem_shares`)",
        "utils", plausible=PlausibleRange(0.5, 2.0, "assumption: half to twice the default")
    )
    alignment: float = param(
        0.5, "utility of full geopolitical alignment with the family's bloc (home bias)", "utils",
        plausible=PlausibleRange(0.25, 1.0, "assumption")
    )
    risk: float = param(0.5, "utility lost at full risk of the family's bloc (`adoption.risk`)", "utils",
        plausible=PlausibleRange(0.25, 1.0, "assumption"))
    release_awareness: float = param(
        0.2, "share of developers who learn of a family when its first open weights are released", "fraction",
        plausible=PlausibleRange(0.1, 0.4, "assumption")
    )
    promotion: float = param(
        0.02, "monthly chance that an active developer learns of a released family it did not know",
        "probability per month",
        plausible=PlausibleRange(0.01, 0.04, "assumption"),
    )
    word_of_mouth: float = param(
        0.5, "monthly chance that an active developer learns of a family that had all of last month's "
        "downloads (in proportion to its share)", "probability per month",
        plausible=PlausibleRange(0.25, 0.75, "assumption"),
    )


@dataclass
class PricingConfig:
    """Mechanism 3: serving costs, markups, price wars, subsidised prices."""

    reference_cost: float = param(
        10.7, "serving cost of a model at `reference_capability` in `reference_month`", "US$ per million tokens",
        "T18a: GPT-4's US$37.5 in 2023-03 over one plus the US markup (2.5)",
        plausible=PlausibleRange(
            4.0, 16.0, "T18: frontier list prices of US$26-38 per million tokens (o1, GPT-4), less a markup"
        ),
    )
    reference_capability: float = param(
        126.2, "capability whose cost is `reference_cost`", "ECI points", "E1: GPT-4 (gpt-4-0314) in Epoch's ECI"
    )
    reference_month: str = param("2023-03", "month in which the reference capability costs `reference_cost`",
                                 "YYYY-MM", "GPT-4's release")
    inference_efficiency: float = param(
        2.0, "yearly fall of the compute needed to serve a fixed capability, as a log", "log per year",
        "a16z, 'Welcome to LLMflation' (a16z.com/llmflation-llm-inference-cost): the price of a fixed MMLU "
        "score falls about 10x a year (ln 10 = 2.3), less `capability.hardware_decline` (0.3)",
        plausible=PlausibleRange(
            1.1, 3.4,
            "from 3x a year, algorithmic gains alone (Gundlach et al., 'The Price of Progress', arXiv 2511.23455, "
            "as summarised on euno.news) to T17's 40x a year at GPT-4 level, less hardware",
        ),
    )
    cost_per_eci: float = param(
        0.06, "log10 serving cost added per ECI point of capability", "log10 per ECI point",
        "least-squares slope of log10 blended price plus the default cost decline (1.0 log10 a year) on ECI over "
        "four frontier list prices at one markup: GPT-4 (2023-03, ECI 126.2, US$37.5, T18), o1 (2024-12, 142.3, "
        "US$26.25, T18), GPT-5 (2025-08, 150.0, US$3.44) and Gemini 3 Pro (2025-11, 154.0, US$4.50) (ECI: "
        "epoch_eci_scores_by_model.csv; 2025 prices: lmarena_catalog_models_prices.csv, blended 3:1): 0.060; the "
        "slope of log10 price on ECI across the 29 models of 2025 in both files is 0.059",
        plausible=PlausibleRange(
            0.05, 0.16,
            "the same derivation over the range of the cost decline (1.4 to 3.7 a year: "
            "`inference_efficiency` plus `capability.hardware_decline`)",
        ),
    )
    efficiency_pass_through: float = param(
        0.5, "elasticity of serving cost to the efficiency a lab gained from compute scarcity", "log10 per log10",
        plausible=PlausibleRange(0.25, 0.75, "assumption: from a quarter to three quarters of the efficiency reaching serving cost")
    )
    markup: dict[str, float] = param(
        {"US": 2.5, "CN": 0.1809, "EU": 1.0}, "markup over cost by home bloc, without rivals", "multiple of cost",
        "US and EU: assumption; CN: " + CALIBRATED,
        plausible={
            "US": PlausibleRange(
                1.5, 4.0, "T14: closed models sell at about 6 times open ones' prices; US labs' markup from 1.5 to 4 over cost"
            ),
            "EU": PlausibleRange(0.5, 2.0, "assumption: between Chinese and US markups"),
            "CN": PlausibleRange(
                0.1, 1.0,
                "T18, T19: DeepSeek's prices (US$0.48 per million tokens for V3) and the 2024 price war put "
                "Chinese prices near cost; 10% to 100% over it",
            ),
        },
    )
    parity_window: float = param(
        4.0, "capability distance within which two labs are rivals", "ECI points",
        plausible=PlausibleRange(1.0, 8.0, "assumption: rivals within 1 to 8 months of frontier progress"),
    )
    war_intensity: float = param(
        0.15, "markup reduction per rival at parity", "fraction",
        plausible=PlausibleRange(0.05, 0.3, "assumption"),
    )
    war_end_markup: float = param(
        0.1,
        "a bloc's price war ends once its labs' own API prices stand on average at most this far above their "
        "floors (mean of price / floor - 1; the floor is the serving cost less what state money pays): the "
        "cuts are made, nothing is left to fight over",
        "fraction of the floor",
        "assumption; DOMAIN.md: the price war of 2024 gave way to a 'post price war' market by 2025",
        plausible=PlausibleRange(0.02, 0.3, "assumption: prices within 2% to 30% of cost"),
    )
    adjustment: float = param(0.15, "share of the (log) gap to the target price closed each month", "fraction",
        plausible=PlausibleRange(0.05, 0.3, "assumption: prices move a twentieth to almost a third of the way to their target a month"))
    subsidised_discount: float = param(
        0.5,
        "price cut per unit share of state money in the lab's income; at most `MAX_DISCOUNT` (0.95), "
        "so that prices stay positive",
        "fraction",
        plausible=PolicyRange(0.0, MAX_DISCOUNT, "policy range: from no pass-through to the largest allowed"),
    )
    self_host_cost: float = param(
        2000.0,
        "monthly cost of self-hosting a model whose serving cost is `reference_cost` (hardware, power, staff "
        "share); it scales with the weights' serving cost",
        "US$ per month", "assumption: about two rented data-centre GPUs",
        plausible=PlausibleRange(1000.0, 4000.0, "assumption: one to four rented data-centre GPUs"),
    )
    self_host_compute: float = param(2.0, "GPUs an adopter needs to self-host weights whose serving cost is "
        "`pricing.reference_cost` (GPT-4 level, 2023-03); in proportion to the weights' serving cost", "GPUs",
        plausible=PlausibleRange(1.0, 4.0, "assumption"))


@dataclass
class AdoptionConfig:
    """Mechanism 4: the adopters' choice rule and the spread of awareness."""

    capability: float = param(
        4.0,
        "utility of a model that fully serves an adopter's tasks (capability far above its need); "
        "a model at the need gives half of it",
        "utils",
        "assumption, set so that the baseline's 2025 adoption meets T21 (8 seeds, docs/VALIDATION.md section 3)",
        plausible=PlausibleRange(2.5, 7.0, "assumption"),
    )
    need_mean: float = param(
        135.0, "mean capability an adopter's tasks need", "ECI points",
        "assumption: between GPT-4 (125.8 ECI, 2023-03) and GPT-5 (150.0, 2025-08), "
        "epoch_eci_scores_by_model.csv",
        plausible=PlausibleRange(
            125.0, 150.0,
            "assumption: the typical task needs at least a GPT-4-level model and at most a GPT-5-level one "
            "(epoch_eci_scores_by_model.csv)",
        ),
    )
    need_sd: float = param(
        15.0, "standard deviation of adopters' needs (normal across adopters, the same in every region)",
        "ECI points",
        plausible=PlausibleRange(
            5.0, 20.0,
            "assumption: tasks differ by about the span from GPT-3.5 Turbo (116.6 ECI) to GPT-4 (125.8) "
            "and up to twice that (epoch_eci_scores_by_model.csv)",
        ),
    )
    need_width: float = param(
        3.0, "capability above the need that takes a model from half to 73% of its full value (logistic scale)",
        "ECI points", positive=True,
        plausible=PlausibleRange(1.5, 6.0, "assumption"),
    )
    budget_growth: float = param(
        1.75, "yearly factor by which an adopter's AI budget grows in 2022, the growth slowing as "
        "`adoption.growth_half_life` says", "factor per year", positive=True,
        source="a16z, How 100 enterprise CIOs are building and buying gen AI (2025-05): enterprise LLM "
        "spending up about 75% a year",
        plausible=PlausibleRange(
            1.2, 3.0,
            "a16z's 75% a year counts new adopters too (less per adopter); Menlo Ventures' enterprise gen AI "
            "spending, about US$2.5B in 2023 and about five times that in 2024, allows more",
        ),
    )
    volume_growth: float = param(
        2.0, "yearly factor by which the tokens an adopter's tasks take grow in 2022 (longer contexts, "
        "reasoning, agents), at a fixed price; slowing as `adoption.growth_half_life` says",
        "factor per year", positive=True,
        source="Google's tokens processed a month: 9.7T (2024-04), 480T (2025-05), 1.3 quadrillion (2025-10), "
        "much of it reasoning tokens; the part not due to more users or lower prices is assumed",
        plausible=PlausibleRange(1.0, 4.0, "assumption: from no growth at a fixed price to four times a year"),
    )
    growth_half_life: float = param(
        3.0, "years in which the yearly growth rates of budgets and token use halve", "years", positive=True,
        plausible=PlausibleRange(1.5, 6.0, "assumption: growth slows as uses mature"),
    )
    price_elasticity: float = param(
        1.0, "elasticity of the tokens an adopter buys to the price paid: at twice the price it buys "
        "2^-elasticity as many (within its budget)", "elasticity",
        plausible=PlausibleRange(
            0.5, 1.5,
            "assumption: token use grows faster than prices fall (Google's tokens 50 times in a year while "
            "frontier prices fell several times), so demand is about unit-elastic or more",
        ),
    )
    reference_price: float = param(
        10.0, "price at which an adopter buys its volume (`regions.<name>.volume`)", "US$ per million tokens",
        "the regions' median budget over median volume (US$500 for 50M tokens), GPT-3.5-to-GPT-4 prices "
        "of 2023 (T18)",
        positive=True,
    )
    price: float = param(
        1.408, "utility lost per unit of ln(1 + cost / budget)", "utils", CALIBRATED,
        plausible=PlausibleRange(
            0.5, 2.1,
            "assumption; T14 (closed models keep 80% of use at 6x the price) and T22 (price-sensitive "
            "countries choose DeepSeek) say only that it matters and does not dominate",
        ),
    )
    sovereignty: float = param(
        1.5, "utility of full sovereignty for an adopter with full preference", "utils",
        plausible=PlausibleRange(0.75, 2.5, "assumption"),
    )
    self_host_effort: float = param(
        1.507, "utility lost to the work of running a model oneself", "utils", CALIBRATED,
        plausible=PlausibleRange(0.2, 2.5, "assumption"),
    )
    trust: float = param(
        2.265, "utility lost at full trust sensitivity and full risk", "utils", CALIBRATED,
        plausible=PlausibleRange(
            0.5, 3.5, "assumption: T11 orders the risks (`adoption.risk`), not how much adopters weigh them"
        ),
    )
    alignment: float = param(1.0, "utility of full geopolitical alignment with a model's bloc", "utils",
        plausible=PlausibleRange(0.5, 1.5, "assumption"))
    peers: float = param(2.0, "utility of all peers using the same family", "utils",
        plausible=PlausibleRange(1.0, 3.0, "assumption"))
    ecosystem: float = param(
        1.0, "utility of a family holding all of the field's recent derivatives (`sim.openness.ecosystem_shares`)",
        "utils", plausible=PlausibleRange(0.5, 2.0, "assumption: half to twice the default"),
    )
    switching: float = param(
        1.0, "mean utility lost by switching to another lab's family", "utils",
        plausible=PlausibleRange(0.5, 2.0, "assumption"),
    )
    outside: float = param(
        5.79, "utility of using no model, against a model that serves none of the adopter's needs at zero cost",
        "utils", CALIBRATED,
        plausible=PlausibleRange(
            3.5, 6.5, "assumption, wide enough to fit T21's adoption levels (14-25% of the working-age population, 2025)"
        ),
    )
    revision: float = param(
        0.1, "monthly chance that an adopter reconsiders its choice", "fraction",
        plausible=PlausibleRange(0.05, 0.2, "assumption: a choice revisited every 5 to 20 months"),
    )
    promotion: float = param(
        0.003, "monthly chance an adopter learns of an active lab by the lab's own marketing", "probability per month",
        plausible=PlausibleRange(0.001, 0.01, "assumption"),
    )
    word_of_mouth: float = param(
        0.15, "monthly chance of learning of a lab that all one's peers use", "probability per month",
        plausible=PlausibleRange(0.05, 0.3, "assumption"),
    )
    risk: dict[str, float] = param(
        {"US": 0.1, "CN": 0.6, "EU": 0.1}, "security and trust risk of a bloc's models", "0-1",
        "T11: Chinese models 12x more vulnerable to jailbreaks (US CAISI)",
        plausible={
            "US": PlausibleRange(0.05, 0.3, "T11 orders the risks; US models low"),
            "CN": PlausibleRange(0.3, 0.9, "T11: 12 times more vulnerable to jailbreaks, 60% repeat disinformation"),
            "EU": PlausibleRange(0.05, 0.3, "as US"),
        },
    )
    self_host_risk: float = param(0.5, "share of a model's risk removed by self-hosting", "fraction",
        plausible=PlausibleRange(0.25, 0.75, "assumption"))
    bloc_alignment: dict[str, float] = param(
        {"US": -1.0, "CN": 1.0, "EU": -0.5}, "position of each bloc on the alignment axis", "-1..1"
    )
    self_host_sovereignty: float = param(1.0, "sovereignty of self-hosted open weights at licence 1", "0-1",
        plausible=PlausibleRange(0.8, 1.0, "assumption"))
    api_sovereignty: float = param(0.2, "sovereignty of an open model used through an API, at licence 1", "0-1",
        plausible=PlausibleRange(0.1, 0.4, "assumption"))


PARITY_BLOCS = ("US", "CN")
"""The blocs whose level claim C1's parity arms can give the other's models."""


@dataclass
class CounterfactualConfig:
    """Claim C1's counterfactual worlds, in the option table adopters choose from: one bloc's
    models take on the other's prices or capability (``parity_towards`` names whose)."""

    price_parity: bool = param(
        False,
        "claim C1's arm: the other bloc's APIs sell at the price of the most capable API of the "
        "`parity_towards` bloc sold in the region (adopters pay it, sellers earn it); towards US, "
        "Chinese weights are no longer free either: self-hosters pay that price per token on top of "
        "their hardware (a fee nobody earns)",
        "bool",
    )
    capability_parity: bool = param(
        False,
        "claim C1's arm: the other bloc's models perform for adopters as well as the `parity_towards` "
        "bloc's, shifted by the US-China frontier gap",
        "bool",
    )
    parity_towards: str = param(
        "US",
        "whose level the parity arms take: `US` (Chinese models at US prices or capability) or `CN` "
        "(US models at Chinese prices or capability)",
        "US or CN",
    )


@dataclass
class StrategyConfig:
    """Mechanism 5: labs re-decide their strategy and licence from expected payoff."""

    review_every: int = param(6, "months between strategy reviews, counted from the first", "months",
        plausible=PlausibleRange(3.0, 12.0, "assumption: release plans revisited every quarter to every year"))
    review_from: str = param(
        "",
        "first review month; empty means the run's start (`run.start`); a month after `run.end` "
        "switches reviews off (the validation scenarios)",
        "YYYY-MM",
    )
    inertia: float = param(
        0.25,
        "payoff advantage needed to switch, as a share of the money the current stance moves (the "
        "sum of its payoff terms' sizes)",
        "fraction",
        plausible=PlausibleRange(0.1, 0.5, "assumption"),
    )
    commitment_months: int = param(
        12,
        "months a stance (strategy and licence), once changed by a review or imposed by the timeline, "
        "is kept: releases, licences and partnerships are planned that far ahead",
        "months",
        plausible=PlausibleRange(6.0, 24.0, "assumption: a release programme planned half a year to two years ahead"),
    )
    restrictive_licence: float = param(
        0.5,
        "openness of the restrictive licence a lab may choose instead of a permissive one (use limits, "
        "caps on users, as the first Llama, Qwen and DeepSeek licences)",
        "0-1", "assumption, on the scale of `labs.<name>.licence`",
        plausible=PlausibleRange(0.3, 0.7, "assumption"),
    )
    ecosystem_value: float = param(
        50.0,
        "value to a lab that keeps releasing open weights of each real developer who downloads its "
        "family in a month (feedback, fine-tunes, tools and hires built around its releases)",
        "US$ per developer per month",
        plausible=PlausibleRange(10.0, 200.0, "assumption"),
    )
    release_compute: float = param(
        0.01,
        "share of a lab's compute that a line of open-weight releases (hybrid or open) takes: "
        "checkpoints trained or adapted for release and their safety evaluation; valued at the "
        "compute's monthly capital cost (`capability.depreciation` at the month's hardware price)",
        "fraction",
        "gpt-oss-120b took 2.1 million H100-hours (OpenAI's model card, as summarised on lephongphu.site), "
        "about 2,900 H100-months, or some 500 H100s all year for two releases: under 0.5% of a frontier "
        "lab's hundreds of thousands; evaluation, documentation and support: assumption",
        plausible=PlausibleRange(0.002, 0.05, "assumption: from the compute of the checkpoints alone to "
                                 "a release programme with its own training runs"),
    )
    licence_fee: float = param(
        0.05,
        "share of what closed APIs would bill for commercial self-hosters' tokens that a lab can charge "
        "them under licence 0 (in proportion to 1 - licence, and only as a rent on its lead over rival "
        "weights under a licence as open)",
        "fraction",
        "assumption; Llama 2's licence requires a separate licence above 700 million monthly users "
        "(sktelecom.github.io, Llama 2 Community License Guide)",
        plausible=PlausibleRange(0.0, 0.2, "assumption"),
    )
    cloud_share: float = param(
        1.0,
        "share of its affiliated cloud's rent margin on self-hosters of its family that a lab receives "
        "(in `revenue`, `margin` and cash, submodel 7.11) and counts in its payoff",
        "share of the margin",
        plausible=PlausibleRange(0.5, 1.0, "assumption: from half to all of the margin"),
    )


@dataclass
class FundingConfig:
    """Mechanism 7: venture capital climates, parent budgets, state money."""

    vc_climate: dict[str, float] = param(
        {"US": 1.0, "CN": 0.5, "EU": 1.0},
        "venture-capital climate index of each bloc at the start (1 = normal); `vc_climate` events change it",
        "index", "T8: Greater-China VC fell from US$54.9B (2021) to 2.28B (2024)",
        plausible={
            "US": PlausibleRange(0.7, 1.3, "assumption: 30% either way of a normal climate"),
            "CN": PlausibleRange(0.3, 1.0, "T8: fundraising already falling in 2022, from the 2021 peak"),
            "EU": PlausibleRange(0.5, 1.5, "assumption"),
        },
    )
    capability_premium: float = param(
        0.1, "log fall of VC inflow per ECI point a lab is behind the world frontier", "log per ECI point",
        plausible=PlausibleRange(0.05, 0.2, "assumption: VC halves 3.5 to 14 ECI points behind the frontier"),
    )
    inflow_growth: float = param(
        0.88, "yearly growth of every lab's inflow (venture, parent and state alike), as a log; a lab's "
        "`inflow` is its inflow in `inflow_month`", "log per year",
        "Epoch AI (Cottier et al. 2024, 'The rising costs of training frontier AI models'): the amortised "
        "hardware and energy cost of frontier training runs grew 2.4x a year (ln 2.4 = 0.88)",
        plausible=PlausibleRange(
            0.5, 1.1, "Epoch AI's 95% interval for that growth, about 2x to 3x a year (ln 1.65 to ln 3)"
        ),
    )
    inflow_month: str = param(
        "2025-01", "month in which a lab's inflow is its `inflow` (the roster's inflows are of the last year "
        "in the record)", "YYYY-MM",
    )
    spend_floor: float = param(0.0, "cash at or below which a lab buys no compute", "US$ billion")
    state_friction: float = param(
        0.0,
        "share of the state money a lab receives (subsidies, guidance fund, rewards, a state lab's inflow, "
        "backfill) lost before it reaches the lab's cash: misallocation, overhead, projects chosen for "
        "other ends than capability",
        "fraction", "assumption: none in the baseline",
        plausible=PlausibleRange(
            0.0, 0.5, "assumption: from none to half of state money lost between the budget and the lab's compute"
        ),
    )
    state_backfill: float = param(
        0.0,
        "multiple of a VC-funded lab's venture-capital shortfall against a normal climate (index 1) that its "
        "bloc's state pays it, as state money: 1 is the same money through the state's channel (claim C8); "
        "0 = none",
        "multiple",
    )


@dataclass
class PopulationConfig:
    """How many adopters are simulated and how they are connected."""

    adopters: int = param(2000, "simulated adopters", "agents")
    represents: float = param(
        2.0e6, "real adopting organisations and developers the population stands for", "adopters", positive=True
    )
    peers: int = param(8, "mean number of peers per adopter in a `regional` network; 0 = no peers", "adopters")
    cross_region: float = param(
        0.1, "share of peer links drawn from the whole population rather than the own region", "fraction",
        plausible=PlausibleRange(0.05, 0.2, "assumption")
    )
    gpus: float = param(4.0, "median GPUs of adopters able to self-host (log-sd 1)", "GPUs",
        plausible=PlausibleRange(2.0, 8.0, "assumption"))
    network: str = param(
        "regional", "peer network: `regional` (random links, mostly within a region) or `fully_mixed`", "-"
    )
    kinds: dict[str, float] = param(
        {"government": 0.03, "firm": 0.57, "developer": 0.40},
        "shares of adopter kinds `government`, `firm`, `developer`", "fraction",
    )


@dataclass
class EventConfig:
    """A dated change from the scenario's timeline (data, never code)."""

    date: str = param("2022-01", "month the event takes effect", "YYYY-MM")
    kind: str = param("", "what the event changes (one of the kinds of `sim.timeline.KINDS`)", "-")
    target: str = param("", "the lab, government, cloud or bloc it acts on, by kind", "name")
    value: float = param(0.0, "the new level; its meaning and unit are set by the kind", "by kind")
    setting: str = param("", "a named setting required by some kinds (a strategy, a bloc or a region)", "name")
    region: str = param(
        "",
        "region the event is limited to; empty means everywhere it applies (required by `compute_cap`, "
        "optional for `awareness`)",
        "name",
    )
    enabled: bool = param(True, "false switches the event off", "bool")
    source: str = param("assumption", "provenance", "text")
    plausible: PlausibleRange | None = param(
        None, "the plausible range of `value` if it is uncertain (swept by the claims); empty if not", "by kind"
    )


@dataclass
class RunConfig:
    """What to run: scenario name, horizon, seed, what to record."""

    scenario: str = param("baseline", "scenario name, written into every output", "text")
    start: str = param("2022-01", "first simulated month", "YYYY-MM")
    end: str = param("2030-12", "last simulated month", "YYYY-MM")
    seed: int = param(0, "the run's one seed: numpy's SeedSequence(seed) seeds every draw", "integer")
    world: int | None = param(
        None,
        "member of the plausible-worlds ensemble (sim.worlds, written by experiments/history.py) whose "
        "parameter values the scenario takes when it is composed; empty for none",
        "index",
    )
    summary_dates: list[str] = param(["2025-12", "2030-12"], "months reported in the summary row", "list of YYYY-MM")
    adopter_snapshots: bool = param(False, "also keep every adopter's option each month", "bool")
    events: bool = param(
        True,
        "apply the timeline's dated events; false gives a world without history (the validation "
        "scenarios use it)",
        "bool",
    )


def _default(entry: type, rows: dict[str, roster.Row]) -> dict:
    """The default world's entries (``sim.roster``'s rows of named fields) as ``entry`` dataclasses;
    a row's declared range (a dict of PlausibleRange's fields) becomes a PlausibleRange."""
    built = {}
    for name, fields in rows.items():
        if "plausible" in fields:
            fields = {**fields, "plausible": PlausibleRange(**fields["plausible"])}
        built[name] = entry(**fields)
    return built


@dataclass
class ModelConfig:
    """The whole configuration of one run."""

    run: RunConfig = param(RunConfig, "what to run")
    population: PopulationConfig = param(PopulationConfig, "adopter population")
    capability: CapabilityConfig = param(CapabilityConfig, "mechanism 1")
    openness: OpennessConfig = param(OpennessConfig, "mechanism 2")
    developers: DevelopersConfig = param(DevelopersConfig, "mechanism 2's developer population")
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


def plausible_ranges(cfg: ModelConfig) -> dict[str, PlausibleRange]:
    """Every uncertain parameter of ``cfg``, by dotted key, with its plausible range.

    A field's declaration covers the field at every roster entry (``governments.us.leakage``,
    ``governments.cn.leakage``, ...), as values, or around each entry's value in ``cfg``
    (:class:`PlausibleFactor`, :class:`PlausibleShift`); a table by bloc declares its
    uncertain entries (``pricing.markup.CN``); a timeline event's ``plausible`` covers its
    ``value``. A :class:`PolicyRange` marks a lever rather than an uncertainty.
    """
    found: dict[str, PlausibleRange] = {}

    def visit(node: Any, prefix: str) -> None:
        for f in dataclasses.fields(node):
            key, value, declared = f"{prefix}{f.name}", getattr(node, f.name), f.metadata.get("plausible")
            if isinstance(declared, PlausibleFactor):
                if value:
                    found[key] = declared.around(value)
            elif isinstance(declared, PlausibleShift):
                found[key] = declared.around(value, f.metadata["unit"])
            elif isinstance(declared, PlausibleRange):
                found[key] = declared
            elif declared:
                found.update({f"{key}.{entry}": bounds for entry, bounds in declared.items() if entry in value})
            if isinstance(value, dict):
                for name, item in value.items():
                    if dataclasses.is_dataclass(item):
                        visit(item, f"{key}.{name}.")
            elif dataclasses.is_dataclass(value) and not isinstance(value, PlausibleRange):
                visit(value, key + ".")
        if isinstance(node, EventConfig) and node.plausible is not None:
            found[prefix + "value"] = node.plausible

    visit(cfg, "")
    return found


def plausible_range(key: str, cfg: ModelConfig | None = None) -> PlausibleRange:
    """The plausible range of the parameter at a dotted key (``adoption.trust``,
    ``pricing.markup.CN``, ``governments.us.leakage``, ``timeline.deepseek_r1.value``) in
    ``cfg`` (the baseline if None); ConfigError if the key does not exist or declares none."""
    cfg = default_config() if cfg is None else cfg
    value = get_value(cfg, key)
    ranges = plausible_ranges(cfg)
    if key not in ranges:
        raise ConfigError(key, value, "an uncertain parameter, with a plausible range declared in sim/config.py")
    return ranges[key]


# ------------------------------------------------------------------------ validation


SLUG = re.compile(r"[a-z0-9][a-z0-9_-]{0,63}")
SLUG_RULE = "a name of 1 to 64 lowercase letters, digits, '_' or '-', starting with a letter or digit"
"""Names that become parts of paths (a scenario's, a run's) are slugs: never a path themselves."""


def check_config(cfg: object) -> ModelConfig:
    """``cfg`` if it is a configuration (a ModelConfig), else ConfigError saying what is: None
    included, since only the model itself (``EcosystemModel()``) takes none for the default."""
    if not isinstance(cfg, ModelConfig):
        raise ConfigError("config", type(cfg).__name__, "a ModelConfig (sim.default_config() or sim.compose(...))")
    return cfg


def validate(cfg: ModelConfig) -> ModelConfig:
    """Check every field's type and hard limits, the memory a run needs, and the cross-field
    rules; return ``cfg`` or raise :class:`ConfigError`.

    Numbers are stored as Python numbers afterwards: an int or a numpy scalar given for a
    float becomes a float, a numpy integer an int (values are unchanged: only exact
    conversions are accepted).
    """
    _check_fields(check_config(cfg), "")
    if not SLUG.fullmatch(cfg.run.scenario):
        raise ConfigError("run.scenario", cfg.run.scenario, SLUG_RULE)
    start, end = _month(cfg.run.start, "run.start"), _month(cfg.run.end, "run.end")
    if end <= start:
        raise ConfigError("run.end", cfg.run.end, f"a month after run.start ({cfg.run.start})")
    if not cfg.run.summary_dates:
        raise ConfigError("run.summary_dates", [], "at least one month to report in the summary")
    for i, date in enumerate(cfg.run.summary_dates):
        if not start <= _month(date, f"run.summary_dates[{i}]") <= end:
            raise ConfigError(f"run.summary_dates[{i}]", date, f"a month from {cfg.run.start} to {cfg.run.end}")
    _check_population(cfg.population)
    if cfg.developers.size < 1:
        raise ConfigError("developers.size", cfg.developers.size, "at least 1 developer")
    if not cfg.developers.default_sizes or min(cfg.developers.default_sizes) <= 0:
        raise ConfigError("developers.default_sizes", list(cfg.developers.default_sizes), "a list of sizes > 0")
    _in_range("pricing.subsidised_discount", cfg.pricing.subsidised_discount, 0.0, MAX_DISCOUNT)
    _one_of("counterfactual.parity_towards", cfg.counterfactual.parity_towards, PARITY_BLOCS)
    _check_actors(cfg)
    for name, event in cfg.timeline.items():
        validate_event(cfg, f"timeline.{name}", event)
        _check_event_within_run(cfg, name, event, start)
        if event.plausible is not None and not event.plausible.low < event.plausible.high:
            bounds = event.plausible.bounds
            raise ConfigError(f"timeline.{name}.plausible", bounds, "a range whose low is below its high")
    _check_memory(cfg, end - start + 1)
    return cfg


def _check_event_within_run(cfg: ModelConfig, name: str, event: EventConfig, start: int) -> None:
    """An event that would take effect is dated from ``run.start`` on: one dated before would
    take effect at the start without a word. One dated after ``run.end`` simply never happens
    (a sweep over ``run.end`` keeps the same timeline), and a switched-off event never does."""
    if event.enabled and cfg.run.events and parse_month(event.date) < start:
        raise ConfigError(f"timeline.{name}.date", event.date,
                          f"a month from run.start ({cfg.run.start}) on: an event before the start would take "
                          f"effect at once; date it later or switch it off (timeline.{name}.enabled=false)")


MONTHS = ("1900-01", "2300-12")
"""The first and last month a configuration may name: the model's growth laws (costs,
compute, capability: exponentials of the years since anchors in the 2020s) overflow a float
some centuries away (a run from 0001-01 failed in its first step)."""


def _month(text: str, key: str) -> int:
    """The absolute month number of ``text``, a month within :data:`MONTHS`."""
    rule = f"a month written YYYY-MM from {MONTHS[0]} to {MONTHS[1]}, e.g. 2025-01"
    try:
        month = parse_month(text)
    except ValueError as error:
        raise ConfigError(key, text, rule) from error
    if not parse_month(MONTHS[0]) <= month <= parse_month(MONTHS[1]):
        raise ConfigError(key, text, rule)
    return month


def _one_of(key: str, value: Any, allowed) -> None:
    if value not in allowed:
        raise ConfigError(key, value, f"one of {', '.join(map(str, allowed))}")


def _entries_among(key: str, table: dict[str, Any], allowed) -> None:
    """Every entry of the table at ``key`` named one of ``allowed``; the refusal names the entry
    and the value it was given."""
    for name, value in table.items():
        if name not in allowed:
            raise ConfigError(f"{key}.{name}", value, f"an entry of {key} named one of {', '.join(map(str, allowed))}")


def _in_range(key: str, value: float, low: float, high: float) -> None:
    if not low <= value <= high:
        raise ConfigError(key, value, f"a number from {low} to {high}")


# ------------------------------------------------------------------- types and limits


@functools.cache
def _hints(kind: type) -> dict[str, Any]:
    return typing.get_type_hints(kind)


def _check_fields(node: Any, prefix: str) -> None:
    """Every field of the dataclass ``node`` of its declared type and within its limits;
    numbers normalised to Python numbers in place."""
    hints = _hints(type(node))
    for f in dataclasses.fields(node):
        value = _checked(f"{prefix}{f.name}", getattr(node, f.name), hints[f.name], f.metadata["limits"])
        object.__setattr__(node, f.name, value)


def _checked(key: str, value: Any, kind: Any, limits: Limits) -> Any:
    """``value`` checked against the type ``kind`` (as strictly as Hydra's structured configs
    are: no string for a number, no float for an int) and, if a number, against ``limits``;
    returned as a Python value."""
    origin, args = typing.get_origin(kind), typing.get_args(kind)
    if origin in (typing.Union, types.UnionType):  # an optional field
        if value is None:
            return None
        kind = next(arg for arg in args if arg is not type(None))
        origin, args = typing.get_origin(kind), typing.get_args(kind)
    if dataclasses.is_dataclass(kind):
        if type(value) is not kind:
            raise ConfigError(key, value, f"a {kind.__name__} (set its fields one by one: {key}.<field>=...)")
        _check_fields(value, key + ".")
        return value
    if origin is dict:
        if not isinstance(value, dict):
            raise ConfigError(key, value, "a mapping of names to values")
        for name in list(value):
            if not isinstance(name, str) or not name:
                raise ConfigError(key, name, "names that are non-empty strings")
            value[name] = _checked(f"{key}.{name}", value[name], args[1], limits)
        return value
    if origin is list:
        if not isinstance(value, list):
            raise ConfigError(key, value, "a list")
        value[:] = [_checked(f"{key}[{i}]", item, args[0], limits) for i, item in enumerate(value)]
        if args[0] is str:
            _each_once(key, value)
        return value
    if kind is bool:
        if not isinstance(value, (bool, np.bool_)):
            raise ConfigError(key, value, "true or false")
        return bool(value)
    if kind is str:
        if not isinstance(value, str):
            raise ConfigError(key, value, "a string")
        return str(value)
    if kind is int:
        if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, np.integer)):
            raise ConfigError(key, value, "a whole number")
        return _limited(key, int(value), limits)
    if kind is float:
        if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, float, np.integer, np.floating)):
            raise ConfigError(key, value, "a number")
        number = float(value)
        if not math.isfinite(number):
            raise ConfigError(key, value, "a finite number")
        if isinstance(value, (int, np.integer)) and number != value:
            raise ConfigError(key, value, "a number a float holds exactly")
        return _limited(key, number, limits)
    return value


def _each_once(key: str, names: list[str]) -> None:
    """A list of names or months (regions, partners, summary dates) names each once: a repeat
    would be dropped or counted twice without a word."""
    for i, name in enumerate(names):
        if name in names[:i]:
            raise ConfigError(f"{key}[{i}]", name, f"a list naming each once: {name!r} is {key}[{names.index(name)}] "
                                                   "already")


def check_seed(value: Any, key: str = "seed") -> int:
    """A seed given apart from a configuration (``sim.run(cfg, seed=3)``), checked as
    ``run.seed`` is; ConfigError naming ``key`` if it is not one."""
    declared = next(f for f in dataclasses.fields(RunConfig) if f.name == "seed")
    return _checked(key, value, int, declared.metadata["limits"])


def _limited(key: str, number: int | float, limits: Limits) -> int | float:
    if not limits.allows(number):
        raise ConfigError(key, number, limits.rule())
    return number


# ------------------------------------------------------------------------ memory


BYTES_PER_ADOPTER = 2600
"""Peak bytes a run needs per adopter at the default roster's labs (in proportion to the
labs beyond them), beyond its peer links: its
arrays, the option table's rows and the choice kernel's work arrays (measured with
tracemalloc: about 2,160 bytes; tests/test_inputs.py checks that this bounds the peak)."""
BYTES_PER_PEER_LINK = 40
"""Peak bytes per peer link of the network (a sparse matrix, built from two index arrays;
measured: about 20 bytes)."""
BYTES_PER_SNAPSHOT = 40
"""Bytes per adopter and month of ``run.adopter_snapshots`` (the table's three columns)."""
BYTES_PER_DEVELOPER = 600
"""Peak bytes per simulated developer (``developers.size``)."""


def memory_needed(cfg: ModelConfig, months: int) -> int:
    """The peak memory a run of ``cfg`` over ``months`` needs, in bytes, estimated from its
    sizes before anything is allocated."""
    pop = cfg.population
    per_adopter = BYTES_PER_ADOPTER * max(1.0, len(cfg.labs) / len(roster.labs())) + BYTES_PER_PEER_LINK * pop.peers
    if cfg.run.adopter_snapshots:
        per_adopter += BYTES_PER_SNAPSHOT * months
    return int(pop.adopters * per_adopter + cfg.developers.size * BYTES_PER_DEVELOPER)


def available_memory() -> int:
    """Bytes of memory this machine can give a new process now (MemAvailable on Linux, else
    the physical memory)."""
    try:
        with open("/proc/meminfo") as lines:
            for line in lines:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")


def _check_memory(cfg: ModelConfig, months: int) -> None:
    needed, available = memory_needed(cfg, months), available_memory()
    if needed > available:
        raise ConfigError(
            "population.adopters", cfg.population.adopters,
            f"a population that fits in memory: this run needs about {needed / 2**30:.1f} GiB "
            f"and the machine has {available / 2**30:.1f} GiB available",
        )


def _check_population(pop: PopulationConfig) -> None:
    if pop.adopters < 10:
        raise ConfigError("population.adopters", pop.adopters, "at least 10 adopters")
    if not 0 <= pop.peers < pop.adopters:
        raise ConfigError("population.peers", pop.peers, "from 0 to population.adopters - 1")
    _one_of("population.network", pop.network, NETWORKS)
    _entries_among("population.kinds", pop.kinds, ADOPTER_KINDS)
    if not math.isclose(sum(pop.kinds.values()), 1.0, abs_tol=1e-6):
        raise ConfigError("population.kinds", dict(pop.kinds), "shares that sum to 1")


def _check_balanced_stocks(cfg: ModelConfig, key: str, lab: LabConfig) -> None:
    """An empty stock is the one the lab's inflow would hold in balanced growth
    (``sim.funding.balanced_stocks``): without inflow, or without spending, there is none."""
    for field_name in ("compute", "cash"):
        if getattr(lab, field_name) is not None:
            continue
        if lab.inflow <= 0:
            raise ConfigError(f"{key}.{field_name}", None,
                              f"a number: with {key}.inflow {lab.inflow:g} no balanced stock follows from the inflow")
        if cfg.capability.spend_share <= 0:
            raise ConfigError(f"{key}.{field_name}", None,
                              "a number: with capability.spend_share 0 no balanced stock follows from the inflow")
        growth, capital = cfg.funding.inflow_growth, cfg.capability
        if field_name == "compute" and math.exp((growth + capital.hardware_decline) / 12.0) - 1.0 + capital.depreciation <= 0:
            raise ConfigError(f"{key}.compute", None,
                              "a number: where purchases neither grow (funding.inflow_growth plus "
                              "capability.hardware_decline) nor wear out (capability.depreciation), "
                              "a stock never balances them")
        if field_name == "cash" and math.exp(growth / 12.0) - 1.0 + capital.spend_share <= 0:
            raise ConfigError(f"{key}.cash", None,
                              "a number: with funding.inflow_growth this negative, spending never balances the inflow")


def _check_actors(cfg: ModelConfig) -> None:
    if not cfg.labs:
        raise ConfigError("labs", {}, "at least one lab")
    if not cfg.regions:
        raise ConfigError("regions", {}, "at least one region")
    for name, lab in cfg.labs.items():
        key = f"labs.{name}"
        _one_of(f"{key}.bloc", lab.bloc, BLOCS)
        _one_of(f"{key}.strategy", lab.strategy, STRATEGIES)
        _one_of(f"{key}.funding", lab.funding, FUNDING_SOURCES)
        if lab.entry:
            _month(lab.entry, f"{key}.entry")  # labs entering after run.end never enter
        for field_name in ("compute", "price"):
            value = getattr(lab, field_name)
            if value is not None and value <= 0:
                raise ConfigError(f"{key}.{field_name}", value, "a number > 0")
        _check_balanced_stocks(cfg, key, lab)
        for month, sizes in lab.sizes.items():
            _month(month, f"{key}.sizes")
            if not sizes or min(sizes) <= 0:
                raise ConfigError(f"{key}.sizes.{month}", list(sizes), "a list of sizes > 0 (billion parameters)")
        if lab.cloud and lab.cloud not in cfg.clouds:
            raise ConfigError(f"{key}.cloud", lab.cloud, f"one of the clouds: {', '.join(cfg.clouds)}")
    for name, cloud in cfg.clouds.items():
        key = f"clouds.{name}"
        _one_of(f"{key}.bloc", cloud.bloc, BLOCS)
        for i, region in enumerate(cloud.regions):
            _one_of(f"{key}.regions[{i}]", region, list(cfg.regions))
        for i, region in enumerate(cloud.prospects):
            _one_of(f"{key}.prospects[{i}]", region, list(cfg.regions))
        for i, lab in enumerate(cloud.partners):
            _one_of(f"{key}.partners[{i}]", lab, list(cfg.labs))
        if not cloud.markup_options:
            raise ConfigError(f"{key}.markup_options", cloud.markup_options, "at least one markup")
        for i, markup in enumerate(cloud.markup_options):
            if not -1.0 < markup < math.inf:
                raise ConfigError(f"{key}.markup_options[{i}]", markup, "a finite markup above -1 (a price above 0)")
        if cloud.review_every < 1:
            raise ConfigError(f"{key}.review_every", cloud.review_every, "at least 1 month")
    for name, gov in cfg.governments.items():
        key = f"governments.{name}"
        if gov.bloc:
            _one_of(f"{key}.bloc", gov.bloc, BLOCS)
        for i, region in enumerate(gov.regions):
            _one_of(f"{key}.regions[{i}]", region, list(cfg.regions))
        for i, bloc in enumerate(gov.restricted_origins):
            _one_of(f"{key}.restricted_origins[{i}]", bloc, BLOCS)
        if gov.stance_review_every < 1:
            raise ConfigError(f"{key}.stance_review_every", gov.stance_review_every, "at least 1 month")
        if gov.compute_voucher > MAX_VOUCHER:
            raise ConfigError(f"{key}.compute_voucher", gov.compute_voucher, f"a share from 0 to {MAX_VOUCHER}")
    for name, region in cfg.regions.items():
        key = f"regions.{name}"
        _one_of(f"{key}.group", region.group, REGION_GROUPS)
        _entries_among(f"{key}.awareness", region.awareness, BLOCS)
    if any(r.weight <= 0 for r in cfg.regions.values()):
        name = next(n for n, r in cfg.regions.items() if r.weight <= 0)
        raise ConfigError(f"regions.{name}.weight", cfg.regions[name].weight, "a share > 0 (remove the region instead)")
    total = sum(r.weight for r in cfg.regions.values())
    if not math.isclose(total, 1.0, abs_tol=1e-6):
        raise ConfigError("regions.*.weight", round(total, 9), "shares of all adopters that sum to 1")
    if cfg.population.adopters < len(cfg.regions):
        raise ConfigError("population.adopters", cfg.population.adopters, f"at least one per region ({len(cfg.regions)})")
    for table in ("markup",):
        _blocs_complete(f"pricing.{table}", getattr(cfg.pricing, table))
    for table in ("risk", "bloc_alignment"):
        _blocs_complete(f"adoption.{table}", getattr(cfg.adoption, table))
    _blocs_complete("funding.vc_climate", cfg.funding.vc_climate)
    if cfg.strategy.review_from:
        _month(cfg.strategy.review_from, "strategy.review_from")
    _month(cfg.pricing.reference_month, "pricing.reference_month")
    _month(cfg.capability.domestic_supply_month, "capability.domestic_supply_month")
    _month(cfg.funding.inflow_month, "funding.inflow_month")
    if cfg.strategy.review_every < 1:
        raise ConfigError("strategy.review_every", cfg.strategy.review_every, "at least 1 month")


def _blocs_complete(key: str, table: dict[str, float]) -> None:
    missing = [b for b in BLOCS if b not in table]
    extra = [b for b in table if b not in BLOCS]
    if missing or extra:
        raise ConfigError(key, dict(table), f"one entry for each bloc: {', '.join(BLOCS)}")


# ------------------------------------------------------------------ unknown attributes


@functools.cache
def _field_names(kind: type) -> frozenset[str]:
    return frozenset(f.name for f in dataclasses.fields(kind))


def _only_fields(self, name: str, value: Any) -> None:
    """Set a field; refuse any other attribute (``cfg.population.adoptrs = 5`` is a typo that
    would otherwise be ignored)."""
    names = _field_names(type(self))
    if name not in names:
        close = difflib.get_close_matches(name, names, n=1)
        hint = f" (did you mean {close[0]}?)" if close else ""
        raise ConfigError(f"{type(self).__name__}.{name}", value,
                          f"a field of {type(self).__name__}: {', '.join(sorted(names))}{hint}")
    object.__setattr__(self, name, value)


def _config_classes(kind: type) -> set[type]:
    """Every configuration dataclass reachable from ``kind``'s fields, ``kind`` included."""
    found, todo = set(), [kind]
    while todo:
        current = todo.pop()
        if dataclasses.is_dataclass(current) and current not in found:
            found.add(current)
            todo.extend(_hints(current).values())
        else:
            todo.extend(typing.get_args(current))
    return found


for _kind in _config_classes(ModelConfig):
    _kind.__setattr__ = _only_fields
