"""The documentation stays true: docs/ODD.md against the configuration and the code,
docs/OUTPUTS.md against the tables a run produces.

- every backticked dotted key in ODD.md that starts with a config group is a real field;
- every field of every config dataclass is named in ODD.md, and has a ``doc``;
- every ``sim/...py`` module named in ODD.md exists;
- the phases of ``EcosystemModel.step`` appear in ODD.md's section 3 in their order;
- timeline kinds and the default roster are named, and roster tables match the defaults;
- every column of every output table is documented in OUTPUTS.md with its type, and every
  documented column exists.
"""

from __future__ import annotations

import dataclasses
import inspect
import re
import types
import typing
from pathlib import Path

import pandas as pd
import pytest

import sim
import sim.config
from sim.model import EcosystemModel
from sim.timeline import KINDS

ROOT = Path(__file__).resolve().parent.parent
ODD = ROOT / "docs" / "ODD.md"
OUTPUTS = ROOT / "docs" / "OUTPUTS.md"

GROUPS = [f.name for f in dataclasses.fields(sim.config.ModelConfig)]
DICT_GROUPS = {"labs", "clouds", "governments", "regions", "timeline"}


# --------------------------------------------------------------------------- helpers


def _text(path: Path) -> str:
    assert path.exists(), f"{path.relative_to(ROOT)} is missing"
    return path.read_text(encoding="utf-8")


def _without_fences(text: str) -> str:
    """Markdown text with fenced code blocks removed (their backticks are not spans)."""
    return re.sub(r"^```.*?^```[^\n]*$", "", text, flags=re.S | re.M)


def _spans(text: str) -> list[str]:
    """Inline code spans (single backticks) outside fenced blocks, in order."""
    return re.findall(r"`([^`\n]+)`", _without_fences(text))


_KEY = re.compile(r"^(%s)((?:\.[A-Za-z0-9_<>-]+)+)" % "|".join(GROUPS))


def _dotted_keys(text: str) -> list[str]:
    """Backticked spans that start with ``<group>.``; the leading dotted key of each."""
    keys = []
    for span in _spans(text):
        match = _KEY.match(span.strip())
        if match and not match.group(0).endswith(".py"):
            keys.append(match.group(0))
    return keys


def _hints(cls) -> dict[str, typing.Any]:
    return typing.get_type_hints(cls, vars(sim.config))


def resolve(key: str) -> list[tuple[type, str]]:
    """The (dataclass, field) pairs a dotted config key passes through.

    Raises KeyError naming the part that does not exist. Any part in the position of a
    dictionary key (``<name>``, ``openai``, ``US``) is a wildcard.
    """
    visited: list[tuple[type, str]] = []
    current: typing.Any = sim.config.ModelConfig
    for part in key.split("."):
        if isinstance(current, types.UnionType):  # an optional part: X | None
            (current,) = [arg for arg in typing.get_args(current) if arg is not type(None)]
        if dataclasses.is_dataclass(current):
            hints = _hints(current)
            if part not in hints:
                raise KeyError(f"{key}: {current.__name__} has no field {part!r}")
            visited.append((current, part))
            current = hints[part]
        elif typing.get_origin(current) is dict:
            current = typing.get_args(current)[1]  # any dictionary key
        else:
            raise KeyError(f"{key}: {part!r} follows a field that has no parts ({current})")
    return visited


def config_dataclasses() -> list[type]:
    """Every dataclass declared in sim.config."""
    return [
        obj for obj in vars(sim.config).values()
        if inspect.isclass(obj) and dataclasses.is_dataclass(obj) and obj.__module__ == "sim.config"
    ]


def _section(text: str, number: int) -> str:
    """Text of ODD section ``number`` (from its '## n ' heading to the next '## ')."""
    match = re.search(rf"^## {number} .*?(?=^## |\Z)", text, flags=re.S | re.M)
    assert match, f"ODD.md has no section '## {number} ...'"
    return match.group(0)


def _tables(text: str) -> list[tuple[list[str] | None, list[list[str]]]]:
    """Markdown tables as (header cells or None, body rows of cells)."""
    blocks, current = [], []
    for line in text.splitlines() + [""]:
        if line.startswith("|"):
            current.append([c.strip() for c in line.strip().strip("|").split("|")])
        elif current:
            blocks.append(current)
            current = []
    tables = []
    for rows in blocks:
        separator = len(rows) > 1 and all(re.fullmatch(r":?-+:?", c) for c in rows[1])
        tables.append((rows[0], rows[2:]) if separator else (None, rows))
    return tables


# ------------------------------------------------------------------------ ODD.md


def test_every_config_key_in_the_odd_exists():
    keys = _dotted_keys(_text(ODD))
    assert keys, "ODD.md names no config keys"
    wrong = []
    for key in keys:
        try:
            resolve(key)
        except KeyError as error:
            wrong.append(str(error))
    assert not wrong, "ODD.md names config keys that do not exist:\n" + "\n".join(sorted(set(wrong)))


def test_every_config_field_is_named_in_the_odd():
    named = set()
    for key in _dotted_keys(_text(ODD)):
        try:
            named.update(resolve(key))
        except KeyError:
            pass  # reported by the test above
    missing = [
        f"{cls.__name__}.{f.name}"
        for cls in config_dataclasses()
        for f in dataclasses.fields(cls)
        if (cls, f.name) not in named
    ]
    assert not missing, "config fields not named as a backticked key in ODD.md: " + ", ".join(missing)


def test_every_config_field_has_a_doc():
    undocumented = [
        f"{cls.__name__}.{f.name}"
        for cls in config_dataclasses()
        for f in dataclasses.fields(cls)
        if not str(f.metadata.get("doc", "")).strip()
    ]
    assert not undocumented, "config fields without doc metadata: " + ", ".join(undocumented)


def test_every_module_named_in_the_odd_exists():
    text = _text(ODD)
    paths = set(re.findall(r"\b((?:sim|docs|tests)/[\w/]*[\w]\.(?:py|md))", text))
    assert any(p.startswith("sim/") for p in paths), "ODD.md names no modules"
    missing = sorted(p for p in paths if not (ROOT / p).exists())
    assert not missing, "ODD.md names files that do not exist: " + ", ".join(missing)


def _step_phases() -> list[str]:
    """Names of the phases EcosystemModel.step calls, in order."""
    phases = []
    for line in inspect.getsource(EcosystemModel.step).splitlines():
        code = line.split("#")[0]
        agent_phase = re.search(r'\.do\("(\w+)"', code)
        call = re.findall(r"self\.(?:\w+\.)*(\w+)\(", code)
        if agent_phase:
            phases.append(agent_phase.group(1))
        elif call:
            phases.append(call[-1])
    return phases


def test_the_odd_lists_the_phases_of_step_in_order():
    phases = _step_phases()
    assert len(phases) >= 5, f"could not read the phases of step(): {phases}"
    named = [span.strip().removesuffix("()").split(".")[-1] for span in _spans(_section(_text(ODD), 3))]
    position = 0
    for phase in phases:
        try:
            position = named.index(phase, position) + 1
        except ValueError:
            pytest.fail(f"ODD.md section 3 does not name phase `{phase}` in order; step() runs {phases}")


def test_every_timeline_kind_is_named_in_the_odd():
    spans = set(_spans(_text(ODD)))
    missing = [kind for kind in KINDS if kind not in spans]
    assert not missing, "timeline kinds not named (backticked) in ODD.md: " + ", ".join(missing)


def test_the_table_of_timeline_kinds_matches_the_code():
    """Rows 'kind | target | effect | value range | logged as' agree with sim.timeline.KINDS."""
    rows = [
        row for header, body in _tables(_text(ODD)) if header and header[0] == "kind" for row in body
    ]
    assert rows, "ODD.md has no table of timeline kinds"
    wrong = []
    for row in rows:
        kind = KINDS.get(row[0].strip("`"))
        if kind is None:
            wrong.append(f"{row[0]} is not a timeline kind")
            continue
        span = "-" if kind.value_range is None else "{:g}-{:g}".format(*kind.value_range)
        if (row[1], row[-2], row[-1]) != (kind.target, span, kind.log_as):
            wrong.append(f"{row[0]}: ODD.md says {row[1]}, {row[-2]}, {row[-1]}; code has {kind.target}, {span}, {kind.log_as}")
    assert not wrong, "ODD.md's table of timeline kinds is out of date:\n" + "\n".join(wrong)


def test_the_default_roster_is_named_in_the_odd():
    spans = set(_spans(_text(ODD)))
    cfg = sim.default_config()
    missing = [
        f"{group}.{name}" for group in sorted(DICT_GROUPS) for name in getattr(cfg, group) if name not in spans
    ]
    assert not missing, "default roster entries not named (backticked) in ODD.md: " + ", ".join(missing)


_ROSTER_TABLES = {"lab": "labs", "cloud": "clouds", "government": "governments", "region": "regions", "event": "timeline"}


def _as_cell(value) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        value = ", ".join(map(str, value))
    return str(value) if str(value) else "—"


def test_roster_tables_in_the_odd_match_the_default_config():
    """Tables headed 'lab | `field` ...' (or cloud, government, region, event) show defaults."""
    cfg = sim.default_config()
    checked, wrong = 0, []
    for header, rows in _tables(_text(ODD)):
        group = _ROSTER_TABLES.get(header[0]) if header else None
        if group is None:
            continue
        entries = getattr(cfg, group)
        for row in rows:
            name = row[0].strip("`")
            if name not in entries:
                wrong.append(f"{group}.{name} is not in the default config")
                continue
            for column, cell in zip(header[1:], row[1:]):
                field = column.strip("`")
                expected = _as_cell(getattr(entries[name], field))
                if cell.replace("`", "") != expected:
                    wrong.append(f"{group}.{name}.{field}: ODD.md says {cell!r}, config has {expected!r}")
                checked += 1
    assert checked, "ODD.md has no roster tables"
    assert not wrong, "ODD.md roster tables disagree with sim/roster.py:\n" + "\n".join(wrong)


# -------------------------------------------------------------------- OUTPUTS.md


@pytest.fixture(scope="module")
def tables() -> dict[str, pd.DataFrame]:
    cfg = sim.default_config()
    cfg.population.adopters = 200
    cfg.run.end = "2026-06"
    cfg.run.summary_dates = ["2025-12", "2026-06"]
    cfg.run.adopter_snapshots = True
    results = sim.run(cfg)
    out = {f.name: getattr(results, f.name) for f in dataclasses.fields(results)}
    assert all(frame is not None for frame in out.values())
    return out


def _documented_columns(text: str) -> dict[str, dict[str, str]]:
    """Per table section ('## `name`'), the backticked first-column names and their types."""
    sections: dict[str, dict[str, str]] = {}
    for match in re.finditer(r"^## `(\w+)`[^\n]*\n(.*?)(?=^## |\Z)", text, flags=re.S | re.M):
        columns = {}
        for _, rows in _tables(match.group(2)):
            for row in rows:
                cell = re.fullmatch(r"`([^`]+)`", row[0])
                if cell:
                    columns[cell.group(1)] = row[1] if len(row) > 1 else ""
        sections[match.group(1)] = columns
    return sections


def _pattern(documented: str) -> re.Pattern:
    """A documented column name; ``<...>`` placeholders match any text."""
    parts = re.split(r"<[^>]+>", documented)
    return re.compile(".+?".join(re.escape(p) for p in parts))


_TYPES = {
    "date": pd.api.types.is_datetime64_any_dtype,
    "string": lambda dtype: pd.api.types.is_string_dtype(dtype) or dtype == object,
    "category": lambda dtype: isinstance(dtype, pd.CategoricalDtype),
    "int": pd.api.types.is_integer_dtype,
    "float": pd.api.types.is_float_dtype,
}


def test_every_table_has_a_section_in_outputs(tables):
    sections = _documented_columns(_text(OUTPUTS))
    missing = [name for name in tables if name not in sections]
    assert not missing, "tables without a '## `name`' section in OUTPUTS.md: " + ", ".join(missing)


def test_every_column_is_documented_and_every_documented_column_exists(tables):
    sections = _documented_columns(_text(OUTPUTS))
    problems = []
    for name, frame in tables.items():
        documented = sections.get(name, {})
        patterns = {doc: _pattern(doc) for doc in documented}
        for column in frame.columns:
            if not any(p.fullmatch(column) for p in patterns.values()):
                problems.append(f"{name}.{column} is not documented")
        for doc, pattern in patterns.items():
            if not any(pattern.fullmatch(column) for column in frame.columns):
                problems.append(f"{name}.{doc} is documented but not produced")
    for name in set(sections) - set(tables):
        problems.append(f"OUTPUTS.md documents a table {name!r} that sim.run does not return")
    assert not problems, "OUTPUTS.md is out of date:\n" + "\n".join(problems)


def test_documented_column_types_match(tables):
    sections = _documented_columns(_text(OUTPUTS))
    wrong = []
    for name, frame in tables.items():
        for doc, kind in sections.get(name, {}).items():
            check = _TYPES.get(kind)
            if check is None:
                wrong.append(f"{name}.{doc}: unknown type {kind!r} (use one of {', '.join(_TYPES)})")
                continue
            pattern = _pattern(doc)
            for column in frame.columns:
                if pattern.fullmatch(column) and not check(frame[column].dtype):
                    wrong.append(f"{name}.{column}: documented {kind}, produced {frame[column].dtype}")
    assert not wrong, "OUTPUTS.md column types are wrong:\n" + "\n".join(wrong)


# ------------------------------------------------------- the checks themselves


def test_resolve_rejects_unknown_keys_and_accepts_wildcards():
    assert (sim.config.PricingConfig, "parity_window") in resolve("pricing.parity_window")
    assert (sim.config.LabConfig, "inflow") in resolve("labs.<name>.inflow")
    assert (sim.config.RegionConfig, "awareness") in resolve("regions.US.awareness.<bloc>")
    for bogus in ("pricing.parity_windows", "labs.<name>.inflows", "run.seed.x", "capability.scarcity"):
        with pytest.raises(KeyError):
            resolve(bogus)
    assert _dotted_keys("see `adoption.price`, `sim/pricing.py` and `capability` ```\n`x.y`\n```") == [
        "adoption.price"
    ]
