"""What changed: pack diffs, analysis diffs, the pack history and `reelshift diff`."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from reelshift import analyze
from reelshift.changes import (
    PackDiff,
    changes_since,
    diff_analyses,
    diff_packs,
    read_history,
)
from reelshift.cli import app
from reelshift.kb.loader import load_pack
from reelshift.render.changes import analysis_diff_markdown, changelog_markdown, pack_diff_markdown

ROOT = Path(__file__).resolve().parent.parent
OLD_ANALYSIS = Path(__file__).parent / "data" / "analysis-1.0-colorist.json"


def _newer(files: dict[str, Any]) -> dict[str, Any]:
    """The tiny pack, changed in every way a pack diff reports."""
    new = copy.deepcopy(files)
    new["pack.yaml"]["version"] = "0.0.2"
    cap = new["capabilities/c.yaml"][0]
    cap["timeline"].append(
        {
            "level": "commodity",
            "date": "2025-06",
            "evidence": "Bundled in every editing tool.",
            "sources": ["SRC-B"],
        }
    )
    cap["outlook"] = {
        "years_per_level": {"slow": 6, "expected": 2, "fast": 1},
        "ceiling": 0.5,
        "held_back_by": ["quality"],
        "reasoning": "A made-up outlook for the tiny pack's capability.",
    }
    tools = new["tools/t.yaml"]
    tools[0]["version"] = "1.5"
    tools[0]["status"] = {
        "state": "superseded",
        "since": "2025-06",
        "superseded_by": "cutter-2",
        "sources": ["SRC-B"],
    }
    tools.append(
        {
            **copy.deepcopy(tools[0]),
            "id": "cutter-2",
            "name": "Cutter 2",
            "released": "2025-06",
            "status": {"state": "active"},
            "version": "2.1",
        }
    )
    new["guilds/g.yaml"] = [
        {
            "id": "cutters-2025",
            "guild": "Cutters Guild",
            "agreement": "2025 Agreement",
            "ratified": "2025-05",
            "roles": ["cutter-person"],
            "terms": [{"text": "Cutting may not be handed to a machine.", "sources": ["SRC-A"]}],
        }
    ]
    role = new["roles/cutter-person.yaml"]
    role["tasks"][0]["tools"] = [
        {"tool": "cutter-2", "feature": "Auto Assembly", "effect": "assist", "sources": ["SRC-B"]}
    ]
    role["tasks"][1]["share"] = {"junior": 0.1, "senior": 0.6}
    role["tasks"].append(
        {
            "id": "deliver",
            "statement": "Export and deliver the finished programme to the client.",
            "share": {"junior": 0.1, "senior": 0.1},
            "human": {"accountability": 0.5},
            "human_core": "Answering for what is delivered.",
            "skills": ["cutting"],
        }
    )
    new["occupations/o.yaml"] = [
        {
            "soc": "27-4032",
            "title": "Film and Video Editors",
            "employment_2024": 1000,
            "sources": ["SRC-A"],
        }
    ]
    return new


def test_pack_diff_reports_every_kind_of_change(
    tiny_files: dict[str, Any], make_pack: Callable[[dict[str, Any]], Path]
) -> None:
    old = load_pack([make_pack(tiny_files)], include_builtin=False)
    new = load_pack([make_pack(_newer(tiny_files))], include_builtin=False)
    diff = diff_packs(old, new)
    kinds = {c.kind for c in diff.changes}
    assert {
        "tool-added",
        "tool-status",
        "tool-version",
        "capability-point",
        "capability-outlook",
        "agreement-added",
        "task-added",
        "task-changed",
        "advice-link",
        "occupation-figures",
        "role-figures",
    } <= kinds
    status = next(c for c in diff.changes if c.kind == "tool-status")
    assert "superseded by Cutter 2" in status.text and status.roles == ["cutter-person"]
    text = pack_diff_markdown(diff)
    assert "Tool status" in text and "Cutters Guild" in text
    assert diff_packs(new, new).changes == []


def test_analysis_diff_explains_each_difference(
    tiny_files: dict[str, Any], make_pack: Callable[[dict[str, Any]], Path]
) -> None:
    old_pack = load_pack([make_pack(tiny_files)], include_builtin=False)
    new_pack = load_pack([make_pack(_newer(tiny_files))], include_builtin=False)
    profile = {"roles": ["cutter-person"], "seniority": "junior"}
    before = analyze(profile, pack=old_pack).model_dump(mode="json")
    after = analyze(profile, pack=new_pack).model_dump(mode="json")
    diff = diff_analyses(before, after, diff_packs(old_pack, new_pack).changes)
    assert not diff.unchanged
    cut = next(t for t in diff.tasks if t.task == "cutter-person:cut")
    assert cut.status == "changed" and cut.figures
    assert any("commodity level dated 2025-06" in b for b in cut.because)
    added = next(t for t in diff.tasks if t.task == "cutter-person:deliver")
    assert added.status == "added"
    assert diff.agreements_added == ["cutters-2025"]
    assert any(c.kind == "agreement-added" for c in diff.explained_by)
    text = analysis_diff_markdown(diff)
    assert "because:" in text
    same = diff_analyses(after, after)
    assert same.unchanged and "Nothing in this analysis changed" in analysis_diff_markdown(same)


def test_an_analysis_saved_under_schema_1_0_can_still_be_compared() -> None:
    old = json.loads(OLD_ANALYSIS.read_text(encoding="utf-8"))
    assert old["schema_version"] == "1.0"
    new = analyze({"roles": ["colorist"], "seniority": "mid"}).model_dump(mode="json")
    diff = diff_analyses(old, new, changes_since("reelshift-builtin 0.1.0"))
    assert diff.old_schema == "1.0" and diff.old_pack == "reelshift-builtin 0.1.0"
    assert {t.task for t in diff.tasks} <= {t["id"] for t in old["tasks"]} | {
        t["id"] for t in new["tasks"]
    }


def test_cli_diff_reruns_an_old_analysis_and_rejects_bad_files(tmp_path: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(app, ["diff", str(OLD_ANALYSIS), "--json"])
    assert result.exit_code == 0, result.output
    payload = json.loads(result.output)
    assert payload["old_pack"] == "reelshift-builtin 0.1.0"
    bad = tmp_path / "bad.json"
    bad.write_text("[1, 2", encoding="utf-8")
    result = runner.invoke(app, ["diff", str(bad)])
    assert result.exit_code == 2 and "not a JSON analysis" in result.output
    other = tmp_path / "other.json"
    other.write_text('{"hello": "world"}', encoding="utf-8")
    result = runner.invoke(app, ["diff", str(other)])
    assert result.exit_code == 2 and "not a ReelShift analysis" in result.output


def test_history_explains_changes_since_a_release() -> None:
    history = read_history()
    assert history, "the built-in pack's history is empty; run reelshift kb changelog"
    first = history[0]
    assert changes_since(first.old, history) == [c for d in history for c in d.changes]
    assert changes_since(history[-1].new, history) == []
    fake = PackDiff(old="x 1", new="x 2", old_as_of="2026", new_as_of="2026", changes=[])
    assert changes_since("x 1", [fake]) == []


def test_changelog_doc_is_current() -> None:
    doc = (ROOT / "docs" / "changelog-pack.md").read_text(encoding="utf-8")
    assert doc == changelog_markdown(read_history()), (
        "docs/changelog-pack.md is stale: run reelshift kb changelog --old <previous pack dir>"
    )
