"""The confirm step (issue 11): what was understood is shown and editable, the top-ranked
candidate is pre-selected, an explicit pick always wins, several roles make a hybrid, and text
outside film and video is told so. Plain HTTP against the real server, then a real browser
with and without JavaScript."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from webserver import Server

CHROMIUM = os.environ.get("REELSHIFT_TEST_CHROMIUM", "/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"]


def _start(client: httpx.Client, csrf: str, describe: str) -> str:
    r = client.post("/start", data={"csrf_token": csrf, "action": "match", "describe": describe})
    assert r.status_code == 200
    return r.text


def _checked(html: str, name: str) -> list[str]:
    """Values of the checked radio buttons or checkboxes called ``name``."""
    found = []
    for tag in re.findall(r"<input[^>]*>", html):
        if f'name="{name}"' in tag and re.search(r"\bchecked\b", tag):
            value = re.search(r'value="([^"]*)"', tag)
            found.append(value.group(1) if value else "")
    return found


def test_understood_level_sector_region_and_tools_are_prefilled(
    client: httpx.Client, csrf: str
) -> None:
    html = _start(client, csrf, "Senior colourist on commercials in London, I grade in Resolve")
    assert "Read as colourist (DI and grading), senior, commercials" in html
    assert _checked(html, "seniority") == ["senior"]
    assert re.search(r'<option value="commercials"\s+selected', html)
    assert 'name="region" maxlength="100" value="London, UK"' in html
    assert re.search(r'name="other_tools"[^>]*value="[^"]*Resolve', html)


def test_ambiguous_preselects_the_top_ranked_candidate(client: httpx.Client, csrf: str) -> None:
    html = _start(client, csrf, "assistant director")
    radios = re.findall(r'<input type="radio" name="new_role" value="([^"]+)"', html)
    assert radios[:1] == ["first-assistant-director"]  # ranked first by the matcher
    assert _checked(html, "new_role") == ["first-assistant-director"]


def test_explicit_pick_wins_over_the_preselected_candidate(client: httpx.Client, csrf: str) -> None:
    r = client.post(
        "/start",
        data={
            "csrf_token": csrf,
            "action": "refresh",
            "describe": "assistant director",
            "new_role": "first-assistant-director",  # pre-selected, left as it was
            "other_role": "gaffer",  # what the person picked from the full list
        },
    )
    assert r.status_code == 200
    assert '<h1 id="role-h">Gaffer' in r.text


def test_hybrid_description_gives_both_roles_and_their_tasks(
    client: httpx.Client, csrf: str
) -> None:
    html = _start(client, csrf, "editor and colourist, mostly music videos")
    assert '<h1 id="role-h">Picture editor' in html
    assert _checked(html, "also_role") == ["colorist"]
    tasks = re.findall(r'name="task" value="([^"]+)"', html)
    assert any(t.startswith("editor:") for t in tasks)
    assert any(t.startswith("colorist:") for t in tasks)


def test_outside_film_is_said_plainly_without_film_roles(client: httpx.Client, csrf: str) -> None:
    html = _start(client, csrf, "I'm a nurse on a hospital ward")
    assert 'id="outside-film"' in html and "outside film and video" in html
    assert 'class="candidate"' not in html  # no film role offered as if it fitted


def test_hybrid_report_has_both_roles(client: httpx.Client, csrf: str) -> None:
    html = _start(client, csrf, "editor and colourist, mostly music videos")
    tasks = re.findall(r'name="task" value="([^"]+)"', html)[:12]
    data: dict[str, Any] = {
        "csrf_token": csrf,
        "role": "editor",
        "also_role": "colorist",
        "seniority": "mid",
        "scenario": "expected",
        "hours_per_week": "40",
        "task": tasks,
        **{f"share:{tid}": "8" for tid in tasks},
    }
    r = client.post("/report", data=data)
    assert r.status_code == 200, r.text[:500]
    assert "Picture editor" in r.text and "Colourist" in r.text


# --- in a real browser --------------------------------------------------------------------------

sync_api = pytest.importorskip("playwright.sync_api", reason="pip install playwright")
needs_browser = pytest.mark.skipif(
    not Path(CHROMIUM).exists(), reason=f"no Chromium at {CHROMIUM} (apt-get install chromium)"
)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not Path(CHROMIUM).exists():
        pytest.skip(f"no Chromium at {CHROMIUM}")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        yield b
        b.close()


@needs_browser
@pytest.mark.parametrize("javascript", [True, False])
def test_browser_pick_from_the_list_wins(browser: Any, server: Server, javascript: bool) -> None:
    context = browser.new_context(base_url=server.url, java_script_enabled=javascript)
    pg = context.new_page()
    pg.goto("/")
    pg.get_by_label("Describe what you do").fill("assistant director")
    pg.get_by_role("button", name="Continue").click()
    sync_api.expect(pg.get_by_role("heading", name="Which of these is you?")).to_be_visible()
    top = pg.locator('input[type="radio"][name="new_role"]').first
    assert top.is_checked()  # the top-ranked candidate is pre-selected
    pg.locator("#role-other").select_option("gaffer")
    pg.get_by_role("button", name="Continue").click()
    sync_api.expect(pg.get_by_role("heading", name="Gaffer")).to_be_visible()
    context.close()


@needs_browser
def test_browser_hybrid_and_understood_context(browser: Any, server: Server) -> None:
    context = browser.new_context(base_url=server.url)
    pg = context.new_page()
    problems: list[str] = []
    pg.on("pageerror", lambda e: problems.append(str(e)))
    pg.goto("/")
    pg.get_by_label("Describe what you do").fill(
        "senior editor and colourist, mostly music videos, in Manchester"
    )
    pg.get_by_role("button", name="Continue").click()
    sync_api.expect(pg.locator("#understood")).to_contain_text("Read as a mix")
    assert pg.locator('input[name="also_role"][value="colorist"]').is_checked()
    assert pg.locator('input[name="seniority"][value="senior"]').is_checked()
    assert pg.locator("#region").input_value() == "Manchester, UK"
    pg.locator("#region").fill("Leeds, UK")  # what was understood can be changed
    pg.get_by_role("button", name="See my analysis").click()
    sync_api.expect(pg.get_by_role("heading", name="Your tasks")).to_be_visible()
    body = pg.content()
    assert "Picture editor" in body and "Colourist" in body
    assert problems == []
    context.close()
