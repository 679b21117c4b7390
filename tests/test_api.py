"""``reelshift.analyze``: complete, consistent and traceable analyses; clear input errors."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from reelshift import (
    AmbiguousRoleError,
    InputError,
    PackError,
    UnknownRoleError,
    analyze,
    builtin_pack,
)
from reelshift.models import Analysis, Profile

REQUIRED_ROLES = [
    "vfx-artist", "rotoscope-artist", "compositor", "concept-artist", "stock-footage-researcher",
    "videographer", "editor", "production-designer", "director", "director-of-photography",
    "vfx-supervisor", "screenwriter", "colorist", "captioner", "subtitle-translator", "qc-operator",
    "re-recording-mixer", "sound-designer", "first-assistant-camera", "ai-workflow-architect",
    "prompt-engineering-specialist", "ai-quality-assurance", "hybrid-production-artist",
]  # fmt: skip


@pytest.fixture(scope="module")
def colorist() -> Analysis:
    return analyze({"roles": ["colorist"], "seniority": "senior", "hours_per_week": 45})


def test_shares_and_hours_add_up(colorist: Analysis) -> None:
    assert sum(t.share for t in colorist.tasks) == pytest.approx(1.0, abs=1e-3)
    h = colorist.hours
    for key in ("now", "in_2y", "in_5y"):
        total = getattr(h.automated, key) + getattr(h.assisted, key) + getattr(h.untouched, key)
        assert total == pytest.approx(45, abs=0.05)


def test_headline_is_the_share_weighted_sum_of_tasks(colorist: Analysis) -> None:
    for kind in ("exposure", "automation", "augmentation"):
        weighted = sum(t.share * getattr(t, kind).in_5y for t in colorist.tasks)
        assert getattr(colorist.headline, kind).in_5y == pytest.approx(weighted, abs=1e-3)


def test_bands_are_ordered(colorist: Analysis) -> None:
    b = colorist.headline.bands
    assert b["slow"].exposure.in_5y <= b["expected"].exposure.in_5y <= b["fast"].exposure.in_5y
    assert b["slow"].exposure.now == pytest.approx(b["fast"].exposure.now)


def test_every_number_traces_to_pack_entries(colorist: Analysis) -> None:
    pack = builtin_pack()
    listed = {s.id for s in colorist.sources}
    for task in colorist.tasks:
        _, known = pack.task(task.id)
        assert {c.id for c in task.capabilities} == {link.id for link in known.capabilities}
        linked = {(lk.tool, lk.feature) for lk in known.tools if lk.tool in pack.tools}
        assert {(t.id, t.feature) for t in task.tools} == linked, "tools only through links"
        for tool in task.tools:
            assert set(tool.sources) <= set(task.sources)
        for cap in task.capabilities:
            assert cap.sources and set(cap.sources) <= set(task.sources)
        assert set(task.sources) <= listed
    assert listed <= set(pack.sources)
    assert colorist.pack.version == pack.meta.version


def test_paths_include_the_next_level_and_fitting_businesses(colorist: Analysis) -> None:
    # A senior colourist: the next level of the craft first, then businesses that grow out of
    # grading (AI-era roles only with a real foothold, which a senior grade mix lacks).
    kinds = {p.kind for p in colorist.paths}
    assert colorist.paths[0].kind == "deepen" and "owner" in kinds
    for p in colorist.paths:
        assert p.why and p.first_steps
        if p.kind != "deepen":
            assert p.target != "colorist"
    assert colorist.plan.actions and colorist.plan.human_skills and colorist.plan.communities


@pytest.mark.parametrize("role", REQUIRED_ROLES)
def test_every_required_role_analyses(role: str) -> None:
    a = analyze({"roles": [role]})
    assert a.roles[0].id == role
    assert len(a.tasks) >= 8
    assert a.headline.category in ("high_risk", "adaptive", "resilient")
    assert a.sources


def test_title_is_matched_and_words_recorded() -> None:
    a = analyze({"title": "freelance colourist, mostly commercials"})
    assert a.roles[0].id == "colorist"
    assert a.profile.employment == "freelance"


def test_sector_from_title_and_description_alone() -> None:
    a = analyze({"title": "freelance colourist, mostly commercials"})
    assert (a.profile.employment, a.profile.sector) == ("freelance", "commercials")
    b = analyze({"description": "I do roto and paint on features"})
    assert b.roles[0].id == "rotoscope-artist" and b.profile.sector == "features"


def test_seniority_from_title() -> None:
    a = analyze({"title": "junior roto artist"})
    assert a.roles[0].id == "rotoscope-artist"
    assert a.roles[0].seniority_used.value == "junior"


def test_own_tasks_restrict_the_mix() -> None:
    a = analyze({"roles": ["editor"], "tasks": [{"text": "temp music and sound for the cut"}]})
    assert len(a.tasks) == 1 and a.tasks[0].share == pytest.approx(1.0)
    assert a.tasks[0].id == "editor:temp-sound-music"
    assert a.tasks[0].matched_from == "temp music and sound for the cut"


def test_unknown_role_id_names_closest() -> None:
    with pytest.raises(UnknownRoleError) as info:
        analyze({"roles": ["colourist"]})
    assert "colorist" in info.value.choices
    assert "unknown role id 'colourist'" in str(info.value)


def test_non_film_title_is_unknown() -> None:
    with pytest.raises(UnknownRoleError):
        analyze({"title": "dental hygienist"})


def test_ambiguous_title_lists_candidates() -> None:
    with pytest.raises(AmbiguousRoleError) as info:
        analyze({"title": "subtitler"})  # same-language captioner or translator
    assert {"captioner", "subtitle-translator"} <= set(info.value.choices)


def test_task_matching_nothing_is_an_error() -> None:
    with pytest.raises(InputError) as info:
        analyze({"roles": ["colorist"], "tasks": [{"text": "qqq zzz xxyy"}]})
    assert "matches none of the known tasks of colorist" in str(info.value)


def test_empty_profile_is_refused() -> None:
    with pytest.raises(ValueError, match="describe the work"):
        Profile()


def test_control_characters_are_dropped() -> None:
    p = Profile(title="colo\x1b[31mrist\x07")
    assert p.title is not None and "\x1b" not in p.title and "\x07" not in p.title


def test_overlay_pack_directory_adds_a_role(tmp_path: Path) -> None:
    role = {
        "id": "house-cutter",
        "title": "House cutter",
        "department": "post-production",
        "description": "Our studio's own editing role, defined in our own pack.",
        "aliases": ["in-house cutter"],
        "soc": {"codes": ["27-4032.00"]},
        "seniority": ["mid"],
        "sources": ["FRAMEIO-STT"],
        "tasks": [
            {
                "id": f"task-{i}",
                "statement": f"Cut programme segment number {i} from transcripts.",
                "share": {"mid": 0.125},
                "capabilities": [{"id": "edit-assembly", "weight": 0.5}],
                "human": {"judgement": 0.5},
                "human_core": "Choosing what the segment is about.",
                "skills": ["editing-assembly"],
                # An organisation's pack links built-in tools to its own tasks.
                "tools": [
                    {
                        "tool": "premiere-speech-to-text",
                        "feature": "Speech to Text",
                        "effect": "assist",
                        "sources": ["FRAMEIO-STT"],
                    }
                ],
            }
            for i in range(8)
        ],
    }
    (tmp_path / "roles").mkdir()
    (tmp_path / "roles" / "house-cutter.yaml").write_text(yaml.safe_dump(role))
    with pytest.raises(UnknownRoleError):
        analyze({"roles": ["house-cutter"]})
    a = analyze({"roles": ["house-cutter"]}, pack=tmp_path)
    assert a.roles[0].id == "house-cutter" and len(a.tasks) == 8
    assert a.tasks[0].tools[0].id == "premiere-speech-to-text", "built-in tools reach its tasks"


def test_broken_overlay_is_a_pack_error(tmp_path: Path) -> None:
    (tmp_path / "tools").mkdir()
    (tmp_path / "tools" / "x.yaml").write_text("- id: [broken\n")
    with pytest.raises(PackError):
        analyze({"roles": ["editor"]}, pack=[tmp_path])
