"""docs/CLAIMS.md's table of full-mode verdicts, made from the cards' verdict records.

``sim-claims --table`` copies each full-mode card's ``verdict.json`` (under ``--out``, in
``full/<claim>/``) into :data:`RECORDED` as ``<claim>.json`` and rewrites the table between
the markers of :data:`DOC` from every record there, each with the date and commit its card
was made at. Nothing in the table is copied by hand; a test checks that it is the one the
records give.
"""

from __future__ import annotations

import datetime
import json
import subprocess
from pathlib import Path

from sim.outputs import write_bytes_atomically

ROOT = Path(__file__).resolve().parents[2]
DOC = ROOT / "docs" / "CLAIMS.md"
RECORDED = ROOT / "docs" / "claims"
"""The recorded full-mode verdicts, one ``<claim>.json`` each (a card's ``verdict.json``)."""
BEGIN = "<!-- verdicts: made by `sim-claims --table` from docs/claims/*.json; do not edit by hand -->"
END = "<!-- end of verdicts -->"


class NotFull(ValueError):
    """A verdict record of quick mode, which is indicative and never recorded."""


def records(directory: Path = RECORDED) -> list[dict]:
    """The recorded verdicts, by claim (C1 first)."""
    found = [json.loads(path.read_text()) for path in directory.glob("*.json")]
    return sorted(found, key=lambda r: int(r["id"].removeprefix("C")))


def table(recorded: list[dict]) -> str:
    """The verdict table in Markdown: verdict, main effect in world 0 and over the worlds with
    their intervals (over the worlds both the spread of the worlds and the seeds' error alone,
    which the verdict reads), the minimum effect, the share of worlds where the claim holds, the Monte
    Carlo error, and when and at which commit the card was made."""
    if not recorded:
        return "No full-mode verdict is recorded yet: run `sim-claims --all`, then `sim-claims --table`."
    lines = [
        "| claim | verdict | main effect | in world 0 (95% interval) | over the worlds (95% interval) "
        "| seeds' error alone (95% interval) | minimum effect | holds in (95% interval) | worlds plausible "
        "| seeds a world, Monte Carlo error | card made |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for r in recorded:
        base, over, minimum, mc = r["baseline"], r["worlds"], r["minimum_effect"], r["monte_carlo"]
        low, high = r["holds_interval"]
        runs_low, runs_high = r.get("worlds_runs_interval", (None, None))
        lines.append(
            f"| {r['id']}: {r['title']} | **{r['verdict']}** | {r['main_effect_meaning']} "
            f"| {_fmt(base['mean'])} ({_fmt(base['low'])} to {_fmt(base['high'])}) "
            f"| {_fmt(over['mean'])} ({_fmt(over['low'])} to {_fmt(over['high'])}) "
            f"| {_fmt(runs_low)} to {_fmt(runs_high)} "
            f"| {minimum['side']} {_fmt(minimum['bound'])} {minimum['unit']} "
            f"| {r['holds_share']:.0%} of worlds ({low:.0%} to {high:.0%}) "
            f"| {'yes' if r['plausible_worlds'] else 'no'} "
            f"| {mc['seeds']}, {_fmt(mc['error'])} (target {_fmt(mc['target'])}) "
            f"| {r['date']}, `{r['commit']}` |"
        )
    return "\n".join(lines)


def with_table(text: str, made: str) -> str:
    """``text`` (docs/CLAIMS.md) with ``made`` between its markers; ValueError without them."""
    start, end = text.find(BEGIN), text.find(END)
    if start < 0 or end < start:
        raise ValueError(f"{DOC} has no verdict table markers ({BEGIN} ... {END})")
    return text[: start + len(BEGIN)] + "\n\n" + made + "\n\n" + text[end:]


def table_in(text: str) -> str:
    """The table between the markers of ``text``."""
    start, end = text.find(BEGIN), text.find(END)
    return text[start + len(BEGIN): end].strip()


def record(cards: Path, directory: Path = RECORDED) -> list[Path]:
    """Copy the full-mode verdict records under ``cards`` (``<claim>/verdict.json``) into
    ``directory``; NotFull for a quick-mode record."""
    copied = []
    for path in sorted(cards.glob("*/verdict.json")):
        found = json.loads(path.read_text())
        if found["indicative"]:
            raise NotFull(f"{path} is of quick mode (indicative): only full-mode verdicts are recorded")
        directory.mkdir(parents=True, exist_ok=True)
        target = directory / f"{found['id']}.json"
        write_bytes_atomically(path.read_bytes(), target)
        copied.append(target)
    return copied


def write(doc: Path = DOC, directory: Path = RECORDED) -> Path:
    """Rewrite ``doc``'s verdict table from the records in ``directory``."""
    text = with_table(doc.read_text(), table(records(directory)))
    write_bytes_atomically(text.encode(), doc)
    return doc


def provenance() -> dict[str, str]:
    """When and at which commit a card is made: today's date (UTC) and ``git describe``
    of the source checkout (``-dirty`` when it has uncommitted changes; ``unknown`` outside git)."""
    try:
        commit = subprocess.run(["git", "-C", str(ROOT), "describe", "--always", "--dirty"],
                                capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        commit = "unknown"
    return {"date": datetime.datetime.now(datetime.UTC).date().isoformat(), "commit": commit}


def _fmt(value) -> str:
    return "n/a" if value is None else f"{value:.3g}"
