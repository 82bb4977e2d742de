"""The model's package stands on its own: no module of ``sim`` imports ``experiments``, and
the modules of ``sim`` import one another without a circle, at the top or inside a function.

The graph is read from the source: every import statement of every module's syntax tree,
those inside functions included, since an import that runs only on some path ties the
modules together as much as one at the top. ``from package import name`` is an edge to the
module ``package.name`` when there is one, else to the package itself.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def module_names(root: Path, package: str) -> dict[str, Path]:
    """Every module of ``package`` (under ``root``) by dotted name; a package by its own name."""
    modules = {}
    for path in sorted((root / package).rglob("*.py")):
        parts = path.relative_to(root).with_suffix("").parts
        modules[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return modules


def imports(module: str, path: Path) -> list[tuple[str, list[str]]]:
    """Every import statement of a module, anywhere in its source: the module it names (made
    absolute) and the names a ``from`` import takes from it (none for a plain import)."""
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found = []
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            found += [(alias.name, []) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:  # relative: from this package, or level - 1 packages up
                parts = package.split(".")
                parent = ".".join(parts[: len(parts) - node.level + 1])
                base = f"{parent}.{base}" if base else parent
            found.append((base, [alias.name for alias in node.names]))
    return found


def import_graph(root: Path, package: str) -> dict[str, set[str]]:
    """Each module of ``package`` and the modules of the same package it imports."""
    modules = module_names(root, package)
    graph = {}
    for module, path in modules.items():
        targets = set()
        for base, names in imports(module, path):
            targets |= {f"{base}.{name}" if f"{base}.{name}" in modules else base for name in names} or {base}
        graph[module] = targets & set(modules)
    return graph


def find_cycle(graph: dict[str, set[str]]) -> list[str]:
    """A circle of imports (its modules, the first repeated at the end), or [] if none."""
    state: dict[str, str] = {}  # "open" while on the current path, "done" once explored
    path: list[str] = []

    def visit(module: str) -> list[str]:
        state[module] = "open"
        path.append(module)
        for target in sorted(graph.get(module, ())):
            if state.get(target) == "open":
                return path[path.index(target):] + [target]
            if target not in state and (cycle := visit(target)):
                return cycle
        state[module] = "done"
        path.pop()
        return []

    for module in sorted(graph):
        if module not in state and (cycle := visit(module)):
            return cycle
    return []


def experiments_imports(root: Path) -> list[str]:
    """``sim`` modules that import anything of ``experiments``, with what they import."""
    found = []
    for module, path in module_names(root, "sim").items():
        names = sorted({base for base, _ in imports(module, path) if base.split(".")[0] == "experiments"})
        if names:
            found.append(f"{module} imports {', '.join(names)}")
    return found


# ----------------------------------------------------------------------------- the model's package


def test_no_module_of_sim_imports_experiments():
    assert experiments_imports(ROOT) == []


def test_the_modules_of_sim_import_one_another_without_a_circle():
    graph = import_graph(ROOT, "sim")
    assert {"sim.config", "sim.roster", "sim.timeline", "sim.plots"} <= set(graph), "the graph misses modules"
    assert "sim.roster" in graph["sim.config"] and "sim.timeline" in graph["sim.config"]
    cycle = find_cycle(graph)
    assert not cycle, "an import circle: " + " -> ".join(cycle)


# ----------------------------------------------------------------------------- the checks themselves


def write_package(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return root


def test_a_circle_through_an_import_inside_a_function_is_found(tmp_path):
    root = write_package(tmp_path, {
        "sim/__init__.py": "",
        "sim/config.py": "def defaults():\n    from sim import roster\n    return roster.labs()\n",
        "sim/roster.py": "from sim.config import defaults\n",
        "sim/vocabulary.py": "",
    })
    assert find_cycle(import_graph(root, "sim")) == ["sim.config", "sim.roster", "sim.config"]


def test_relative_and_dotted_imports_are_edges_and_a_chain_is_no_circle(tmp_path):
    root = write_package(tmp_path, {
        "sim/__init__.py": "from sim.model import run\n",
        "sim/model.py": "import sim.agents.lab\n",
        "sim/agents/__init__.py": "from .lab import Lab\n",
        "sim/agents/lab.py": "from ..vocabulary import BLOCS\n",
        "sim/vocabulary.py": "import numpy\n",
    })
    graph = import_graph(root, "sim")
    assert graph == {
        "sim": {"sim.model"}, "sim.model": {"sim.agents.lab"}, "sim.agents": {"sim.agents.lab"},
        "sim.agents.lab": {"sim.vocabulary"}, "sim.vocabulary": set(),
    }
    assert find_cycle(graph) == []
    graph["sim.vocabulary"] = {"sim"}
    assert find_cycle(graph) == ["sim", "sim.model", "sim.agents.lab", "sim.vocabulary", "sim"]


def test_an_import_of_experiments_anywhere_in_sim_is_found(tmp_path):
    root = write_package(tmp_path, {
        "sim/__init__.py": "",
        "sim/plots.py": "def mark():\n    from experiments.targets import TARGETS\n",
        "sim/report.py": "import experiments\n",
    })
    assert experiments_imports(root) == ["sim.plots imports experiments.targets",
                                         "sim.report imports experiments"]
