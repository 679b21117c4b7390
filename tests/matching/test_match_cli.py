"""``reelshift match``: JSON lines, --file, exit codes, and nothing unsafe echoed."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from reelshift.cli import app
from reelshift.models import MatchResult

runner = CliRunner()


def run(*args: str, stdin: str | None = None) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args), input=stdin)
    return result.exit_code, result.stdout, result.stderr


def test_json_is_one_object_per_query_in_order() -> None:
    code, out, _ = run("match", "--json", "boom op", "DI colourist", "1st AC")
    assert code == 0
    lines = out.strip().splitlines()
    results = [MatchResult.model_validate_json(line) for line in lines]
    assert [r.candidates[0].role for r in results] == [
        "boom-operator",
        "colorist",
        "first-assistant-camera",
    ]
    assert all(r.status == "confident" for r in results)


def test_file_reads_one_query_per_line(tmp_path: Path) -> None:
    path = tmp_path / "titles.txt"
    path.write_text("gaffer\n\n  key grip  \r\ndental hygienist\n", encoding="utf-8")
    code, out, _ = run("match", "--json", "--file", str(path))
    rows = [json.loads(line) for line in out.strip().splitlines()]
    assert [r["query"] for r in rows] == ["gaffer", "key grip", "dental hygienist"]
    assert [r["status"] for r in rows] == ["confident", "confident", "unknown"]
    assert rows[2]["reason"] == "outside-film"
    assert code == 4  # one query is work outside film and video


def test_file_from_stdin() -> None:
    code, out, _ = run("match", "--json", "--file", "-", stdin="colourist\nsubtitler\n")
    assert [json.loads(line)["status"] for line in out.strip().splitlines()] == [
        "confident",
        "ambiguous",
    ]
    assert code == 3


def test_terminal_output_names_status_candidates_and_extras() -> None:
    code, out, _ = run("match", "senior freelance colourist, shot matching, I use Resolve")
    assert code == 0
    assert "CONFIDENT" in out and "colorist" in out and "27-4032.00" in out
    assert "seniority: senior" in out and "employment: freelance" in out
    assert "resolve" in out and "colorist:balance-match" in out


def test_outside_film_is_said_plainly_exit_4() -> None:
    code, out, _ = run("match", "dental hygienist")
    assert code == 4
    assert "UNKNOWN" in out and "outside film and video" in out
    # no film role is offered as if it fitted
    assert "crafts" not in out and "candidates" not in out


def test_film_work_not_covered_names_the_nearest_crafts_exit_5() -> None:
    code, out, _ = run("match", "projectionist at a cinema")
    assert code == 5
    assert "does not cover yet" in out and "nearest crafts" in out


def test_unreadable_text_exit_6() -> None:
    for text in ("😀😀😀", "こんにちは世界", "#### !!!"):
        code, out, _ = run("match", text)
        assert code == 6, text
        assert "could not be read" in out


def test_understood_sentence_and_context_in_the_terminal() -> None:
    code, out, _ = run("match", "I grade commercials and music videos in Resolve, 20 years in")
    assert code == 0
    assert "Read as colourist (DI and grading), senior, commercials, uses Resolve" in out
    assert "years: 20" in out


def test_hybrid_is_analysed_as_a_mix() -> None:
    code, out, _ = run("match", "--json", "mostly editing, sometimes colour grading")
    assert code == 0
    data = json.loads(out)
    assert [(m["role"], m["share"]) for m in data["mix"]] == [("editor", 0.8), ("colorist", 0.2)]
    assert data["confidence"] > 0


def test_analyze_prints_what_was_understood() -> None:
    code, out, err = run("analyze", "senior colourist on commercials, I use Resolve", "--json")
    assert code == 0
    profile = json.loads(out)["profile"]
    assert profile["roles"] == ["colorist"] and profile["seniority"] == "senior"
    assert profile["sector"] == "commercials" and "Resolve" in profile["tools"]
    code, _, err = run("analyze", "senior colourist on commercials", "--md", "/dev/null")
    assert code == 0 and "Read as colourist" in err


def test_analyze_with_role_keeps_what_the_text_said() -> None:
    code, out, _ = run(
        "analyze", "20 years in, freelance, commercials in London", "--role", "gaffer", "--json"
    )
    assert code == 0
    profile = json.loads(out)["profile"]
    assert profile["roles"] == ["gaffer"]
    assert profile["seniority"] == "senior" and profile["employment"] == "freelance"
    assert profile["sector"] == "commercials" and profile["region"] == "London, UK"


def test_bad_input_is_a_one_line_error_exit_2(tmp_path: Path) -> None:
    for args, expected in [
        (("match", "  "), "the query is empty"),
        (("match",), "give a job title"),
        (("match", "--file", str(tmp_path / "nope.txt")), "no such file"),
        (("match", "--file", str(tmp_path)), "is a folder"),
    ]:
        code, out, err = run(*args)
        assert code == 2, args
        assert expected in err and "Traceback" not in out + err
        assert len(err.strip().splitlines()) == 1
    empty = tmp_path / "empty.txt"
    empty.write_text("\n\n")
    code, _, err = run("match", "--file", str(empty))
    assert code == 2 and "has no queries" in err


def test_control_characters_never_reach_the_terminal(tmp_path: Path) -> None:
    evil = "boom op\x1b]0;pwned\x07\x1b[2J on indie\u202e stuff"
    _, out, err = run("match", evil)
    assert "\x1b" not in out + err and "\x07" not in out + err and "\u202e" not in out + err
    _, out, _ = run("match", "--json", evil)
    assert "\x1b" not in out and "\\u001b" not in out
    path = tmp_path / "q.txt"
    path.write_bytes(b"gaffer\xff\xfe\x1b[31m\n")
    _, out, err = run("match", "--file", str(path))
    assert "\x1b" not in out + err and "gaffer" in out


def test_analyze_ambiguous_json_still_exit_3() -> None:
    code, out, _ = run("analyze", "subtitler", "--json")
    assert code == 3
    data = json.loads(out)
    assert data["status"] == "ambiguous"
    assert {"captioner", "subtitle-translator"} <= {c["role"] for c in data["candidates"]}


def test_analyze_outside_film_and_not_covered_have_their_own_exit_codes() -> None:
    code, _, err = run("analyze", "dental hygienist")
    assert code == 4
    assert "outside film and video" in err and "nearest crafts" not in err
    code, out, _ = run("analyze", "projectionist at a cinema", "--json")
    assert code == 5
    data = json.loads(out)
    assert data["reason"] == "not-covered" and data["candidates"]
    for text in ("你好世界", "asdf qwrt zxcv"):
        code, out, _ = run("analyze", text, "--json")
        assert code == 6 and json.loads(out)["reason"] == "unreadable", text
    # a title with no word character at all is not a profile: bad input
    code, _, err = run("analyze", "😀😀😀")
    assert code == 2 and "describe the work" in err


def test_numbered_choices_at_the_terminal() -> None:
    """What a person types at the prompt: one number, or several for a mix."""
    from reelshift.cli.app import parse_choice

    assert parse_choice("2", 3) == [1]
    assert parse_choice("1, 3", 3) == [0, 2]
    assert parse_choice("1 and 2", 2) == [0, 1]
    assert parse_choice("4", 3) is None
    assert parse_choice("colourist", 3) is None
