"""What a claim's experiment declares before it runs.

A claim is tested by comparing arms (worlds that differ in one respect, e.g. with and
without export controls) over a design of points: values of the uncertain parameters and
of the policy levers. Every arm runs at every point with the same seeds (common random
numbers), so differences between arms are differences of cause, not of luck.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import sim
from sim.config import get_value, plausible_range

Outcomes = dict[str, float]
"""Named scalar outcomes of one run."""


@dataclass(frozen=True)
class Factor:
    """A swept parameter: an uncertainty outside policy control, or a policy lever.

    ``key`` is a dotted config key, or, for a factor that sets several keys at once, a name
    with ``settings`` giving the keys it sets at a value and ``default`` the baseline value.
    ``basis`` says what the range from ``low`` to ``high`` rests on. A config key's factor
    comes from :func:`factor`, over the range its field declares; a claim that sweeps less
    of it says why in ``basis``.
    """

    key: str
    low: float
    high: float
    doc: str
    lever: bool = False
    settings: Callable[[float], dict[str, Any]] | None = None
    default: float | None = None
    basis: str = ""

    def values(self, value: float) -> dict[str, Any]:
        """The config keys and values this factor sets at ``value``."""
        return self.settings(value) if self.settings else {self.key: float(value)}

    def baseline(self, cfg: sim.ModelConfig) -> float:
        """The factor's value in the baseline configuration."""
        return float(self.default) if self.settings else float(get_value(cfg, self.key))


def factor(key: str, doc: str, lever: bool = False) -> Factor:
    """The factor sweeping the config key ``key`` over its declared plausible range."""
    declared = plausible_range(key)
    return Factor(key, declared.low, declared.high, doc, lever=lever, basis=declared.basis)


EFFECT_KINDS = ("number", "share", "points")
"""What an effect's number is: a plain number in its stated unit; a share (a fraction from 0
to 1 of adopters, downloads or seeds, shown in percent, whose interval must stay inside
0-1); or a difference of shares (shown in percentage points)."""


@dataclass(frozen=True)
class Effect:
    """How a card names an effect: in plain words (no keys), and what kind of number it is
    (one of :data:`EFFECT_KINDS`)."""

    words: str
    kind: str = "number"

    def __post_init__(self):
        if self.kind not in EFFECT_KINDS:
            raise ValueError(f"effect kind {self.kind!r}: one of {', '.join(EFFECT_KINDS)}")


SIDES = ("above", "below")
"""Which side of its minimum effect a claim says its main effect lies."""


@dataclass(frozen=True)
class MinimumEffect:
    """The smallest main effect that matters, declared before the runs.

    The claim says its main effect lies ``side`` (one of :data:`SIDES`) ``bound``, in the main
    effect's ``unit``; ``reason`` says why an effect short of the bound would not bear the
    claim out. An effect whose interval lies wholly on the other side of the bound refutes
    the claim; one whose interval spans the bound leaves it inconclusive.
    """

    bound: float
    side: str
    unit: str
    reason: str

    def __post_init__(self):
        if self.side not in SIDES:
            raise ValueError(f"minimum effect side {self.side!r}: one of {', '.join(SIDES)}")
        if self.bound == 0:
            raise ValueError("a minimum effect of 0 is no minimum: give the smallest effect that matters")

    def reached(self, value: float) -> bool:
        """Whether an effect of ``value`` is as large as the claim needs."""
        return value > self.bound if self.side == "above" else value < self.bound

    def refuting(self) -> str:
        """The refuting result, in words."""
        other = "below" if self.side == "above" else "above"
        return f"the main effect's 95% interval lies wholly {other} {self.bound:.3g} {self.unit}"


@dataclass(frozen=True)
class Arm:
    """One world of the comparison: Hydra overrides, so ``sim <overrides>`` runs it too."""

    name: str
    overrides: tuple[str, ...]
    doc: str


@dataclass(frozen=True)
class Sanity:
    """The experiment with the claimed cause taken out, to show that it can refute the claim.

    Each arm named in ``replaced`` takes the overrides of the arm it maps to, so the worlds
    the claim compares no longer differ by the cause; the verdict rule applied to these runs
    (the experiment's own, re-used) must give *refuted*. ``doc`` says what was taken out.
    """

    doc: str
    replaced: Mapping[str, str]

    def arms(self, arms: tuple[Arm, ...]) -> tuple[Arm, ...]:
        """``arms`` with the replaced ones taking their stand-ins' overrides."""
        by_name = {arm.name: arm for arm in arms}
        return tuple(
            Arm(arm.name, by_name[self.replaced[arm.name]].overrides, f"{arm.doc}; sanity: as {self.replaced[arm.name]}")
            if arm.name in self.replaced else arm
            for arm in arms
        )


@dataclass(frozen=True)
class StrongCause:
    """The experiment with the claimed cause made strong, to show that it can support the claim.

    Each arm named in ``added`` runs with those overrides beside its own (keys it does not set
    already, but for the keys named in ``replacing``, whose arm values the strong cause sets to
    others on purpose), so the worlds the claim compares differ by so much of the cause that
    the claim must hold if the experiment measures what it says; the verdict rule applied to
    these runs (the experiment's own, re-used) must give *supported*. ``doc`` says what was
    made strong.
    """

    doc: str
    added: Mapping[str, tuple[str, ...]]
    replacing: tuple[str, ...] = ()

    def arms(self, arms: tuple[Arm, ...]) -> tuple[Arm, ...]:
        """``arms`` with the named ones taking the added overrides too; ValueError for an added
        key that the arm sets already and ``replacing`` does not name (which of the two would
        win is no one's choice) or for an arm the claim does not compare."""
        unknown = set(self.added) - {arm.name for arm in arms}
        if unknown:
            raise ValueError(f"the strong cause names arms the claim does not compare: {', '.join(sorted(unknown))}")
        for arm in arms:
            repeated = _keys(arm.overrides) & _keys(self.added.get(arm.name, ())) - set(self.replacing)
            if repeated:
                raise ValueError(f"the strong cause of arm {arm.name!r} sets {', '.join(sorted(repeated))}, "
                                 "which the arm sets already")
        return tuple(
            Arm(arm.name, self.kept(arm) + self.added[arm.name], f"{arm.doc}; strong cause: {self.doc}")
            if arm.name in self.added else arm
            for arm in arms
        )

    def kept(self, arm: Arm) -> tuple[str, ...]:
        """The arm's own overrides that the strong cause leaves: all but those of the keys it
        replaces in this arm."""
        replaced = _keys(self.added.get(arm.name, ())) & set(self.replacing)
        return tuple(o for o in arm.overrides if o.partition("=")[0] not in replaced)


def _keys(overrides: tuple[str, ...]) -> set[str]:
    """The keys that Hydra overrides set (``key=value``)."""
    return {override.partition("=")[0] for override in overrides}


@dataclass(frozen=True)
class Claim:
    """A claim of the domain brief, as an experiment with a verdict rule.

    ``outcomes`` measures one run (the model after its run, and its tables); ``effects``
    turns one point and seed's outcomes by arm into named effects; ``holds`` says whether
    the claim holds at a point, from its effects averaged over replications. ``main`` names
    the effect whose sensitivity to the factors is analysed and whose size ``minimum`` judges;
    ``named_effects`` names every effect ``effects`` returns, for the card.
    """

    id: str
    title: str
    statement: str
    source: str
    measure: str
    supports: str
    refutes: str
    factors: tuple[Factor, ...]
    arms: tuple[Arm, ...]
    outcomes: Callable[[Any, sim.Results], Outcomes]
    effects: Callable[[dict[str, Outcomes]], Outcomes]
    main: str
    minimum: MinimumEffect
    holds: Callable[[Outcomes], bool]
    named_effects: Mapping[str, Effect]
    caveats: tuple[str, ...] = field(default_factory=tuple)
    sanity: Sanity | None = None
    """The experiment with its cause taken out, which must refute the claim (None: the card
    shows the region of the space where the claim fails instead)."""
    strong_cause: StrongCause | None = None
    """The experiment with its cause made strong, which must support the claim (None: the
    card shows the region of the space where the claim holds instead)."""
    adopters_scale: int = 1
    """Simulated adopters a run, as a multiple of the size's: more for a claim whose effect
    rests on a small class of adopters (self-hosters of one family), so that the effect
    stands out of the noise of a few simulated adopters."""
    figures: Callable[[Any], list[tuple[str, Any, str]]] | None = None
    """Extra figures for the card, from the analysis: (name, matplotlib figure, caption)."""
    details: Callable[[Any], list[Any]] | None = None
    """Extra blocks of the card's result (``card.Paragraph``, ``card.Table``), from the analysis."""

    def without_cause(self) -> Claim:
        """The claim's sanity experiment: its arms with the cause taken out (``sanity``). It
        keeps the claim's id, so its design has the same points (``engine.design``) and the
        runs it shares with the experiment are not run twice."""
        return dataclasses.replace(self, arms=self.sanity.arms(self.arms), sanity=None, strong_cause=None)

    def with_strong_cause(self) -> Claim:
        """The claim's supporting experiment: its arms with the cause made strong
        (``strong_cause``), on the claim's design as :meth:`without_cause`."""
        return dataclasses.replace(self, arms=self.strong_cause.arms(self.arms), sanity=None, strong_cause=None)

    @property
    def shares(self) -> frozenset[str]:
        """The effects that are shares (their intervals stay inside 0-1)."""
        return frozenset(key for key, effect in self.named_effects.items() if effect.kind == "share")

    def words(self, effect: str) -> str:
        """An effect in plain words."""
        return self.named_effects[effect].words

    @property
    def uncertainties(self) -> tuple[Factor, ...]:
        return tuple(f for f in self.factors if not f.lever)

    @property
    def levers(self) -> tuple[Factor, ...]:
        return tuple(f for f in self.factors if f.lever)
