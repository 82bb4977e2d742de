"""The report and a claim card in a real browser: Debian's Chromium, headless, driven by
Playwright. Every figure loads, what the run found is on the first screen, and the page
raises no error. Where Chromium is missing the tests skip, saying why, except in CI
(``CI=true``), where they fail; the browser plumbing is ``tests/browser.py``.

The README's screenshot of a report's first screen is made by the same code:

    python -m tests.test_report_browser     # writes docs/report.png from the baseline
"""

from __future__ import annotations

import re
import tempfile
from html import unescape
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page

import sim
from experiments.claims import CLAIMS, card, engine
from experiments.claims.analysis import analyse
from sim import report
from sim.plots import READOUTS
from sim.runs import run_into
from tests.browser import browser, not_blank, open_page
from tests.test_card import c4_outcomes, synthetic_runs

ROOT = Path(__file__).resolve().parent.parent

SCREEN = {"width": 1280, "height": 900}
"""The first screen of a laptop: what a reader sees before scrolling."""

SCREENSHOT = ROOT / "docs" / "report.png"


def open_file(chromium: Browser, path: Path) -> Page:
    """A page at a local file, at the size of :data:`SCREEN`; its errors on ``page.errors``."""
    return open_page(chromium, path.as_uri(), **SCREEN)


def images(page: Page) -> list[dict]:
    """Every ``<img>`` of the page: whether it loaded, its natural width and its alt text."""
    return page.eval_on_selector_all(
        "img", "all => all.map(i => ({complete: i.complete, width: i.naturalWidth, alt: i.alt}))")


def on_first_screen(page: Page, selector: str) -> bool:
    """Whether the element lies wholly within the first screen (before any scrolling)."""
    box = page.locator(selector).first.bounding_box()
    return box is not None and box["y"] >= -1 and box["y"] + box["height"] <= SCREEN["height"] + 1


def plain(html_text: str) -> str:
    """HTML as the text a reader sees: tags dropped, entities read, spaces collapsed."""
    return " ".join(unescape(re.sub(r"<[^>]+>", "", html_text)).split())


def baseline_report(directory: Path, adopters: int) -> Path:
    """The baseline scenario's run (``adopters`` simulated adopters, 2022-01 to 2030-12) and its report."""
    cfg = sim.compose()
    cfg.population.adopters = adopters
    run_into(cfg, directory)
    return report.build_report(directory)


@pytest.fixture(scope="module")
def run_page(tmp_path_factory) -> Path:
    return baseline_report(tmp_path_factory.mktemp("browser") / "run", adopters=400)


@pytest.fixture(scope="module")
def card_page(tmp_path_factory) -> Path:
    claim = CLAIMS["C4"]
    analysis = analyse(claim, *synthetic_runs(claim, engine.SIZES["quick"], c4_outcomes))
    directory = tmp_path_factory.mktemp("card")
    card.write_card(analysis, engine.SIZES["quick"], directory)
    return directory / card.PAGE


def test_the_report_loads_every_figure_and_raises_no_error(run_page):
    with browser() as chromium:
        page = open_file(chromium, run_page)
        loaded = images(page)
        assert len(loaded) == run_page.read_text().count("<figure id=") == 8, "every figure of a run"
        assert all(image["complete"] and image["width"] > 0 for image in loaded), loaded
        assert [image["alt"] for image in loaded][0].startswith("Who uses what")
        assert not page.errors
        assert not_blank(page.screenshot())


def test_the_first_screen_says_what_the_run_found(run_page):
    reading = report.RunReading.of(run_page.parent.parent)
    with browser() as chromium:
        page = open_file(chromium, run_page)
        for selector in ("h1", "#summary h2", "#summary p.lead", "#summary table"):
            assert on_first_screen(page, selector), selector
        shown = " ".join(page.locator("#summary p.lead").all_inner_texts()).split()
        assert " ".join(shown) == " ".join(plain(" ".join(report.run_story(reading))).split())
        table = page.locator("#summary table").first.inner_text()
        for readout in READOUTS.values():
            assert readout.label in table and (readout.base or readout.unit) in table
        assert "Figure 1" in table


def test_a_table_link_leads_to_the_figure_it_summarises(run_page):
    with browser() as chromium:
        page = open_file(chromium, run_page)
        page.locator('#summary a[href="#frontier"]').first.click()
        page.wait_for_function("location.hash === '#frontier'")
        assert on_first_screen(page, "#frontier h2")


def test_a_claim_card_loads_its_figures_and_opens_with_its_answer(card_page):
    with browser() as chromium:
        page = open_file(chromium, card_page)
        loaded = images(page)
        assert len(loaded) == 2 and all(image["complete"] and image["width"] > 0 for image in loaded)
        assert not page.errors
        assert on_first_screen(page, "p.notice") and on_first_screen(page, "p.lead")
        assert page.locator("p.notice").first.inner_text().startswith("Indicative only.")
        assert page.locator("p.lead").inner_text().startswith("In short (indicative).")
        glossary = page.locator("h2", has_text="Glossary")
        assert glossary.count() == 1 and "Cohen's d" in page.inner_text("body")


def screenshot(out: Path = SCREENSHOT) -> Path:
    """The first screen of the baseline's report (its default 2,000 adopters), as ``out``."""
    with tempfile.TemporaryDirectory() as tmp, browser() as chromium:
        page_path = baseline_report(Path(tmp) / "run", adopters=sim.default_config().population.adopters)
        out.write_bytes(open_file(chromium, page_path).screenshot())
    return out


if __name__ == "__main__":
    print(f"written {screenshot()}")
