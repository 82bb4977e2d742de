"""The workshop and exercise notebooks: stored without outputs, and each executed at the
tiny size (``SIM_NOTEBOOK_SIZE=tiny``), one test per notebook so that xdist spreads them.

A solution notebook's every check says "Right."; the exercise notebook, run as handed out
(no answers yet), has every check say "Not yet.": each check passes the solution and turns
down a wrong answer. A workshop shows its figures inline (PNG outputs) and its slider.
"""

from __future__ import annotations

import os
from pathlib import Path

import nbformat
import pandas as pd
import pytest
from nbclient import NotebookClient

import sim.teaching as teaching
from sim.teaching import SIZE_VARIABLE

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"
ALL = sorted(NOTEBOOKS.rglob("*.ipynb"))
EXERCISES = sorted((NOTEBOOKS / "exercises").glob("*.ipynb"))
SOLUTIONS = sorted((NOTEBOOKS / "exercises" / "solutions").glob("*.ipynb"))
WORKSHOPS = sorted((NOTEBOOKS / "workshops").glob("*.ipynb"))


def _name(path: Path) -> str:
    return str(path.relative_to(NOTEBOOKS))


def executed(path: Path, monkeypatch) -> nbformat.NotebookNode:
    notebook = nbformat.read(path, as_version=4)
    monkeypatch.setenv(SIZE_VARIABLE, "tiny")
    monkeypatch.setenv("PYTHONWARNINGS", "ignore")  # a kernel's own deprecations are not the model's
    client = NotebookClient(notebook, timeout=300, kernel_name="python3",
                            resources={"metadata": {"path": str(path.parent)}})
    # nbclient mirrors an Output widget (a slider's drawing area) by sending its state on the
    # shell channel while it awaits the cell's reply on that channel; the reply's wake-up is
    # then at times missed, and the cell waits out its whole timeout (300 s, on a workshop's
    # slider cell) before the reply is read. Left to the kernel, the widget's first drawing
    # is an output of its cell.
    client.widget_registry = {}
    client.execute()
    return notebook


def check_outputs(notebook) -> list[str]:
    """The printed verdict of every check cell (a cell calling ``teaching.check_...``)."""
    return ["".join(o.get("text", "") for o in cell.outputs if o.output_type == "stream")
            for cell in notebook.cells if cell.cell_type == "code" and "teaching.check_" in cell.source]


def test_the_notebook_set_is_whole():
    assert len(WORKSHOPS) >= 3 and len(EXERCISES) >= 8
    assert [p.name for p in SOLUTIONS] == [p.name for p in EXERCISES]
    assert [p.name[:2] for p in EXERCISES] == [f"{n:02d}" for n in range(1, len(EXERCISES) + 1)]


@pytest.mark.parametrize("path", ALL, ids=_name)
def test_notebooks_are_stored_without_outputs(path):
    notebook = nbformat.read(path, as_version=4)
    for cell in notebook.cells:
        if cell.cell_type == "code":
            assert not cell.outputs and cell.execution_count is None, f"{_name(path)} holds outputs"


@pytest.mark.parametrize("path", SOLUTIONS, ids=_name)
def test_a_solution_passes_its_checks(path, monkeypatch):
    verdicts = check_outputs(executed(path, monkeypatch))
    assert verdicts and all(v.startswith("Right.") for v in verdicts), verdicts


@pytest.mark.parametrize("path", EXERCISES, ids=_name)
def test_an_unanswered_exercise_is_told_not_yet(path, monkeypatch):
    verdicts = check_outputs(executed(path, monkeypatch))
    assert verdicts and all(v.startswith("Not yet.") for v in verdicts), verdicts


@pytest.mark.parametrize("path", WORKSHOPS, ids=_name)
def test_a_workshop_runs_with_figures_and_a_slider(path, monkeypatch):
    notebook = executed(path, monkeypatch)
    cells = [[set(o.get("data", {})) for o in cell.outputs] for cell in notebook.cells if cell.cell_type == "code"]
    sliders = [kinds for kinds in cells if any("application/vnd.jupyter.widget-view+json" in k for k in kinds)]
    assert sliders and all(any("image/png" in k for k in kinds) for kinds in sliders), "a slider draws its figure"
    assert sum("image/png" in k for kinds in cells if kinds not in sliders for k in kinds) >= 3
    assert "Discussion" in notebook.cells[-1].source


def test_the_final_share_check_takes_a_share_of_0_as_right_and_names_a_percentage(monkeypatch):
    """A share of 0 is its own percentage: the check must still call it right; a share given
    in percent is named as such."""
    class Markets:
        markets = pd.DataFrame({"date": [1, 1], "region": ["global_south", "world"], "share_cn": [0.0, 0.25]})

    monkeypatch.setattr(teaching, "run", lambda cfg, seed: Markets)
    monkeypatch.setattr(teaching, "compose", lambda name, overrides: None)
    assert teaching.check_final_share(0.0, [], seed=0).passed
    assert not teaching.check_final_share(0.25, [], seed=0).passed
    Markets.markets = Markets.markets.assign(share_cn=[0.3, 0.25])
    assert "in percent" in teaching.check_final_share(30.0, [], seed=0).why
    assert teaching.check_final_share(0.3, [], seed=0).passed
