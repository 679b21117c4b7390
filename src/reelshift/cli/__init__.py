"""The ``reelshift`` command: Typer parses, the library works, Rich displays.

Exit codes: 0 done; 1 a problem in the knowledge pack; 2 bad input; 3 the title fits several
roles and the person must choose (``--json`` prints the candidates).
"""

from __future__ import annotations

import sys

from reelshift.cli.app import app


def main() -> None:
    try:
        app()
    except KeyboardInterrupt:  # pragma: no cover
        sys.exit(130)


__all__ = ["app", "main"]
