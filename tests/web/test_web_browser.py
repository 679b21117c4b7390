"""Browser tests: Playwright driving Debian's Chromium against a real `reelshift serve`.

Screenshots go to test-artifacts/web/ (git-ignored). Needs the `playwright` package and
/usr/bin/chromium (``apt-get install chromium``); never downloads a browser.
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
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "web"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]

sync_api = pytest.importorskip("playwright.sync_api", reason="pip install playwright")
if not Path(CHROMIUM).exists():
    pytest.skip(
        f"browser tests skipped: no Chromium at {CHROMIUM} (apt-get install chromium)",
        allow_module_level=True,
    )

Page = Any


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        yield b
        b.close()


@pytest.fixture()
def page(browser: Any, server: Server) -> Iterator[Page]:
    context = browser.new_context(base_url=server.url, viewport={"width": 1280, "height": 900})
    pg = context.new_page()
    problems: list[str] = []

    def on_console(message: Any) -> None:
        # a 404 page we open on purpose logs "Failed to load resource"; anything else counts
        if message.type in ("error", "warning") and "status of 404" not in message.text:
            problems.append(message.text)

    pg.on("console", on_console)
    pg.on("pageerror", lambda e: problems.append(str(e)))
    pg.on("dialog", lambda d: d.accept())
    pg.problems = problems
    yield pg
    context.close()
    assert problems == [], problems  # no script errors, no CSP violations


def shot(page: Page, name: str, full: bool = False) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=full)


def test_roto_artist_questionnaire_report_save_share_delete(
    page: Page, browser: Any, server: Server
) -> None:
    page.goto("/")
    shot(page, "01-start")
    page.get_by_label("Describe what you do").fill("Junior roto artist, freelance, mostly features")
    page.get_by_role("button", name="Continue").click()

    # confirm the role and the tasks: the matcher's seniority and employment are pre-filled
    sync_api.expect(page.get_by_role("heading", name="Rotoscope artist")).to_be_visible()
    sync_api.expect(page.get_by_label("Junior", exact=True)).to_be_checked()
    sync_api.expect(page.get_by_label("Employment")).to_have_value("freelance")
    sync_api.expect(page.get_by_label("Main sector")).to_have_value("features")
    sync_api.expect(page.locator("#share-total")).to_have_text("100%")
    # level changes reset the typical shares (JavaScript)
    page.get_by_label("Senior", exact=True).check()
    first_share = page.locator("input[name='share:rotoscope-artist:articulate-roto']")
    sync_api.expect(first_share).to_have_value("20")
    page.get_by_label("Junior", exact=True).check()
    sync_api.expect(first_share).to_have_value("40")
    first_share.fill("50")
    sync_api.expect(page.locator("#share-total")).to_contain_text("110%")
    page.get_by_label("Region").fill("Vancouver")
    page.get_by_label("Stay and grow in my craft").check()
    shot(page, "02-details", full=True)
    page.get_by_role("button", name="See my analysis").click()

    # the report
    sync_api.expect(page.get_by_text("High risk of disruption").first).to_be_visible()
    sync_api.expect(page.get_by_role("img", name=re.compile("Exposure timeline"))).to_be_visible()
    page.locator("details#profile > summary").click()
    sync_api.expect(page.get_by_text("Vancouver")).to_be_visible()
    sync_api.expect(page.get_by_role("heading", name="Paths")).to_be_visible()
    shot(page, "03-report")
    shot(page, "03-report-full", full=True)

    # the summary comes first; the tasks open from their section
    page.locator("details#tasks > summary").click()
    # open the evidence of a task
    evidence = page.locator(".task-row details.evidence").first
    evidence.locator("summary").click()
    sync_api.expect(evidence.get_by_text("What stays human:")).to_be_visible()
    sync_api.expect(evidence.get_by_role("cell", name=re.compile("Segmentation"))).to_be_visible()
    evidence.scroll_into_view_if_needed()
    shot(page, "04-evidence")

    # a source link inside the evidence opens the closed sources list
    evidence.locator("a[href^='#src-']").first.click()
    target = page.locator(".sources-list li:target")
    sync_api.expect(target).to_be_visible()

    # save: a private link
    page.get_by_role("button", name="Save and get a private link").click()
    sync_api.expect(page.get_by_text("Saved.")).to_be_visible()
    link = page.get_by_label("Private link to this analysis").input_value()
    assert re.fullmatch(rf"{re.escape(server.url)}/a/[A-Za-z0-9_-]{{43}}", link)
    shot(page, "05-saved")

    # someone else opens the private link: they can read it, not delete it
    other = browser.new_context()
    other_page = other.new_page()
    other_page.goto(link)
    sync_api.expect(other_page.get_by_text("High risk of disruption").first).to_be_visible()
    assert other_page.get_by_role("button", name="Delete this analysis").count() == 0
    other.close()

    # the owner deletes it
    page.get_by_role("button", name="Delete this analysis").click()
    # it asks first, on a page of its own (no script needed)
    sync_api.expect(page.get_by_role("heading", name="Delete this analysis?")).to_be_visible()
    page.get_by_role("button", name="Delete it for good").click()
    sync_api.expect(page.get_by_role("heading", name="Deleted")).to_be_visible()
    shot(page, "06-deleted")
    response = page.goto(link)
    assert response is not None and response.status == 404
    sync_api.expect(page.get_by_role("heading", name="Not found")).to_be_visible()
    shot(page, "07-not-found")


def _column(page: Page, index: int) -> list[float]:
    cells = page.locator(f"#industry-table tbody tr[data-role]:visible td:nth-child({index})")
    return [float(t.split("%")[0]) for t in cells.all_inner_texts()]


def test_industry_page_sorts_and_filters(page: Page) -> None:
    page.goto("/industry")
    sync_api.expect(page.get_by_role("heading", name="Every role, by department")).to_be_visible()
    shot(page, "08-industry")
    header = page.locator("th[data-key='exposure_5y']")
    header.get_by_role("link").click()
    sync_api.expect(header).to_have_attribute("aria-sort", "descending")
    values = _column(page, 5)  # role, department, people, exposed now, exposed in 5 years
    assert values == sorted(values, reverse=True) and len(values) > 10
    header.get_by_role("link").click()
    sync_api.expect(header).to_have_attribute("aria-sort", "ascending")
    values = _column(page, 5)
    assert values == sorted(values)
    assert "sort=exposure_5y" in page.url
    shot(page, "09-industry-sorted")
    # filter as you type
    page.get_by_label("Search roles").fill("roto")
    rows = page.locator("#industry-table tbody tr[data-role]:visible")
    sync_api.expect(rows).to_have_count(1)
    rows.first.get_by_role("link").click()
    sync_api.expect(
        page.get_by_role("heading", name=re.compile("Rotoscope artist"))
    ).to_be_visible()


def test_industry_sorts_without_javascript(browser: Any, server: Server) -> None:
    context = browser.new_context(base_url=server.url, java_script_enabled=False)
    pg = context.new_page()
    pg.goto("/industry")
    pg.locator("th[data-key='automation_5y'] a").click()
    values = _column(pg, 6)
    assert values == sorted(values, reverse=True)
    context.close()


def test_keyboard_only_completion(page: Page) -> None:
    page.goto("/")

    def tab_to(predicate: str, limit: int = 250) -> None:
        for _ in range(limit):
            page.keyboard.press("Tab")
            if page.evaluate(predicate):
                return
        raise AssertionError(f"could not reach {predicate} with the keyboard")

    tab_to("document.activeElement.id === 'describe'")
    page.keyboard.type("roto artist")
    tab_to("document.activeElement.textContent.trim() === 'Continue'")
    page.keyboard.press("Enter")
    sync_api.expect(page.get_by_role("heading", name="Rotoscope artist")).to_be_visible()
    # focus is visible on the way
    tab_to("document.activeElement.name === 'seniority'")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"
    page.keyboard.press("ArrowRight")  # radio groups move with the arrow keys
    tab_to("document.activeElement.textContent.trim() === 'See my analysis'")
    page.keyboard.press("Enter")
    sync_api.expect(page.get_by_text("Your action plan")).to_be_visible()
    # sections and evidence open from the keyboard too
    tab_to("document.activeElement.matches('details#tasks > summary')")
    page.keyboard.press("Enter")
    tab_to(
        "document.activeElement.tagName === 'SUMMARY' && "
        "document.activeElement.closest('.task-row') !== null"
    )
    page.keyboard.press("Enter")
    sync_api.expect(page.locator(".task-row details[open]").first).to_be_visible()
    shot(page, "10-keyboard")


def test_ambiguous_title_without_javascript(browser: Any, server: Server) -> None:
    context = browser.new_context(base_url=server.url, java_script_enabled=False)
    pg = context.new_page()
    pg.goto("/")
    pg.get_by_label("Describe what you do").fill("subtitler")
    pg.get_by_role("button", name="Continue").click()
    sync_api.expect(pg.get_by_role("heading", name="Which of these is you?")).to_be_visible()
    choice = pg.locator("label.candidate", has_text="Subtitle translator")
    choice.get_by_role("radio").check()
    shot(pg, "11-choose-role")
    pg.get_by_role("button", name="Continue").click()
    sync_api.expect(pg.get_by_role("heading", name="Subtitle translator")).to_be_visible()
    pg.get_by_role("button", name="See my analysis").click()
    sync_api.expect(pg.get_by_role("heading", name="Your tasks")).to_be_visible()
    context.close()


def test_phone_layout(browser: Any, server: Server) -> None:
    context = browser.new_context(
        base_url=server.url, viewport={"width": 375, "height": 740}, is_mobile=True
    )
    pg = context.new_page()
    for path, name in (
        ("/report?role=colorist&seniority=senior", "12-phone-report"),
        ("/", "13-phone-start"),
    ):
        pg.goto(path)
        overflow = pg.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 1, f"{path} scrolls sideways by {overflow}px"
        shot(pg, name)
    context.close()


def test_compare_two_roles_and_scenarios(page: Page) -> None:
    page.goto("/compare?a=editor&b=colorist")
    sync_api.expect(page.get_by_role("heading", name="Side by side", exact=True)).to_be_visible()
    assert page.locator(".compare .card").count() == 2
    shot(page, "14-compare", full=True)
    page.goto("/report?role=editor")
    page.get_by_role("button", name="Compare slow and fast adoption").click()
    sync_api.expect(page.get_by_text("Slow adoption").first).to_be_visible()
    sync_api.expect(page.get_by_text("Fast adoption").first).to_be_visible()
