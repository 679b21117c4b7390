"""Write a generated section, between HTML comment markers, into a Markdown file.

Benchmarks and validation commands own their sections of BENCHMARKS.md and docs/validation.md;
everything outside the markers is left as it is.
"""

from __future__ import annotations

import os
import platform
import time
from pathlib import Path


def machine() -> str:
    return f"Python {platform.python_version()}, {platform.machine()}, {os.cpu_count()} cores"


def write_section(path: Path, name: str, body: str, command: str, heading: str = "") -> None:
    """Replace (or append) the block between ``<!-- name:start -->`` and ``<!-- name:end -->``."""
    start, end = f"<!-- {name}:start -->", f"<!-- {name}:end -->"
    title = f"{heading}\n\n" if heading else ""
    block = (
        f"{start}\n{title}Measured with `{command}` on {time.strftime('%Y-%m-%d')}, "
        f"{machine()}.\n\n{body}\n{end}"
    )
    text = path.read_text(encoding="utf-8") if path.exists() else "# Benchmarks\n"
    if start in text:
        before, _, rest = text.partition(start)
        _, _, after = rest.partition(end)
        text = before + block + after
    else:
        text = text.rstrip("\n") + "\n\n" + block + "\n"
    path.write_text(text, encoding="utf-8")
