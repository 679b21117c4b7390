"""PDF reports: rendered by WeasyPrint, read back with pdftotext."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import httpx
import pytest

import reelshift
from reelshift.render import pdf

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "web"

pytestmark = pytest.mark.skipif(
    not pdf.available(),
    reason="WeasyPrint or its system libraries (Pango) are missing; .ci/run installs them",
)

needs_pdftotext = pytest.mark.skipif(
    shutil.which("pdftotext") is None,
    reason="pdftotext not installed (apt-get install poppler-utils; .ci/run installs it)",
)


def pdf_text(data: bytes, tmp_path: Path) -> str:
    path = tmp_path / "report.pdf"
    path.write_bytes(data)
    out = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True)
    return flat(out.stdout)


def flat(text: str) -> str:
    """Whitespace collapsed, and words hyphenated across lines joined again."""
    return re.sub(r"(\w)- (\w)", r"\1-\2", " ".join(text.split()))


def words(text: str, n: int = 6) -> str:
    return flat(" ".join(text.split()[:n]))


@needs_pdftotext
def test_pdf_has_headline_tasks_and_paths(tmp_path: Path) -> None:
    a = reelshift.analyze({"roles": ["rotoscope-artist"], "seniority": "junior"})
    data = pdf.render(a)
    assert data.startswith(b"%PDF-")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "rotoscope-artist-junior.pdf").write_bytes(data)
    text = pdf_text(data, tmp_path)
    assert a.headline.label in text
    assert "Three things to do first" in text and "How sure this is" in text
    # pdftotext joins a word hyphenated at a line end without its hyphen ("hand-made" ->
    # "handmade"): words are compared without hyphens.
    vocabulary = {w.replace("-", "") for w in re.findall(r"[\w'-]+", text.lower())}
    for task in a.tasks:  # table cells wrap and interleave: the start in order, every word
        assert words(task.statement, 4) in text, task.id
        said = {w.replace("-", "") for w in re.findall(r"[\w'-]+", task.statement.lower())}
        assert said <= vocabulary, task.id
    for path in a.paths[:3]:  # the short PDF: the three best-ranked paths
        assert words(path.title, 5) in text, path.title
    assert re.search(r"page 1 of [1-4]\b", text)
    # the full PDF: the headline in detail, every path and the sources appendix
    full = pdf_text(pdf.render(a, full=True), tmp_path)
    assert words(a.headline.summary, 8) in full
    for path in a.paths:
        assert words(path.title, 5) in full, path.title
    assert "Appendix: sources by section" in full


@needs_pdftotext
def test_pdf_download_over_http(client: httpx.Client, tmp_path: Path) -> None:
    saved = client.post("/api/v1/analyses", json={"profile": {"title": "freelance colourist"}})
    assert saved.status_code == 201
    r = client.get(f"/a/{saved.json()['token']}/report.pdf")
    assert r.status_code == 200
    assert r.headers["content-type"] == "application/pdf"
    assert 'filename="reelshift-colorist.pdf"' in r.headers["content-disposition"]
    text = pdf_text(r.content, tmp_path)
    analysis = client.get(f"/api/v1/analyses/{saved.json()['token']}").json()["analysis"]
    assert analysis["headline"]["label"] in text
    assert words(analysis["tasks"][0]["statement"]) in text


def test_pdf_fetches_nothing() -> None:
    with pytest.raises(ValueError, match="does not fetch"):
        pdf._no_fetch("https://example.org/font.woff2")


@needs_pdftotext
def test_cli_writes_a_pdf(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from reelshift.cli import app

    out = tmp_path / "report.pdf"
    result = CliRunner().invoke(app, ["analyze", "--role", "colorist", "--pdf", str(out)])
    assert result.exit_code == 0, result.stderr
    assert "Colourist" in pdf_text(out.read_bytes(), tmp_path)
