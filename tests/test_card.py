"""Claim cards for readers: the answer first in plain words, names instead of keys, share
intervals inside 0-1, a glossary of the statistics used, figures that draw what their
captions say, and quick mode marked as indicative with no verdict as its headline. The
cards are built from synthetic runs of real claims (no simulation), so every part of a
card is checked against numbers known in advance."""

from __future__ import annotations

import dataclasses
import json
import re
from html.parser import HTMLParser

import numpy as np
import pandas as pd
import pytest

import sim
from experiments.claims import CLAIMS, card, engine, table
from experiments.claims.analysis import analyse, baseline_intervals, wilson
from experiments.claims.claim import EFFECT_KINDS, Effect

FULL_LIKE = engine.Size("two", worlds=None, replications=2, baseline_replications=6,
                        sobol_samples=engine.MIN_SOBOL_SAMPLES, sensitivity_replications=1, adopters=300,
                        most_replications=2)
"""A size whose Sobol design is large enough for intervals of its indices."""


def synthetic_runs(claim, size, outcomes):
    """The claim's design at ``size`` and runs whose outcomes ``outcomes(arm, point, seed)`` gives."""
    design = engine.design(claim, size)
    rows = [{"point": point, "seed": seed, "arm": arm.name, "digest": "", **outcomes(arm.name, point, seed)}
            for point, sensitivity in design["sensitivity"].items()
            for seed in range(size.seeds_at(point, sensitivity)) for arm in claim.arms]
    return design, pd.DataFrame(rows)


def c4_outcomes(arm, point, seed):
    """Meta's retreat raises the Chinese download share to near 1: shares whose plain
    t-interval over few seeds would pass 1."""
    rng = np.random.default_rng(point * 100 + seed)
    high = arm == "meta_retreats"
    share = min(1.0, (0.93 if high else 0.6) + rng.normal(0, 0.06))
    return {"downloads_2026": share, "downloads_2030": share, "derivatives_2030": share * 0.9}


@pytest.fixture(scope="module")
def c4_quick():
    claim = CLAIMS["C4"]
    return analyse(claim, *synthetic_runs(claim, engine.SIZES["quick"], c4_outcomes))


@pytest.fixture(scope="module")
def c4_full():
    claim = CLAIMS["C4"]
    return analyse(claim, *synthetic_runs(claim, FULL_LIKE, c4_outcomes))


def text_of(blocks) -> str:
    return card.markdown(blocks)


def outside_code(text: str) -> str:
    """The card's text without its code spans (where keys are shown on purpose)."""
    return re.sub(r"`[^`]*`", "", text)


# ----------------------------------------------------------------------------- every claim


def test_every_effect_of_every_claim_is_named_in_words():
    """Each claim's effects, computed from the outcomes of a real run, all have names."""
    cfg = sim.default_config()
    cfg.population.adopters = 100
    model = sim.EcosystemModel(cfg)  # outcomes read the model after its run, and its tables
    model.run()
    results = sim.collect(model)
    for claim in CLAIMS.values():
        outcomes = claim.outcomes(model, results)
        effects = claim.effects({arm.name: outcomes for arm in claim.arms})
        assert set(effects) <= set(claim.named_effects), f"{claim.id}: unnamed {set(effects) - set(claim.named_effects)}"
        assert claim.main in claim.named_effects
        for key, effect in claim.named_effects.items():
            assert effect.words and ":" not in effect.words and effect.kind in EFFECT_KINDS, (claim.id, key)
            assert not re.search(r"\b[a-z]+_[a-z_]+\b", effect.words), f"{claim.id} {key}: a key in its words"


def test_an_effect_kind_must_be_known():
    with pytest.raises(ValueError, match="effect kind 'fraction'"):
        Effect("x", "fraction")


# ----------------------------------------------------------------------------- intervals


@pytest.mark.parametrize("values", [[0.647, 0.93, 0.99, 1.0], [0.9, 0.99, 0.999, 0.95], [0.01, 0.0, 0.02, 0.05]])
def test_a_shares_interval_stays_inside_0_and_1_and_holds_its_mean(values):
    frame = pd.DataFrame({"share": values, "difference": values})
    intervals = baseline_intervals(frame, frozenset({"share"}))
    low, high, mean = intervals.loc["share", ["low", "high", "mean"]]
    assert 0.0 <= low <= mean <= high <= 1.0
    plain = intervals.loc["difference"]
    assert plain["high"] - plain["mean"] == pytest.approx(plain["mean"] - plain["low"]), "others: Student's t"


def test_a_share_counted_in_seeds_takes_wilsons_interval():
    intervals = baseline_intervals(pd.DataFrame({"leads": [1.0, 1.0, 0.0, 1.0, 1.0]}), frozenset({"leads"}))
    assert tuple(intervals.loc["leads", ["low", "high"]]) == pytest.approx(wilson(4, 5))


def test_the_cards_share_intervals_are_inside_0_and_1(c4_quick):
    row = c4_quick.at_baseline.loc["cn_download_share"]
    assert row["mean"] > 0.85 and row["high"] <= 1.0 and row["low"] >= 0.0
    text = text_of(card.card_blocks(c4_quick, engine.SIZES["quick"], []))
    for percent in re.findall(r"(\d+)%", text):
        assert int(percent) <= 100


# ----------------------------------------------------------------------------- the card's words


def test_a_quick_card_says_it_is_indicative_at_the_top_and_gives_no_verdict_as_its_headline(c4_quick):
    blocks = card.card_blocks(c4_quick, engine.SIZES["quick"], [])
    assert isinstance(blocks[1], card.Notice) and blocks[1].text.startswith("**Indicative only.**")
    answer = next(b for b in blocks if isinstance(b, card.Paragraph))
    assert answer.lead
    assert answer.text.startswith("**In short (indicative).** On quick-mode numbers, too few for a verdict:")
    for word in ("supported", "refuted", "conditional", "Verdict"):
        assert word not in blocks[1].text + answer.text, word
    assert "**Verdict:" not in text_of(blocks)


def test_a_full_card_opens_with_its_verdict_in_plain_words(c4_full):
    blocks = card.card_blocks(c4_full, FULL_LIKE, [])
    answer = blocks[1]
    assert isinstance(answer, card.Paragraph) and answer.lead
    assert answer.text.startswith(f"**In short.** {card.VERDICT_WORDS[c4_full.verdict]} In the least implausible")
    assert f"**Verdict: {c4_full.verdict}.**" in text_of(blocks)


def test_the_answer_gives_the_main_effect_with_its_interval_and_how_widely_the_claim_holds(c4_quick):
    base = c4_quick.at_baseline.loc["download_share_change"]
    text = card.answer(c4_quick, engine.SIZES["quick"])
    assert (f"the change of the Chinese share of open-model downloads in 2030-12 from Meta's retreat is "
            f"{base['mean'] * 100:+.1f} points (95% interval {base['low'] * 100:+.1f} points to "
            f"{base['high'] * 100:+.1f} points)") in text
    count = len(c4_quick.worlds)
    assert f"Across the {count} worlds" in text and f"{c4_quick.holds_share:.0%} of them" in text


def test_cards_name_effects_and_factors_in_words_and_keys_only_as_code(c4_quick):
    text = outside_code(text_of(card.card_blocks(c4_quick, engine.SIZES["quick"], [])))
    claim = c4_quick.claim
    for key in claim.named_effects:
        assert key not in text, key
    for factor in claim.factors:
        assert factor.doc in text
        assert factor.key not in text, factor.key
    for key, effect in claim.named_effects.items():
        assert effect.words in text


def test_the_glossary_explains_the_statistics_the_card_uses(c4_quick):
    blocks = card.card_blocks(c4_quick, engine.SIZES["quick"], [])
    at = next(i for i, b in enumerate(blocks) if isinstance(b, card.Heading) and b.text == "Glossary")
    terms = [term for term, meaning in blocks[at + 1].rows]
    assert {"95% interval", "Cohen's d", "Sobol indices", "common random numbers"} <= set(terms)
    assert "Shapley value" not in terms, "C4 uses no Shapley value"
    assert "Shapley value" in card.glossary_terms("part of the share (Shapley value)")


def test_a_card_is_the_same_blocks_in_markdown_and_html(c4_quick):
    blocks = card.card_blocks(c4_quick, engine.SIZES["quick"], [("effects", "The caption.")])
    page = card.html_body(blocks, {"effects": b"\x89PNG fake"})
    text = card.markdown(blocks)
    assert "![effects](effects.png)" in text and "*The caption.*" in text
    assert 'src="data:image/png;base64,' in page and "<figcaption>The caption.</figcaption>" in page
    assert "<strong>Indicative only.</strong>" in page and "**" not in page
    assert "<code>sim-claims C4</code>" in page


def test_card_text_is_escaped_in_html():
    page = card.html_body([card.Paragraph("a <b> & `x<y` **bold**")], {})
    assert page == "<p>a &lt;b&gt; &amp; <code>x&lt;y</code> <strong>bold</strong></p>"


# ----------------------------------------------------------------------------- figures


def test_the_sensitivity_figure_draws_what_its_caption_says(c4_quick, c4_full):
    quick, quick_caption = card.sensitivity_figure(c4_quick, engine.SIZES["quick"])
    assert "indicative only and no interval is drawn" in quick_caption
    assert not [c for c in quick.axes[0].containers if type(c).__name__ == "ErrorbarContainer"]
    full, full_caption = card.sensitivity_figure(c4_full, FULL_LIKE)
    assert "each with its 95% bootstrap interval" in full_caption
    assert len([c for c in full.axes[0].containers if type(c).__name__ == "ErrorbarContainer"]) == 2
    widths = sorted(bar.get_width() for bar in full.findobj() if bar.get_gid() == "sensitivity|ST")
    np.testing.assert_allclose(widths, sorted(c4_full.sensitivity["ST"]))
    labels = [t.get_text().replace("\n", " ") for t in full.axes[0].get_yticklabels()]
    assert sorted(labels) == sorted(f.doc for f in c4_full.claim.factors), "factors by name"


def test_a_quick_card_says_its_sobol_indices_are_indicative(c4_quick, c4_full):
    quick = text_of(card.card_blocks(c4_quick, engine.SIZES["quick"], []))
    assert "by Sobol indices (indicative only" in quick and "indicative: none" in quick
    full = text_of(card.card_blocks(c4_full, FULL_LIKE, []))
    row = c4_full.sensitivity.iloc[0]
    assert f"| {card._fmt(row.ST - row.ST_conf)} to {card._fmt(row.ST + row.ST_conf)} |" in full


def test_a_card_shows_that_its_experiment_could_refute_the_claim(c4_quick):
    claim = c4_quick.claim
    same = {arm.name: 0.6 for arm in claim.arms}  # the sanity check: both arms alike
    sanity = analyse(claim.without_cause(), *synthetic_runs(
        claim.without_cause(), engine.SIZES["quick"],
        lambda arm, point, seed: {"downloads_2026": same[arm], "downloads_2030": same[arm], "derivatives_2030": 0.5}))
    assert sanity.verdict == "refuted"
    text = text_of(card.card_blocks(c4_quick, engine.SIZES["quick"], [], sanity))
    assert f"**Could the experiment refute the claim?** With {claim.sanity.doc}, the experiment gives the verdict rule's *refuted*" in text
    failing = card.failing_points(c4_quick)
    assert f"The claim fails at {failing['fails']} of the {failing['points']} sampled points" in text
    assert card.verdict_record(c4_quick, engine.SIZES["quick"], sanity)["sanity_verdict"] == "refuted"


def test_a_card_shows_that_its_experiment_could_support_the_claim(c4_quick):
    claim = c4_quick.claim
    check = claim.with_strong_cause()
    shares = {"meta_retreats": 1.0, "meta_stays_open": 0.1}  # the check: China takes the whole open market
    strong = analyse(check, *synthetic_runs(check, engine.SIZES["quick"], lambda arm, point, seed: dict.fromkeys(
        ("downloads_2026", "downloads_2030", "derivatives_2030"), shares[arm])))
    assert strong.verdict == "supported"
    text = text_of(card.card_blocks(c4_quick, engine.SIZES["quick"], [], None, strong))
    assert (f"**Could the experiment support the claim?** With {claim.strong_cause.doc}, the experiment gives the "
            "verdict rule's *supported*: the main effect in world 0 is +90.0 points") in text
    failing = card.failing_points(c4_quick)
    assert f"The claim holds at {failing['points'] - failing['fails']} of the {failing['points']} sampled points" in text
    assert card.verdict_record(c4_quick, engine.SIZES["quick"], None, strong)["strong_cause_verdict"] == "supported"
    without = text_of(card.card_blocks(c4_quick, engine.SIZES["quick"], []))
    assert "**Could the experiment support the claim?** The claim holds at" in without
    assert card.verdict_record(c4_quick, engine.SIZES["quick"])["strong_cause_verdict"] is None


def test_the_effects_figure_draws_each_points_mean_and_rings_the_baseline(c4_quick):
    fig = card.effects_figure(c4_quick)
    means = next(a for a in fig.findobj() if a.get_gid() == "effects|means")
    expected = c4_quick.effects.groupby("point")["download_share_change"].mean().sort_values()
    np.testing.assert_allclose(means.get_offsets()[:, 1], expected.to_numpy())
    ring = next(a for a in fig.findobj() if a.get_gid() == "effects|baseline")
    assert ring.get_offsets()[0, 1] == pytest.approx(expected[0])
    title = fig.axes[0].get_title(loc="left")
    assert all(len(line) <= 90 for line in title.splitlines()), "the title wraps instead of running off"


def test_the_index_marks_quick_verdicts_as_indicative(tmp_path, c4_quick, c4_full):
    records = [card.verdict_record(c4_quick, engine.SIZES["quick"]), card.verdict_record(c4_full, FULL_LIKE)]
    text = card.write_index(records, tmp_path).read_text()
    assert f"| indicative only ({c4_quick.verdict}) |" in text and f"| **{c4_full.verdict}** |" in text


def test_a_written_card_has_its_page_its_figures_and_its_verdict(tmp_path, c4_quick):
    path = card.write_card(c4_quick, engine.SIZES["quick"], tmp_path)
    page = (tmp_path / card.PAGE).read_text()
    for name in ("effects", "sensitivity"):
        assert (tmp_path / f"{name}.png").read_bytes().startswith(b"\x89PNG")
        assert f"![{name}]({name}.png)" in path.read_text()

    class References(HTMLParser):
        found: list[str] = []

        def handle_starttag(self, tag, attrs):
            self.found += [value for name, value in attrs if name in ("src", "href")]

    parser = References()
    parser.feed(page)
    assert len(parser.found) == 2 and all(r.startswith("data:image/png;base64,") for r in parser.found)
    assert "://" not in page and "<script" not in page


def test_a_card_states_its_minimum_effect_its_refuting_result_and_its_monte_carlo_error(c4_quick):
    text = text_of(card.card_blocks(c4_quick, engine.SIZES["quick"], []))
    minimum = c4_quick.claim.minimum
    assert f"must lie above {minimum.bound:g} {minimum.unit}: {minimum.reason}." in text
    assert f"In numbers: the main effect's 95% interval lies wholly below {minimum.bound:g}" in text
    mc = c4_quick.monte_carlo
    assert f"**Monte Carlo error.** With {mc.seeds} seeds a point" in text
    assert ("well below the minimum effect" in text) is mc.small_enough


@pytest.mark.parametrize("plausible", [True, False])
def test_a_card_says_when_its_worlds_are_not_plausible(c4_quick, plausible):
    analysis = dataclasses.replace(c4_quick, design=c4_quick.design.assign(plausible=plausible))
    notices = [b.text for b in card.card_blocks(analysis, engine.SIZES["quick"], []) if isinstance(b, card.Notice)]
    assert any(n.startswith("**The worlds are not plausible.**") for n in notices) is not plausible
    assert card.verdict_record(analysis, engine.SIZES["quick"])["plausible_worlds"] is plausible


# ----------------------------------------------------------------------------- docs/CLAIMS.md's table


def test_the_verdict_table_in_the_docs_is_the_one_the_recorded_verdicts_give():
    assert table.table_in(table.DOC.read_text()) == table.table(table.records()), (
        "docs/CLAIMS.md's verdict table is stale: run `sim-claims --table`")


def test_the_verdict_table_is_made_from_full_mode_records_with_their_date_and_commit(tmp_path, c4_full):
    record = card.verdict_record(c4_full, FULL_LIKE) | {"indicative": False}
    (tmp_path / "cards" / "C4").mkdir(parents=True)
    (tmp_path / "cards" / "C4" / "verdict.json").write_text(json.dumps(record))
    recorded = tmp_path / "recorded"
    assert table.record(tmp_path / "cards", recorded) == [recorded / "C4.json"]
    doc = tmp_path / "CLAIMS.md"
    doc.write_text(f"# Claims\n\n{table.BEGIN}\n\na stale table\n\n{table.END}\n\nafter\n")
    text = table.write(doc, recorded).read_text()
    made = table.table_in(text)
    assert "a stale table" not in text and text.endswith(f"{table.END}\n\nafter\n")
    row = made.splitlines()[2]
    assert row.startswith(f"| C4: {c4_full.claim.title} | **{c4_full.verdict}** |")
    assert f"| {record['date']}, `{record['commit']}` |" in row and record["commit"]
    low, high = c4_full.holds_interval
    assert f"| {c4_full.holds_share:.0%} of worlds ({low:.0%} to {high:.0%}) |" in row
    runs_low, runs_high = c4_full.runs_interval
    assert f"| {runs_low:.3g} to {runs_high:.3g} |" in row, "the interval the verdict reads"


def test_a_recorded_card_keeps_its_markdown_and_every_figure_it_shows(tmp_path, c4_full):
    (tmp_path / "cards" / "C4").mkdir(parents=True)
    made = card.write_card(c4_full, FULL_LIKE, tmp_path / "cards" / "C4")
    kept = card.keep(made.parent, tmp_path / "docs" / "C4")
    names = sorted(path.name for path in kept)
    shown = re.findall(r"!\[[^\]]*\]\(([^)]+)\)", made.read_text())
    assert names == sorted([card.CARD, *shown]) and len(shown) >= 2
    assert all((tmp_path / "docs" / "C4" / name).read_bytes() == (made.parent / name).read_bytes() for name in names)


def test_quick_mode_verdicts_are_never_recorded(tmp_path, c4_quick):
    (tmp_path / "C4").mkdir()
    (tmp_path / "C4" / "verdict.json").write_text(json.dumps(card.verdict_record(c4_quick, engine.SIZES["quick"])))
    with pytest.raises(table.NotFull, match="indicative"):
        table.record(tmp_path, tmp_path / "recorded")
    assert not (tmp_path / "recorded").exists()
