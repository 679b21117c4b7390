"""PDF report: the HTML report laid out for paper by WeasyPrint (the ``web`` extra).

Nothing is fetched while rendering: the HTML carries its own styles, and any other URL is
refused, so a report renders the same offline.
"""

from __future__ import annotations

from typing import Any

from markupsafe import Markup

from reelshift.models import Analysis
from reelshift.render import html

PRINT_CSS = """
@page { size: A4; margin: 16mm 14mm 18mm;
  @bottom-right { content: "ReelShift · page " counter(page) " of " counter(pages);
    font-size: 8pt; color: #555a68; font-family: "DejaVu Sans", sans-serif; } }
body { max-width: none; margin: 0; font-size: 9.5pt; }
h1 { font-size: 17pt; } h2 { font-size: 12.5pt; break-after: avoid; }
table { font-size: 8.5pt; } .path, li { break-inside: avoid; }
details > summary { font-weight: 700; }
a { color: inherit; text-decoration: none; }
"""


def _no_fetch(url: str, *args: Any, **kwargs: Any) -> dict[str, Any]:
    raise ValueError(f"ReelShift PDF rendering does not fetch resources ({url[:60]})")


def _html(a: Analysis) -> str:
    """The HTML report with its stylesheet passed through unescaped (it is our own file)."""
    css = (html.TEMPLATES / "report.css").read_text(encoding="utf-8")
    return html._env().get_template("report.html").render(a=a, css=Markup(css))


def render(a: Analysis) -> bytes:
    """The analysis as a PDF document."""
    try:
        from weasyprint import CSS, HTML
    except ImportError as exc:  # pragma: no cover - depends on the install
        raise RuntimeError("PDF output needs WeasyPrint: pip install 'reelshift[web]'") from exc
    document = HTML(string=_html(a), url_fetcher=_no_fetch, base_url=".")
    pdf: bytes = document.write_pdf(stylesheets=[CSS(string=PRINT_CSS)])
    return pdf
