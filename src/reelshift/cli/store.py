"""``reelshift store``: purge expired analyses, and export or import saved analyses (JSON Lines)
for backup or to move between SQLite and PostgreSQL."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated, Any

import typer

from reelshift.cli.app import err, fail, out

store_app = typer.Typer(
    help="Saved analyses: purge expired ones, export and import them.", no_args_is_help=True
)

UrlOpt = Annotated[
    str | None,
    typer.Option(
        "--database-url",
        help="Where saved analyses live (default: REELSHIFT_DATABASE_URL, else SQLite in the "
        "data folder).",
    ),
]
MAX_LINE = 50_000_000


def _repo(url: str | None) -> Any:
    try:
        from reelshift.store import StoreError, open_repository
    except ImportError as exc:  # pragma: no cover - the web extra is missing
        fail(f"saved analyses need the web extra: pip install 'reelshift[web]' ({exc.name})")
    try:
        repo = open_repository(url)
        repo.migrate()
    except StoreError as exc:
        fail(str(exc), 1)
    return repo


@store_app.command("purge")
def purge(database_url: UrlOpt = None) -> None:
    """Remove expired analyses now (the web app also does it on start-up and every hour)."""
    from reelshift.store import StoreError

    repo = _repo(database_url)
    try:
        count = repo.purge_expired()
    except StoreError as exc:
        fail(str(exc), 1)
    finally:
        repo.close()
    out().print(f"purged {count} expired analysis(es)", highlight=False)


@store_app.command("export")
def export(
    file: Annotated[Path, typer.Argument(help="JSON Lines file to write ('-': stdout).")],
    database_url: UrlOpt = None,
) -> None:
    """Write every saved analysis, still sealed, one JSON object a line."""
    from reelshift.store import StoreError

    repo = _repo(database_url)
    count = 0
    try:
        fh = sys.stdout if str(file) == "-" else file.open("w", encoding="utf-8")
        try:
            for row in repo.export_rows():
                fh.write(json.dumps(row, ensure_ascii=False) + "\n")
                count += 1
        finally:
            if fh is not sys.stdout:
                fh.close()
    except OSError as exc:
        fail(f"{file}: cannot be written ({exc.strerror})")
    except StoreError as exc:
        fail(str(exc), 1)
    finally:
        repo.close()
    err().print(f"exported {count} analysis(es)", highlight=False)


def _lines(file: Path) -> Iterator[dict[str, Any]]:
    fh = sys.stdin if str(file) == "-" else file.open(encoding="utf-8")
    try:
        for number, line in enumerate(fh, 1):
            if not line.strip():
                continue
            if len(line) > MAX_LINE:
                fail(f"{file}:{number}: line too long")
            try:
                row = json.loads(line)
            except ValueError:
                fail(f"{file}:{number}: not JSON")
            if not isinstance(row, dict):
                fail(f"{file}:{number}: not an exported record")
            yield row
    finally:
        if fh is not sys.stdin:
            fh.close()


@store_app.command("import")
def import_(
    file: Annotated[Path, typer.Argument(help="JSON Lines file from `store export` ('-': stdin).")],
    database_url: UrlOpt = None,
) -> None:
    """Add exported analyses; their links keep working. Records already present are skipped."""
    from reelshift.store import StoreError

    try:
        rows = list(_lines(file))
    except OSError as exc:
        fail(f"{file}: cannot be read ({exc.strerror})")
    except UnicodeDecodeError:
        fail(f"{file}: not UTF-8 text")
    repo = _repo(database_url)
    try:
        added, skipped = repo.import_rows(rows)
    except StoreError as exc:
        fail(f"{file}: {exc}; nothing was imported")
    finally:
        repo.close()
    out().print(
        f"imported {added} analysis(es), skipped {skipped} already present", highlight=False
    )


def register(app: typer.Typer) -> None:
    app.add_typer(store_app, name="store")
