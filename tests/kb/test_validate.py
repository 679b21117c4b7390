"""``kb check``: each kind of broken pack is refused with a precise message."""

from __future__ import annotations

from typing import Any

import pytest

from reelshift.errors import PackError
from reelshift.kb.loader import load_pack
from reelshift.kb.validate import check_pack


def problems_for(make_pack: Any, files: dict[str, Any]) -> list[str]:
    pack = load_pack([make_pack(files)], include_builtin=False)
    return [str(p) for p in check_pack(pack)]


def test_tiny_pack_is_sound(make_pack: Any, tiny_files: dict[str, Any]) -> None:
    assert problems_for(make_pack, tiny_files) == []


def test_dangling_capability(make_pack: Any, tiny_files: dict[str, Any]) -> None:
    tiny_files["roles/cutter-person.yaml"]["tasks"][0]["capabilities"][0]["id"] = "auto-kut"
    (problem,) = problems_for(make_pack, tiny_files)
    assert "cutter-person.yaml" in problem
    assert "task 'cut'" in problem
    assert "unknown capability 'auto-kut'" in problem


def test_dangling_skill_and_department(make_pack: Any, tiny_files: dict[str, Any]) -> None:
    role = tiny_files["roles/cutter-person.yaml"]
    role["department"] = "nowhere"
    role["tasks"][1]["skills"] = ["juggling"]
    problems = problems_for(make_pack, tiny_files)
    assert any("unknown department 'nowhere'" in p for p in problems)
    assert any("task 'talk'" in p and "unknown skill 'juggling'" in p for p in problems)


def test_dangling_tool_in_timeline(make_pack: Any, tiny_files: dict[str, Any]) -> None:
    tiny_files["capabilities/c.yaml"][0]["timeline"][1]["tools"] = ["ghost"]
    (problem,) = problems_for(make_pack, tiny_files)
    assert "capability 'auto-cut' timeline[1]" in problem and "unknown tool 'ghost'" in problem


def test_unknown_source_id(make_pack: Any, tiny_files: dict[str, Any]) -> None:
    tiny_files["tools/t.yaml"][0]["sources"] = ["SRC-Z"]
    (problem,) = problems_for(make_pack, tiny_files)
    assert "tool 'cutter'" in problem and "unknown source id 'SRC-Z'" in problem


def test_shares_not_adding_up(make_pack: Any, tiny_files: dict[str, Any]) -> None:
    tiny_files["roles/cutter-person.yaml"]["tasks"][0]["share"]["senior"] = 0.4
    (problem,) = problems_for(make_pack, tiny_files)
    assert "task shares for 'senior' add up to 1.100, not 1" in problem


def test_share_for_level_role_lacks(make_pack: Any, tiny_files: dict[str, Any]) -> None:
    tiny_files["roles/cutter-person.yaml"]["tasks"][0]["share"]["head"] = 0.5
    problems = problems_for(make_pack, tiny_files)
    assert any("share given for 'head'" in p for p in problems)


def test_timeline_dates_out_of_order(make_pack: Any, tiny_files: dict[str, Any]) -> None:
    tiny_files["capabilities/c.yaml"][0]["timeline"][1]["date"] = "2021-01"
    (problem,) = problems_for(make_pack, tiny_files)
    assert "timeline out of order: 2021-01 comes after 2022" in problem


def test_timeline_levels_out_of_order(make_pack: Any, tiny_files: dict[str, Any]) -> None:
    tiny_files["capabilities/c.yaml"][0]["timeline"][1]["level"] = "research"
    (problem,) = problems_for(make_pack, tiny_files)
    assert "level 'research' after 'demo'" in problem


def test_tool_after_pack_date(make_pack: Any, tiny_files: dict[str, Any]) -> None:
    tiny_files["tools/t.yaml"][0]["released"] = "2026-06"
    problems = problems_for(make_pack, tiny_files)
    assert any("released 2026-06, after the pack date 2026-01-01" in p for p in problems)


def test_shared_alias_must_be_marked(make_pack: Any, tiny_files: dict[str, Any]) -> None:
    other = dict(tiny_files["roles/cutter-person.yaml"], id="other-cutter", title="Other cutter")
    tiny_files["roles/other-cutter.yaml"] = other
    problems = problems_for(make_pack, tiny_files)
    assert any("alias 'cutter' also belongs to other-cutter" in p for p in problems)
    for path in ("roles/cutter-person.yaml", "roles/other-cutter.yaml"):
        tiny_files[path]["ambiguous_aliases"] = ["cutter", "film cutter"]
    assert problems_for(make_pack, tiny_files) == []


def test_role_without_sources(make_pack: Any, tiny_files: dict[str, Any]) -> None:
    role = tiny_files["roles/cutter-person.yaml"]
    role["sources"] = []
    role["tasks"][0]["sources"] = []
    (problem,) = problems_for(make_pack, tiny_files)
    assert "role 'cutter-person': role without sources" in problem


def test_duplicate_id_in_a_layer(make_pack: Any, tiny_files: dict[str, Any]) -> None:
    tiny_files["skills/more.yaml"] = [
        {"id": "cutting", "name": "Cutting again", "kind": "craft", "learn_months": 1}
    ]
    problems = problems_for(make_pack, tiny_files)
    assert any("skill 'cutting' is defined twice" in p for p in problems)


def test_schema_error_names_file_and_field(make_pack: Any, tiny_files: dict[str, Any]) -> None:
    tiny_files["roles/cutter-person.yaml"]["tasks"][0]["capabilities"][0]["weight"] = 1.5
    with pytest.raises(PackError) as info:
        load_pack([make_pack(tiny_files)], include_builtin=False)
    assert (
        "cutter-person.yaml: cutter-person: tasks.0.capabilities.0.weight" in info.value.problems[0]
    )


def test_bad_yaml_is_reported(make_pack: Any, tiny_files: dict[str, Any]) -> None:
    tiny_files["skills/broken.yaml"] = "- id: [unclosed\n"
    with pytest.raises(PackError) as info:
        load_pack([make_pack(tiny_files)], include_builtin=False)
    assert "broken.yaml: not valid YAML" in info.value.problems[0]


def test_bad_date_is_reported(make_pack: Any, tiny_files: dict[str, Any]) -> None:
    tiny_files["tools/t.yaml"][0]["released"] = "2024-13"
    with pytest.raises(PackError) as info:
        load_pack([make_pack(tiny_files)], include_builtin=False)
    assert "released" in info.value.problems[0] and "not a real date" in info.value.problems[0]


def test_overlay_replaces_and_adds(make_pack: Any, tiny_files: dict[str, Any]) -> None:
    base = make_pack(tiny_files)
    overlay = make_pack(
        {
            "tools/house.yaml": [
                {
                    "id": "house-cutter",
                    "name": "House cutter",
                    "vendor": "Our studio",
                    "released": "2025",
                    "capabilities": ["auto-cut"],
                    "price_tier": "enterprise",
                    "description": "Our in-house cutting tool.",
                    "sources": ["SRC-B"],
                    "availability": "in-house",
                    "status": {"state": "active"},
                    "runs_in": "standalone",
                }
            ]
        }
    )
    pack = load_pack([base, overlay], include_builtin=False)
    assert set(pack.tools) == {t["id"] for t in tiny_files["tools/t.yaml"]} | {"house-cutter"}
    assert check_pack(pack) == []


# --- Sources, tool facts and advice links (issue 9) ------------------------------------------


def test_source_without_a_locatable_url(make_pack: Any, tiny_files: dict[str, Any]) -> None:
    tiny_files["sources/s.yaml"][1]["url"] = "a GitHub file somewhere"
    (problem,) = problems_for(make_pack, tiny_files)
    assert "source 'SRC-B'" in problem and "cannot be located" in problem


def test_repo_reference_is_a_locatable_url(make_pack: Any, tiny_files: dict[str, Any]) -> None:
    tiny_files["sources/s.yaml"][1]["url"] = "repo: owner/name — data/file.csv"
    assert problems_for(make_pack, tiny_files) == []


def test_source_dated_after_the_pack(make_pack: Any, tiny_files: dict[str, Any]) -> None:
    tiny_files["sources/s.yaml"][0]["date"] = "2026-06"
    (problem,) = problems_for(make_pack, tiny_files)
    assert "source 'SRC-A'" in problem and "after the pack date" in problem


def test_status_change_after_the_pack_date(make_pack: Any, tiny_files: dict[str, Any]) -> None:
    tiny_files["tools/t.yaml"][1]["status"]["since"] = "2026-05"
    (problem,) = problems_for(make_pack, tiny_files)
    assert "tool 'old-splicer'" in problem and "after the pack date" in problem


def test_status_change_before_release(make_pack: Any, tiny_files: dict[str, Any]) -> None:
    tiny_files["tools/t.yaml"][1]["status"]["since"] = "2018"
    (problem,) = problems_for(make_pack, tiny_files)
    assert "tool 'old-splicer'" in problem and "before its release 2019" in problem


def test_superseded_by_itself(make_pack: Any, tiny_files: dict[str, Any]) -> None:
    tiny_files["tools/t.yaml"][1]["status"] = {
        "state": "superseded",
        "since": "2025",
        "superseded_by": "old-splicer",
        "sources": ["SRC-A"],
    }
    (problem,) = problems_for(make_pack, tiny_files)
    assert "must name another tool" in problem


def test_superseded_by_unknown_tool(make_pack: Any, tiny_files: dict[str, Any]) -> None:
    tiny_files["tools/t.yaml"][1]["status"] = {
        "state": "superseded",
        "since": "2025",
        "superseded_by": "new-splicer",
        "sources": ["SRC-A"],
    }
    (problem,) = problems_for(make_pack, tiny_files)
    assert "superseded by unknown tool 'new-splicer'" in problem


def test_non_active_status_needs_date_and_source(
    make_pack: Any, tiny_files: dict[str, Any]
) -> None:
    tiny_files["tools/t.yaml"][1]["status"] = {"state": "discontinued"}
    (problem,) = problems_for(make_pack, tiny_files)
    assert "status 'discontinued' needs the date" in problem


def test_tool_facts_are_required(make_pack: Any, tiny_files: dict[str, Any]) -> None:
    del tiny_files["tools/t.yaml"][0]["availability"]
    (problem,) = problems_for(make_pack, tiny_files)
    assert "tool 'cutter'" in problem and "'availability' is not stated" in problem


def test_advice_link_to_unknown_tool(make_pack: Any, tiny_files: dict[str, Any]) -> None:
    tiny_files["roles/cutter-person.yaml"]["tasks"][0]["tools"][0]["tool"] = "ghost-cutter"
    (problem,) = problems_for(make_pack, tiny_files)
    assert "tool link 'ghost-cutter'" in problem and "unknown tool" in problem


@pytest.mark.parametrize("drop", ["feature", "sources"])
def test_advice_link_needs_feature_and_source(
    make_pack: Any, tiny_files: dict[str, Any], drop: str
) -> None:
    tiny_files["roles/cutter-person.yaml"]["tasks"][0]["tools"][0].pop(drop)
    with pytest.raises(PackError) as info:
        problems_for(make_pack, tiny_files)
    assert f"tools.0.{drop}" in str(info.value)


def test_advice_link_with_unknown_source(make_pack: Any, tiny_files: dict[str, Any]) -> None:
    tiny_files["roles/cutter-person.yaml"]["tasks"][0]["tools"][0]["sources"] = ["SRC-Q"]
    (problem,) = problems_for(make_pack, tiny_files)
    assert "tool link 'cutter'" in problem and "unknown source id 'SRC-Q'" in problem


def test_craft_role_needs_three_tools_or_a_note(make_pack: Any, tiny_files: dict[str, Any]) -> None:
    """Only public, active, assist links count: the discontinued, in-house and substitute
    tools linked in the tiny pack do not."""
    del tiny_files["roles/cutter-person.yaml"]["tools_note"]
    (problem,) = problems_for(make_pack, tiny_files)
    assert "1 public, active AI-assisted tool(s)" in problem and "tools_note" in problem
