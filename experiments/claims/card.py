"""A claim card: the verdict, the numbers behind it, the conditions and the caveats, as
Markdown with its figures beside it; and an index of cards."""

from __future__ import annotations

import json
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

from experiments.claims.analysis import SUPPORT_SHARE, Analysis  # noqa: E402
from experiments.claims.engine import Size  # noqa: E402
from sim.outputs import replacing, write_bytes_atomically  # noqa: E402

CARD = "card.md"
VERDICT = "verdict.json"
INDEX = "index.md"
HOLDS, FAILS, BASELINE = "#1b7837", "#b2182b", "#222222"


def write_card(analysis: Analysis, size: Size, directory: Path) -> Path:
    """Write the card, its figures and a machine-readable verdict into ``directory``."""
    claim = analysis.claim
    figures = [
        ("effects", effects_figure(analysis),
         f"The main effect ({claim.main_doc}) at every design point: mean over seeds, bars from the "
         "lowest to the highest seed; green where the claim holds, red where it fails; the baseline "
         "point is ringed."),
        ("sensitivity", sensitivity_figure(analysis),
         "Morris sensitivity of the main effect: mu* (bars, with 95% intervals) is the mean absolute "
         "change of the effect across a factor's whole range; sigma (dots) shows interactions and "
         "non-linearity."),
    ]
    if claim.figures:
        figures += claim.figures(analysis)
    for name, figure, _ in figures:
        _save(figure, directory / f"{name}.png")
    _write_text(directory / CARD, card_text(analysis, size, [(n, c) for n, _, c in figures]))
    _write_text(directory / VERDICT, json.dumps(verdict_record(analysis, size), indent=2))
    return directory / CARD


def verdict_record(analysis: Analysis, size: Size) -> dict:
    main = analysis.claim.main
    base, over = analysis.at_baseline.loc[main], analysis.over_design.loc[main]
    return {
        "id": analysis.claim.id,
        "title": analysis.claim.title,
        "verdict": analysis.verdict,
        "mode": size.name,
        "size": size.describe(analysis.claim),
        "main_effect": main,
        "main_effect_meaning": analysis.claim.main_doc,
        "baseline": {k: _number(base[k]) for k in ("mean", "low", "high", "d")},
        "design": {k: _number(over[k]) for k in ("mean", "low", "high")},
        "holds_at_baseline": analysis.holds_at_baseline,
        "holds_share": analysis.holds_share,
        "holds_interval": list(analysis.holds_interval),
        "conditions": analysis.discovery,
    }


def card_text(analysis: Analysis, size: Size, figures: list[tuple[str, str]]) -> str:
    claim = analysis.claim
    record = verdict_record(analysis, size)
    base, over = record["baseline"], record["design"]
    low, high = analysis.holds_interval
    lines = [
        f"# {claim.id}: {claim.title}",
        "",
        f"**Verdict: {analysis.verdict}.** {headline(analysis)}",
        "",
        f"> {claim.statement}",
        ">",
        f"> {claim.source}",
        "",
        "## Declared before the runs",
        "",
        f"- **Measure.** {claim.measure}",
        f"- **Supports it.** {claim.supports}",
        f"- **Refutes it.** {claim.refutes}",
        f"- **Verdict rule.** Supported if the claim holds at the baseline and at {SUPPORT_SHARE:.0%} or more "
        f"of the sampled points; refuted if it fails at the baseline and holds at {1 - SUPPORT_SHARE:.0%} "
        "or fewer; conditional otherwise. At a point, the claim is judged on its effects averaged over seeds.",
        f"- **Size.** {size.describe(claim)}. Every arm runs with the same seeds at every point "
        "(common random numbers).",
        "",
        "Arms compared (each runs as `sim <overrides>`):",
        "",
        "| arm | overrides | world |",
        "| --- | --- | --- |",
        *[f"| {a.name} | `{' '.join(a.overrides) or '(none)'}` | {a.doc} |" for a in claim.arms],
        "",
        "Factors swept (a Morris design over these ranges; the baseline point takes each factor's default):",
        "",
        "| factor | kind | range | baseline | meaning | range rests on |",
        "| --- | --- | --- | --- | --- | --- |",
        *[
            f"| `{f.key}` | {'lever' if f.lever else 'uncertainty'} | {f.low:g} to {f.high:g} | "
            f"{analysis.design.loc[0, f.key]:.4g} | {f.doc} | {f.basis} |"
            for f in claim.factors
        ],
        "",
        "## Result",
        "",
        f"- **At the baseline** the main effect, {claim.main_doc}, is {_fmt(base['mean'])} "
        f"(95% CI {_fmt(base['low'])} to {_fmt(base['high'])}; Cohen's d {_fmt(base['d'])}); "
        f"the claim {'holds' if analysis.holds_at_baseline else 'fails'} there.",
        f"- **Across the design** the claim holds at {analysis.holds_share:.0%} of the sampled points "
        f"(95% CI {low:.0%} to {high:.0%}); the main effect averages {_fmt(over['mean'])} "
        f"(95% CI {_fmt(over['low'])} to {_fmt(over['high'])}).",
        f"- **Where it holds.** {analysis.discovery}",
        f"- **What matters most.** {sensitivity_words(analysis)}",
        "",
        *([*claim.details(analysis), ""] if claim.details else []),
        "Every effect (mean over seeds at the baseline, and mean of the points' means over the design):",
        "",
        "| effect | baseline | 95% CI | design mean | 95% CI |",
        "| --- | --- | --- | --- | --- |",
        *[
            f"| {name} | {_fmt(b['mean'])} | {_fmt(b['low'])} to {_fmt(b['high'])} | {_fmt(o['mean'])} | "
            f"{_fmt(o['low'])} to {_fmt(o['high'])} |"
            for name, b, o in (
                (n, analysis.at_baseline.loc[n], analysis.over_design.loc[n]) for n in analysis.at_baseline.index
            )
        ],
        "",
        "Sensitivity of the main effect (Morris):",
        "",
        "| factor | mu* | 95% CI half-width | mu | sigma |",
        "| --- | --- | --- | --- | --- |",
        *[
            f"| `{name}` | {_fmt(r.mu_star)} | {_fmt(r.mu_star_conf)} | {_fmt(r.mu)} | {_fmt(r.sigma)} |"
            for name, r in analysis.sensitivity.iterrows()
        ],
        "",
    ]
    for name, caption in figures:
        lines += [f"![{name}]({name}.png)", "", f"*{caption}*", ""]
    lines += ["## Caveats", "", *[f"- {c}" for c in claim.caveats], ""]
    lines += [
        "## Reproduce",
        "",
        f"`sim-claims {claim.id}{' --quick' if size.name == 'quick' else ''}` reruns this card (finished runs "
        "are reused from `runs.parquet`).",
        "",
    ]
    return "\n".join(lines)


def headline(analysis: Analysis) -> str:
    """The verdict's reason in one sentence."""
    claim, base = analysis.claim, analysis.at_baseline.loc[analysis.claim.main]
    where = "holds" if analysis.holds_at_baseline else "fails"
    return (
        f"At the calibrated baseline the claim {where} ({claim.main_doc}: {_fmt(base['mean'])}, "
        f"95% CI {_fmt(base['low'])} to {_fmt(base['high'])}); across the swept factors it "
        f"holds at {analysis.holds_share:.0%} of the sampled points."
    )


def sensitivity_words(analysis: Analysis) -> str:
    top = analysis.sensitivity.head(2)
    parts = [f"`{name}` (mu* {_fmt(row.mu_star)})" for name, row in top.iterrows()]
    return "The main effect moves most with " + " and ".join(parts) + "."


def effects_figure(analysis: Analysis):
    claim = analysis.claim
    by_point = analysis.effects.groupby("point")[claim.main]
    means, lows, highs = by_point.mean(), by_point.min(), by_point.max()
    order = means.sort_values().index
    holds = analysis.point_means["holds"]
    fig, ax = plt.subplots(figsize=(8, 4))
    x = np.arange(len(order))
    colours = [HOLDS if holds[p] else FAILS for p in order]
    ax.vlines(x, lows[order], highs[order], colors=colours, alpha=0.5)
    ax.scatter(x, means[order], c=colours, s=18, zorder=3)
    base = list(order).index(0)
    ax.scatter([base], [means[0]], s=120, facecolors="none", edgecolors=BASELINE, zorder=4, label="baseline point")
    ax.axhline(0, color="grey", lw=0.8)
    ax.set_xlabel("design points, sorted by the main effect")
    ax.set_ylabel(claim.main)
    ax.set_title(f"{claim.id}: {claim.main_doc}", fontsize=10)
    ax.legend(loc="upper left", fontsize=8)
    fig.tight_layout()
    return fig


def sensitivity_figure(analysis: Analysis):
    s = analysis.sensitivity.iloc[::-1]
    fig, ax = plt.subplots(figsize=(8, 0.5 * len(s) + 1.5))
    y = np.arange(len(s))
    ax.barh(y, s["mu_star"], xerr=s["mu_star_conf"], color="#4575b4", alpha=0.8, label="mu*")
    ax.scatter(s["sigma"], y, color=BASELINE, zorder=3, label="sigma")
    ax.set_yticks(y, s.index, fontsize=8)
    ax.set_xlabel(f"change of {analysis.claim.main} across a factor's range")
    ax.set_title(f"{analysis.claim.id}: what moves the main effect (Morris)", fontsize=10)
    ax.legend(fontsize=8)
    fig.tight_layout()
    return fig


def write_index(records: list[dict], directory: Path) -> Path:
    """An index of cards: verdict and key numbers of each claim, linking to its card."""
    lines = [
        "# Claims: verdicts",
        "",
        "| claim | verdict | main effect at the baseline (95% CI) | holds at | mode | card |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for r in records:
        b = r["baseline"]
        lines.append(
            f"| {r['id']}: {r['title']} | **{r['verdict']}** | {r['main_effect_meaning']}: {_fmt(b['mean'])} "
            f"({_fmt(b['low'])} to {_fmt(b['high'])}) | {r['holds_share']:.0%} of points | {r['mode']} | "
            f"[card]({r['id']}/{CARD}) |"
        )
    _write_text(directory / INDEX, "\n".join(lines) + "\n")
    return directory / INDEX


def _fmt(value: float) -> str:
    return "n/a" if value is None or not np.isfinite(value) else f"{value:.3g}"


def _number(value: float) -> float | None:
    return float(value) if np.isfinite(value) else None


def _save(figure, path: Path) -> None:
    try:
        with replacing(path) as temporary:
            figure.savefig(temporary, format="png", dpi=120)
    finally:
        plt.close(figure)


def _write_text(path: Path, text: str) -> None:
    write_bytes_atomically(text.encode("utf-8"), path)
