"""PDF report: the HTML report laid out for paper by WeasyPrint (the ``web`` extra).

Nothing is fetched while rendering: the HTML carries its own styles, and any other URL is
refused, so a report renders the same offline.
"""

from __future__ import annotations

from typing import Any

from reelshift.models import Analysis
from reelshift.render import html

PRINT_CSS = """
@page { size: A4; margin: 16mm 14mm 18mm;
  @bottom-right { content: "ReelShift · page " counter(page) " of " counter(pages);
    font-size: 8pt; color: #555a68; font-family: "DejaVu Sans", sans-serif; } }
body { max-width: none; margin: 0; font-size: 9pt; line-height: 1.35; }
.path { border: none; padding: 0; margin: .4rem 0; }
h1 { font-size: 17pt; } h2 { font-size: 12.5pt; break-after: avoid; }
table { font-size: 8pt; } th, td { padding: .2rem .4rem; } .barbox { width: 5rem; }
.path, li { break-inside: avoid; }
tr.task { break-after: avoid; } tr.evidence td { font-size: 7.5pt; color: #333; }
details > summary { font-weight: 700; }
a { color: inherit; text-decoration: none; }
.lede { font-size: 10.5pt; } .appendix { break-before: page; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden;
  clip: rect(0 0 0 0); }
"""


def _no_fetch(url: str, *args: Any, **kwargs: Any) -> dict[str, Any]:
    raise ValueError(f"ReelShift PDF rendering does not fetch resources ({url[:60]})")


class PdfUnavailable(RuntimeError):
    """WeasyPrint or the system libraries it needs are not installed."""


def available() -> bool:
    try:
        import weasyprint  # noqa: F401
    except (ImportError, OSError):
        return False
    return True


def render(a: Analysis, full: bool = False) -> bytes:
    """The analysis as a PDF document: at most about four pages by default; ``full`` adds the
    task evidence, every path and plan step and the sources as an appendix."""
    try:
        from weasyprint import CSS, HTML
    except (ImportError, OSError) as exc:  # pragma: no cover - depends on the install
        raise PdfUnavailable(
            "PDF output needs WeasyPrint and its system libraries: pip install 'reelshift[web]' "
            "and, on Debian or Ubuntu, apt-get install libpango-1.0-0 libpangoft2-1.0-0"
        ) from exc
    document = HTML(string=html.render(a, full=full), url_fetcher=_no_fetch, base_url=".")
    pdf: bytes = document.write_pdf(stylesheets=[CSS(string=PRINT_CSS)])
    return pdf
