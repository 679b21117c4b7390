"""The web flow a new user walks: delete asks first without JavaScript, the PDF says it takes a
moment, and a full PDF is one click away; at desktop and phone sizes.

Playwright driving Debian's Chromium against a real `reelshift serve` (see test_web_browser.py);
skips with a message without the playwright package or /usr/bin/chromium.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from webserver import Server

CHROMIUM = os.environ.get("REELSHIFT_TEST_CHROMIUM", "/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"]
SIZES = {"desktop": (1280, 900), "phone": (360, 740)}

sync_api = pytest.importorskip("playwright.sync_api", reason="pip install playwright")
if not Path(CHROMIUM).exists():
    pytest.skip(
        f"browser tests skipped: no Chromium at {CHROMIUM} (apt-get install chromium)",
        allow_module_level=True,
    )


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        yield b
        b.close()


def _page(browser: Any, server: Server, size: str, js: bool = True) -> tuple[Any, Any]:
    width, height = SIZES[size]
    context = browser.new_context(
        base_url=server.url,
        viewport={"width": width, "height": height},
        is_mobile=size == "phone",
        java_script_enabled=js,
        accept_downloads=True,
    )
    return context, context.new_page()


def _save(pg: Any) -> str:
    pg.goto("/report?role=editor")
    pg.get_by_role("button", name="Save and get a private link").click()
    sync_api.expect(pg.get_by_text("Saved.")).to_be_visible()
    return str(pg.url)


@pytest.mark.parametrize("size", SIZES)
def test_delete_asks_first_without_javascript(browser: Any, server: Server, size: str) -> None:
    context, pg = _page(browser, server, size, js=False)
    link = _save(pg)
    pg.get_by_role("button", name="Delete this analysis").click()
    sync_api.expect(pg.get_by_role("heading", name="Delete this analysis?")).to_be_visible()
    assert pg.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
    # keeping it goes back to the report, still there
    pg.get_by_role("link", name="Keep it").click()
    sync_api.expect(pg.get_by_role("button", name="Delete this analysis")).to_be_visible()
    # deleting for good
    pg.get_by_role("button", name="Delete this analysis").click()
    pg.get_by_role("button", name="Delete it for good").click()
    sync_api.expect(pg.get_by_role("heading", name="Deleted")).to_be_visible()
    response = pg.goto(link.split("?")[0])
    assert response is not None and response.status == 404
    context.close()


@pytest.mark.parametrize("size", SIZES)
def test_pdf_says_it_takes_a_moment_and_full_is_offered(
    browser: Any, server: Server, size: str
) -> None:
    context, pg = _page(browser, server, size)
    pg.goto("/report?role=colorist")
    sync_api.expect(pg.locator("#pdf-note")).to_contain_text("few seconds")
    with pg.expect_download() as info:
        pg.get_by_role("button", name="Full report (PDF)").click()
    assert re.search(r"-full\.pdf$", info.value.suggested_filename)
    context.close()


@pytest.mark.parametrize("size", SIZES)
def test_back_reload_forward_and_edit_my_answers(browser: Any, server: Server, size: str) -> None:
    context, pg = _page(browser, server, size)
    dialogs: list[str] = []
    pg.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    pg.goto("/start")
    pg.get_by_label("Describe what you do").fill("senior colourist, freelance, mostly commercials")
    pg.get_by_role("button", name="Continue").click()
    sync_api.expect(pg.get_by_role("heading", name=re.compile("Colourist"))).to_be_visible()
    assert "/start/details?s=" in pg.url  # a page GET can show again
    details_url = pg.url
    pg.reload()
    sync_api.expect(pg.get_by_label("Senior", exact=True)).to_be_checked()
    pg.get_by_label("Stay and grow in my craft").check()
    pg.get_by_role("button", name="See my analysis").click()
    sync_api.expect(pg.get_by_role("heading", name="Three things to do first")).to_be_visible()
    assert "/report/view?s=" in pg.url
    report_url = pg.url
    pg.reload()
    sync_api.expect(pg.get_by_role("heading", name="Three things to do first")).to_be_visible()
    pg.go_back()
    assert pg.url == details_url
    sync_api.expect(pg.get_by_role("button", name="See my analysis")).to_be_visible()
    pg.go_forward()
    assert pg.url == report_url
    sync_api.expect(pg.get_by_role("heading", name="Three things to do first")).to_be_visible()
    assert dialogs == []  # never "Confirm form resubmission"
    # edit my answers: back to the confirm step with the answers kept
    pg.get_by_role("link", name="Edit my answers").first.click()
    sync_api.expect(pg.get_by_label("Senior", exact=True)).to_be_checked()
    sync_api.expect(pg.get_by_label("Stay and grow in my craft")).to_be_checked()
    sync_api.expect(pg.get_by_label("Employment")).to_have_value("freelance")
    assert pg.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
    context.close()


def test_an_altered_link_starts_again(browser: Any, server: Server) -> None:
    context, pg = _page(browser, server, "desktop")
    pg.goto("/report/view?s=AAAA.BBBB")
    assert pg.url.endswith("/start")
    context.close()
