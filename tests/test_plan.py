"""The plan: advice only through the pack's links; never an in-house, retired or substitute tool
to adopt; phased actions specific to the person; honest whole-hour ranges; sources by section."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from rich.console import Console

from reelshift import analyze
from reelshift.advice import recommendable_links, used_tools
from reelshift.kb.loader import KnowledgePack, builtin_pack, load_pack
from reelshift.models import Analysis, HourRange
from reelshift.plan import hour_range
from reelshift.render import markdown, terminal

LEVELS = ("junior", "mid", "senior", "head")
EMPLOYMENT = ("freelance", "staff", "owner")


@pytest.fixture
def tiny(make_pack: Callable[[dict[str, Any]], Path], tiny_files: dict[str, Any]) -> KnowledgePack:
    tiny_files["sources/s.yaml"].append(
        {"id": "SRC-UNUSED", "title": "Cited by nothing", "url": "https://example.org/u"}
    )
    return load_pack([make_pack(tiny_files)], include_builtin=False)


def run(pack: KnowledgePack, **profile: Any) -> Analysis:
    return analyze({"roles": ["cutter-person"], **profile}, pack)


def _assert_only_recommendable_adopted(a: Analysis, pack: KnowledgePack) -> None:
    own = {t.id for t in a.tasks}
    for adv in a.plan.adopt_tools:
        tool = pack.tools[adv.tool.id]
        assert tool.availability == "public", tool.id
        assert tool.status is not None and tool.status.state == "active", tool.id
        assert adv.tool.recommendable and adv.tool.effect == "assist" and not adv.tool.label
        assert set(adv.for_tasks) <= own
        # The link exists on one of the person's own tasks, as an assist link.
        assert any(
            r.tool.id == tool.id for tid in adv.for_tasks for r in recommendable_links(pack, tid)
        ), tool.id
    adopted = {x.tool.id for x in a.plan.adopt_tools} | {x.tool.id for x in a.plan.already_use}
    substitutes = {x.tool.id for x in a.plan.substitutes}
    for action in a.plan.actions:
        if action.kind == "adopt":
            assert set(action.tools) <= adopted, action.text
            assert not set(action.tools) & substitutes - adopted, action.text
    for task in a.tasks:
        for ref in task.tools:
            assert ref.recommendable or ref.label, (task.id, ref.id)


def test_builtin_pack_never_advises_a_tool_it_must_not() -> None:
    """Every role × level × employment of the built-in pack."""
    pack = builtin_pack()
    advised = 0
    for rid in pack.roles:
        for level in LEVELS:
            for employment in EMPLOYMENT:
                a = analyze({"roles": [rid], "seniority": level, "employment": employment}, pack)
                _assert_only_recommendable_adopted(a, pack)
                advised += len(a.plan.adopt_tools)
                assert all(x.effect == "substitute" for x in (s.tool for s in a.plan.substitutes))
    links = sum(
        1 for r in pack.roles.values() for t in r.tasks for lk in t.tools if lk.effect == "assist"
    )
    if links:
        assert advised, "the pack links tools to tasks, so some plan must advise one"


def test_in_house_discontinued_and_substitute_tools_are_evidence(tiny: KnowledgePack) -> None:
    a = run(tiny, seniority="junior", employment="freelance")
    assert [x.tool.id for x in a.plan.adopt_tools] == ["cutter"]
    labels = {ref.id: ref.label for t in a.tasks for ref in t.tools}
    assert labels["cutter"] == ""
    assert labels["old-splicer"] == "discontinued 2025-03"
    assert labels["house-cutbot"] == "in-house at Bigstudio"
    assert labels["stand-in-voice"] == "stands in for your own work"
    _assert_only_recommendable_adopted(a, tiny)


def test_substitute_link_yields_protect_advice_not_adopt(tiny: KnowledgePack) -> None:
    a = run(tiny, seniority="senior", employment="freelance")
    assert [x.tool.id for x in a.plan.substitutes] == ["stand-in-voice"]
    assert "stand-in-voice" not in {x.tool.id for x in a.plan.adopt_tools}
    protect = [x for x in a.plan.actions if x.kind == "protect"]
    assert any("stand-in-voice" in x.tools and "Voice Double" in x.text for x in protect)
    assert any("no-training clause" in x.text for x in protect)
    assert any("record of your human-made work" in x.text for x in protect)
    charge = [x for x in a.plan.actions if x.kind == "charge"]
    assert any("separate licence" in x.text for x in charge)
    for x in a.plan.actions:
        assert not (x.kind == "adopt" and "stand-in-voice" in x.tools)


def test_freelance_and_staff_plans_differ(tiny: KnowledgePack) -> None:
    free = run(tiny, seniority="junior", employment="freelance")
    staff = run(tiny, seniority="junior", employment="staff")
    free_text = " ".join(x.text for x in free.plan.actions)
    staff_text = " ".join(x.text for x in staff.plan.actions)
    assert free_text != staff_text
    assert "kit" in free_text and "by the deliverable" in free_text
    assert "training budget" in staff_text and "next review" in staff_text
    assert "by the deliverable" not in staff_text
    # The substitute link: a freelancer writes contracts, a staff member asks the employer.
    assert "no-training clause" in free_text and "Ask your clients" in free_text
    assert "Ask your employer in writing" in staff_text and "no-training clause" not in staff_text


def test_head_of_department_plan_is_about_the_department(
    make_pack: Callable[[dict[str, Any]], Path], tiny_files: dict[str, Any]
) -> None:
    role = tiny_files["roles/cutter-person.yaml"]
    role["seniority"].append("head")
    role["tasks"][0]["share"]["head"] = 0.3
    role["tasks"][1]["share"]["head"] = 0.7
    pack = load_pack([make_pack(tiny_files)], include_builtin=False)
    head = run(pack, seniority="head", employment="staff")
    text = " ".join(x.text for x in head.plan.actions)
    assert "Have your team pilot" in text and "department's AI rules" in text
    junior = run(pack, seniority="junior", employment="staff")
    assert "Have your team pilot" not in " ".join(x.text for x in junior.plan.actions)
    owner = run(pack, seniority="head", employment="owner")
    assert "company's AI rules" in " ".join(x.text for x in owner.plan.actions)


def test_tools_already_used_are_not_recommended(tiny: KnowledgePack) -> None:
    a = run(tiny, seniority="junior", tools=["  cutter "])
    assert a.plan.adopt_tools == []
    assert [x.tool.id for x in a.plan.already_use] == ["cutter"]
    assert a.plan.already_use[0].already_used
    assert any(
        x.text.startswith("You already have Auto Assembly in Cutter") for x in a.plan.actions
    )
    assert used_tools(["CUTTER"], tiny.tools.values()) == {"cutter"}
    assert used_tools(["cutt"], tiny.tools.values()) == set()
    # Naming the application covers the features the pack lists under its name.
    assert used_tools(["House"], tiny.tools.values()) == {"house-cutbot"}
    assert used_tools(["Voice"], tiny.tools.values()) == {"stand-in-voice"}
    assert used_tools(["Old", "AI"], tiny.tools.values()) == set()


def test_every_action_names_its_kind_phase_and_tasks(tiny: KnowledgePack) -> None:
    a = run(tiny, seniority="junior", employment="freelance")
    kinds = {x.kind for x in a.plan.actions}
    assert {"adopt", "protect", "charge", "stop", "learn"} <= kinds
    assert {x.phase for x in a.plan.actions} >= {"90-days", "6-months", "2-years"}
    own = {t.id for t in a.tasks}
    for x in a.plan.actions:
        assert set(x.tasks) <= own
    stop = next(x for x in a.plan.actions if x.kind == "stop")
    assert stop.tasks == ["cutter-person:cut"] and "cutter" in stop.tools
    order = [x.phase for x in a.plan.actions]
    assert order == sorted(order, key=("90-days", "6-months", "2-years").index)


def test_hybrid_names_the_person_s_skill_and_tool(tiny: KnowledgePack) -> None:
    a = run(tiny, seniority="junior")
    assert "cutting" in a.plan.hybrid and "Auto Assembly in Cutter" in a.plan.hybrid


def _ranges(a: Analysis) -> list[HourRange]:
    found = [x.time_effect for x in (*a.plan.adopt_tools, *a.plan.substitutes)]
    for bands in a.hours.bands.values():
        found += [bands.now, bands.in_2y, bands.in_5y]
    return found


@pytest.mark.parametrize("role", ["colorist", "rotoscope-artist", "voice-actor", "editor"])
def test_hour_ranges_are_whole_and_ordered(role: str) -> None:
    pack = builtin_pack()
    if role not in pack.roles:
        pytest.skip(f"{role} not in the pack")
    a = analyze({"roles": [role], "employment": "freelance"}, pack)
    for r in _ranges(a):
        assert isinstance(r.low, int) and isinstance(r.high, int)
        assert 0 <= r.low <= r.high <= a.hours.per_week
        assert "." not in r.text
    b = a.hours.bands["automated"].in_5y
    assert b.low <= a.hours.automated.in_5y <= b.high


def test_tiny_hour_ranges_hold_the_model_figures(tiny: KnowledgePack) -> None:
    a = run(tiny, seniority="junior")
    for r in _ranges(a):
        assert r.low <= r.high
    (adv,) = a.plan.adopt_tools
    # The cut task is 80 % of a 40-hour week; the tool cannot reach more than that.
    assert 0 < adv.time_effect.low < adv.time_effect.high <= 32
    for kind, figures in (
        ("automated", a.hours.automated),
        ("assisted", a.hours.assisted),
        ("untouched", a.hours.untouched),
    ):
        for key in ("now", "in_2y", "in_5y"):
            band = getattr(a.hours.bands[kind], key)
            assert band.low <= getattr(figures, key) <= band.high, (kind, key)


@pytest.mark.parametrize(
    ("low", "high", "text"),
    [
        (0.0, 0.0, "no time yet"),
        (0.2, 0.7, "under 1 h a week"),
        (1.2, 2.8, "1–3 h a week"),
        (3.0, 3.0, "about 3 h a week"),
        (5.48, 5.48, "5–6 h a week"),
    ],
)
def test_hour_range_is_rounded_outwards(low: float, high: float, text: str) -> None:
    r = hour_range(low, high)
    assert r.text == text and r.low <= low <= high <= r.high


def test_headline_has_no_false_precision(tiny: KnowledgePack) -> None:
    summary = run(tiny, seniority="junior").headline.summary
    assert "model estimate" in summary and "slow to fast" in summary
    assert "." not in summary.rstrip(".").replace("e.g.", "")


def test_sources_are_only_those_shown_with_their_sections(tiny: KnowledgePack) -> None:
    a = run(tiny, seniority="junior", employment="freelance")
    listed = {s.id: s.sections for s in a.sources}
    assert "SRC-UNUSED" not in listed
    assert "tasks" in listed["SRC-A"] and "plan" in listed["SRC-A"]
    assert all(sections for sections in listed.values())


def test_colorist_sources_are_fewer_than_every_path_s_evidence() -> None:
    a = analyze({"roles": ["colorist"], "seniority": "senior", "employment": "freelance"})
    listed = {s.id for s in a.sources}
    path_sources = {s for p in a.paths for s in p.evidence}
    task_sources = {s for t in a.tasks for s in t.sources}
    assert task_sources <= listed
    assert not path_sources <= listed or not path_sources, "paths cite the target's own sources"


def test_renderers_show_labels_and_escape_pack_text(
    make_pack: Callable[[dict[str, Any]], Path], tiny_files: dict[str, Any]
) -> None:
    tiny_files["tools/t.yaml"][2]["name"] = "[bold red]House[/] <b>Cutbot</b>"
    pack = load_pack([make_pack(tiny_files)], include_builtin=False)
    a = run(pack, seniority="junior", employment="freelance")
    md = markdown.render(a)
    assert "in-house at Bigstudio" in md and "discontinued 2025-03" in md
    assert "Know, price and protect" in md and "First 90 days" in md
    assert "<b>" not in md and "&lt;b&gt;" in md
    out = io.StringIO()
    terminal.render(a, Console(file=out, width=200, color_system=None), full=True)
    text = out.getvalue()
    assert "[bold red]House[/]" in text
    assert "Know, price and protect" in text and "First 90 days" in text
    assert text.index("Three things to do first") < text.index("Know, price and protect")
