"""Self-contained HTML report (Jinja2, autoescaped, no external assets)."""

from __future__ import annotations

import functools
from pathlib import Path

import jinja2

from reelshift.models import Analysis
from reelshift.render.summary import glossary, published_for, summarize

TEMPLATES = Path(__file__).parent / "templates"


@functools.lru_cache(maxsize=1)
def _env() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["pct"] = lambda x: f"{x:.0%}"
    env.filters["signed_pct"] = lambda x: f"{x:+.0%}"
    # A source is listed once, under the first section it supports.
    env.tests["first_is"] = lambda sections, key: bool(sections) and sections[0] == key
    env.tests["contains_section"] = lambda sections, key: key in sections
    return env


def render(a: Analysis, full: bool = True) -> str:
    """The report as one HTML page: summary first; ``full`` adds task evidence, every path and
    plan step, and the sources by section as an appendix."""
    css = (TEMPLATES / "report.css").read_text(encoding="utf-8")
    return (
        _env()
        .get_template("report.html")
        .render(
            a=a,
            css=css,
            full=full,
            summary=summarize(a),
            words=glossary(a),
            published=published_for(a),
        )
    )
