"""The tables of the docs that the configuration generates: parameters, the default world, and
the uncertainty space.

    python -m sim.docs            # rewrite the generated tables of docs/ODD.md and docs/CALIBRATION.md
    python -m sim.docs --check    # write nothing; exit 1 if a generated table is not current

A generated table sits between two marker comments; the opening one says what it shows::

    <!-- parameters: capability.* labs.<name>.capability -->
    <!-- roster: labs bloc funding strategy entry -->
    <!-- end of generated table -->

A ``parameters`` marker lists dotted keys: a field (``run.start``), a field of every roster
entry (``labs.<name>.entry``), every entry of a table by bloc or kind
(``pricing.markup.<bloc>``), or every field of a part (``capability.*``,
``timeline.<name>.*``). Each row's meaning, unit, source and plausible range come from the
field's metadata in ``sim/config.py``, its default from the default configuration. A
``roster`` marker names a roster group of the default world and the fields shown for each
of its entries. An ``uncertainties`` marker (``uncertain``, ``levers`` or ``all``) lists every
key of the uncertainty space with its range, resolved for each roster entry.
"""

from __future__ import annotations

import argparse
import dataclasses
import re
import sys
import types
import typing
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import sim.config
from sim.config import (
    EventConfig,
    ModelConfig,
    PlausibleFactor,
    PlausibleRange,
    PlausibleShift,
    PolicyRange,
    default_config,
    get_value,
    plausible_ranges,
)
from sim.outputs import write_bytes_atomically
from sim.vocabulary import ADOPTER_KINDS, BLOCS

DOCS = Path(__file__).resolve().parent.parent / "docs"
ODD = DOCS / "ODD.md"
"""The ODD description (an editable install reads it from the source checkout)."""
DOCUMENTS = (ODD, DOCS / "CALIBRATION.md")
"""The documents holding generated tables: the ODD and the calibration's uncertainty space."""

END = "<!-- end of generated table -->"
OPENING = re.compile(r"^<!-- (parameters|roster|uncertainties): (.*?) -->$", re.M)
MARKED = re.compile(OPENING.pattern + r"\n.*?^" + re.escape(END) + "$", re.M | re.S)

ENTRY = {"labs": "lab", "clouds": "cloud", "governments": "government", "regions": "region", "timeline": "event"}
"""The roster groups (dictionaries of entries) and what one of their entries is called."""


@dataclass(frozen=True)
class Parameter:
    """A row of a parameter table: a dotted key (``<...>`` standing for any entry), the
    dataclass and field it names, and the roster group it passes through ("" if none)."""

    key: str
    owner: type
    field: dataclasses.Field
    group: str


def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls, vars(sim.config))


def _unwrap(hint: Any) -> Any:
    """``X`` for an optional ``X | None``; any other type as it is."""
    if isinstance(hint, types.UnionType):
        (hint,) = [arg for arg in typing.get_args(hint) if arg is not type(None)]
    return hint


def _is_table(hint: Any) -> bool:
    """A dictionary of numbers by bloc or kind (not a roster group of entries)."""
    return typing.get_origin(hint) is dict and not dataclasses.is_dataclass(typing.get_args(hint)[1])


def _walk(key: str) -> tuple[Any, Parameter | None]:
    """The type a dotted key reaches, and the last field on its way (None if it names none);
    ValueError naming the part that does not exist."""
    hint: Any = ModelConfig
    reached = None
    for part in key.split("."):
        hint = _unwrap(hint)
        if part.startswith("<") and typing.get_origin(hint) is dict:
            hint = typing.get_args(hint)[1]
        elif dataclasses.is_dataclass(hint) and part in _hints(hint):
            field = next(f for f in dataclasses.fields(hint) if f.name == part)
            group = part if hint is ModelConfig and part in ENTRY else (reached.group if reached else "")
            reached = Parameter(key, hint, field, group)
            hint = _hints(hint)[part]
        else:
            raise ValueError(f"{key}: no such key in the configuration (at {part!r})")
    return _unwrap(hint), reached


def resolve(key: str) -> Parameter:
    """The field a dotted key names, as a table row."""
    hint, reached = _walk(key)
    if reached is None or dataclasses.is_dataclass(hint) and reached.owner is ModelConfig:
        raise ValueError(f"{key}: a part of the configuration, not one parameter (its fields: {key}.*)")
    if _is_table(hint):
        raise ValueError(f"{key}: a table; write its entries as {key}.{_entries_placeholder(reached.field)}")
    return reached


def _entries_placeholder(field: dataclasses.Field) -> str:
    """How the entries of a table field are written in a key: ``<bloc>``, ``<kind>`` or ``<name>``."""
    entries = set(field.default_factory())
    return "<bloc>" if entries == set(BLOCS) else "<kind>" if entries == set(ADOPTER_KINDS) else "<name>"


def expand(spec: str) -> list[Parameter]:
    """The rows a marker's keys stand for, in order (``part.*``: each field of the part)."""
    rows = []
    for key in spec.split():
        if not key.endswith(".*"):
            rows.append(resolve(key))
            continue
        prefix = key.removesuffix(".*")
        part, _ = _walk(prefix)
        if not dataclasses.is_dataclass(part):
            raise ValueError(f"{key}: {prefix} has no fields (the fields of an entry are {prefix}.<name>.*)")
        hints = _hints(part)
        for field in dataclasses.fields(part):
            name = f"{prefix}.{field.name}"
            rows.append(resolve(f"{name}.{_entries_placeholder(field)}" if _is_table(hints[field.name]) else name))
    return rows


def _values(node: Any, parts: list[str]) -> list[Any]:
    """The values at a key's parts under ``node``: every entry where a part is ``<...>``."""
    if not parts:
        return [node]
    part, rest = parts[0], parts[1:]
    if part.startswith("<"):
        return [value for item in node.values() for value in _values(item, rest)]
    if node is None:  # an optional part that is not set (an event without a plausible range)
        return [None]
    return _values(getattr(node, part), rest)


def _number(value: float) -> str:
    return f"{value:,.10g}"


def cell(value: Any) -> str:
    """A value as a table cell: numbers compact, lists and tables on one line, "—" for none."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return _number(value)
    if isinstance(value, PlausibleRange):
        return f"{_number(value.low)} to {_number(value.high)}"
    if isinstance(value, dict):
        return ", ".join(f"{name} {cell(item)}" for name, item in value.items()) or "—"
    if isinstance(value, list):
        return ", ".join(map(str, value)) or "—"
    return str(value) if value not in (None, "") else "—"


def _default(row: Parameter, cfg: ModelConfig) -> str:
    """The default: one value, a table's entries, or the span over a roster's entries."""
    parts = row.key.split(".")
    values = _values(cfg, parts)
    if not row.group and parts[-1].startswith("<"):
        return cell(_values(cfg, parts[:-1])[0])
    if len({repr(v) for v in values}) == 1:
        return cell(values[0])
    by = f"by {ENTRY[row.group]}"
    numbers = [v for v in values if isinstance(v, (int, float)) and not isinstance(v, bool)]
    if len(numbers) == len(values) and not row.field.metadata["unit"].startswith("by "):  # one unit for all
        return f"{_number(min(numbers))} to {_number(max(numbers))}, {by}"
    return by


def declared_range(declared: PlausibleRange) -> str:
    """A declared range as a cell: its span (as values, factors or shifts of each entry's
    value), what it rests on, and whether it is a policy lever."""
    if isinstance(declared, PlausibleFactor):
        span = f"{_number(declared.low)} to {_number(declared.high)} times each entry's value"
    elif isinstance(declared, PlausibleShift):
        span = f"{declared.low:+,.10g} to {declared.high:+,.10g} around each entry's value"
    else:
        span = cell(declared)
    lever = " (policy lever)" if isinstance(declared, PolicyRange) else ""
    return f"{span}{lever}: {declared.basis}"


def _plausible(row: Parameter) -> str:
    declared = row.field.metadata.get("plausible")
    if isinstance(declared, PlausibleRange):
        return declared_range(declared)
    if declared:
        return "; ".join(f"{entry} {declared_range(bounds)}" for entry, bounds in declared.items())
    if row.owner is EventConfig and row.field.name == "value":
        return "by event: `timeline.<name>.plausible`"
    return "—"


def _source(row: Parameter) -> str:
    """The field's source; for a roster entry's value, where the entry names its own."""
    declared = row.field.metadata.get("source", "")
    if row.field.name == "source" or row.owner is PlausibleRange:
        return "—"
    if row.group and declared == "assumption":
        return f"`{row.group}.<name>.source`"
    return declared


def parameter_table(spec: str, cfg: ModelConfig) -> list[list[str]]:
    """A header and one row per parameter of a marker's keys."""
    rows = [["key", "meaning", "default", "unit", "plausible range", "source"]]
    for row in expand(spec):
        meta = row.field.metadata
        rows.append([f"`{row.key}`", meta["doc"], _default(row, cfg), meta["unit"] or "—", _plausible(row), _source(row)])
    return rows


def uncertainty_table(spec: str, cfg: ModelConfig) -> list[list[str]]:
    """Every parameter of the uncertainty space (``sim.config.plausible_ranges``), one row per
    dotted key, in the order of the configuration: ``uncertain`` lists the uncertainties the
    calibration fits, ``levers`` the policy levers, ``all`` both."""
    kinds = {"uncertain": (False,), "levers": (True,), "all": (False, True)}
    if spec not in kinds:
        raise ValueError(f"uncertainties {spec!r}: one of {', '.join(kinds)}")
    rows = [["key", "default", "low", "high", "kind", "range rests on"]]
    for key, bounds in plausible_ranges(cfg).items():
        lever = isinstance(bounds, PolicyRange)
        if lever in kinds[spec]:
            rows.append([f"`{key}`", cell(get_value(cfg, key)), _number(bounds.low), _number(bounds.high),
                         "lever" if lever else "uncertain", bounds.basis])
    return rows


def roster_table(spec: str, cfg: ModelConfig) -> list[list[str]]:
    """One row per entry of a roster group (events in the order they fire: date, then name)."""
    group, *columns = spec.split()
    if group not in ENTRY:
        raise ValueError(f"roster {group!r}: one of {', '.join(ENTRY)}")
    entries = getattr(cfg, group)
    names = sorted(entries, key=lambda n: (entries[n].date, n)) if group == "timeline" else list(entries)
    for column in columns:
        _walk(f"{group}.<name>.{column}")  # raises for a field that does not exist
    rows = [[ENTRY[group], *(f"`{c}`" for c in columns)]]
    rows += [[f"`{name}`", *(cell(getattr(entries[name], c)) for c in columns)] for name in names]
    return rows


def _markdown(rows: list[list[str]]) -> str:
    """A Markdown table of a header row and body rows."""
    lines = [rows[0], ["---"] * len(rows[0]), *rows[1:]]
    return "\n".join("| " + " | ".join(c.replace("|", "\\|") for c in line) + " |" for line in lines)


def render(text: str, cfg: ModelConfig | None = None) -> str:
    """``text`` with every generated table rebuilt from ``cfg`` (the default configuration)."""
    cfg = default_config() if cfg is None else cfg
    if len(OPENING.findall(text)) != len(MARKED.findall(text)):
        raise ValueError(f"a generated table's opening marker has no closing {END}")

    def table(match: re.Match) -> str:
        kind, spec = match.group(1), match.group(2)
        rows = {"parameters": parameter_table, "roster": roster_table, "uncertainties": uncertainty_table}[kind](spec, cfg)
        return f"<!-- {kind}: {spec} -->\n{_markdown(rows)}\n{END}"

    return MARKED.sub(table, text)


def stale_tables(text: str) -> list[str]:
    """The opening markers of the generated tables in ``text`` that are not current."""
    pairs = zip(MARKED.finditer(text), MARKED.finditer(render(text)))  # rendering keeps every marker in place
    return [now.group(0).splitlines()[0] for now, current in pairs if now.group(0) != current.group(0)]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m sim.docs", description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="write nothing; exit 1 if a table is not current")
    parser.add_argument("paths", nargs="*", type=Path, default=list(DOCUMENTS),
                        help="the documents (default: docs/ODD.md and docs/CALIBRATION.md)")
    args = parser.parse_args(sys.argv[1:] if argv is None else argv)
    current = True
    for path in args.paths:
        text = path.read_text(encoding="utf-8")
        try:
            stale = stale_tables(text)
        except ValueError as error:  # a marker naming a key or group that does not exist
            parser.exit(2, f"python -m sim.docs: {path}: {error}\n")
        if args.check:
            if stale:
                print(f"{path} is not current; run `python -m sim.docs`. Stale tables:", *stale, sep="\n  ",
                      file=sys.stderr)
                current = False
            else:
                print(f"{path} is current")
            continue
        if stale:
            write_bytes_atomically(render(text).encode("utf-8"), path)
        print(f"{path}: {len(stale)} of {len(MARKED.findall(text))} generated tables rewritten")
    if not current:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
