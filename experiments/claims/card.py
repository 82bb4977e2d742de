"""A claim card: the answer first, in plain words; then how the claim was tested, the
numbers behind the answer, its figures, a glossary of the statistics and the caveats.

The card is a list of blocks (headings, paragraphs, tables, figures) written twice from the
same blocks: as Markdown (``card.md``, figures beside it as PNG) and as one self-contained
HTML page (``card.html``, figures embedded, nothing fetched), with a machine-readable
``verdict.json``; and an index of cards. Effects and factors are shown by their names in
words (``Claim.named_effects``, ``Factor.doc``), their keys in code beside them. A card of
quick mode says at its top that it is indicative and gives no verdict as its headline.
"""

from __future__ import annotations

import html
import io
import json
import re
import textwrap
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.ticker import FuncFormatter, PercentFormatter

from experiments.claims.analysis import MONTE_CARLO_SHARE, SUPPORT_SHARE, VERDICT_RULE, Analysis
from experiments.claims.engine import Size
from experiments.claims.table import provenance
from sim.outputs import write_bytes_atomically
from sim.report import embedded_png, html_page

CARD = "card.md"
PAGE = "card.html"
VERDICT = "verdict.json"
INDEX = "index.md"
HOLDS, FAILS, BASELINE = "#1b7837", "#b2182b", "#222222"
PNG_DPI = 120

VERDICT_WORDS = {
    "supported": "The model supports the claim.",
    "refuted": "The model refutes the claim.",
    "conditional": "The model supports the claim in some of its plausible worlds and not in others.",
    "inconclusive": "The runs cannot tell whether the model supports the claim.",
}
"""The verdict as the card's answer opens with it (full mode only)."""

GLOSSARY = {
    "95% interval": (
        "the range that would contain the true mean in 95 of 100 repetitions of the experiment. At the "
        "baseline it is taken over seeds (Student's t; for a share, Wilson's score interval or a t-interval "
        "on the logit scale, so that it stays between 0% and 100%). Over the worlds there are two: one over "
        "the worlds' means (Student's t), which shows how much the worlds differ, and one from the seeds' "
        "error alone, which shows what more seeds would narrow and which the verdict reads."
    ),
    "common random numbers": (
        "every world compared runs with the same seeds, so that a difference between worlds comes from "
        "what differs between them, not from luck."
    ),
    "Cohen's d": (
        "the mean effect divided by its standard deviation over seeds: how large the effect is against the "
        "run-to-run noise (0.8 or more is conventionally large)."
    ),
    "Shapley value": (
        "a fair split of an outcome among its causes: each cause's contribution averaged over every order "
        "in which the causes could be added; the causes' values add up to the whole."
    ),
    "Sobol indices": (
        "global sensitivity over the factors' whole ranges: a factor's first-order index (S1) is the share "
        "of the main effect's variance it explains alone; its total index (ST) the share it explains with "
        "all its interactions with other factors (ST minus S1 is what it does only jointly). Indices near 0 "
        "mean the factor does not matter; their 95% intervals come from a bootstrap over the design's points."
    ),
    "verdict": (
        "supported, refuted, conditional or inconclusive, by a rule declared before the runs. Supported: the "
        f"claim holds in {SUPPORT_SHARE:.0%} or more of the plausible worlds and its main effect lies beyond "
        f"the minimum that matters; refuted: it holds in {1 - SUPPORT_SHARE:.0%} or fewer (its main effect "
        "falls short there, or another of its conditions fails); conditional: it holds in some worlds and "
        "fails in others; inconclusive: the seeds or the worlds are too few to tell."
    ),
    "PRIM": (
        "the Patient Rule Induction Method: finds the box of factor values where the claim holds (or fails) "
        "most often, while still covering half of the points where it does."
    ),
}
"""The statistics a card may use, in plain words; a card lists those its text names."""


# ----------------------------------------------------------------------------- blocks


@dataclass(frozen=True)
class Heading:
    text: str
    level: int = 2


@dataclass(frozen=True)
class Paragraph:
    """A paragraph; its text may mark **strong** words and `code`. A lead paragraph (the
    answer) is set larger on the page."""

    text: str
    lead: bool = False


@dataclass(frozen=True)
class Notice:
    """A paragraph set apart at the top of the card (quick mode's warning)."""

    text: str


@dataclass(frozen=True)
class Quote:
    text: str
    source: str


@dataclass(frozen=True)
class Bullets:
    items: tuple[str, ...]


@dataclass(frozen=True)
class Table:
    header: list[str]
    rows: list[list[str]]


@dataclass(frozen=True)
class Picture:
    """A figure of the card: ``name.png`` beside it, with its caption."""

    name: str
    caption: str


Block = Heading | Paragraph | Notice | Quote | Bullets | Table | Picture


def markdown(blocks: list[Block]) -> str:
    """The card as Markdown."""
    lines: list[str] = []
    for block in blocks:
        match block:
            case Heading(text, level):
                lines += ["#" * level + " " + text]
            case Paragraph(text, _):
                lines += [text]
            case Notice(text):
                lines += [f"> {text}"]
            case Quote(text, source):
                lines += [f"> {text}", ">", f"> {source}"]
            case Bullets(items):
                lines += [f"- {item}" for item in items]
            case Table(header, rows):
                lines += [_markdown_row(header), "| " + " | ".join("---" for _ in header) + " |"]
                lines += [_markdown_row(row) for row in rows]
            case Picture(name, caption):
                lines += [f"![{name}]({name}.png)", "", f"*{caption}*"]
        lines.append("")
    return "\n".join(lines)


def _markdown_row(cells: list[str]) -> str:
    return "| " + " | ".join(str(cell).replace("|", "\\|") for cell in cells) + " |"


_INLINE = re.compile(r"\*\*(.+?)\*\*|`([^`]+)`")


def inline(text: str) -> str:
    """A block's text as HTML: escaped, with its **strong** words and `code` marked up."""
    return _INLINE.sub(
        lambda m: f"<strong>{m.group(1)}</strong>" if m.group(1) else f"<code>{m.group(2)}</code>",
        html.escape(text),
    )


def html_body(blocks: list[Block], pictures: dict[str, bytes]) -> str:
    """The card as HTML, its figures embedded from ``pictures`` (PNG bytes by name)."""
    parts = []
    for block in blocks:
        match block:
            case Heading(text, level) if level > 1:
                parts.append(f"<h{level}>{inline(text)}</h{level}>")
            case Heading():
                continue  # the page's own title
            case Paragraph(text, lead):
                parts.append(f'<p class="lead">{inline(text)}</p>' if lead else f"<p>{inline(text)}</p>")
            case Notice(text):
                parts.append(f'<p class="notice">{inline(text)}</p>')
            case Quote(text, source):
                parts.append(
                    f'<blockquote><p>{inline(text)}</p><p class="small">{inline(source)}</p></blockquote>'
                )
            case Bullets(items):
                parts.append("<ul>" + "".join(f"<li>{inline(item)}</li>" for item in items) + "</ul>")
            case Table(header, rows):
                parts.append("<table><tr>" + "".join(f"<th>{inline(h)}</th>" for h in header) + "</tr>"
                             + "".join("<tr>" + "".join(f"<td>{inline(str(c))}</td>" for c in row) + "</tr>"
                                       for row in rows) + "</table>")
            case Picture(name, caption):
                parts.append(f'<figure id="{html.escape(name)}">{embedded_png(pictures[name], name)}'
                             f"<figcaption>{inline(caption)}</figcaption></figure>")
    return "".join(parts)


CARD_STYLE = (
    "<style>p.notice { background: #fff4e0; border-left: 4px solid #e08a00; padding: 0.6em 0.9em; }"
    " blockquote { border-left: 3px solid #bbb; margin: 1em 0; padding: 0 1em; color: #333; }"
    " code { font-size: 0.9em; background: #f3f3f3; padding: 0 0.2em; }</style>"
)


# ----------------------------------------------------------------------------- the card


def write_card(analysis: Analysis, size: Size, directory: Path, sanity: Analysis | None = None,
               strong: Analysis | None = None) -> Path:
    """Write the card (Markdown and HTML), its figures and a machine-readable verdict into
    ``directory``; return the Markdown card's path. ``sanity`` and ``strong`` are the analyses
    of the claim's checks (the experiment with its cause taken out, and with it made strong),
    where it declares them."""
    claim = analysis.claim
    sensitivity, sensitivity_caption = sensitivity_figure(analysis, size)
    figures = [("effects", effects_figure(analysis), effects_caption(analysis)),
               ("sensitivity", sensitivity, sensitivity_caption)]
    if claim.figures:
        figures += claim.figures(analysis)
    pictures = {name: _png(figure) for name, figure, _ in figures}
    blocks = card_blocks(analysis, size, [(name, caption) for name, _, caption in figures], sanity, strong)
    for name, png in pictures.items():
        write_bytes_atomically(png, directory / f"{name}.png")
    _write_text(directory / VERDICT, json.dumps(verdict_record(analysis, size, sanity, strong), indent=2))
    title = f"{claim.id}: {claim.title}" + (" (quick mode: indicative)" if size.name == "quick" else "")
    page = html_page(title, CARD_STYLE + html_body(blocks, pictures),
                     f"Made by sim-claims; the same card as Markdown: {CARD}, figures beside it as PNG.")
    _write_text(directory / PAGE, page)
    _write_text(directory / CARD, markdown(blocks))
    return directory / CARD


def keep(directory: Path, target: Path) -> list[Path]:
    """Copy the Markdown card in ``directory`` and the figures it shows into ``target`` (as
    docs/claims keeps the recorded full-mode cards); return the copies."""
    text = (directory / CARD).read_text()
    figures = re.findall(r"!\[[^\]]*\]\(([^)/]+\.png)\)", text)
    target.mkdir(parents=True, exist_ok=True)
    return [write_bytes_atomically((directory / name).read_bytes(), target / name) for name in [CARD, *figures]]


def verdict_record(analysis: Analysis, size: Size, sanity: Analysis | None = None,
                   strong: Analysis | None = None) -> dict:
    """The card's numbers for machines: the verdict, the main effect, where the claim holds,
    and the verdicts of its checks (None where it declares none)."""
    main = analysis.claim.main
    base, over = analysis.at_baseline.loc[main], analysis.over_worlds.loc[main]
    return {
        "id": analysis.claim.id,
        "title": analysis.claim.title,
        "verdict": analysis.verdict,
        "mode": size.name,
        "indicative": size.name == "quick",
        "size": size.describe(analysis.claim),
        "main_effect": main,
        "main_effect_meaning": analysis.claim.words(main),
        "baseline": {k: _number(base[k]) for k in ("mean", "low", "high", "d")},
        "worlds": {k: _number(over[k]) for k in ("mean", "low", "high")},
        "worlds_runs_interval": [_number(v) for v in analysis.runs_interval],
        "plausible_worlds": analysis.plausible,
        "holds_at_baseline": analysis.holds_at_baseline,
        "holds_share": analysis.holds_share,
        "holds_interval": list(analysis.holds_interval),
        "minimum_effect": {"bound": analysis.claim.minimum.bound, "side": analysis.claim.minimum.side,
                           "unit": analysis.claim.minimum.unit},
        "monte_carlo": {"seeds": analysis.monte_carlo.seeds, "error": _number(analysis.monte_carlo.error),
                        "target": analysis.monte_carlo.target,
                        "seeds_needed": analysis.monte_carlo.seeds_needed},
        "conditions": analysis.discovery,
        "fails_at": failing_points(analysis),
        "sanity_verdict": sanity.verdict if sanity else None,
        "strong_cause_verdict": strong.verdict if strong else None,
    } | provenance()


def card_blocks(analysis: Analysis, size: Size, figures: list[tuple[str, str]],
                sanity: Analysis | None = None, strong: Analysis | None = None) -> list[Block]:
    """The card, in order: the answer, the claim, how it was tested, the result (with whether
    the experiment could refute the claim and whether it could support it: ``sanity`` and
    ``strong``, its checks' analyses, and the points where the claim fails and holds), the
    figures (name and caption), the glossary, the caveats and how to reproduce it."""
    claim = analysis.claim
    quick = size.name == "quick"
    blocks: list[Block] = [Heading(f"{claim.id}: {claim.title}", 1)]
    if quick:
        blocks.append(Notice(
            f"**Indicative only.** This card's experiment is small ({size.describe(claim)}): too few "
            f"adopters, seeds and worlds for a verdict. It shows how the experiment works and which "
            f"way the numbers lean; run `sim-claims {claim.id}` (full mode) for the verdict."))
    blocks.append(Paragraph(f"**In short{' (indicative)' if quick else ''}.** {answer(analysis, size)}", lead=True))
    if not analysis.plausible:
        blocks.append(Notice(
            "**The worlds are not plausible.** No world of the ensemble passed history matching's cut-off: "
            "the claim ran in the least implausible worlds found, which still miss some of the history they "
            "were matched to (docs/CALIBRATION.md). Read the result as about the model, not about the world."))
    blocks += [
        Quote(claim.statement, claim.source),
        Heading("How it was tested"),
        Bullets(
            (
                f"**Measure.** {claim.measure}",
                f"**What would support it.** {claim.supports}",
                f"**What would refute it.** {claim.refutes} In numbers: {claim.minimum.refuting()}.",
                f"**Minimum effect that matters.** The {claim.words(claim.main)} must lie {claim.minimum.side} "
                f"{claim.minimum.bound:.3g} {claim.minimum.unit}: {claim.minimum.reason}.",
                f"**Verdict rule.** {VERDICT_RULE} In a world, the claim is judged on its effects averaged "
                "over seeds. All of this was declared before the runs.",
                f"**Size.** {size.describe(claim)}. Every arm runs with the same seeds at every point "
                "(common random numbers).",
            )
        ),
        Paragraph("The arms compared (each runs alone as `sim <overrides>`, and in world K as "
                  "`sim scenario=calibrated world=K <overrides>`):"),
        Table(
            ["arm", "what differs", "overrides"],
            [
                [arm.name, arm.doc, f"`{' '.join(arm.overrides)}`" if arm.overrides else "(none)"]
                for arm in claim.arms
            ],
        ),
        Paragraph(
            "The factors swept for sensitivity (a Sobol design over these ranges around world 0, "
            "the least implausible world; the worlds take their own values):"
        ),
        Table(
            ["factor", "kind", "range", "in world 0", "the range rests on", "key"],
            [
                [
                    f.doc,
                    "policy lever" if f.lever else "uncertainty",
                    f"{f.low:g} to {f.high:g}",
                    f"{analysis.design.loc[0, f.key]:.4g}",
                    f.basis,
                    f"`{f.key}`",
                ]
                for f in claim.factors
            ],
        ),
        Heading("Result"),
        Bullets(result_points(analysis, size) + (could_refute(analysis, sanity), could_support(analysis, strong))),
        *(claim.details(analysis) if claim.details else []),
        Paragraph(
            "Every effect, in world 0 (mean over seeds) and over the plausible worlds (mean of the "
            "worlds' means):"
        ),
        Table(
            ["effect", "in world 0", "95% interval", "Cohen's d", "over the worlds", "95% interval"],
            [effect_row(analysis, name) for name in analysis.at_baseline.index],
        ),
        Paragraph(
            f"How much of the main effect's variance ({claim.words(claim.main)}) each factor explains, by Sobol "
            f"indices{' (indicative only: too small a design for intervals)' if size.indicative_sensitivity else ''}:"
        ),
        Table(
            ["factor", "S1 (alone)", "95% interval of S1", "ST (with interactions)", "95% interval of ST"],
            [
                [
                    _factor_doc(analysis, name),
                    _fmt(r.S1),
                    _index_interval(r.S1, r.S1_conf, size),
                    _fmt(r.ST),
                    _index_interval(r.ST, r.ST_conf, size),
                ]
                for name, r in analysis.sensitivity.iterrows()
            ],
        ),
        Heading("Figures"),
        *(Picture(name, caption) for name, caption in figures),
    ]
    used = glossary_terms(markdown(blocks))
    blocks += [
        Heading("Glossary"),
        Table(["term", "what it means"], [[term, GLOSSARY[term]] for term in used]),
    ]
    caveats = list(claim.caveats)
    if quick:
        caveats.insert(
            0,
            "Quick mode: the Sobol design has a single base sample, so its indices are indicative only "
            "(they can exceed 1 and have no interval), and "
            "the share of worlds where the claim holds rests on two worlds.",
        )
    blocks += [
        Heading("Caveats"), Bullets(tuple(caveats)),
        Heading("Reproduce"),
        Paragraph(f"`sim-claims {claim.id}{' --quick' if quick else ''}` reruns this card (finished runs are "
                  "reused from `runs.parquet`)."),
    ]
    return blocks


def answer(analysis: Analysis, size: Size) -> str:
    """The answer in one paragraph of plain words: the verdict (full mode), the main effect at
    the baseline with its interval, how widely the claim holds, and where."""
    claim = analysis.claim
    mean, low, high = _main_values(analysis, analysis.at_baseline)
    count = len(analysis.worlds)
    share_low, share_high = analysis.holds_interval
    quick = size.name == "quick"
    lead = "On quick-mode numbers, too few for a verdict:" if quick else VERDICT_WORDS[analysis.verdict]
    effect = claim.words(claim.main)
    where = "In" if lead.endswith(".") else "in"  # after a verdict's sentence, a new one
    text = (
        f"{lead} {where} the least implausible world the {effect[0].lower()}{effect[1:]} is {mean} (95% interval "
        f"{low} to {high}), so the claim {'holds' if analysis.holds_at_baseline else 'does not hold'} there. "
        f"Across the {count} worlds of the plausible-worlds ensemble, it holds in "
        f"{analysis.holds_share:.0%} of them (95% interval {share_low:.0%} to {share_high:.0%}). "
        f"{analysis.discovery}"
    )
    top = analysis.sensitivity.index[0] if len(analysis.sensitivity) else None
    if top is not None and np.isfinite(analysis.sensitivity.loc[top, "ST"]) and analysis.sensitivity.loc[top, "ST"] > 0:
        text += f" The factor that moves it most: {_factor_doc(analysis, top)}."
    return text


def result_points(analysis: Analysis, size: Size) -> tuple[str, ...]:
    """The result in a few points: the verdict (or why quick mode gives none), the main
    effect at the baseline and over the design, where the claim holds, what matters most."""
    claim = analysis.claim
    mean, low, high = _main_values(analysis, analysis.at_baseline)
    design, design_low, design_high = _main_values(analysis, analysis.over_worlds)
    share_low, share_high = analysis.holds_interval
    runs_low, runs_high = (_value(analysis, claim.main, v) for v in analysis.runs_interval)
    if size.name == "quick":
        verdict = (f"**No verdict in quick mode.** Applied to these numbers the verdict rule gives "
                   f"*{analysis.verdict}*; rerun in full mode before quoting it.")
    else:
        verdict = f"**Verdict: {analysis.verdict}.** {VERDICT_WORDS[analysis.verdict]}"
    d = _fmt(analysis.at_baseline.loc[claim.main, "d"])
    return (
        verdict,
        f"**In world 0** (the least implausible) the main effect, the {claim.words(claim.main)}, is {mean} (95% interval {low} "
        f"to {high}; Cohen's d {d}); the claim {'holds' if analysis.holds_at_baseline else 'fails'} there.",
        f"**Across the worlds** the claim holds in {analysis.holds_share:.0%} of the plausible worlds (95% "
        f"interval {share_low:.0%} to {share_high:.0%}); the main effect averages {design} (95% interval "
        f"over the worlds {design_low} to {design_high}; {runs_low} to {runs_high} from the seeds' error "
        f"alone, the interval the verdict reads).",
        f"**Where it holds.** {analysis.discovery}",
        f"**Monte Carlo error.** {monte_carlo_words(analysis)}",
        f"**What matters most.** {sensitivity_words(analysis)}",
    )


def failing_points(analysis: Analysis) -> dict[str, int]:
    """How many of the sampled points (worlds and sensitivity points) the claim fails at."""
    holds = analysis.point_means["holds"]
    return {"fails": int((~holds.astype(bool)).sum()), "points": int(len(holds))}


def could_refute(analysis: Analysis, sanity: Analysis | None) -> str:
    """Whether the experiment can produce the refuting result: its sanity check's verdict
    (the same runs with the cause taken out), and the points where the claim fails."""
    failing = failing_points(analysis)
    text = "**Could the experiment refute the claim?** "
    if sanity is not None:
        text += _check_words(analysis.claim.sanity.doc, sanity)
    text += f"The claim fails at {failing['fails']} of the {failing['points']} sampled points (worlds and sensitivity points)"
    if failing["fails"] == 0 and sanity is None:
        text += ": no region of the sampled space refutes it, so this card cannot show that the experiment could."
    return text + "."


def could_support(analysis: Analysis, strong: Analysis | None) -> str:
    """Whether the experiment can produce the supporting result: its check with the cause made
    strong (its verdict), and the points where the claim holds."""
    failing = failing_points(analysis)
    holding = failing["points"] - failing["fails"]
    text = "**Could the experiment support the claim?** "
    if strong is not None:
        text += _check_words(analysis.claim.strong_cause.doc, strong)
    text += f"The claim holds at {holding} of the {failing['points']} sampled points (worlds and sensitivity points)"
    if holding == 0 and strong is None:
        text += ": no region of the sampled space supports it, so this card cannot show that the experiment could."
    return text + "."


def _check_words(doc: str, check: Analysis) -> str:
    """What a check of the experiment gave: its verdict, main effect in world 0 and share of
    worlds where the claim holds; ``doc`` says what the check changed."""
    mean, low, high = _main_values(check, check.at_baseline)
    return (f"With {doc}, the experiment gives the verdict rule's *{check.verdict}*: the main effect in "
            f"world 0 is {mean} (95% interval {low} to {high}) and the claim holds in {check.holds_share:.0%} of "
            "the worlds. ")


def monte_carlo_words(analysis: Analysis) -> str:
    """How many seeds a point had, the resulting error of the main effect, and whether it
    is well below the minimum effect."""
    mc = analysis.monte_carlo
    error, target = _change(analysis, mc.error), _change(analysis, mc.target)
    text = (f"With {mc.seeds} seeds a point the main effect's standard error over seeds is {error} (median over "
            f"the sampled points), against a target of {target} ({MONTE_CARLO_SHARE:.0%} of the minimum effect); ")
    if mc.small_enough:
        return text + "it is well below the minimum effect."
    return text + f"it is not: {mc.seeds_needed} seeds a point would reach the target."


def _main_values(analysis: Analysis, table) -> tuple[str, str, str]:
    """The main effect's mean and interval in a table of ``Analysis`` (at the baseline or
    over the design), as the card writes them."""
    row = table.loc[analysis.claim.main]
    return tuple(_value(analysis, analysis.claim.main, row[k]) for k in ("mean", "low", "high"))


def effect_row(analysis: Analysis, name: str) -> list[str]:
    """An effect in words, with its values at the baseline and over the design."""
    base, over = analysis.at_baseline.loc[name], analysis.over_worlds.loc[name]
    mean, low, high = (_value(analysis, name, base[k]) for k in ("mean", "low", "high"))
    design, design_low, design_high = (_value(analysis, name, over[k]) for k in ("mean", "low", "high"))
    return [analysis.claim.words(name), mean, f"{low} to {high}", _fmt(base["d"]), design,
            f"{design_low} to {design_high}"]


def sensitivity_words(analysis: Analysis) -> str:
    top = analysis.sensitivity.head(2)
    parts = [f"{_factor_doc(analysis, name)} (`{name}`; total Sobol index {_fmt(row.ST)}, first-order {_fmt(row.S1)})"
             for name, row in top.iterrows()]
    return "The main effect moves most with " + " and with ".join(parts) + "."


def glossary_terms(text: str) -> list[str]:
    """The glossary's terms the card's text uses, in the glossary's order."""
    return [term for term in GLOSSARY if term.lower() in text.lower()]


# ----------------------------------------------------------------------------- figures


def effects_figure(analysis: Analysis) -> Figure:
    """The main effect at every sampled point: mean over seeds (dot) and the range of the
    seeds (bar), green where the claim holds and red where it fails; the baseline ringed."""
    claim = analysis.claim
    by_point = analysis.effects.groupby("point")[claim.main]
    means, lows, highs = by_point.mean(), by_point.min(), by_point.max()
    order = means.sort_values().index
    holds = analysis.point_means["holds"]
    fig = Figure(figsize=(8, 4.4), layout="constrained")
    ax = fig.subplots()
    x = np.arange(len(order))
    colours = [HOLDS if holds[p] else FAILS for p in order]
    ax.vlines(x, lows[order], highs[order], colors=colours, alpha=0.5, gid="effects|seeds")
    ax.scatter(x, means[order], c=colours, s=18, zorder=3, gid="effects|means")
    base = list(order).index(0)
    ax.scatter(
        [base], [means[0]], s=120, facecolors="none", edgecolors=BASELINE, zorder=4, gid="effects|baseline"
    )
    ax.axhline(0, color="grey", lw=0.8)
    _effect_axis(ax.yaxis, claim.named_effects[claim.main].kind)
    ax.set_xlabel("the worlds and the sensitivity points, sorted by the main effect")
    ax.set_ylabel(_wrapped(claim.words(claim.main), 45), fontsize=8)
    ax.set_title(_wrapped(f"{claim.id}: {claim.words(claim.main)}", 90), fontsize=10, loc="left")
    ax.legend(
        handles=[
            Line2D([], [], marker="o", linestyle="none", color=HOLDS, label="the claim holds"),
            Line2D([], [], marker="o", linestyle="none", color=FAILS, label="the claim fails"),
            Line2D(
                [],
                [],
                marker="o",
                linestyle="none",
                markerfacecolor="none",
                markeredgecolor=BASELINE,
                markersize=11,
                label="world 0, the least implausible",
            ),
        ],
        loc="upper left",
        fontsize=8,
    )
    return fig


def effects_caption(analysis: Analysis) -> str:
    return (
        f"The main effect ({analysis.claim.words(analysis.claim.main)}) in every world and at every "
        "sensitivity point, sorted: the dot is the mean over seeds, the bar runs from the lowest to the highest "
        "seed; green where the claim holds, red where it fails; world 0, the least implausible, is ringed."
    )


def sensitivity_figure(analysis: Analysis, size: Size) -> tuple[Figure, str]:
    """Sobol indices of the main effect per factor (by its name): the total index (ST) and
    the first-order one (S1) as bars, with their 95% intervals where the design is large
    enough to estimate them; and a caption that says what was drawn."""
    s = analysis.sensitivity.iloc[::-1]
    intervals = not size.indicative_sensitivity
    fig = Figure(figsize=(8.5, 0.6 * len(s) + 1.6), layout="constrained")
    ax = fig.subplots()
    y = np.arange(len(s))
    ax.barh(y + 0.2, s["ST"], 0.4, xerr=s["ST_conf"] if intervals else None, color="#4575b4", alpha=0.8,
            label="ST, with interactions", gid="sensitivity|ST")
    ax.barh(y - 0.2, s["S1"], 0.4, xerr=s["S1_conf"] if intervals else None, color="#91bfdb", alpha=0.9,
            label="S1, alone", gid="sensitivity|S1")
    ax.axvline(0, color="grey", lw=0.8)
    ax.set_yticks(y, [_wrapped(_factor_doc(analysis, name), 40) for name in s.index], fontsize=8)
    ax.set_xlabel(_wrapped(f"share of the variance of the main effect ({analysis.claim.words(analysis.claim.main)})",
                           90), fontsize=8)
    ax.set_title(
        f"{analysis.claim.id}: what moves the main effect (Sobol indices"
        + (", indicative)" if not intervals else ")"), fontsize=10, loc="left"
    )
    ax.legend(fontsize=8, loc="lower right")
    caption = (
        "Sobol indices of the main effect over the factors' whole ranges: the total index (ST) is the share of "
        "its variance a factor explains with its interactions, the first-order index (S1) the share it explains "
        "alone"
    )
    caption += (
        ", each with its 95% bootstrap interval."
        if intervals
        else ". Quick mode's design has a single base sample: the indices are indicative only and no interval "
        "is drawn."
    )
    return fig, caption


# ----------------------------------------------------------------------------- the index


def write_index(records: list[dict], directory: Path) -> Path:
    """An index of cards: verdict (or, in quick mode, what the rule gives, marked as
    indicative) and key numbers of each claim, linking to its card."""
    lines = [
        "# Claims: verdicts",
        "",
        "| claim | verdict | main effect at the baseline (95% interval) | holds at | mode | card |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for r in records:
        b = r["baseline"]
        verdict = f"indicative only ({r['verdict']})" if r["indicative"] else f"**{r['verdict']}**"
        lines.append(
            f"| {r['id']}: {r['title']} | {verdict} | {r['main_effect_meaning']}: {_fmt(b['mean'])} "
            f"({_fmt(b['low'])} to {_fmt(b['high'])}) | {r['holds_share']:.0%} of worlds | {r['mode']} | "
            f"[card]({r['id']}/{CARD}) |"
        )
    _write_text(directory / INDEX, "\n".join(lines) + "\n")
    return directory / INDEX


# ----------------------------------------------------------------------------- words and numbers


def _effect_axis(axis, kind: str) -> None:
    """Ticks of an effect's axis as the card writes its values: a share in percent, a
    difference of shares in points."""
    if kind == "share":
        axis.set_major_formatter(PercentFormatter(xmax=1, decimals=0))
    elif kind == "points":
        axis.set_major_formatter(FuncFormatter(lambda value, _: f"{value * 100:+.0f} pts"))


def _factor_doc(analysis: Analysis, key: str) -> str:
    """A factor by its meaning."""
    return next((f.doc for f in analysis.claim.factors if f.key == key), key)


def _value(analysis: Analysis, effect: str, value: float) -> str:
    """An effect's value: a share in percent, a difference of shares in points, anything
    else to three significant digits."""
    if value is None or not np.isfinite(value):
        return "n/a"
    kind = analysis.claim.named_effects[effect].kind
    return (
        f"{value:.0%}"
        if kind == "share"
        else f"{value * 100:+.1f} points"
        if kind == "points"
        else _fmt(value)
    )


def _change(analysis: Analysis, value: float) -> str:
    """A size of the main effect's change (its Monte Carlo error): in points where the effect
    is a share or a difference of shares."""
    if value is None or not np.isfinite(value):
        return "n/a"
    shares = analysis.claim.named_effects[analysis.claim.main].kind in ("share", "points")
    return f"{value * 100:.1f} points" if shares else f"{value:.3g}"


def _index_interval(index: float, half: float, size: Size) -> str:
    """A Sobol index's 95% interval (from its half-width), or why there is none."""
    if size.indicative_sensitivity:
        return "indicative: none"
    return f"{_fmt(index - half)} to {_fmt(index + half)}"


def _fmt(value: float) -> str:
    return "n/a" if value is None or not np.isfinite(value) else f"{value:.3g}"


def _wrapped(text: str, width: int) -> str:
    return "\n".join(textwrap.wrap(text, width))


def _number(value: float) -> float | None:
    return float(value) if np.isfinite(value) else None


def _png(figure: Figure) -> bytes:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=PNG_DPI, metadata={"Software": None})
    return buffer.getvalue()


def _write_text(path: Path, text: str) -> None:
    write_bytes_atomically(text.encode("utf-8"), path)
