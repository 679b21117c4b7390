"""Rough edges a new user hits at the command line: markup in input and errors, odd input,
messages that name the option, folders, a missing pack, the web extra, start-up imports."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from reelshift.cli import app

runner = CliRunner()


def run(*args: str) -> tuple[int, str, str, BaseException | None]:
    result = runner.invoke(app, list(args))
    exc = result.exception if not isinstance(result.exception, SystemExit) else None
    return result.exit_code, result.stdout, result.stderr, exc


@pytest.mark.parametrize(
    "args",
    [
        ("[/x]",),
        ("[bold]colourist[/bold]",),
        ("--role", "colorist", "--task", "[/x]"),
        ("--role", "colorist", "--task", "x" * 500),
        ("--role", "colorist", "--task", "\u200b\u200b\u2060"),
        ("--role", "colorist", "--tool", "[/x]"),
    ],
)
def test_no_input_ends_in_a_traceback(args: tuple[str, ...]) -> None:
    code, _, _, exc = run("analyze", *args)
    assert exc is None, repr(exc)
    assert code in (0, 2, 3, 4, 5, 6)


def test_markup_in_user_text_is_printed_as_written() -> None:
    code, _, err, _ = run("analyze", "--role", "[x]")
    assert code == 2 and "[x]" in err
    code, _, err, _ = run("analyze", "--role", "colorist", "--task", "[bold]grade[/bold]=30%")
    assert code == 2 and "[bold]grade[/bold]" in err  # quoted back exactly as typed


def test_messages_name_the_option() -> None:
    code, _, err, _ = run("analyze", "--role", "colorist", "--hours", "500")
    assert code == 2
    assert "--hours" in err and "hours_per_week" not in err


def test_kb_doc_creates_the_folder(tmp_path: Path) -> None:
    target = tmp_path / "new" / "docs" / "roles.md"
    code, _, _, exc = run("kb", "doc", "--out", str(target))
    assert exc is None and code == 0
    assert target.read_text(encoding="utf-8").startswith("#")


def test_a_missing_pack_folder_is_bad_input(tmp_path: Path) -> None:
    code, _, err, _ = run("kb", "check", "--pack", str(tmp_path / "nope"))
    assert code == 2 and "nope" in err
    code, _, _, _ = run("analyze", "--role", "editor", "--pack", str(tmp_path / "nope"))
    assert code == 2


def test_serve_without_the_web_extra_says_how_to_install_it(tmp_path: Path) -> None:
    # A folder earlier on the path whose uvicorn and fastapi cannot be imported: what a Python
    # without the web extra sees.
    for name in ("uvicorn", "fastapi"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "__init__.py").write_text(
            f"raise ModuleNotFoundError('No module named {name}', name='{name}')\n"
        )
    env = {**os.environ, "PYTHONPATH": str(tmp_path)}
    done = subprocess.run(
        [sys.executable, "-m", "reelshift", "serve", "--port", "1"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert done.returncode == 2
    assert "pip install" in done.stderr and "Traceback" not in done.stderr + done.stdout


def test_help_does_not_load_the_engine() -> None:
    # `reelshift --help` and argument errors answer before the analysis engine (NumPy, the
    # models, the pack loader) is imported: see BENCHMARKS.md, "Command start-up".
    code = (
        "import sys, json; import reelshift.cli;"
        "print(json.dumps(sorted(m for m in sys.modules if m.startswith(('numpy', 'reelshift.'))"
        ")))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    loaded = set(json.loads(done.stdout))
    heavy = {"numpy", "reelshift.models", "reelshift.kb.loader", "reelshift.api"}
    assert not loaded & heavy, sorted(loaded & heavy)


def test_cli_choices_are_the_model_s() -> None:
    import importlib
    from typing import get_args

    from reelshift.kb.schema import Seniority
    from reelshift.models import Employment, Goal, Scenario, Sector

    cli = importlib.import_module("reelshift.cli.app")
    assert tuple(s.value for s in Seniority) == cli.SENIORITIES
    assert get_args(Employment) == cli.EMPLOYMENTS
    assert get_args(Scenario) == cli.SCENARIOS
    assert get_args(Goal) == cli.GOALS
    assert get_args(Sector) == cli.SECTORS


def test_full_adds_every_section_to_the_summary() -> None:
    code, short, _, _ = run("analyze", "--role", "colorist")
    assert code == 0 and "Three things to do first" in short and "Your tasks" not in short
    code, full, _, _ = run("analyze", "--role", "colorist", "--full")
    assert code == 0 and "Your tasks" in full and "Action plan" in full
