"""The report page shows the plan as phases, tools with their facts, and sources by section."""

from __future__ import annotations

import html
import re

import httpx

from reelshift import analyze
from reelshift.kb.loader import builtin_pack


def _text(page: str, start: str, end: str = "</section>") -> str:
    i = page.index(start)
    body = page[i : page.index(end, i)]
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", body)))


def test_plan_shows_phases_and_only_advised_tools(client: httpx.Client) -> None:
    page = client.get("/report", params={"role": "voice-actor", "employment": "freelance"})
    assert page.status_code == 200
    a = analyze({"roles": ["voice-actor"], "employment": "freelance"})
    plan = _text(page.text, 'id="plan-h"')
    assert "First 90 days" in plan
    for adv in a.plan.adopt_tools:
        assert adv.tool.name in plan
    if a.plan.substitutes:
        assert "Know, price and protect" in plan
        # A substitute is listed with its label, never in the adopt list.
        adopt = plan.split("Tools to adopt", 1)[1].split("Know, price and protect", 1)[0]
        for sub in a.plan.substitutes:
            if sub.tool.id not in {x.tool.id for x in a.plan.adopt_tools}:
                assert sub.tool.name not in adopt


def test_evidence_tools_carry_their_label(client: httpx.Client) -> None:
    """The first role whose tasks link an in-house, enterprise, retired or substitute tool."""
    pack = builtin_pack()
    role = next(
        r.id
        for r in pack.roles.values()
        if any(
            not (
                lk.effect == "assist"
                and lk.tool in pack.tools
                and pack.tools[lk.tool].recommendable
            )
            for t in r.tasks
            for lk in t.tools
        )
    )
    a = analyze({"roles": [role]})
    labelled = [t for task in a.tasks for t in task.tools if t.label]
    assert labelled
    page = client.get("/report", params={"role": role})
    assert page.status_code == 200
    text = html.unescape(page.text)
    for tool in labelled:
        assert tool.label in text, tool.id


def test_sources_are_grouped_by_section(client: httpx.Client) -> None:
    page = client.get("/report", params={"role": "colorist"})
    sources = _text(page.text, 'id="sources-h"')
    a = analyze({"roles": ["colorist"]})
    assert f"{len(a.sources)} sources behind this report" in sources
    assert "Your tasks" in sources and "Paths" in sources
    # Every source id the page links to is listed on the page.
    listed = set(re.findall(r'id="src-([A-Z0-9-]+)"', page.text))
    linked = set(re.findall(r'href="#src-([A-Z0-9-]+)"', page.text))
    assert linked <= listed
