"""Every screen size: no sideways scrolling, readable chart text, focusable scroll regions.

Playwright driving Debian's Chromium against a real `reelshift serve` (see test_web_browser.py);
skips with a message without the playwright package or /usr/bin/chromium.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from webserver import Server

CHROMIUM = os.environ.get("REELSHIFT_TEST_CHROMIUM", "/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"]

sync_api = pytest.importorskip("playwright.sync_api", reason="pip install playwright")
if not Path(CHROMIUM).exists():
    pytest.skip(
        f"browser tests skipped: no Chromium at {CHROMIUM} (apt-get install chromium)",
        allow_module_level=True,
    )

PAGES = (
    "/start",
    "/report?role=colorist&seniority=senior",
    "/report?role=editor&role=colorist",
    "/industry",
    "/compare?a=editor&b=colorist",
)
OPEN_ALL = "document.querySelectorAll('details').forEach(d => { d.open = true; })"
OVERFLOW = "document.documentElement.scrollWidth - window.innerWidth"
CHART_FONT = """Math.min(99, ...[...document.querySelectorAll('svg.chart text')]
  .map(t => parseFloat(t.getAttribute('font-size')) * t.getScreenCTM().a))"""


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        yield b
        b.close()


def _context(browser: Any, server: Server, width: int) -> Any:
    return browser.new_context(
        base_url=server.url, viewport={"width": width, "height": 800}, is_mobile=width < 500
    )


@pytest.mark.parametrize("width", [320, 360, 430, 1280])
def test_no_page_scrolls_sideways(browser: Any, server: Server, width: int) -> None:
    context = _context(browser, server, width)
    pg = context.new_page()
    for path in PAGES:
        pg.goto(path)
        # everything opened: evidence, the chart's figures and every section
        pg.evaluate(OPEN_ALL)
        overflow = pg.evaluate(OVERFLOW)
        assert overflow <= 0, f"{path} at {width}px scrolls sideways by {overflow}px"
    context.close()


@pytest.mark.parametrize("width", [320, 360])
def test_chart_text_is_readable_on_a_phone(browser: Any, server: Server, width: int) -> None:
    context = _context(browser, server, width)
    pg = context.new_page()
    for path in ("/report?role=colorist", "/compare?a=editor&b=colorist"):
        pg.goto(path)
        pg.evaluate(OPEN_ALL)
        smallest = pg.evaluate(CHART_FONT)
        assert 11 <= smallest < 99, f"{path}: chart text {smallest:.1f}px at {width}px"
    context.close()


def test_wide_tables_scroll_in_a_focusable_labelled_region(browser: Any, server: Server) -> None:
    context = _context(browser, server, 360)
    pg = context.new_page()
    for path in PAGES[1:]:
        pg.goto(path)
        wraps = pg.locator(".table-wrap")
        assert wraps.count() > 0, path
        for i in range(wraps.count()):
            w = wraps.nth(i)
            assert w.get_attribute("tabindex") == "0", path
            assert w.get_attribute("role") == "region" and w.get_attribute("aria-label"), path
        # no table header is empty for a screen reader
        empty = pg.evaluate(
            "[...document.querySelectorAll('th')].filter(th => !th.textContent.trim()).length"
        )
        assert empty == 0, f"{path}: {empty} empty table headers"
    context.close()


def test_report_opens_with_the_summary_and_the_rest_folds(browser: Any, server: Server) -> None:
    context = _context(browser, server, 1280)
    pg = context.new_page()
    pg.goto("/report?role=colorist")
    first = pg.get_by_role("heading", name="Three things to do first")
    sync_api.expect(first).to_be_in_viewport()
    assert pg.locator(".first-actions li").count() == 3
    sync_api.expect(pg.get_by_role("heading", name="How sure this is")).to_be_visible()
    # the detail is there, folded: a section opens without JavaScript
    assert pg.locator("details.section[open]").count() == 0
    assert pg.locator("details.section").count() >= 5
    pg.locator("details#plan > summary").click()
    sync_api.expect(pg.get_by_role("heading", name="Build technical literacy")).to_be_visible()
    context.close()


def _luminance(rgb: str) -> float:
    parts = [int(x) / 255 for x in rgb[rgb.index("(") + 1 : rgb.index(")")].split(",")[:3]]
    lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in parts]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def test_not_found_page_text_has_contrast(browser: Any, server: Server) -> None:
    context = _context(browser, server, 1280)
    pg = context.new_page()
    pg.goto("/no-such-page")
    for selector in (".big-404", "h1", ".lede"):
        fg = pg.locator(selector).evaluate("e => getComputedStyle(e).color")
        bg = pg.locator(".card").evaluate("e => getComputedStyle(e).backgroundColor")
        hi, lo = sorted((_luminance(fg), _luminance(bg)), reverse=True)
        assert (hi + 0.05) / (lo + 0.05) >= 4.5, selector
    context.close()
