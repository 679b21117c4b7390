"""The default reports stay short: a terminal summary of about one screen, a PDF of at most four
pages; the full versions carry the rest."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from rich.console import Console

import reelshift
from reelshift.models import Analysis
from reelshift.render import markdown, terminal

# A spread of crafts: a long task list, a hybrid of two roles, an owner, a performer.
PROFILES = [
    {"roles": ["colorist"], "seniority": "senior", "employment": "freelance"},
    {"roles": ["editor", "colorist"], "seniority": "mid"},
    {"roles": ["production-coordinator"], "seniority": "junior", "employment": "staff"},
    {"roles": ["voice-actor"], "goal": "build-business"},
    {"roles": ["post-house-owner"], "employment": "owner", "seniority": "head"},
]


def _terminal(a: Analysis, full: bool) -> list[str]:
    out = io.StringIO()
    terminal.render(a, Console(file=out, width=100, color_system=None), full=full)
    return out.getvalue().splitlines()


@pytest.mark.parametrize("profile", PROFILES, ids=lambda p: "+".join(p["roles"]))
def test_default_terminal_report_fits_a_screen(profile: dict[str, object]) -> None:
    a = reelshift.analyze(profile)
    lines = _terminal(a, full=False)
    assert len(lines) <= 45, f"{len(lines)} lines"
    text = "\n".join(lines)
    assert "Three things to do first" in text and "How sure" in text
    assert "--full" in text
    full = _terminal(a, full=True)
    assert len(full) > len(lines) + 40
    assert "Your tasks" in "\n".join(full)


@pytest.mark.parametrize("profile", PROFILES, ids=lambda p: "+".join(p["roles"]))
def test_no_ellipsis_in_user_facing_text(profile: dict[str, object]) -> None:
    a = reelshift.analyze(profile)
    # sources keep their own titles (a video may be called "VFX… why are you like this?")
    report = markdown.render(a).split("## Sources")[0]
    text = report + "\n".join(_terminal(a, full=True)).split(" sources behind this report")[0]
    assert "…" not in text
    # a/an by sound: an editor, an AI workflow architect, an FX artist, a unit driver
    wrong = re.findall(r"\b[Aa] (?:[aeiAEI][a-z]+|AI|FX|LED|SFX|MA)\b|\ban (?:unit|user)\b", text)
    assert not wrong, wrong


def _pages(pdf: Path) -> int:
    out = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
    line = next(x for x in out.stdout.splitlines() if x.startswith("Pages:"))
    return int(line.split()[-1])


@pytest.mark.skipif(
    shutil.which("pdfinfo") is None, reason="needs pdfinfo (apt-get install poppler-utils)"
)
@pytest.mark.parametrize("profile", PROFILES, ids=lambda p: "+".join(p["roles"]))
def test_default_pdf_is_at_most_four_pages(profile: dict[str, object], tmp_path: Path) -> None:
    from reelshift.render import pdf

    if not pdf.available():
        pytest.skip("PDF output needs WeasyPrint and Pango (the web extra)")
    a = reelshift.analyze(profile)
    short, full = tmp_path / "short.pdf", tmp_path / "full.pdf"
    short.write_bytes(pdf.render(a))
    full.write_bytes(pdf.render(a, full=True))
    assert _pages(short) <= 4
    assert _pages(full) > _pages(short)
    if shutil.which("pdftotext"):
        text = subprocess.run(
            ["pdftotext", str(full), "-"], capture_output=True, text=True, check=True
        ).stdout
        assert "Appendix: sources by section" in text
