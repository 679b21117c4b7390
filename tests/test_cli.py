"""The ``reelshift`` command, run in-process with Typer's runner."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from reelshift.cli import app
from reelshift.models import Analysis

runner = CliRunner()


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_analyze_json_round_trips() -> None:
    code, out, _ = run("analyze", "--role", "colorist", "--json")
    assert code == 0
    analysis = Analysis.model_validate_json(out)
    data = json.loads(out)
    for key in (
        "schema_version",
        "profile",
        "headline",
        "tasks",
        "hours",
        "paths",
        "plan",
        "sources",
        "pack",
    ):
        assert key in data
    assert set(data["headline"]["bands"]) == {"slow", "expected", "fast"}
    assert analysis.roles[0].id == "colorist"


def test_analyze_terminal_report() -> None:
    code, out, _ = run("analyze", "--role", "rotoscope-artist", "--seniority", "junior")
    assert code == 0
    assert "High risk of disruption" in out
    assert "Three things to do first" in out and "--full" in out
    code, out, _ = run("analyze", "--role", "rotoscope-artist", "--seniority", "junior", "--full")
    assert code == 0
    assert "Your tasks" in out and "Paths" in out and "Action plan" in out


def test_analyze_free_text() -> None:
    code, out, _ = run("analyze", "freelance colourist", "--json")
    assert code == 0 and json.loads(out)["roles"][0]["id"] == "colorist"


def test_markdown_and_html_files(tmp_path: Path) -> None:
    md, html = tmp_path / "r.md", tmp_path / "r.html"
    code, _, _ = run("analyze", "--role", "editor", "--md", str(md), "--html", str(html))
    assert code == 0
    text = md.read_text()
    assert text.startswith("# ReelShift analysis: Picture editor") and "## Sources" in text
    page = html.read_text()
    assert "<!doctype html>" in page and "Your tasks" in page
    assert "http://" not in page.split("<body>")[0] and "<script" not in page
    # The stylesheet is the package's own and must reach the page unescaped.
    assert "&#34;" not in page.split("</style>")[0] and "font-family" in page


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("analyze", "--role", "colourist"), "unknown role id 'colourist'; closest: colorist"),
        (("analyze", "--role", "editor", "--seniority", "senoir"), "unknown seniority 'senoir'"),
        (("analyze", "   "), "the job title is empty"),
        (
            ("analyze", "--role", "editor", "--task", "qqq zzz xxyy"),
            "matches none of the known tasks",
        ),
        (
            ("analyze", "--role", "editor", "--scenario", "hyper"),
            "choose one of slow, expected, fast",
        ),
    ],
)
def test_bad_input_is_one_line_exit_2(args: tuple[str, ...], expected: str) -> None:
    code, out, err = run(*args)
    assert code == 2
    assert expected in err
    assert "Traceback" not in err + out
    assert len(err.strip().splitlines()) == 1


def test_outside_film_is_one_line_exit_4() -> None:
    code, out, err = run("analyze", "dental hygienist")
    assert code == 4
    assert "outside film and video" in err
    assert "Traceback" not in err + out
    assert len(err.strip().splitlines()) == 1


def test_ambiguous_json_exit_3() -> None:
    code, out, _ = run("analyze", "subtitler", "--json")
    assert code == 3
    data = json.loads(out)
    assert data["status"] == "ambiguous"
    assert {"captioner", "subtitle-translator"} <= {c["role"] for c in data["candidates"]}


def test_roles_json() -> None:
    code, out, _ = run("roles", "--json")
    assert code == 0
    roles = {r["id"]: r for r in json.loads(out)}
    assert roles["colorist"]["department"] == "post-production"
    assert len(roles["colorist"]["tasks"]) >= 8 and roles["colorist"]["aliases"]


def test_industry_json() -> None:
    code, out, _ = run("industry", "--json")
    assert code == 0
    rows = json.loads(out)["rows"]
    assert {r["role"] for r in rows} >= {"director", "colorist"}
    for r in rows:
        assert r["category"] in ("high_risk", "adaptive", "resilient")
        assert 0 <= r["exposure"]["now"] <= r["exposure"]["in_5y"] <= 1


def test_kb_check_and_stats() -> None:
    code, out, _ = run("kb", "check")
    assert code == 0 and "ok" in out
    code, out, _ = run("kb", "stats", "--json")
    stats = json.loads(out)
    assert stats["roles"] >= 22 and stats["capabilities"] >= 15 and stats["tools"] >= 25


def test_kb_check_fails_on_broken_overlay(tmp_path: Path) -> None:
    (tmp_path / "roles").mkdir()
    (tmp_path / "roles" / "x.yaml").write_text(
        "id: x-role\ntitle: X\ndepartment: post-production\n"
        "description: A role that is broken on purpose.\n"
        "soc: {codes: []}\nseniority: [mid]\nsources: [NOPE]\ntasks:\n"
        "  - id: t\n    statement: Does one thing all day long.\n    share: {mid: 0.5}\n"
        "    human: {}\n    human_core: Nothing at all here.\n    skills: [compositing]\n"
    )
    code, _, err = run("kb", "check", "--pack", str(tmp_path))
    assert code == 1
    assert "unknown source id 'NOPE'" in err and "add up to 0.500, not 1" in err


def test_schema_command() -> None:
    code, out, _ = run("schema")
    assert code == 0
    schema = json.loads(out)
    assert schema["title"] == "Analysis"
    assert {"headline", "tasks", "paths"} <= set(schema["properties"])


def test_goal_sector_and_tools_reach_the_analysis() -> None:
    code, out, _ = run(
        "analyze", "--role", "editor", "--goal", "build-business", "--sector", "documentary",
        "--tool", "Descript", "--json",
    )  # fmt: skip
    assert code == 0
    data = json.loads(out)
    assert data["profile"]["goal"] == "build-business"
    assert data["profile"]["sector"] == "documentary"
    assert data["paths"][0]["kind"] == "owner"
    assert all(x["tool"]["name"] != "Descript" for x in data["plan"]["adopt_tools"])


def test_bad_goal_names_the_closest() -> None:
    code, _, err = run("analyze", "--role", "editor", "--goal", "biz")
    assert code == 2 and "closest: build-business" in err


def test_version() -> None:
    code, out, _ = run("--version")
    assert code == 0 and out.startswith("reelshift ") and "knowledge pack" in out
