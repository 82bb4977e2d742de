"""Browser tests' plumbing: Debian's Chromium driven by Playwright, and a local server.

Chromium is the system's (``apt-get install chromium``; ``make test`` installs it where it
is missing), never a browser downloaded by Playwright. Where it is missing the browser tests
skip, with the reason, except in CI (``CI=true``), where they must run and so fail.

    with serve([sys.executable, "-m", "sim.app", ...], port) as url, browser() as chromium:
        page = open_page(chromium, url)       # console errors collected on page.errors
        ...
        assert not_blank(page.screenshot())
"""

from __future__ import annotations

import io
import os
import re
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from xml.etree import ElementTree

import numpy as np
import pytest
from PIL import Image
from playwright.sync_api import Browser, Page, sync_playwright

CHROMIUM = Path("/usr/bin/chromium")
"""Debian's Chromium."""

CHROMIUM_FLAGS = (
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
)
"""Headless, as root, offline: no sandbox (root), no GPU, no calls home."""

SERVER_START_SECONDS = 60.0
"""Longest wait for a server to answer."""


def require_chromium() -> None:
    """Skip the calling test where Chromium is missing, unless in CI (then fail)."""
    if CHROMIUM.exists():
        return
    reason = f"Chromium is not installed at {CHROMIUM} (apt-get install chromium; `make test` installs it)"
    if os.environ.get("CI") == "true":
        pytest.fail(reason + ": browser tests must run in CI")
    pytest.skip(reason)


@contextmanager
def browser() -> Iterator[Browser]:
    """Headless Chromium, closed at the end."""
    require_chromium()
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=list(CHROMIUM_FLAGS))
        try:
            yield chromium
        finally:
            chromium.close()


class ErrorLog(list):
    """Console errors and uncaught exceptions of a page, as text, in the order they came."""

    def attach(self, page: Page) -> None:
        page.on("console", lambda message: message.type == "error" and self.append(f"console: {message.text}"))
        page.on("pageerror", lambda error: self.append(f"uncaught: {error}"))


def open_page(chromium: Browser, url: str, width: int = 1400, height: int = 1000) -> Page:
    """A new page (its own browser context, so its own session) at ``url``; its errors
    are collected on ``page.errors``."""
    context = chromium.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    page.errors = ErrorLog()
    page.errors.attach(page)
    page.goto(url)
    return page


def not_blank(png: bytes, least_share: float = 0.02) -> bool:
    """Whether a screenshot shows something: at least ``least_share`` of its pixels differ
    from its most common colour (a blank page is one colour)."""
    pixels = np.asarray(Image.open(io.BytesIO(png)).convert("RGB")).reshape(-1, 3)
    colours, counts = np.unique(pixels, axis=0, return_counts=True)
    return 1 - counts.max() / len(pixels) >= least_share


def image_source(page: Page, selector: str) -> str:
    """The file an ``<img>`` shows (fetched by the page from its ``src``), as text: an SVG."""
    return page.locator(selector).evaluate("async image => await (await fetch(image.src)).text()")


def drawn_series(svg: str) -> dict[str, list[str]]:
    """What a matplotlib SVG draws, by series: each group whose id is a ``gid`` given to an
    artist (``sim.plots`` names every series so), with the path data drawn inside it. A
    series drawn in two panels (a run and its baseline) lists both panels' paths."""
    drawn: dict[str, list[str]] = {}
    for group in ElementTree.fromstring(svg).iter(f"{SVG}g"):
        name = group.get("id", "")
        if name and not MATPLOTLIB_ID.fullmatch(name):
            drawn.setdefault(name, []).extend(path.get("d") for path in group.iter(f"{SVG}path"))
    return drawn


SVG = "{http://www.w3.org/2000/svg}"
MATPLOTLIB_ID = re.compile(r"[\w.]+_\d+")
"""The ids matplotlib gives artists without a gid (``line2d_3``, ``matplotlib.axis_2``)."""


def free_port() -> int:
    """A TCP port free on 127.0.0.1 now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def serve(command: Sequence[str], url: str, log: Path) -> Iterator[str]:
    """Run a server (``command``, its output to ``log``) until ``url`` answers; stop it at the end.

    The server runs in its own process group, stopped by its id (SIGTERM, then SIGKILL).
    """
    with open(log, "wb") as output:
        server = subprocess.Popen(command, stdout=output, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        deadline = time.monotonic() + SERVER_START_SECONDS
        while True:
            if server.poll() is not None:
                raise RuntimeError(f"the server exited ({server.returncode}):\n{log.read_text()}")
            try:
                with urllib.request.urlopen(url, timeout=2):
                    break
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                if time.monotonic() > deadline:
                    raise RuntimeError(f"no answer from {url} in {SERVER_START_SECONDS:g} s:\n{log.read_text()}")
                time.sleep(0.25)
        yield url
    finally:
        stop(server)


def stop(process: subprocess.Popen, grace: float = 10.0) -> None:
    """Stop a process started in its own session, and its children, by its group id."""
    if process.poll() is not None:
        return
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=grace)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=grace)
