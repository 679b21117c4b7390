"""``reelshift match``: what ReelShift understands from free-text titles and descriptions."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from reelshift.cli.app import (
    EXIT_AMBIGUOUS,
    EXIT_BY_REASON,
    PackOpt,
    _safe,
    err,
    fail,
    get_pack,
    out,
)

if TYPE_CHECKING:
    from rich.console import Console

    from reelshift.models import MatchResult

MAX_FILE_BYTES = 20_000_000
REASON_TEXT = {
    "outside-film": "This reads as work outside film and video: ReelShift has no analysis for it.",
    "not-covered": "This reads as film or video work the pack does not cover yet.",
    "unreadable": "The text could not be read: describe your work in a few words.",
}
STATUS_STYLE = {"confident": "bold green", "ambiguous": "bold yellow", "unknown": "bold red"}


def match(
    text: Annotated[
        list[str] | None,
        typer.Argument(help="Job titles or one-line descriptions, e.g. 'boom op on indie stuff'."),
    ] = None,
    file: Annotated[
        Path | None,
        typer.Option("--file", "-f", help="Read one query per line from this file ('-': stdin)."),
    ] = None,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print one JSON object per query, one per line.")
    ] = False,
    pack: PackOpt = None,
) -> None:
    """Match free-text titles and descriptions to roles, level, sector, tools and tasks.

    Exit codes: 0 every query was understood (one role, or a mix for a hybrid); otherwise the
    code of the first query that was not: 3 it fits several roles (the person should choose),
    4 outside film and video, 5 film or video work the pack does not cover yet, 6 unreadable;
    2 bad input; 1 the knowledge pack is broken.
    """
    queries = list(text or [])
    for i, q in enumerate(queries, 1):
        if not q.strip():
            where = f"query {i}" if len(queries) > 1 else "the query"
            fail(f"{where} is empty; write a job title, e.g. 'DI colourist'")
    if file is not None:
        queries += _read_lines(file)
    if not queries:
        fail("give a job title or description, or --file with one per line")
    kb = get_pack(pack)

    from reelshift.matching import match_text

    results = [match_text(kb, q) for q in queries]
    if as_json:
        for res in results:
            print(res.model_dump_json())
    else:
        console = out()
        for i, res in enumerate(results):
            if i:
                console.print()
            _render(res, console)
    for res in results:
        if res.status == "ambiguous":
            raise typer.Exit(EXIT_AMBIGUOUS)
        if res.status == "unknown":
            raise typer.Exit(EXIT_BY_REASON.get(res.reason or "", EXIT_AMBIGUOUS))


def _read_lines(path: Path) -> list[str]:
    import sys

    try:
        if str(path) == "-":
            raw = sys.stdin.buffer.read(MAX_FILE_BYTES + 1)
        else:
            if path.stat().st_size > MAX_FILE_BYTES:
                fail(f"{path} is larger than {MAX_FILE_BYTES // 1_000_000} MB")
            raw = path.read_bytes()
    except FileNotFoundError:
        fail(f"{path}: no such file")
    except IsADirectoryError:
        fail(f"{path} is a folder, not a file")
    except OSError as exc:
        fail(f"cannot read {path}: {exc.strerror}")
    if len(raw) > MAX_FILE_BYTES:
        fail(f"the input is larger than {MAX_FILE_BYTES // 1_000_000} MB")
    text = raw.decode("utf-8", errors="replace").lstrip("\ufeff")
    lines = [line.strip() for line in text.splitlines()]
    found = [line for line in lines if line]
    if not found:
        fail(f"{path} has no queries (one per line)")
    return found


def _render(res: MatchResult, console: Console) -> None:
    from rich.table import Table
    from rich.text import Text

    head = Text()
    head.append(res.status.upper(), style=STATUS_STYLE[res.status])
    head.append("  ")
    head.append(_safe(res.query[:200]).replace("\n", " "))
    console.print(head)
    if res.understood:
        console.print(Text("  " + _safe(res.understood), style="bold"))
    if res.status == "unknown" and res.reason:
        console.print(Text("  " + REASON_TEXT[res.reason], style="bold"))
    if res.candidates and res.reason != "outside-film":
        label = "nearest crafts" if res.status == "unknown" else "candidates"
        table = Table(title=None, show_header=True, header_style="bold", box=None, pad_edge=False)
        for col in ("role", "title", "score", "SOC", "why"):
            table.add_column(col, overflow="fold")
        for c in res.candidates:
            table.add_row(
                Text(c.role),
                Text(_safe(c.title)),
                f"{c.score:.0f}",
                ", ".join(c.soc) or "—",
                Text(_safe(c.why)),
            )
        console.print(Text(f"  {label}:", style="dim"))
        console.print(table)
    facts = []
    if res.status != "unknown":
        facts.append(f"confidence: {res.confidence:.2f}")
    if res.seniority:
        facts.append(f"seniority: {res.seniority.value}")
    if res.employment:
        facts.append(f"employment: {res.employment}")
    if res.sector:
        facts.append(f"sector: {res.sector}")
    if res.region:
        facts.append(f"region: {res.region}")
    if res.years:
        facts.append(f"years: {res.years}")
    if res.tools:
        named = []
        for t in res.tools:
            more = f", +{len(t.tools) - 3} more" if len(t.tools) > 3 else ""
            named.append(f"{t.text} ({', '.join(t.tools[:3])}{more})")
        facts.append("tools: " + "; ".join(named))
    for fact in facts:
        console.print(Text("  " + _safe(fact)))
    for task in res.tasks:
        line = Text("  task: ")
        line.append(_safe(task.text))
        if task.task:
            line.append(f" -> {task.task} ({task.score:.0f})", style="cyan")
        else:
            line.append(" -> no known task", style="dim")
        console.print(line)
    for note in res.notes:
        err().print(Text("  note: " + _safe(note), style="dim"))
    if res.status == "ambiguous":
        err().print(
            Text("  choose one: reelshift analyze --role <role>", style="dim"),
        )


def register(app: typer.Typer) -> None:
    app.command("match")(match)
