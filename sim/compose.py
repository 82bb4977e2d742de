"""Composing a scenario: the one way a named scenario and overrides become a config.

``sim scenario=price_war population=small`` on the command line, ``sim.compose("price_war",
["population=small"])`` in a notebook, the claims and the calibration all build their
configuration here, from the Hydra config tree in ``scenarios/``, so they run exactly the
same model.

Nothing bad gets in: before Hydra reads a file, every YAML file of the config tree (and of
a directory added with ``hydra.searchpath``, as ``sim --config-dir DIR`` does) is checked
for alias expansion beyond :data:`MAX_YAML_NODES`, group options must be slugs (never paths),
the chosen scenario file must be a global package holding keys, and a mapping-valued key (a
section such as ``adoption``, a roster such as ``labs``, a table such as ``pricing.markup``)
given in an override or in the scenario file must be given a mapping, not an empty one (which
Hydra merges into the defaults, changing nothing); a key that is no field
is refused with the closest one, and a resolver but Hydra's clock in the output directories
(:data:`ALLOWED_RESOLVERS`). An override into an entry that its roster does not hold is
refused naming the entry (:func:`_entry_not_there`), and a config file of the model holding
Hydra's settings (``hydra:``) naming the file. The option files of Hydra's own groups (a launcher of
``scenarios/hydra/launcher/`` or of ``--config-dir DIR``) are checked against the schemas
Hydra's plugins register, and the launcher a sweep chooses is composed before any work
(:func:`check_hydra_choices`), where Hydra would fail only once it launches; a launcher of an
extra not installed is refused naming the extra. Every refusal is a :class:`ConfigError`
naming the key.
"""

from __future__ import annotations

import dataclasses
import difflib
import functools
import os
import re
import types
import typing
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import yaml
from hydra import compose as hydra_compose
from hydra import initialize_config_dir
from hydra.core.config_store import ConfigStore
from hydra.core.object_type import ObjectType
from hydra.core.plugins import Plugins
from hydra.core.override_parser.overrides_parser import OverridesParser
from hydra.errors import HydraException
from omegaconf import DictConfig, OmegaConf
from omegaconf._utils import get_yaml_loader
from omegaconf.errors import ConfigKeyError, OmegaConfBaseException, ValidationError

from sim import worlds
from sim.cluster import LAUNCHER_EXTRAS, install_command
from sim.config import SLUG, SLUG_RULE, ConfigError, ModelConfig, param, validate

SCENARIOS = Path(__file__).resolve().parent.parent / "scenarios"
"""The Hydra config tree (an editable install reads it from the source checkout)."""

MAX_YAML_NODES = 100_000
"""Most nodes a config file may hold once its aliases are expanded (the project's largest
holds a few hundred); a file of nested aliases ("billion laughs") is refused before Hydra
expands it into gigabytes."""

ALLOWED_RESOLVERS = {"hydra.run.dir": frozenset({"now"}), "hydra.sweep.dir": frozenset({"now"})}
"""The resolvers an override may use, by key: Hydra's clock (``${now:%Y-%m-%d_%H-%M-%S}``) in
the names of the directories that runs and sweeps write into, and nothing else anywhere. A
value read from the clock or the environment (``adoption.price=${now:%S}``, ``${oc.env:...}``,
``${oc.decode:...}``) would make a run that its saved configuration cannot reproduce, and
would get round the rule that a number is no string. A plain reference to another key
(``${seed}``) is no resolver and is allowed."""
RESOLVERS_RULE = "a resolver only as ${now:...} in hydra.run.dir or hydra.sweep.dir"
_RESOLVER = re.compile(r"\$\{\s*([\w.\-]+)\s*:")


@dataclass
class AppConfig(ModelConfig):
    """The command line's configuration: the model's, plus the top-level seed."""

    seed: int = param(0, "the run's seed (run.seed follows it)", "integer")
    world: int | None = param(None, "the member of the plausible worlds the scenario takes (run.world follows it)",
                              "integer")


ConfigStore.instance().store(name="schema", node=OmegaConf.structured(AppConfig))  # built once, not per compose


def to_model_config(cfg: DictConfig, explicit: Sequence[str] = ()) -> AppConfig:
    """Turn a composed Hydra config into the validated dataclass, or raise ConfigError.

    A config that names a member of the plausible worlds (``world=K``, as the ``calibrated``
    scenario does) takes the member's values (``sim.worlds``), but for the keys of the
    ``explicit`` overrides, which still win.
    """
    _check_fields(OmegaConf.to_container(cfg, resolve=False), AppConfig, "")
    model_cfg = _converted(cfg)
    if model_cfg.run.world is not None:
        overridden = {override.key_or_group for override in OverridesParser.create().parse_overrides(list(explicit))}
        for key, value in worlds.values(model_cfg.run.world).items():
            if key not in overridden:
                OmegaConf.update(cfg, key, int(value) if float(value).is_integer() else float(value))
        model_cfg = _converted(cfg)
    return validate(model_cfg)


def _converted(cfg: DictConfig) -> AppConfig:
    try:
        return OmegaConf.to_object(cfg)
    except OmegaConfBaseException as error:
        key = getattr(error, "full_key", "") or "config"
        given = _value_at(OmegaConf.to_container(cfg, resolve=False), key)  # as given, a reference unresolved
        raise ConfigError(key, given, str(error).splitlines()[0]) from error


def compose(scenario: str | None = None, overrides: Sequence[str] = (),
            scenario_dirs: Sequence[str | os.PathLike] = ()) -> ModelConfig:
    """The validated configuration that ``sim scenario=<scenario> <overrides>`` would run.

    Args:
        scenario: a scenario's name: a file ``scenario/<name>.yaml`` of ``scenarios/``
            (``baseline``, ``price_war``) or of one of ``scenario_dirs``; None keeps the
            config tree's default (the baseline) or a ``scenario=`` override.
        overrides: Hydra overrides, as on the command line (``"adoption.price=2"``,
            ``"population=small"``, ``"seed=3"``; ``"hydra.searchpath=[file:///abs/dir]"``
            adds a directory of config groups, as ``sim --config-dir`` does).
        scenario_dirs: folders of one's own laid out like ``scenarios/`` (a ``scenario/``
            folder of YAML files, and ``policy/`` or ``population/`` ones if wanted); their
            files are found beside the package's, so they need not live in the package.
            ConfigError if one is not a directory.

    A member of the plausible worlds that the scenario names (``world=K``) gives its values,
    but for keys that ``overrides`` set (see :func:`to_model_config`).
    """
    if isinstance(overrides, str) or not all(isinstance(override, str) for override in overrides):
        raise ConfigError("overrides", overrides, "a list of KEY=VALUE strings (['population=small', 'seed=3'])")
    for override in overrides:
        key = override.lstrip("+~").partition("=")[0]
        if key.split(".")[0].split("/")[0] == "hydra" and key != "hydra.searchpath":
            raise ConfigError(key, override.partition("=")[2], "a key of the model's configuration: Hydra's settings "
                                                               "(where runs write, launchers) are given to the sim "
                                                               "command, and sim.compose writes nothing")
    search = [f"file://{_scenario_dir(directory)}" for directory in scenario_dirs]
    overrides = [
        *([f"hydra.searchpath=[{','.join(search)}]"] if search else []),
        *([f"scenario={scenario}"] if scenario is not None else []),
        *overrides,
    ]
    directories = [SCENARIOS, *check_overrides(overrides)]
    check_each_key_once(overrides)
    for directory in directories:
        check_config_files(directory)
    _check_scenario_file(directories, overrides)
    check_group_files(directories)
    with initialize_config_dir(config_dir=str(SCENARIOS), version_base=None):
        try:
            composed = hydra_compose(config_name="config", overrides=overrides)
        except (HydraException, OmegaConfBaseException) as error:
            raise _entry_not_there(overrides) or _composition_error(error, overrides) from None
        app = to_model_config(composed, overrides)
    return ModelConfig(**{f.name: getattr(app, f.name) for f in dataclasses.fields(ModelConfig)})


# ------------------------------------------------------------------------ overrides


def check_overrides(overrides: Sequence[str]) -> list[Path]:
    """Refuse overrides that cannot be taken as they are; return the directories they add
    to the search path (``hydra.searchpath``).

    Group options (``scenario=``, ``population=``, ``hydra/launcher=``) must be slugs; no
    resolver but :data:`ALLOWED_RESOLVERS`; a mapping-valued key given a mapping, and not an
    empty one (``labs={}`` would change nothing).
    """
    try:
        parsed = OverridesParser.create().parse_overrides(list(overrides))
    except HydraException as error:
        raise ConfigError("overrides", list(overrides), _first_line(error)) from None
    fields = {f.name for f in dataclasses.fields(AppConfig)}
    added: list[Path] = []
    for override, text in zip(parsed, overrides):
        key = override.key_or_group
        if not key:
            raise ConfigError("overrides", text, "KEY=VALUE, with a key")
        if override.is_delete():
            if "." in key or (key in fields and not _is_group(key, added)):
                _check_removable(key, text)
            continue
        value = override.value()
        given = text.partition("=")[2] if override.is_sweep_override() else value
        _check_resolvers(key, text.partition("=")[2])
        if key == "hydra.searchpath":
            added += [_search_directory(entry) for entry in (value if isinstance(value, list) else [value])]
        elif key.split(".")[0] == "hydra":
            continue  # Hydra's own settings: the command line takes only some (sim.cli.HYDRA_SETTINGS)
        elif "." not in key and not override.is_sweep_override() and (key not in fields or (
                isinstance(value, str) and _is_group(key, added))):
            if not isinstance(value, str) or not SLUG.fullmatch(value):
                raise ConfigError(key, value, f"an option of the {key} group: {SLUG_RULE}")
        elif not (isinstance(value, str) and _is_group(key, added)):
            kind = _field_kind(key, given)
            if kind is not None and not override.is_sweep_override():
                _check_fields(value, kind, key, given=True)
    return added


def check_each_key_once(overrides: Sequence[str]) -> None:
    """Each key or group given once (``adoption.price=1 adoption.price=2``, or
    ``sim.compose("baseline", ["scenario=price_war"])``): Hydra would take the last one given
    without a word, or sweep a repeated key twice."""
    seen: dict[str, str] = {}
    for override in OverridesParser.create().parse_overrides(list(overrides)):
        key = override.key_or_group
        if key in seen:
            raise ConfigError(key, override.input_line.partition("=")[2],
                              f"each key once: it is given as {seen[key]} already")
        seen[key] = override.input_line


def _check_removable(key: str, text: str) -> None:
    """``~KEY`` removes an entry of a roster or a table (``~labs.meta``, ``~timeline.deepseek_r1``);
    a section or a field cannot be removed (``~labs``, ``~adoption``: Hydra takes the defaults
    back, changing nothing, or fails in a message of its own)."""
    section = key.rpartition(".")[0]
    kind = _without_none(_field_kind(section, text) if section else AppConfig)
    if typing.get_origin(kind) is not dict:
        _field_kind(key, text)  # a key that is no field is named as such
        raise ConfigError(key, text, "~KEY only for an entry of a roster or a table (~labs.meta, "
                                     "~timeline.deepseek_r1): a section or a field cannot be removed")


def _is_group(key: str, added: Sequence[Path]) -> bool:
    """Whether ``key`` names a config group (``population``, ``run``: also fields, but
    ``population=small`` picks an option) of the tree or of a directory added to it."""
    return any((directory / key).is_dir() for directory in (SCENARIOS, *added))


def _search_directory(entry) -> Path:
    path = Path(str(entry).removeprefix("file://"))
    if not str(entry).startswith("file://") or not path.is_absolute() or not path.is_dir():
        raise ConfigError("hydra.searchpath", entry, "file:// and the absolute path of a directory of config groups")
    return path


def _check_resolvers(key: str, text: str) -> None:
    """No resolver in ``text``, the value of ``key``, but those :data:`ALLOWED_RESOLVERS` allows there."""
    for name in _RESOLVER.findall(text):
        if name not in ALLOWED_RESOLVERS.get(key, ()):
            raise ConfigError(key, text, f"a value or a reference to another key (${{seed}}): the resolver {name} "
                                         f"reads outside the configuration ({RESOLVERS_RULE})")


# ---------------------------------------------------------------------- config files


def check_config_files(directory: Path) -> None:
    """Refuse a YAML file under ``directory`` that cannot be parsed, that names a key twice in
    one map (Hydra's loader refuses it only when composing, in a traceback), or whose aliases
    expand beyond :data:`MAX_YAML_NODES` nodes (checked without expanding them)."""
    for path in sorted(Path(directory).rglob("*.yaml")):
        stat = path.stat()
        _check_config_file(path, stat.st_mtime_ns, stat.st_size)


@functools.lru_cache(maxsize=1024)
def _check_config_file(path: Path, mtime_ns: int, size: int) -> None:
    """One file's check, remembered while the file is unchanged (compose runs often)."""
    try:
        node = yaml.compose(path.read_text())
    except (yaml.YAMLError, UnicodeDecodeError) as error:
        raise ConfigError(str(path), "", f"a readable YAML file ({_first_line(error)})") from None
    twice = _key_given_twice(node, set())
    if twice is not None:
        raise ConfigError(str(path), f"{twice.value} (line {twice.start_mark.line + 1})",
                          "a YAML file whose maps name each key once")
    expanded = _expanded_size(node, {})
    if expanded > MAX_YAML_NODES:
        raise ConfigError(str(path), f"{expanded:.3g} nodes once its aliases are expanded",
                          f"a config file of at most {MAX_YAML_NODES:,} nodes with aliases expanded")
    try:  # its size bounded, the file is loaded as Hydra will load it
        yaml.load(path.read_text(), Loader=get_yaml_loader())
    except yaml.YAMLError as error:
        raise ConfigError(str(path), "", f"a YAML file of plain values, as Hydra loads them (no tags of "
                                         f"Python's, keys that are values: {_first_line(error)})") from None


def _key_given_twice(node, seen: set[int]) -> yaml.ScalarNode | None:
    """The first key of a YAML tree that repeats a string key of its map, as Hydra's loader
    (OmegaConf's) counts them (None: none); a node shared by aliases is looked at once."""
    if node is None or id(node) in seen:
        return None
    seen.add(id(node))
    if isinstance(node, yaml.MappingNode):
        named = set()
        for key, _ in node.value:
            if key.tag == yaml.resolver.BaseResolver.DEFAULT_SCALAR_TAG:
                if key.value in named:
                    return key
                named.add(key.value)
    return next((found for item in _children(node) if (found := _key_given_twice(item, seen)) is not None), None)


def _expanded_size(node, sizes: dict[int, int]) -> int:
    """Nodes of a YAML tree once aliases are expanded; a node shared by aliases is counted
    each time it is used but measured once."""
    if node is None:
        return 0
    if id(node) not in sizes:
        sizes[id(node)] = 1  # a node that contains itself is counted once
        sizes[id(node)] = 1 + sum(_expanded_size(item, sizes) for item in _children(node))
    return sizes[id(node)]


def _children(node) -> list:
    """A YAML node's child nodes: a sequence's items, a map's keys and values; none for a scalar."""
    children = node.value if isinstance(node.value, list) else []
    return [part for child in children for part in (child if isinstance(child, tuple) else (child,))]


def _check_scenario_file(directories: Sequence[Path], overrides: Sequence[str]) -> None:
    """The chosen scenario's file must be a global package (``# @package _global_``) holding a
    mapping, or Hydra puts its keys under ``scenario`` and says they are not in the config; its
    keys must be fields, and its mapping-valued ones non-empty mappings."""
    choices = [o.split("=", 1)[1] for o in overrides if o.lstrip("+").split("=", 1)[0] == "scenario" and "=" in o]
    name = choices[-1] if choices else "baseline"
    path = next((d / "scenario" / f"{name}.yaml" for d in directories if (d / "scenario" / f"{name}.yaml").is_file()),
                None)
    if path is None:
        return  # Hydra names the options there are
    text = path.read_text()
    header = [line for line in text.splitlines() if line.strip()][:1]
    rule = f"a scenario file ({path}) starting with '# @package _global_' and holding keys"
    if not text.strip() or not isinstance(yaml.safe_load(text), dict):
        raise ConfigError("scenario", name, rule + ": it holds none")
    if not any(re.fullmatch(r"#\s*@package\s+_global_\s*", line.strip()) for line in _header(text)):
        raise ConfigError("scenario", name, rule + f": it starts with {header[0][:60]!r}")
    data = yaml.safe_load(text)
    _refuse_hydra_settings(data, path)
    _refuse_root_keys(data, path)
    keys = {key: value for key, value in data.items() if key != "defaults"}
    if keys:  # a file of defaults alone picks other options
        _check_fields(keys, AppConfig, "", given=True)


def _refuse_hydra_settings(data: dict, path: Path) -> None:
    """A config file of the model's groups (a scenario, a policy, ...) placing keys at the top
    holds no ``hydra`` key, and its ``defaults:`` list chooses no option of Hydra's groups
    (``override /hydra/launcher: parallel``): Hydra's settings (where a run writes, its log
    files, callbacks, the launcher) are given on the command line, where they are checked
    (``sim.cli``), never in a scenario."""
    chosen = [key for entry in (data.get("defaults") or []) if isinstance(entry, dict) for key in entry
              if str(key).removeprefix("override").strip().lstrip("/").split("/")[0] == "hydra"]
    if "hydra" in data or chosen:
        key = "hydra" if "hydra" in data else f"defaults: {chosen[0]}"
        raise ConfigError(key, data["hydra"] if "hydra" in data else data["defaults"],
                          f"not in a config file of the model ({path}): Hydra's settings are given on the command "
                          "line (hydra.run.dir=DIR, hydra/launcher=NAME, ...)")


def _root_keys() -> dict[str, object]:
    """The keys the root config (``scenarios/config.yaml``) sets itself, by dotted key: it is
    merged after every group (``_self_`` last), so a group file setting one changes nothing."""
    data = yaml.safe_load((SCENARIOS / "config.yaml").read_text())
    found: dict[str, object] = {}

    def visit(node: dict, prefix: str) -> None:
        for key, value in node.items():
            if isinstance(value, dict):
                visit(value, f"{prefix}{key}.")
            else:
                found[f"{prefix}{key}"] = value

    visit({key: value for key, value in data.items() if key not in ("defaults", "hydra")}, "")
    return found


ROOT_KEYS = _root_keys()
"""What the root config sets after every group file (``seed``, ``run.seed: ${seed}``, ...):
a scenario's ``seed: 5`` was replaced by the root's ``seed: 0`` without a word."""


def _refuse_root_keys(placed: dict, path: Path) -> None:
    """No key of :data:`ROOT_KEYS` in a group file (``placed``: its keys where its package puts them)."""
    for key in ROOT_KEYS:
        given = _value_at(placed, key)
        if given is not None:
            raise ConfigError(key, given, f"not in a config file ({path}): scenarios/config.yaml sets it after every "
                                          f"group; give it on the command line ({key.split('.')[-1]}=N)")


def check_group_files(directories: Sequence[Path]) -> None:
    """Every option file of the config groups of ``directories`` (``population/``, ``run/``,
    ``policy/`` and any group of one's own; the scenarios, checked when chosen, aside) holds
    only fields, its mapping-valued ones non-empty mappings, at the place its ``# @package``
    line puts them (the group's name when it has none): Hydra would merge ``labs: {}``
    silently and drop a key added with ``+``. The files of Hydra's own groups (``hydra/launcher/``)
    are checked against the schemas Hydra's plugins register (:func:`_check_hydra_group`); a file
    of another of Hydra's groups (``hydra/job_logging/``) is refused: Hydra's own options of
    those (``hydra/job_logging=disabled``) are there to choose. An added directory holds its
    files in groups' folders (a file at its top is never read) under names of their own (an
    option of the project's name there is never read: the first found wins)."""
    hydra_groups: set[str] = set()
    found: dict[str, Path] = {}
    for directory in directories:
        top = sorted(Path(directory).glob("*.yaml"))
        if directory != SCENARIOS and top:
            raise ConfigError(str(top[0]), top[0].name, "a config file in a group's folder (DIR/scenario/<name>.yaml): "
                                                        "a file at the top of a config directory is never read")
        for path in sorted(Path(directory).glob("*/**/*.yaml")):
            group = path.parent.relative_to(directory).as_posix()
            option = f"{group}/{path.stem}"
            if option in found:
                raise ConfigError(str(path), option, f"an option of a name of its own: Hydra reads {found[option]} "
                                                     "and never this file")
            found[option] = path
            if group.split("/")[0] == "hydra" and group not in HYDRA_GROUPS_CHECKED:
                raise ConfigError(str(path), group, "a config file of a model's group, or of one of Hydra's groups "
                                                    f"whose options sim checks ({', '.join(HYDRA_GROUPS_CHECKED)}): "
                                                    "another of Hydra's (a logging config: its files and handlers) "
                                                    "could write anywhere or run code")
            if group.split("/")[0] == "hydra":
                hydra_groups.add(group)
            elif group.split("/")[0] != "scenario":
                stat = path.stat()
                _check_group_file(path, group, stat.st_mtime_ns, stat.st_size)
    for group in sorted(hydra_groups):
        files = tuple(path for directory in directories for path in sorted((Path(directory) / group).glob("*.yaml")))
        _check_hydra_group(group, files, tuple((path.stat().st_mtime_ns, path.stat().st_size) for path in files))


@functools.lru_cache(maxsize=1024)
def _check_group_file(path: Path, group: str, mtime_ns: int, size: int) -> None:
    """One group file's check, remembered while the file is unchanged."""
    text = path.read_text()
    data = yaml.safe_load(text)
    if not isinstance(data, dict):
        return  # an empty option, or one Hydra refuses with its own message
    package = _package(text, group)
    if package == "_global_":
        _refuse_hydra_settings(data, path)
    keys = {key: value for key, value in data.items() if key != "defaults"}
    if package != "_global_":
        for part in reversed(package.split(".")):
            keys = {part: keys}
    _refuse_root_keys(keys, path)
    try:
        _check_fields(keys, AppConfig, "", given=True)
    except ConfigError as error:
        raise ConfigError(error.key, error.value, f"{error.allowed} (in {path})") from None


@functools.lru_cache(maxsize=64)
def _check_hydra_group(group: str, files: tuple[Path, ...], stats: tuple[tuple[int, int], ...]) -> None:
    """The option files of a group of Hydra's own (``hydra/launcher``), in the order Hydra
    searches them, checked against the structured config (a dataclass) that the option they
    extend registers in Hydra's ConfigStore (``defaults: [joblib]``, or another file
    of the group that does), or the option whose ``_target_`` they name: a key that is no
    field, a value of the wrong type and a ``_target_`` no option of the group has are
    refused, naming the file, as Hydra would only once it launches (the groups of
    :data:`HYDRA_GROUPS_CHECKED`; a file of another of Hydra's groups is refused before). A
    group without registered options, a file placed elsewhere by its ``# @package``
    line and a file extending an option that is not there (a plugin not installed:
    ``defaults: [ray]`` without the ``ray`` extra) are left to Hydra, which composes the
    chosen option before any run (:func:`check_hydra_choices`). Remembered while the files
    are unchanged (``stats``: their modification times and sizes)."""
    registered = _registered_options(group)
    if not registered:
        return
    targets = _targets(registered)
    package = group.replace("/", ".")
    texts = {path: path.read_text() for path in files}
    by_name = {path.stem: path for path in reversed(files)}  # the first found wins, as in Hydra
    for path, text in texts.items():
        data = yaml.safe_load(text)
        if not isinstance(data, dict) or _package(text, group) != package:
            continue
        schema = _extended_schema(data, registered, by_name, texts, {path.stem})
        if schema is None:
            continue
        _check_against_schema(schema, _own_keys(data), group, targets, f"(in {path})")


HYDRA_GROUPS_CHECKED = ("hydra/launcher", "hydra/sweeper")
"""The groups of Hydra's own whose chosen option :func:`check_hydra_choices` checks against
its schema: those whose options are classes Hydra instantiates."""


def check_hydra_choices(overrides: Sequence[str]) -> DictConfig | None:
    """Hydra's own options as ``overrides`` choose and set them (``hydra/launcher=parallel``,
    ``hydra.launcher.n_jobs=2``, and ``hydra.searchpath`` for the files of ``--config-dir``),
    composed and checked before any work, as Hydra would only once it launches: a launcher
    whose plugin is an extra not installed here (:func:`_check_plugin_installed`), an option
    that is not there, a value of the wrong type, a key that is no field of the launcher's
    schema (added with ``+``, which Hydra takes) and a ``_target_`` that no option has are
    refused. Sweeps over Hydra's keys are left to Hydra; overrides touching none of
    :data:`HYDRA_GROUPS_CHECKED` need no composing (the defaults are Hydra's own).

    Returns the launcher's composed config (what ``hydra.launcher`` holds), or None when the
    overrides touch none of those groups.
    """
    parsed = OverridesParser.create().parse_overrides(list(overrides))
    single = [text for override, text in zip(parsed, overrides) if not override.is_sweep_override()]
    touched = (override.key_or_group for override in parsed)
    if not any(key.startswith((group, group.replace("/", "."))) for key in touched for group in HYDRA_GROUPS_CHECKED):
        return None
    _check_plugin_installed(parsed)
    with initialize_config_dir(config_dir=str(SCENARIOS), version_base=None):
        try:
            composed = hydra_compose(config_name="config", overrides=single, return_hydra_config=True)
        except (HydraException, OmegaConfBaseException) as error:
            raise _composition_error(error, single) from None
    choices = OmegaConf.to_container(composed.hydra.runtime.choices)
    for group in HYDRA_GROUPS_CHECKED:
        node = OmegaConf.select(composed, group.replace("/", "."))
        kind = OmegaConf.get_type(node)
        schema = OmegaConf.structured(kind) if dataclasses.is_dataclass(kind) else OmegaConf.create({})
        targets = _targets(_registered_options(group))
        own = OmegaConf.to_container(node, resolve=False)
        _check_against_schema(schema, own, group, targets, f"({group}={choices.get(group)})")
    return composed.hydra.launcher


def _check_plugin_installed(parsed: Sequence) -> None:
    """The launcher that ``hydra/launcher=NAME`` chooses, or an option file it extends
    (``ray_cluster.yaml``: ``defaults: [ray]``), must not be one that a plugin of an extra not
    installed here registers (:data:`sim.cluster.LAUNCHER_EXTRAS`): refused naming the extra and
    its pip command, where Hydra would say only that the option is not there."""
    chosen = [str(o.value()) for o in parsed if o.key_or_group == "hydra/launcher" and not o.is_sweep_override()]
    if not chosen:
        return
    searched = [entry for o in parsed if o.key_or_group == "hydra.searchpath"
                for entry in (o.value() if isinstance(o.value(), list) else [o.value()])]
    directories = [SCENARIOS, *map(_search_directory, searched)]
    files = {path.stem: path for directory in reversed(directories)
             for path in sorted((directory / "hydra" / "launcher").glob("*.yaml"))}  # the first found wins
    missing = _plugin_option_missing(chosen[-1], files, set(_registered_options("hydra/launcher")), set())
    if missing is not None:
        extra = LAUNCHER_EXTRAS[missing]
        which = missing if missing == chosen[-1] else f"it extends {missing}, which"
        raise ConfigError("hydra/launcher", chosen[-1], f"a launcher installed here: {which} comes with the {extra} "
                                                        f"extra, not installed ({install_command(extra)})")


def _plugin_option_missing(option: str, files: dict[str, Path], registered: set[str], seen: set[str]) -> str | None:
    """The launcher of a plugin not installed (one of :data:`sim.cluster.LAUNCHER_EXTRAS`, not
    registered) that ``option`` is, or that an option file extends through its ``defaults:``;
    None when there is none."""
    if option in files and option not in seen:
        data = yaml.safe_load(files[option].read_text())
        bases = [base for base in (data.get("defaults") or []) if isinstance(base, str)] if isinstance(data, dict) \
            else []
        found = (_plugin_option_missing(base, files, registered, {*seen, option}) for base in bases)
        return next((name for name in found if name is not None), None)
    return option if option in LAUNCHER_EXTRAS and option not in registered else None


def _check_against_schema(schema: DictConfig, own: dict, group: str, targets: Sequence[str], where: str) -> None:
    """An option of one of Hydra's groups (its own keys, ``own``) merged onto the schema it
    extends: a key that is no field or a value of the wrong type refused, and a ``_target_``
    that is none of ``targets`` (the classes of the group's registered options)."""
    package = group.replace("/", ".")
    try:
        merged = OmegaConf.merge(schema, own)
    except (ConfigKeyError, ValidationError) as error:
        declared = error.object_type if dataclasses.is_dataclass(error.object_type) else None
        fields = typing.get_type_hints(declared) if declared else {}
        key, name = f"{package}.{error.full_key}", getattr(declared, "__name__", "its schema")
        if isinstance(error, ConfigKeyError):
            raise ConfigError(key, _value_at(own, error.full_key),
                              f"a key of {name} ({', '.join(fields)}) {where}") from None
        kind = f"of type {_type_words(fields[error.key])}" if error.key in fields else "of the declared type"
        raise ConfigError(key, error.value, f"a value {kind}, as {name} declares {where}") from None
    if merged.get("_target_") not in targets:
        raise ConfigError(f"{package}._target_", merged.get("_target_"),
                          f"the class of an installed option of {group}: {', '.join(targets)} {where}")


def _registered_options(group: str) -> dict[str, DictConfig]:
    """The options that Hydra and its installed plugins register in the ConfigStore for one
    of Hydra's groups (``hydra/launcher``: basic, joblib, ...), by name."""
    Plugins.instance()  # imports every installed plugin, which registers its options
    store = ConfigStore.instance()
    try:
        names = store.list(group)
    except OSError:  # no option registered for the group
        return {}
    return {name.removesuffix(".yaml"): store.load(f"{group}/{name}").node for name in names
            if store.get_type(f"{group}/{name}") is ObjectType.CONFIG}


def _targets(registered: dict[str, DictConfig]) -> list[str]:
    """The classes (``_target_``) of a group's registered options, sorted."""
    return sorted({str(node._target_) for node in registered.values() if "_target_" in node})


def _own_keys(data: dict) -> dict:
    """An option file's own keys: all but the ``defaults`` list of what it extends."""
    return {key: value for key, value in data.items() if key != "defaults"}


def _extended_schema(data: dict, registered: dict[str, DictConfig], by_name: dict[str, Path],
                     texts: dict[Path, str], seen: set[str]) -> DictConfig | None:
    """What an option file of one of Hydra's groups is merged onto: the registered options its
    ``defaults:`` names, or the files of the group it names (each with its own keys; a file
    comes before a registered option of its name, as in Hydra's search path); with no
    defaults, the registered option whose ``_target_`` it names (an empty config when none,
    which only the check of ``_target_`` refuses). None when an option it extends is not
    there or not a plain name of the group: Hydra then says what it lacks."""
    bases = [entry for entry in data.get("defaults") or [] if entry != "_self_"]
    if not bases:
        return next((node for node in registered.values() if node.get("_target_") == data.get("_target_")),
                    OmegaConf.create({}))
    schemas = []
    for base in bases:
        if not isinstance(base, str):
            return None
        if base in by_name and base not in seen:
            parent = yaml.safe_load(texts[by_name[base]])
            schema = _extended_schema(parent, registered, by_name, texts, {*seen, base}) if isinstance(parent, dict) \
                else None
            if schema is None:
                return None
            try:
                schemas.append(OmegaConf.merge(schema, _own_keys(parent)))
            except OmegaConfBaseException:
                return None  # the file it extends is refused when it is checked itself
        elif base in registered:
            schemas.append(registered[base])
        else:
            return None
    return OmegaConf.merge(*schemas)


def _package(text: str, group: str) -> str:
    """Where a group file puts its keys: the package of its ``# @package`` line (``_group_``:
    the group's), else the group's (``hydra/launcher``: ``hydra.launcher``)."""
    packages = [m.group(1) for line in _header(text) if (m := re.fullmatch(r"#\s*@package\s+(\S+)\s*", line.strip()))]
    package = packages[0] if packages else "_group_"
    return group.replace("/", ".") if package == "_group_" else package


def _value_at(data: typing.Any, dotted: str) -> typing.Any:
    """The value at a dotted key of nested mappings, or None where there is none."""
    for part in dotted.split("."):
        data = data.get(part) if isinstance(data, dict) else None
    return data


def _type_words(kind: typing.Any) -> str:
    """A field's declared type in words (``int``, ``float or null``)."""
    inner = _without_none(kind)
    return getattr(inner, "__name__", str(inner)) + (" or null" if inner is not kind else "")


def _header(text: str) -> list[str]:
    """The comment lines a YAML file starts with (where Hydra reads ``@package``)."""
    lines = []
    for line in text.splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            break
        lines.append(line)
    return lines


# ------------------------------------------------------------------- composed config


def _check_fields(data: typing.Any, kind: typing.Any, key: str, given: bool = False) -> None:
    """Every key of ``data`` a field of ``kind`` (a key added with ``+`` that is no field would be
    dropped) and no resolver reading outside the config in its values.

    ``given`` marks a value as a config file or an override gives it, before Hydra merges it
    into the defaults: there a mapping-valued field (a section such as ``adoption``, a roster
    such as ``labs``, a table such as ``pricing.markup``) must be given a mapping, and not an
    empty one, which would merge into the defaults and change nothing; and a bool field true or
    false, which Hydra would make of any number (``run.adopter_snapshots=2``).
    """
    if isinstance(data, str):
        _check_resolvers(key or "config", data)
        if data.lstrip().startswith("${"):
            return  # a reference to another key, resolved (and typed) by Hydra
    kind = _without_none(kind)
    origin, args = typing.get_origin(kind), typing.get_args(kind)
    mapping = dataclasses.is_dataclass(kind) or origin is dict
    if given and mapping:
        if not isinstance(data, dict):
            raise ConfigError(key, data, _mapping_rule(kind))
        if not data:
            raise ConfigError(key, {}, "keys to set: an empty map merges into the defaults and changes nothing, or "
                                       "under a new name adds an entry of defaults only"
                                       + (f" (an override ~{key}.<name> removes an entry)" if origin is dict else ""))
    if given and kind is bool and not isinstance(data, bool):
        raise ConfigError(key, data, "true or false")  # Hydra would take any number for a bool
    prefix = f"{key}." if key else ""
    if dataclasses.is_dataclass(kind) and isinstance(data, dict):
        hints = typing.get_type_hints(kind)
        for name, value in data.items():
            if name not in hints:
                raise _no_such_key(f"{prefix}{name}", value, kind)
            _check_fields(value, hints[name], f"{prefix}{name}", given)
    elif origin is dict and isinstance(data, dict):
        for name, value in data.items():
            _check_fields(value, args[1], f"{prefix}{name}", given)
    elif origin is list and isinstance(data, list):
        for i, value in enumerate(data):
            _check_fields(value, args[0], f"{key}[{i}]", given)


def _without_none(kind: typing.Any) -> typing.Any:
    """``X`` of ``X | None``; any other type as it is."""
    if typing.get_origin(kind) in (typing.Union, types.UnionType):
        return next((arg for arg in typing.get_args(kind) if arg is not type(None)), kind)
    return kind


def _mapping_rule(kind: typing.Any) -> str:
    """What a mapping-valued field takes, in words."""
    if dataclasses.is_dataclass(kind):
        return f"a mapping of its keys: {', '.join(typing.get_type_hints(kind))} (see `sim --cfg job`)"
    entry = _without_none(typing.get_args(kind)[1])
    words = ("entries (each a mapping of its keys, see `sim --cfg job`)" if dataclasses.is_dataclass(entry)
             else "lists of numbers" if typing.get_origin(entry) is list
             else "numbers" if entry in (int, float) else entry.__name__)
    return f"a mapping of names to {words}"


def _field_kind(key: str, value: typing.Any) -> typing.Any:
    """The declared type of a dotted key of the configuration (``pricing.markup``,
    ``labs.meta.sizes``), or None below a field that holds no keys; a ConfigError naming the
    key, ``value`` (as given to it) and the closest field where a part of it is no field."""
    kind: typing.Any = AppConfig
    parts = key.split(".")
    for i, part in enumerate(parts):
        kind = _without_none(kind)
        if dataclasses.is_dataclass(kind):
            hints = typing.get_type_hints(kind)
            if part not in hints:
                raise _no_such_key(".".join(parts[:i + 1]), value, kind, given_as=key)
            kind = hints[part]
        elif typing.get_origin(kind) is dict:
            kind = typing.get_args(kind)[1]
        else:
            return None
    return kind


def _no_such_key(key: str, value: typing.Any, section: type, given_as: str | None = None) -> ConfigError:
    """The refusal of ``key``, which is no field of the dataclass ``section``: it names the key
    as given (``given_as``, a longer key through it, or the key itself), the value, the closest
    field and every field."""
    hints = typing.get_type_hints(section)
    parent, _, name = key.rpartition(".")
    close = difflib.get_close_matches(name, hints, n=1) or difflib.get_close_matches(name.lower(), hints, n=1)
    hint = f" (did you mean {parent + '.' if parent else ''}{close[0]}?)" if close else ""
    where = "" if given_as in (None, key) else f"{key} is no key there: "
    return ConfigError(given_as or key, value, f"{where}a key of {parent or 'the configuration'}{hint}: "
                                                f"{', '.join(hints)} (see `sim --cfg job`)")


def _entries_named(key: str) -> list[tuple[str, str]]:
    """The entries of rosters and tables that a dotted key goes through, as (the table's key,
    the entry's name): ``regions.US.awareness.CN`` goes through ``("regions", "US")`` and
    ``("regions.US.awareness", "CN")``."""
    kind, parts, entries = AppConfig, key.split("."), []
    for i, part in enumerate(parts):
        kind = _without_none(kind)
        if dataclasses.is_dataclass(kind):
            kind = typing.get_type_hints(kind).get(part)
        elif typing.get_origin(kind) is dict:
            entries.append((".".join(parts[:i]), part))
            kind = typing.get_args(kind)[1]
        else:
            break
    return entries


def _entry_not_there(overrides: Sequence[str]) -> ConfigError | None:
    """The refusal of an override into an entry that its roster or table does not hold
    (``+timeline.newev.date=2023-01``, ``regions.XX.weight=0.1``), where Hydra names the entry
    alone, with no value: found by composing the other overrides (in an initialised Hydra),
    and None when every entry is there or the others do not compose. A roster's new entry
    (a lab, an event) is added whole, in a scenario file: Hydra builds no entry of a roster
    from one key."""
    parsed = zip(overrides, OverridesParser.create().parse_overrides(list(overrides)))
    into = {text: (override, entries) for text, override in parsed
            if not override.is_delete() and (entries := _entries_named(override.key_or_group))}
    if not into:
        return None
    try:
        composed = hydra_compose(config_name="config", overrides=[text for text in overrides if text not in into])
    except (HydraException, OmegaConfBaseException):
        return None
    for override, entries in into.values():
        for table, name in entries:
            held = OmegaConf.select(composed, table)
            if isinstance(held, DictConfig) and name not in held:
                entry = _without_none(typing.get_args(_field_kind(table, override.value()))[1])
                add = (f"a new one is added whole, in a scenario file ({table}: {{{name}: {{KEY: VALUE, ...}}}}; "
                       "sim --config-dir DIR scenario=NAME)" if dataclasses.is_dataclass(entry)
                       else f"+{table}.{name}=VALUE adds one")
                return ConfigError(override.key_or_group, override.value(),
                                   f"{table}.{name} is no entry of {table}, which holds {', '.join(held)}; {add}")
    return None


def _composition_error(error: Exception, overrides: Sequence[str]) -> ConfigError:
    """Hydra's error as a ConfigError naming the override it is about (the one whose key its
    error names, else the first one its message names) and the value that override gives,
    with the messages of its causes."""
    given = {override.key_or_group: override.value() for override in
             OverridesParser.create().parse_overrides(list(overrides))}
    messages, full_key, value = [], "", ""
    while error is not None:
        if not full_key and getattr(error, "full_key", None):
            full_key, value = str(error.full_key), getattr(error, "value", "")
        text = str(error).strip()
        if text and text not in messages and "$VALUE" not in text:
            messages.append(text)
        error = error.__cause__ or error.__context__
    lines = [line.strip() for text in messages for line in text.splitlines()[:2]]
    message = "; ".join(line for line in lines if line and not line.startswith("To append to your config"))
    if full_key:
        about = next((key for key in given if key == full_key or key.startswith(f"{full_key}.")
                      or full_key.startswith(f"{key}.")), None)
        return ConfigError(full_key, given[about] if about else "" if value is None else value, message)
    for override in overrides:
        key, _, text = override.lstrip("+~").partition("=")
        if any(named in message for named in (override, f"'{key}'", f"'{key}/{text}'", f"full_key: {key}")):
            return ConfigError(key, given.get(key, text), message)
    return ConfigError("config", list(overrides), message)


def _first_line(error: Exception) -> str:
    return (str(error).strip().splitlines() or [type(error).__name__])[0]


def _scenario_dir(directory: str | os.PathLike) -> Path:
    """A folder of one's own scenarios, resolved; ConfigError if it is not a directory."""
    path = Path(directory).resolve()
    if not path.is_dir():
        raise ConfigError(
            "scenario_dirs", str(directory),
            "a directory laid out like scenarios/ (holding scenario/<name>.yaml)"
            + ("" if path.exists() else "; it does not exist"),
        )
    return path
